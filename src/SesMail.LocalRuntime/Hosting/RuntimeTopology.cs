using System.Globalization;
using System.Text.Json.Nodes;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.EventSources;
using SesMail.LocalRuntime.Pipes;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>What the local runtime runs, read from the template and the resolved stack: SQS event source mappings and pipes.</summary>
/// <param name="Mappings">SQS event source mappings.</param>
/// <param name="Pipes">SQS → enrichment → bus pipes.</param>
/// <param name="Unsupported">Mappings and pipes the runtime cannot run (non-SQS sources, other targets), by logical id with the reason.</param>
internal sealed record RuntimeTopology(
    IReadOnlyList<SqsEventSourceMappingSettings> Mappings,
    IReadOnlyList<PipeSettings> Pipes,
    IReadOnlyList<string> Unsupported)
{
    /// <summary>Default <c>MaximumConcurrency</c> when the template sets none (Lambda scales far higher; two pollers suffice locally).</summary>
    public const int DefaultConcurrency = 2;

    public static RuntimeTopology Read(TemplateDocument template, ResolvedStack stack)
    {
        var evaluator = stack.Evaluator(template);
        var mappings = new List<SqsEventSourceMappingSettings>();
        var pipes = new List<PipeSettings>();
        var unsupported = new List<string>();
        foreach (var resource in template.OfType("AWS::Lambda::EventSourceMapping").Where(evaluator.Exists))
        {
            var p = evaluator.Properties(resource);
            var sourceArn = Text(p, "EventSourceArn") ?? string.Empty;
            var queue = stack.FindByAttribute("Arn", sourceArn);
            if (queue is null || queue.Type != "AWS::SQS::Queue")
            {
                unsupported.Add($"{resource.LogicalId}: only SQS sources run locally (EventSourceArn {sourceArn}).");
                continue;
            }

            var responseTypes = p["FunctionResponseTypes"] as JsonArray ?? [];
            mappings.Add(new SqsEventSourceMappingSettings(
                Text(p, "FunctionName") ?? throw new TemplateException($"{resource.Path}.Properties.FunctionName", "an event source mapping needs FunctionName."),
                sourceArn,
                queue.PhysicalId,
                stack.Region,
                Int(p["BatchSize"], 10),
                Int(p["MaximumBatchingWindowInSeconds"], 0),
                Int(p["ScalingConfig"]?["MaximumConcurrency"], DefaultConcurrency),
                responseTypes.Any(t => t?.GetValue<string>() == "ReportBatchItemFailures"),
                p["Enabled"] is not JsonValue enabled || !enabled.TryGetValue<bool>(out var on) || on));
        }

        foreach (var resource in template.OfType("AWS::Pipes::Pipe").Where(evaluator.Exists))
        {
            var p = evaluator.Properties(resource);
            var sourceArn = Text(p, "Source") ?? string.Empty;
            var targetArn = Text(p, "Target") ?? string.Empty;
            var queue = stack.FindByAttribute("Arn", sourceArn);
            var bus = stack.FindByAttribute("Arn", targetArn);
            if (queue is null || queue.Type != "AWS::SQS::Queue" || bus is null || bus.Type != "AWS::Events::EventBus")
            {
                unsupported.Add($"{resource.LogicalId}: only SQS-source, event-bus-target pipes run locally.");
                continue;
            }

            if (Text(p, "DesiredState") == "STOPPED")
            {
                continue;
            }

            var sqsParameters = p["SourceParameters"]?["SqsQueueParameters"];
            var busParameters = p["TargetParameters"]?["EventBridgeEventBusParameters"];
            pipes.Add(new PipeSettings(
                stack.Resource(resource.LogicalId).PhysicalId,
                sourceArn,
                queue.PhysicalId,
                stack.Region,
                Int(sqsParameters?["BatchSize"], 10),
                Int(sqsParameters?["MaximumBatchingWindowInSeconds"], 0),
                Text(p, "Enrichment"),
                targetArn,
                busParameters?["Source"]?.GetValue<string>() ?? $"Pipe {stack.Resource(resource.LogicalId).PhysicalId}",
                busParameters?["DetailType"]?.GetValue<string>() ?? "Event from aws:sqs"));
        }

        return new RuntimeTopology(mappings, pipes, unsupported);
    }

    private static string? Text(JsonObject p, string name) => p[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int Int(JsonNode? node, int fallback) =>
        node is null ? fallback : int.Parse(TemplateValues.ScalarText(node, "value"), CultureInfo.InvariantCulture);
}
