using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Pipes;

// EventBridge Pipes shapes (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_Operations.html);
// timestamps travel as epoch seconds.

/// <summary>An SQS source's batching (https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceSqsQueueParameters.html).</summary>
internal sealed record PipeSourceSqsQueueParameters(
    [property: JsonPropertyName("BatchSize")] int? BatchSize,
    [property: JsonPropertyName("MaximumBatchingWindowInSeconds")] int? MaximumBatchingWindowInSeconds);

/// <summary>A pipe's source settings.</summary>
internal sealed record PipeSourceParameters(
    [property: JsonPropertyName("SqsQueueParameters")] PipeSourceSqsQueueParameters? SqsQueueParameters,
    [property: JsonPropertyName("FilterCriteria")] FilterCriteria? FilterCriteria);

/// <summary>An event-bus target's settings.</summary>
internal sealed record PipeTargetEventBridgeEventBusParameters(
    [property: JsonPropertyName("Source")] string? Source,
    [property: JsonPropertyName("DetailType")] string? DetailType,
    [property: JsonPropertyName("Resources")] IReadOnlyList<string>? Resources,
    [property: JsonPropertyName("EndpointId")] string? EndpointId,
    [property: JsonPropertyName("Time")] string? Time);

/// <summary>A pipe's target settings.</summary>
internal sealed record PipeTargetParameters(
    [property: JsonPropertyName("EventBridgeEventBusParameters")] PipeTargetEventBridgeEventBusParameters? EventBridgeEventBusParameters,
    [property: JsonPropertyName("InputTemplate")] string? InputTemplate);

/// <summary>Input of <c>CreatePipe</c> and <c>UpdatePipe</c>.</summary>
internal sealed record PipeRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("DesiredState")] string? DesiredState,
    [property: JsonPropertyName("Source")] string? Source,
    [property: JsonPropertyName("SourceParameters")] PipeSourceParameters? SourceParameters,
    [property: JsonPropertyName("Enrichment")] string? Enrichment,
    [property: JsonPropertyName("EnrichmentParameters")] JsonObject? EnrichmentParameters,
    [property: JsonPropertyName("Target")] string? Target,
    [property: JsonPropertyName("TargetParameters")] PipeTargetParameters? TargetParameters,
    [property: JsonPropertyName("RoleArn")] string? RoleArn,
    [property: JsonPropertyName("Tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("LogConfiguration")] JsonObject? LogConfiguration,
    [property: JsonPropertyName("KmsKeyIdentifier")] string? KmsKeyIdentifier);

/// <summary>Input of operations that name a pipe.</summary>
internal sealed record PipeNameRequest([property: JsonPropertyName("Name")] string? Name);

/// <summary>The answer of <c>CreatePipe</c>, <c>UpdatePipe</c>, <c>DeletePipe</c>, <c>StartPipe</c> and <c>StopPipe</c>.</summary>
internal sealed record PipeStateResult(
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("DesiredState")] string DesiredState,
    [property: JsonPropertyName("CurrentState")] string CurrentState,
    [property: JsonPropertyName("CreationTime")] double CreationTime,
    [property: JsonPropertyName("LastModifiedTime")] double LastModifiedTime);

/// <summary>Output of <c>DescribePipe</c>.</summary>
internal sealed record DescribePipeResult(
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("DesiredState")] string DesiredState,
    [property: JsonPropertyName("CurrentState")] string CurrentState,
    [property: JsonPropertyName("StateReason")] string? StateReason,
    [property: JsonPropertyName("Source")] string Source,
    [property: JsonPropertyName("SourceParameters")] PipeSourceParameters? SourceParameters,
    [property: JsonPropertyName("Enrichment")] string? Enrichment,
    [property: JsonPropertyName("Target")] string Target,
    [property: JsonPropertyName("TargetParameters")] PipeTargetParameters? TargetParameters,
    [property: JsonPropertyName("RoleArn")] string RoleArn,
    [property: JsonPropertyName("Tags")] IReadOnlyDictionary<string, string>? Tags,
    [property: JsonPropertyName("LogConfiguration")] JsonObject? LogConfiguration,
    [property: JsonPropertyName("CreationTime")] double CreationTime,
    [property: JsonPropertyName("LastModifiedTime")] double LastModifiedTime);

/// <summary>One pipe in <c>ListPipes</c>.</summary>
internal sealed record PipeSummary(
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("DesiredState")] string DesiredState,
    [property: JsonPropertyName("CurrentState")] string CurrentState,
    [property: JsonPropertyName("StateReason")] string? StateReason,
    [property: JsonPropertyName("Source")] string Source,
    [property: JsonPropertyName("Enrichment")] string? Enrichment,
    [property: JsonPropertyName("Target")] string Target,
    [property: JsonPropertyName("CreationTime")] double CreationTime,
    [property: JsonPropertyName("LastModifiedTime")] double LastModifiedTime);

/// <summary>Input of <c>ListPipes</c>.</summary>
internal sealed record ListPipesRequest(
    [property: JsonPropertyName("NamePrefix")] string? NamePrefix,
    [property: JsonPropertyName("DesiredState")] string? DesiredState,
    [property: JsonPropertyName("CurrentState")] string? CurrentState,
    [property: JsonPropertyName("SourcePrefix")] string? SourcePrefix,
    [property: JsonPropertyName("TargetPrefix")] string? TargetPrefix,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>Output of <c>ListPipes</c>.</summary>
internal sealed record ListPipesResult(
    [property: JsonPropertyName("Pipes")] IReadOnlyList<PipeSummary> Pipes,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Source-generated serialization of the Pipes shapes.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(PipeRequest))]
[JsonSerializable(typeof(PipeNameRequest))]
[JsonSerializable(typeof(PipeStateResult))]
[JsonSerializable(typeof(DescribePipeResult))]
[JsonSerializable(typeof(ListPipesRequest))]
[JsonSerializable(typeof(ListPipesResult))]
internal sealed partial class PipesJsonContext : JsonSerializerContext;
