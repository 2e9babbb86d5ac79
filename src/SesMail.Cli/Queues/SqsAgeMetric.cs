using System.Globalization;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace SesMail.Cli.Queues;

/// <summary>
/// Reads the <c>AWS/SQS</c> metric <c>ApproximateAgeOfOldestMessage</c> (seconds; the oldest non-deleted message,
/// in flight or not) through CloudWatch <c>GetMetricStatistics</c>
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html): the maximum of
/// the newest one-minute datapoint in the last 10 minutes. SQS has no queue attribute for this age; CloudWatch is
/// where AWS publishes it (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
/// </summary>
internal interface IQueueAgeMetric
{
    /// <summary>The newest value for the queue, or null when CloudWatch has no datapoint for it.</summary>
    /// <exception cref="AmazonServiceException">CloudWatch refused or is not there (an endpoint without CloudWatch,
    /// or no <c>cloudwatch:GetMetricStatistics</c> permission).</exception>
    Task<long?> OldestAgeSecondsAsync(string queueName, CancellationToken cancellationToken);
}

/// <inheritdoc cref="IQueueAgeMetric"/>
internal sealed class CloudWatchQueueAgeMetric : IQueueAgeMetric, IDisposable
{
    private readonly AwsProtocolClient _client;
    private readonly TimeProvider _clock;

    public CloudWatchQueueAgeMetric(AWSCredentials? credentials, Uri? endpoint, string region, TimeProvider clock)
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

    public async Task<long?> OldestAgeSecondsAsync(string queueName, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Namespace", "AWS/SQS"),
            new("MetricName", "ApproximateAgeOfOldestMessage"),
            new("Dimensions.member.1.Name", "QueueName"),
            new("Dimensions.member.1.Value", queueName),
            new("StartTime", now.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("EndTime", now.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("Period", "60"),
            new("Statistics.member.1", "Maximum"),
        };
        var result = await _client.QueryAsync("GetMetricStatistics", "2010-08-01", parameters, cancellationToken).ConfigureAwait(false);
        var newest = result.Element("Datapoints")?.Elements("member")
            .Select(m => (At: DateTimeOffset.TryParse(m.Element("Timestamp")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue,
                          Max: double.TryParse(m.Element("Maximum")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var max) ? max : (double?)null))
            .Where(d => d.Max is not null)
            .OrderByDescending(d => d.At)
            .FirstOrDefault();
        return newest?.Max is { } value ? (long)Math.Round(value) : null;
    }

    public void Dispose() => _client.Dispose();

    private sealed class Config : AwsClientConfig;
}
