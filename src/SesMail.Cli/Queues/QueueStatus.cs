using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Queues;

/// <summary>One queue's figures and verdict, a row of <c>sesmail queues</c> (docs/OPERATIONS.md, "Queue health").</summary>
/// <param name="Role">Short name: <c>input</c>, <c>forwarder</c>, <c>retry</c>, <c>bouncer</c>.</param>
/// <param name="Name">The queue name.</param>
/// <param name="Kind">work, retry or dead-letter.</param>
/// <param name="Exists">False when the stack has no such queue.</param>
/// <param name="Visible">SQS <c>ApproximateNumberOfMessages</c>.</param>
/// <param name="InFlight">SQS <c>ApproximateNumberOfMessagesNotVisible</c>.</param>
/// <param name="Delayed">SQS <c>ApproximateNumberOfMessagesDelayed</c>.</param>
/// <param name="OldestAgeSeconds">Age of the oldest message in seconds, or null when unknown.</param>
/// <param name="OldestAgeSource"><c>metric</c> (CloudWatch <c>AWS/SQS ApproximateAgeOfOldestMessage</c>, in-flight
/// messages included) or <c>sample</c> (the oldest <c>SentTimestamp</c> among visible messages looked at); null when unknown.</param>
/// <param name="MaxReceiveCount">Most receives of a sampled message before the sample; null when none was sampled.</param>
/// <param name="Sampled">How many visible messages were looked at (received with visibility timeout 0, not deleted).</param>
/// <param name="Health">ok, warning or alarm.</param>
/// <param name="Reason">Why.</param>
/// <param name="Fix">What to run, or null.</param>
/// <param name="Url">The queue URL, or null when it does not exist.</param>
internal sealed record QueueStatus(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] QueueKind Kind,
    [property: JsonPropertyName("exists")] bool Exists,
    [property: JsonPropertyName("visible")] long? Visible,
    [property: JsonPropertyName("inFlight")] long? InFlight,
    [property: JsonPropertyName("delayed")] long? Delayed,
    [property: JsonPropertyName("oldestAgeSeconds")] long? OldestAgeSeconds,
    [property: JsonPropertyName("oldestAgeSource")] string? OldestAgeSource,
    [property: JsonPropertyName("maxReceiveCount")] int? MaxReceiveCount,
    [property: JsonPropertyName("sampled")] int Sampled,
    [property: JsonPropertyName("health")] QueueHealthLevel Health,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("fix")] string? Fix,
    [property: JsonPropertyName("url")] string? Url)
{
    /// <summary>True for a dead-letter queue.</summary>
    [JsonPropertyName("deadLetter")]
    public bool DeadLetter => Kind == QueueKind.DeadLetter;

    /// <summary>The queue exists and its health is <c>ok</c>.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy => Exists && Health == QueueHealthLevel.Ok;
}

/// <summary>The result of one reading: every queue's row, and why CloudWatch ages were not used (if they were not).</summary>
/// <param name="Queues">Rows in pipeline order, each queue before its DLQ.</param>
/// <param name="MetricUnavailable">CloudWatch's refusal when the age metric could not be read, else null.</param>
internal sealed record QueueReading(IReadOnlyList<QueueStatus> Queues, string? MetricUnavailable);

/// <summary>
/// Reads every queue of the stack: counts from <c>GetQueueAttributes</c>, the oldest message's age from CloudWatch
/// (<see cref="IQueueAgeMetric"/>) and from a sample, receive counts from the sample, and the verdict of
/// <see cref="QueueHealth"/>.
/// </summary>
/// <remarks>
/// The sample is a <c>ReceiveMessage</c> with <c>VisibilityTimeout</c> 0 that deletes nothing, so the messages stay
/// where they were. It still counts as a receive: on a queue with a <c>RedrivePolicy</c> it uses up one of the
/// message's <c>maxReceiveCount</c> deliveries, and a message at its last one would move to the DLQ. So queues with a
/// redrive policy (work and retry queues) are sampled only when asked (<c>--peek</c>); DLQs always are. A sample sees
/// visible messages only; the CloudWatch metric also covers messages in flight, which is why it comes first.
/// </remarks>
internal sealed class QueueHealthReader
{
    private const int SampleReceives = 3;
    private readonly IAmazonSQS _sqs;
    private readonly IQueueAgeMetric? _metric;
    private readonly TimeProvider _clock;
    private string? _metricUnavailable;

    public QueueHealthReader(IAmazonSQS sqs, IQueueAgeMetric? metric, TimeProvider clock)
    {
        _sqs = sqs;
        _metric = metric;
        _clock = clock;
    }

    /// <summary>Reads every queue and DLQ of the stack.</summary>
    /// <param name="names">The stack's names.</param>
    /// <param name="peekAll">Sample queues with a redrive policy too (each sample is one receive of their messages).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public async Task<QueueReading> ReadAllAsync(StackNames names, bool peekAll, CancellationToken cancellationToken)
    {
        var rows = new List<QueueStatus>();
        foreach (var pair in names.Queues)
        {
            var kind = pair.Role == "retry" ? QueueKind.Retry : QueueKind.Work;
            rows.Add(await ReadAsync(pair.Role, pair.Queue, kind, peekAll, names.Environment, cancellationToken).ConfigureAwait(false));
            rows.Add(await ReadAsync(pair.Role, pair.DeadLetterQueue, QueueKind.DeadLetter, peekAll, names.Environment, cancellationToken).ConfigureAwait(false));
        }

        return new QueueReading(rows, _metricUnavailable);
    }

    private async Task<QueueStatus> ReadAsync(string role, string name, QueueKind kind, bool peekAll, string environment, CancellationToken cancellationToken)
    {
        if (await QueueAttributes.ReadAsync(_sqs, name, ["All"], cancellationToken).ConfigureAwait(false) is not { } queue)
        {
            return new QueueStatus(role, name, kind, false, null, null, null, null, null, null, 0, QueueHealthLevel.Ok, "missing", "is the stack provisioned, and --env right?", null);
        }

        var (url, visible, inFlight, delayed) = (queue.Url, queue.Visible, queue.InFlight, queue.Delayed);

        long? age = null;
        string? source = null;
        if (visible + inFlight + delayed > 0 && await MetricAgeAsync(name, cancellationToken).ConfigureAwait(false) is { } metricAge)
        {
            (age, source) = (metricAge, "metric");
        }

        var sample = visible > 0 && (peekAll || !queue.Attributes.ContainsKey("RedrivePolicy"))
            ? await SampleAsync(url, cancellationToken).ConfigureAwait(false)
            : new Sample(0, null, null);
        if (sample.OldestSentTimestamp is { } sent)
        {
            var sampleAge = Math.Max(0, (_clock.GetUtcNow().ToUnixTimeMilliseconds() - sent) / 1000);
            if (age is null || sampleAge > age)
            {
                (age, source) = (sampleAge, "sample");
            }
        }

        var verdict = QueueHealth.Evaluate(kind, role, new QueueFigures(visible, inFlight, delayed, age, sample.MaxReceiveCount), environment);
        return new QueueStatus(role, name, kind, true, visible, inFlight, delayed, age, source, sample.MaxReceiveCount, sample.Count, verdict.Level, verdict.Reason, verdict.Fix, url);
    }

    private async Task<long?> MetricAgeAsync(string name, CancellationToken cancellationToken)
    {
        if (_metric is null || _metricUnavailable is not null)
        {
            return null;
        }

        try
        {
            return await _metric.OldestAgeSecondsAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException error)
        {
            _metricUnavailable = $"{error.ErrorCode}: {error.Message}";
            return null;
        }
    }

    /// <summary>
    /// Receives visible messages with visibility timeout 0 and deletes none: one receive of up to 10, repeated (at most
    /// 3 in all) only while each comes back full of messages not seen yet, so each message is received once.
    /// </summary>
    private async Task<Sample> SampleAsync(string url, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, (long Sent, int Received)>(StringComparer.Ordinal);
        for (var i = 0; i < SampleReceives; i++)
        {
            var response = await _sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = url,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = 0,
                    WaitTimeSeconds = 0,
                    MessageSystemAttributeNames = ["SentTimestamp", "ApproximateReceiveCount"],
                },
                cancellationToken).ConfigureAwait(false);
            var messages = response.Messages ?? [];
            var fresh = 0;
            foreach (var message in messages)
            {
                var attributes = message.Attributes ?? [];
                var sent = QueueAttributes.Number(attributes, "SentTimestamp") ?? long.MaxValue;
                var received = (int)(QueueAttributes.Number(attributes, "ApproximateReceiveCount") ?? 1) - 1; // less this receive
                if (seen.TryAdd(message.MessageId, (sent, received)))
                {
                    fresh++;
                }
            }

            if (messages.Count < 10 || fresh < messages.Count)
            {
                break; // the queue had no more to give, or began to repeat: each further receive would count again
            }
        }

        return seen.Count == 0
            ? new Sample(0, null, null)
            : new Sample(seen.Count, seen.Values.Min(v => v.Sent), seen.Values.Max(v => v.Received));
    }

    private sealed record Sample(int Count, long? OldestSentTimestamp, int? MaxReceiveCount);
}
