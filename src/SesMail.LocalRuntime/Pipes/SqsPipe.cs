using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Aws.Events;
using SesMail.LocalRuntime.EventSources;
using SesMail.LocalRuntime.Invocation;

namespace SesMail.LocalRuntime.Pipes;

/// <summary>
/// An <c>AWS::Pipes::Pipe</c> with an SQS source, an optional Lambda enrichment and an event-bus target, run as
/// EventBridge Pipes runs it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html): poll a
/// batch, call the enrichment with the JSON array of SQS records, put each element it returns on the bus with the
/// target's <c>Source</c> and <c>DetailType</c> (PutEvents), and delete the batch only after PutEvents succeeded.
/// When enrichment fails, returns more than 10 elements, or the bus rejects an entry, the batch stays on the queue,
/// to be retried after its visibility timeout and dead-lettered after <c>maxReceiveCount</c>.
/// </summary>
/// <remarks>An enrichment returning an empty array ends the batch with no events, as Pipes does (the messages are deleted).</remarks>
internal sealed class SqsPipe(PipeSettings settings, IAmazonSQS sqs, ILambdaInvoker invoker, IEventBusPublisher bus, ILogger logger, TimeProvider time)
{
    /// <summary>The most events one enrichment may return (PutEvents' entry limit).</summary>
    public const int MaximumEvents = 10;

    public PipeSettings Settings => settings;

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Pipe {Pipe}: {Source} → {Enrichment} → {Target} (batch {BatchSize}).", settings.Name, settings.QueueArn, settings.EnrichmentFunction ?? "(none)", settings.TargetBusArn, settings.BatchSize);
        var receiver = new SqsBatchReceiver(sqs, settings.QueueUrl, settings.BatchSize, TimeSpan.FromSeconds(settings.MaximumBatchingWindowInSeconds), time)
        {
            WaitTimeSeconds = settings.WaitTimeSeconds,
        };
        await receiver.PollAsync(
            (batch, ct) => ProcessAsync(receiver, batch, ct),
            (ex, backoff) => logger.LogWarning(ex, "Pipe {Pipe}: polling {Queue} failed; retrying in {Delay} s.", settings.Name, settings.QueueUrl, backoff.TotalSeconds),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one batch through enrichment and the target; returns whether it was delivered (and deleted).</summary>
    internal async Task<bool> ProcessAsync(SqsBatchReceiver receiver, IReadOnlyList<Message> batch, CancellationToken cancellationToken)
    {
        var records = batch.Select(m => SqsRecordFactory.Create(m, settings.QueueArn, settings.Region)).ToList();
        var recordsJson = JsonSerializer.SerializeToUtf8Bytes(records, LambdaEventsJsonContext.Default.IReadOnlyListSqsMessage);
        List<JsonNode?> elements;
        if (settings.EnrichmentFunction is { } enrichment)
        {
            var result = await invoker.InvokeAsync(enrichment, recordsJson, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                logger.LogError("Pipe {Pipe}: enrichment {Function} failed ({ErrorType}: {ErrorMessage}); {Count} message(s) stay on {Queue}.", settings.Name, enrichment, result.ErrorType, result.ErrorMessage, batch.Count, settings.QueueUrl);
                return false;
            }

            try
            {
                elements = JsonNode.Parse(result.Payload!) switch
                {
                    JsonArray array => array.ToList(),
                    null => [],
                    var single => [single],
                };
            }
            catch (JsonException ex)
            {
                logger.LogError("Pipe {Pipe}: enrichment {Function} returned invalid JSON ({Error}); the batch stays.", settings.Name, enrichment, ex.Message);
                return false;
            }
        }
        else
        {
            elements = JsonNode.Parse(recordsJson)!.AsArray().ToList();
        }

        if (elements.Count > MaximumEvents)
        {
            logger.LogError("Pipe {Pipe}: enrichment returned {Count} elements, more than the {Max} PutEvents accepts; the batch stays.", settings.Name, elements.Count, MaximumEvents);
            return false;
        }

        if (elements.Count > 0)
        {
            var events = elements.Select(e => new BusEvent(settings.Source, settings.DetailType, e?.ToJsonString() ?? "null")).ToList();
            int failed;
            try
            {
                failed = await bus.PutEventsAsync(settings.TargetBusArn, events, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or Amazon.Runtime.AmazonServiceException)
            {
                logger.LogError(ex, "Pipe {Pipe}: PutEvents to {Bus} failed; the batch stays.", settings.Name, settings.TargetBusArn);
                return false;
            }

            if (failed > 0)
            {
                logger.LogError("Pipe {Pipe}: the bus rejected {Failed} of {Count} event(s); the batch stays.", settings.Name, failed, events.Count);
                return false;
            }
        }

        await receiver.DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>One pipe's settings from the template and the resolved stack.</summary>
/// <param name="Name">The pipe name.</param>
/// <param name="QueueArn">The source queue ARN.</param>
/// <param name="QueueUrl">The source queue URL.</param>
/// <param name="Region">The region.</param>
/// <param name="BatchSize"><c>SourceParameters.SqsQueueParameters.BatchSize</c>, default 10.</param>
/// <param name="MaximumBatchingWindowInSeconds">Default 0.</param>
/// <param name="EnrichmentFunction">The enrichment function ARN, or <c>null</c>.</param>
/// <param name="TargetBusArn">The target event bus ARN.</param>
/// <param name="Source"><c>TargetParameters.EventBridgeEventBusParameters.Source</c>.</param>
/// <param name="DetailType"><c>TargetParameters.EventBridgeEventBusParameters.DetailType</c>.</param>
internal sealed record PipeSettings(
    string Name,
    string QueueArn,
    string QueueUrl,
    string Region,
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    string? EnrichmentFunction,
    string TargetBusArn,
    string Source,
    string DetailType)
{
    /// <summary>Long-poll wait per receive (20 s; tests shorten it).</summary>
    public int WaitTimeSeconds { get; init; } = 20;
}
