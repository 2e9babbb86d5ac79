using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Logs;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.StepFunctions.Asl;
using SesMail.Emulator.XRay;
using SesMail.LambdaRuntime;

namespace SesMail.Emulator.StepFunctions;

/// <summary>
/// Runs executions in the background: records their history, checkpoints the top-level state for a restart,
/// publishes the <c>AWS/States</c> metrics (<c>ExecutionsStarted</c>, <c>ExecutionsSucceeded</c>,
/// <c>ExecutionsFailed</c>, <c>ExecutionsTimedOut</c>, <c>ExecutionsAborted</c>, <c>ExecutionTime</c>, dimension
/// <c>StateMachineArn</c>; https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html) and writes
/// the execution log the state machine's <c>LoggingConfiguration</c> asks for
/// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html). At start it resumes every execution a
/// previous run left <c>RUNNING</c>; at stop it leaves them running (not aborted) so they resume next time.
/// </summary>
/// <remarks>
/// <c>ExecutionThrottled</c> is never published: the emulator does not throttle. Log streams are named
/// <c>states/{state machine}/{execution}</c>.
/// </remarks>
internal sealed partial class StepFunctionsExecutor(
    StepFunctionsStore store,
    IAslTaskRunner tasks,
    TimeProvider time,
    IMetricPublisher metrics,
    ILogSink logs,
    IServiceProvider services,
    ILogger<StepFunctionsExecutor> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly StepFunctionsStore _store = store;
    private readonly TimeProvider _time = time;
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Resumes the executions a previous run left running.</summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>A completed task.</returns>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var execution in _store.Running())
        {
            LogResuming(logger, execution.Arn, execution.Checkpoint?.StateName ?? "(start)");
            Launch(execution);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops running executions without ending them: they stay <c>RUNNING</c> with their checkpoint.</summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>When every execution has stopped.</returns>
    /// <remarks>The cancellation source stays undisposed: a late call may still start or stop an execution.</remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Select(r => r.Task)).ConfigureAwait(false);
    }

    /// <summary>Records <c>ExecutionStarted</c> and runs a new execution in the background.</summary>
    /// <param name="execution">The new execution.</param>
    public void Start(ExecutionEntry execution)
    {
        RecordStarted(execution);
        Launch(execution);
    }

    /// <summary>Records <c>ExecutionStarted</c>, runs a new execution and waits for its end (<c>StartSyncExecution</c>).</summary>
    /// <param name="execution">The new execution.</param>
    /// <returns>When it has ended.</returns>
    public Task RunAsync(ExecutionEntry execution)
    {
        RecordStarted(execution);
        return Launch(execution);
    }

    /// <summary>Waits for a running execution to end (tests, the CLI's <c>--wait</c>).</summary>
    /// <param name="executionArn">The execution.</param>
    /// <returns>When it has ended (at once when it is not running).</returns>
    public Task WhenEnded(string executionArn) => _running.TryGetValue(executionArn, out var running) ? running.Task : Task.CompletedTask;

    /// <summary>Aborts a running execution (<c>StopExecution</c>).</summary>
    /// <param name="executionArn">The execution.</param>
    /// <param name="error">The error recorded, or <c>null</c>.</param>
    /// <param name="cause">The cause recorded, or <c>null</c>.</param>
    /// <returns>When the execution has ended.</returns>
    public async Task StopAsync(string executionArn, string? error, string? cause)
    {
        if (_running.TryGetValue(executionArn, out var running))
        {
            running.StopError = error;
            running.StopCause = cause;
            await running.Stop.CancelAsync().ConfigureAwait(false);
            await running.Task.ConfigureAwait(false);
        }
    }

    private void RecordStarted(ExecutionEntry execution)
    {
        var listener = new Listener(this, execution);
        listener.Record("ExecutionStarted", "executionStartedEventDetails", new JsonObject
        {
            ["input"] = execution.Input,
            ["inputDetails"] = new JsonObject { ["truncated"] = false },
            ["roleArn"] = execution.RoleArn,
        }, 0);
        Publish(execution, "ExecutionsStarted", 1, "Count");
    }

    private Task Launch(ExecutionEntry execution)
    {
        var running = new Running();
        _running[execution.Arn] = running;
        running.Task = Task.Run(() => ExecuteAsync(execution, running));
        return running.Task;
    }

    private async Task ExecuteAsync(ExecutionEntry execution, Running running)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(running.Stop.Token, _shutdown.Token);
        AslOutcome outcome;
        // The execution is one span (a child of the caller's trace when StartExecution carried one), its states children.
        using var span = EmulatorTracing.Start($"{execution.StateMachineName} execution", ActivityKind.Internal, execution.TraceHeader);
        if (execution.StartsTrace)
        {
            lock (_store.Lock)
            {
                // A restart resumes under the header the first start recorded, so the trace stays one.
                execution.TraceHeader ??= span is null
                    ? (XRayTraceHeader.NewRoot(_time.GetUtcNow(), sampled: false) with { ParentId = default, Sampled = null }).ToString() // nothing listens here: an id only, as AWS reports one
                    : EmulatorTracing.HeaderOf(span, null);
            }
        }

        span?.SetTag("aws.states.execution_arn", execution.Arn);
        span?.SetTag("aws.states.state_machine_arn", execution.StateMachineArn);
        try
        {
            var definition = StateMachineDefinition.Parse(execution.Definition);
            var context = new AslExecutionContext(execution.Arn, execution.Name, execution.StateMachineArn, execution.StateMachineName, execution.RoleArn,
                execution.StartDate, JsonValues.Parse(execution.Input), execution.Region, EmulatorTracing.HeaderOf(span, execution.TraceHeader));
            AslCheckpoint? resume = null;
            long lastEventId;
            lock (_store.Lock)
            {
                lastEventId = execution.Events.Count;
                if (execution.Checkpoint is { } checkpoint)
                {
                    resume = new AslCheckpoint(checkpoint.StateName, JsonValues.Parse(checkpoint.Input), (JsonObject)checkpoint.Variables.DeepClone(), checkpoint.WaitUntil, checkpoint.LastEventId);
                }
            }

            var interpreter = new AslInterpreter(_time, tasks);
            outcome = await interpreter.RunAsync(definition, context, new Listener(this, execution), resume, lastEventId, linked.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            LogExecutionCrashed(logger, error, execution.Arn);
            outcome = new AslOutcome("FAILED", null, AslErrorNames.Runtime, error.Message);
        }

        try
        {
            if (_shutdown.IsCancellationRequested && !running.Stop.IsCancellationRequested)
            {
                return; // stays RUNNING with its checkpoint; resumed at the next start
            }

            span?.SetTag("aws.states.status", outcome.Status);
            if (outcome.Status != "SUCCEEDED")
            {
                span?.SetStatus(ActivityStatusCode.Error, outcome.Error);
            }

            Finish(execution, outcome, running);
        }
        finally
        {
            _running.TryRemove(execution.Arn, out _);
        }
    }

    private void Finish(ExecutionEntry execution, AslOutcome outcome, Running running)
    {
        var now = _time.GetUtcNow();
        var listener = new Listener(this, execution);
        long last;
        lock (_store.Lock)
        {
            last = execution.Events.Count;
        }

        switch (outcome.Status)
        {
            case "SUCCEEDED":
                listener.Record("ExecutionSucceeded", "executionSucceededEventDetails", new JsonObject { ["output"] = JsonValues.ToJson(outcome.Output), ["outputDetails"] = new JsonObject { ["truncated"] = false } }, last);
                break;
            case "FAILED":
                listener.Record("ExecutionFailed", "executionFailedEventDetails", new JsonObject { ["error"] = outcome.Error, ["cause"] = outcome.Cause }, last);
                break;
            case "TIMED_OUT":
                listener.Record("ExecutionTimedOut", "executionTimedOutEventDetails", new JsonObject { ["error"] = outcome.Error, ["cause"] = outcome.Cause }, last);
                break;
            default:
                var details = new JsonObject();
                if (running.StopError is not null)
                {
                    details["error"] = running.StopError;
                }

                if (running.StopCause is not null)
                {
                    details["cause"] = running.StopCause;
                }

                listener.Record("ExecutionAborted", "executionAbortedEventDetails", details, last);
                break;
        }

        lock (_store.Lock)
        {
            execution.Status = outcome.Status;
            execution.StopDate = now;
            execution.Output = outcome.Status == "SUCCEEDED" ? JsonValues.ToJson(outcome.Output) : null;
            execution.Error = outcome.Status == "ABORTED" ? running.StopError : outcome.Error;
            execution.Cause = outcome.Status == "ABORTED" ? running.StopCause : outcome.Cause;
            execution.Checkpoint = null;
        }

        Changed();
        var metric = outcome.Status switch
        {
            "SUCCEEDED" => "ExecutionsSucceeded",
            "FAILED" => "ExecutionsFailed",
            "TIMED_OUT" => "ExecutionsTimedOut",
            _ => "ExecutionsAborted",
        };
        Publish(execution, metric, 1, "Count");
        Publish(execution, "ExecutionTime", (now - execution.StartDate).TotalMilliseconds, "Milliseconds");
    }

    private void Publish(ExecutionEntry execution, string name, double value, string unit) =>
        metrics.Publish(new MetricDatum(
            "AWS/States",
            name,
            [KeyValuePair.Create("StateMachineArn", execution.StateMachineArn)],
            value,
            unit,
            _time.GetUtcNow(),
            execution.StateMachineArn.Split(':') is { Length: > 3 } arn ? arn[3] : null)); // in the state machine's region, as in AWS

    private void Changed() => services.GetService<IStateChanges>()?.Changed("states");

    private void WriteLog(ExecutionEntry execution, JsonObject evt)
    {
        var configuration = execution.LoggingConfiguration;
        var level = configuration.Level ?? "OFF";
        var type = JsonValues.AsString(evt["type"])!;
        var wanted = level switch
        {
            "ALL" => true,
            "ERROR" => type.EndsWith("Failed", StringComparison.Ordinal) || type.EndsWith("TimedOut", StringComparison.Ordinal) || type == "ExecutionAborted",
            "FATAL" => type is "ExecutionFailed" or "ExecutionTimedOut" or "ExecutionAborted",
            _ => false,
        };
        var arn = configuration.Destinations?.FirstOrDefault()?.CloudWatchLogsLogGroup?.LogGroupArn;
        if (!wanted || arn is null)
        {
            return;
        }

        var group = StepFunctionsProvider.LogGroupName(arn);
        var details = evt.FirstOrDefault(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value?.DeepClone() as JsonObject ?? [];
        if (configuration.IncludeExecutionData != true)
        {
            foreach (var key in new[] { "input", "output", "parameters", "inputDetails", "outputDetails", "assignedVariables", "assignedVariablesDetails" })
            {
                details.Remove(key);
            }
        }

        var line = new JsonObject
        {
            ["id"] = evt["id"]!.ToString(),
            ["type"] = type,
            ["details"] = details,
            ["previous_event_id"] = evt["previousEventId"]!.ToString(),
            ["event_timestamp"] = ((long)(JsonValues.AsNumber(evt["timestamp"])!.Value * 1000)).ToString(CultureInfo.InvariantCulture),
            ["execution_arn"] = execution.Arn,
            ["redrive_count"] = "0",
        };
        logs.Append(group, $"states/{execution.StateMachineName}/{execution.Name}", [new LogEventEntry(_time.GetUtcNow(), line.ToJsonString())]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming Step Functions execution {ExecutionArn} at state {State}")]
    private static partial void LogResuming(ILogger logger, string executionArn, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step Functions execution {ExecutionArn} failed inside the emulator")]
    private static partial void LogExecutionCrashed(ILogger logger, Exception error, string executionArn);

    private sealed class Running
    {
        public CancellationTokenSource Stop { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;

        public string? StopError { get; set; }

        public string? StopCause { get; set; }
    }

    /// <summary>Appends one execution's events to its history and log, and keeps its checkpoint.</summary>
    private sealed class Listener(StepFunctionsExecutor executor, ExecutionEntry execution) : IAslExecutionListener
    {
        public long Record(string type, string? detailsMember, JsonObject? details, long previousEventId)
        {
            JsonObject evt;
            long id;
            lock (executor._store.Lock)
            {
                id = execution.Events.Count + 1;
                evt = new JsonObject
                {
                    ["timestamp"] = executor._time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0,
                    ["type"] = type,
                    ["id"] = id,
                    ["previousEventId"] = previousEventId,
                };
                if (detailsMember is not null)
                {
                    evt[detailsMember] = details ?? [];
                }

                execution.Events.Add(evt);
                evt = (JsonObject)evt.DeepClone();
            }

            executor.Changed();
            executor.WriteLog(execution, evt);
            return id;
        }

        public void Checkpoint(AslCheckpoint checkpoint)
        {
            lock (executor._store.Lock)
            {
                execution.Checkpoint = new ExecutionCheckpoint(checkpoint.StateName, JsonValues.ToJson(checkpoint.Input), (JsonObject)checkpoint.Variables.DeepClone(), checkpoint.WaitUntil, checkpoint.LastEventId);
            }

            executor.Changed();
        }
    }
}
