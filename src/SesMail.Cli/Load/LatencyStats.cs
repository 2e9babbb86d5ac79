using System.Text.Json.Serialization;

namespace SesMail.Cli.Load;

/// <summary>Latency percentiles by the nearest-rank method, in milliseconds.</summary>
internal sealed record LatencyStats(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("minMs")] double Min,
    [property: JsonPropertyName("p50Ms")] double P50,
    [property: JsonPropertyName("p90Ms")] double P90,
    [property: JsonPropertyName("p95Ms")] double P95,
    [property: JsonPropertyName("p99Ms")] double P99,
    [property: JsonPropertyName("maxMs")] double Max,
    [property: JsonPropertyName("meanMs")] double Mean)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencyStats From(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0
            ? Empty
            : new LatencyStats(sorted.Length, sorted[0], Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1], sorted.Average());
    }

    /// <summary>The smallest sample such that at least <paramref name="percent"/> % of samples are ≤ it.</summary>
    /// <param name="sorted">Samples in ascending order, at least one.</param>
    /// <param name="percent">0 &lt; percent ≤ 100.</param>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
