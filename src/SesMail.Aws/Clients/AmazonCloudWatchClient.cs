// The smallest Amazon CloudWatch client this project needs, on AWSSDK.Core's signer, named as AWSSDK.CloudWatch names it
// (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS Query, version 2010-08-01 — https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon.CloudWatch.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.CloudWatch
{
    /// <summary>Settings of <see cref="AmazonCloudWatchClient"/> (endpoint prefix <c>monitoring</c>).</summary>
    public sealed class AmazonCloudWatchConfig : AwsClientConfig;

    /// <summary>A CloudWatch error; <see cref="AmazonServiceException.ErrorCode"/> carries the Query code (e.g. <c>ResourceNotFound</c>, <c>InvalidParameterValue</c>).</summary>
    public class AmazonCloudWatchException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonCloudWatchException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The CloudWatch operations SesMail uses.</summary>
    public interface IAmazonCloudWatch : IDisposable
    {
        /// <summary>DescribeAlarms, one page: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html</summary>
        /// <param name="request">Filters and the page token.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Metric and composite alarms with their state.</returns>
        Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default);

        /// <summary>SetAlarmState: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html</summary>
        /// <param name="request">The alarm, state and reason.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<SetAlarmStateResponse> SetAlarmStateAsync(SetAlarmStateRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutMetricData (single values): https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html</summary>
        /// <param name="request">The namespace and datapoints.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutMetricAlarm (single metric or metric math; creates or replaces): https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html</summary>
        /// <param name="request">The alarm.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<PutMetricAlarmResponse> PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutCompositeAlarm (creates or replaces): https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html</summary>
        /// <param name="request">The alarm and its rule.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<PutCompositeAlarmResponse> PutCompositeAlarmAsync(PutCompositeAlarmRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetDashboard: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetDashboard.html</summary>
        /// <param name="request">The dashboard name.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The dashboard's body and ARN.</returns>
        Task<GetDashboardResponse> GetDashboardAsync(GetDashboardRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutDashboard: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html</summary>
        /// <param name="request">The dashboard name and body (JSON text).</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Validation warnings.</returns>
        Task<PutDashboardResponse> PutDashboardAsync(PutDashboardRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>The Query-protocol CloudWatch client (signing name <c>monitoring</c>).</summary>
    public sealed class AmazonCloudWatchClient : IAmazonCloudWatch
    {
        private const string Version = "2010-08-01";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client from the environment (credentials chain, <c>AWS_ENDPOINT_URL</c>, region).</summary>
        public AmazonCloudWatchClient()
            : this(null, new AmazonCloudWatchConfig())
        {
        }

        /// <summary>Creates a client with the default credentials chain.</summary>
        /// <param name="config">Endpoint and region.</param>
        public AmazonCloudWatchClient(AmazonCloudWatchConfig config)
            : this(null, config)
        {
        }

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonCloudWatchClient(AWSCredentials? credentials, AmazonCloudWatchConfig config) =>
            _client = new AwsProtocolClient("monitoring", "monitoring", credentials, config, null, (m, c, r, s) => new AmazonCloudWatchException(m, c, r, s));

        /// <inheritdoc />
        public async Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("AlarmNamePrefix", request.AlarmNamePrefix);
            p.AddIfSet("StateValue", request.StateValue);
            p.AddIfSet("NextToken", request.NextToken);
            if (request.MaxRecords is { } max)
            {
                p.Add(new("MaxRecords", max.ToString(CultureInfo.InvariantCulture)));
            }

            for (var i = 0; i < request.AlarmNames.Count; i++)
            {
                p.Add(new($"AlarmNames.member.{i + 1}", request.AlarmNames[i]));
            }

            for (var i = 0; i < request.AlarmTypes.Count; i++)
            {
                p.Add(new($"AlarmTypes.member.{i + 1}", request.AlarmTypes[i]));
            }

            var result = await _client.QueryAsync("DescribeAlarms", Version, p, cancellationToken).ConfigureAwait(false);
            return new DescribeAlarmsResponse
            {
                MetricAlarms = result.Element("MetricAlarms")?.Elements("member").Select(m => new MetricAlarm
                {
                    AlarmName = m.Text("AlarmName") ?? string.Empty,
                    AlarmArn = m.Text("AlarmArn") ?? string.Empty,
                    AlarmDescription = m.Text("AlarmDescription"),
                    StateValue = m.Text("StateValue") ?? string.Empty,
                    StateReason = m.Text("StateReason") ?? string.Empty,
                    StateUpdatedTimestamp = Timestamp(m.Text("StateUpdatedTimestamp")),
                    StateTransitionedTimestamp = Timestamp(m.Text("StateTransitionedTimestamp")),
                    MetricName = m.Text("MetricName"),
                    Namespace = m.Text("Namespace"),
                    ActionsEnabled = m.Text("ActionsEnabled") == "true",
                }).ToList() ?? [],
                CompositeAlarms = result.Element("CompositeAlarms")?.Elements("member").Select(m => new CompositeAlarm
                {
                    AlarmName = m.Text("AlarmName") ?? string.Empty,
                    AlarmArn = m.Text("AlarmArn") ?? string.Empty,
                    AlarmDescription = m.Text("AlarmDescription"),
                    AlarmRule = m.Text("AlarmRule") ?? string.Empty,
                    StateValue = m.Text("StateValue") ?? string.Empty,
                    StateReason = m.Text("StateReason") ?? string.Empty,
                    StateUpdatedTimestamp = Timestamp(m.Text("StateUpdatedTimestamp")),
                    StateTransitionedTimestamp = Timestamp(m.Text("StateTransitionedTimestamp")),
                    ActionsEnabled = m.Text("ActionsEnabled") == "true",
                }).ToList() ?? [],
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<SetAlarmStateResponse> SetAlarmStateAsync(SetAlarmStateRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("AlarmName", request.AlarmName), new("StateValue", request.StateValue), new("StateReason", request.StateReason) };
            p.AddIfSet("StateReasonData", request.StateReasonData);
            await _client.QueryAsync("SetAlarmState", Version, p, cancellationToken).ConfigureAwait(false);
            return new SetAlarmStateResponse();
        }

        /// <inheritdoc />
        public async Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("Namespace", request.Namespace) };
            for (var i = 0; i < request.MetricData.Count; i++)
            {
                var d = request.MetricData[i];
                var at = $"MetricData.member.{i + 1}";
                p.Add(new($"{at}.MetricName", d.MetricName));
                p.Add(new($"{at}.Value", d.Value.ToString("R", CultureInfo.InvariantCulture)));
                p.AddIfSet($"{at}.Unit", d.Unit);
                if (d.TimestampUtc is { } timestamp)
                {
                    p.Add(new($"{at}.Timestamp", timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
                }

                for (var j = 0; j < d.Dimensions.Count; j++)
                {
                    p.Add(new($"{at}.Dimensions.member.{j + 1}.Name", d.Dimensions[j].Name));
                    p.Add(new($"{at}.Dimensions.member.{j + 1}.Value", d.Dimensions[j].Value));
                }
            }

            await _client.QueryAsync("PutMetricData", Version, p, cancellationToken).ConfigureAwait(false);
            return new PutMetricDataResponse();
        }

        /// <inheritdoc />
        public async Task<PutMetricAlarmResponse> PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default)
        {
            var body = new JsonObject
            {
                ["AlarmName"] = request.AlarmName,
                ["AlarmDescription"] = request.AlarmDescription,
                ["ActionsEnabled"] = request.ActionsEnabled,
                ["AlarmActions"] = Strings(request.AlarmActions),
                ["OKActions"] = Strings(request.OKActions),
                ["InsufficientDataActions"] = Strings(request.InsufficientDataActions),
                ["MetricName"] = request.MetricName,
                ["Namespace"] = request.Namespace,
                ["Statistic"] = request.Statistic,
                ["Dimensions"] = request.Dimensions.Count == 0 ? null : Dimensions(request.Dimensions),
                ["Period"] = request.Period,
                ["Unit"] = request.Unit,
                ["EvaluationPeriods"] = request.EvaluationPeriods,
                ["DatapointsToAlarm"] = request.DatapointsToAlarm,
                ["Threshold"] = request.Threshold,
                ["ComparisonOperator"] = request.ComparisonOperator,
                ["TreatMissingData"] = request.TreatMissingData,
                ["Metrics"] = request.Metrics.Count == 0 ? null : new JsonArray([.. request.Metrics.Select(q => (JsonNode)new JsonObject
                {
                    ["Id"] = q.Id,
                    ["Expression"] = q.Expression,
                    ["Label"] = q.Label,
                    ["ReturnData"] = q.ReturnData,
                    ["MetricStat"] = q.MetricStat is not { } stat ? null : new JsonObject
                    {
                        ["Metric"] = new JsonObject { ["Namespace"] = stat.Metric.Namespace, ["MetricName"] = stat.Metric.MetricName, ["Dimensions"] = Dimensions(stat.Metric.Dimensions) },
                        ["Period"] = stat.Period,
                        ["Stat"] = stat.Stat,
                        ["Unit"] = stat.Unit,
                    },
                })]),
            };
            await _client.JsonAsync("GraniteServiceVersion20100801.PutMetricAlarm", "1.0", WithoutNulls(body).ToJsonString(), cancellationToken).ConfigureAwait(false);
            return new PutMetricAlarmResponse();
        }

        /// <inheritdoc />
        public async Task<PutCompositeAlarmResponse> PutCompositeAlarmAsync(PutCompositeAlarmRequest request, CancellationToken cancellationToken = default)
        {
            var body = new JsonObject
            {
                ["AlarmName"] = request.AlarmName,
                ["AlarmRule"] = request.AlarmRule,
                ["AlarmDescription"] = request.AlarmDescription,
                ["ActionsEnabled"] = request.ActionsEnabled,
                ["AlarmActions"] = Strings(request.AlarmActions),
                ["OKActions"] = Strings(request.OKActions),
                ["InsufficientDataActions"] = Strings(request.InsufficientDataActions),
            };
            await _client.JsonAsync("GraniteServiceVersion20100801.PutCompositeAlarm", "1.0", WithoutNulls(body).ToJsonString(), cancellationToken).ConfigureAwait(false);
            return new PutCompositeAlarmResponse();
        }

        private static JsonArray Strings(List<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

        private static JsonArray Dimensions(List<Dimension> dimensions) =>
            new([.. dimensions.Select(d => (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value })]);

        private static JsonObject WithoutNulls(JsonObject body)
        {
            foreach (var name in body.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                body.Remove(name);
            }

            foreach (var child in body.Select(p => p.Value))
            {
                if (child is JsonObject obj)
                {
                    WithoutNulls(obj);
                }
                else if (child is JsonArray array)
                {
                    foreach (var item in array.OfType<JsonObject>())
                    {
                        WithoutNulls(item);
                    }
                }
            }

            return body;
        }

        /// <inheritdoc />
        public async Task<GetDashboardResponse> GetDashboardAsync(GetDashboardRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("GetDashboard", Version, [new("DashboardName", request.DashboardName)], cancellationToken).ConfigureAwait(false);
            return new GetDashboardResponse
            {
                DashboardName = result.Text("DashboardName") ?? string.Empty,
                DashboardArn = result.Text("DashboardArn") ?? string.Empty,
                DashboardBody = result.Text("DashboardBody") ?? string.Empty,
            };
        }

        /// <inheritdoc />
        public async Task<PutDashboardResponse> PutDashboardAsync(PutDashboardRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("PutDashboard", Version, [new("DashboardName", request.DashboardName), new("DashboardBody", request.DashboardBody)], cancellationToken).ConfigureAwait(false);
            return new PutDashboardResponse
            {
                DashboardValidationMessages = result.Element("DashboardValidationMessages")?.Elements("member")
                    .Select(m => new DashboardValidationMessage { DataPath = m.Text("DataPath") ?? string.Empty, Message = m.Text("Message") ?? string.Empty }).ToList() ?? [],
            };
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private static DateTime Timestamp(string? text) =>
            text is null ? default : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}

namespace Amazon.CloudWatch.Model
{
    /// <summary>Input of DescribeAlarms.</summary>
    public sealed class DescribeAlarmsRequest
    {
        /// <summary>Only these alarms (at most 100).</summary>
        public List<string> AlarmNames { get; set; } = [];

        /// <summary>Only alarms whose name starts with this.</summary>
        public string? AlarmNamePrefix { get; set; }

        /// <summary><c>MetricAlarm</c> and/or <c>CompositeAlarm</c>; empty means metric alarms only, as AWS defines it.</summary>
        public List<string> AlarmTypes { get; set; } = [];

        /// <summary>Only alarms in this state: <c>OK</c>, <c>ALARM</c>, <c>INSUFFICIENT_DATA</c>.</summary>
        public string? StateValue { get; set; }

        /// <summary>Page size, 1 to 100 (default 50).</summary>
        public int? MaxRecords { get; set; }

        /// <summary>The token of the next page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>Output of DescribeAlarms.</summary>
    public sealed class DescribeAlarmsResponse
    {
        /// <summary>The metric alarms of this page.</summary>
        public List<MetricAlarm> MetricAlarms { get; set; } = [];

        /// <summary>The composite alarms of this page.</summary>
        public List<CompositeAlarm> CompositeAlarms { get; set; } = [];

        /// <summary>The token of the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A metric alarm (the members SesMail reads).</summary>
    public sealed class MetricAlarm
    {
        /// <summary>The name.</summary>
        public string AlarmName { get; set; } = string.Empty;

        /// <summary>The ARN.</summary>
        public string AlarmArn { get; set; } = string.Empty;

        /// <summary>The description.</summary>
        public string? AlarmDescription { get; set; }

        /// <summary><c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</summary>
        public string StateValue { get; set; } = string.Empty;

        /// <summary>Why it is in that state.</summary>
        public string StateReason { get; set; } = string.Empty;

        /// <summary>When the state or its reason last changed (UTC).</summary>
        public DateTime StateUpdatedTimestamp { get; set; }

        /// <summary>When the state value last changed (UTC).</summary>
        public DateTime StateTransitionedTimestamp { get; set; }

        /// <summary>The metric's name (absent for metric-math alarms).</summary>
        public string? MetricName { get; set; }

        /// <summary>The metric's namespace (absent for metric-math alarms).</summary>
        public string? Namespace { get; set; }

        /// <summary>Whether actions run on state changes.</summary>
        public bool ActionsEnabled { get; set; }
    }

    /// <summary>A composite alarm (the members SesMail reads).</summary>
    public sealed class CompositeAlarm
    {
        /// <summary>The name.</summary>
        public string AlarmName { get; set; } = string.Empty;

        /// <summary>The ARN.</summary>
        public string AlarmArn { get; set; } = string.Empty;

        /// <summary>The description.</summary>
        public string? AlarmDescription { get; set; }

        /// <summary>The rule, e.g. <c>ALARM(a) OR ALARM(b)</c>.</summary>
        public string AlarmRule { get; set; } = string.Empty;

        /// <summary><c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</summary>
        public string StateValue { get; set; } = string.Empty;

        /// <summary>Why it is in that state.</summary>
        public string StateReason { get; set; } = string.Empty;

        /// <summary>When the state or its reason last changed (UTC).</summary>
        public DateTime StateUpdatedTimestamp { get; set; }

        /// <summary>When the state value last changed (UTC).</summary>
        public DateTime StateTransitionedTimestamp { get; set; }

        /// <summary>Whether actions run on state changes.</summary>
        public bool ActionsEnabled { get; set; }
    }

    /// <summary>Input of SetAlarmState.</summary>
    public sealed class SetAlarmStateRequest
    {
        /// <summary>The alarm.</summary>
        public string AlarmName { get; set; } = string.Empty;

        /// <summary><c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</summary>
        public string StateValue { get; set; } = string.Empty;

        /// <summary>The reason text (at most 1023 characters).</summary>
        public string StateReason { get; set; } = string.Empty;

        /// <summary>Machine-readable reason (JSON), optional.</summary>
        public string? StateReasonData { get; set; }
    }

    /// <summary>Output of SetAlarmState (empty).</summary>
    public sealed class SetAlarmStateResponse;

    /// <summary>Input of PutMetricData.</summary>
    public sealed class PutMetricDataRequest
    {
        /// <summary>The namespace, e.g. <c>SESMail/test</c> (not <c>AWS/…</c>).</summary>
        public string Namespace { get; set; } = string.Empty;

        /// <summary>The datapoints (1 to 1000).</summary>
        public List<MetricDatum> MetricData { get; set; } = [];
    }

    /// <summary>One datapoint.</summary>
    public sealed class MetricDatum
    {
        /// <summary>The metric name.</summary>
        public string MetricName { get; set; } = string.Empty;

        /// <summary>The value.</summary>
        public double Value { get; set; }

        /// <summary>A <c>StandardUnit</c> (<c>Count</c>, <c>Seconds</c>, …), or <c>null</c> for <c>None</c>.</summary>
        public string? Unit { get; set; }

        /// <summary>When it was observed (UTC); <c>null</c> for the time of receipt.</summary>
        public DateTime? TimestampUtc { get; set; }

        /// <summary>Its dimensions (at most 30).</summary>
        public List<Dimension> Dimensions { get; set; } = [];
    }

    /// <summary>A dimension.</summary>
    public sealed class Dimension
    {
        /// <summary>The name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The value.</summary>
        public string Value { get; set; } = string.Empty;
    }

    /// <summary>Output of PutMetricData (empty).</summary>
    public sealed class PutMetricDataResponse;

    /// <summary>Input of PutMetricAlarm: a single metric (<see cref="MetricName"/>, <see cref="Namespace"/>, <see cref="Statistic"/>, <see cref="Period"/>) or <see cref="Metrics"/>.</summary>
    public sealed class PutMetricAlarmRequest
    {
        /// <summary>The name (unique in the region).</summary>
        public string AlarmName { get; set; } = string.Empty;

        /// <summary>What the alarm means.</summary>
        public string? AlarmDescription { get; set; }

        /// <summary>Whether state changes run actions (default true).</summary>
        public bool? ActionsEnabled { get; set; }

        /// <summary>SNS topic ARNs notified on ALARM.</summary>
        public List<string> AlarmActions { get; set; } = [];

        /// <summary>SNS topic ARNs notified on OK.</summary>
        public List<string> OKActions { get; set; } = [];

        /// <summary>SNS topic ARNs notified on INSUFFICIENT_DATA.</summary>
        public List<string> InsufficientDataActions { get; set; } = [];

        /// <summary>The metric's name (single-metric alarms).</summary>
        public string? MetricName { get; set; }

        /// <summary>The metric's namespace (single-metric alarms).</summary>
        public string? Namespace { get; set; }

        /// <summary><c>Average</c>, <c>Sum</c>, <c>Minimum</c>, <c>Maximum</c> or <c>SampleCount</c>.</summary>
        public string? Statistic { get; set; }

        /// <summary>The metric's dimensions.</summary>
        public List<Dimension> Dimensions { get; set; } = [];

        /// <summary>Seconds per datapoint (single-metric alarms).</summary>
        public int? Period { get; set; }

        /// <summary>The unit to read, or <c>null</c> for all.</summary>
        public string? Unit { get; set; }

        /// <summary>How many periods are judged.</summary>
        public int EvaluationPeriods { get; set; } = 1;

        /// <summary>How many of them must breach (M of N); <c>null</c> means all.</summary>
        public int? DatapointsToAlarm { get; set; }

        /// <summary>The threshold.</summary>
        public double? Threshold { get; set; }

        /// <summary><c>GreaterThanThreshold</c>, <c>GreaterThanOrEqualToThreshold</c>, <c>LessThanThreshold</c>, <c>LessThanOrEqualToThreshold</c>.</summary>
        public string ComparisonOperator { get; set; } = string.Empty;

        /// <summary><c>missing</c>, <c>notBreaching</c>, <c>breaching</c> or <c>ignore</c>.</summary>
        public string? TreatMissingData { get; set; }

        /// <summary>Metric-math queries; exactly one returns data.</summary>
        public List<MetricDataQuery> Metrics { get; set; } = [];
    }

    /// <summary>One query of a metric-math alarm.</summary>
    public sealed class MetricDataQuery
    {
        /// <summary>Its id (starts with a lowercase letter).</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>An expression over other ids, or <c>null</c> for a metric.</summary>
        public string? Expression { get; set; }

        /// <summary>A label.</summary>
        public string? Label { get; set; }

        /// <summary>Whether this query is the alarm's value.</summary>
        public bool? ReturnData { get; set; }

        /// <summary>The metric, or <c>null</c> for an expression.</summary>
        public MetricStat? MetricStat { get; set; }
    }

    /// <summary>A metric with its period and statistic.</summary>
    public sealed class MetricStat
    {
        /// <summary>The metric.</summary>
        public Metric Metric { get; set; } = new();

        /// <summary>Seconds per datapoint.</summary>
        public int Period { get; set; }

        /// <summary>The statistic.</summary>
        public string Stat { get; set; } = string.Empty;

        /// <summary>The unit, or <c>null</c>.</summary>
        public string? Unit { get; set; }
    }

    /// <summary>A metric: namespace, name, dimensions.</summary>
    public sealed class Metric
    {
        /// <summary>The namespace.</summary>
        public string Namespace { get; set; } = string.Empty;

        /// <summary>The name.</summary>
        public string MetricName { get; set; } = string.Empty;

        /// <summary>The dimensions.</summary>
        public List<Dimension> Dimensions { get; set; } = [];
    }

    /// <summary>Output of PutMetricAlarm (empty).</summary>
    public sealed class PutMetricAlarmResponse;

    /// <summary>Input of PutCompositeAlarm.</summary>
    public sealed class PutCompositeAlarmRequest
    {
        /// <summary>The name.</summary>
        public string AlarmName { get; set; } = string.Empty;

        /// <summary>The rule, e.g. <c>ALARM(a) OR ALARM(b)</c>.</summary>
        public string AlarmRule { get; set; } = string.Empty;

        /// <summary>What the alarm means.</summary>
        public string? AlarmDescription { get; set; }

        /// <summary>Whether state changes run actions (default true).</summary>
        public bool? ActionsEnabled { get; set; }

        /// <summary>SNS topic ARNs notified on ALARM.</summary>
        public List<string> AlarmActions { get; set; } = [];

        /// <summary>SNS topic ARNs notified on OK.</summary>
        public List<string> OKActions { get; set; } = [];

        /// <summary>SNS topic ARNs notified on INSUFFICIENT_DATA.</summary>
        public List<string> InsufficientDataActions { get; set; } = [];
    }

    /// <summary>Output of PutCompositeAlarm (empty).</summary>
    public sealed class PutCompositeAlarmResponse;

    /// <summary>Input of GetDashboard.</summary>
    public sealed class GetDashboardRequest
    {
        /// <summary>The dashboard's name.</summary>
        public string DashboardName { get; set; } = string.Empty;
    }

    /// <summary>Output of GetDashboard.</summary>
    public sealed class GetDashboardResponse
    {
        /// <summary>The name.</summary>
        public string DashboardName { get; set; } = string.Empty;

        /// <summary>The ARN (<c>arn:aws:cloudwatch::{account}:dashboard/{name}</c>).</summary>
        public string DashboardArn { get; set; } = string.Empty;

        /// <summary>The body, JSON text.</summary>
        public string DashboardBody { get; set; } = string.Empty;
    }

    /// <summary>Input of PutDashboard.</summary>
    public sealed class PutDashboardRequest
    {
        /// <summary>The name (letters, digits, <c>-</c>, <c>_</c>).</summary>
        public string DashboardName { get; set; } = string.Empty;

        /// <summary>The body, JSON text with a <c>widgets</c> array.</summary>
        public string DashboardBody { get; set; } = string.Empty;
    }

    /// <summary>Output of PutDashboard.</summary>
    public sealed class PutDashboardResponse
    {
        /// <summary>Warnings about the body.</summary>
        public List<DashboardValidationMessage> DashboardValidationMessages { get; set; } = [];
    }

    /// <summary>A warning about a dashboard body.</summary>
    public sealed class DashboardValidationMessage
    {
        /// <summary>Where (<c>$.widgets[0]</c>).</summary>
        public string DataPath { get; set; } = string.Empty;

        /// <summary>What.</summary>
        public string Message { get; set; } = string.Empty;
    }
}
