using System.Globalization;
using System.Text;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Amazon CloudWatch metrics, alarms and dashboards, one method per operation
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Operations.html), spoken in Query and in
/// query-compatible JSON 1.0 by <see cref="CloudWatchService"/>. Also the in-process <see cref="IMetricPublisher"/>
/// through which the emulator publishes <c>AWS/*</c> metrics and CloudWatch Logs publishes Embedded Metric Format and
/// metric-filter metrics.
/// </summary>
/// <remarks>
/// Not emulated: anomaly detection, Contributor Insights, metric streams, <c>GetMetricWidgetImage</c>, cross-account
/// observability, entity metric data, <c>SEARCH</c> and the other functions <see cref="MetricMath"/> lists as
/// unsupported, and periods under 60 seconds (data is stored per minute, see <see cref="MetricStore"/>).
/// <c>GetMetricData</c> returns every datapoint in one page (<c>MaxDatapoints</c> is validated, not applied).
/// Alarm evaluation is in <see cref="AlarmEvaluator"/>.
/// </remarks>
internal sealed partial class CloudWatchProvider(
    MetricStore metrics,
    MetricQueries queryEngine,
    AlarmStore alarms,
    AlarmEvaluator evaluator,
    DashboardStore dashboards,
    EmulatorOptions options,
    TimeProvider time,
    IStateChanges? changes = null) : IMetricPublisher
{
    private const int ListMetricsPageSize = 500;

    /// <inheritdoc />
    public void Publish(MetricDatum datum)
    {
        if (!double.IsFinite(datum.Value) || string.IsNullOrEmpty(datum.Namespace) || string.IsNullOrEmpty(datum.MetricName))
        {
            return;
        }

        var identity = new MetricIdentity(datum.Region ?? options.DefaultRegion, datum.Namespace, datum.MetricName, MetricIdentity.Key(datum.Dimensions));
        metrics.Add(identity, datum.Timestamp, MetricUnits.IsValid(datum.Unit) ? datum.Unit : "None", new BucketStats(1, datum.Value, datum.Value, datum.Value), [(datum.Value, 1)]);
        changes?.Changed("monitoring");
    }

    public EmptyResult PutMetricData(PutMetricDataRequest request, AwsRequestContext context)
    {
        var ns = request.Namespace ?? throw CloudWatchErrors.MissingParameter("Namespace");
        if (ns.Length is 0 or > 255 || ns.StartsWith("AWS/", StringComparison.Ordinal) || ns.Any(c => c < 0x20 || c > 0x7E))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {ns} for parameter Namespace is invalid.");
        }

        if (request.EntityMetricData is { ValueKind: not System.Text.Json.JsonValueKind.Null and not System.Text.Json.JsonValueKind.Undefined })
        {
            throw CloudWatchErrors.InvalidParameterValue("EntityMetricData is not emulated by SesMail.Emulator; send MetricData.");
        }

        var data = request.MetricData ?? throw CloudWatchErrors.MissingParameter("MetricData");
        if (data.Count is 0 or > 1000)
        {
            throw CloudWatchErrors.InvalidParameterValue($"The collection MetricData must not have a size greater than 1000 or less than 1 (was {data.Count}).");
        }

        var now = time.GetUtcNow();
        var accepted = new List<(MetricIdentity, DateTimeOffset, string, BucketStats, IReadOnlyList<(double, double)>?)>();
        for (var i = 0; i < data.Count; i++)
        {
            var datum = data[i];
            var at = $"MetricData.member.{i + 1}";
            var name = datum.MetricName ?? throw CloudWatchErrors.MissingParameter($"{at}.MetricName");
            if (name.Length is 0 or > 255)
            {
                throw CloudWatchErrors.InvalidParameterValue($"The value for parameter {at}.MetricName is invalid.");
            }

            var dimensions = MetricQueries.CheckDimensions(datum.Dimensions, $"{at}.Dimensions");
            var unit = datum.Unit ?? "None";
            if (!MetricUnits.IsValid(unit))
            {
                throw CloudWatchErrors.InvalidParameterValue($"The value {unit} for parameter {at}.Unit is invalid.");
            }

            if (datum.StorageResolution is { } resolution && resolution is not (1 or 60))
            {
                throw CloudWatchErrors.InvalidParameterValue($"The value {resolution} for parameter {at}.StorageResolution is invalid: use 1 or 60.");
            }

            var timestamp = datum.Timestamp ?? now;
            if (timestamp < now.AddDays(-14) || timestamp > now.AddHours(2))
            {
                throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.Timestamp must specify a time no more than two weeks in the past or two hours in the future.");
            }

            var given = (datum.Value is null ? 0 : 1) + (datum.StatisticValues is null ? 0 : 1) + (datum.Values is null ? 0 : 1);
            if (given != 1)
            {
                throw given == 0
                    ? CloudWatchErrors.MissingParameter($"{at}.Value")
                    : CloudWatchErrors.InvalidParameterCombination($"The parameters {at}.Value, {at}.StatisticValues and {at}.Values are mutually exclusive and you have specified more than one.");
            }

            BucketStats stats;
            IReadOnlyList<(double, double)>? values;
            if (datum.Value is { } value)
            {
                CheckValue(value, $"{at}.Value");
                stats = new BucketStats(1, value, value, value);
                values = [(value, 1)];
            }
            else if (datum.StatisticValues is { } set)
            {
                if (set.SampleCount is not { } count || set.Sum is not { } sum || set.Minimum is not { } min || set.Maximum is not { } max)
                {
                    throw CloudWatchErrors.MissingParameter($"{at}.StatisticValues.{(set.SampleCount is null ? "SampleCount" : set.Sum is null ? "Sum" : set.Minimum is null ? "Minimum" : "Maximum")}");
                }

                CheckValue(sum, $"{at}.StatisticValues.Sum");
                if (count <= 0 || min > max)
                {
                    throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.StatisticValues is invalid: SampleCount must be positive and Minimum at most Maximum.");
                }

                stats = new BucketStats(count, sum, min, max);
                values = null;
            }
            else
            {
                var list = datum.Values!;
                var counts = datum.Counts;
                if (list.Count is 0 or > 150)
                {
                    throw CloudWatchErrors.InvalidParameterValue($"The collection {at}.Values must have between 1 and 150 values.");
                }

                if (counts is not null && counts.Count != list.Count)
                {
                    throw CloudWatchErrors.InvalidParameterValue($"The parameters {at}.Values and {at}.Counts must be of the same size.");
                }

                var pairs = list.Select((v, j) => (v, counts?[j] ?? 1.0)).ToList();
                foreach (var (v, c) in pairs)
                {
                    CheckValue(v, $"{at}.Values");
                    if (c < 0 || !double.IsFinite(c))
                    {
                        throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.Counts must hold non-negative numbers.");
                    }
                }

                var weighted = pairs.Where(p => p.Item2 > 0).ToList();
                if (weighted.Count == 0)
                {
                    continue;
                }

                stats = new BucketStats(weighted.Sum(p => p.Item2), weighted.Sum(p => p.v * p.Item2), weighted.Min(p => p.v), weighted.Max(p => p.v));
                values = weighted;
            }

            accepted.Add((new MetricIdentity(context.Region, ns, name, MetricIdentity.Key(dimensions)), timestamp, unit, stats, values));
        }

        foreach (var (identity, timestamp, unit, stats, values) in accepted)
        {
            metrics.Add(identity, timestamp, unit, stats, values);
        }

        return EmptyResult.Instance;
    }

    public ListMetricsResult ListMetrics(ListMetricsRequest request, AwsRequestContext context)
    {
        if (request.RecentlyActive is { } recent && recent != "PT3H")
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {recent} for parameter RecentlyActive is invalid: the only value is PT3H.");
        }

        var filters = request.Dimensions ?? [];
        if (filters.Count > 10)
        {
            throw CloudWatchErrors.InvalidParameterValue("The collection Dimensions must not have a size greater than 10.");
        }

        var now = time.GetUtcNow();
        var since = (request.RecentlyActive is null ? now.AddDays(-14) : now.AddHours(-3)).ToUnixTimeSeconds();
        var matching = metrics.InRegion(context.Region)
            .Where(s => s.LastPut >= since)
            .Where(s => request.Namespace is null || s.Identity.Namespace == request.Namespace)
            .Where(s => request.MetricName is null || s.Identity.MetricName == request.MetricName)
            .Where(s => filters.All(f => s.Identity.Dimensions.Any(d => d.Key == f.Name && (f.Value is null || d.Value == f.Value))))
            .Select(s => s.Identity)
            .OrderBy(i => i.ToString(), StringComparer.Ordinal)
            .ToList();
        var skip = request.NextToken is null ? 0 : DecodeOffset(request.NextToken);
        var page = matching.Skip(skip).Take(ListMetricsPageSize).ToList();
        return new ListMetricsResult(
            [.. page.Select(i => new Metric(i.Namespace, i.MetricName, [.. i.Dimensions.Select(d => new Dimension(d.Key, d.Value))]))],
            skip + ListMetricsPageSize < matching.Count ? EncodeOffset(skip + ListMetricsPageSize) : null);
    }

    public GetMetricStatisticsResult GetMetricStatistics(GetMetricStatisticsRequest request, AwsRequestContext context)
    {
        var ns = request.Namespace ?? throw CloudWatchErrors.MissingParameter("Namespace");
        var name = request.MetricName ?? throw CloudWatchErrors.MissingParameter("MetricName");
        var start = request.StartTime ?? throw CloudWatchErrors.MissingParameter("StartTime");
        var end = request.EndTime ?? throw CloudWatchErrors.MissingParameter("EndTime");
        var period = MetricQueries.CheckPeriod(request.Period ?? throw CloudWatchErrors.MissingParameter("Period"), "Period");
        if (start >= end)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        }

        var simple = request.Statistics ?? [];
        var extended = request.ExtendedStatistics ?? [];
        if (simple.Count == 0 && extended.Count == 0)
        {
            throw CloudWatchErrors.MissingParameter("Statistics or ExtendedStatistics");
        }

        if (simple.Count + extended.Count > 10)
        {
            throw CloudWatchErrors.InvalidParameterValue("You can request at most 10 statistics.");
        }

        foreach (var s in simple.Where(s => !Statistics.Simple.Contains(s)))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {s} for parameter Statistics is not a valid statistic (SampleCount, Average, Sum, Minimum, Maximum).");
        }

        foreach (var s in extended.Where(s => Statistics.Percentile(s) is null))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {s} for parameter ExtendedStatistics is not supported: SesMail.Emulator computes percentiles (p0-p100) only.");
        }

        if (request.Unit is { } unit && !MetricUnits.IsValid(unit))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {unit} for parameter Unit is invalid.");
        }

        var count = (end.ToUnixTimeSeconds() - MetricSeries.FloorTo(start.ToUnixTimeSeconds(), period) + period - 1) / period;
        if (count > 1440)
        {
            throw CloudWatchErrors.InvalidParameterCombination($"You have requested up to {count} datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }

        var dimensions = MetricQueries.CheckDimensions(request.Dimensions, "Dimensions");
        var series = metrics.Find(new MetricIdentity(context.Region, ns, name, MetricIdentity.Key(dimensions)));
        var datapoints = new List<Datapoint>();
        if (series is not null)
        {
            foreach (var (periodStart, aggregate) in series.Aggregate(start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), period, request.Unit))
            {
                Dictionary<string, double>? percentiles = null;
                foreach (var p in extended)
                {
                    if (aggregate.Statistic(p) is { } v)
                    {
                        (percentiles ??= new Dictionary<string, double>(StringComparer.Ordinal))[p] = v;
                    }
                }

                double? Stat(string s) => simple.Contains(s) ? aggregate.Statistic(s) : null;
                datapoints.Add(new Datapoint(
                    DateTimeOffset.FromUnixTimeSeconds(periodStart),
                    Stat("SampleCount"), Stat("Average"), Stat("Sum"), Stat("Minimum"), Stat("Maximum"),
                    aggregate.Unit, percentiles));
            }
        }

        return new GetMetricStatisticsResult(name, datapoints);
    }

    public GetMetricDataResult GetMetricData(GetMetricDataRequest request, AwsRequestContext context)
    {
        var queries = request.MetricDataQueries ?? throw CloudWatchErrors.MissingParameter("MetricDataQueries");
        var start = request.StartTime ?? throw CloudWatchErrors.MissingParameter("StartTime");
        var end = request.EndTime ?? throw CloudWatchErrors.MissingParameter("EndTime");
        if (start >= end)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        }

        if (request.ScanBy is { } scan && scan is not ("TimestampDescending" or "TimestampAscending"))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {scan} for parameter ScanBy is invalid.");
        }

        if (request.MaxDatapoints is { } max && max < 1)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter MaxDatapoints must be positive.");
        }

        if (request.NextToken is not null)
        {
            throw CloudWatchErrors.InvalidNextToken();
        }

        var results = queryEngine.Evaluate(queries, start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), null, context.Region, "MetricDataQueries");
        var ascending = request.ScanBy == "TimestampAscending";
        return new GetMetricDataResult(
            [.. results.Select(r => ToResult(r.Id, r.Series, ascending))],
            null,
            []);
    }

    private static MetricDataResult ToResult(string id, MathSeries series, bool ascending)
    {
        var points = ascending ? series.Points.ToList() : series.Points.Reverse().ToList();
        return new MetricDataResult(
            id,
            series.Label,
            [.. points.Select(p => DateTimeOffset.FromUnixTimeSeconds(p.Key))],
            [.. points.Select(p => p.Value)],
            "Complete",
            null);
    }

    private static void CheckValue(double value, string member)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > 1e120 || (value != 0 && Math.Abs(value) < 1e-130))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {value.ToString(CultureInfo.InvariantCulture)} for parameter {member} is invalid.");
        }
    }

    internal static string EncodeOffset(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"offset:{offset}")));

    internal static int DecodeOffset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : throw CloudWatchErrors.InvalidNextToken();
        }
        catch (FormatException)
        {
            throw CloudWatchErrors.InvalidNextToken();
        }
    }
}
