using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Aws.Events;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda.EventSources;

/// <summary>
/// One DynamoDB stream mapping's poller (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html), on the stream's
/// single shard: reads from <c>StartingPosition</c> (or after the saved checkpoint, which survives a restart), gathers
/// up to <c>BatchSize</c> records within <c>MaximumBatchingWindowInSeconds</c>, drops records that pass no filter or are
/// older than <c>MaximumRecordAgeInSeconds</c>, and invokes the function with the stream event, in order.
/// </summary>
/// <remarks>
/// On a function error (or a throttle) the batch is retried, blocking the shard, up to <c>MaximumRetryAttempts</c>
/// times (-1: until the records expire). With <c>BisectBatchOnFunctionError</c> a failing batch is split in two and
/// the halves are retried separately (a split does not count as a retry). With <c>ReportBatchItemFailures</c> a
/// response naming failed sequence numbers checkpoints before the lowest one and retries from there. A batch whose
/// retries are exhausted is discarded (no on-failure destination is emulated). The checkpoint is the sequence number
/// of the last record finished with, saved in the Lambda snapshot.
/// </remarks>
internal sealed class StreamMappingPoller(
    EventSourceMapping mapping,
    LambdaStore store,
    EventSourceCatalog sources,
    ILambdaInvoker invoker,
    RoleSessions roles,
    TimeProvider time,
    ILogger logger,
    IStateChanges? changes)
{
    /// <summary>How often an idle shard is polled (Lambda polls four times a second).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Pause between retries of a failing batch.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly List<EventPattern> _filters = EventSourceMappingHost.Compile(mapping);

    /// <summary>Polls until cancelled.</summary>
    /// <param name="cancellationToken">Stops the poller.</param>
    /// <returns>A task that ends when the poller stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        string? iterator = null;
        var pending = new List<JsonObject>();
        DateTimeOffset? firstArrival = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var caller = await EventSourceMappingHost.CallerAsync(roles, store, mapping, cancellationToken).ConfigureAwait(false);
                iterator ??= await StartAsync(caller, cancellationToken).ConfigureAwait(false);
                var (records, next) = await sources.RecordsAsync(mapping.EventSourceArn, iterator, Math.Min(1000, mapping.BatchSize - pending.Count), caller, cancellationToken).ConfigureAwait(false);
                iterator = next;
                if (records.Count > 0)
                {
                    firstArrival ??= time.GetUtcNow();
                    pending.AddRange(records);
                }

                var windowOver = firstArrival is { } first && time.GetUtcNow() - first >= TimeSpan.FromSeconds(mapping.MaximumBatchingWindowInSeconds);
                if (pending.Count > 0 && (pending.Count >= mapping.BatchSize || windowOver || iterator is null))
                {
                    await ProcessAsync(pending, cancellationToken).ConfigureAwait(false);
                    pending = [];
                    firstArrival = null;
                    continue;
                }

                if (iterator is null)
                {
                    return; // the stream was closed and everything read
                }

                if (records.Count == 0)
                {
                    await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is AwsServiceException or RoleAccessDeniedException)
            {
                // a refused read backs off like any other and keeps trying, so the mapping recovers once the grant is back
                var code = error is RoleAccessDeniedException denied ? denied.Refusal.Error.Code : ((AwsServiceException)error).Code;
                EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, $"{code}: {error.Message}");
                EventSourceMappingHost.SetResult(store, mapping.Uuid, error is RoleAccessDeniedException refusal ? EventSourceMappingHost.PermissionProblem(refusal) : $"PROBLEM: {error.Message}");
                iterator = null;
                pending = [];
                firstArrival = null;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<string> StartAsync(AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var shard = await sources.ShardAsync(mapping.EventSourceArn, caller, cancellationToken).ConfigureAwait(false);
        if (store.Checkpoint(mapping.Uuid) is { } checkpoint)
        {
            try
            {
                return await sources.IteratorAsync(mapping.EventSourceArn, shard, "AFTER_SEQUENCE_NUMBER", checkpoint, caller, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException)
            {
                // the checkpoint is no longer in the shard's range: continue with what the stream still holds
                return await sources.IteratorAsync(mapping.EventSourceArn, shard, "TRIM_HORIZON", null, caller, cancellationToken).ConfigureAwait(false);
            }
        }

        var iterator = await sources.IteratorAsync(mapping.EventSourceArn, shard, mapping.StartingPosition ?? "LATEST", null, caller, cancellationToken).ConfigureAwait(false);
        return iterator;
    }

    /// <summary>Settles one gathered batch: filters, age, invocation with retries and bisection, checkpoint.</summary>
    /// <param name="records">The records in stream order.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the batch is finished with.</returns>
    internal async Task ProcessAsync(List<JsonObject> records, CancellationToken cancellationToken)
    {
        var lastSequence = Sequence(records[^1]);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var batch = records
            .Select(r => ToRecord(r))
            .Where(r => mapping.MaximumRecordAgeInSeconds < 0 || now - CreatedSeconds(r) <= mapping.MaximumRecordAgeInSeconds)
            .Where(r => EventSourceMappingHost.Passes(_filters, JsonSerializer.SerializeToNode(r, EventSourcesJsonContext.Default.StreamRecord)!))
            .ToList();
        if (batch.Count > 0)
        {
            await SettleAsync(batch, mapping.MaximumRetryAttempts, cancellationToken).ConfigureAwait(false);
        }

        Checkpoint(lastSequence);
    }

    /// <summary>Invokes until the batch succeeds or its retries run out; returns when it is finished with.</summary>
    private async Task SettleAsync(List<DynamoDbStreamEvent.StreamRecord> batch, int retriesLeft, CancellationToken cancellationToken)
    {
        while (true)
        {
            var failedFrom = await InvokeAsync(batch, cancellationToken).ConfigureAwait(false);
            if (failedFrom is null)
            {
                EventSourceMappingHost.SetResult(store, mapping.Uuid, "OK");
                return;
            }

            EventSourceMappingHost.SetResult(store, mapping.Uuid, "PROBLEM: Function call failed");
            if (failedFrom > 0)
            {
                // partial success: everything before the lowest failed record is done
                Checkpoint(batch[failedFrom.Value - 1].Dynamodb["SequenceNumber"]!.GetValue<string>());
                batch = batch[failedFrom.Value..];
            }

            if (mapping.BisectBatchOnFunctionError && batch.Count > 1)
            {
                var half = batch.Count / 2;
                await SettleAsync(batch[..half], retriesLeft, cancellationToken).ConfigureAwait(false);
                Checkpoint(batch[half - 1].Dynamodb["SequenceNumber"]!.GetValue<string>());
                await SettleAsync(batch[half..], retriesLeft, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (retriesLeft == 0)
            {
                EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn,
                    $"retries exhausted; {batch.Count} record(s) from sequence number {batch[0].Dynamodb["SequenceNumber"]} discarded");
                return;
            }

            if (retriesLeft > 0)
            {
                retriesLeft--;
            }

            await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
            if (mapping.MaximumRecordAgeInSeconds >= 0)
            {
                var now = time.GetUtcNow().ToUnixTimeSeconds();
                batch = [.. batch.Where(r => now - CreatedSeconds(r) <= mapping.MaximumRecordAgeInSeconds)];
                if (batch.Count == 0)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Invokes once; <c>null</c> on success, else the index of the first record to retry from.</summary>
    private async Task<int?> InvokeAsync(List<DynamoDbStreamEvent.StreamRecord> batch, CancellationToken cancellationToken)
    {
        var payload = JsonBody.Bytes(new DynamoDbStreamEvent(batch), EventSourcesJsonContext.Default.DynamoDbStreamEvent);
        LambdaInvocationResult result;
        try
        {
            result = await invoker.InvokeAsync(new LambdaInvocationRequest(mapping.FunctionArn, payload), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error) when (error.Code is "TooManyRequestsException" or "ServiceException")
        {
            EventSourceMappingHost.LogProblem(logger, mapping.Uuid, mapping.EventSourceArn, mapping.FunctionArn, $"{error.Code}: {error.Message}");
            return 0;
        }

        if (result.FunctionError is not null)
        {
            return 0;
        }

        if (!mapping.ReportBatchItemFailures)
        {
            return null;
        }

        var sequences = batch.Select(r => r.Dynamodb["SequenceNumber"]!.GetValue<string>()).ToList();
        var failed = EventSourceMappingHost.FailedItems(result.Payload, sequences.ToHashSet(StringComparer.Ordinal));
        if (failed is null)
        {
            return 0; // an invalid response fails the whole batch
        }

        if (failed.Count == 0)
        {
            return null;
        }

        return sequences.FindIndex(failed.Contains);
    }

    private DynamoDbStreamEvent.StreamRecord ToRecord(JsonObject record) =>
        new(
            record["eventID"]?.GetValue<string>() ?? string.Empty,
            record["eventName"]?.GetValue<string>() ?? string.Empty,
            record["eventVersion"]?.GetValue<string>() ?? "1.1",
            record["eventSource"]?.GetValue<string>() ?? "aws:dynamodb",
            record["awsRegion"]?.GetValue<string>() ?? mapping.Region,
            (JsonObject)(record["dynamodb"]?.DeepClone() ?? new JsonObject()),
            mapping.EventSourceArn);

    private static long CreatedSeconds(DynamoDbStreamEvent.StreamRecord record) =>
        record.Dynamodb["ApproximateCreationDateTime"] is JsonValue value && value.TryGetValue<double>(out var seconds) ? (long)seconds : long.MaxValue;

    private static string Sequence(JsonObject record) => record["dynamodb"]?["SequenceNumber"]?.GetValue<string>() ?? "0";

    private void Checkpoint(string sequence)
    {
        var current = store.Checkpoint(mapping.Uuid);
        if (current is null || Compare(sequence, current) > 0)
        {
            store.SetCheckpoint(mapping.Uuid, sequence);
            changes?.Changed("lambda");
        }
    }

    private static int Compare(string a, string b) =>
        decimal.Parse(a, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b, CultureInfo.InvariantCulture));
}
