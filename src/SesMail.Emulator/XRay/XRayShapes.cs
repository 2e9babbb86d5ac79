using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.XRay;

// AWS X-Ray shapes (https://docs.aws.amazon.com/xray/latest/api/API_Operations.html); timestamps travel as epoch seconds.

/// <summary>Input of <c>BatchGetTraces</c>.</summary>
internal sealed record BatchGetTracesRequest(
    [property: JsonPropertyName("TraceIds")] IReadOnlyList<string>? TraceIds,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>One segment of a trace (https://docs.aws.amazon.com/xray/latest/api/API_Segment.html).</summary>
internal sealed record XRaySegment(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Document")] string Document);

/// <summary>A trace (https://docs.aws.amazon.com/xray/latest/api/API_Trace.html).</summary>
internal sealed record XRayTrace(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Duration")] double Duration,
    [property: JsonPropertyName("LimitExceeded")] bool LimitExceeded,
    [property: JsonPropertyName("Segments")] IReadOnlyList<XRaySegment> Segments);

/// <summary>Output of <c>BatchGetTraces</c>.</summary>
internal sealed record BatchGetTracesResult(
    [property: JsonPropertyName("Traces")] IReadOnlyList<XRayTrace> Traces,
    [property: JsonPropertyName("UnprocessedTraceIds")] IReadOnlyList<string> UnprocessedTraceIds,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>GetTraceSummaries</c>.</summary>
internal sealed record GetTraceSummariesRequest(
    [property: JsonPropertyName("StartTime")] double? StartTime,
    [property: JsonPropertyName("EndTime")] double? EndTime,
    [property: JsonPropertyName("TimeRangeType")] string? TimeRangeType,
    [property: JsonPropertyName("Sampling")] bool? Sampling,
    [property: JsonPropertyName("FilterExpression")] string? FilterExpression,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>An annotation value (https://docs.aws.amazon.com/xray/latest/api/API_AnnotationValue.html).</summary>
internal sealed record AnnotationValue(
    [property: JsonPropertyName("NumberValue")] double? NumberValue,
    [property: JsonPropertyName("BooleanValue")] bool? BooleanValue,
    [property: JsonPropertyName("StringValue")] string? StringValue);

/// <summary>An annotation value with the services that recorded it.</summary>
internal sealed record ValueWithServiceIds(
    [property: JsonPropertyName("AnnotationValue")] AnnotationValue AnnotationValue,
    [property: JsonPropertyName("ServiceIds")] IReadOnlyList<ServiceId> ServiceIds);

/// <summary>A service in a trace (https://docs.aws.amazon.com/xray/latest/api/API_ServiceId.html).</summary>
internal sealed record ServiceId(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Type")] string? Type);

/// <summary>A trace's summary (https://docs.aws.amazon.com/xray/latest/api/API_TraceSummary.html).</summary>
internal sealed record TraceSummary(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("StartTime")] double StartTime,
    [property: JsonPropertyName("Duration")] double Duration,
    [property: JsonPropertyName("ResponseTime")] double ResponseTime,
    [property: JsonPropertyName("HasFault")] bool HasFault,
    [property: JsonPropertyName("HasError")] bool HasError,
    [property: JsonPropertyName("HasThrottle")] bool HasThrottle,
    [property: JsonPropertyName("IsPartial")] bool IsPartial,
    [property: JsonPropertyName("Annotations")] IReadOnlyDictionary<string, IReadOnlyList<ValueWithServiceIds>> Annotations,
    [property: JsonPropertyName("ServiceIds")] IReadOnlyList<ServiceId> ServiceIds);

/// <summary>Output of <c>GetTraceSummaries</c>.</summary>
internal sealed record GetTraceSummariesResult(
    [property: JsonPropertyName("TraceSummaries")] IReadOnlyList<TraceSummary> TraceSummaries,
    [property: JsonPropertyName("ApproximateTime")] double ApproximateTime,
    [property: JsonPropertyName("TracesProcessedCount")] long TracesProcessedCount,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>PutTraceSegments</c>.</summary>
internal sealed record PutTraceSegmentsRequest(
    [property: JsonPropertyName("TraceSegmentDocuments")] IReadOnlyList<string>? TraceSegmentDocuments);

/// <summary>A segment <c>PutTraceSegments</c> refused.</summary>
internal sealed record UnprocessedTraceSegment(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("ErrorCode")] string ErrorCode,
    [property: JsonPropertyName("Message")] string Message);

/// <summary>Output of <c>PutTraceSegments</c>.</summary>
internal sealed record PutTraceSegmentsResult(
    [property: JsonPropertyName("UnprocessedTraceSegments")] IReadOnlyList<UnprocessedTraceSegment> UnprocessedTraceSegments);

/// <summary>Source-generated serialization of the X-Ray shapes.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(BatchGetTracesRequest))]
[JsonSerializable(typeof(BatchGetTracesResult))]
[JsonSerializable(typeof(GetTraceSummariesRequest))]
[JsonSerializable(typeof(GetTraceSummariesResult))]
[JsonSerializable(typeof(PutTraceSegmentsRequest))]
[JsonSerializable(typeof(PutTraceSegmentsResult))]
internal sealed partial class XRayJsonContext : JsonSerializerContext;
