using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.StepFunctions.Model;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Recovery;

/// <summary>
/// <c>sesmail retry run [--wait] [--account …]</c>, <c>sesmail retry status</c> and <c>sesmail executions list|show &lt;id&gt;</c>: the
/// retry processor that replays parked mail, and a readable view of any execution of the stack's state machines
/// (docs/RECOVERY.md).
/// </summary>
internal static class RecoveryCommands
{
    public static Command Retry(GlobalOptions global, CliConsole console, CliHost host)
    {
        var retry = new Command("retry", "The retry processor: replay mail parked in the retry queue while the Gmail token was bad.");
        var run = new Command("run", "Start the retry processor now (execution manual-YYYYMMDD-HHMMSS).");
        var wait = new Option<bool>("--wait") { Description = "Wait for the execution to end and show what it did." };
        var account = new Option<string?>("--account") { Description = "Replay only the mail parked for this Gmail account (the others keep their tries)." };
        run.Options.Add(wait);
        run.Options.Add(account);
        CliRun.Bind(run, global, console, async (result, cli, ct) =>
        {
            var arn = await StateMachineRuns.ArnAsync(cli, n => n.RetryProcessor, ct).ConfigureAwait(false);
            var name = "manual-" + host.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var execution = await StateMachineRuns.StartAsync(cli, arn, name, ct, result.GetValue(account)).ConfigureAwait(false)
                ?? throw new CliException($"an execution named {name} exists already.", "Wait a second and run it again.");
            if (!result.GetValue(wait))
            {
                Write(cli, new JsonObject { ["executionArn"] = execution, ["status"] = "RUNNING" }, $"Started the retry processor: {execution}\nFollow it with [grey]sesmail executions show {name}[/].");
                return 0;
            }

            var ended = await StateMachineRuns.WaitAsync(cli, execution, ct).ConfigureAwait(false);
            return await ShowAsync(cli, ended, ct).ConfigureAwait(false);
        });
        retry.Subcommands.Add(run);

        var status = new Command("status", "The retry processor's last executions.");
        CliRun.Bind(status, global, console, async (_, cli, ct) =>
        {
            var arn = await StateMachineRuns.ArnAsync(cli, n => n.RetryProcessor, ct).ConfigureAwait(false);
            return await ListAsync(cli, arn, 10, ct).ConfigureAwait(false);
        });
        retry.Subcommands.Add(status);
        return retry;
    }

    public static Command Executions(GlobalOptions global, CliConsole console)
    {
        var executions = new Command("executions", "Executions of the stack's state machines (the retry processor, the token monitor).");
        var machine = new Option<string>("--state-machine", "-m")
        {
            Description = "retry-processor (default) or token-monitor.",
            DefaultValueFactory = _ => "retry-processor",
        };
        var list = new Command("list", "The last executions, newest first.");
        list.Options.Add(machine);
        CliRun.Bind(list, global, console, async (result, cli, ct) =>
            await ListAsync(cli, await MachineArnAsync(cli, result.GetValue(machine)!, ct).ConfigureAwait(false), 25, ct).ConfigureAwait(false));
        executions.Subcommands.Add(list);

        var show = new Command("show", "One execution as a tree of its states, with their inputs and outputs.");
        var id = new Argument<string>("id") { Description = "The execution's name (e.g. token-refresh-20260314-015900) or ARN." };
        show.Arguments.Add(id);
        show.Options.Add(machine);
        CliRun.Bind(show, global, console, async (result, cli, ct) =>
        {
            var value = result.GetValue(id)!;
            var arn = value.StartsWith("arn:", StringComparison.Ordinal)
                ? value
                : (await MachineArnAsync(cli, result.GetValue(machine)!, ct).ConfigureAwait(false)).Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + value;
            var described = await cli.Aws.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }, ct).ConfigureAwait(false);
            return await ShowAsync(cli, described, ct).ConfigureAwait(false);
        });
        executions.Subcommands.Add(show);
        return executions;
    }

    private static async Task<string> MachineArnAsync(CliRun cli, string which, CancellationToken ct) => which switch
    {
        "retry-processor" => await StateMachineRuns.ArnAsync(cli, n => n.RetryProcessor, ct).ConfigureAwait(false),
        "token-monitor" => await StateMachineRuns.ArnAsync(cli, n => n.TokenMonitor, ct).ConfigureAwait(false),
        _ => throw new CliException($"'{which}' is not a state machine of the stack.", "Use --state-machine retry-processor or token-monitor."),
    };

    private static async Task<int> ListAsync(CliRun cli, string stateMachineArn, int max, CancellationToken ct)
    {
        var page = await cli.Aws.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = stateMachineArn, MaxResults = max }, ct).ConfigureAwait(false);
        if (cli.Json)
        {
            var items = new JsonArray([.. page.Executions.Select(e => (JsonNode)new JsonObject
            {
                ["name"] = e.Name,
                ["status"] = e.Status,
                ["startDate"] = e.StartDate.ToString("O", CultureInfo.InvariantCulture),
                ["stopDate"] = e.StopDate?.ToString("O", CultureInfo.InvariantCulture),
                ["executionArn"] = e.ExecutionArn,
            })]);
            cli.Console.Out.WriteLine(items.ToJsonString());
            return 0;
        }

        if (page.Executions.Count == 0)
        {
            cli.Console.Ansi.MarkupLine("No executions yet.");
            return 0;
        }

        var table = new Table().AddColumns("Name", "Status", "Started (UTC)", "Took");
        foreach (var e in page.Executions)
        {
            table.AddRow(Markup.Escape(e.Name ?? string.Empty), StatusMarkup(e.Status), e.StartDate.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.StopDate is { } stop ? $"{(stop - e.StartDate).TotalSeconds:0.0} s" : "—");
        }

        cli.Console.Ansi.Write(table);
        return 0;
    }

    private static async Task<int> ShowAsync(CliRun cli, DescribeExecutionResponse execution, CancellationToken ct)
    {
        var events = await StateMachineRuns.HistoryAsync(cli, execution.ExecutionArn!, ct).ConfigureAwait(false);
        var failed = execution.Status is "FAILED" or "TIMED_OUT" or "ABORTED" ? 1 : 0;
        if (cli.Json)
        {
            var states = new JsonArray([.. ExecutionTree.States(events).Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name,
                ["type"] = s.Type,
                ["input"] = s.Input,
                ["output"] = s.Output,
                ["error"] = s.Error,
                ["cause"] = s.Cause,
                ["depth"] = s.Depth,
            })]);
            cli.Console.Out.WriteLine(new JsonObject
            {
                ["name"] = execution.Name,
                ["status"] = execution.Status,
                ["input"] = execution.Input,
                ["output"] = execution.Output,
                ["error"] = execution.Error,
                ["cause"] = execution.Cause,
                ["states"] = states,
            }.ToJsonString());
            return failed;
        }

        cli.Console.Ansi.Write(ExecutionTree.Render(execution, events));
        return failed;
    }

    private static void Write(CliRun cli, JsonObject json, string markup)
    {
        if (cli.Json)
        {
            cli.Console.Out.WriteLine(json.ToJsonString());
        }
        else
        {
            cli.Console.Ansi.MarkupLine(markup);
        }
    }

    internal static string StatusMarkup(string? status) => status switch
    {
        "SUCCEEDED" => "[green]SUCCEEDED[/]",
        "RUNNING" => "[blue]RUNNING[/]",
        null => "—",
        _ => $"[red]{Markup.Escape(status)}[/]",
    };
}
