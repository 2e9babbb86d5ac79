using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.EventBridge;
using Amazon.EventBridge.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::Events::EventBus</c> (CreateEventBus) and <c>AWS::Events::Rule</c> (PutRule when the pattern, state or
/// description differ; PutTargets for targets that are missing or differ, with their retry policy and DLQ). Deletion:
/// DeleteEventBus; RemoveTargets then DeleteRule.
/// </summary>
internal sealed class EventBridgeProvisioner(IAmazonEventBridge events) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::Events::EventBus", "AWS::Events::Rule"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) =>
        context.Resource.Type == "AWS::Events::EventBus" ? ApplyBusAsync(context, cancellationToken) : ApplyRuleAsync(context, cancellationToken);

    /// <summary>DeleteEventBus; for a rule, RemoveTargets (every target) then DeleteRule.</summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Resource.Type == "AWS::Events::EventBus")
            {
                await events.DeleteEventBusAsync(new DeleteEventBusRequest { Name = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
                return;
            }

            var bus = context.String("EventBusName");
            var targets = (await events.ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = context.PhysicalId, EventBusName = bus }, cancellationToken).ConfigureAwait(false)).Targets;
            if (targets.Count > 0)
            {
                await events.RemoveTargetsAsync(new RemoveTargetsRequest { Rule = context.PhysicalId, EventBusName = bus, Ids = [.. targets.Select(t => t.Id)] }, cancellationToken).ConfigureAwait(false);
            }

            await events.DeleteRuleAsync(new DeleteRuleRequest { Name = context.PhysicalId, EventBusName = bus }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonEventBridgeException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            // already gone (the rule's bus too)
        }
    }

    private async Task<ResourceStatus> ApplyBusAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        string? arn;
        ResourceStatus status;
        try
        {
            arn = (await events.DescribeEventBusAsync(new DescribeEventBusRequest { Name = name }, cancellationToken).ConfigureAwait(false)).Arn;
            status = ResourceStatus.Unchanged;
        }
        catch (AmazonEventBridgeException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            arn = (await events.CreateEventBusAsync(new CreateEventBusRequest { Name = name, Description = context.String("Description") }, cancellationToken).ConfigureAwait(false)).EventBusArn;
            status = ResourceStatus.Created;
        }

        if (!string.IsNullOrEmpty(arn))
        {
            context.Attributes["Arn"] = JsonValue.Create(arn);
        }

        return status;
    }

    private async Task<ResourceStatus> ApplyRuleAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var bus = context.String("EventBusName");
        var pattern = context.Properties["EventPattern"] switch
        {
            null => null,
            JsonObject o => o.ToJsonString(),
            var v => TemplateValues.ScalarText(v, context.Path("EventPattern")),
        };
        var state = context.String("State") ?? "ENABLED";
        var description = context.String("Description");
        var schedule = context.String("ScheduleExpression");

        DescribeRuleResponse? current = null;
        try
        {
            current = await events.DescribeRuleAsync(new DescribeRuleRequest { Name = name, EventBusName = bus }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonEventBridgeException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
        }

        var status = current is null ? ResourceStatus.Created : ResourceStatus.Unchanged;
        var arn = current?.Arn;
        if (current is null
            || current.State != state
            || current.Description != description
            || current.ScheduleExpression != schedule
            || !SqsProvisioner.SameAttribute(current.EventPattern ?? string.Empty, pattern ?? string.Empty))
        {
            arn = (await events.PutRuleAsync(
                new PutRuleRequest { Name = name, EventBusName = bus, EventPattern = pattern, ScheduleExpression = schedule, State = state, Description = description, RoleArn = context.String("RoleArn") },
                cancellationToken).ConfigureAwait(false)).RuleArn;
            status = current is null ? ResourceStatus.Created : ResourceStatus.Updated;
        }

        var wanted = (context.Properties["Targets"] as JsonArray ?? []).OfType<JsonObject>().Select((t, i) => Target(context, t, i)).ToList();
        if (wanted.Count > 0)
        {
            var existing = (await events.ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = name, EventBusName = bus }, cancellationToken).ConfigureAwait(false)).Targets;
            var changed = wanted.Where(w => !existing.Any(e => Same(e, w))).ToList();
            if (changed.Count > 0)
            {
                var response = await events.PutTargetsAsync(new PutTargetsRequest { Rule = name, EventBusName = bus, Targets = changed }, cancellationToken).ConfigureAwait(false);
                foreach (var failed in response.FailedEntries)
                {
                    context.Notes.Add($"target {failed.TargetId}: {failed.ErrorCode} {failed.ErrorMessage}");
                }

                status = status == ResourceStatus.Created ? status : ResourceStatus.Updated;
            }
        }

        if (!string.IsNullOrEmpty(arn))
        {
            context.Attributes["Arn"] = JsonValue.Create(arn);
        }

        return status;
    }

    private static Target Target(ProvisioningContext context, JsonObject t, int index)
    {
        var path = $"Targets[{index}]";
        int? Int(JsonNode? n, string p) => n is null ? null : int.Parse(TemplateValues.ScalarText(n, context.Path($"{path}.{p}")), CultureInfo.InvariantCulture);
        return new Target
        {
            Id = TemplateValues.ScalarText(t["Id"], context.Path($"{path}.Id")),
            Arn = TemplateValues.ScalarText(t["Arn"], context.Path($"{path}.Arn")),
            Input = t["Input"]?.GetValue<string>(),
            InputPath = t["InputPath"]?.GetValue<string>(),
            RoleArn = t["RoleArn"]?.GetValue<string>(),
            RetryPolicy = t["RetryPolicy"] is JsonObject retry
                ? new RetryPolicy { MaximumEventAgeInSeconds = Int(retry["MaximumEventAgeInSeconds"], "RetryPolicy.MaximumEventAgeInSeconds"), MaximumRetryAttempts = Int(retry["MaximumRetryAttempts"], "RetryPolicy.MaximumRetryAttempts") }
                : null,
            DeadLetterConfig = t["DeadLetterConfig"]?["Arn"] is { } dlq ? new DeadLetterConfig { Arn = TemplateValues.ScalarText(dlq, context.Path($"{path}.DeadLetterConfig.Arn")) } : null,
        };
    }

    private static bool Same(Target a, Target b) =>
        a.Id == b.Id && a.Arn == b.Arn && a.Input == b.Input && a.InputPath == b.InputPath
        && a.RetryPolicy?.MaximumEventAgeInSeconds == b.RetryPolicy?.MaximumEventAgeInSeconds
        && a.RetryPolicy?.MaximumRetryAttempts == b.RetryPolicy?.MaximumRetryAttempts
        && a.DeadLetterConfig?.Arn == b.DeadLetterConfig?.Arn;
}
