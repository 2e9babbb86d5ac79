using System.Diagnostics;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// The SMTP edge's spans (docs/TRACING.md): <c>smtp receive</c>, the root of each received message's trace, and one
/// <c>receipt-rule S3Action</c> child per S3 action, inside which the object is stored and the notification published
/// (the AWS calls carry the trace on to the emulator).
/// </summary>
internal static class SesReceivingTelemetry
{
    /// <summary>The activity source name.</summary>
    public const string SourceName = "SesMail.LocalRuntime.SesReceiving";

    /// <summary>The SES message id attribute, the same as the functions' spans carry.</summary>
    public const string MessageIdAttribute = "sesmail.message_id";

    /// <summary>The message's <c>Message-ID</c> header (RFC 5322 §3.6.4), without angle brackets.</summary>
    public const string HeaderMessageIdAttribute = "sesmail.mail.message_id";

    /// <summary>The activity source.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A <c>Message-ID</c> value as it is searched for: unfolded, trimmed, without the angle brackets.</summary>
    /// <param name="value">The header value, or <c>null</c>.</param>
    /// <returns>The id, or <c>null</c>.</returns>
    public static string? NormalizeMessageId(string? value)
    {
        var text = value?.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
