using System.Globalization;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace SesMail.Cli.Status;

/// <summary>
/// Reads a function's <c>AWS/Lambda</c> metric (<c>Invocations</c>, <c>Errors</c>; dimension <c>FunctionName</c>)
/// for the last hour through CloudWatch <c>GetMetricStatistics</c>
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html): per-minute sums,
/// added up, and the newest minute with a non-zero sum.
/// </summary>
internal sealed class LambdaMetrics : IDisposable
{
    private readonly AwsProtocolClient _client;
    private readonly TimeProvider _clock;

    public LambdaMetrics(AWSCredentials? credentials, Uri? endpoint, string region, TimeProvider clock)
    {
        _clock = clock;
        var config = new Config { Timeout = TimeSpan.FromSeconds(15) };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        _client = new AwsProtocolClient("monitoring", "monitoring", credentials, config, null, (m, c, r, s) => new AmazonServiceException(m, null, ErrorType.Unknown, c, r, s));
    }

    /// <summary>The metric's sum over the last hour and the newest minute with a non-zero sum.</summary>
    /// <param name="function">The function name.</param>
    /// <param name="metric"><c>Invocations</c> or <c>Errors</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>(sum, newest minute); (<c>null</c>, <c>null</c>) when CloudWatch refused.</returns>
    public async Task<(long? Sum, DateTimeOffset? Last)> LastHourAsync(string function, string metric, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Namespace", "AWS/Lambda"),
            new("MetricName", metric),
            new("Dimensions.member.1.Name", "FunctionName"),
            new("Dimensions.member.1.Value", function),
            new("StartTime", now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("EndTime", now.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("Period", "60"),
            new("Statistics.member.1", "Sum"),
        };
        try
        {
            var result = await _client.QueryAsync("GetMetricStatistics", "2010-08-01", parameters, cancellationToken).ConfigureAwait(false);
            var points = (result.Element("Datapoints")?.Elements("member") ?? [])
                .Select(m => (At: DateTimeOffset.TryParse(m.Element("Timestamp")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null,
                              Sum: double.TryParse(m.Element("Sum")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var sum) ? sum : 0))
                .ToList();
            var last = points.Where(p => p.Sum > 0 && p.At is not null).Select(p => p.At).Max();
            return ((long)Math.Round(points.Sum(p => p.Sum)), last);
        }
        catch (AmazonServiceException)
        {
            return (null, null);
        }
    }

    public void Dispose() => _client.Dispose();

    private sealed class Config : AwsClientConfig;
}
