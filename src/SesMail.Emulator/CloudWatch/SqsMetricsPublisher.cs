using SesMail.Emulator.Sqs;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Publishes the <c>AWS/SQS</c> metrics of every queue once a minute on the injected clock, as SQS does
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html),
/// dimension <c>QueueName</c>: <c>ApproximateNumberOfMessagesVisible</c>, <c>ApproximateNumberOfMessagesNotVisible</c>,
/// <c>ApproximateNumberOfMessagesDelayed</c>, <c>ApproximateAgeOfOldestMessage</c> (seconds, 0 for an empty queue),
/// and <c>NumberOfMessagesSent</c>, <c>NumberOfMessagesReceived</c>, <c>NumberOfMessagesDeleted</c> (counts since the
/// previous minute).
/// </summary>
internal sealed class SqsMetricsPublisher(SqsStore queues, IMetricPublisher metrics, TimeProvider time) : IHostedService, IDisposable
{
    /// <summary>How often the metrics are published.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private ITimer? _timer;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => PublishAll(), null, Interval, Interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();

    /// <summary>Publishes one datapoint of each metric for every queue of every region, now.</summary>
    public void PublishAll()
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var queue in queues.All())
        {
            var (visible, notVisible, delayed) = queue.Count(nowMs);
            var oldest = queue.OldestSentTimestamp(nowMs);
            var (sent, received, deleted) = queue.TakeCounts();
            KeyValuePair<string, string>[] dimensions = [new("QueueName", queue.Name)];
            void Put(string name, double value, string unit) =>
                metrics.Publish(new MetricDatum("AWS/SQS", name, dimensions, value, unit, now, queue.Region));
            Put("ApproximateNumberOfMessagesVisible", visible, "Count");
            Put("ApproximateNumberOfMessagesNotVisible", notVisible, "Count");
            Put("ApproximateNumberOfMessagesDelayed", delayed, "Count");
            Put("ApproximateAgeOfOldestMessage", oldest is { } sentAt ? Math.Max(0, (nowMs - sentAt) / 1000) : 0, "Seconds");
            Put("NumberOfMessagesSent", sent, "Count");
            Put("NumberOfMessagesReceived", received, "Count");
            Put("NumberOfMessagesDeleted", deleted, "Count");
        }
    }
}
