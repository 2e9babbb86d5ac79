namespace SesMail.Emulator.Logs;

/// <summary>
/// How emulated services write to CloudWatch Logs in-process, as AWS writes for them: a function's
/// <c>START</c>/<c>END</c>/<c>REPORT</c> lines and its own output to <c>/aws/lambda/{function}</c>, a state machine's
/// execution history to its log group, a pipe's execution log, an EventBridge rule's log-group target.
/// Semantics are those of <c>PutLogEvents</c> (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html),
/// except that a missing group or stream is created rather than refused.
/// </summary>
public interface ILogSink
{
    /// <summary>Appends events to a stream. Never throws for well-formed input; logging must not fail the work it describes.</summary>
    /// <param name="logGroupName">For example <c>/aws/lambda/ses-mail-router-enrichment-test</c>.</param>
    /// <param name="logStreamName">For example <c>2026/12/03/[$LATEST]0123456789abcdef</c>.</param>
    /// <param name="events">The events, oldest first.</param>
    void Append(string logGroupName, string logStreamName, IReadOnlyList<LogEventEntry> events);

    /// <summary>
    /// As <see cref="Append(string, string, IReadOnlyList{LogEventEntry})"/>, creating a missing group in
    /// <paramref name="region"/> (a function's <c>/aws/lambda/…</c> group lives in the function's region) rather than
    /// the region of an existing group of that name or the emulator's default region.
    /// </summary>
    /// <param name="region">The region of the resource that writes, e.g. <c>ap-southeast-2</c>.</param>
    /// <param name="logGroupName">The group.</param>
    /// <param name="logStreamName">The stream.</param>
    /// <param name="events">The events, oldest first.</param>
    void Append(string region, string logGroupName, string logStreamName, IReadOnlyList<LogEventEntry> events) =>
        Append(logGroupName, logStreamName, events);
}

/// <summary>One log event.</summary>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Message">The line, without its trailing newline.</param>
public sealed record LogEventEntry(DateTimeOffset Timestamp, string Message);

/// <summary>Discards every event: the registration until a CloudWatch Logs implementation replaces it.</summary>
internal sealed class NullLogSink : ILogSink
{
    /// <inheritdoc />
    public void Append(string logGroupName, string logStreamName, IReadOnlyList<LogEventEntry> events)
    {
    }
}
