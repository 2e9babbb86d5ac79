using System.CommandLine;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Mail;

/// <summary><c>sesmail mail list|get</c>: what arrived in the Gmail stand-in's mailboxes.</summary>
internal static class MailCommands
{
    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var mail = new Command("mail", "Read the local Gmail stand-in's mailboxes (what the forwarder imported).");
        mail.Subcommands.Add(List(global, console, host));
        mail.Subcommands.Add(Get(global, console));
        return mail;
    }

    private static Option<string?> MailboxOption() => new("--mailbox", "-m")
    {
        Description = "Mailbox address (e.g. me@example.test). Default: every mailbox.",
    };

    private static Command List(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command("list", "List messages, newest first, one page at a time; says how many it shows of how many.");
        var mailbox = MailboxOption();
        var limit = new Option<int>("--limit", "--max") { Description = "Messages per page.", DefaultValueFactory = _ => 50 };
        var page = new Option<int>("--page", "-p") { Description = "Which page (1 = newest).", DefaultValueFactory = _ => 1 };
        var from = new Option<string?>("--from") { Description = "Only messages whose From contains this (case-insensitive)." };
        var subject = new Option<string?>("--subject") { Description = "Only messages whose Subject contains this (case-insensitive)." };
        var since = new Option<string?>("--since") { Description = "Only messages stored since a date (2026-12-01, 2026-12-01T08:00Z) or for an age (30m, 2h, 7d)." };
        limit.Check(value => value < 1 ? "--limit must be 1 or more." : null);
        page.Check(value => value < 1 ? "--page must be 1 or more." : null);
        command.Options.Add(mailbox);
        command.Options.Add(limit);
        command.Options.Add(page);
        command.Options.Add(from);
        command.Options.Add(subject);
        command.Options.Add(since);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            DateTimeOffset? after = null;
            if (result.GetValue(since) is { } sinceText)
            {
                try
                {
                    after = MailQuery.ParseSince(sinceText, host.Clock.GetUtcNow());
                }
                catch (FormatException error)
                {
                    throw new CliException($"--since {error.Message}", "Examples: --since 2h, --since 2026-12-01", 2);
                }
            }

            var client = GmailStandInClient.For(run);
            var query = new MailQuery(result.GetValue(from), result.GetValue(subject), after, result.GetValue(page), result.GetValue(limit));
            var shown = query.Apply(await client.AllMessagesAsync(result.GetValue(mailbox), ct).ConfigureAwait(false));
            if (run.Json)
            {
                run.WriteJson(shown, CliJsonContext.Default.MailPage);
                return 0;
            }

            if (shown.Total == 0)
            {
                run.Console.Ansi.MarkupLine(query is { From: null, Subject: null, Since: null }
                    ? $"No messages yet. Send one with [grey]sesmail send[/], then look again (or open [link]{client.MailboxPage}[/])."
                    : "No message matches these filters.");
                return 0;
            }

            if (shown.Messages.Count > 0)
            {
                var table = new Table().AddColumns("Id", "Mailbox", "Received", "From", "Subject", "Size", "Labels");
                foreach (var message in shown.Messages)
                {
                    table.AddRow(
                        Markup.Escape(message.Id),
                        Markup.Escape(message.Mailbox ?? ""),
                        DateTimeOffset.FromUnixTimeMilliseconds(message.ReceivedAt).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                        Markup.Escape(Shorten(message.From, 40)),
                        Markup.Escape(Shorten(message.Subject, 60)),
                        message.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                        Markup.Escape(string.Join(",", message.LabelIds)));
                }

                run.Console.Ansi.Write(table);
            }

            run.Console.Ansi.MarkupLine(Markup.Escape(shown.Describe() + "."));
            if (shown.Page < shown.PageCount)
            {
                run.Console.Ansi.MarkupLine($"Next page: [grey]sesmail mail list --page {shown.Page + 1}{(shown.Limit != 50 ? $" --limit {shown.Limit}" : "")}[/] (same filters)");
            }

            return 0;
        });
        return command;
    }

    private static Command Get(GlobalOptions global, CliConsole console)
    {
        var command = new Command("get", "Show one message; --raw writes its exact stored bytes to standard output.");
        var id = new Argument<string>("id") { Description = "The message id (from mail list)." };
        var mailbox = MailboxOption();
        var raw = new Option<bool>("--raw") { Description = "Write the RFC 5322 bytes exactly as stored." };
        command.Arguments.Add(id);
        command.Options.Add(mailbox);
        command.Options.Add(raw);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var client = GmailStandInClient.For(run);
            var wanted = result.GetValue(id)!;
            var message = (await client.AllMessagesAsync(result.GetValue(mailbox), ct).ConfigureAwait(false)).FirstOrDefault(m => m.Id == wanted)
                ?? throw new CliException($"no message '{wanted}'{(result.GetValue(mailbox) is { } m ? " in mailbox " + m : "")}.", "List messages with: sesmail mail list");
            if (result.GetValue(raw))
            {
                var bytes = await client.RawAsync(message.Mailbox!, message.Id, ct).ConfigureAwait(false);
                await using var stdout = run.Console.RawOut();
                await stdout.WriteAsync(bytes, ct).ConfigureAwait(false);
                await stdout.FlushAsync(ct).ConfigureAwait(false);
                return 0;
            }

            if (run.Json)
            {
                run.WriteJson(message, CliJsonContext.Default.StoredMessage);
                return 0;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Id", Markup.Escape(message.Id));
            grid.AddRow("Mailbox", Markup.Escape(message.Mailbox ?? ""));
            grid.AddRow("From", Markup.Escape(message.From ?? ""));
            grid.AddRow("To", Markup.Escape(message.To ?? ""));
            grid.AddRow("Subject", Markup.Escape(message.Subject ?? ""));
            grid.AddRow("Date", Markup.Escape(message.Date ?? ""));
            grid.AddRow("Labels", Markup.Escape(string.Join(", ", message.LabelIds)));
            grid.AddRow("Size", $"{message.Size:N0} bytes");
            grid.AddRow("Snippet", Markup.Escape(message.Snippet ?? ""));
            run.Console.Ansi.Write(grid);
            return 0;
        });
        return command;
    }

    private static string Shorten(string? text, int max) =>
        text is null ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
