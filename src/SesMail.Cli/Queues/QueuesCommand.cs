using System.CommandLine;
using System.Globalization;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Queues;

/// <summary><c>sesmail queues</c>: depth and oldest age of every queue and DLQ of the stack.</summary>
internal static class QueuesCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("queues", "Depth and oldest-message age of every queue and DLQ of the stack (input, forwarder, retry, bouncer).");
        CliRun.Bind(command, global, console, async (_, run, ct) =>
        {
            var rows = await QueueStatus.ReadAllAsync(run.Aws.Sqs, await run.NamesAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(rows, CliJsonContext.Default.IReadOnlyListQueueStatus);
                return 0;
            }

            if (rows.All(r => !r.Exists))
            {
                throw new CliException(
                    $"none of the {run.Settings.Environment} stack's queues exist at {run.Settings.Describe()}.",
                    "Is the runtime running and healthy (it provisions the stack), and is --env right?");
            }

            var table = new Table().AddColumns("Queue", "Name", "Visible", "In flight", "Oldest", "State");
            foreach (var row in rows)
            {
                table.AddRow(
                    row.DeadLetter ? $"{row.Role} DLQ" : row.Role,
                    Markup.Escape(row.Name),
                    Count(row.Visible),
                    Count(row.InFlight),
                    row.OldestAgeSeconds is { } age ? $"{age.ToString(CultureInfo.InvariantCulture)} s" : "—",
                    !row.Exists ? "[red]missing[/]" : row.Healthy ? "[green]ok[/]" : row.DeadLetter ? "[red]messages in DLQ[/]" : "[yellow]old messages[/]");
            }

            run.Console.Ansi.Write(table);
            var unhealthy = rows.Where(r => r.Exists && !r.Healthy && r.DeadLetter).ToList();
            if (unhealthy.Count > 0)
            {
                run.Console.Ansi.MarkupLine($"Fix the cause, then redrive: [grey]sesmail dlq redrive --queue {unhealthy[0].Role}[/]");
            }

            return 0;
        });
        return command;
    }

    private static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";
}
