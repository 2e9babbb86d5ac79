using Amazon.Runtime;
using SesMail.Cli.Hosting;

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
    private readonly MetricStatistics _statistics;
    private readonly TimeProvider _clock;

    public CloudWatchQueueAgeMetric(AWSCredentials? credentials, Uri? endpoint, string region, TimeProvider clock)
    {
        _clock = clock;
        _statistics = new MetricStatistics(credentials, endpoint, region);
    }

    public async Task<long?> OldestAgeSecondsAsync(string queueName, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var points = await _statistics.GetAsync("AWS/SQS", "ApproximateAgeOfOldestMessage", ("QueueName", queueName), "Maximum", now.AddMinutes(-10), now.AddMinutes(1), cancellationToken).ConfigureAwait(false);
        return points.Count == 0 ? null : (long)Math.Round(points.MaxBy(p => p.At).Value);
    }

    public void Dispose() => _statistics.Dispose();
}
