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
    /// Parses and runs. A parse error (an unknown command or option, a missing argument) prints System.CommandLine's
    /// error and typo suggestions, not the whole help, then one line pointing at <c>--help</c> of the command that was
    /// recognized; the exit code stays System.CommandLine's (1).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CliHost host, CancellationToken cancellationToken = default)
    {
        var parse = Build(console, host).Parse(args);
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        if (parse.Action is not System.CommandLine.Invocation.ParseErrorAction error)
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }

        error.ShowHelp = false;
        var code = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        names.Insert(0, "sesmail");
        console.Error.WriteLine($"hint: run '{string.Join(' ', names)} --help' for its commands and options.");
        console.Error.Flush();
        return code;
    }
}
