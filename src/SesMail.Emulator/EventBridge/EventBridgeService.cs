using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.EventBridge;

/// <summary>Binds <see cref="EventBridgeProvider"/> to JSON 1.1 (<c>X-Amz-Target: AWSEvents.{Operation}</c>, signing name <c>events</c>).</summary>
internal sealed class EventBridgeService(EventBridgeProvider provider) : JsonServiceBinding("AWSEvents", "events", "1.1", "com.amazonaws.events")
{
    /// <summary>What a member of the wrong JSON type is answered with, as EventBridge answers it.</summary>
    private const string Invalid = "SerializationException";

    /// <inheritdoc />
    public override ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = EventBridgeJsonContext.Default;
        return operation switch
        {
            "CreateEventBus" => AwsOperation.Invoke(input, json.CreateEventBusRequest, json.CreateEventBusResult, r => provider.CreateEventBus(r, context), Invalid),
            "DeleteEventBus" => AwsOperation.Invoke(input, json.EventBusRequest, json.EmptyResult, r => provider.DeleteEventBus(r, context), Invalid),
            "DescribeEventBus" => AwsOperation.Invoke(input, json.EventBusRequest, json.EventBusEntry, r => provider.DescribeEventBus(r, context), Invalid),
            "ListEventBuses" => AwsOperation.Invoke(input, json.ListEventBusesRequest, json.ListEventBusesResult, r => provider.ListEventBuses(r, context), Invalid),
            "PutRule" => AwsOperation.Invoke(input, json.PutRuleRequest, json.PutRuleResult, r => provider.PutRule(r, context), Invalid),
            "DeleteRule" => AwsOperation.Invoke(input, json.RuleRequest, json.EmptyResult, r => provider.DeleteRule(r, context), Invalid),
            "DescribeRule" => AwsOperation.Invoke(input, json.RuleRequest, json.RuleEntry, r => provider.DescribeRule(r, context), Invalid),
            "ListRules" => AwsOperation.Invoke(input, json.ListRulesRequest, json.ListRulesResult, r => provider.ListRules(r, context), Invalid),
            "EnableRule" => AwsOperation.Invoke(input, json.RuleRequest, json.EmptyResult, r => provider.EnableRule(r, context), Invalid),
            "DisableRule" => AwsOperation.Invoke(input, json.RuleRequest, json.EmptyResult, r => provider.DisableRule(r, context), Invalid),
            "PutTargets" => AwsOperation.Invoke(input, json.PutTargetsRequest, json.TargetsResult, r => provider.PutTargets(r, context), Invalid),
            "RemoveTargets" => AwsOperation.Invoke(input, json.RemoveTargetsRequest, json.TargetsResult, r => provider.RemoveTargets(r, context), Invalid),
            "ListTargetsByRule" => AwsOperation.Invoke(input, json.ListTargetsByRuleRequest, json.ListTargetsByRuleResult, r => provider.ListTargetsByRule(r, context), Invalid),
            "ListRuleNamesByTarget" => AwsOperation.Invoke(input, json.ListRuleNamesByTargetRequest, json.ListRuleNamesByTargetResult, r => provider.ListRuleNamesByTarget(r, context), Invalid),
            "PutEvents" => AwsOperation.InvokeAsync(input, json.PutEventsRequest, json.PutEventsResult, r => provider.PutEventsAsync(r, context, cancellationToken), Invalid),
            "TestEventPattern" => AwsOperation.Invoke(input, json.TestEventPatternRequest, json.TestEventPatternResult, EventBridgeProvider.TestEventPattern, Invalid),
            "TagResource" => AwsOperation.Invoke(input, json.TagResourceRequest, json.EmptyResult, r => provider.TagResource(r, context), Invalid),
            "UntagResource" => AwsOperation.Invoke(input, json.UntagResourceRequest, json.EmptyResult, r => provider.UntagResource(r, context), Invalid),
            "ListTagsForResource" => AwsOperation.Invoke(input, json.ListTagsForResourceRequest, json.ListTagsForResourceResult, r => provider.ListTagsForResource(r, context), Invalid),
            _ => throw EventBridgeErrors.UnknownOperation(operation),
        };
    }
}
