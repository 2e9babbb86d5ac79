using Amazon.SQS;
using Amazon.SQS.Model;

namespace SesMail.LocalRuntime.EventSources;

/// <summary>
/// Receives batches from one queue the way Lambda's SQS poller does: long polling (20 s), up to <c>BatchSize</c>
/// messages, gathering for up to <c>MaximumBatchingWindowInSeconds</c> once the first message arrived.
/// </summary>
internal sealed class SqsBatchReceiver(IAmazonSQS sqs, string queueUrl, int batchSize, TimeSpan batchingWindow, TimeProvider time)
{
    /// <summary>Long-poll wait per ReceiveMessage call, in seconds (SQS's maximum).</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    public string QueueUrl => queueUrl;

    /// <summary>Receives the next batch; empty when a long poll returned nothing.</summary>
    public async Task<List<Message>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var messages = new List<Message>();
        DateTimeOffset? deadline = null;
        while (messages.Count < batchSize)
        {
            var wait = WaitTimeSeconds;
            if (deadline is { } d)
            {
                var remaining = d - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                wait = Math.Min(wait, Math.Max(0, (int)Math.Ceiling(remaining.TotalSeconds)));
            }

            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = Math.Min(10, batchSize - messages.Count),
                    WaitTimeSeconds = wait,
                    MessageSystemAttributeNames = ["All"],
                    MessageAttributeNames = ["All"],
                },
                cancellationToken).ConfigureAwait(false);
            var received = response.Messages ?? [];
            messages.AddRange(received);
            if (messages.Count == 0)
            {
                return messages;
            }

            if (batchingWindow <= TimeSpan.Zero)
            {
                break;
            }

            deadline ??= time.GetUtcNow() + batchingWindow;
        }

        return messages;
    }

    /// <summary>Deletes messages (DeleteMessageBatch, 10 at a time).</summary>
    public async Task DeleteAsync(IEnumerable<Message> messages, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var response = await sqs.DeleteMessageBatchAsync(
                new DeleteMessageBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
                },
                cancellationToken).ConfigureAwait(false);
            if (response.Failed is { Count: > 0 } failed)
            {
                throw new InvalidOperationException($"DeleteMessageBatch on {queueUrl} failed for {failed.Count} message(s): {failed[0].Code} {failed[0].Message}");
            }
        }
    }

    /// <summary>
    /// Receives batches until <paramref name="cancellationToken"/> is cancelled and hands each non-empty one to
    /// <paramref name="process"/>; a failed receive or process is reported to <paramref name="onFailure"/> with the
    /// back-off about to be waited (1 s, doubling to 30 s, reset after a success).
    /// </summary>
    public async Task PollAsync(
        Func<List<Message>, CancellationToken, Task> process,
        Action<Exception, TimeSpan> onFailure,
        CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await process(batch, cancellationToken).ConfigureAwait(false);
                }

                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or Amazon.Runtime.AmazonServiceException)
            {
                onFailure(ex, backoff);
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
            }
        }
    }
}
