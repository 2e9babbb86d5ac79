using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sns.Shapes;

namespace SesMail.Emulator.Sns;

/// <summary>Binds <see cref="SnsProvider"/> to the SNS Query protocol (version 2010-03-31, <c>member</c>/<c>entry</c> lists and maps).</summary>
internal sealed class SnsService(SnsProvider provider) : QueryServiceBinding("sns", "http://sns.amazonaws.com/doc/2010-03-31/", Conventions, Actions)
{
    private static readonly QueryConventions Conventions = new()
    {
        Flattened = false,
        ResponseMember = static (_, member) => member == "Attributes" ? new("Attributes", QueryMemberKind.Map) : null,
    };

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "CreateTopic", "DeleteTopic", "ListTopics", "GetTopicAttributes", "SetTopicAttributes", "Subscribe", "Unsubscribe",
        "ListSubscriptions", "ListSubscriptionsByTopic", "GetSubscriptionAttributes", "SetSubscriptionAttributes",
        "Publish", "PublishBatch", "TagResource", "UntagResource", "ListTagsForResource",
    };

    /// <inheritdoc />
    protected override ValueTask<JsonNode?> InvokeAsync(string action, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = SnsJsonContext.Default;
        const string invalid = "InvalidParameter";
        return action switch
        {
            "CreateTopic" => AwsOperation.Invoke(input, json.CreateTopicRequest, json.CreateTopicResult, r => provider.CreateTopic(r, context), invalid),
            "DeleteTopic" => AwsOperation.Invoke(input, json.TopicRequest, json.EmptyResult, r => provider.DeleteTopic(r, context), invalid),
            "ListTopics" => AwsOperation.Invoke(input, json.ListRequest, json.ListTopicsResult, r => provider.ListTopics(r, context), invalid),
            "GetTopicAttributes" => AwsOperation.Invoke(input, json.TopicRequest, json.AttributesResult, r => provider.GetTopicAttributes(r, context), invalid),
            "SetTopicAttributes" => AwsOperation.Invoke(input, json.SetTopicAttributesRequest, json.EmptyResult, r => provider.SetTopicAttributes(r, context), invalid),
            "Subscribe" => AwsOperation.Invoke(input, json.SubscribeRequest, json.SubscribeResult, r => provider.Subscribe(r, context), invalid),
            "Unsubscribe" => AwsOperation.Invoke(input, json.SubscriptionRequest, json.EmptyResult, r => provider.Unsubscribe(r, context), invalid),
            "ListSubscriptions" => AwsOperation.Invoke(input, json.ListRequest, json.ListSubscriptionsResult, r => provider.ListSubscriptions(r, context), invalid),
            "ListSubscriptionsByTopic" => AwsOperation.Invoke(input, json.ListRequest, json.ListSubscriptionsResult, r => provider.ListSubscriptionsByTopic(r, context), invalid),
            "GetSubscriptionAttributes" => AwsOperation.Invoke(input, json.SubscriptionRequest, json.AttributesResult, r => provider.GetSubscriptionAttributes(r, context), invalid),
            "SetSubscriptionAttributes" => AwsOperation.Invoke(input, json.SetSubscriptionAttributesRequest, json.EmptyResult, r => provider.SetSubscriptionAttributes(r, context), invalid),
            "Publish" => AwsOperation.InvokeAsync(input, json.PublishRequest, json.PublishResult, r => provider.PublishAsync(r, context, cancellationToken), invalid),
            "PublishBatch" => AwsOperation.InvokeAsync(input, json.PublishBatchRequest, json.PublishBatchResult, r => provider.PublishBatchAsync(r, context, cancellationToken), invalid),
            "TagResource" => AwsOperation.Invoke(input, json.TagResourceRequest, json.EmptyResult, r => provider.TagResource(r, context), invalid),
            "UntagResource" => AwsOperation.Invoke(input, json.UntagResourceRequest, json.EmptyResult, r => provider.UntagResource(r, context), invalid),
            "ListTagsForResource" => AwsOperation.Invoke(input, json.ListTagsForResourceRequest, json.ListTagsForResourceResult, r => provider.ListTagsForResource(r, context), invalid),
            _ => throw SnsErrors.UnknownOperation(action),
        };
    }
}
