using System.CommandLine;
using System.Text.Json.Serialization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Send;

/// <summary><c>sesmail send</c>: one test message, or an .eml file as it is, through SMTP (MailKit).</summary>
internal static class SendCommand
{
    public const string DefaultFrom = "tester@sender.test";
    public const string DefaultTo = "hello@example.test";

    public static Option<string?> SmtpOption() => new("--smtp")
    {
        Description = "SMTP server host:port. Default 127.0.0.1:2525, the local SES receiving edge.",
    };

    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("send", "Send a test message or an .eml file through SMTP to the SES receiving edge.");
        var to = new Option<string[]>("--to") { Description = $"Recipient(s). Default {DefaultTo}, or the file's To/Cc/Bcc.", AllowMultipleArgumentsPerToken = true };
        var from = new Option<string?>("--from") { Description = $"Envelope sender (MAIL FROM). Default {DefaultFrom}, or the file's Sender/From." };
        var subject = new Option<string?>("--subject") { Description = "Subject of the test message." };
        var body = new Option<string?>("--body") { Description = "Text of the test message." };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "An .eml file to send unchanged (headers and body as in the file)." };
        var size = new Option<string?>("--size") { Description = "Pad the test message to this size (e.g. 20KB, 1MB)." };
        var smtp = SmtpOption();
        command.Options.Add(to);
        command.Options.Add(from);
        command.Options.Add(subject);
        command.Options.Add(body);
        command.Options.Add(file);
        command.Options.Add(size);
        command.Options.Add(smtp);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var target = SmtpTarget.Parse(result.GetValue(smtp));
            var recipients = result.GetValue(to) ?? [];
            MimeMessage message;
            if (result.GetValue(file) is { } eml)
            {
                if (!eml.Exists)
                {
                    throw new CliException($"{eml.FullName} does not exist.", "Pass the path of an RFC 5322 message (.eml).", 2);
                }

                message = await MimeMessage.LoadAsync(eml.FullName, ct).ConfigureAwait(false);
            }
            else
            {
                var padded = result.GetValue(size) is { } s ? ByteSize.Parse(s, "--size") : 0;
                message = TestMessage.Create(
                    result.GetValue(from) ?? DefaultFrom,
                    recipients.Length > 0 ? recipients : [DefaultTo],
                    result.GetValue(subject) ?? "Test message from sesmail",
                    result.GetValue(body),
                    padded);
            }

            var envelope = Envelope.For(message, result.GetValue(from), recipients);
            var response = await SendAsync(target, message, envelope, ct).ConfigureAwait(false);
            var report = new SendResult(message.MessageId, envelope.Sender.Address, [.. envelope.Recipients.Select(r => r.Address)], target.ToString(), response, TestMessage.Measure(message));
            if (run.Json)
            {
                run.WriteJson(report, CliJsonContext.Default.SendResult);
            }
            else
            {
                run.Console.Ansi.MarkupLine($"Sent [bold]{Markup.Escape(report.MessageId ?? "(no Message-ID)")}[/] ({report.Bytes:N0} bytes) from {Markup.Escape(report.From)} to {Markup.Escape(string.Join(", ", report.Recipients))} via {report.Smtp}.");
                run.Console.Ansi.MarkupLine($"Server: [grey]{Markup.Escape(response)}[/]");
                if (run.Settings.GmailStandIn is { } standIn)
                {
                    run.Console.Ansi.MarkupLine($"Watch it arrive: [link]{standIn.ToString().TrimEnd('/')}/gmail/[/] or [grey]sesmail mail list[/]");
                }

                if (report.MessageId is { } id)
                {
                    // A rule may bounce or only store it; the trace says which, and where it went.
                    run.Console.Ansi.MarkupLine($"Where it went: [grey]sesmail trace '{Markup.Escape(id)}'[/]");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Connects, sends one message with an explicit envelope, disconnects; returns the server's final reply text.</summary>
    public static async Task<string> SendAsync(SmtpTarget target, MimeMessage message, Envelope envelope, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        await ConnectAsync(client, target, cancellationToken).ConfigureAwait(false);
        var response = await client.SendAsync(message, envelope.Sender, envelope.Recipients, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Connects without TLS; a refused connection becomes an error that says where and what to start.</summary>
    /// <exception cref="CliException">Nothing listens at <paramref name="target"/>.</exception>
    /// <param name="client">The client to connect.</param>
    /// <param name="target">Where.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <param name="noDelay">
    /// Connect over a socket with Nagle's algorithm off (<c>TCP_NODELAY</c>): <c>sesmail load</c> measures the server,
    /// and with Nagle on, the client's small writes at the end of a transaction (the <c>.</c> terminator, pipelined
    /// commands) wait for the server's delayed ACK, about 40 ms each on Linux, which hides what the server itself takes.
    /// </param>
    public static async Task ConnectAsync(SmtpClient client, SmtpTarget target, CancellationToken cancellationToken, bool noDelay = false)
    {
        try
        {
            if (noDelay)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
                    await client.ConnectAsync(socket, target.Host, target.Port, SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            else
            {
                await client.ConnectAsync(target.Host, target.Port, SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (System.Net.Sockets.SocketException error)
        {
            throw new CliException($"nothing answers SMTP at {target} ({error.SocketErrorCode}).", ErrorTranslator.StartHint + " (its SMTP edge listens on 127.0.0.1:2525), or pass --smtp host:port.", 1, error);
        }
    }
}

/// <summary>The SMTP envelope: MAIL FROM and RCPT TO.</summary>
internal sealed record Envelope(MailboxAddress Sender, IReadOnlyList<MailboxAddress> Recipients)
{
    /// <exception cref="CliException">No sender or no recipient can be found.</exception>
    public static Envelope For(MimeMessage message, string? from, IReadOnlyList<string> to)
    {
        var sender = from is not null ? MailboxAddress.Parse(from)
            : message.Sender ?? message.From.Mailboxes.FirstOrDefault() ?? MailboxAddress.Parse(SendCommand.DefaultFrom);
        var recipients = to.Count > 0
            ? [.. to.Select(MailboxAddress.Parse)]
            : message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).ToList();
        return recipients.Count > 0
            ? new Envelope(sender, recipients)
            : throw new CliException("the message has no recipients.", "Pass --to someone@example.test.", 2);
    }
}

/// <summary>What <c>send</c> reports.</summary>
internal sealed record SendResult(
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("recipients")] IReadOnlyList<string> Recipients,
    [property: JsonPropertyName("smtp")] string Smtp,
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("bytes")] long Bytes);
