using System.Collections.Concurrent;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Metric datapoints by region, namespace, name and dimensions, aggregated per minute and unit: sample count, sum,
/// minimum, maximum and (for percentiles) up to <see cref="MaxValuesPerBucket"/> raw values with their counts. In
/// memory for <see cref="Retention"/>, and (through <see cref="EmulatorPersistence"/>) the newest
/// <see cref="PersistedHistory"/> of it in <c>{DataDirectory}/cloudwatch/state.json</c>.
/// </summary>
/// <remarks>
/// Bounded, unlike AWS (which keeps 1-minute data for 15 days and coarser data for 15 months). High-resolution data
/// (<c>StorageResolution</c> 1) is accepted and stored at 1-minute resolution.
/// </remarks>
internal sealed class MetricStore
{
    /// <summary>How long datapoints are kept in memory (AWS keeps 1-minute data this long).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(15);

    /// <summary>How much history the snapshot keeps.</summary>
    public static readonly TimeSpan PersistedHistory = TimeSpan.FromDays(3);

    /// <summary>The most raw values one minute of one series keeps for percentiles.</summary>
    public const int MaxValuesPerBucket = 1_000;

    private readonly ConcurrentDictionary<MetricIdentity, MetricSeries> _series = new();
    private readonly TimeProvider _time;

    public MetricStore(TimeProvider time) => _time = time;

    /// <summary>Adds values to a series, creating it on first use.</summary>
    /// <param name="identity">The series.</param>
    /// <param name="timestamp">When the values were observed.</param>
    /// <param name="unit">Their unit.</param>
    /// <param name="aggregate">Their sample count, sum, minimum and maximum.</param>
    /// <param name="values">Raw values with counts, or <c>null</c> for a statistic set.</param>
    public void Add(MetricIdentity identity, DateTimeOffset timestamp, string unit, BucketStats aggregate, IReadOnlyList<(double Value, double Count)>? values)
    {
        var series = _series.GetOrAdd(identity, id => new MetricSeries(id));
        var cutoff = _time.GetUtcNow() - Retention;
        series.Add(timestamp.ToUnixTimeSeconds() / 60 * 60, unit, aggregate, values, cutoff.ToUnixTimeSeconds(), _time.GetUtcNow().ToUnixTimeSeconds());
    }

    public MetricSeries? Find(MetricIdentity identity) => _series.GetValueOrDefault(identity);

    public IEnumerable<MetricSeries> InRegion(string region) =>
        _series.Where(s => s.Key.Region == region).Select(s => s.Value);

    public MetricsSnapshot Capture()
    {
        var since = (_time.GetUtcNow() - PersistedHistory).ToUnixTimeSeconds();
        return new([.. _series.Values.OrderBy(s => s.Identity.ToString(), StringComparer.Ordinal).Select(s => s.Capture(since)).Where(s => s.Buckets.Count > 0)]);
    }

    public void Restore(MetricsSnapshot snapshot)
    {
        _series.Clear();
        foreach (var record in snapshot.Series)
        {
            var identity = new MetricIdentity(record.Region, record.Namespace, record.MetricName, MetricIdentity.Key(record.Dimensions));
            var series = new MetricSeries(identity);
            series.Restore(record);
            if (!_series.TryAdd(identity, series))
            {
                throw new InvalidDataException($"The metric {record.Namespace}/{record.MetricName} appears twice.");
            }
        }
    }
}

/// <summary>Which series a datapoint belongs to; dimensions sorted by name.</summary>
/// <param name="Region">The region.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="MetricName">The metric name.</param>
/// <param name="Dimensions">The dimensions, sorted by name (ordinal).</param>
internal sealed record MetricIdentity(string Region, string Namespace, string MetricName, IReadOnlyList<KeyValuePair<string, string>> Dimensions)
{
    /// <summary>Sorts dimensions by name, the identity CloudWatch uses (order does not matter, names and values do).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Key(IEnumerable<KeyValuePair<string, string>> dimensions) =>
        [.. dimensions.OrderBy(d => d.Key, StringComparer.Ordinal)];

    public bool Equals(MetricIdentity? other) =>
        other is not null && Region == other.Region && Namespace == other.Namespace && MetricName == other.MetricName && Dimensions.SequenceEqual(other.Dimensions);

    public override int GetHashCode()
    {
        var hash = HashCode.Combine(Region, Namespace, MetricName);
        foreach (var (key, value) in Dimensions)
        {
            hash = HashCode.Combine(hash, key, value);
        }

        return hash;
    }

    public override string ToString() =>
        $"{Region}|{Namespace}|{MetricName}|{string.Join(",", Dimensions.Select(d => $"{d.Key}={d.Value}"))}";
}

/// <summary>Sample count, sum, minimum and maximum of some values.</summary>
internal readonly record struct BucketStats(double SampleCount, double Sum, double Minimum, double Maximum)
{
    public BucketStats Merge(BucketStats other) =>
        new(SampleCount + other.SampleCount, Sum + other.Sum, Math.Min(Minimum, other.Minimum), Math.Max(Maximum, other.Maximum));
}

/// <summary>One minute of one series in one unit.</summary>
internal sealed class MetricBucket(BucketStats stats)
{
    public BucketStats Stats { get; set; } = stats;

    /// <summary>Raw values with counts (for percentiles); <c>null</c> once a statistic set was added.</summary>
    public List<(double Value, double Count)>? Values { get; set; } = [];
}

/// <summary>The minutes of one series; guarded by its own lock.</summary>
internal sealed class MetricSeries(MetricIdentity identity)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Dictionary<string, MetricBucket>> _buckets = [];

    public MetricIdentity Identity { get; } = identity;

    /// <summary>When a datapoint was last put (epoch seconds), for <c>RecentlyActive</c>.</summary>
    public long LastPut { get; private set; }

    public void Add(long minute, string unit, BucketStats aggregate, IReadOnlyList<(double Value, double Count)>? values, long cutoff, long now)
    {
        lock (_gate)
        {
            LastPut = now;
            if (!_buckets.TryGetValue(minute, out var units))
            {
                units = new Dictionary<string, MetricBucket>(StringComparer.Ordinal);
                _buckets[minute] = units;
            }

            if (units.TryGetValue(unit, out var bucket))
            {
                bucket.Stats = bucket.Stats.Merge(aggregate);
            }
            else
            {
                bucket = new MetricBucket(aggregate);
                units[unit] = bucket;
            }

            if (values is null)
            {
                bucket.Values = null;
            }
            else if (bucket.Values is { } list && list.Count + values.Count <= MetricStore.MaxValuesPerBucket)
            {
                list.AddRange(values);
            }
            else
            {
                bucket.Values = null; // too many to keep: percentiles of this minute are unavailable
            }

            while (_buckets.Count > 0 && _buckets.First().Key < cutoff)
            {
                _buckets.Remove(_buckets.First().Key);
            }
        }
    }

    /// <summary>Aggregates the minutes in <c>[start, end)</c> into periods aligned to multiples of <paramref name="period"/>.</summary>
    /// <param name="start">Start, epoch seconds (inclusive).</param>
    /// <param name="end">End, epoch seconds (exclusive).</param>
    /// <param name="period">Period in seconds (a multiple of 60).</param>
    /// <param name="unit">Only this unit, or <c>null</c> for all.</param>
    /// <returns>Period start → aggregate, in time order.</returns>
    public SortedDictionary<long, PeriodAggregate> Aggregate(long start, long end, int period, string? unit)
    {
        var result = new SortedDictionary<long, PeriodAggregate>();
        lock (_gate)
        {
            foreach (var (minute, units) in _buckets)
            {
                var periodStart = FloorTo(minute, period);
                if (periodStart < FloorTo(start, period) || periodStart >= end)
                {
                    continue;
                }

                foreach (var (bucketUnit, bucket) in units)
                {
                    if (unit is not null && bucketUnit != unit)
                    {
                        continue;
                    }

                    if (!result.TryGetValue(periodStart, out var aggregate))
                    {
                        aggregate = new PeriodAggregate(bucketUnit);
                        result[periodStart] = aggregate;
                    }

                    aggregate.Add(bucket);
                }
            }
        }

        return result;
    }

    /// <summary>Rounds <paramref name="value"/> down to a multiple of <paramref name="period"/>.</summary>
    public static long FloorTo(long value, int period) => (long)Math.Floor(value / (double)period) * period;

    /// <summary>The units this series has data in.</summary>
    public IReadOnlyList<string> Units()
    {
        lock (_gate)
        {
            return [.. _buckets.Values.SelectMany(u => u.Keys).Distinct(StringComparer.Ordinal)];
        }
    }

    public MetricSeriesRecord Capture(long since)
    {
        lock (_gate)
        {
            return new MetricSeriesRecord(
                Identity.Region, Identity.Namespace, Identity.MetricName,
                [.. Identity.Dimensions.Select(d => new KeyValuePair<string, string>(d.Key, d.Value))],
                LastPut,
                [.. _buckets.Where(b => b.Key >= since).SelectMany(b => b.Value.Select(u => new MetricBucketRecord(
                    b.Key, u.Key, u.Value.Stats.SampleCount, u.Value.Stats.Sum, u.Value.Stats.Minimum, u.Value.Stats.Maximum,
                    u.Value.Values?.Select(v => new[] { v.Value, v.Count }).ToList())))]);
        }
    }

    public void Restore(MetricSeriesRecord record)
    {
        lock (_gate)
        {
            LastPut = record.LastPut;
            foreach (var b in record.Buckets)
            {
                if (!_buckets.TryGetValue(b.Minute, out var units))
                {
                    units = new Dictionary<string, MetricBucket>(StringComparer.Ordinal);
                    _buckets[b.Minute] = units;
                }

                units[b.Unit] = new MetricBucket(new BucketStats(b.SampleCount, b.Sum, b.Minimum, b.Maximum))
                {
                    Values = b.Values?.Select(v => v.Length == 2 ? (v[0], v[1]) : throw new InvalidDataException("A metric value must be [value, count].")).ToList(),
                };
            }
        }
    }
}

/// <summary>The statistics of one period of one series.</summary>
internal sealed class PeriodAggregate(string unit)
{
    private List<(double Value, double Count)>? _values = [];

    public string Unit { get; } = unit;

    public BucketStats Stats { get; private set; } = new(0, 0, double.PositiveInfinity, double.NegativeInfinity);

    public void Add(MetricBucket bucket)
    {
        Stats = Stats.Merge(bucket.Stats);
        if (bucket.Values is null)
        {
            _values = null;
        }
        else
        {
            _values?.AddRange(bucket.Values);
        }
    }

    /// <summary>A statistic: <c>SampleCount</c>, <c>Sum</c>, <c>Average</c>, <c>Minimum</c>, <c>Maximum</c> or <c>pNN</c>.</summary>
    /// <param name="statistic">The statistic name (already validated).</param>
    /// <returns>The value, or <c>null</c> when a percentile cannot be computed (statistic sets only).</returns>
    public double? Statistic(string statistic) => statistic switch
    {
        "SampleCount" => Stats.SampleCount,
        "Sum" => Stats.Sum,
        "Average" => Stats.SampleCount > 0 ? Stats.Sum / Stats.SampleCount : null,
        "Minimum" => Stats.Minimum,
        "Maximum" => Stats.Maximum,
        _ when Statistics.Percentile(statistic) is { } p => Percentile(p),
        _ => null,
    };

    private double? Percentile(double p)
    {
        if (_values is not { Count: > 0 } values)
        {
            return null;
        }

        var ordered = values.OrderBy(v => v.Value).ToList();
        var total = ordered.Sum(v => v.Count);
        var rank = Math.Max(1, Math.Ceiling(p / 100.0 * total));
        double seen = 0;
        foreach (var (value, count) in ordered)
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return ordered[^1].Value;
    }
}

/// <summary>Statistic names CloudWatch accepts here.</summary>
internal static class Statistics
{
    /// <summary>The five simple statistics.</summary>
    public static readonly IReadOnlySet<string> Simple = new HashSet<string>(StringComparer.Ordinal) { "SampleCount", "Average", "Sum", "Minimum", "Maximum" };

    /// <summary>The percentile of <c>p90</c>, <c>p99.9</c>; <c>null</c> for anything else.</summary>
    public static double? Percentile(string statistic) =>
        statistic.Length > 1 && statistic[0] == 'p'
        && double.TryParse(statistic[1..], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var p)
        && p is >= 0 and <= 100
            ? p
            : null;

    /// <summary>Whether a <c>Stat</c> (simple or percentile) is supported.</summary>
    public static bool IsSupported(string statistic) => Simple.Contains(statistic) || Percentile(statistic) is not null;
}

/// <summary>The persisted form of <see cref="MetricStore"/>.</summary>
internal sealed record MetricsSnapshot(IReadOnlyList<MetricSeriesRecord> Series);

/// <summary>One series in a snapshot.</summary>
internal sealed record MetricSeriesRecord(
    string Region,
    string Namespace,
    string MetricName,
    IReadOnlyList<KeyValuePair<string, string>> Dimensions,
    long LastPut,
    IReadOnlyList<MetricBucketRecord> Buckets);

/// <summary>One minute of one unit in a snapshot; <c>Values</c> are <c>[value, count]</c> pairs.</summary>
internal sealed record MetricBucketRecord(long Minute, string Unit, double SampleCount, double Sum, double Minimum, double Maximum, IReadOnlyList<double[]>? Values);
