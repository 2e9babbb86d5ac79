using System.CommandLine;
using SesMail.Cli.Deploy;
using SesMail.Cli.Load;
using SesMail.Cli.Mail;
using SesMail.Cli.Queues;
using SesMail.Cli.Rules;
using SesMail.Cli.Send;
using SesMail.Cli.Recovery;
using SesMail.Cli.Token;

namespace SesMail.Cli.Hosting;

/// <summary>The command tree of <c>sesmail</c>.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliConsole console, CliHost? host = null)
    {
        host ??= CliHost.System;
        var global = new GlobalOptions();
        var root = new RootCommand(
            "sesmail: deploy and operate a SesMail stack — status, deploy/destroy, routing rules, SMTP users, test mail, the local mailboxes, queues and DLQs, the Gmail OAuth token, load runs. " +
            "Works against the local stack (dotnet run --project src/SesMail.AppHost), LocalStack or AWS.");
        global.AddTo(root);
        root.Subcommands.Add(SesMail.Cli.Status.StatusCommand.Create(global, console, host));
        root.Subcommands.Add(RulesCommands.Create(global, console, host));
        root.Subcommands.Add(SendCommand.Create(global, console));
        root.Subcommands.Add(MailCommands.Create(global, console, host));
        root.Subcommands.Add(QueuesCommand.Create(global, console, host));
        root.Subcommands.Add(SesMail.Cli.Alarms.AlarmsCommand.Create(global, console));
        root.Subcommands.Add(DlqCommands.Create(global, console));
        root.Subcommands.Add(SesMail.Cli.Trace.TraceCommand.Create(global, console, host));
        root.Subcommands.Add(TokenCommands.Create(global, console, host));
        root.Subcommands.Add(RecoveryCommands.Retry(global, console, host));
        root.Subcommands.Add(RecoveryCommands.Executions(global, console));
        root.Subcommands.Add(SesMail.Cli.SmtpUsers.SmtpUsersCommands.Create(global, console, host));
        root.Subcommands.Add(LoadCommand.Create(global, console));
        root.Subcommands.Add(PackageCommand.Create(global, console));
        root.Subcommands.Add(DeployCommand.Create(global, console));
        root.Subcommands.Add(DestroyCommand.Create(global, console));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default) =>
        RunAsync(args, console, CliHost.System, cancellationToken);

    /// <summary>
    /// Parses and runs. A parse error (an unknown command or option, a missing argument) prints, on standard error,
    /// each error (an unknown token's error only, not also "Required command was not provided."), the commands a
    /// misspelt one may have meant, and one line pointing at <c>--help</c> of the command that was recognized, never
    /// the whole help; it exits with 2, the CLI's code for a usage error (1 is a failure at run time, such as the stack
    /// not answering).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CliHost host, CancellationToken cancellationToken = default)
    {
        var parse = Build(console, host).Parse(args);
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        if (parse.Action is not System.CommandLine.Invocation.ParseErrorAction)
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }

        var messages = parse.Errors.Select(e => Plain(e.Message)).Distinct(StringComparer.Ordinal).ToList();
        var aboutUnknown = messages.Where(m => parse.UnmatchedTokens.Any(t => m.Contains($"'{t}'", StringComparison.Ordinal))).ToList();
        foreach (var message in aboutUnknown.Count > 0 ? aboutUnknown : messages)
        {
            console.Error.WriteLine(message);
        }

        var command = parse.CommandResult.Command;
        foreach (var token in parse.UnmatchedTokens.Where(t => !t.StartsWith('-')))
        {
            var near = command.Subcommands.Where(c => !c.Hidden)
                .Select(c => c.Name)
                .Where(name => name.StartsWith(token, StringComparison.OrdinalIgnoreCase) || EditDistance(name, token) <= Math.Max(1, token.Length / 3))
                .ToList();
            if (near.Count > 0)
            {
                console.Error.WriteLine($"'{token}' is not a command here. Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?");
            }
        }

        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        names.Insert(0, "sesmail");
        var what = command.Subcommands.Any(c => !c.Hidden) ? "its commands and options" : "its options";
        console.Error.WriteLine($"hint: run '{string.Join(' ', names)} --help' for {what}.");
        console.Error.Flush();
        return 2;
    }

    /// <summary>
    /// System.CommandLine's "Cannot parse argument 'abc' for option '--count' as expected type 'System.Int32'." said in
    /// the user's terms: "--count takes a whole number, such as 10; 'abc' is not one." Other messages are returned as
    /// they are.
    /// </summary>
    /// <param name="message">A parse error's message.</param>
    /// <returns>The message to print.</returns>
    internal static string Plain(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"^Cannot parse argument '(?<token>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.?$");
        if (!match.Success)
        {
            return message;
        }

        var (option, token) = (match.Groups["option"].Value, match.Groups["token"].Value);
        return match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" =>
                $"{option} takes a whole number, such as 10; '{token}' is not one.",
            "System.Double" or "System.Decimal" or "System.Nullable`1[System.Double]" =>
                $"{option} takes a number, such as 2.5; '{token}' is not one.",
            "System.Boolean" => $"{option} takes true or false; '{token}' is neither.",
            _ => message,
        };
    }

    /// <summary>Levenshtein distance, case-insensitive: how many one-character edits turn one word into the other.</summary>
    private static int EditDistance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
