using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Logs;

// CloudWatch Logs shapes (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html).
// Member names are AWS's, camelCase as the JSON 1.1 protocol spells them; timestamps are epoch milliseconds.

/// <summary>Input of <c>CreateLogGroup</c>.</summary>
internal sealed record CreateLogGroupRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("kmsKeyId")] string? KmsKeyId,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags,
    [property: JsonPropertyName("logGroupClass")] string? LogGroupClass);

/// <summary>Input naming one log group, by name or (where the operation allows) by identifier (name or ARN).</summary>
internal sealed record LogGroupRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("logGroupIdentifier")] string? LogGroupIdentifier);

/// <summary>Input of <c>PutRetentionPolicy</c>.</summary>
internal sealed record PutRetentionPolicyRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("retentionInDays")] int? RetentionInDays);

/// <summary>Input of <c>DescribeLogGroups</c>.</summary>
internal sealed record DescribeLogGroupsRequest(
    [property: JsonPropertyName("logGroupNamePrefix")] string? LogGroupNamePrefix,
    [property: JsonPropertyName("logGroupNamePattern")] string? LogGroupNamePattern,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("includeLinkedAccounts")] bool? IncludeLinkedAccounts,
    [property: JsonPropertyName("logGroupClass")] string? LogGroupClass,
    [property: JsonPropertyName("accountIdentifiers")] IReadOnlyList<string>? AccountIdentifiers);

/// <summary>A log group as <c>DescribeLogGroups</c> returns it.</summary>
internal sealed record LogGroupDescription(
    [property: JsonPropertyName("logGroupName")] string LogGroupName,
    [property: JsonPropertyName("creationTime")] long CreationTime,
    [property: JsonPropertyName("retentionInDays")] int? RetentionInDays,
    [property: JsonPropertyName("metricFilterCount")] int MetricFilterCount,
    [property: JsonPropertyName("arn")] string Arn,
    [property: JsonPropertyName("storedBytes")] long StoredBytes,
    [property: JsonPropertyName("kmsKeyId")] string? KmsKeyId,
    [property: JsonPropertyName("logGroupClass")] string LogGroupClass,
    [property: JsonPropertyName("logGroupArn")] string LogGroupArn);

/// <summary>Output of <c>DescribeLogGroups</c>.</summary>
internal sealed record DescribeLogGroupsResult(
    [property: JsonPropertyName("logGroups")] IReadOnlyList<LogGroupDescription> LogGroups,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>Input naming one log stream.</summary>
internal sealed record LogStreamRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("logStreamName")] string? LogStreamName);

/// <summary>Input of <c>DescribeLogStreams</c>.</summary>
internal sealed record DescribeLogStreamsRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("logGroupIdentifier")] string? LogGroupIdentifier,
    [property: JsonPropertyName("logStreamNamePrefix")] string? LogStreamNamePrefix,
    [property: JsonPropertyName("orderBy")] string? OrderBy,
    [property: JsonPropertyName("descending")] bool? Descending,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("limit")] int? Limit);

/// <summary>A log stream as <c>DescribeLogStreams</c> returns it.</summary>
internal sealed record LogStreamDescription(
    [property: JsonPropertyName("logStreamName")] string LogStreamName,
    [property: JsonPropertyName("creationTime")] long CreationTime,
    [property: JsonPropertyName("firstEventTimestamp")] long? FirstEventTimestamp,
    [property: JsonPropertyName("lastEventTimestamp")] long? LastEventTimestamp,
    [property: JsonPropertyName("lastIngestionTime")] long? LastIngestionTime,
    [property: JsonPropertyName("uploadSequenceToken")] string UploadSequenceToken,
    [property: JsonPropertyName("arn")] string Arn,
    [property: JsonPropertyName("storedBytes")] long StoredBytes);

/// <summary>Output of <c>DescribeLogStreams</c>.</summary>
internal sealed record DescribeLogStreamsResult(
    [property: JsonPropertyName("logStreams")] IReadOnlyList<LogStreamDescription> LogStreams,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>One event of a <c>PutLogEvents</c> batch.</summary>
internal sealed record InputLogEvent(
    [property: JsonPropertyName("timestamp")] long? Timestamp,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>Input of <c>PutLogEvents</c>.</summary>
internal sealed record PutLogEventsRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("logStreamName")] string? LogStreamName,
    [property: JsonPropertyName("logEvents")] IReadOnlyList<InputLogEvent>? LogEvents,
    [property: JsonPropertyName("sequenceToken")] string? SequenceToken);

/// <summary>Which events of a batch were refused, by index range.</summary>
internal sealed record RejectedLogEventsInfo(
    [property: JsonPropertyName("tooNewLogEventStartIndex")] int? TooNewLogEventStartIndex,
    [property: JsonPropertyName("tooOldLogEventEndIndex")] int? TooOldLogEventEndIndex,
    [property: JsonPropertyName("expiredLogEventEndIndex")] int? ExpiredLogEventEndIndex);

/// <summary>Output of <c>PutLogEvents</c>.</summary>
internal sealed record PutLogEventsResult(
    [property: JsonPropertyName("nextSequenceToken")] string NextSequenceToken,
    [property: JsonPropertyName("rejectedLogEventsInfo")] RejectedLogEventsInfo? RejectedLogEventsInfo);

/// <summary>Input of <c>GetLogEvents</c>.</summary>
internal sealed record GetLogEventsRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("logGroupIdentifier")] string? LogGroupIdentifier,
    [property: JsonPropertyName("logStreamName")] string? LogStreamName,
    [property: JsonPropertyName("startTime")] long? StartTime,
    [property: JsonPropertyName("endTime")] long? EndTime,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("startFromHead")] bool? StartFromHead,
    [property: JsonPropertyName("unmask")] bool? Unmask);

/// <summary>One event as <c>GetLogEvents</c> returns it.</summary>
internal sealed record OutputLogEvent(
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("ingestionTime")] long IngestionTime);

/// <summary>Output of <c>GetLogEvents</c>.</summary>
internal sealed record GetLogEventsResult(
    [property: JsonPropertyName("events")] IReadOnlyList<OutputLogEvent> Events,
    [property: JsonPropertyName("nextForwardToken")] string NextForwardToken,
    [property: JsonPropertyName("nextBackwardToken")] string NextBackwardToken);

/// <summary>Input of <c>FilterLogEvents</c>.</summary>
internal sealed record FilterLogEventsRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("logGroupIdentifier")] string? LogGroupIdentifier,
    [property: JsonPropertyName("logStreamNames")] IReadOnlyList<string>? LogStreamNames,
    [property: JsonPropertyName("logStreamNamePrefix")] string? LogStreamNamePrefix,
    [property: JsonPropertyName("startTime")] long? StartTime,
    [property: JsonPropertyName("endTime")] long? EndTime,
    [property: JsonPropertyName("filterPattern")] string? FilterPattern,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("interleaved")] bool? Interleaved,
    [property: JsonPropertyName("unmask")] bool? Unmask);

/// <summary>One event as <c>FilterLogEvents</c> returns it.</summary>
internal sealed record FilteredLogEvent(
    [property: JsonPropertyName("logStreamName")] string LogStreamName,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("ingestionTime")] long IngestionTime,
    [property: JsonPropertyName("eventId")] string EventId);

/// <summary>A stream <c>FilterLogEvents</c> searched (deprecated by AWS; still returned).</summary>
internal sealed record SearchedLogStream(
    [property: JsonPropertyName("logStreamName")] string LogStreamName,
    [property: JsonPropertyName("searchedCompletely")] bool SearchedCompletely);

/// <summary>Output of <c>FilterLogEvents</c>.</summary>
internal sealed record FilterLogEventsResult(
    [property: JsonPropertyName("events")] IReadOnlyList<FilteredLogEvent> Events,
    [property: JsonPropertyName("searchedLogStreams")] IReadOnlyList<SearchedLogStream> SearchedLogStreams,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>Input of <c>TagResource</c> (<c>resourceArn</c>) and <c>TagLogGroup</c> (<c>logGroupName</c>).</summary>
internal sealed record TagLogsResourceRequest(
    [property: JsonPropertyName("resourceArn")] string? ResourceArn,
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags);

/// <summary>Input of <c>UntagResource</c> (<c>resourceArn</c>, <c>tagKeys</c>) and <c>UntagLogGroup</c> (<c>logGroupName</c>, <c>tags</c>).</summary>
internal sealed record UntagLogsResourceRequest(
    [property: JsonPropertyName("resourceArn")] string? ResourceArn,
    [property: JsonPropertyName("tagKeys")] IReadOnlyList<string>? TagKeys,
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

/// <summary>Input of <c>ListTagsForResource</c> and <c>ListTagsLogGroup</c>.</summary>
internal sealed record ListLogsTagsRequest(
    [property: JsonPropertyName("resourceArn")] string? ResourceArn,
    [property: JsonPropertyName("logGroupName")] string? LogGroupName);

/// <summary>Output of <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceResult([property: JsonPropertyName("tags")] Dictionary<string, string> Tags);

/// <summary>Output of <c>ListTagsLogGroup</c>.</summary>
internal sealed record ListTagsLogGroupResult([property: JsonPropertyName("tags")] Dictionary<string, string> Tags);

/// <summary>How a metric filter turns matching events into a metric value.</summary>
internal sealed record MetricTransformation(
    [property: JsonPropertyName("metricName")] string? MetricName,
    [property: JsonPropertyName("metricNamespace")] string? MetricNamespace,
    [property: JsonPropertyName("metricValue")] string? MetricValue,
    [property: JsonPropertyName("defaultValue")] double? DefaultValue,
    [property: JsonPropertyName("dimensions")] Dictionary<string, string>? Dimensions,
    [property: JsonPropertyName("unit")] string? Unit);

/// <summary>Input of <c>PutMetricFilter</c>.</summary>
internal sealed record PutMetricFilterRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("filterName")] string? FilterName,
    [property: JsonPropertyName("filterPattern")] string? FilterPattern,
    [property: JsonPropertyName("metricTransformations")] IReadOnlyList<MetricTransformation>? MetricTransformations,
    [property: JsonPropertyName("applyOnTransformedLogs")] bool? ApplyOnTransformedLogs);

/// <summary>Input of <c>DeleteMetricFilter</c>.</summary>
internal sealed record DeleteMetricFilterRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("filterName")] string? FilterName);

/// <summary>Input of <c>DescribeMetricFilters</c>.</summary>
internal sealed record DescribeMetricFiltersRequest(
    [property: JsonPropertyName("logGroupName")] string? LogGroupName,
    [property: JsonPropertyName("filterNamePrefix")] string? FilterNamePrefix,
    [property: JsonPropertyName("nextToken")] string? NextToken,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("metricName")] string? MetricName,
    [property: JsonPropertyName("metricNamespace")] string? MetricNamespace);

/// <summary>A metric filter as <c>DescribeMetricFilters</c> returns it.</summary>
internal sealed record MetricFilterDescription(
    [property: JsonPropertyName("filterName")] string FilterName,
    [property: JsonPropertyName("filterPattern")] string FilterPattern,
    [property: JsonPropertyName("metricTransformations")] IReadOnlyList<MetricTransformation> MetricTransformations,
    [property: JsonPropertyName("creationTime")] long CreationTime,
    [property: JsonPropertyName("logGroupName")] string LogGroupName);

/// <summary>Output of <c>DescribeMetricFilters</c>.</summary>
internal sealed record DescribeMetricFiltersResult(
    [property: JsonPropertyName("metricFilters")] IReadOnlyList<MetricFilterDescription> MetricFilters,
    [property: JsonPropertyName("nextToken")] string? NextToken);

/// <summary>Input of <c>TestMetricFilter</c>.</summary>
internal sealed record TestMetricFilterRequest(
    [property: JsonPropertyName("filterPattern")] string? FilterPattern,
    [property: JsonPropertyName("logEventMessages")] IReadOnlyList<string>? LogEventMessages);

/// <summary>One matching message of <c>TestMetricFilter</c>.</summary>
internal sealed record MetricFilterMatchRecord(
    [property: JsonPropertyName("eventNumber")] long EventNumber,
    [property: JsonPropertyName("eventMessage")] string EventMessage,
    [property: JsonPropertyName("extractedValues")] Dictionary<string, string> ExtractedValues);

/// <summary>Output of <c>TestMetricFilter</c>.</summary>
internal sealed record TestMetricFilterResult([property: JsonPropertyName("matches")] IReadOnlyList<MetricFilterMatchRecord> Matches);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString, Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateLogGroupRequest))]
[JsonSerializable(typeof(LogGroupRequest))]
[JsonSerializable(typeof(PutRetentionPolicyRequest))]
[JsonSerializable(typeof(DescribeLogGroupsRequest))]
[JsonSerializable(typeof(DescribeLogGroupsResult))]
[JsonSerializable(typeof(LogStreamRequest))]
[JsonSerializable(typeof(DescribeLogStreamsRequest))]
[JsonSerializable(typeof(DescribeLogStreamsResult))]
[JsonSerializable(typeof(PutLogEventsRequest))]
[JsonSerializable(typeof(PutLogEventsResult))]
[JsonSerializable(typeof(GetLogEventsRequest))]
[JsonSerializable(typeof(GetLogEventsResult))]
[JsonSerializable(typeof(FilterLogEventsRequest))]
[JsonSerializable(typeof(FilterLogEventsResult))]
[JsonSerializable(typeof(TagLogsResourceRequest))]
[JsonSerializable(typeof(UntagLogsResourceRequest))]
[JsonSerializable(typeof(ListLogsTagsRequest))]
[JsonSerializable(typeof(ListTagsForResourceResult))]
[JsonSerializable(typeof(ListTagsLogGroupResult))]
[JsonSerializable(typeof(PutMetricFilterRequest))]
[JsonSerializable(typeof(DeleteMetricFilterRequest))]
[JsonSerializable(typeof(DescribeMetricFiltersRequest))]
[JsonSerializable(typeof(DescribeMetricFiltersResult))]
[JsonSerializable(typeof(TestMetricFilterRequest))]
[JsonSerializable(typeof(TestMetricFilterResult))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;
