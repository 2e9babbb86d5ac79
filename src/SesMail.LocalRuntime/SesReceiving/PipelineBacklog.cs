using Amazon.SQS;
using Amazon.SQS.Model;
using OpenTelemetry;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Hosting;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// How many received messages the pipeline has not finished with yet: what the SMTP edge's flow control reads
/// (<see cref="InFlowGate"/>, docs/DELIVERY.md "When mail arrives faster than it is delivered").
/// </summary>
public interface IPipelineBacklog
{
    /// <summary>The number of messages waiting in or being processed from the pipeline's working queues, without waiting.</summary>
    /// <returns>The latest count, or <c>null</c> when it is not known (no reading yet, no stack yet, or the queues could not be read).</returns>
    int? Read();
}

/// <summary>
/// The backlog as SQS reports it: the sum of <c>ApproximateNumberOfMessages</c> and
/// <c>ApproximateNumberOfMessagesNotVisible</c> (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html)
/// over the stack's working queues (<see cref="WorkingQueues"/>). A reading is reused for
/// <see cref="SampleInterval"/>, and a new one is only taken when the edge asks, in the background, so an edge that is idle
/// and not holding mail makes no requests (<see cref="InFlowGate"/> asks once a second while it holds mail), and no
/// transaction waits for SQS. The reads are not traced: they are the edge's housekeeping, not a
/// message's hop. A read that fails or takes over <see cref="ReadTimeout"/> makes the backlog unknown (no flow control)
/// until one succeeds.
/// </summary>
internal sealed partial class SqsPipelineBacklog(IAmazonSQS sqs, TimeProvider time, ILogger<SqsPipelineBacklog> logger, LocalRuntimeState? state = null) : IPipelineBacklog
{
    /// <summary>How long one reading is reused before the next read of the queues starts.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one read of the queues may take before it counts as failed.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private static readonly List<string> Attributes = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"];

    private IReadOnlyList<string>? _queueUrls;
    private volatile Reading? _latest;
    private int _refreshing;
    private bool _failing;

    /// <summary>
    /// The queues something consumes as mail arrives: every SQS queue of the stack that is the <c>Source</c> of an
    /// <c>AWS::Pipes::Pipe</c> or the <c>EventSourceArn</c> of an <c>AWS::Lambda::EventSourceMapping</c>. Dead-letter
    /// queues and the retry queue (read only when a replay runs) are not among them.
    /// </summary>
    /// <param name="stack">The provisioned stack.</param>
    /// <returns>The queue URLs, in logical-id order, each once.</returns>
    public static IReadOnlyList<string> WorkingQueues(ResolvedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return [.. stack.Resources.Values
            .OrderBy(r => r.LogicalId, StringComparer.Ordinal)
            .Select(r => r.Type switch
            {
                "AWS::Pipes::Pipe" => r.Property("Source"),
                "AWS::Lambda::EventSourceMapping" => r.Property("EventSourceArn"),
                _ => null,
            })
            .OfType<string>()
            .Select(arn => stack.FindByAttribute("Arn", arn))
            .Where(queue => queue is { Type: "AWS::SQS::Queue" })
            .Select(queue => queue!.PhysicalId)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The latest reading, at once: a transaction never waits for SQS. When that reading is older than
    /// <see cref="SampleInterval"/> (or there is none yet) a new read starts in the background, one at a time, and the
    /// next call sees its result.
    /// </summary>
    public int? Read()
    {
        var latest = _latest;
        if ((latest is null || time.GetElapsedTime(latest.TakenAt) >= SampleInterval) && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshAsync();
        }

        return latest?.Count;
    }

    private async Task RefreshAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            var count = await ReadNowAsync(timeout.Token).ConfigureAwait(false);
            _latest = new Reading(count, time.GetTimestamp());
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<int?> ReadNowAsync(CancellationToken cancellationToken)
    {
        if (_queueUrls is null)
        {
            if (state?.Stack is not { IsCompletedSuccessfully: true } stack)
            {
                return null;
            }

            _queueUrls = WorkingQueues(stack.Result.Resolved);
        }

        try
        {
            using var quiet = SuppressInstrumentationScope.Begin();
            var total = 0;
            foreach (var url in _queueUrls)
            {
                var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = Attributes }, cancellationToken).ConfigureAwait(false);
                total += response.ApproximateNumberOfMessages + response.ApproximateNumberOfMessagesNotVisible;
            }

            _failing = false;
            return total;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            if (!_failing)
            {
                LogUnreadable(logger, error.Message);
            }

            _failing = true;
            return null;
        }
    }

    private sealed record Reading(int? Count, long TakenAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: the pipeline's queues could not be read ({Reason}); mail is accepted without flow control until they can")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}

/// <summary>
/// The edge's flow control, after Postfix's <c>in_flow_delay</c>: while the pipeline holds
/// <see cref="SmtpEdgeOptions.BacklogLimit"/> messages or more, a new transaction's <c>MAIL FROM</c> waits until the
/// backlog drops below it, for at most <see cref="SmtpEdgeOptions.InFlowDelay"/>, and is then accepted either way.
/// So a sender faster than the pipeline is slowed to the pipeline's pace and the accept→mailbox latency stays bounded
/// (about the limit divided by the delivery rate), while a pipeline that has stopped (a broken forwarder) costs each
/// message one delay and loses nothing. Nothing is refused.
/// </summary>
internal sealed partial class InFlowGate(SmtpEdgeOptions options, IPipelineBacklog backlog, TimeProvider time, ILogger<InFlowGate> logger) : IDisposable
{
    /// <summary>How often the backlog is read while the edge holds mail and no transaction reads it.</summary>
    public static readonly TimeSpan CaughtUpCheckInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private int _holding;
    private int _episode;

    /// <summary>Waits as described; returns at once when flow control is off (<see cref="SmtpEdgeOptions.BacklogLimit"/> 0).</summary>
    /// <param name="cancellationToken">The session's token.</param>
    /// <returns>Completes when the transaction may go on.</returns>
    /// <remarks>
    /// The edge logs once when it starts holding mail and once when the backlog has fallen below half the limit, not at
    /// each crossing of the limit, which under a steady overload happens several times a second. While it holds mail it
    /// also reads the backlog every <see cref="CaughtUpCheckInterval"/> by itself, so the all-clear is logged when the
    /// pipeline catches up, not at the next message, which may be hours later (docs/DELIVERY.md).
    /// </remarks>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (options.BacklogLimit <= 0)
        {
            return;
        }

        var start = time.GetTimestamp();
        while (true)
        {
            var count = backlog.Read();
            if (count is null || count < options.BacklogLimit)
            {
                ReleaseIfCaughtUp(count);
                return;
            }

            if (Interlocked.CompareExchange(ref _holding, 1, 0) == 0)
            {
                LogHolding(logger, count.Value, options.BacklogLimit, options.InFlowDelay.TotalSeconds);
                if (!_stopping.IsCancellationRequested)
                {
                    _ = WatchUntilCaughtUpAsync(Interlocked.Increment(ref _episode), _stopping.Token);
                }
            }

            var left = options.InFlowDelay - time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < SqsPipelineBacklog.SampleInterval ? left : SqsPipelineBacklog.SampleInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the check started while holding mail (the edge is shutting down).</summary>
    public void Dispose() => _stopping.Cancel(); // not disposed: a transaction still under way may read its token

    /// <summary>Logs the all-clear once, when the backlog (<c>null</c>: unknown) is below half the limit while holding.</summary>
    private void ReleaseIfCaughtUp(int? count)
    {
        if ((count ?? 0) < Math.Max(1, options.BacklogLimit / 2) && Interlocked.CompareExchange(ref _holding, 0, 1) == 1)
        {
            LogReleased(logger, count ?? 0, options.BacklogLimit);
        }
    }

    /// <summary>
    /// Reads the backlog every <see cref="CaughtUpCheckInterval"/> until the edge no longer holds mail, or holds it again
    /// in a later episode (which has a check of its own).
    /// </summary>
    private async Task WatchUntilCaughtUpAsync(int episode, CancellationToken cancellationToken)
    {
        try
        {
            while (Volatile.Read(ref _holding) == 1 && Volatile.Read(ref _episode) == episode)
            {
                await Task.Delay(CaughtUpCheckInterval, time, cancellationToken).ConfigureAwait(false);
                ReleaseIfCaughtUp(backlog.Read());
            }
        }
        catch (OperationCanceledException)
        {
            // The edge is stopping.
        }
        catch (Exception error)
        {
            LogCheckFailed(logger, error); // the next transaction still reads the backlog and logs the all-clear
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: the background check for the pipeline catching up failed; the all-clear will be logged with the next message instead")]
    private static partial void LogCheckFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: the pipeline holds {Count} messages (limit {Limit}); new mail waits up to {DelaySeconds} s before it is accepted")]
    private static partial void LogHolding(ILogger logger, int count, int limit, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "SES receiving: the pipeline has caught up ({Count} messages, below half the limit of {Limit}); mail is accepted without waiting")]
    private static partial void LogReleased(ILogger logger, int count, int limit);
}
