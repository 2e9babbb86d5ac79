using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// Runs EventBridge scheduled rules on the injected clock: each enabled rule with a <c>ScheduleExpression</c> fires
/// its targets with the scheduled event (<c>"source":"aws.events"</c>, <c>"detail-type":"Scheduled Event"</c>,
/// <c>resources</c> = the rule ARN, <c>detail</c> = <c>{}</c>;
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html), shaped by the target's
/// <c>Input</c>, <c>InputPath</c> or <c>InputTransformer</c>. Targets: a state machine (<c>StartExecution</c>), a
/// function (asynchronous <c>Invoke</c> through <see cref="ILambdaInvoker"/>) and an SQS queue.
/// </summary>
/// <remarks>
/// <para>Timing: <c>rate(N unit)</c> fires every period from when the scheduler first saw the rule; <c>cron(…)</c> at
/// each matching minute (UTC). Missed firings are not caught up (as in AWS), and firing times are not persisted: after a
/// restart, schedules start again from the restart.</para>
/// <para>Failures: a delivery that fails with a server-side error is retried with exponential backoff (1 s, 2 s, 4 s …,
/// at most 5 min apart) on the clock while the target's <c>RetryPolicy</c> allows (<c>MaximumRetryAttempts</c>, default
/// 185; <c>MaximumEventAgeInSeconds</c>, default 86 400); a client error (missing queue, function or state machine)
/// is not retried. An event that is not delivered goes to the target's <c>DeadLetterConfig</c> queue with the
/// attributes <c>RULE_ARN</c>, <c>TARGET_ARN</c>, <c>ERROR_CODE</c>, <c>ERROR_MESSAGE</c>. The target's <c>RoleArn</c> is
/// accepted, not checked.</para>
/// </remarks>
internal sealed partial class ScheduleRunner(
    EventBridgeStore store,
    TimeProvider time,
    IServiceProvider services,
    EmulatorOptions options,
    ILogger<ScheduleRunner> logger) : BackgroundService
{
    /// <summary>How often the scheduler looks at the rules.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, (string Expression, DateTimeOffset Next)> _next = new(StringComparer.Ordinal);

    /// <summary>The background deliveries still retrying (tests wait for them).</summary>
    internal int PendingDeliveries => Volatile.Read(ref _pending);

    private int _pending;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                FireDueRules(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogTickFailed(logger, error);
            }

            try
            {
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Fires every rule whose time has come and schedules its next firing.</summary>
    internal void FireDueRules(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scheduled in store.ScheduledRules())
        {
            var key = scheduled.Rule.Arn;
            seen.Add(key);
            if (!ScheduleExpression.TryParse(scheduled.ScheduleExpression, out var expression, out _))
            {
                continue;
            }

            if (!_next.TryGetValue(key, out var entry) || entry.Expression != scheduled.ScheduleExpression)
            {
                if (expression!.Next(now) is { } first)
                {
                    _next[key] = (scheduled.ScheduleExpression, first);
                }

                continue;
            }

            if (entry.Next > now)
            {
                continue;
            }

            var following = expression!.Rate is { } rate ? Advance(entry.Next, rate, now) : expression.Next(now);
            if (following is { } next)
            {
                _next[key] = (scheduled.ScheduleExpression, next);
            }
            else
            {
                _next.Remove(key);
            }

            Fire(scheduled, entry.Next, cancellationToken);
        }

        foreach (var gone in _next.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _next.Remove(gone);
        }
    }

    private static DateTimeOffset Advance(DateTimeOffset due, TimeSpan rate, DateTimeOffset now)
    {
        var next = due + rate;
        return next > now ? next : now + rate; // missed firings are not caught up
    }

    private void Fire(ScheduledRule scheduled, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var evt = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "Scheduled Event",
            ["source"] = "aws.events",
            ["account"] = options.AccountId,
            ["time"] = due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = scheduled.Region,
            ["resources"] = new JsonArray(scheduled.Rule.Arn),
            ["detail"] = new JsonObject(),
        };
        LogFired(logger, scheduled.Rule.Arn, scheduled.Targets.Count);
        foreach (var target in scheduled.Targets)
        {
            Interlocked.Increment(ref _pending);
            _ = Task.Run(async () =>
            {
                try
                {
                    await DeliverWithRetryAsync(scheduled, target, evt, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }, CancellationToken.None);
        }
    }

    private async Task DeliverWithRetryAsync(ScheduledRule scheduled, Target target, JsonObject evt, DateTimeOffset created, CancellationToken cancellationToken)
    {
        var arn = target.Arn ?? string.Empty;
        var body = TargetInput.Render(target, evt, scheduled.Rule, created);
        var maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? 185;
        var maxAge = TimeSpan.FromSeconds(target.RetryPolicy?.MaximumEventAgeInSeconds ?? 86_400);
        Exception? last = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await DeliverAsync(scheduled.Region, arn, body, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception error)
            {
                last = error;
                LogDeliveryFailed(logger, error, scheduled.Rule.Arn, arn, attempt + 1);
                if (error is AwsServiceException { StatusCode: < HttpStatusCode.InternalServerError and not HttpStatusCode.TooManyRequests })
                {
                    break; // the target does not exist or refused the event: retrying does not help
                }
            }

            var delay = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempt)));
            if (attempt >= maxRetries || time.GetUtcNow() + delay - created > maxAge)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await DeadLetterAsync(scheduled, target, arn, evt, last!, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(string region, string arn, string body, CancellationToken cancellationToken)
    {
        if (arn.StartsWith("arn:aws:states:", StringComparison.Ordinal) && arn.Contains(":stateMachine:", StringComparison.Ordinal))
        {
            var caller = services.GetRequiredService<InProcessAwsCaller>();
            await caller.InvokeAsync("states", "StartExecution", new JsonObject { ["stateMachineArn"] = arn, ["input"] = body }, region, cancellationToken).ConfigureAwait(false);
        }
        else if (arn.StartsWith("arn:aws:lambda:", StringComparison.Ordinal))
        {
            var lambda = services.GetRequiredService<ILambdaInvoker>();
            await lambda.InvokeAsync(new LambdaInvocationRequest(arn, Encoding.UTF8.GetBytes(body), LambdaInvocationType.Event), cancellationToken).ConfigureAwait(false);
        }
        else if (arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
        {
            await services.GetRequiredService<ISqsDelivery>().DeliverAsync(arn, body, null, cancellationToken).ConfigureAwait(false);
            services.GetService<Persistence.IStateChanges>()?.Changed("sqs");
        }
        else
        {
            throw new AwsServiceException("ValidationException", $"Scheduled delivery to {arn} is not emulated (state machines, functions and SQS queues are).");
        }
    }

    private async Task DeadLetterAsync(ScheduledRule scheduled, Target target, string arn, JsonObject evt, Exception error, CancellationToken cancellationToken)
    {
        if (target.DeadLetterConfig?.Arn is not { } dlq)
        {
            return;
        }

        var attributes = new Dictionary<string, SqsMessageAttribute>(StringComparer.Ordinal)
        {
            ["RULE_ARN"] = new("String", scheduled.Rule.Arn, null),
            ["TARGET_ARN"] = new("String", arn, null),
            ["ERROR_CODE"] = new("String", error is AwsServiceException aws ? aws.Code : "SDK_CLIENT_ERROR", null),
            ["ERROR_MESSAGE"] = new("String", error.Message, null),
        };
        try
        {
            await services.GetRequiredService<ISqsDelivery>().DeliverAsync(dlq, JsonBody.Text(evt), attributes, cancellationToken).ConfigureAwait(false);
            services.GetService<Persistence.IStateChanges>()?.Changed("sqs");
        }
        catch (Exception dlqError) when (dlqError is not OperationCanceledException)
        {
            LogDeliveryFailed(logger, dlqError, scheduled.Rule.Arn, dlq, 1);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schedule of rule {RuleArn} fired for {TargetCount} targets")]
    private static partial void LogFired(ILogger logger, string ruleArn, int targetCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled rule {RuleArn}: delivery to {TargetArn} failed (attempt {Attempt})")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception error, string ruleArn, string targetArn, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The EventBridge scheduler failed to read its rules; it tries again in a second")]
    private static partial void LogTickFailed(ILogger logger, Exception error);
}
