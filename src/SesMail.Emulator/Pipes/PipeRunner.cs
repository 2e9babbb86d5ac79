using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Aws.Events;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Lambda.EventSources;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Protocols.Authorization;
using SesMail.Emulator.XRay;

namespace SesMail.Emulator.Pipes;

/// <summary>
/// Runs every <c>RUNNING</c> pipe as EventBridge Pipes runs an SQS → enrichment → event bus pipe
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html): poll a batch (batch size and window),
/// drop records that pass no filter (they are deleted), invoke the enrichment with the JSON array of SQS records (the
/// first record's <c>AWSTraceHeader</c> continues as the trace), put each element it returns on the bus with the
/// target's <c>source</c> and <c>detail-type</c> (<c>PutEvents</c>, in-process), and delete the batch only after every
/// event was accepted. When enrichment fails, returns more than 10 elements, or the bus rejects an event, the batch is
/// made visible again (<c>ChangeMessageVisibility</c> 0 when the role may, else after the queue's visibility
/// timeout), to be retried and dead-lettered by the queue's redrive policy.
/// </summary>
/// <remarks>
/// Every call runs as the pipe's <c>RoleArn</c> (<see cref="RoleSessions"/>), as Pipes does
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html). Starting a pipe checks that the
/// role may call <c>ReceiveMessage</c>, <c>DeleteMessage</c> and <c>GetQueueAttributes</c> on the source queue; when it
/// may not (or cannot be assumed) the pipe does not run and reports <c>CREATE_FAILED</c>, <c>UPDATE_FAILED</c> or
/// <c>START_FAILED</c> with AWS's reason. A call refused later (a grant removed, or the enrichment's
/// <c>lambda:InvokeFunction</c> or the bus's <c>events:PutEvents</c> never granted) delivers nothing, logs the refusal
/// (principal, action, resource) and sets the <c>StateReason</c> to a <c>PROBLEM: …</c> until a batch is delivered again.
/// With <c>Emulator:EnforceIam</c> off no role is assumed and nothing is checked.
/// </remarks>
internal sealed partial class PipeRunner(PipesStore store, EventSourceCatalog sources, ILambdaInvoker invoker, RoleSessions roles, TimeProvider time, ILogger<PipeRunner> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The most events one enrichment may return (PutEvents' entry limit).</summary>
    public const int MaximumEvents = 10;

    /// <summary>What Pipes needs on an SQS source (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html).</summary>
    private static readonly string[] SourceOperations = ["ReceiveMessage", "DeleteMessage", "GetQueueAttributes"];

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
    /// <param name="caller">The pipe's role session, or <c>null</c> when IAM is not enforced.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether the batch was delivered.</returns>
    /// <exception cref="RoleAccessDeniedException">The role may not delete from the source queue.</exception>
    internal async Task<bool> ProcessAsync(Pipe pipe, List<JsonObject> batch, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var filters = pipe.Filters.Select(EventPattern.Parse).ToList();
        var records = batch.Select(m => EventSourceCatalog.ToRecord(m, pipe.Source)).ToList();
        var dropped = records.Where(r => !EventSourceMappingHost.Passes(filters, SqsBatch.FilterView(r))).ToList();
        if (dropped.Count > 0)
        {
            await sources.DeleteAsync(pipe.Source, dropped.Select(r => r.ReceiptHandle!), caller, cancellationToken).ConfigureAwait(false);
            records = [.. records.Except(dropped)];
        }

        if (records.Count == 0)
        {
            return true;
        }

        var handles = records.Select(r => r.ReceiptHandle!).ToList();
        var recordsJson = JsonBody.Bytes<IReadOnlyList<SqsEvent.SqsMessage>>(records, EventSourcesJsonContext.Default.IReadOnlyListSqsMessage);
        var trace = records[0].Attributes?.GetValueOrDefault("AWSTraceHeader");
        using var process = EmulatorTracing.Start($"{pipe.Name} process", System.Diagnostics.ActivityKind.Consumer, trace).Messaging("aws_sqs", "process", EmulatorTracing.NameOf(pipe.Source), pipe.Source);
        trace = EmulatorTracing.HeaderOf(process, trace);
        List<JsonNode?> elements;
        if (pipe.Enrichment is { } enrichment)
        {
            if (roles.Refusal(caller, "lambda", "lambda:InvokeFunction", enrichment) is { } refused)
            {
                Refused(pipe, refused, "invoke your enrichment");
                return await FailAsync(pipe, handles, $"enrichment {enrichment} was not invoked ({refused.Error.Code}: {refused.Error.Message})", caller, cancellationToken).ConfigureAwait(false);
            }

            LambdaInvocationResult result;
            try
            {
                result = await invoker.InvokeAsync(new LambdaInvocationRequest(enrichment, recordsJson, TraceHeader: trace), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error)
            {
                return await FailAsync(pipe, handles, $"enrichment {enrichment} could not run ({error.Code}: {error.Message})", caller, cancellationToken).ConfigureAwait(false);
            }

            trace = result.TraceHeader ?? trace; // the bus event continues from the enrichment's invocation
            if (result.FunctionError is not null)
            {
                return await FailAsync(pipe, handles, $"enrichment {enrichment} failed: {System.Text.Encoding.UTF8.GetString(result.Payload.Span)}", caller, cancellationToken).ConfigureAwait(false);
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
                return await FailAsync(pipe, handles, $"enrichment {enrichment} returned invalid JSON ({error.Message})", caller, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            elements = [.. JsonNode.Parse(recordsJson)!.AsArray()];
        }

        if (elements.Count > MaximumEvents)
        {
            return await FailAsync(pipe, handles, $"enrichment returned {elements.Count} elements, more than the {MaximumEvents} PutEvents accepts", caller, cancellationToken).ConfigureAwait(false);
        }

        if (elements.Count > 0)
        {
            var entries = new JsonArray([.. elements.Select(e =>
            {
                var entry = new JsonObject
                {
                    ["Source"] = pipe.DetailSource,
                    ["DetailType"] = pipe.DetailType,
                    ["Detail"] = JsonBody.Text(e is JsonObject ? e : new JsonObject { ["value"] = e?.DeepClone() }),
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
                failed = await sources.PutEventsAsync(parts[3], parts[4], entries, caller, cancellationToken).ConfigureAwait(false);
            }
            catch (RoleAccessDeniedException denied)
            {
                Refused(pipe, denied.Refusal, "deliver to your target");
                return await FailAsync(pipe, handles, $"PutEvents to {pipe.Target} was refused ({denied.Refusal.Error.Code}: {denied.Message})", caller, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error)
            {
                return await FailAsync(pipe, handles, $"PutEvents to {pipe.Target} failed ({error.Code}: {error.Message})", caller, cancellationToken).ConfigureAwait(false);
            }

            if (failed > 0)
            {
                return await FailAsync(pipe, handles, $"the bus rejected {failed} of {elements.Count} event(s)", caller, cancellationToken).ConfigureAwait(false);
            }
        }

        await sources.DeleteAsync(pipe.Source, handles, caller, cancellationToken).ConfigureAwait(false);
        if (store.Status(pipe.Region, pipe.Name) is { StateReason: not null })
        {
            store.SetStatus(pipe.Region, pipe.Name, new PipeStatus("RUNNING", null)); // delivering again
        }

        return true;
    }

    private async Task<bool> FailAsync(Pipe pipe, List<string> handles, string problem, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        LogBatchFailed(logger, pipe.Name, problem, handles.Count);
        await sources.ReleaseAsync(pipe.Source, handles, caller, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Reports a call the role was refused: a log line naming principal, action and resource, and the pipe's <c>StateReason</c>.</summary>
    private void Refused(Pipe pipe, AccessRefusal refusal, string what)
    {
        LogRefused(logger, pipe.Name, refusal.Error.Message);
        store.SetStatus(pipe.Region, pipe.Name, new PipeStatus("RUNNING", $"PROBLEM: Pipes does not have enough permission to {what}. Please add {refusal.Action} permission to role."));
    }

    private Task<AwsPrincipal?> CallerAsync(Pipe pipe, CancellationToken cancellationToken) =>
        roles.CallerAsync(pipe.RoleArn, pipe.Name, pipe.Region, pipe.Arn.Split(':')[4], cancellationToken);

    /// <summary>Why the pipe cannot start with its role (AWS's <c>StateReason</c>), or <c>null</c> when it can.</summary>
    private async Task<string?> StartProblemAsync(Pipe pipe, CancellationToken cancellationToken)
    {
        AwsPrincipal? caller;
        try
        {
            caller = await CallerAsync(pipe, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error)
        {
            LogRefused(logger, pipe.Name, error.Message);
            return $"Input parameter is invalid from the request due to : The role {pipe.RoleArn} cannot be assumed by Pipes";
        }

        foreach (var operation in SourceOperations)
        {
            if (roles.Refusal(caller, "sqs", $"sqs:{operation}", pipe.Source) is { } refused)
            {
                LogRefused(logger, pipe.Name, refused.Error.Message);
                return $"Input parameter is invalid from the request due to : The provided customer role does not have permissions to call {operation} on SQS";
            }
        }

        return null;
    }

    private void OnChanged((string Region, string Name) key) => _ = SyncAsync(key);

    private async Task SyncAsync((string Region, string Name) key)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopOneAsync(key).ConfigureAwait(false);
            if (_stopped || store.Find(key.Region, key.Name) is not { } pipe)
            {
                return;
            }

            if (pipe.DesiredState != "RUNNING")
            {
                store.SetStatus(key.Region, key.Name, new PipeStatus("STOPPED", null));
                return;
            }

            var transition = store.Status(key.Region, key.Name)?.CurrentState;
            var stop = new CancellationTokenSource();
            _running[key] = (stop, Task.Run(() => RunAsync(pipe, transition, stop.Token), CancellationToken.None));
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

    private async Task RunAsync(Pipe pipe, string? transition, CancellationToken cancellationToken)
    {
        if (await StartProblemAsync(pipe, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            var failed = transition switch { "CREATING" => "CREATE_FAILED", "UPDATING" => "UPDATE_FAILED", _ => "START_FAILED" };
            store.SetStatus(pipe.Region, pipe.Name, new PipeStatus(failed, problem));
            LogStartFailed(logger, pipe.Name, failed, problem);
            return;
        }

        store.SetStatus(pipe.Region, pipe.Name, new PipeStatus("RUNNING", null));
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var caller = await CallerAsync(pipe, cancellationToken).ConfigureAwait(false);
                var batch = await SqsBatch.ReceiveAsync(sources, pipe.Source, pipe.BatchSize, pipe.MaximumBatchingWindowInSeconds, WaitTimeSeconds, time, caller, cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await ProcessAsync(pipe, batch, caller, cancellationToken).ConfigureAwait(false);
                }

                backoff = TimeSpan.FromSeconds(1);
                continue;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RoleAccessDeniedException denied)
            {
                Refused(pipe, denied.Refusal, "process your event source");
            }
            catch (AwsServiceException error)
            {
                LogPollFailed(logger, pipe.Name, error.Code, error.Message, backoff.TotalSeconds);
            }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipe {Pipe}: {Problem}; the {Count} message(s) return to the source queue")]
    private static partial void LogBatchFailed(ILogger logger, string pipe, string problem, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipe {Pipe}: polling failed ({Code}: {Message}); retrying in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string pipe, string code, string message, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipe {Pipe}: its role was refused: {Message}")]
    private static partial void LogRefused(ILogger logger, string pipe, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipe {Pipe} is {State}: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string pipe, string state, string reason);
}
