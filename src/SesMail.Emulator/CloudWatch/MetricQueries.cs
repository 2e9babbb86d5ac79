using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Reads metric data for <c>GetMetricData</c> and for alarms: fetches each <c>MetricStat</c> query's series from the
/// <see cref="MetricStore"/> and evaluates expressions with <see cref="MetricMath"/>.
/// </summary>
internal sealed class MetricQueries(MetricStore metrics)
{
    /// <summary>
    /// Evaluates the queries of a <c>GetMetricData</c> call or a metric-math alarm over <c>[start, end)</c>, returning
    /// the series of every query whose <c>ReturnData</c> is not <c>false</c>.
    /// </summary>
    /// <param name="queries">The queries (validated here).</param>
    /// <param name="start">Start, epoch seconds.</param>
    /// <param name="end">End, epoch seconds.</param>
    /// <param name="alarmPeriod">For an alarm, the period every metric must use; <c>null</c> for <c>GetMetricData</c>.</param>
    /// <param name="region">The region whose metrics are read.</param>
    /// <param name="member">The request member the queries came in (for messages).</param>
    /// <returns>Each returned query's id and series (several for an array-valued expression).</returns>
    internal List<(string Id, MathSeries Series)> Evaluate(IReadOnlyList<MetricDataQuery> queries, long start, long end, int? alarmPeriod, string region, string member)
    {
        if (queries.Count is 0 or > 500)
        {
            throw CloudWatchErrors.InvalidParameterValue($"The collection {member} must have between 1 and 500 queries.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var prepared = new List<MetricMath.Query>();
        int? period = alarmPeriod;
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            var at = $"{member}.member.{i + 1}";
            var id = q.Id ?? throw CloudWatchErrors.MissingParameter($"{at}.Id");
            if (id.Length is 0 or > 255 || !char.IsAsciiLetterLower(id[0]) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw CloudWatchErrors.Validation($"The value {id} for parameter {at}.Id is invalid: it must start with a lowercase letter and hold only letters, digits and underscores.");
            }

            if (!ids.Add(id))
            {
                throw CloudWatchErrors.Validation($"The values for parameter id in {member} are not unique.");
            }

            if ((q.MetricStat is null) == (q.Expression is null))
            {
                throw CloudWatchErrors.Validation($"Exactly one of MetricStat and Expression must be set in {at}.");
            }

            if (q.MetricStat is { } stat)
            {
                var statPeriod = CheckPeriod(stat.Period ?? throw CloudWatchErrors.MissingParameter($"{at}.MetricStat.Period"), $"{at}.MetricStat.Period");
                if (alarmPeriod is { } required && statPeriod != required)
                {
                    throw CloudWatchErrors.Validation($"All metrics in an alarm must have the same period ({required}); {id} has {statPeriod}.");
                }

                period ??= statPeriod;
            }
        }

        var effectivePeriod = period ?? queries.Select(q => q.Period).FirstOrDefault(p => p is not null) ?? 60;
        var grid = new List<long>();
        for (var t = MetricSeries.FloorTo(start, effectivePeriod); t < end; t += effectivePeriod)
        {
            grid.Add(t);
        }

        foreach (var (q, i) in queries.Select((q, i) => (q, i)))
        {
            var at = $"{member}.member.{i + 1}";
            if (q.MetricStat is { } stat)
            {
                prepared.Add(new MetricMath.Query(q.Id!, q.Label ?? stat.Metric?.MetricName ?? q.Id!, Fetch(stat, start, end, region, at), null));
            }
            else
            {
                try
                {
                    MetricMath.Validate(q.Expression!, ids);
                }
                catch (MetricMathException error)
                {
                    throw CloudWatchErrors.Validation($"Error in expression {q.Id}: {error.Message}");
                }

                prepared.Add(new MetricMath.Query(q.Id!, q.Label ?? q.Id!, null, q.Expression));
            }
        }

        var math = new MetricMath(prepared, grid, effectivePeriod);
        var results = new List<(string, MathSeries)>();
        foreach (var q in queries.Where(q => q.ReturnData != false))
        {
            MathValue value;
            try
            {
                value = math.Evaluate(q.Id!);
            }
            catch (MetricMathException error)
            {
                throw CloudWatchErrors.Validation($"Error in expression {q.Id}: {error.Message}");
            }

            var label = q.Label ?? (q.MetricStat?.Metric?.MetricName ?? q.Id!);
            switch (value)
            {
                case MathSeries s:
                    results.Add((q.Id!, s with { Label = label }));
                    break;
                case MathArray a:
                    results.AddRange(a.Items.Select(s => (q.Id!, s)));
                    break;
                case MathScalar scalar:
                    // A constant is drawn as a flat line: one value per period of the range.
                    results.Add((q.Id!, new MathSeries(label, new SortedDictionary<long, double>(grid.ToDictionary(t => t, _ => scalar.Value)))));
                    break;
            }
        }

        return results;
    }

    private MathSeries Fetch(MetricStat stat, long start, long end, string region, string at)
    {
        var metric = stat.Metric ?? throw CloudWatchErrors.MissingParameter($"{at}.MetricStat.Metric");
        var ns = metric.Namespace ?? throw CloudWatchErrors.MissingParameter($"{at}.MetricStat.Metric.Namespace");
        var name = metric.MetricName ?? throw CloudWatchErrors.MissingParameter($"{at}.MetricStat.Metric.MetricName");
        var statistic = stat.Stat ?? throw CloudWatchErrors.MissingParameter($"{at}.MetricStat.Stat");
        if (!Statistics.IsSupported(statistic))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {statistic} for parameter {at}.MetricStat.Stat is not supported: SesMail.Emulator computes SampleCount, Average, Sum, Minimum, Maximum and pNN.");
        }

        if (stat.Unit is { } unit && !MetricUnits.IsValid(unit))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {unit} for parameter {at}.MetricStat.Unit is invalid.");
        }

        var dimensions = CheckDimensions(metric.Dimensions, $"{at}.MetricStat.Metric.Dimensions");
        var points = new SortedDictionary<long, double>();
        if (metrics.Find(new MetricIdentity(region, ns, name, MetricIdentity.Key(dimensions))) is { } series)
        {
            foreach (var (t, aggregate) in series.Aggregate(start, end, stat.Period!.Value, stat.Unit))
            {
                if (aggregate.Statistic(statistic) is { } value)
                {
                    points[t] = value;
                }
            }
        }

        return new MathSeries(name, points);
    }

    /// <summary>Validates a period: 60 or a multiple of 60 (periods under a minute are not emulated).</summary>
    internal static int CheckPeriod(int period, string member)
    {
        if (period is 1 or 5 or 10 or 20 or 30)
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {period} for parameter {member} is not supported: SesMail.Emulator stores metrics per minute, so periods are 60 seconds or a multiple of 60.");
        }

        return period >= 60 && period % 60 == 0
            ? period
            : throw CloudWatchErrors.InvalidParameterValue($"The parameter {member} must be a multiple of 60 (was {period}).");
    }

    internal static List<KeyValuePair<string, string>> CheckDimensions(IReadOnlyList<Dimension>? dimensions, string member)
    {
        var list = dimensions ?? [];
        if (list.Count > 30)
        {
            throw CloudWatchErrors.InvalidParameterValue($"The collection {member} must not have a size greater than 30.");
        }

        var result = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].Name ?? throw CloudWatchErrors.MissingParameter($"{member}.member.{i + 1}.Name");
            var value = list[i].Value ?? throw CloudWatchErrors.MissingParameter($"{member}.member.{i + 1}.Value");
            if (name.Length is 0 or > 255 || value.Length is 0 or > 1024)
            {
                throw CloudWatchErrors.InvalidParameterValue($"The value for parameter {member}.member.{i + 1} is invalid.");
            }

            if (result.Any(d => d.Key == name))
            {
                throw CloudWatchErrors.InvalidParameterValue($"No Metric Dimension name may be repeated: {name}.");
            }

            result.Add(new(name, value));
        }

        return result;
    }

}
