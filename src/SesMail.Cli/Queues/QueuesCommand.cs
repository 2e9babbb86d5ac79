using System.CommandLine;
using System.Globalization;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Queues;

/// <summary>
/// <c>sesmail queues [--peek]</c>: depth, oldest age, receive counts and health of every queue and DLQ of the stack
/// (<see cref="QueueHealthReader"/>, <see cref="QueueHealth"/>).
/// </summary>
internal static class QueuesCommand
{
    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command(
            "queues",
            "Depth, oldest-message age, receive counts and health of every queue and DLQ of the stack (input, forwarder, retry, bouncer), each with the command that fixes it.");
        var peek = new Option<bool>("--peek")
        {
            Description = "Also sample queues with a redrive policy (work and retry queues) for the oldest SentTimestamp and receive counts. " +
                          "A sample is a receive with visibility timeout 0: the messages stay, but each is counted as received once more (toward maxReceiveCount).",
        };
        command.Options.Add(peek);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            using var metric = new CloudWatchQueueAgeMetric(run.Aws.Credentials(), run.Settings.Endpoint, run.Settings.Region, host.Clock);
            var reading = await new QueueHealthReader(run.Aws.Sqs, metric, host.Clock).ReadAllAsync(await run.NamesAsync(ct).ConfigureAwait(false), result.GetValue(peek), ct).ConfigureAwait(false);
            var rows = reading.Queues;
            if (rows.All(r => !r.Exists))
            {
                throw new CliException(
                    $"none of the {run.Settings.Environment} stack's queues exist at {run.Settings.Describe()}.",
                    "Is the runtime running and healthy (it provisions the stack), and is --env right?");
            }

            if (run.Json)
            {
                run.WriteJson(rows, CliJsonContext.Default.IReadOnlyListQueueStatus);
                return 0;
            }

            var table = new Table().AddColumns("Queue", "Name", "Visible", "In flight", "Oldest", "Received", "Health");
            foreach (var row in rows)
            {
                table.AddRow(
                    row.DeadLetter ? $"{row.Role} DLQ" : row.Role,
                    Markup.Escape(row.Name),
                    Count(row.Visible),
                    Count(row.InFlight),
                    row.OldestAgeSeconds is { } age ? $"{QueueHealth.Age(age)}{(row.OldestAgeSource == "sample" ? "" : " [grey](metric)[/]")}" : "—",
                    row.MaxReceiveCount is { } received ? $"{received.ToString(CultureInfo.InvariantCulture)}×" : "—",
                    !row.Exists ? "[red]missing[/]" : row.Health switch
                    {
                        QueueHealthLevel.Alarm => "[red]alarm[/]",
                        QueueHealthLevel.Warning => "[yellow]warning[/]",
                        _ => "[green]ok[/]",
                    });
            }

            run.Console.Ansi.Write(table);
            foreach (var row in rows.Where(r => r.Exists && !r.Healthy))
            {
                run.Console.Ansi.MarkupLine($"{(row.DeadLetter ? $"{row.Role} DLQ" : row.Role)}: {Markup.Escape(row.Reason)}.");
                if (row.Fix is not null)
                {
                    run.Console.Ansi.MarkupLine($"  fix: [bold]{Markup.Escape(row.Fix)}[/]");
                }
            }

            if (reading.MetricUnavailable is not null && rows.Any(r => r.Exists && r.Kind != QueueKind.DeadLetter && (r.InFlight > 0 || r.Visible > 0) && r.OldestAgeSeconds is null))
            {
                run.Console.Ansi.MarkupLine(
                    $"[grey]Oldest ages of work and retry queues come from CloudWatch (AWS/SQS ApproximateAgeOfOldestMessage), which answered: {Markup.Escape(reading.MetricUnavailable)}. " +
                    "--peek samples them instead.[/]");
            }

            return 0;
        });
        return command;
    }

    private static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";
}
