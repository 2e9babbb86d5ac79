using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Pipes;
using Amazon.Pipes.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::Pipes::Pipe</c> with an SQS source and an event-bus target: CreatePipe, or UpdatePipe when a setting differs
/// (DescribePipe tells), as CloudFormation applies it.
/// </summary>
internal sealed class PipesProvisioner(IAmazonPipes pipes) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::Pipes::Pipe"];

    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await pipes.DeletePipeAsync(new DeletePipeRequest { Name = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonPipesException error) when (error.ErrorCode == "NotFoundException")
        {
            // already gone
        }
    }

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var sqs = context.Properties["SourceParameters"]?["SqsQueueParameters"];
        var bus = context.Properties["TargetParameters"]?["EventBridgeEventBusParameters"];
        var filters = (context.Properties["SourceParameters"]?["FilterCriteria"]?["Filters"] as JsonArray)?.OfType<JsonObject>()
            .Select(f => new Filter { Pattern = f["Pattern"] is JsonObject pattern ? pattern.ToJsonString() : TemplateValues.ScalarText(f["Pattern"]!, context.Path("SourceParameters.FilterCriteria")) })
            .ToList();
        var source = new PipeSourceParameters
        {
            SqsQueueParameters = new PipeSourceSqsQueueParameters { BatchSize = Int(sqs?["BatchSize"]) ?? 10, MaximumBatchingWindowInSeconds = Int(sqs?["MaximumBatchingWindowInSeconds"]) ?? 0 },
            FilterCriteria = filters is null ? null : new FilterCriteria { Filters = filters },
        };
        var target = new PipeTargetParameters
        {
            EventBridgeEventBusParameters = bus is null ? null : new PipeTargetEventBridgeEventBusParameters
            {
                Source = bus["Source"] is { } s ? TemplateValues.ScalarText(s, "Source") : null,
                DetailType = bus["DetailType"] is { } d ? TemplateValues.ScalarText(d, "DetailType") : null,
            },
        };
        var desired = context.String("DesiredState") ?? "RUNNING";
        var enrichment = context.String("Enrichment");
        var targetArn = context.RequireString("Target");
        var role = context.RequireString("RoleArn");

        DescribePipeResponse? current;
        try
        {
            current = await pipes.DescribePipeAsync(new DescribePipeRequest { Name = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonPipesException error) when (error.ErrorCode == "NotFoundException")
        {
            current = null;
        }

        if (current is null)
        {
            var created = await pipes.CreatePipeAsync(
                new CreatePipeRequest
                {
                    Name = name, Description = context.String("Description"), DesiredState = desired, Source = context.RequireString("Source"), SourceParameters = source,
                    Enrichment = enrichment, Target = targetArn, TargetParameters = target, RoleArn = role,
                },
                cancellationToken).ConfigureAwait(false);
            context.Attributes["Arn"] = JsonValue.Create(created.Arn!);
            return ResourceStatus.Created;
        }

        context.Attributes["Arn"] = JsonValue.Create(current.Arn!);
        var same = current.DesiredState == desired && current.Enrichment == enrichment && current.Target == targetArn && current.RoleArn == role
            && current.SourceParameters?.SqsQueueParameters?.BatchSize == source.SqsQueueParameters.BatchSize
            && current.SourceParameters?.SqsQueueParameters?.MaximumBatchingWindowInSeconds == source.SqsQueueParameters.MaximumBatchingWindowInSeconds
            && (current.SourceParameters?.FilterCriteria?.Filters ?? []).Select(f => f.Pattern).SequenceEqual((filters ?? []).Select(f => f.Pattern))
            && current.TargetParameters?.EventBridgeEventBusParameters?.Source == target.EventBridgeEventBusParameters?.Source
            && current.TargetParameters?.EventBridgeEventBusParameters?.DetailType == target.EventBridgeEventBusParameters?.DetailType;
        if (same)
        {
            return ResourceStatus.Unchanged;
        }

        await pipes.UpdatePipeAsync(
            new UpdatePipeRequest
            {
                Name = name, Description = context.String("Description"), DesiredState = desired, SourceParameters = source, Enrichment = enrichment ?? string.Empty,
                Target = targetArn, TargetParameters = target, RoleArn = role,
            },
            cancellationToken).ConfigureAwait(false);
        return ResourceStatus.Updated;
    }

    private static int? Int(JsonNode? node) => node is null ? null : int.Parse(TemplateValues.ScalarText(node, "value"), CultureInfo.InvariantCulture);
}
