using System.Text.Json.Serialization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace SesMail.Cli.Queues;

/// <summary>
/// Moves messages from a DLQ back to its source queue as docs/OPERATIONS.md#queues-and-dead-letters
/// describes it: receive up to 10 (wait 1 s), re-send body, message attributes and the <c>AWSTraceHeader</c> system
/// attribute (so the message stays in its trace, docs/TRACING.md), delete from the DLQ,
/// pause 1/rate seconds between messages, stop at an empty receive or at the maximum.
/// </summary>
internal sealed class DlqRedriver
{
    private const string TraceAttribute = "AWSTraceHeader";
    private readonly IAmazonSQS _sqs;
    private readonly TimeProvider _time;

    public DlqRedriver(IAmazonSQS sqs, TimeProvider? time = null)
    {
        _sqs = sqs;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="deadLetterUrl">The DLQ.</param>
    /// <param name="sourceUrl">The queue to send the messages back to.</param>
    /// <param name="max">At most this many messages; 0 = everything present.</param>
    /// <param name="rate">Messages per second; 0 = no limit.</param>
    /// <param name="progress">Called after each message with the running totals.</param>
    /// <param name="cancellationToken">Stops between messages.</param>
    public async Task<RedriveResult> RedriveAsync(string deadLetterUrl, string sourceUrl, int max, double rate, Action<RedriveResult>? progress, CancellationToken cancellationToken)
    {
        var redriven = 0;
        var failed = 0;
        var pause = rate > 0 ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.Zero;
        while (max == 0 || redriven + failed < max)
        {
            var batch = Math.Min(10, max == 0 ? 10 : max - redriven - failed);
            var received = await _sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = deadLetterUrl,
                    MaxNumberOfMessages = batch,
                    WaitTimeSeconds = 1,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["All"],
                },
                cancellationToken).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 } messages)
            {
                break;
            }

            foreach (var message in messages)
            {
                try
                {
                    await _sqs.SendMessageAsync(
                        new SendMessageRequest
                        {
                            QueueUrl = sourceUrl,
                            MessageBody = message.Body,
                            MessageAttributes = message.MessageAttributes is { Count: > 0 } attributes ? attributes : null,
                            MessageSystemAttributes = message.Attributes?.GetValueOrDefault(TraceAttribute) is { } trace
                                ? new() { [TraceAttribute] = new MessageSystemAttributeValue { DataType = "String", StringValue = trace } }
                                : null,
                        },
                        cancellationToken).ConfigureAwait(false);
                    await _sqs.DeleteMessageAsync(deadLetterUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
                    redriven++;
                }
                catch (AmazonSQSException)
                {
                    failed++; // the message stays in the DLQ and becomes visible again after its visibility timeout
                }

                progress?.Invoke(new RedriveResult(deadLetterUrl, sourceUrl, redriven, failed));
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new RedriveResult(deadLetterUrl, sourceUrl, redriven, failed);
    }
}

/// <summary>Outcome of a redrive: the runbook's <c>RedrivenCount</c> and <c>FailedCount</c>.</summary>
internal sealed record RedriveResult(
    [property: JsonPropertyName("DLQUrl")] string DeadLetterQueueUrl,
    [property: JsonPropertyName("SourceQueueUrl")] string SourceQueueUrl,
    [property: JsonPropertyName("RedrivenCount")] int RedrivenCount,
    [property: JsonPropertyName("FailedCount")] int FailedCount);
