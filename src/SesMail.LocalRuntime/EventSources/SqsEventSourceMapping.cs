using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Aws.Events;
using SesMail.LocalRuntime.Invocation;

namespace SesMail.LocalRuntime.EventSources;

/// <summary>
/// An <c>AWS::Lambda::EventSourceMapping</c> from an SQS queue, run as Lambda runs it
/// (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): <c>ScalingConfig.MaximumConcurrency</c> pollers,
/// each long-polling a batch of up to <c>BatchSize</c> messages (gathering for <c>MaximumBatchingWindowInSeconds</c>),
/// invoking the function with the SQS event, then deleting what succeeded. A function error or timeout leaves the
/// whole batch to reappear after the visibility timeout (and reach the DLQ after <c>maxReceiveCount</c>). With
/// <c>ReportBatchItemFailures</c>, only the records named in <c>batchItemFailures</c> stay; a malformed response
/// or an identifier that is empty or not in the batch fails the whole batch, as Lambda does.
/// </summary>
internal sealed class SqsEventSourceMapping(
    SqsEventSourceMappingSettings settings,
    IAmazonSQS sqs,
    ILambdaInvoker invoker,
    ILogger logger,
    TimeProvider time)
{
    public SqsEventSourceMappingSettings Settings => settings;

    /// <summary>Runs the pollers until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            logger.LogInformation("Event source mapping {Queue} → {Function} is disabled.", settings.QueueArn, settings.FunctionName);
            return Task.CompletedTask;
        }

        logger.LogInformation(
            "Event source mapping {Queue} → {Function}: batch {BatchSize}, window {Window} s, concurrency {Concurrency}, ReportBatchItemFailures {Partial}.",
            settings.QueueArn, settings.FunctionName, settings.BatchSize, settings.MaximumBatchingWindowInSeconds, settings.MaximumConcurrency, settings.ReportBatchItemFailures);
        var workers = Enumerable.Range(0, settings.MaximumConcurrency).Select(_ => PollAsync(cancellationToken));
        return Task.WhenAll(workers);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var receiver = new SqsBatchReceiver(sqs, settings.QueueUrl, settings.BatchSize, TimeSpan.FromSeconds(settings.MaximumBatchingWindowInSeconds), time)
        {
            WaitTimeSeconds = settings.WaitTimeSeconds,
        };
        await receiver.PollAsync(
            (batch, ct) => ProcessAsync(receiver, batch, ct),
            (ex, backoff) => logger.LogWarning(ex, "Polling {Queue} for {Function} failed; retrying in {Delay} s.", settings.QueueUrl, settings.FunctionName, backoff.TotalSeconds),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Invokes the function with one batch and deletes what succeeded.</summary>
    internal async Task ProcessAsync(SqsBatchReceiver receiver, IReadOnlyList<Message> batch, CancellationToken cancellationToken)
    {
        var records = batch.Select(m => SqsRecordFactory.Create(m, settings.QueueArn, settings.Region)).ToList();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new SqsEvent(records), LambdaEventsJsonContext.Default.SqsEvent);
        var result = await invoker.InvokeAsync(settings.FunctionName, payload, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            logger.LogWarning("{Function} failed ({ErrorType}: {ErrorMessage}); the {Count} message(s) stay on {Queue}.", settings.FunctionName, result.ErrorType, result.ErrorMessage, batch.Count, settings.QueueUrl);
            return;
        }

        var failed = settings.ReportBatchItemFailures ? FailedIds(result.Payload!, batch) : [];
        if (failed is null)
        {
            logger.LogWarning("{Function} returned an invalid batchItemFailures response; the whole batch of {Count} stays on {Queue}.", settings.FunctionName, batch.Count, settings.QueueUrl);
            return;
        }

        var succeeded = batch.Where(m => !failed.Contains(m.MessageId)).ToList();
        await receiver.DeleteAsync(succeeded, cancellationToken).ConfigureAwait(false);
        if (failed.Count > 0)
        {
            logger.LogInformation("{Function} reported {Failed} of {Count} record(s) failed; they stay on {Queue}.", settings.FunctionName, failed.Count, batch.Count, settings.QueueUrl);
        }
    }

    /// <summary>The message ids the response names as failed; <c>null</c> when the response fails the whole batch.</summary>
    internal static HashSet<string>? FailedIds(byte[] payload, IReadOnlyList<Message> batch)
    {
        if (payload.Length == 0 || payload.AsSpan().Trim((byte)' ').SequenceEqual("null"u8))
        {
            return [];
        }

        SqsBatchResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(payload, LambdaEventsJsonContext.Default.SqsBatchResponse);
        }
        catch (JsonException)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var known = batch.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        foreach (var failure in response?.BatchItemFailures ?? [])
        {
            if (string.IsNullOrEmpty(failure.ItemIdentifier) || !known.Contains(failure.ItemIdentifier))
            {
                return null;
            }

            ids.Add(failure.ItemIdentifier);
        }

        return ids;
    }
}

/// <summary>One SQS event source mapping's settings, from the template and the resolved stack.</summary>
/// <param name="FunctionName">The function's name or ARN.</param>
/// <param name="QueueArn">The source queue ARN (<c>EventSourceArn</c>).</param>
/// <param name="QueueUrl">The source queue URL.</param>
/// <param name="Region">The queue's region.</param>
/// <param name="BatchSize"><c>BatchSize</c>, default 10.</param>
/// <param name="MaximumBatchingWindowInSeconds">Default 0.</param>
/// <param name="MaximumConcurrency"><c>ScalingConfig.MaximumConcurrency</c>; locally default 2.</param>
/// <param name="ReportBatchItemFailures">Whether <c>FunctionResponseTypes</c> holds <c>ReportBatchItemFailures</c>.</param>
/// <param name="Enabled"><c>Enabled</c>, default true.</param>
internal sealed record SqsEventSourceMappingSettings(
    string FunctionName,
    string QueueArn,
    string QueueUrl,
    string Region,
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    int MaximumConcurrency,
    bool ReportBatchItemFailures,
    bool Enabled)
{
    /// <summary>Long-poll wait per receive (20 s as Lambda; tests shorten it).</summary>
    public int WaitTimeSeconds { get; init; } = 20;
}
