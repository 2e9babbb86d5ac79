using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

// Amazon CloudWatch shapes (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Operations.html),
// PascalCase as both the Query and the JSON protocol spell them. Timestamps are DateTimeOffset, read from epoch seconds
// (JSON) or ISO 8601 (Query) and written as epoch seconds; the Query binding turns them into ISO 8601.

/// <summary>A dimension: name and value.</summary>
internal sealed record Dimension([property: JsonPropertyName("Name")] string? Name, [property: JsonPropertyName("Value")] string? Value);

/// <summary>A metric: namespace, name, dimensions.</summary>
internal sealed record Metric(
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension>? Dimensions);

/// <summary>Pre-aggregated values of one <c>PutMetricData</c> datum.</summary>
internal sealed record StatisticSet(
    [property: JsonPropertyName("SampleCount")] double? SampleCount,
    [property: JsonPropertyName("Sum")] double? Sum,
    [property: JsonPropertyName("Minimum")] double? Minimum,
    [property: JsonPropertyName("Maximum")] double? Maximum);

/// <summary>One datum of <c>PutMetricData</c> (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).</summary>
internal sealed record MetricDatumInput(
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension>? Dimensions,
    [property: JsonPropertyName("Timestamp")] DateTimeOffset? Timestamp,
    [property: JsonPropertyName("Value")] double? Value,
    [property: JsonPropertyName("StatisticValues")] StatisticSet? StatisticValues,
    [property: JsonPropertyName("Values")] IReadOnlyList<double>? Values,
    [property: JsonPropertyName("Counts")] IReadOnlyList<double>? Counts,
    [property: JsonPropertyName("Unit")] string? Unit,
    [property: JsonPropertyName("StorageResolution")] int? StorageResolution);

/// <summary>Input of <c>PutMetricData</c>.</summary>
internal sealed record PutMetricDataRequest(
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("MetricData")] IReadOnlyList<MetricDatumInput>? MetricData,
    [property: JsonPropertyName("EntityMetricData")] JsonElement? EntityMetricData,
    [property: JsonPropertyName("StrictEntityValidation")] bool? StrictEntityValidation);

/// <summary>Input of <c>ListMetrics</c>.</summary>
internal sealed record ListMetricsRequest(
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension>? Dimensions,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("RecentlyActive")] string? RecentlyActive,
    [property: JsonPropertyName("IncludeLinkedAccounts")] bool? IncludeLinkedAccounts,
    [property: JsonPropertyName("OwningAccount")] string? OwningAccount);

/// <summary>Output of <c>ListMetrics</c>.</summary>
internal sealed record ListMetricsResult(
    [property: JsonPropertyName("Metrics")] IReadOnlyList<Metric> Metrics,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>GetMetricStatistics</c>.</summary>
internal sealed record GetMetricStatisticsRequest(
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension>? Dimensions,
    [property: JsonPropertyName("StartTime")] DateTimeOffset? StartTime,
    [property: JsonPropertyName("EndTime")] DateTimeOffset? EndTime,
    [property: JsonPropertyName("Period")] int? Period,
    [property: JsonPropertyName("Statistics")] IReadOnlyList<string>? Statistics,
    [property: JsonPropertyName("ExtendedStatistics")] IReadOnlyList<string>? ExtendedStatistics,
    [property: JsonPropertyName("Unit")] string? Unit);

/// <summary>One period's statistics as <c>GetMetricStatistics</c> returns them.</summary>
internal sealed record Datapoint(
    [property: JsonPropertyName("Timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("SampleCount")] double? SampleCount,
    [property: JsonPropertyName("Average")] double? Average,
    [property: JsonPropertyName("Sum")] double? Sum,
    [property: JsonPropertyName("Minimum")] double? Minimum,
    [property: JsonPropertyName("Maximum")] double? Maximum,
    [property: JsonPropertyName("Unit")] string Unit,
    [property: JsonPropertyName("ExtendedStatistics")] Dictionary<string, double>? ExtendedStatistics);

/// <summary>Output of <c>GetMetricStatistics</c>.</summary>
internal sealed record GetMetricStatisticsResult(
    [property: JsonPropertyName("Label")] string Label,
    [property: JsonPropertyName("Datapoints")] IReadOnlyList<Datapoint> Datapoints);

/// <summary>A metric with its period, statistic and unit.</summary>
internal sealed record MetricStat(
    [property: JsonPropertyName("Metric")] Metric? Metric,
    [property: JsonPropertyName("Period")] int? Period,
    [property: JsonPropertyName("Stat")] string? Stat,
    [property: JsonPropertyName("Unit")] string? Unit);

/// <summary>One query of <c>GetMetricData</c> or of a metric-math alarm: a metric (<c>MetricStat</c>) or an expression.</summary>
internal sealed record MetricDataQuery(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("MetricStat")] MetricStat? MetricStat,
    [property: JsonPropertyName("Expression")] string? Expression,
    [property: JsonPropertyName("Label")] string? Label,
    [property: JsonPropertyName("ReturnData")] bool? ReturnData,
    [property: JsonPropertyName("Period")] int? Period,
    [property: JsonPropertyName("AccountId")] string? AccountId);

/// <summary>How labels are written (only the time zone offset exists).</summary>
internal sealed record LabelOptions([property: JsonPropertyName("Timezone")] string? Timezone);

/// <summary>Input of <c>GetMetricData</c>.</summary>
internal sealed record GetMetricDataRequest(
    [property: JsonPropertyName("MetricDataQueries")] IReadOnlyList<MetricDataQuery>? MetricDataQueries,
    [property: JsonPropertyName("StartTime")] DateTimeOffset? StartTime,
    [property: JsonPropertyName("EndTime")] DateTimeOffset? EndTime,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("ScanBy")] string? ScanBy,
    [property: JsonPropertyName("MaxDatapoints")] int? MaxDatapoints,
    [property: JsonPropertyName("LabelOptions")] LabelOptions? LabelOptions);

/// <summary>A message attached to a result (<c>Code</c>, <c>Value</c>).</summary>
internal sealed record MessageData([property: JsonPropertyName("Code")] string Code, [property: JsonPropertyName("Value")] string Value);

/// <summary>One series of <c>GetMetricData</c>.</summary>
internal sealed record MetricDataResult(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Label")] string Label,
    [property: JsonPropertyName("Timestamps")] IReadOnlyList<DateTimeOffset> Timestamps,
    [property: JsonPropertyName("Values")] IReadOnlyList<double> Values,
    [property: JsonPropertyName("StatusCode")] string StatusCode,
    [property: JsonPropertyName("Messages")] IReadOnlyList<MessageData>? Messages);

/// <summary>Output of <c>GetMetricData</c>.</summary>
internal sealed record GetMetricDataResult(
    [property: JsonPropertyName("MetricDataResults")] IReadOnlyList<MetricDataResult> MetricDataResults,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("Messages")] IReadOnlyList<MessageData> Messages);

/// <summary>A resource tag.</summary>
internal sealed record CloudWatchTag([property: JsonPropertyName("Key")] string? Key, [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>PutMetricAlarm</c> (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).</summary>
internal sealed record PutMetricAlarmRequest(
    [property: JsonPropertyName("AlarmName")] string? AlarmName,
    [property: JsonPropertyName("AlarmDescription")] string? AlarmDescription,
    [property: JsonPropertyName("ActionsEnabled")] bool? ActionsEnabled,
    [property: JsonPropertyName("OKActions")] IReadOnlyList<string>? OKActions,
    [property: JsonPropertyName("AlarmActions")] IReadOnlyList<string>? AlarmActions,
    [property: JsonPropertyName("InsufficientDataActions")] IReadOnlyList<string>? InsufficientDataActions,
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("Statistic")] string? Statistic,
    [property: JsonPropertyName("ExtendedStatistic")] string? ExtendedStatistic,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension>? Dimensions,
    [property: JsonPropertyName("Period")] int? Period,
    [property: JsonPropertyName("Unit")] string? Unit,
    [property: JsonPropertyName("EvaluationPeriods")] int? EvaluationPeriods,
    [property: JsonPropertyName("DatapointsToAlarm")] int? DatapointsToAlarm,
    [property: JsonPropertyName("Threshold")] double? Threshold,
    [property: JsonPropertyName("ComparisonOperator")] string? ComparisonOperator,
    [property: JsonPropertyName("TreatMissingData")] string? TreatMissingData,
    [property: JsonPropertyName("EvaluateLowSampleCountPercentile")] string? EvaluateLowSampleCountPercentile,
    [property: JsonPropertyName("Metrics")] IReadOnlyList<MetricDataQuery>? Metrics,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CloudWatchTag>? Tags,
    [property: JsonPropertyName("ThresholdMetricId")] string? ThresholdMetricId);

/// <summary>Input of <c>PutCompositeAlarm</c> (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html).</summary>
internal sealed record PutCompositeAlarmRequest(
    [property: JsonPropertyName("ActionsEnabled")] bool? ActionsEnabled,
    [property: JsonPropertyName("AlarmActions")] IReadOnlyList<string>? AlarmActions,
    [property: JsonPropertyName("AlarmDescription")] string? AlarmDescription,
    [property: JsonPropertyName("AlarmName")] string? AlarmName,
    [property: JsonPropertyName("AlarmRule")] string? AlarmRule,
    [property: JsonPropertyName("InsufficientDataActions")] IReadOnlyList<string>? InsufficientDataActions,
    [property: JsonPropertyName("OKActions")] IReadOnlyList<string>? OKActions,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CloudWatchTag>? Tags,
    [property: JsonPropertyName("ActionsSuppressor")] string? ActionsSuppressor,
    [property: JsonPropertyName("ActionsSuppressorWaitPeriod")] int? ActionsSuppressorWaitPeriod,
    [property: JsonPropertyName("ActionsSuppressorExtensionPeriod")] int? ActionsSuppressorExtensionPeriod);

/// <summary>A metric alarm as <c>DescribeAlarms</c> returns it.</summary>
internal sealed record MetricAlarmDescription(
    [property: JsonPropertyName("AlarmName")] string AlarmName,
    [property: JsonPropertyName("AlarmArn")] string AlarmArn,
    [property: JsonPropertyName("AlarmDescription")] string? AlarmDescription,
    [property: JsonPropertyName("AlarmConfigurationUpdatedTimestamp")] DateTimeOffset AlarmConfigurationUpdatedTimestamp,
    [property: JsonPropertyName("ActionsEnabled")] bool ActionsEnabled,
    [property: JsonPropertyName("OKActions")] IReadOnlyList<string> OKActions,
    [property: JsonPropertyName("AlarmActions")] IReadOnlyList<string> AlarmActions,
    [property: JsonPropertyName("InsufficientDataActions")] IReadOnlyList<string> InsufficientDataActions,
    [property: JsonPropertyName("StateValue")] string StateValue,
    [property: JsonPropertyName("StateReason")] string StateReason,
    [property: JsonPropertyName("StateReasonData")] string? StateReasonData,
    [property: JsonPropertyName("StateUpdatedTimestamp")] DateTimeOffset StateUpdatedTimestamp,
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("Statistic")] string? Statistic,
    [property: JsonPropertyName("ExtendedStatistic")] string? ExtendedStatistic,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension> Dimensions,
    [property: JsonPropertyName("Period")] int? Period,
    [property: JsonPropertyName("Unit")] string? Unit,
    [property: JsonPropertyName("EvaluationPeriods")] int EvaluationPeriods,
    [property: JsonPropertyName("DatapointsToAlarm")] int? DatapointsToAlarm,
    [property: JsonPropertyName("Threshold")] double? Threshold,
    [property: JsonPropertyName("ComparisonOperator")] string ComparisonOperator,
    [property: JsonPropertyName("TreatMissingData")] string? TreatMissingData,
    [property: JsonPropertyName("EvaluateLowSampleCountPercentile")] string? EvaluateLowSampleCountPercentile,
    [property: JsonPropertyName("Metrics")] IReadOnlyList<MetricDataQuery>? Metrics,
    [property: JsonPropertyName("ThresholdMetricId")] string? ThresholdMetricId,
    [property: JsonPropertyName("StateTransitionedTimestamp")] DateTimeOffset StateTransitionedTimestamp);

/// <summary>A composite alarm as <c>DescribeAlarms</c> returns it.</summary>
internal sealed record CompositeAlarmDescription(
    [property: JsonPropertyName("ActionsEnabled")] bool ActionsEnabled,
    [property: JsonPropertyName("AlarmActions")] IReadOnlyList<string> AlarmActions,
    [property: JsonPropertyName("AlarmArn")] string AlarmArn,
    [property: JsonPropertyName("AlarmConfigurationUpdatedTimestamp")] DateTimeOffset AlarmConfigurationUpdatedTimestamp,
    [property: JsonPropertyName("AlarmDescription")] string? AlarmDescription,
    [property: JsonPropertyName("AlarmName")] string AlarmName,
    [property: JsonPropertyName("AlarmRule")] string AlarmRule,
    [property: JsonPropertyName("InsufficientDataActions")] IReadOnlyList<string> InsufficientDataActions,
    [property: JsonPropertyName("OKActions")] IReadOnlyList<string> OKActions,
    [property: JsonPropertyName("StateReason")] string StateReason,
    [property: JsonPropertyName("StateReasonData")] string? StateReasonData,
    [property: JsonPropertyName("StateUpdatedTimestamp")] DateTimeOffset StateUpdatedTimestamp,
    [property: JsonPropertyName("StateValue")] string StateValue,
    [property: JsonPropertyName("StateTransitionedTimestamp")] DateTimeOffset StateTransitionedTimestamp);

/// <summary>Input of <c>DescribeAlarms</c>.</summary>
internal sealed record DescribeAlarmsRequest(
    [property: JsonPropertyName("AlarmNames")] IReadOnlyList<string>? AlarmNames,
    [property: JsonPropertyName("AlarmNamePrefix")] string? AlarmNamePrefix,
    [property: JsonPropertyName("AlarmTypes")] IReadOnlyList<string>? AlarmTypes,
    [property: JsonPropertyName("ChildrenOfAlarmName")] string? ChildrenOfAlarmName,
    [property: JsonPropertyName("ParentsOfAlarmName")] string? ParentsOfAlarmName,
    [property: JsonPropertyName("StateValue")] string? StateValue,
    [property: JsonPropertyName("ActionPrefix")] string? ActionPrefix,
    [property: JsonPropertyName("MaxRecords")] int? MaxRecords,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>DescribeAlarms</c>.</summary>
internal sealed record DescribeAlarmsResult(
    [property: JsonPropertyName("CompositeAlarms")] IReadOnlyList<CompositeAlarmDescription> CompositeAlarms,
    [property: JsonPropertyName("MetricAlarms")] IReadOnlyList<MetricAlarmDescription> MetricAlarms,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>DescribeAlarmsForMetric</c>.</summary>
internal sealed record DescribeAlarmsForMetricRequest(
    [property: JsonPropertyName("MetricName")] string? MetricName,
    [property: JsonPropertyName("Namespace")] string? Namespace,
    [property: JsonPropertyName("Statistic")] string? Statistic,
    [property: JsonPropertyName("ExtendedStatistic")] string? ExtendedStatistic,
    [property: JsonPropertyName("Dimensions")] IReadOnlyList<Dimension>? Dimensions,
    [property: JsonPropertyName("Period")] int? Period,
    [property: JsonPropertyName("Unit")] string? Unit);

/// <summary>Output of <c>DescribeAlarmsForMetric</c>.</summary>
internal sealed record DescribeAlarmsForMetricResult([property: JsonPropertyName("MetricAlarms")] IReadOnlyList<MetricAlarmDescription> MetricAlarms);

/// <summary>Input of <c>DescribeAlarmHistory</c>.</summary>
internal sealed record DescribeAlarmHistoryRequest(
    [property: JsonPropertyName("AlarmName")] string? AlarmName,
    [property: JsonPropertyName("AlarmTypes")] IReadOnlyList<string>? AlarmTypes,
    [property: JsonPropertyName("HistoryItemType")] string? HistoryItemType,
    [property: JsonPropertyName("StartDate")] DateTimeOffset? StartDate,
    [property: JsonPropertyName("EndDate")] DateTimeOffset? EndDate,
    [property: JsonPropertyName("MaxRecords")] int? MaxRecords,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("ScanBy")] string? ScanBy);

/// <summary>One alarm history record.</summary>
internal sealed record AlarmHistoryItem(
    [property: JsonPropertyName("AlarmName")] string AlarmName,
    [property: JsonPropertyName("AlarmType")] string AlarmType,
    [property: JsonPropertyName("Timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("HistoryItemType")] string HistoryItemType,
    [property: JsonPropertyName("HistorySummary")] string HistorySummary,
    [property: JsonPropertyName("HistoryData")] string HistoryData);

/// <summary>Output of <c>DescribeAlarmHistory</c>.</summary>
internal sealed record DescribeAlarmHistoryResult(
    [property: JsonPropertyName("AlarmHistoryItems")] IReadOnlyList<AlarmHistoryItem> AlarmHistoryItems,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>SetAlarmState</c>.</summary>
internal sealed record SetAlarmStateRequest(
    [property: JsonPropertyName("AlarmName")] string? AlarmName,
    [property: JsonPropertyName("StateValue")] string? StateValue,
    [property: JsonPropertyName("StateReason")] string? StateReason,
    [property: JsonPropertyName("StateReasonData")] string? StateReasonData);

/// <summary>Input of <c>DeleteAlarms</c>, <c>EnableAlarmActions</c>, <c>DisableAlarmActions</c>.</summary>
internal sealed record AlarmNamesRequest([property: JsonPropertyName("AlarmNames")] IReadOnlyList<string>? AlarmNames);

/// <summary>Input of <c>PutDashboard</c>.</summary>
internal sealed record PutDashboardRequest(
    [property: JsonPropertyName("DashboardName")] string? DashboardName,
    [property: JsonPropertyName("DashboardBody")] string? DashboardBody);

/// <summary>A warning about a dashboard body.</summary>
internal sealed record DashboardValidationMessage(
    [property: JsonPropertyName("DataPath")] string DataPath,
    [property: JsonPropertyName("Message")] string Message);

/// <summary>Output of <c>PutDashboard</c>.</summary>
internal sealed record PutDashboardResult([property: JsonPropertyName("DashboardValidationMessages")] IReadOnlyList<DashboardValidationMessage> DashboardValidationMessages);

/// <summary>Input of <c>GetDashboard</c>.</summary>
internal sealed record GetDashboardRequest([property: JsonPropertyName("DashboardName")] string? DashboardName);

/// <summary>Output of <c>GetDashboard</c>.</summary>
internal sealed record GetDashboardResult(
    [property: JsonPropertyName("DashboardArn")] string DashboardArn,
    [property: JsonPropertyName("DashboardBody")] string DashboardBody,
    [property: JsonPropertyName("DashboardName")] string DashboardName);

/// <summary>Input of <c>ListDashboards</c>.</summary>
internal sealed record ListDashboardsRequest(
    [property: JsonPropertyName("DashboardNamePrefix")] string? DashboardNamePrefix,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>One dashboard as <c>ListDashboards</c> returns it.</summary>
internal sealed record DashboardEntry(
    [property: JsonPropertyName("DashboardName")] string DashboardName,
    [property: JsonPropertyName("DashboardArn")] string DashboardArn,
    [property: JsonPropertyName("LastModified")] DateTimeOffset LastModified,
    [property: JsonPropertyName("Size")] long Size);

/// <summary>Output of <c>ListDashboards</c>.</summary>
internal sealed record ListDashboardsResult(
    [property: JsonPropertyName("DashboardEntries")] IReadOnlyList<DashboardEntry> DashboardEntries,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>DeleteDashboards</c>.</summary>
internal sealed record DeleteDashboardsRequest([property: JsonPropertyName("DashboardNames")] IReadOnlyList<string>? DashboardNames);

/// <summary>Input of <c>TagResource</c>.</summary>
internal sealed record TagCloudWatchResourceRequest(
    [property: JsonPropertyName("ResourceARN")] string? ResourceARN,
    [property: JsonPropertyName("Tags")] IReadOnlyList<CloudWatchTag>? Tags);

/// <summary>Input of <c>UntagResource</c>.</summary>
internal sealed record UntagCloudWatchResourceRequest(
    [property: JsonPropertyName("ResourceARN")] string? ResourceARN,
    [property: JsonPropertyName("TagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Input of <c>ListTagsForResource</c>.</summary>
internal sealed record ListCloudWatchTagsRequest([property: JsonPropertyName("ResourceARN")] string? ResourceARN);

/// <summary>Output of <c>ListTagsForResource</c>.</summary>
internal sealed record ListCloudWatchTagsResult([property: JsonPropertyName("Tags")] IReadOnlyList<CloudWatchTag> Tags);

/// <summary>
/// Reads a CloudWatch timestamp from epoch seconds (a JSON number or numeric string, as the JSON protocol sends it)
/// or ISO 8601 (as the Query protocol sends it); writes epoch seconds with milliseconds.
/// </summary>
internal sealed class CloudWatchTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return FromEpochSeconds(reader.GetDouble());
        }

        var text = reader.GetString() ?? throw new JsonException("Expected a timestamp.");
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return FromEpochSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new JsonException($"'{text}' is not a timestamp (ISO 8601 or epoch seconds).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));

    private static DateTimeOffset FromEpochSeconds(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
}

/// <summary>The <c>StandardUnit</c> values (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).</summary>
internal static class MetricUnits
{
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
        "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    /// <summary>Whether <paramref name="unit"/> is a <c>StandardUnit</c>.</summary>
    public static bool IsValid(string unit) => Units.Contains(unit);
}

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(LenientBooleanConverter), typeof(CloudWatchTimestampConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(PutMetricDataRequest))]
[JsonSerializable(typeof(ListMetricsRequest))]
[JsonSerializable(typeof(ListMetricsResult))]
[JsonSerializable(typeof(GetMetricStatisticsRequest))]
[JsonSerializable(typeof(GetMetricStatisticsResult))]
[JsonSerializable(typeof(GetMetricDataRequest))]
[JsonSerializable(typeof(GetMetricDataResult))]
[JsonSerializable(typeof(PutMetricAlarmRequest))]
[JsonSerializable(typeof(PutCompositeAlarmRequest))]
[JsonSerializable(typeof(DescribeAlarmsRequest))]
[JsonSerializable(typeof(DescribeAlarmsResult))]
[JsonSerializable(typeof(DescribeAlarmsForMetricRequest))]
[JsonSerializable(typeof(DescribeAlarmsForMetricResult))]
[JsonSerializable(typeof(DescribeAlarmHistoryRequest))]
[JsonSerializable(typeof(DescribeAlarmHistoryResult))]
[JsonSerializable(typeof(SetAlarmStateRequest))]
[JsonSerializable(typeof(AlarmNamesRequest))]
[JsonSerializable(typeof(PutDashboardRequest))]
[JsonSerializable(typeof(PutDashboardResult))]
[JsonSerializable(typeof(GetDashboardRequest))]
[JsonSerializable(typeof(GetDashboardResult))]
[JsonSerializable(typeof(ListDashboardsRequest))]
[JsonSerializable(typeof(ListDashboardsResult))]
[JsonSerializable(typeof(DeleteDashboardsRequest))]
[JsonSerializable(typeof(TagCloudWatchResourceRequest))]
[JsonSerializable(typeof(UntagCloudWatchResourceRequest))]
[JsonSerializable(typeof(ListCloudWatchTagsRequest))]
[JsonSerializable(typeof(ListCloudWatchTagsResult))]
internal sealed partial class CloudWatchJsonContext : JsonSerializerContext;
