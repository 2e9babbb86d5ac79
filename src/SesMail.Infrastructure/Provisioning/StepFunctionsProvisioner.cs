using System.Text.Json.Nodes;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::StepFunctions::StateMachine</c>: CreateStateMachine, or UpdateStateMachine when the definition, role or
/// logging differ (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html).
/// The definition is <c>DefinitionString</c> or <c>Definition</c> (an object), with <c>DefinitionSubstitutions</c>
/// replacing <c>${Name}</c> placeholders as CloudFormation does. <c>Ref</c> is the state machine's ARN.
/// </summary>
internal sealed class StepFunctionsProvisioner(IAmazonStepFunctions states) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::StepFunctions::StateMachine"];

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var arn = context.PhysicalId;
        var definition = Definition(context);
        var role = context.RequireString("RoleArn");
        var logging = Logging(context.Properties["LoggingConfiguration"] as JsonObject);
        DescribeStateMachineResponse? current = null;
        try
        {
            current = await states.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = arn }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonStepFunctionsException ex) when (ex.ErrorCode == "StateMachineDoesNotExist")
        {
        }

        if (current is null)
        {
            var created = await states.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = context.Attributes["Name"].GetValue<string>(),
                Definition = definition,
                RoleArn = role,
                Type = context.String("StateMachineType") ?? "STANDARD",
                LoggingConfiguration = logging,
                TracingConfiguration = context.Properties["TracingConfiguration"] is JsonObject tracing ? new TracingConfiguration { Enabled = string.Equals(tracing["Enabled"]?.ToString(), "true", StringComparison.OrdinalIgnoreCase) } : null,
            }, cancellationToken).ConfigureAwait(false);
            context.PhysicalId = created.StateMachineArn ?? arn;
            context.Attributes["Arn"] = JsonValue.Create(context.PhysicalId);
            return ResourceStatus.Created;
        }

        if (current.Definition == definition && current.RoleArn == role && SameLogging(current.LoggingConfiguration, logging))
        {
            return ResourceStatus.Unchanged;
        }

        await states.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = arn, Definition = definition, RoleArn = role, LoggingConfiguration = logging }, cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Updated;
    }

    private static string Definition(ProvisioningContext context)
    {
        var text = context.Properties["Definition"] is JsonObject definition
            ? definition.ToJsonString()
            : context.RequireString("DefinitionString");
        foreach (var (name, value) in context.Properties["DefinitionSubstitutions"] as JsonObject ?? [])
        {
            text = text.Replace("${" + name + "}", TemplateValues.ScalarText(value, context.Path($"DefinitionSubstitutions.{name}")), StringComparison.Ordinal);
        }

        return text;
    }

    private static LoggingConfiguration Logging(JsonObject? logging) => new()
    {
        Level = logging?["Level"]?.ToString() ?? "OFF",
        IncludeExecutionData = string.Equals(logging?["IncludeExecutionData"]?.ToString(), "true", StringComparison.OrdinalIgnoreCase),
        Destinations = [.. (logging?["Destinations"] as JsonArray ?? []).OfType<JsonObject>().Select(d => new LogDestination
        {
            CloudWatchLogsLogGroup = new CloudWatchLogsLogGroup { LogGroupArn = d["CloudWatchLogsLogGroup"]?["LogGroupArn"]?.ToString() },
        })],
    };

    private static bool SameLogging(LoggingConfiguration? a, LoggingConfiguration b) =>
        (a?.Level ?? "OFF") == b.Level && (a?.IncludeExecutionData ?? false) == b.IncludeExecutionData
        && (a?.Destinations ?? []).Select(d => d.CloudWatchLogsLogGroup?.LogGroupArn).SequenceEqual((b.Destinations ?? []).Select(d => d.CloudWatchLogsLogGroup?.LogGroupArn));
}
