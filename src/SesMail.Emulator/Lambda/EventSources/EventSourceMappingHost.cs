using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Aws.Events;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.XRay;

namespace SesMail.Emulator.Lambda.EventSources;

/// <summary>
/// Runs every enabled event source mapping of <see cref="LambdaStore"/> as Lambda's pollers do, and restarts a
/// mapping's poller when the mapping changes. SQS mappings: <see cref="SqsMappingPoller"/>; DynamoDB stream mappings:
/// <see cref="StreamMappingPoller"/>. Both invoke through <see cref="ILambdaInvoker"/>.
/// </summary>
internal sealed partial class EventSourceMappingHost(
    LambdaStore store,
    EventSourceCatalog sources,
    ILambdaInvoker invoker,
    RoleSessions roles,
    TimeProvider time,
    ILogger<EventSourceMappingHost> logger,
    IStateChanges? changes = null) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Stop, Task Run)> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sync = new(1, 1);
    private volatile bool _stopped;

    /// <summary>How long an SQS poller's receive waits (20 s, SQS's longest; tests shorten it).</summary>
    public int WaitTimeSeconds { get; set; } = 20;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        store.MappingChanged += OnChanged;
        foreach (var mapping in store.Mappings.ToList())
        {
            await SyncAsync(mapping.Uuid).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        store.MappingChanged -= OnChanged;
        foreach (var uuid in _running.Keys.ToList())
        {
            await StopOneAsync(uuid).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _sync.Dispose();
    }

    private void OnChanged(string uuid) => _ = SyncAsync(uuid);

    private async Task SyncAsync(string uuid)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopOneAsync(uuid).ConfigureAwait(false);
            if (_stopped || store.FindMapping(uuid) is not { Enabled: true } mapping)
            {
                return;
            }

            var stop = new CancellationTokenSource();
            Task run = mapping.IsStream
                ? new StreamMappingPoller(mapping, store, sources, invoker, roles, time, logger, changes).RunAsync(stop.Token)
                : new SqsMappingPoller(mapping, store, sources, invoker, roles, time, logger) { WaitTimeSeconds = WaitTimeSeconds }.RunAsync(stop.Token);
            _running[uuid] = (stop, run);
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task StopOneAsync(string uuid)
    {
        if (_running.TryRemove(uuid, out var running))
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

    /// <summary>Whether a record passes a mapping's filters (none = all pass; otherwise any one must match).</summary>
    /// <param name="filters">The compiled patterns.</param>
    /// <param name="record">The record as the function would see it (an SQS body that is JSON is matched as JSON).</param>
    /// <returns>Whether it passes.</returns>
    internal static bool Passes(IReadOnlyList<EventPattern> filters, JsonNode record) => filters.Count == 0 || filters.Any(f => f.Matches(record));

    /// <summary>
    /// The item identifiers a function reported as failed (<c>batchItemFailures</c>), or <c>null</c> when the response
    /// fails the whole batch (not JSON of that shape, or an identifier that is empty or not in the batch), as Lambda reads it.
    /// </summary>
    /// <param name="payload">The function's response.</param>
    /// <param name="known">The batch's identifiers.</param>
    /// <returns>The failed identifiers, or <c>null</c>.</returns>
    internal static HashSet<string>? FailedItems(ReadOnlyMemory<byte> payload, IReadOnlySet<string> known)
    {
        var span = payload.Span.Trim(" \r\n\t"u8);
        if (span.IsEmpty || span.SequenceEqual("null"u8))
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(span);
        }
        catch (JsonException)
        {
            return null;
        }

        if (node is not JsonObject response)
        {
            return null;
        }

        if (response["batchItemFailures"] is null)
        {
            return [];
        }

        if (response["batchItemFailures"] is not JsonArray failures)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            var id = failure?["itemIdentifier"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrEmpty(id) || !known.Contains(id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Compiles a mapping's filter patterns.</summary>
    /// <param name="mapping">The mapping.</param>
    /// <returns>The patterns.</returns>
    internal static List<EventPattern> Compile(EventSourceMapping mapping) => [.. mapping.Filters.Select(EventPattern.Parse)];

    /// <summary>Records a mapping's <c>LastProcessingResult</c> when it changed.</summary>
    /// <param name="store">The store.</param>
    /// <param name="uuid">The mapping.</param>
    /// <param name="result"><c>OK</c> or <c>PROBLEM: …</c>.</param>
    internal static void SetResult(LambdaStore store, string uuid, string result)
    {
        if (store.FindMapping(uuid) is { } current && current.LastProcessingResult != result)
        {
            store.ReplaceMappingQuietly(current with { LastProcessingResult = result });
        }
    }

    /// <summary>The caller a mapping's poller acts as: a session of the function's execution role (<c>null</c> when IAM is not enforced).</summary>
    /// <param name="roles">The role sessions.</param>
    /// <param name="store">The functions.</param>
    /// <param name="mapping">The mapping.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The caller.</returns>
    /// <exception cref="AwsServiceException">The function no longer exists, or its role cannot be assumed.</exception>
    internal static async Task<AwsPrincipal?> CallerAsync(RoleSessions roles, LambdaStore store, EventSourceMapping mapping, CancellationToken cancellationToken)
    {
        if (!roles.Enforcing)
        {
            return null;
        }

        var parts = mapping.FunctionArn.Split(':');
        var function = store.Find(parts[3], parts[6]) ?? throw LambdaErrors.FunctionNotFound(mapping.FunctionArn);
        return await roles.CallerAsync(function.Role, function.Name, function.Region, parts[4], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a mapping reports when its function's role was refused a call on the source: Lambda's
    /// <c>LastProcessingResult</c> wording, naming the operation and the source's service, e.g.
    /// <c>PROBLEM: Function does not have permission to call DeleteMessage on SQS</c>.
    /// </summary>
    /// <param name="denied">The refusal.</param>
    /// <returns>The result text.</returns>
    internal static string PermissionProblem(RoleAccessDeniedException denied) =>
        $"PROBLEM: Function does not have permission to call {denied.Operation} on {(denied.Refusal.Action.StartsWith("sqs:", StringComparison.Ordinal) ? "SQS" : "DynamoDB Streams")}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source mapping {Uuid} ({Source} → {Function}): {Problem}")]
    internal static partial void LogProblem(ILogger logger, string uuid, string source, string function, string problem);
}

/// <summary>
/// One SQS mapping's pollers (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): <c>MaximumConcurrency</c>
/// pollers (2 when unset) each long-poll a batch of up to <c>BatchSize</c> messages, gathering for
/// <c>MaximumBatchingWindowInSeconds</c>; messages that pass no filter are deleted; the function gets the SQS event
/// (with the first message's <c>AWSTraceHeader</c> as its trace header); what succeeded is deleted. A function error
/// or throttle leaves the batch to reappear after the visibility timeout (and reach the DLQ after
/// <c>maxReceiveCount</c>); with <c>ReportBatchItemFailures</c> only the named records stay.
/// </summary>
internal sealed class SqsMappingPoller(
    EventSourceMapping mapping,
    LambdaStore store,
    EventSourceCatalog sources,
    ILambdaInvoker invoker,
    RoleSessions roles,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Pollers when <c>ScalingConfig.MaximumConcurrency</c> is unset.</summary>
    public const int DefaultConcurrency = 2;

    private readonly List<EventPattern> _filters = EventSourceMappingHost.Compile(mapping);

    /// <summary>Long-poll wait per receive.</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    /// <summary>Runs the pollers until cancelled.</summary>
    /// <param name="cancellationToken">Stops them.</param>
    /// <returns>A task that ends when every poller stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, mapping.MaximumConcurrency ?? DefaultConcurrency).Select(_ => Task.Run(() => PollAsync(cancellationToken), CancellationToken.None)));

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var caller = await EventSourceMappingHost.CallerAsync(roles, store, mapping, cancellationToken).ConfigureAwait(false);
                var batch = await SqsBatch.ReceiveAsync(sources, mapping.EventSourceArn, mapping.BatchSize, mapping.MaximumBatchingWindowInSeconds, WaitTimeSeconds, time, caller, cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await ProcessAsync(batch, caller, cancellationToken).ConfigureAwait(false);
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
                // the poller backs off and keeps trying, so that the mapping recovers once the grant is back
                EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, $"{denied.Refusal.Error.Code}: {denied.Message}; retrying in {backoff.TotalSeconds} s");
                EventSourceMappingHost.SetResult(store, mapping.Uuid, EventSourceMappingHost.PermissionProblem(denied));
            }
            catch (AwsServiceException error)
            {
                EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, $"{error.Code}: {error.Message}; retrying in {backoff.TotalSeconds} s");
                EventSourceMappingHost.SetResult(store, mapping.Uuid, $"PROBLEM: {error.Message}");
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

    /// <summary>Filters, invokes and deletes one batch.</summary>
    /// <param name="batch">The received messages.</param>
    /// <param name="caller">The function's role session, or <c>null</c> when IAM is not enforced.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the batch is settled.</returns>
    /// <exception cref="RoleAccessDeniedException">The role may not delete from the queue (the batch reappears after its visibility timeout).</exception>
    internal async Task ProcessAsync(List<JsonObject> batch, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var records = batch.Select(m => EventSourceCatalog.ToRecord(m, mapping.EventSourceArn)).ToList();
        var dropped = records.Where(r => !EventSourceMappingHost.Passes(_filters, SqsBatch.FilterView(r))).ToList();
        if (dropped.Count > 0)
        {
            await sources.DeleteAsync(mapping.EventSourceArn, dropped.Select(r => r.ReceiptHandle!), caller, cancellationToken).ConfigureAwait(false);
            records = [.. records.Except(dropped)];
        }

        if (records.Count == 0)
        {
            return;
        }

        var payload = JsonBody.Bytes(new SqsEvent(records), EventSourcesJsonContext.Default.SqsEvent);
        var trace = records[0].Attributes?.GetValueOrDefault("AWSTraceHeader");
        var queue = EmulatorTracing.NameOf(mapping.EventSourceArn);
        using var process = EmulatorTracing.Start($"{queue} process", System.Diagnostics.ActivityKind.Consumer, trace).Messaging("aws_sqs", "process", queue, mapping.EventSourceArn);
        process?.SetTag("messaging.batch.message_count", records.Count);
        trace = EmulatorTracing.HeaderOf(process, trace);
        LambdaInvocationResult result;
        try
        {
            result = await invoker.InvokeAsync(new LambdaInvocationRequest(mapping.FunctionArn, payload, TraceHeader: trace), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error) when (error.Code == "TooManyRequestsException")
        {
            EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, "throttled; the batch reappears after the visibility timeout");
            return;
        }

        if (result.FunctionError is not null)
        {
            EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, $"the function failed ({System.Text.Encoding.UTF8.GetString(result.Payload.Span)}); {records.Count} message(s) stay on the queue");
            EventSourceMappingHost.SetResult(store, mapping.Uuid, "PROBLEM: Function call failed");
            return;
        }

        var failed = mapping.ReportBatchItemFailures
            ? EventSourceMappingHost.FailedItems(result.Payload, records.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal))
            : [];
        if (failed is null)
        {
            EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, "the function returned an invalid batchItemFailures response; the whole batch stays on the queue");
            EventSourceMappingHost.SetResult(store, mapping.Uuid, "PROBLEM: Function call failed");
            return;
        }

        await sources.DeleteAsync(mapping.EventSourceArn, records.Where(r => !failed.Contains(r.MessageId)).Select(r => r.ReceiptHandle!), caller, cancellationToken).ConfigureAwait(false);
        EventSourceMappingHost.SetResult(store, mapping.Uuid, "OK");
    }
}

/// <summary>Receiving a batch from a queue the way Lambda's and Pipes' SQS pollers do.</summary>
internal static class SqsBatch
{
    /// <summary>
    /// Receives up to <paramref name="batchSize"/> messages: one long poll for the first, then, within
    /// <paramref name="windowSeconds"/> of it, more until the batch is full.
    /// </summary>
    /// <param name="sources">The in-process APIs.</param>
    /// <param name="queueArn">The queue.</param>
    /// <param name="batchSize">The largest batch.</param>
    /// <param name="windowSeconds">The batching window.</param>
    /// <param name="waitSeconds">The first receive's long-poll wait.</param>
    /// <param name="time">The clock.</param>
    /// <param name="caller">Who receives (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Ends the poll.</param>
    /// <returns>The messages (empty when the long poll found none).</returns>
    public static async Task<List<JsonObject>> ReceiveAsync(EventSourceCatalog sources, string queueArn, int batchSize, int windowSeconds, int waitSeconds, TimeProvider time, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var messages = await sources.ReceiveAsync(queueArn, Math.Min(10, batchSize), waitSeconds, caller, cancellationToken).ConfigureAwait(false);
        if (messages.Count == 0 || windowSeconds <= 0 && messages.Count >= Math.Min(10, batchSize))
        {
            return messages;
        }

        var deadline = time.GetUtcNow().AddSeconds(windowSeconds);
        while (messages.Count < batchSize)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero && windowSeconds > 0)
            {
                break;
            }

            var more = await sources.ReceiveAsync(queueArn, Math.Min(10, batchSize - messages.Count), windowSeconds <= 0 ? 0 : Math.Max(0, Math.Min(20, (int)Math.Ceiling(remaining.TotalSeconds))), caller, cancellationToken).ConfigureAwait(false);
            if (more.Count == 0 && windowSeconds <= 0)
            {
                break;
            }

            messages.AddRange(more);
        }

        return messages;
    }

    /// <summary>The record as filters see it: the Lambda record, with a JSON body parsed (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs-filtering.html).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The JSON filters match against.</returns>
    public static JsonNode FilterView(SqsEvent.SqsMessage record)
    {
        var view = JsonSerializer.SerializeToNode(record, EventSourcesJsonContext.Default.SqsMessage)!.AsObject();
        if (record.Body is { } body && body.TrimStart().StartsWith('{'))
        {
            try
            {
                view["body"] = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
            }
        }

        return view;
    }
}
