using System.Globalization;
using System.Text;
using MimeKit;

namespace SesMail.Cli.Send;

/// <summary>Builds plain-text test messages, optionally padded to a total size.</summary>
internal static class TestMessage
{
    private const string Filler = "SesMail test message filler. The quick brown fox jumps over the lazy dog 0123456789.";

    /// <summary>Serialization as SMTP puts it on the wire: CRLF line endings.</summary>
    public static FormatOptions SmtpFormat { get; } = CreateSmtpFormat();

    private static FormatOptions CreateSmtpFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    /// <summary>A message with the given addresses and subject whose serialized size is close to <paramref name="size"/> bytes (at least the headers).</summary>
    public static MimeMessage Create(string from, IReadOnlyList<string> to, string subject, string? body, int size = 0, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = subject;
        message.Date = DateTimeOffset.Now;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sesmail.local");
        foreach (var (name, value) in headers ?? [])
        {
            message.Headers.Add(name, value);
        }

        var text = new StringBuilder(body ?? $"Hello from sesmail at {DateTimeOffset.Now.ToString("u", CultureInfo.InvariantCulture)}.");
        text.Append("\r\n");
        message.Body = new TextPart("plain") { Text = text.ToString() };
        var missing = size - (int)Measure(message);
        if (missing > 0)
        {
            var line = 0;
            while (missing > 0)
            {
                var next = $"{line++.ToString("D6", CultureInfo.InvariantCulture)} {Filler}";
                if (next.Length + 2 > missing)
                {
                    next = next[..Math.Max(0, missing - 2)];
                }

                text.Append(next).Append("\r\n");
                missing -= next.Length + 2;
            }

            message.Body = new TextPart("plain") { Text = text.ToString() };
        }

        return message;
    }

    /// <summary>The message's size in bytes as sent (CRLF line endings).</summary>
    public static long Measure(MimeMessage message)
    {
        using var measure = new MimeKit.IO.MeasuringStream();
        message.WriteTo(SmtpFormat, measure);
        return measure.Length;
    }
}
