using System.Globalization;
using System.Net;
using System.Text;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The human view of the stand-in: <c>GET /gmail/</c> lists every mailbox's messages (from, subject, date, labels,
/// size); <c>GET /gmail/view/{mailbox}/{id}</c> shows one message's headers and source. Every value taken from a
/// message is HTML-encoded, so a hostile message cannot script the page.
/// </summary>
internal sealed class GmailMailboxPage(GmailMaildir maildir, ILogger<GmailMailboxPage> logger)
{
    /// <summary>How much of a message's source the view shows.</summary>
    public const int MaxSourceChars = 256 * 1024;

    private const string Style = "body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}" +
        "th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}" +
        ".labels span{background:#e8eaed;border-radius:3px;padding:0 .3rem;margin-right:.2rem;font-size:.85em}";

    /// <summary><c>GET /gmail/</c>.</summary>
    public Task IndexAsync(HttpContext http)
    {
        var html = new StringBuilder();
        Begin(html, "SesMail Gmail stand-in");
        html.Append("<h1>Gmail stand-in</h1>");
        var mailboxes = maildir.Mailboxes;
        if (mailboxes.Count == 0)
        {
            html.Append("<p>No messages yet. Send one to the SMTP edge (127.0.0.1:2525) or import through the Gmail API.</p>");
        }

        foreach (var mailbox in mailboxes)
        {
            var messages = maildir.List(mailbox);
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(mailbox)} <small>({messages.Count} messages)</small></h2>");
            html.Append("<table><thead><tr><th>From</th><th>Subject</th><th>Date</th><th>Labels</th><th>Size</th></tr></thead><tbody>");
            foreach (var message in messages)
            {
                var link = $"/gmail/view/{Uri.EscapeDataString(mailbox)}/{Uri.EscapeDataString(message.Id)}";
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(message.From)}</td><td><a href=\"{E(link)}\">{E(string.IsNullOrEmpty(message.Subject) ? "(no subject)" : message.Subject)}</a></td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(DateTimeOffset.FromUnixTimeMilliseconds(message.InternalDate).ToString("u", CultureInfo.InvariantCulture))}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"labels\">{Labels(message)}</td><td>{message.Size.ToString("N0", CultureInfo.InvariantCulture)} B</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return EndAsync(http, html);
    }

    /// <summary><c>GET /gmail/view/{mailbox}/{id}</c>.</summary>
    public async Task ViewAsync(HttpContext http, string mailbox, string id)
    {
        var message = maildir.Find(mailbox, id);
        if (message is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            var missing = new StringBuilder();
            Begin(missing, "Not found");
            missing.Append(CultureInfo.InvariantCulture, $"<p>No message {E(id)} in {E(mailbox)}. <a href=\"/gmail/\">Back</a></p>");
            await EndAsync(http, missing).ConfigureAwait(false);
            return;
        }

        string source;
        bool truncated;
        try
        {
            await using var raw = maildir.OpenRaw(message);
            using var reader = new StreamReader(raw, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            var buffer = new char[MaxSourceChars];
            var read = await reader.ReadBlockAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            source = new string(buffer, 0, read);
            truncated = read == buffer.Length && reader.Peek() >= 0;
        }
        catch (IOException error)
        {
            logger.LogWarning(error, "Cannot read message {Id} of {Mailbox}", id, mailbox);
            source = "(the message file cannot be read)";
            truncated = false;
        }

        var html = new StringBuilder();
        Begin(html, message.Subject ?? "(no subject)");
        html.Append("<p><a href=\"/gmail/\">← all mailboxes</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(string.IsNullOrEmpty(message.Subject) ? "(no subject)" : message.Subject)}</h1><table>");
        Row(html, "Mailbox", message.Mailbox);
        Row(html, "Gmail id", message.Id);
        Row(html, "From", message.From);
        Row(html, "To", message.To);
        Row(html, "Date", message.Date);
        Row(html, "Size", message.Size.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
        Row(html, "Imported by", $"{message.Method} ({message.UploadType}), internalDateSource={message.InternalDateSource}, neverMarkSpam={message.NeverMarkSpam}, processForCalendar={message.ProcessForCalendar}, deleted={message.Deleted}");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Labels</th><td class=\"labels\">{Labels(message)}</td></tr></table>");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/_sesmail/gmail/mailboxes/{E(Uri.EscapeDataString(message.Mailbox))}/messages/{E(Uri.EscapeDataString(message.Id))}/raw\">Download the raw message</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Source{(truncated ? $" (first {MaxSourceChars:N0} characters)" : string.Empty)}</h2><pre>{E(source)}</pre>");
        await EndAsync(http, html).ConfigureAwait(false);
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    private static string Labels(GmailStoredMessage message) =>
        string.Concat(message.LabelIds.Select(l => $"<span>{E(l)}</span>")) + (message.Deleted ? "<span>vault-only</span>" : string.Empty);

    private static void Row(StringBuilder html, string name, string? value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");

    private static void Begin(StringBuilder html, string title) =>
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title><style>{Style}</style></head><body>");

    private static Task EndAsync(HttpContext http, StringBuilder html)
    {
        html.Append("</body></html>");
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return http.Response.WriteAsync(html.ToString(), http.RequestAborted);
    }
}
