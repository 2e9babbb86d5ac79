using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::StepFunctions::StateMachine</c>: CreateStateMachine, or UpdateStateMachine when the definition, role or
/// logging differ (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html).
/// The definition is <c>DefinitionString</c>, <c>Definition</c> (an object) or <c>DefinitionS3Location</c> (a JSON or
/// YAML file read from S3: <c>Bucket</c>, <c>Key</c>, optional <c>Version</c>), with <c>DefinitionSubstitutions</c>
/// replacing <c>${Name}</c> placeholders as CloudFormation does. <c>Ref</c> is the state machine's ARN; deletion is
/// <c>DeleteStateMachine</c>.
/// </summary>
internal sealed class StepFunctionsProvisioner(IAmazonStepFunctions states, IAmazonS3 s3) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::StepFunctions::StateMachine"];

    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await states.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonStepFunctionsException error) when (error.ErrorCode == "StateMachineDoesNotExist")
        {
            // already gone
        }
    }

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var arn = context.PhysicalId;
        var definition = await DefinitionAsync(context, cancellationToken).ConfigureAwait(false);
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

    private async Task<string> DefinitionAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var text = context.Properties["Definition"] is JsonObject definition
            ? definition.ToJsonString()
            : context.Properties["DefinitionS3Location"] is JsonObject location
                ? await ReadS3DefinitionAsync(context, location, cancellationToken).ConfigureAwait(false)
                : context.RequireString("DefinitionString");
        foreach (var (name, value) in context.Properties["DefinitionSubstitutions"] as JsonObject ?? [])
        {
            text = text.Replace("${" + name + "}", TemplateValues.ScalarText(value, context.Path($"DefinitionSubstitutions.{name}")), StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The definition file in S3 as compact JSON (a YAML file is converted as CloudFormation converts it).</summary>
    private async Task<string> ReadS3DefinitionAsync(ProvisioningContext context, JsonObject location, CancellationToken cancellationToken)
    {
        string Part(string name) => location[name] is { } value
            ? TemplateValues.ScalarText(value, context.Path($"DefinitionS3Location.{name}"))
            : throw new TemplateException(context.Path($"DefinitionS3Location.{name}"), $"{context.Resource.Type} requires DefinitionS3Location.{name}.");
        var bucket = Part("Bucket");
        var key = Part("Key");
        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        if (location["Version"] is { } version)
        {
            request.VersionId = TemplateValues.ScalarText(version, context.Path("DefinitionS3Location.Version"));
        }

        string text;
        try
        {
            using var response = await s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception error)
        {
            throw new TemplateException(context.Path("DefinitionS3Location"), $"s3://{bucket}/{key} cannot be read ({error.ErrorCode}: {error.Message}); upload the state machine definitions next to the code package first.");
        }

        return (TemplateReader.ParseData(text) ?? throw new TemplateException(context.Path("DefinitionS3Location"), $"s3://{bucket}/{key} is empty.")).ToJsonString();
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
