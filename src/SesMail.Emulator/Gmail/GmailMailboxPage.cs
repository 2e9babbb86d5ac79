using System.Globalization;
using System.Net;
using System.Text;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The human view of the stand-in: <c>GET /gmail/</c> lists every mailbox's messages (from, subject, date, labels,
/// size), a page at a time, with a search box; <c>GET /gmail/view/{mailbox}/{id}</c> shows one message's headers and source. Every value taken from a
/// message is HTML-encoded, so a hostile message cannot script the page.
/// </summary>
internal sealed class GmailMailboxPage(GmailMaildir maildir, ILogger<GmailMailboxPage> logger)
{
    /// <summary>How much of a message's source the view shows.</summary>
    public const int MaxSourceChars = 256 * 1024;

    private const string Style = "body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}" +
        "form{margin-bottom:1rem}.count{color:#555}.pager a{margin-right:1rem}" +
        "th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}" +
        ".labels span{background:#e8eaed;border-radius:3px;padding:0 .3rem;margin-right:.2rem;font-size:.85em}";

    /// <summary>Messages per page of a mailbox.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// <c>GET /gmail/[?q=…&amp;mailbox=…&amp;page=N]</c>: each mailbox's messages, newest first, <see cref="PageSize"/> a
    /// page; <c>q</c> keeps messages whose From, To or Subject contains it (case-insensitive), <c>mailbox</c> shows one
    /// mailbox only, <c>page</c> (1-based) picks the page. A plain GET form searches; links page through.
    /// </summary>
    public Task IndexAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var q = query["q"].ToString().Trim();
        var only = query["mailbox"].ToString().Trim();
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;

        var html = new StringBuilder();
        Begin(html, "SesMail Gmail stand-in");
        html.Append("<h1>Gmail stand-in</h1>");
        var mailboxes = maildir.Mailboxes;
        html.Append("<form method=\"get\" action=\"/gmail/\" role=\"search\"><label>Search <input type=\"search\" name=\"q\" value=\"")
            .Append(E(q)).Append("\" placeholder=\"from, to or subject\"></label> <label>Mailbox <select name=\"mailbox\"><option value=\"\">all</option>");
        foreach (var mailbox in mailboxes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option{(mailbox == only ? " selected" : string.Empty)}>{E(mailbox)}</option>");
        }

        html.Append("</select></label> <button type=\"submit\">Search</button>");
        if (q.Length > 0 || only.Length > 0)
        {
            html.Append(" <a href=\"/gmail/\">clear</a>");
        }

        html.Append("</form>");
        if (mailboxes.Count == 0)
        {
            html.Append("<p>No messages yet. Send one to the SMTP edge (127.0.0.1:2525) or import through the Gmail API.</p>");
        }

        foreach (var mailbox in mailboxes.Where(m => only.Length == 0 || m == only))
        {
            var all = maildir.List(mailbox);
            var matching = q.Length == 0 ? all : all.Where(m => Matches(m, q)).ToList();
            var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
            var shown = matching.Skip((page - 1) * PageSize).Take(PageSize).ToList();
            var first = (page - 1) * PageSize + 1;
            html.Append(CultureInfo.InvariantCulture, $"<section data-mailbox=\"{E(mailbox)}\"><h2>{E(mailbox)} <small>({all.Count} {(all.Count == 1 ? "message" : "messages")})</small></h2>");
            html.Append("<p class=\"count\">").Append(shown.Count == 0
                ? $"Showing 0 of {matching.Count}{(q.Length > 0 ? $" matching “{E(q)}”" : string.Empty)}"
                : $"Showing {first}–{first + shown.Count - 1} of {matching.Count}{(q.Length > 0 ? $" matching “{E(q)}”" : string.Empty)} (page {page} of {pages})").Append("</p>");
            if (shown.Count > 0)
            {
                html.Append("<table><thead><tr><th>From</th><th>Subject</th><th>Date</th><th>Labels</th><th>Size</th></tr></thead><tbody>");
                foreach (var message in shown)
                {
                    var link = $"/gmail/view/{Uri.EscapeDataString(mailbox)}/{Uri.EscapeDataString(message.Id)}";
                    html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(message.From)}</td><td><a href=\"{E(link)}\">{E(string.IsNullOrEmpty(message.Subject) ? "(no subject)" : message.Subject)}</a></td>");
                    html.Append(CultureInfo.InvariantCulture, $"<td>{E(DateTimeOffset.FromUnixTimeMilliseconds(message.InternalDate).ToString("u", CultureInfo.InvariantCulture))}</td>");
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"labels\">{Labels(message)}</td><td>{message.Size.ToString("N0", CultureInfo.InvariantCulture)} B</td></tr>");
                }

                html.Append("</tbody></table>");
            }

            if (pages > 1)
            {
                html.Append("<nav class=\"pager\">");
                if (page > 1)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<a rel=\"prev\" href=\"{E(PageLink(q, mailbox, page - 1))}\">← Newer</a> ");
                }

                if (page < pages)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<a rel=\"next\" href=\"{E(PageLink(q, mailbox, page + 1))}\">Older →</a>");
                }

                html.Append("</nav>");
            }

            html.Append("</section>");
        }

        return EndAsync(http, html);
    }

    private static bool Matches(GmailStoredMessage message, string q) =>
        (message.From ?? string.Empty).Contains(q, StringComparison.OrdinalIgnoreCase) ||
        (message.To ?? string.Empty).Contains(q, StringComparison.OrdinalIgnoreCase) ||
        (message.Subject ?? string.Empty).Contains(q, StringComparison.OrdinalIgnoreCase);

    private static string PageLink(string q, string mailbox, int page) =>
        $"/gmail/?{(q.Length > 0 ? $"q={Uri.EscapeDataString(q)}&" : string.Empty)}mailbox={Uri.EscapeDataString(mailbox)}&page={page.ToString(CultureInfo.InvariantCulture)}";

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
