using Amazon.Runtime;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Status;

/// <summary>
/// Reads a function's <c>AWS/Lambda</c> metric (<c>Invocations</c>, <c>Errors</c>; dimension <c>FunctionName</c>)
/// for the last hour through CloudWatch <c>GetMetricStatistics</c>
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html): per-minute sums,
/// added up, and the newest minute with a non-zero sum.
/// </summary>
internal sealed class LambdaMetrics : IDisposable
{
    private readonly MetricStatistics _statistics;
    private readonly TimeProvider _clock;

    public LambdaMetrics(AWSCredentials? credentials, Uri? endpoint, string region, TimeProvider clock)
    {
        _clock = clock;
        _statistics = new MetricStatistics(credentials, endpoint, region);
    }

    /// <summary>The metric's sum over the last hour and the newest minute with a non-zero sum.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="metric"><c>Invocations</c> or <c>Errors</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>(sum, newest minute); (<c>null</c>, <c>null</c>) when CloudWatch refused.</returns>
    public async Task<(long? Sum, DateTimeOffset? Last)> LastHourAsync(string function, string metric, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        try
        {
            var points = await _statistics.GetAsync("AWS/Lambda", metric, ("FunctionName", function), "Sum", now.AddHours(-1), now.AddMinutes(1), cancellationToken).ConfigureAwait(false);
            var last = points.Where(p => p.Value > 0 && p.At != DateTimeOffset.MinValue).Select(p => (DateTimeOffset?)p.At).Max();
            return ((long)Math.Round(points.Sum(p => p.Value)), last);
        }
        catch (AmazonServiceException)
        {
            return (null, null);
        }
    }

    public void Dispose() => _statistics.Dispose();
}
