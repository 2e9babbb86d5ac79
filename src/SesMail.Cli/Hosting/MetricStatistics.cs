using System.Globalization;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace SesMail.Cli.Hosting;

/// <summary>
/// One metric's datapoints through CloudWatch <c>GetMetricStatistics</c>
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html), Query protocol,
/// for the commands that read what AWS publishes on a service's behalf (<c>AWS/SQS</c>, <c>AWS/Lambda</c>).
/// </summary>
internal sealed class MetricStatistics : IDisposable
{
    private readonly AwsProtocolClient _client;

    /// <summary>Creates a reader against the stack's endpoint (local) or the region's CloudWatch.</summary>
    /// <param name="credentials">The credentials, or <c>null</c> for the SDK's chain.</param>
    /// <param name="endpoint">A local endpoint, or <c>null</c> for AWS.</param>
    /// <param name="region">The region.</param>
    public MetricStatistics(AWSCredentials? credentials, Uri? endpoint, string region)
    {
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

    /// <summary>The one-minute datapoints of one statistic of a metric with one dimension.</summary>
    /// <param name="metricNamespace">E.g. <c>AWS/SQS</c>.</param>
    /// <param name="metricName">E.g. <c>ApproximateAgeOfOldestMessage</c>.</param>
    /// <param name="dimension">The dimension's name and value, e.g. (<c>QueueName</c>, the queue).</param>
    /// <param name="statistic"><c>Sum</c>, <c>Maximum</c>, <c>Minimum</c>, <c>Average</c> or <c>SampleCount</c>.</param>
    /// <param name="start">The first minute asked for.</param>
    /// <param name="end">The end of the period asked for.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>(timestamp, value) per datapoint, in the order CloudWatch gave them; a datapoint without the statistic is left out.</returns>
    /// <exception cref="AmazonServiceException">CloudWatch refused or is not there.</exception>
    public async Task<IReadOnlyList<(DateTimeOffset At, double Value)>> GetAsync(string metricNamespace, string metricName, (string Name, string Value) dimension, string statistic, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Namespace", metricNamespace),
            new("MetricName", metricName),
            new("Dimensions.member.1.Name", dimension.Name),
            new("Dimensions.member.1.Value", dimension.Value),
            new("StartTime", start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("EndTime", end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("Period", "60"),
            new("Statistics.member.1", statistic),
        };
        var result = await _client.QueryAsync("GetMetricStatistics", "2010-08-01", parameters, cancellationToken).ConfigureAwait(false);
        return [.. (result.Element("Datapoints")?.Elements("member") ?? [])
            .Select(m => (At: DateTimeOffset.TryParse(m.Element("Timestamp")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue,
                          Value: double.TryParse(m.Element(statistic)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null))
            .Where(p => p.Value is not null)
            .Select(p => (p.At, p.Value!.Value))];
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private sealed class Config : AwsClientConfig;
}
