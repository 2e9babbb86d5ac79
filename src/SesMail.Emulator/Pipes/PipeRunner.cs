using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Aws.Events;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Lambda.EventSources;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.XRay;

namespace SesMail.Emulator.Pipes;

/// <summary>
/// Runs every <c>RUNNING</c> pipe as EventBridge Pipes runs an SQS → enrichment → event bus pipe
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html): poll a batch (batch size and window),
/// drop records that pass no filter (they are deleted), invoke the enrichment with the JSON array of SQS records (the
/// first record's <c>AWSTraceHeader</c> continues as the trace), put each element it returns on the bus with the
/// target's <c>source</c> and <c>detail-type</c> (<c>PutEvents</c>, in-process), and delete the batch only after every
/// event was accepted. When enrichment fails, returns more than 10 elements, or the bus rejects an event, the batch is
/// made visible again at once, to be retried and dead-lettered by the queue's redrive policy.
/// </summary>
internal sealed partial class PipeRunner(PipesStore store, EventSourceCatalog sources, ILambdaInvoker invoker, TimeProvider time, ILogger<PipeRunner> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The most events one enrichment may return (PutEvents' entry limit).</summary>
    public const int MaximumEvents = 10;

    private readonly ConcurrentDictionary<(string Region, string Name), (CancellationTokenSource Stop, Task Run)> _running = new();
    private readonly SemaphoreSlim _sync = new(1, 1);
    private volatile bool _stopped;

    /// <summary>How long a receive waits (20 s; tests shorten it).</summary>
    public int WaitTimeSeconds { get; set; } = 20;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        store.Changed += OnChanged;
        foreach (var pipe in store.All.ToList())
        {
            await SyncAsync((pipe.Region, pipe.Name)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        store.Changed -= OnChanged;
        foreach (var key in _running.Keys.ToList())
        {
            await StopOneAsync(key).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _sync.Dispose();
    }

    /// <summary>Runs one batch through filters, enrichment and the target; returns whether it was delivered (and deleted).</summary>
    /// <param name="pipe">The pipe.</param>
    /// <param name="batch">The received messages.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether the batch was delivered.</returns>
    internal async Task<bool> ProcessAsync(Pipe pipe, List<JsonObject> batch, CancellationToken cancellationToken)
    {
        var filters = pipe.Filters.Select(EventPattern.Parse).ToList();
        var records = batch.Select(m => EventSourceCatalog.ToRecord(m, pipe.Source)).ToList();
        var dropped = records.Where(r => !EventSourceMappingHost.Passes(filters, SqsBatch.FilterView(r))).ToList();
        if (dropped.Count > 0)
        {
            await sources.DeleteAsync(pipe.Source, dropped.Select(r => r.ReceiptHandle!), cancellationToken).ConfigureAwait(false);
            records = [.. records.Except(dropped)];
        }

        if (records.Count == 0)
        {
            return true;
        }

        var handles = records.Select(r => r.ReceiptHandle!).ToList();
        var recordsJson = JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<SqsEvent.SqsMessage>>(records, EventSourcesJsonContext.Default.IReadOnlyListSqsMessage);
        var trace = records[0].Attributes?.GetValueOrDefault("AWSTraceHeader");
        using var process = EmulatorTracing.Start($"{pipe.Name} process", System.Diagnostics.ActivityKind.Consumer, trace).Messaging("aws_sqs", "process", EmulatorTracing.NameOf(pipe.Source), pipe.Source);
        trace = EmulatorTracing.HeaderOf(process, trace);
        List<JsonNode?> elements;
        if (pipe.Enrichment is { } enrichment)
        {
            LambdaInvocationResult result;
            try
            {
                result = await invoker.InvokeAsync(new LambdaInvocationRequest(enrichment, recordsJson, TraceHeader: trace), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error)
            {
                return await FailAsync(pipe, handles, $"enrichment {enrichment} could not run ({error.Code}: {error.Message})", cancellationToken).ConfigureAwait(false);
            }

            trace = result.TraceHeader ?? trace; // the bus event continues from the enrichment's invocation
            if (result.FunctionError is not null)
            {
                return await FailAsync(pipe, handles, $"enrichment {enrichment} failed: {System.Text.Encoding.UTF8.GetString(result.Payload.Span)}", cancellationToken).ConfigureAwait(false);
            }

            try
            {
                elements = JsonNode.Parse(result.Payload.Span) switch
                {
                    JsonArray array => [.. array],
                    null => [],
                    var single => [single],
                };
            }
            catch (JsonException error)
            {
                return await FailAsync(pipe, handles, $"enrichment {enrichment} returned invalid JSON ({error.Message})", cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            elements = [.. JsonNode.Parse(recordsJson)!.AsArray()];
        }

        if (elements.Count > MaximumEvents)
        {
            return await FailAsync(pipe, handles, $"enrichment returned {elements.Count} elements, more than the {MaximumEvents} PutEvents accepts", cancellationToken).ConfigureAwait(false);
        }

        if (elements.Count > 0)
        {
            var entries = new JsonArray([.. elements.Select(e =>
            {
                var entry = new JsonObject
                {
                    ["Source"] = pipe.DetailSource,
                    ["DetailType"] = pipe.DetailType,
                    ["Detail"] = e is JsonObject ? e.ToJsonString() : new JsonObject { ["value"] = e?.DeepClone() }.ToJsonString(),
                    ["EventBusName"] = pipe.Target,
                    ["Resources"] = new JsonArray([.. pipe.Resources.Select(r => (JsonNode)r)]),
                };
                if (trace is not null)
                {
                    entry["TraceHeader"] = trace;
                }

                return (JsonNode)entry;
            })]);
            var parts = pipe.Target.Split(':');
            int failed;
            try
            {
                failed = await sources.PutEventsAsync(parts[3], parts[4], entries, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error)
            {
                return await FailAsync(pipe, handles, $"PutEvents to {pipe.Target} failed ({error.Code}: {error.Message})", cancellationToken).ConfigureAwait(false);
            }

            if (failed > 0)
            {
                return await FailAsync(pipe, handles, $"the bus rejected {failed} of {elements.Count} event(s)", cancellationToken).ConfigureAwait(false);
            }
        }

        await sources.DeleteAsync(pipe.Source, handles, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> FailAsync(Pipe pipe, List<string> handles, string problem, CancellationToken cancellationToken)
    {
        LogBatchFailed(logger, pipe.Name, problem, handles.Count);
        await sources.ReleaseAsync(pipe.Source, handles, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private void OnChanged((string Region, string Name) key) => _ = SyncAsync(key);

    private async Task SyncAsync((string Region, string Name) key)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopOneAsync(key).ConfigureAwait(false);
            if (_stopped || store.Find(key.Region, key.Name) is not { DesiredState: "RUNNING" } pipe)
            {
                return;
            }

            var stop = new CancellationTokenSource();
            _running[key] = (stop, Task.Run(() => RunAsync(pipe, stop.Token), CancellationToken.None));
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task StopOneAsync((string Region, string Name) key)
    {
        if (_running.TryRemove(key, out var running))
        {
            await running.Stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.Run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            running.Stop.Dispose();
        }
    }

    private async Task RunAsync(Pipe pipe, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await SqsBatch.ReceiveAsync(sources, pipe.Source, pipe.BatchSize, pipe.MaximumBatchingWindowInSeconds, WaitTimeSeconds, time, cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await ProcessAsync(pipe, batch, cancellationToken).ConfigureAwait(false);
                }

                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (AwsServiceException error)
            {
                LogPollFailed(logger, pipe.Name, error.Code, error.Message, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipe {Pipe}: {Problem}; the {Count} message(s) are visible again on the source queue")]
    private static partial void LogBatchFailed(ILogger logger, string pipe, string problem, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipe {Pipe}: polling failed ({Code}: {Message}); retrying in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string pipe, string code, string message, double seconds);
}
