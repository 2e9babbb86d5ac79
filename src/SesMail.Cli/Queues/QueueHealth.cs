using System.Globalization;
using System.Text.Json.Serialization;

namespace SesMail.Cli.Queues;

/// <summary>What a queue is for, which decides what "unhealthy" means for it (docs/OPERATIONS.md, "Queue health").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QueueKind>))]
internal enum QueueKind
{
    /// <summary>A queue a function consumes (input, forwarder, bouncer): messages should pass through in seconds.</summary>
    [JsonStringEnumMemberName("work")]
    Work,

    /// <summary>The forwarder's retry queue: mail parked while the Gmail token is unusable.</summary>
    [JsonStringEnumMemberName("retry")]
    Retry,

    /// <summary>A dead-letter queue: every message in it is mail that failed its attempts.</summary>
    [JsonStringEnumMemberName("dead-letter")]
    DeadLetter,
}

/// <summary>How bad a queue's state is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QueueHealthLevel>))]
internal enum QueueHealthLevel
{
    /// <summary>Nothing to do.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Something is slow or waiting for the operator; mail is not lost yet.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Mail failed and sits in a DLQ.</summary>
    [JsonStringEnumMemberName("alarm")]
    Alarm,
}

/// <summary>What was measured on one queue, the input of <see cref="QueueHealth.Evaluate"/>.</summary>
/// <param name="Visible">SQS <c>ApproximateNumberOfMessages</c>.</param>
/// <param name="InFlight">SQS <c>ApproximateNumberOfMessagesNotVisible</c> (received, not yet deleted).</param>
/// <param name="Delayed">SQS <c>ApproximateNumberOfMessagesDelayed</c>.</param>
/// <param name="OldestAgeSeconds">Age of the oldest message in seconds (the <c>AWS/SQS</c> metric
/// <c>ApproximateAgeOfOldestMessage</c>, or now minus the oldest sampled <c>SentTimestamp</c>); null when unknown.</param>
/// <param name="MaxReceiveCount">The highest number of times a sampled message had been received before the sample
/// looked at it (its <c>ApproximateReceiveCount</c> less the sample's own receive); null when nothing was sampled.</param>
internal sealed record QueueFigures(long Visible, long InFlight, long Delayed, long? OldestAgeSeconds, int? MaxReceiveCount)
{
    /// <summary>Every message the queue holds, whatever its state.</summary>
    public long Total => Visible + InFlight + Delayed;
}

/// <summary>The verdict on one queue: level, why, and the command that fixes it.</summary>
/// <param name="Level">ok, warning or alarm.</param>
/// <param name="Reason">One sentence on what is wrong (or "no messages waiting").</param>
/// <param name="Fix">The command (or step) that resolves it; null when there is nothing to do.</param>
internal sealed record QueueVerdict(QueueHealthLevel Level, string Reason, string? Fix);

/// <summary>
/// The health rule per queue kind, the one implementation behind <c>sesmail queues</c> (and what the dashboard and
/// the CloudWatch alarms should agree with):
/// <list type="bullet">
/// <item>work queue: oldest message older than <see cref="WorkQueueMaxAgeSeconds"/>, or a message received
/// <see cref="RepeatedReceiveCount"/> times or more (it failed and was retried) → warning;</item>
/// <item>dead-letter queue: any message → alarm (fix the cause, then <c>sesmail dlq redrive</c>);</item>
/// <item>retry queue: any message → warning: mail is parked until the Gmail token works again
/// (<c>sesmail token refresh</c>).</item>
/// </list>
/// </summary>
internal static class QueueHealth
{
    /// <summary>A work queue's oldest message may wait this long (seconds) before it is a warning: the forwarder and
    /// bouncer finish a message in seconds, and SQS's visibility timeout for them is 180 s.</summary>
    public const long WorkQueueMaxAgeSeconds = 300;

    /// <summary>A message received this many times has failed at least once and is being retried.</summary>
    public const int RepeatedReceiveCount = 2;

    /// <summary>Judges one queue.</summary>
    /// <param name="kind">What the queue is for.</param>
    /// <param name="role">Its short name (<c>input</c>, <c>forwarder</c>, <c>retry</c>, <c>bouncer</c>), used in the fix.</param>
    /// <param name="figures">What was measured.</param>
    /// <param name="environment">The stack environment, for the fix command (<c>--env prod</c>).</param>
    public static QueueVerdict Evaluate(QueueKind kind, string role, QueueFigures figures, string environment)
    {
        var env = environment == "test" ? string.Empty : $" --env {environment}";
        var age = figures.OldestAgeSeconds is { } seconds ? $", the oldest {Age(seconds)} old" : string.Empty;
        switch (kind)
        {
            case QueueKind.DeadLetter when figures.Total > 0:
                return new(
                    QueueHealthLevel.Alarm,
                    $"{Count(figures.Total)} in the DLQ{age}: mail that failed every attempt",
                    $"fix the cause (logs of the {role} function), then sesmail dlq redrive --queue {role}{env}");
            case QueueKind.Retry when figures.Total > 0:
                return new(
                    QueueHealthLevel.Warning,
                    $"{Count(figures.Total)} parked{age}: the Gmail token was unusable when they arrived",
                    $"sesmail token refresh{env}");
            case QueueKind.Work when figures.OldestAgeSeconds > WorkQueueMaxAgeSeconds:
                return new(
                    QueueHealthLevel.Warning,
                    $"oldest message {Age(figures.OldestAgeSeconds.Value)} old (more than {Age(WorkQueueMaxAgeSeconds)}): the {role} function is failing or behind",
                    $"read the {role} function's logs; after 3 receives SQS moves the message to the DLQ");
            case QueueKind.Work when figures.MaxReceiveCount >= RepeatedReceiveCount:
                return new(
                    QueueHealthLevel.Warning,
                    $"a message was received {figures.MaxReceiveCount} times: the {role} function failed on it",
                    $"read the {role} function's logs; after 3 receives SQS moves the message to the DLQ");
            default:
                return new(QueueHealthLevel.Ok, figures.Total == 0 ? "empty" : $"{Count(figures.Total)} passing through{age}", null);
        }
    }

    /// <summary>A duration for people: <c>45 s</c>, <c>9 min 5 s</c>, <c>3 h 2 min</c>, <c>2 d 4 h</c>.</summary>
    public static string Age(long seconds) => seconds switch
    {
        < 60 => $"{seconds} s",
        < 3600 => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s",
        < 86400 => (seconds % 3600) / 60 == 0 ? $"{seconds / 3600} h" : $"{seconds / 3600} h {(seconds % 3600) / 60} min",
        _ => (seconds % 86400) / 3600 == 0 ? $"{seconds / 86400} d" : $"{seconds / 86400} d {(seconds % 86400) / 3600} h",
    };

    private static string Count(long messages) =>
        messages == 1 ? "1 message" : $"{messages.ToString("N0", CultureInfo.InvariantCulture)} messages";
}
