using System.Text.Json;

namespace SesMail.Functions.Observability;

/// <summary>
/// The two log records the dashboard's log table reads (docs/ARCHITECTURE.md#logs-metrics-and-traces); their field names are a contract with
/// the dashboard query and must not change.
/// </summary>
internal static class DashboardLogRecords
{
    /// <summary>The <c>message</c> of the router's per-recipient record.</summary>
    public const string RoutingDecisionMessage = "Routing decision";

    /// <summary>The <c>message</c> of the handlers' per-target record.</summary>
    public const string ActionResultMessage = "Action result";

    /// <summary>Longest subject written to logs and tags.</summary>
    public const int MaxSubjectLength = 64;

    /// <summary>Writes one <c>Routing decision</c> record (router, once per recipient).</summary>
    /// <param name="logger">The router's logger.</param>
    /// <param name="messageId">SES message id.</param>
    /// <param name="sender">The envelope sender (<c>mail.source</c>).</param>
    /// <param name="subject">The subject (cut to 64 characters here).</param>
    /// <param name="recipient">The recipient as received.</param>
    /// <param name="action">The action key.</param>
    /// <param name="lookupKey">The rule key that matched (<c>ROUTE#…</c>); <c>null</c> when a verdict or the default decided.</param>
    /// <param name="target">The rule's destination, if any.</param>
    /// <param name="reason">The verdict or bounce reason, if any.</param>
    /// <param name="metadata">The rule metadata object, if any.</param>
    public static void RoutingDecision(
        this StructuredLogger logger, string messageId, string? sender, string? subject, string recipient, string action,
        string? lookupKey, string? target, string? reason, JsonElement? metadata) =>
        logger.Info(
            RoutingDecisionMessage,
            new("messageId", messageId),
            new("sender", sender),
            new("subject", Truncate(subject)),
            new("recipient", recipient),
            new("action", action),
            new("lookupKey", lookupKey),
            new("target", target),
            new("reason", reason),
            new("metadata", metadata));

    /// <summary>Writes one <c>Action result</c> record (forwarder and bouncer, once per target); ERROR level on failure.</summary>
    /// <param name="logger">The handler's logger.</param>
    /// <param name="messageId">SES message id.</param>
    /// <param name="sender">The envelope sender.</param>
    /// <param name="subject">The subject (cut to 64 characters here).</param>
    /// <param name="recipient">The recipient (target entry's <c>target</c>).</param>
    /// <param name="action">The action key handled.</param>
    /// <param name="success">Whether the action succeeded (<c>result</c> = <c>success</c>/<c>failure</c>).</param>
    /// <param name="target">The destination (Gmail mailbox, bounce address).</param>
    /// <param name="resultId">The Gmail message id or SES message id.</param>
    /// <param name="error">The error text on failure.</param>
    public static void ActionResult(
        this StructuredLogger logger, string messageId, string? sender, string? subject, string recipient, string action,
        bool success, string? target, string? resultId, string? error)
    {
        ReadOnlySpan<LogField> fields =
        [
            new("messageId", messageId),
            new("sender", sender),
            new("subject", Truncate(subject)),
            new("recipient", recipient),
            new("action", action),
            new("result", success ? "success" : "failure"),
            new("target", target),
            new("resultId", resultId),
            new("error", error),
        ];
        if (success)
        {
            logger.Info(ActionResultMessage, fields);
        }
        else
        {
            logger.Error(ActionResultMessage, null, fields);
        }
    }

    /// <summary>Cuts a subject to <see cref="MaxSubjectLength"/> characters.</summary>
    /// <param name="subject">The subject.</param>
    /// <returns>The subject, at most 64 characters.</returns>
    public static string? Truncate(string? subject) =>
        subject is { Length: > MaxSubjectLength } ? subject[..MaxSubjectLength] : subject;
}
