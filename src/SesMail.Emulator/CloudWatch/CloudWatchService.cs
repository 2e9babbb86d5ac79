using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Binds <see cref="CloudWatchProvider"/> to both CloudWatch wire protocols, reading and writing the same typed shapes:
/// Query (<c>Action={Operation}&amp;Version=2010-08-01</c>, signing name <c>monitoring</c>, what AWS CLI 2.9 speaks)
/// and the query-compatible JSON 1.0 protocol (<c>X-Amz-Target: GraniteServiceVersion20100801.{Operation}</c>, what
/// current AWS SDKs speak; errors carry the Query code in <c>x-amzn-query-error</c>).
/// </summary>
internal sealed class CloudWatchService(CloudWatchProvider provider) : IJsonService, IQueryService
{
    private static readonly QueryConventions Conventions = new()
    {
        Flattened = false,
        ResponseMember = static (_, member) => member switch
        {
            "ExtendedStatistics" => new("ExtendedStatistics", QueryMemberKind.Map),
            _ => null,
        },
    };

    /// <summary>Result members holding timestamps: epoch seconds in JSON, ISO 8601 in Query XML.</summary>
    private static readonly HashSet<string> TimestampMembers = new(StringComparer.Ordinal)
    {
        "Timestamp", "Timestamps", "StateUpdatedTimestamp", "AlarmConfigurationUpdatedTimestamp", "StateTransitionedTimestamp", "LastModified",
    };

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "PutMetricData", "ListMetrics", "GetMetricStatistics", "GetMetricData", "PutMetricAlarm", "PutCompositeAlarm", "DescribeAlarms",
        "DescribeAlarmsForMetric", "DescribeAlarmHistory", "SetAlarmState", "DeleteAlarms", "EnableAlarmActions", "DisableAlarmActions",
        "PutDashboard", "GetDashboard", "ListDashboards", "DeleteDashboards", "TagResource", "UntagResource", "ListTagsForResource",
    };

    /// <inheritdoc />
    public string TargetPrefix => "GraniteServiceVersion20100801";

    /// <inheritdoc cref="IJsonService.SigningName" />
    public string SigningName => "monitoring";

    /// <inheritdoc />
    public string JsonVersion => "1.0";

    /// <inheritdoc />
    public string ErrorNamespace => "com.amazonaws.cloudwatch";

    /// <inheritdoc />
    public string XmlNamespace => "http://monitoring.amazonaws.com/doc/2010-08-01/";

    /// <inheritdoc />
    public bool Handles(string action) => Operations.Contains(action);

    /// <inheritdoc />
    public ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = CloudWatchJsonContext.Default;
        const string invalid = "InvalidParameterValue";
        return operation switch
        {
            "PutMetricData" => AwsOperation.Invoke(input, json.PutMetricDataRequest, json.EmptyResult, r => provider.PutMetricData(r, context), invalid),
            "ListMetrics" => AwsOperation.Invoke(input, json.ListMetricsRequest, json.ListMetricsResult, r => provider.ListMetrics(r, context), invalid),
            "GetMetricStatistics" => AwsOperation.Invoke(input, json.GetMetricStatisticsRequest, json.GetMetricStatisticsResult, r => provider.GetMetricStatistics(r, context), invalid),
            "GetMetricData" => AwsOperation.Invoke(input, json.GetMetricDataRequest, json.GetMetricDataResult, r => provider.GetMetricData(r, context), invalid),
            "PutMetricAlarm" => AwsOperation.Invoke(input, json.PutMetricAlarmRequest, json.EmptyResult, r => provider.PutMetricAlarm(r, context), invalid),
            "PutCompositeAlarm" => AwsOperation.Invoke(input, json.PutCompositeAlarmRequest, json.EmptyResult, r => provider.PutCompositeAlarm(r, context), invalid),
            "DescribeAlarms" => AwsOperation.Invoke(input, json.DescribeAlarmsRequest, json.DescribeAlarmsResult, r => provider.DescribeAlarms(r, context), invalid),
            "DescribeAlarmsForMetric" => AwsOperation.Invoke(input, json.DescribeAlarmsForMetricRequest, json.DescribeAlarmsForMetricResult, r => provider.DescribeAlarmsForMetric(r, context), invalid),
            "DescribeAlarmHistory" => AwsOperation.Invoke(input, json.DescribeAlarmHistoryRequest, json.DescribeAlarmHistoryResult, r => provider.DescribeAlarmHistory(r, context), invalid),
            "SetAlarmState" => AwsOperation.InvokeAsync(input, json.SetAlarmStateRequest, json.EmptyResult, r => provider.SetAlarmStateAsync(r, context, cancellationToken), invalid),
            "DeleteAlarms" => AwsOperation.Invoke(input, json.AlarmNamesRequest, json.EmptyResult, r => provider.DeleteAlarms(r, context), invalid),
            "EnableAlarmActions" => AwsOperation.Invoke(input, json.AlarmNamesRequest, json.EmptyResult, r => provider.EnableAlarmActions(r, context), invalid),
            "DisableAlarmActions" => AwsOperation.Invoke(input, json.AlarmNamesRequest, json.EmptyResult, r => provider.DisableAlarmActions(r, context), invalid),
            "PutDashboard" => AwsOperation.Invoke(input, json.PutDashboardRequest, json.PutDashboardResult, r => provider.PutDashboard(r, context), invalid),
            "GetDashboard" => AwsOperation.Invoke(input, json.GetDashboardRequest, json.GetDashboardResult, r => provider.GetDashboard(r, context), invalid),
            "ListDashboards" => AwsOperation.Invoke(input, json.ListDashboardsRequest, json.ListDashboardsResult, r => provider.ListDashboards(r, context), invalid),
            "DeleteDashboards" => AwsOperation.Invoke(input, json.DeleteDashboardsRequest, json.EmptyResult, r => provider.DeleteDashboards(r, context), invalid),
            "TagResource" => AwsOperation.Invoke(input, json.TagCloudWatchResourceRequest, json.EmptyResult, r => provider.TagResource(r, context), invalid),
            "UntagResource" => AwsOperation.Invoke(input, json.UntagCloudWatchResourceRequest, json.EmptyResult, r => provider.UntagResource(r, context), invalid),
            "ListTagsForResource" => AwsOperation.Invoke(input, json.ListCloudWatchTagsRequest, json.ListCloudWatchTagsResult, r => provider.ListTagsForResource(r, context), invalid),
            _ => throw CloudWatchErrors.UnknownOperation(operation),
        };
    }

    /// <inheritdoc />
    public async ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var input = QueryDocument.ToJson(parameters, Conventions);
        var result = await InvokeAsync(action, input, context, cancellationToken).ConfigureAwait(false);
        IsoTimestamps(result);
        return QueryDocument.ToXml(action, result, Conventions);
    }

    /// <summary>Rewrites epoch-second timestamps as ISO 8601, as Query responses carry them.</summary>
    private static void IsoTimestamps(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var value = obj[name];
                    if (TimestampMembers.Contains(name))
                    {
                        obj[name] = value switch
                        {
                            JsonValue v when v.GetValueKind() == JsonValueKind.Number => Iso(v),
                            JsonArray a => new JsonArray([.. a.Select(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.Number ? (JsonNode)Iso(iv) : i?.DeepClone())]),
                            _ => value,
                        };
                    }
                    else
                    {
                        IsoTimestamps(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    IsoTimestamps(item);
                }

                break;
        }

        static JsonValue Iso(JsonValue seconds) => JsonValue.Create(
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds.GetValue<double>() * 1000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
