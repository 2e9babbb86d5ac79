using System.Globalization;
using System.Net;
using System.Text;

namespace SesMail.Emulator.Ses;

/// <summary>
/// The emulator's own view of mail sent through SES: <c>GET /_sesmail/ses/messages</c> (JSON list),
/// <c>GET /_sesmail/ses/messages/{id}</c> (one envelope), <c>GET /_sesmail/ses/messages/{id}/raw</c>
/// (<c>message/rfc822</c> bytes), <c>DELETE /_sesmail/ses/messages</c> (clear), the HTML outbox at <c>/_sesmail/ses/</c>, and
/// <c>GET /_sesmail/ses/smtp</c>: where the SES SMTP endpoint listens, <c>{"host","starttlsPort","tlsPort"}</c> (a port is
/// <c>null</c> when it does not listen).
/// </summary>
internal static class SesOutboxEndpoints
{
    public static WebApplication MapSesOutbox(this WebApplication app)
    {
        app.MapGet("/_sesmail/ses/messages", (SesOutbox outbox) =>
            Results.Json(new SesSentMessageList(outbox.List()), SesJsonContext.Default.SesSentMessageList));

        app.MapDelete("/_sesmail/ses/messages", (SesOutbox outbox) =>
        {
            outbox.Clear();
            return Results.NoContent();
        });

        app.MapGet("/_sesmail/ses/messages/{id}", (string id, SesOutbox outbox) =>
            outbox.Find(id) is { } message
                ? Results.Json(message, SesJsonContext.Default.SesSentMessage)
                : NotFound(id));

        app.MapGet("/_sesmail/ses/messages/{id}/raw", (string id, SesOutbox outbox) =>
            outbox.OpenRaw(id) is { } stream
                ? Results.Stream(stream, "message/rfc822", $"{id}.eml")
                : NotFound(id));

        app.MapGet("/_sesmail/ses/smtp", async (Smtp.SesSmtpStatus status, Hosting.EmulatorOptions options) =>
        {
            await status.Started.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return Results.Json(new SesSmtpEndpointInfo(options.BindAddress, status.StartTlsPort, status.TlsPort), SesJsonContext.Default.SesSmtpEndpointInfo);
        });

        app.MapGet("/_sesmail/ses/", (SesOutbox outbox) => Results.Content(Html(outbox.List()), "text/html; charset=utf-8"));
        return app;
    }

    private static IResult NotFound(string id) =>
        Results.Text($"No message {id} was sent through SES. List them at /_sesmail/ses/messages.", "text/plain", statusCode: 404);

    private static string Html(IReadOnlyList<SesSentMessage> messages)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>SES outbox</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>")
            .Append("</head><body><h1>SES outbox</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{messages.Count} message(s) sent through the emulated SES; nothing leaves this machine.</p>")
            .Append("<table><tr><th>Time (UTC)</th><th>Operation</th><th>From</th><th>To</th><th>Subject</th><th>Size</th><th>Message id</th></tr>");
        foreach (var m in messages.Reverse())
        {
            var raw = $"/_sesmail/ses/messages/{Uri.EscapeDataString(m.MessageId)}/raw";
            html.Append("<tr>")
                .Append(CultureInfo.InvariantCulture, $"<td>{m.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{WebUtility.HtmlEncode(m.Operation)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{WebUtility.HtmlEncode(m.Source)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{WebUtility.HtmlEncode(string.Join(", ", m.Destinations))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{WebUtility.HtmlEncode(m.Subject ?? string.Empty)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{m.Size}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><a href=\"{WebUtility.HtmlEncode(raw)}\">{WebUtility.HtmlEncode(m.MessageId)}</a></td>")
                .Append("</tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }
}
