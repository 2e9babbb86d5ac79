using System.Globalization;
using System.Text.Json.Nodes;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Evaluates every alarm once a minute on the injected <see cref="TimeProvider"/>, as CloudWatch does, changes states,
/// records history and runs the actions of each change (SNS topics, through <see cref="IAlarmNotifier"/>).
/// </summary>
/// <remarks>
/// <para>A metric alarm looks at its most recent periods (aligned to multiples of <c>Period</c>); the current,
/// still-open period counts once it has a datapoint, otherwise the alarm looks at the periods before it. With
/// <c>TreatMissingData</c> <c>breaching</c> or <c>notBreaching</c> the last <c>EvaluationPeriods</c> periods are
/// judged, a missing one counting as breaching or not; with <c>missing</c> (the default) or <c>ignore</c> the most
/// recent <c>EvaluationPeriods</c> datapoints present within an evaluation range of <c>EvaluationPeriods + 2</c>
/// periods are judged, and when none is present the alarm goes to <c>INSUFFICIENT_DATA</c> (<c>missing</c>) or keeps
/// its state (<c>ignore</c>). At least <c>DatapointsToAlarm</c> breaching datapoints mean ALARM, otherwise OK (see
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).</para>
/// <para>A composite alarm is in ALARM while its rule is TRUE, otherwise OK; it is evaluated after every metric
/// alarm change and on every tick. Actions other than SNS topics are recorded as failed in the history.</para>
/// </remarks>
internal sealed partial class AlarmEvaluator(
    AlarmStore alarms,
    MetricQueries queries,
    IAlarmNotifier notifier,
    EmulatorOptions options,
    TimeProvider time,
    ILogger<AlarmEvaluator> logger,
    IStateChanges? changes = null) : IHostedService, IDisposable
{
    /// <summary>How often alarms are evaluated.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _running = new(1, 1);
    private ITimer? _timer;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => _ = TickAsync(), null, Interval, Interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _running.Dispose();
    }

    private async Task TickAsync()
    {
        try
        {
            await EvaluateAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogEvaluationFailed(logger, error);
        }
    }

    /// <summary>Evaluates every alarm of every region now and runs the actions of the changes.</summary>
    /// <param name="cancellationToken">Stops waiting for notifications.</param>
    /// <returns>A task that completes when every notification was handed to SNS.</returns>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var transitions = new List<Transition>();
            List<AlarmRecord> metricAlarms;
            lock (alarms.Gate)
            {
                metricAlarms = [.. alarms.All().Where(a => a.Metric is not null)];
            }

            foreach (var alarm in metricAlarms)
            {
                Verdict? verdict;
                try
                {
                    verdict = EvaluateMetricAlarm(alarm, now);
                }
                catch (AwsServiceException error)
                {
                    LogAlarmFailed(logger, alarm.AlarmName, error.Message);
                    continue;
                }

                if (verdict is not null)
                {
                    lock (alarms.Gate)
                    {
                        if (alarms.Find(alarm.Region, alarm.AlarmName) is { } current && ReferenceEquals(current.Metric, alarm.Metric)
                            && Apply(current, verdict, now) is { } transition)
                        {
                            transitions.Add(transition);
                        }
                    }
                }
            }

            lock (alarms.Gate)
            {
                transitions.AddRange(EvaluateComposites(now));
            }

            await RunActionsAsync(transitions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>Sets an alarm's state by hand (<c>SetAlarmState</c>) and runs the actions of the change.</summary>
    /// <param name="region">The alarm's region.</param>
    /// <param name="name">The alarm's name.</param>
    /// <param name="state">The new state.</param>
    /// <param name="reason">The reason text.</param>
    /// <param name="reasonData">The reason data (JSON), if any.</param>
    /// <param name="cancellationToken">Stops waiting for notifications.</param>
    /// <returns>A task that completes when the notifications were handed to SNS.</returns>
    /// <exception cref="AwsServiceException"><c>ResourceNotFound</c> when there is no such alarm.</exception>
    public async Task SetStateAsync(string region, string name, string state, string reason, string? reasonData, CancellationToken cancellationToken)
    {
        var transitions = new List<Transition>();
        lock (alarms.Gate)
        {
            var alarm = alarms.Find(region, name) ?? throw CloudWatchErrors.AlarmNotFound(name);
            if (Apply(alarm, new Verdict(state, reason, reasonData), time.GetUtcNow(), force: true) is { } transition)
            {
                transitions.Add(transition);
            }

            transitions.AddRange(EvaluateComposites(time.GetUtcNow()));
        }

        await RunActionsAsync(transitions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The outcome of one evaluation: the state it calls for and why.</summary>
    private sealed record Verdict(string State, string Reason, string? ReasonData);

    /// <summary>A state change whose actions still have to run.</summary>
    private sealed record Transition(AlarmRecord Alarm, string OldState, IReadOnlyList<string> Actions, JsonObject? Trigger, IReadOnlyList<AlarmRecord> TriggeringChildren);

    private Verdict? EvaluateMetricAlarm(AlarmRecord alarm, DateTimeOffset now)
    {
        var m = alarm.Metric!;
        var period = m.Period ?? m.Metrics?.Select(q => q.MetricStat?.Period).FirstOrDefault(p => p is not null) ?? 60;
        var n = m.EvaluationPeriods ?? 1;
        var k = m.DatapointsToAlarm ?? n;
        var treatment = m.TreatMissingData ?? "missing";
        var range = treatment is "missing" or "ignore" ? n + 2 : n;
        var nowSeconds = now.ToUnixTimeSeconds();
        var current = MetricSeries.FloorTo(nowSeconds, period);
        var start = current - (range * period);
        var points = Values(alarm, start, current + period, period);
        var latest = points.ContainsKey(current) ? current : current - period;
        var periods = Enumerable.Range(0, range).Select(i => latest - (i * period)).ToList(); // most recent first
        var threshold = m.Threshold ?? 0;
        var op = m.ComparisonOperator!;

        List<(long Time, double? Value, bool Breaching)> judged;
        if (treatment is "breaching" or "notBreaching")
        {
            judged = [.. periods.Take(n).Select(t => points.TryGetValue(t, out var v)
                ? (t, (double?)v, Breaches(v, threshold, op))
                : (t, (double?)null, treatment == "breaching"))];
        }
        else
        {
            judged = [.. periods.Where(points.ContainsKey).Take(n).Select(t => (t, (double?)points[t], Breaches(points[t], threshold, op)))];
            if (judged.Count == 0)
            {
                return treatment == "ignore"
                    ? null
                    : new Verdict("INSUFFICIENT_DATA", $"Insufficient Data: {n} datapoint{(n == 1 ? " was" : "s were")} unknown.", ReasonData(alarm, now, period, threshold, []));
            }
        }

        var breaching = judged.Count(j => j.Breaching);
        var state = breaching >= k ? "ALARM" : "OK";
        return new Verdict(state, Reason(state, judged, breaching, k, threshold, op, treatment), ReasonData(alarm, now, period, threshold, judged));
    }

    private SortedDictionary<long, double> Values(AlarmRecord alarm, long start, long end, int period)
    {
        var m = alarm.Metric!;
        if (m.Metrics is { Count: > 0 } math)
        {
            var results = queries.Evaluate(math, start, end, period, alarm.Region, "Metrics");
            return results.Count == 1 ? results[0].Series.Points : [];
        }

        var statistic = m.Statistic ?? m.ExtendedStatistic!;
        var stat = new MetricStat(new Metric(m.Namespace, m.MetricName, m.Dimensions), period, statistic, m.Unit);
        var series = queries.Evaluate([new MetricDataQuery("m1", stat, null, null, true, null, null)], start, end, period, alarm.Region, "Metric");
        return series.Count == 1 ? series[0].Series.Points : [];
    }

    private static bool Breaches(double value, double threshold, string op) => op switch
    {
        "GreaterThanThreshold" => value > threshold,
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "LessThanThreshold" => value < threshold,
        "LessThanOrEqualToThreshold" => value <= threshold,
        _ => false,
    };

    private static string Phrase(string op) => op switch
    {
        "GreaterThanThreshold" => "greater than",
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    };

    private static string Reason(string state, List<(long Time, double? Value, bool Breaching)> judged, int breaching, int k, double threshold, string op, string treatment)
    {
        var present = judged.Where(j => j.Value is not null).ToList();
        var missing = judged.Count - present.Count;
        var list = string.Join(", ", present.Select(j => $"{MetricMath.Describe(j.Value!.Value)} ({DateTimeOffset.FromUnixTimeSeconds(j.Time).UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture)})"));
        var thresholdText = MetricMath.Describe(threshold);
        var missingText = missing == 0 ? string.Empty
            : $"{(present.Count == 0 ? "no datapoints were received for" : "and")} {missing} period{(missing == 1 ? string.Empty : "s")} and {missing} missing datapoint{(missing == 1 ? " was" : "s were")} treated as [{(treatment == "breaching" ? "Breaching" : "NonBreaching")}]";
        if (present.Count == 0)
        {
            return $"Threshold Crossed: {missingText}.";
        }

        var counted = state == "ALARM" ? present.Count(j => j.Breaching) : present.Count(j => !j.Breaching);
        var subject = judged.Count == 1
            ? $"1 datapoint [{list}] was {(state == "ALARM" ? string.Empty : "not ")}{Phrase(op)} the threshold ({thresholdText})"
            : $"{counted} out of the last {present.Count} datapoints [{list}] {(counted == 1 ? "was" : "were")} {(state == "ALARM" ? string.Empty : "not ")}{Phrase(op)} the threshold ({thresholdText})";
        var minimum = judged.Count > 1 && state == "ALARM" ? $" (minimum {k} datapoint{(k == 1 ? string.Empty : "s")} for OK -> ALARM transition)" : string.Empty;
        return $"Threshold Crossed: {subject}{(missing > 0 ? " " + missingText : string.Empty)}{minimum}.";
    }

    private static string ReasonData(AlarmRecord alarm, DateTimeOffset now, int period, double threshold, List<(long Time, double? Value, bool Breaching)> judged)
    {
        var data = new JsonObject
        {
            ["version"] = "1.0",
            ["queryDate"] = Iso(now),
            ["startDate"] = Iso(DateTimeOffset.FromUnixTimeSeconds(judged.Count == 0 ? now.ToUnixTimeSeconds() : judged.Min(j => j.Time))),
        };
        if (alarm.Metric?.Statistic is { } statistic)
        {
            data["statistic"] = statistic;
        }

        data["period"] = period;
        data["recentDatapoints"] = new JsonArray([.. judged.Where(j => j.Value is not null).OrderBy(j => j.Time).Select(j => (JsonNode)JsonValue.Create(j.Value!.Value))]);
        data["threshold"] = threshold;
        data["evaluatedDatapoints"] = new JsonArray([.. judged.Select(j =>
        {
            var point = new JsonObject { ["timestamp"] = Iso(DateTimeOffset.FromUnixTimeSeconds(j.Time)) };
            if (j.Value is { } v)
            {
                point["value"] = v;
            }

            return (JsonNode)point;
        })]);
        return data.ToJsonString();
    }

    /// <summary>Applies a verdict; returns the transition when the state changed. Call under the store's lock.</summary>
    private Transition? Apply(AlarmRecord alarm, Verdict verdict, DateTimeOffset now, bool force = false, IReadOnlyList<AlarmRecord>? triggering = null)
    {
        if (alarm.StateValue == verdict.State && !force)
        {
            return null;
        }

        var updated = alarm with
        {
            StateValue = verdict.State,
            StateReason = verdict.Reason,
            StateReasonData = verdict.ReasonData,
            StateUpdatedTimestamp = now,
            StateTransitionedTimestamp = alarm.StateValue == verdict.State ? alarm.StateTransitionedTimestamp : now,
        };
        alarms.Put(updated);
        changes?.Changed("monitoring");
        if (alarm.StateValue == verdict.State)
        {
            return null; // SetAlarmState to the current state: the reason changes, nothing is notified
        }

        var oldState = new JsonObject { ["stateValue"] = alarm.StateValue, ["stateReason"] = alarm.StateReason };
        var newState = new JsonObject { ["stateValue"] = verdict.State, ["stateReason"] = verdict.Reason };
        if (verdict.ReasonData is { } reasonData)
        {
            try
            {
                newState["stateReasonData"] = JsonNode.Parse(reasonData);
            }
            catch (System.Text.Json.JsonException)
            {
                newState["stateReasonData"] = reasonData;
            }
        }

        alarms.AddHistory(alarm.Region, new AlarmHistoryItem(
            alarm.AlarmName,
            alarm.AlarmType,
            now,
            "StateUpdate",
            $"Alarm updated from {alarm.StateValue} to {verdict.State}",
            new JsonObject { ["version"] = "1.0", ["oldState"] = oldState, ["newState"] = newState }.ToJsonString()));
        LogTransition(logger, alarm.AlarmName, alarm.StateValue, verdict.State, verdict.Reason);
        var actions = !updated.ActionsEnabled ? [] : verdict.State switch
        {
            "ALARM" => updated.AlarmActions,
            "OK" => updated.OKActions,
            _ => updated.InsufficientDataActions,
        };
        return new Transition(updated, alarm.StateValue, actions, null, triggering ?? []);
    }

    /// <summary>Re-evaluates composite alarms until no state changes (nested composites settle). Call under the lock.</summary>
    private List<Transition> EvaluateComposites(DateTimeOffset now)
    {
        var transitions = new List<Transition>();
        for (var pass = 0; pass < 10; pass++)
        {
            var changed = false;
            foreach (var composite in alarms.All().Where(a => a.Composite is not null))
            {
                CompositeAlarmRule rule;
                try
                {
                    rule = CompositeAlarmRule.Parse(composite.Composite!.AlarmRule!);
                }
                catch (FormatException)
                {
                    continue;
                }

                string StateOf(string reference) => Resolve(composite.Region, reference)?.StateValue ?? "INSUFFICIENT_DATA";
                var isAlarm = rule.Evaluate(StateOf);
                var state = isAlarm ? "ALARM" : "OK";
                if (state == composite.StateValue)
                {
                    continue;
                }

                var children = rule.Alarms.Select(a => Resolve(composite.Region, a)).OfType<AlarmRecord>().DistinctBy(a => a.AlarmArn).ToList();
                var triggering = children.Where(c => c.StateTransitionedTimestamp == children.Max(x => x.StateTransitionedTimestamp)).ToList();
                var reason = triggering.Count > 0
                    ? $"{triggering[0].AlarmArn} transitioned to {triggering[0].StateValue} at {triggering[0].StateTransitionedTimestamp.UtcDateTime.ToString("dddd dd MMMM, yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}"
                    : $"The alarm rule evaluated to {(isAlarm ? "TRUE" : "FALSE")}";
                var reasonData = new JsonObject
                {
                    ["triggeringAlarms"] = new JsonArray([.. triggering.Select(t => (JsonNode)new JsonObject
                    {
                        ["arn"] = t.AlarmArn,
                        ["state"] = new JsonObject { ["value"] = t.StateValue, ["timestamp"] = Iso(t.StateTransitionedTimestamp) },
                    })]),
                }.ToJsonString();
                if (Apply(composite, new Verdict(state, reason, reasonData), now, triggering: triggering) is { } transition)
                {
                    transitions.Add(transition);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return transitions;
    }

    /// <summary>Finds an alarm by name or ARN. Call under the lock.</summary>
    internal AlarmRecord? Resolve(string region, string reference)
    {
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            var at = reference.IndexOf(":alarm:", StringComparison.Ordinal);
            var parts = reference.Split(':');
            return at < 0 || parts.Length < 7 ? null : alarms.Find(parts[3], reference[(at + ":alarm:".Length)..]);
        }

        return alarms.Find(region, reference);
    }

    private async Task RunActionsAsync(List<Transition> transitions, CancellationToken cancellationToken)
    {
        foreach (var transition in transitions)
        {
            foreach (var action in transition.Actions)
            {
                string summary;
                try
                {
                    if (!action.StartsWith("arn:aws:sns:", StringComparison.Ordinal))
                    {
                        throw new NotSupportedException($"the action {action} is not emulated (only SNS topic actions are)");
                    }

                    var (subject, message, email) = AlarmNotification.Build(transition.Alarm, transition.OldState, transition.TriggeringChildren, options.AccountId);
                    await notifier.NotifyAsync(action, subject, message, email, cancellationToken).ConfigureAwait(false);
                    summary = $"Successfully executed action {action}";
                }
                catch (Exception error) when (error is AwsServiceException or NotSupportedException or InvalidOperationException)
                {
                    summary = $"Failed to execute action {action}. Received error: \"{error.Message}\"";
                    LogActionFailed(logger, transition.Alarm.AlarmName, action, error.Message);
                }

                lock (alarms.Gate)
                {
                    alarms.AddHistory(transition.Alarm.Region, new AlarmHistoryItem(
                        transition.Alarm.AlarmName,
                        transition.Alarm.AlarmType,
                        time.GetUtcNow(),
                        "Action",
                        summary,
                        new JsonObject { ["actionState"] = summary.StartsWith("Succ", StringComparison.Ordinal) ? "Succeeded" : "Failed", ["notificationResource"] = action }.ToJsonString()));
                }

                changes?.Changed("monitoring");
            }
        }
    }

    /// <summary>ISO 8601 with milliseconds and a <c>+0000</c> offset, as alarm history and notifications write times.</summary>
    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmName}: {OldState} -> {NewState} ({Reason})")]
    private static partial void LogTransition(ILogger logger, string alarmName, string oldState, string newState, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {AlarmName} could not be evaluated: {Reason}")]
    private static partial void LogAlarmFailed(ILogger logger, string alarmName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {AlarmName}: action {Action} failed: {Reason}")]
    private static partial void LogActionFailed(ILogger logger, string alarmName, string action, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alarm evaluation failed; the next tick tries again")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception error);
}
