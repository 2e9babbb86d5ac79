using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl.Jsonata;

using SesMail.Emulator.XRay;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// Runs a <see cref="StateMachineDefinition"/>: state by state, with the input and output processing of JSONPath
/// states (<c>InputPath</c> → <c>Parameters</c> → task → <c>ResultSelector</c> → <c>ResultPath</c> →
/// <c>OutputPath</c>) and of JSONata states (<c>$states.input</c> → <c>Arguments</c> → task → <c>Output</c>),
/// workflow variables (<c>Assign</c>), <c>Retry</c>/<c>Catch</c>, task timeouts and heartbeats, inline Map with
/// <c>MaxConcurrency</c>, and Parallel (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html).
/// All waiting goes through the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Resuming after a restart (<see cref="AslCheckpoint"/>) re-enters the top-level state that was running: a Wait keeps
/// its deadline; a Task, Map or Parallel that was in flight runs again from its start (so a task may run twice, as an
/// at-least-once integration may in AWS). Data size limits (256 KiB) are not enforced.
/// </remarks>
/// <param name="time">The clock for Wait, retry intervals, timeouts and <c>$$</c> timestamps.</param>
/// <param name="tasks">Runs Task states' work.</param>
/// <param name="random">Jitter for <c>JitterStrategy: FULL</c>; <see cref="Random.Shared"/> by default.</param>
public sealed class AslInterpreter(TimeProvider time, IAslTaskRunner tasks, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Runs an execution to its end.</summary>
    /// <param name="definition">The top-level definition.</param>
    /// <param name="context">The execution's identity and input.</param>
    /// <param name="listener">Receives history events and checkpoints.</param>
    /// <param name="resume">Where to resume after a restart, or <c>null</c> to start at <c>StartAt</c>.</param>
    /// <param name="lastEventId">The id of the last event already recorded (<c>ExecutionStarted</c>).</param>
    /// <param name="cancellationToken">Cancelled by <c>StopExecution</c>: the outcome is then <c>ABORTED</c>.</param>
    /// <returns>The outcome; never throws for failures of the workflow.</returns>
    public async Task<AslOutcome> RunAsync(StateMachineDefinition definition, AslExecutionContext context, IAslExecutionListener listener, AslCheckpoint? resume, long lastEventId, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ITimer? timer = null;
        if (definition.TimeoutSeconds is { } seconds)
        {
            var remaining = context.StartTime.AddSeconds(seconds) - time.GetUtcNow();
            timer = time.CreateTimer(_ => timeout.Cancel(), null, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        try
        {
            var variables = new VariableScope(null, resume?.Variables);
            var frame = new Frame(definition, variables, context, listener, TopLevel: true, new Thread(resume?.LastEventId ?? lastEventId), MapItem: null);
            var output = await RunMachineAsync(frame, resume?.StateName ?? definition.StartAt, resume is null ? context.Input?.DeepClone() : resume.Input?.DeepClone(), resume?.WaitUntil, linked.Token).ConfigureAwait(false);
            return new AslOutcome("SUCCEEDED", output, null, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new AslOutcome("TIMED_OUT", null, AslErrorNames.Timeout, "The execution exceeded its TimeoutSeconds.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new AslOutcome("ABORTED", null, null, null);
        }
        catch (AslRuntimeException error)
        {
            return new AslOutcome("FAILED", null, error.Error, error.Cause);
        }
        finally
        {
            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<JsonNode?> RunMachineAsync(Frame frame, string startAt, JsonNode? input, DateTimeOffset? resumeWait, CancellationToken cancellationToken)
    {
        var name = startAt;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = frame.Machine.States[name];
            if (frame.TopLevel)
            {
                frame.Listener.Checkpoint(new AslCheckpoint(name, input?.DeepClone(), frame.Variables.Snapshot(), resumeWait, frame.Thread.Last));
            }

            var (output, next) = await RunStateAsync(frame, state, input, resumeWait, cancellationToken).ConfigureAwait(false);
            resumeWait = null;
            if (next is null)
            {
                return output;
            }

            input = output;
            name = next;
        }
    }

    private async Task<(JsonNode? Output, string? Next)> RunStateAsync(Frame frame, StateDefinition state, JsonNode? raw, DateTimeOffset? resumeWait, CancellationToken cancellationToken)
    {
        var entered = time.GetUtcNow();
        frame.Thread.Last = frame.Listener.Record($"{state.Type}StateEntered", "stateEnteredEventDetails",
            new JsonObject { ["name"] = state.Name, ["input"] = JsonValues.ToJson(raw), ["inputDetails"] = NotTruncated() }, frame.Thread.Last);
        // One span per state under the execution's span (docs/TRACING.md): a Task's function is invoked as its child.
        using var span = EmulatorTracing.Start(state.Name, ActivityKind.Internal, frame.Context.TraceHeader);
        span?.SetTag("aws.states.state_type", state.Type);
        var step = new Step(frame, state, raw, entered) { TraceHeader = EmulatorTracing.HeaderOf(span, frame.Context.TraceHeader) };

        if (state.Type == "Fail")
        {
            throw FailState(step);
        }

        try
        {
            var (output, next, assigned) = state.IsJsonata
                ? await RunJsonataAsync(step, resumeWait, cancellationToken).ConfigureAwait(false)
                : await RunJsonPathAsync(step, resumeWait, cancellationToken).ConfigureAwait(false);
            RecordExit(step, output, assigned);
            return (output, next);
        }
        catch (AslRuntimeException error) when (state.Catch.Count > 0 && state.Catch.FirstOrDefault(c => Retrier.Handles(c.ErrorEquals, error.Error)) is { } catcher)
        {
            var errorOutput = new JsonObject { ["Error"] = error.Error, ["Cause"] = error.Cause };
            JsonNode? output;
            JsonObject? assigned;
            if (state.IsJsonata)
            {
                var variables = step.JsonataVariables(result: null, errorOutput);
                assigned = EvaluateJsonataAssign(catcher.Fields["Assign"] as JsonObject, null, variables, "Catch.Assign");
                output = catcher.Fields.ContainsKey("Output") ? JsonataTemplate.Evaluate(catcher.Fields["Output"], raw, variables, time.GetUtcNow(), "Catch.Output") : errorOutput.DeepClone();
            }
            else
            {
                assigned = EvaluateJsonPathAssign(step, catcher.Fields["Assign"] as JsonObject, errorOutput);
                output = catcher.ResultPath is null ? raw?.DeepClone() : catcher.ResultPath.Place(raw, errorOutput);
            }

            frame.Variables.Set(assigned);
            RecordExit(step, output, assigned);
            return (output, catcher.Next);
        }
    }

    private void RecordExit(Step step, JsonNode? output, JsonObject? assigned)
    {
        var details = new JsonObject { ["name"] = step.State.Name, ["output"] = JsonValues.ToJson(output), ["outputDetails"] = NotTruncated() };
        if (assigned is { Count: > 0 })
        {
            details["assignedVariables"] = new JsonObject(assigned.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(JsonValues.ToJson(p.Value)))));
            details["assignedVariablesDetails"] = NotTruncated();
        }

        step.Frame.Thread.Last = step.Frame.Listener.Record($"{step.State.Type}StateExited", "stateExitedEventDetails", details, step.Frame.Thread.Last);
    }

    // ---- JSONPath ----------------------------------------------------------------------------------------------

    private async Task<(JsonNode? Output, string? Next, JsonObject? Assigned)> RunJsonPathAsync(Step step, DateTimeOffset? resumeWait, CancellationToken cancellationToken)
    {
        var state = step.State;
        var effective = ApplyPath(step, "InputPath", step.Raw, nullMeansEmpty: true);
        string? next = state.Next;
        JsonNode? result;
        JsonNode? assignSource;
        var choiceAssign = (JsonObject?)null;
        switch (state.Type)
        {
            case "Pass":
                result = state.Fields.TryGetPropertyValue("Result", out var constant)
                    ? constant?.DeepClone()
                    : state.Fields["Parameters"] is JsonObject passParameters ? ApplyTemplate(step, passParameters, effective, "Parameters") : effective;
                assignSource = result;
                break;
            case "Task":
                var parameters = state.Fields["Parameters"] is JsonObject taskParameters ? ApplyTemplate(step, taskParameters, effective, "Parameters") : effective;
                result = await WithRetryAsync(step, () => RunTaskAsync(step, parameters, effective, cancellationToken), cancellationToken).ConfigureAwait(false);
                result = state.Fields["ResultSelector"] is JsonObject selector ? ApplyTemplate(step, selector, result, "ResultSelector") : result;
                assignSource = result;
                break;
            case "Map":
                result = await WithRetryAsync(step, () => RunMapAsync(step, effective, cancellationToken), cancellationToken).ConfigureAwait(false);
                result = state.Fields["ResultSelector"] is JsonObject mapSelector ? ApplyTemplate(step, mapSelector, result, "ResultSelector") : result;
                assignSource = result;
                break;
            case "Parallel":
                var branchInput = state.Fields["Parameters"] is JsonObject parallelParameters ? ApplyTemplate(step, parallelParameters, effective, "Parameters") : effective;
                result = await WithRetryAsync(step, () => RunParallelAsync(step, branchInput, cancellationToken), cancellationToken).ConfigureAwait(false);
                result = state.Fields["ResultSelector"] is JsonObject parallelSelector ? ApplyTemplate(step, parallelSelector, result, "ResultSelector") : result;
                assignSource = result;
                break;
            case "Choice":
                var matched = state.Choices.FirstOrDefault(c => c.Rule!.Matches(effective, path => Resolve(step, path, effective)));
                next = matched.Next ?? state.Default ?? throw new AslRuntimeException(AslErrorNames.NoChoiceMatched, $"No Matches! No choice rule matched and there is no Default in state '{state.Name}'.");
                choiceAssign = matched.Choice?["Assign"] as JsonObject;
                result = effective;
                assignSource = effective;
                break;
            case "Wait":
                await WaitAsync(step, resumeWait ?? WaitDeadline(step, effective), cancellationToken).ConfigureAwait(false);
                result = effective;
                assignSource = effective;
                break;
            default: // Succeed
                result = effective;
                assignSource = effective;
                next = null;
                break;
        }

        var assigned = EvaluateJsonPathAssign(step, state.Fields["Assign"] as JsonObject, assignSource);
        if (choiceAssign is not null)
        {
            foreach (var (key, value) in EvaluateJsonPathAssign(step, choiceAssign, assignSource) ?? [])
            {
                assigned ??= [];
                assigned[key] = value?.DeepClone();
            }
        }

        JsonNode? output;
        if (state.Type is "Choice" or "Wait" or "Succeed")
        {
            output = result;
        }
        else if (state.Fields.TryGetPropertyValue("ResultPath", out var resultPath))
        {
            output = resultPath is null ? step.Raw?.DeepClone() : JsonPath.Parse(JsonValues.AsString(resultPath)!).Place(step.Raw, result);
        }
        else
        {
            output = result;
        }

        output = ApplyPath(step, "OutputPath", output, nullMeansEmpty: true);
        step.Frame.Variables.Set(assigned);
        return (output, state.Type == "Succeed" ? null : next, assigned);
    }

    private JsonNode? ApplyPath(Step step, string field, JsonNode? value, bool nullMeansEmpty)
    {
        if (!step.State.Fields.TryGetPropertyValue(field, out var pathNode))
        {
            return value;
        }

        if (pathNode is null)
        {
            return nullMeansEmpty ? new JsonObject() : null;
        }

        var path = JsonPath.Parse(JsonValues.AsString(pathNode)!);
        var (found, selected) = Resolve(step, path, value);
        return found
            ? selected
            : throw AslRuntimeException.Runtime($"An error occurred while executing the state '{step.State.Name}'. Invalid path '{path.Text}' : The {field} could not be found in the input '{JsonValues.ToJson(value)}'");
    }

    /// <summary>Resolves a path against the state data, the context object or a variable.</summary>
    private (bool Found, JsonNode? Value) Resolve(Step step, JsonPath path, JsonNode? data)
    {
        JsonNode? root;
        switch (path.Root)
        {
            case PathRoot.Context:
                root = step.ContextObject();
                break;
            case PathRoot.Variable:
                if (!step.Frame.Variables.TryGet(path.Variable!, out root))
                {
                    return (false, null);
                }

                break;
            default:
                root = data;
                break;
        }

        return path.TryEvaluate(root, out var value) ? (true, value) : (false, null);
    }

    /// <summary>Applies a payload template: keys ending in <c>.$</c> take a path's or an intrinsic function's value.</summary>
    private JsonNode? ApplyTemplate(Step step, JsonNode? template, JsonNode? data, string field)
    {
        switch (template)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        result[key[..^2]] = EvaluateReference(step, JsonValues.AsString(value)!, data, field, key);
                    }
                    else
                    {
                        result[key] = ApplyTemplate(step, value, data, field);
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => ApplyTemplate(step, item, data, field))]);
            default:
                return template?.DeepClone();
        }
    }

    private JsonNode? EvaluateReference(Step step, string text, JsonNode? data, string field, string key)
    {
        if (IntrinsicFunction.IsCall(text))
        {
            return IntrinsicFunction.Parse(text).Evaluate(path =>
            {
                var (found, value) = Resolve(step, path, data);
                return found ? value : throw AslRuntimeException.Runtime($"The JSONPath '{path.Text}' in the intrinsic function of '{key}' in {field} could not be found in the input '{JsonValues.ToJson(data)}'");
            });
        }

        var (ok, selected) = Resolve(step, JsonPath.Parse(text), data);
        return ok
            ? selected
            : throw AslRuntimeException.Runtime($"An error occurred while executing the state '{step.State.Name}'. The JSONPath '{text}' specified for the field '{key}' could not be found in the input '{JsonValues.ToJson(data)}'");
    }

    private JsonObject? EvaluateJsonPathAssign(Step step, JsonObject? assign, JsonNode? data)
    {
        if (assign is null)
        {
            return null;
        }

        return ApplyTemplate(step, assign, data, "Assign") as JsonObject;
    }

    // ---- JSONata -----------------------------------------------------------------------------------------------

    private async Task<(JsonNode? Output, string? Next, JsonObject? Assigned)> RunJsonataAsync(Step step, DateTimeOffset? resumeWait, CancellationToken cancellationToken)
    {
        var state = step.State;
        var raw = step.Raw;
        var next = state.Next;
        JsonNode? result = null;
        var hasResult = false;
        JsonObject? extraAssign = null;
        JsonNode? choiceOutput = null;
        var before = step.JsonataVariables(result: null, errorOutput: null);
        switch (state.Type)
        {
            case "Task":
                var arguments = state.Fields.ContainsKey("Arguments") ? JsonataTemplate.Evaluate(state.Fields["Arguments"], raw, before, time.GetUtcNow(), "Arguments") : raw?.DeepClone();
                result = await WithRetryAsync(step, () => RunTaskAsync(step, arguments, raw, cancellationToken), cancellationToken).ConfigureAwait(false);
                hasResult = true;
                break;
            case "Map":
                result = await WithRetryAsync(step, () => RunMapAsync(step, raw, cancellationToken), cancellationToken).ConfigureAwait(false);
                hasResult = true;
                break;
            case "Parallel":
                var branchInput = state.Fields.ContainsKey("Arguments") ? JsonataTemplate.Evaluate(state.Fields["Arguments"], raw, before, time.GetUtcNow(), "Arguments") : raw?.DeepClone();
                result = await WithRetryAsync(step, () => RunParallelAsync(step, branchInput, cancellationToken), cancellationToken).ConfigureAwait(false);
                hasResult = true;
                break;
            case "Choice":
                var matched = state.Choices.FirstOrDefault(c =>
                {
                    var value = c.Condition!.Condition.Evaluate(raw, before, time.GetUtcNow());
                    return JsonValues.AsBoolean(value.Node) ?? throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, $"The Condition '{c.Condition.Condition.Text}' in state '{state.Name}' returned {(value.IsDefined ? JsonValues.ToJson(value.Node) : "nothing")}, not a boolean.");
                });
                next = matched.Next ?? state.Default ?? throw new AslRuntimeException(AslErrorNames.NoChoiceMatched, $"No Matches! No choice rule matched and there is no Default in state '{state.Name}'.");
                if (matched.Choice is { } choice)
                {
                    extraAssign = choice["Assign"] as JsonObject;
                    if (choice.ContainsKey("Output"))
                    {
                        choiceOutput = JsonataTemplate.Evaluate(choice["Output"], raw, before, time.GetUtcNow(), "Output");
                        hasResult = true;
                    }
                }

                break;
            case "Wait":
                var deadline = resumeWait;
                if (deadline is null)
                {
                    if (state.Fields.ContainsKey("Seconds"))
                    {
                        var seconds = JsonValues.AsNumber(JsonataTemplate.Evaluate(state.Fields["Seconds"], raw, before, time.GetUtcNow(), "Seconds"));
                        deadline = seconds is { } s && s >= 0 && s == Math.Floor(s) ? step.Entered.AddSeconds(s) : throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, "The field 'Seconds' must evaluate to a non-negative integer.");
                    }
                    else
                    {
                        var text = JsonValues.AsString(JsonataTemplate.Evaluate(state.Fields["Timestamp"], raw, before, time.GetUtcNow(), "Timestamp"));
                        deadline = text is not null && ChoiceRule.TryTimestamp(text, out var at) ? at : throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, "The field 'Timestamp' must evaluate to an RFC 3339 timestamp.");
                    }
                }

                await WaitAsync(step, deadline.Value, cancellationToken).ConfigureAwait(false);
                break;
            case "Succeed":
                next = null;
                break;
        }

        var variables = step.JsonataVariables(hasResult && state.Type != "Choice" ? result : null, errorOutput: null);
        var assigned = EvaluateJsonataAssign(state.Fields["Assign"] as JsonObject, null, variables, "Assign");
        foreach (var (key, value) in EvaluateJsonataAssign(extraAssign, null, variables, "Assign") ?? [])
        {
            assigned ??= [];
            assigned[key] = value?.DeepClone();
        }

        JsonNode? output = state.Type == "Choice" && choiceOutput is not null ? choiceOutput
            : state.Fields.ContainsKey("Output") ? JsonataTemplate.Evaluate(state.Fields["Output"], raw, variables, time.GetUtcNow(), "Output")
            : state.Type is "Task" or "Map" or "Parallel" ? result
            : raw?.DeepClone();
        step.Frame.Variables.Set(assigned);
        return (output, next, assigned);
    }

    private JsonObject? EvaluateJsonataAssign(JsonObject? assign, JsonNode? context, IReadOnlyDictionary<string, JsonNode?> variables, string field)
    {
        if (assign is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in assign)
        {
            result[key] = JsonataTemplate.Evaluate(value, context, variables, time.GetUtcNow(), $"{field}.{key}");
        }

        return result;
    }

    // ---- Fail and Wait -----------------------------------------------------------------------------------------

    private AslRuntimeException FailState(Step step)
    {
        var state = step.State;
        string? Text(string field, string pathField)
        {
            if (state.IsJsonata)
            {
                return state.Fields.ContainsKey(field)
                    ? JsonValues.AsString(JsonataTemplate.Evaluate(state.Fields[field], step.Raw, step.JsonataVariables(null, null), time.GetUtcNow(), field))
                    : null;
            }

            if (JsonValues.AsString(state.Fields[pathField]) is { } path)
            {
                var value = EvaluateReference(step, path, step.Raw, pathField, pathField);
                return JsonValues.AsString(value) ?? throw AslRuntimeException.Runtime($"The {pathField} '{path}' must select a string, not {JsonValues.ToJson(value)}.");
            }

            return JsonValues.AsString(state.Fields[field]);
        }

        var error = Text("Error", "ErrorPath") ?? string.Empty;
        var cause = Text("Cause", "CausePath") ?? string.Empty;
        return new AslRuntimeException(error, cause);
    }

    private DateTimeOffset WaitDeadline(Step step, JsonNode? effective)
    {
        var fields = step.State.Fields;
        if (JsonValues.AsNumber(fields["Seconds"]) is { } seconds)
        {
            return step.Entered.AddSeconds(seconds);
        }

        if (JsonValues.AsString(fields["Timestamp"]) is { } timestamp && ChoiceRule.TryTimestamp(timestamp, out var at))
        {
            return at;
        }

        if (JsonValues.AsString(fields["SecondsPath"]) is { } secondsPath)
        {
            var (found, value) = Resolve(step, JsonPath.Parse(secondsPath), effective);
            return found && JsonValues.AsNumber(value) is { } s && s >= 0
                ? step.Entered.AddSeconds(Math.Floor(s))
                : throw AslRuntimeException.Runtime($"The SecondsPath '{secondsPath}' of state '{step.State.Name}' must select a non-negative number, not {JsonValues.ToJson(value)}.");
        }

        var timestampPath = JsonValues.AsString(fields["TimestampPath"])!;
        var (ok, stamp) = Resolve(step, JsonPath.Parse(timestampPath), effective);
        return ok && JsonValues.AsString(stamp) is { } text && ChoiceRule.TryTimestamp(text, out var when)
            ? when
            : throw AslRuntimeException.Runtime($"The TimestampPath '{timestampPath}' of state '{step.State.Name}' must select an RFC 3339 timestamp, not {JsonValues.ToJson(stamp)}.");
    }

    private async Task WaitAsync(Step step, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (step.Frame.TopLevel)
        {
            step.Frame.Listener.Checkpoint(new AslCheckpoint(step.State.Name, step.Raw?.DeepClone(), step.Frame.Variables.Snapshot(), deadline, step.Frame.Thread.Last));
        }

        var delay = deadline - time.GetUtcNow();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- Retry -------------------------------------------------------------------------------------------------

    private async Task<JsonNode?> WithRetryAsync(Step step, Func<Task<JsonNode?>> attempt, CancellationToken cancellationToken)
    {
        var counts = new int[step.State.Retry.Count];
        while (true)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (AslRuntimeException error)
            {
                var index = -1;
                for (var i = 0; i < step.State.Retry.Count; i++)
                {
                    if (Retrier.Handles(step.State.Retry[i].ErrorEquals, error.Error))
                    {
                        index = i;
                        break;
                    }
                }

                if (index < 0 || counts[index] >= step.State.Retry[index].MaxAttempts)
                {
                    throw;
                }

                var retrier = step.State.Retry[index];
                var delay = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, counts[index]);
                if (retrier.MaxDelaySeconds is { } cap)
                {
                    delay = Math.Min(delay, cap);
                }

                if (retrier.JitterStrategy == "FULL")
                {
                    delay *= _random.NextDouble();
                }

                counts[index]++;
                step.RetryCount++;
                await Task.Delay(TimeSpan.FromSeconds(delay), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // ---- Task --------------------------------------------------------------------------------------------------

    private async Task<JsonNode?> RunTaskAsync(Step step, JsonNode? parameters, JsonNode? data, CancellationToken cancellationToken)
    {
        var state = step.State;
        var resource = TaskResource.Parse(state.Resource!);
        var timeout = TaskSeconds(step, "TimeoutSeconds", data);
        var heartbeat = TaskSeconds(step, "HeartbeatSeconds", data);
        var listener = step.Frame.Listener;
        var thread = step.Frame.Thread;
        var legacyLambda = resource.Kind == TaskResourceKind.LambdaFunction;
        if (legacyLambda)
        {
            var scheduled = new JsonObject { ["resource"] = resource.ResourceName, ["input"] = JsonValues.ToJson(parameters), ["inputDetails"] = NotTruncated() };
            if (timeout is { } t)
            {
                scheduled["timeoutInSeconds"] = t;
            }

            thread.Last = listener.Record("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled, thread.Last);
            thread.Last = listener.Record("LambdaFunctionStarted", null, null, thread.Last);
        }
        else
        {
            var scheduled = new JsonObject
            {
                ["resourceType"] = resource.ResourceType,
                ["resource"] = resource.ResourceName,
                ["region"] = step.Frame.Context.Region,
                ["parameters"] = JsonValues.ToJson(parameters),
            };
            if (timeout is { } t)
            {
                scheduled["timeoutInSeconds"] = t;
            }

            if (heartbeat is { } h)
            {
                scheduled["heartbeatInSeconds"] = h;
            }

            thread.Last = listener.Record("TaskScheduled", "taskScheduledEventDetails", scheduled, thread.Last);
            thread.Last = listener.Record("TaskStarted", "taskStartedEventDetails", new JsonObject { ["resourceType"] = resource.ResourceType, ["resource"] = resource.ResourceName }, thread.Last);
        }

        using var taskCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new AslTaskRequest(resource, parameters, step.Frame.Context.Region, step.Frame.Context.ExecutionArn, step.TraceHeader);
        var run = tasks.RunAsync(request, taskCancellation.Token);
        try
        {
            var limit = (timeout, heartbeat) switch
            {
                (null, null) => (TimeSpan?)null,
                ({ } t, null) => TimeSpan.FromSeconds(t),
                (null, { } h) => TimeSpan.FromSeconds(h),
                ({ } t, { } h) => TimeSpan.FromSeconds(Math.Min(t, h)),
            };
            if (limit is { } within)
            {
                using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(within, time, timerCancellation.Token);
                var first = await Task.WhenAny(run, timer).ConfigureAwait(false);
                if (first == timer)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await taskCancellation.CancelAsync().ConfigureAwait(false);
                    var heartbeatFirst = heartbeat is { } hb && (timeout is null || hb < timeout);
                    throw TimedOut(heartbeatFirst ? AslErrorNames.HeartbeatTimeout : AslErrorNames.Timeout,
                        heartbeatFirst ? $"The task sent no heartbeat within {heartbeat} seconds." : $"The task did not finish within {timeout} seconds.");
                }

                await timerCancellation.CancelAsync().ConfigureAwait(false);
            }

            var result = await run.ConfigureAwait(false);
            if (legacyLambda)
            {
                thread.Last = listener.Record("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", new JsonObject { ["output"] = JsonValues.ToJson(result), ["outputDetails"] = NotTruncated() }, thread.Last);
            }
            else
            {
                thread.Last = listener.Record("TaskSucceeded", "taskSucceededEventDetails", new JsonObject
                {
                    ["resourceType"] = resource.ResourceType,
                    ["resource"] = resource.ResourceName,
                    ["output"] = JsonValues.ToJson(result),
                    ["outputDetails"] = NotTruncated(),
                }, thread.Last);
            }

            return result;
        }
        catch (AslRuntimeException error) when (!error.Data.Contains("recorded"))
        {
            if (legacyLambda)
            {
                thread.Last = listener.Record("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", new JsonObject { ["error"] = error.Error, ["cause"] = error.Cause }, thread.Last);
            }
            else
            {
                thread.Last = listener.Record("TaskFailed", "taskFailedEventDetails", new JsonObject
                {
                    ["resourceType"] = resource.ResourceType,
                    ["resource"] = resource.ResourceName,
                    ["error"] = error.Error,
                    ["cause"] = error.Cause,
                }, thread.Last);
            }

            throw;
        }

        AslRuntimeException TimedOut(string error, string cause)
        {
            if (legacyLambda)
            {
                thread.Last = listener.Record("LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", new JsonObject { ["error"] = error, ["cause"] = cause }, thread.Last);
            }
            else
            {
                thread.Last = listener.Record("TaskTimedOut", "taskTimedOutEventDetails", new JsonObject
                {
                    ["resourceType"] = resource.ResourceType,
                    ["resource"] = resource.ResourceName,
                    ["error"] = error,
                    ["cause"] = cause,
                }, thread.Last);
            }

            var exception = new AslRuntimeException(error, cause);
            exception.Data["recorded"] = true;
            return exception;
        }
    }

    private int? TaskSeconds(Step step, string field, JsonNode? data)
    {
        var fields = step.State.Fields;
        if (fields[field] is { } value)
        {
            var seconds = step.State.IsJsonata && JsonataTemplate.TryExpression(value, out _)
                ? JsonValues.AsNumber(JsonataTemplate.Evaluate(value, step.Raw, step.JsonataVariables(null, null), time.GetUtcNow(), field))
                : JsonValues.AsNumber(value);
            return seconds is { } s && s > 0 ? (int)s : throw AslRuntimeException.Runtime($"The field '{field}' must be a positive integer.");
        }

        if (JsonValues.AsString(fields[field + "Path"]) is { } path)
        {
            var (found, selected) = Resolve(step, JsonPath.Parse(path), data);
            return found && JsonValues.AsNumber(selected) is { } s && s > 0
                ? (int)s
                : throw AslRuntimeException.Runtime($"The {field}Path '{path}' must select a positive integer, not {JsonValues.ToJson(selected)}.");
        }

        return null;
    }

    // ---- Map and Parallel --------------------------------------------------------------------------------------

    private async Task<JsonNode?> RunMapAsync(Step step, JsonNode? effective, CancellationToken cancellationToken)
    {
        var state = step.State;
        JsonNode? itemsNode;
        int maxConcurrency;
        if (state.IsJsonata)
        {
            var variables = step.JsonataVariables(null, null);
            itemsNode = state.Fields.ContainsKey("Items") ? JsonataTemplate.Evaluate(state.Fields["Items"], step.Raw, variables, time.GetUtcNow(), "Items") : step.Raw?.DeepClone();
            maxConcurrency = state.Fields["MaxConcurrency"] is { } max
                ? (int)(JsonValues.AsNumber(JsonataTemplate.Evaluate(max, step.Raw, variables, time.GetUtcNow(), "MaxConcurrency")) ?? 0)
                : 0;
        }
        else
        {
            if (JsonValues.AsString(state.Fields["ItemsPath"]) is { } itemsPath)
            {
                var (found, selected) = Resolve(step, JsonPath.Parse(itemsPath), effective);
                itemsNode = found ? selected : throw AslRuntimeException.Runtime($"The ItemsPath '{itemsPath}' of state '{state.Name}' could not be found in the input '{JsonValues.ToJson(effective)}'.");
            }
            else
            {
                itemsNode = effective;
            }

            maxConcurrency = JsonValues.AsString(state.Fields["MaxConcurrencyPath"]) is { } maxPath
                ? (int)(JsonValues.AsNumber(Resolve(step, JsonPath.Parse(maxPath), effective).Value) ?? 0)
                : (int)(JsonValues.AsNumber(state.Fields["MaxConcurrency"]) ?? 0);
        }

        if (itemsNode is not JsonArray items)
        {
            throw AslRuntimeException.Runtime($"The Map state '{state.Name}' needs an array of items, not {JsonValues.ToJson(itemsNode)}.");
        }

        var frame = step.Frame;
        frame.Thread.Last = frame.Listener.Record("MapStateStarted", "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count }, frame.Thread.Last);
        var mapStarted = frame.Thread.Last;
        var results = new JsonNode?[items.Count];
        using var gate = new SemaphoreSlim(maxConcurrency <= 0 ? Math.Max(1, items.Count) : maxConcurrency);
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        AslRuntimeException? firstError = null;
        var iterations = new List<Task>();
        for (var i = 0; i < items.Count; i++)
        {
            var index = i;
            var item = items[i]?.DeepClone();
            iterations.Add(Task.Run(async () =>
            {
                await gate.WaitAsync(failure.Token).ConfigureAwait(false);
                var thread = new Thread(mapStarted);
                var identity = new JsonObject { ["name"] = state.Name, ["index"] = index };
                try
                {
                    thread.Last = frame.Listener.Record("MapIterationStarted", "mapIterationStartedEventDetails", (JsonObject)identity.DeepClone(), thread.Last);
                    var mapItem = new JsonObject { ["Index"] = index, ["Value"] = item?.DeepClone() };
                    var iterationStep = step with { MapItem = mapItem };
                    JsonNode? iterationInput;
                    var selector = state.Fields["ItemSelector"] ?? state.Fields["Parameters"];
                    if (state.IsJsonata)
                    {
                        iterationInput = selector is null ? item : JsonataTemplate.Evaluate(selector, step.Raw, iterationStep.JsonataVariables(null, null), time.GetUtcNow(), "ItemSelector");
                    }
                    else
                    {
                        iterationInput = selector is JsonObject template ? ApplyTemplate(iterationStep, template, effective, "ItemSelector") : item;
                    }

                    var inner = new Frame(state.ItemProcessor!, new VariableScope(frame.Variables, null), frame.Context, frame.Listener, TopLevel: false, thread, mapItem);
                    results[index] = await RunMachineAsync(inner, state.ItemProcessor!.StartAt, iterationInput, null, failure.Token).ConfigureAwait(false);
                    thread.Last = frame.Listener.Record("MapIterationSucceeded", "mapIterationSucceededEventDetails", (JsonObject)identity.DeepClone(), thread.Last);
                }
                catch (AslRuntimeException error)
                {
                    thread.Last = frame.Listener.Record("MapIterationFailed", "mapIterationFailedEventDetails", (JsonObject)identity.DeepClone(), thread.Last);
                    Interlocked.CompareExchange(ref firstError, error, null);
                    await failure.CancelAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (failure.IsCancellationRequested)
                {
                    thread.Last = frame.Listener.Record("MapIterationAborted", "mapIterationAbortedEventDetails", (JsonObject)identity.DeepClone(), thread.Last);
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(iterations).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (firstError is not null)
        {
            frame.Thread.Last = frame.Listener.Record("MapStateFailed", null, null, frame.Thread.Last);
            throw firstError;
        }

        frame.Thread.Last = frame.Listener.Record("MapStateSucceeded", null, null, frame.Thread.Last);
        return new JsonArray([.. results]);
    }

    private async Task<JsonNode?> RunParallelAsync(Step step, JsonNode? input, CancellationToken cancellationToken)
    {
        var frame = step.Frame;
        frame.Thread.Last = frame.Listener.Record("ParallelStateStarted", null, null, frame.Thread.Last);
        var started = frame.Thread.Last;
        var branches = step.State.Branches;
        var results = new JsonNode?[branches.Count];
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        AslRuntimeException? firstError = null;
        await Task.WhenAll(branches.Select((branch, index) => Task.Run(async () =>
        {
            try
            {
                var inner = new Frame(branch, new VariableScope(frame.Variables, null), frame.Context, frame.Listener, TopLevel: false, new Thread(started), frame.MapItem);
                results[index] = await RunMachineAsync(inner, branch.StartAt, input?.DeepClone(), null, failure.Token).ConfigureAwait(false);
            }
            catch (AslRuntimeException error)
            {
                Interlocked.CompareExchange(ref firstError, error, null);
                await failure.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (failure.IsCancellationRequested)
            {
                // another branch failed, or the execution stopped
            }
        }, CancellationToken.None))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (firstError is not null)
        {
            frame.Thread.Last = frame.Listener.Record("ParallelStateFailed", null, null, frame.Thread.Last);
            throw firstError;
        }

        frame.Thread.Last = frame.Listener.Record("ParallelStateSucceeded", null, null, frame.Thread.Last);
        return new JsonArray([.. results]);
    }

    private static JsonObject NotTruncated() => new() { ["truncated"] = false };

    /// <summary>The id of the last event of one line of work (the execution, a Map iteration, a Parallel branch).</summary>
    private sealed class Thread(long last)
    {
        public long Last { get; set; } = last;
    }

    private sealed record Frame(StateMachineDefinition Machine, VariableScope Variables, AslExecutionContext Context, IAslExecutionListener Listener, bool TopLevel, Thread Thread, JsonObject? MapItem);

    /// <summary>One state being run.</summary>
    private sealed record Step(Frame Frame, StateDefinition State, JsonNode? Raw, DateTimeOffset Entered)
    {
        public int RetryCount { get; set; }

        /// <summary>The X-Ray header a Task's call carries: this state's span as the parent, else the execution's header.</summary>
        public string? TraceHeader { get; init; }

        public JsonObject? MapItem { get; init; } = Frame.MapItem;

        /// <summary>The context object (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html).</summary>
        public JsonObject ContextObject()
        {
            var context = Frame.Context;
            var result = new JsonObject
            {
                ["Execution"] = new JsonObject
                {
                    ["Id"] = context.ExecutionArn,
                    ["Input"] = context.Input?.DeepClone(),
                    ["Name"] = context.ExecutionName,
                    ["RoleArn"] = context.RoleArn,
                    ["StartTime"] = Timestamp(context.StartTime),
                    ["RedriveCount"] = 0,
                },
                ["State"] = new JsonObject
                {
                    ["EnteredTime"] = Timestamp(Entered),
                    ["Name"] = State.Name,
                    ["RetryCount"] = RetryCount,
                },
                ["StateMachine"] = new JsonObject { ["Id"] = context.StateMachineArn, ["Name"] = context.StateMachineName },
            };
            if (MapItem is not null)
            {
                result["Map"] = new JsonObject { ["Item"] = MapItem.DeepClone() };
            }

            return result;
        }

        /// <summary>The variables a JSONata expression sees: workflow variables and <c>$states</c>.</summary>
        public IReadOnlyDictionary<string, JsonNode?> JsonataVariables(JsonNode? result, JsonNode? errorOutput)
        {
            var variables = Frame.Variables.Flatten();
            var states = new JsonObject { ["input"] = Raw?.DeepClone(), ["context"] = ContextObject() };
            if (result is not null)
            {
                states["result"] = result.DeepClone();
            }

            if (errorOutput is not null)
            {
                states["errorOutput"] = errorOutput.DeepClone();
            }

            variables["states"] = states;
            return variables;
        }

        private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Workflow variables of one scope; inner scopes (Map iterations, branches) read their parents'.</summary>
    private sealed class VariableScope(VariableScope? parent, JsonObject? initial)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, JsonNode?> _values = initial?.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal) ?? new(StringComparer.Ordinal);

        public bool TryGet(string name, out JsonNode? value)
        {
            lock (_lock)
            {
                if (_values.TryGetValue(name, out var found))
                {
                    value = found?.DeepClone();
                    return true;
                }
            }

            if (parent is not null)
            {
                return parent.TryGet(name, out value);
            }

            value = null;
            return false;
        }

        public void Set(JsonObject? assigned)
        {
            lock (_lock)
            {
                foreach (var (key, value) in assigned ?? [])
                {
                    _values[key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key] = value?.DeepClone();
                }
            }
        }

        public Dictionary<string, JsonNode?> Flatten()
        {
            var result = parent?.Flatten() ?? new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            lock (_lock)
            {
                foreach (var (key, value) in _values)
                {
                    result[key] = value?.DeepClone();
                }
            }

            return result;
        }

        public JsonObject Snapshot()
        {
            lock (_lock)
            {
                return new JsonObject(_values.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            }
        }
    }
}
