using System.CommandLine;
using System.Globalization;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Alarms;

/// <summary>One alarm as <c>sesmail alarms</c> shows it.</summary>
/// <param name="Name">The alarm name.</param>
/// <param name="Type"><c>MetricAlarm</c> or <c>CompositeAlarm</c>.</param>
/// <param name="State"><c>OK</c>, <c>ALARM</c> or <c>INSUFFICIENT_DATA</c>.</param>
/// <param name="Reason">CloudWatch's reason for the state.</param>
/// <param name="LastChange">When the state last changed (UTC).</param>
/// <param name="ActionsEnabled">Whether state changes notify the alarm topic.</param>
internal sealed record AlarmSummary(string Name, string Type, string State, string Reason, DateTimeOffset LastChange, bool ActionsEnabled);

/// <summary><c>sesmail alarms</c>: every CloudWatch alarm of the stack with its state, reason and last change, worst first.</summary>
internal static class AlarmsCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("alarms", "CloudWatch alarms of the stack: state (ALARM first), reason and last change. See docs/MONITORING.md for what each means.");
        var all = new Option<bool>("--all") { Description = "Show every alarm of the account, not only those named ses-mail-…/ses-email-… for --env." };
        command.Options.Add(all);
        CliRun.Bind(command, global, console, async (parse, run, ct) =>
        {
            var alarms = await ReadAsync(run.Aws.CloudWatch, run.Settings.Environment, parse.GetValue(all), ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(alarms, CliJsonContext.Default.IReadOnlyListAlarmSummary);
                return 0;
            }

            if (alarms.Count == 0)
            {
                throw new CliException(
                    $"no alarms of the {run.Settings.Environment} stack at {run.Settings.Describe()}.",
                    "The runtime creates them when it provisions the stack; is it running, and is --env right? (--all lists every alarm.)");
            }

            var table = new Table().AddColumns("State", "Alarm", "Reason", "Last change (UTC)");
            foreach (var alarm in alarms)
            {
                var colour = alarm.State switch { "ALARM" => "red", "OK" => "green", _ => "grey" };
                table.AddRow(
                    $"[{colour}]{alarm.State}[/]",
                    Markup.Escape(alarm.Name) + (alarm.ActionsEnabled ? string.Empty : " [grey](actions off)[/]"),
                    Markup.Escape(alarm.Reason),
                    alarm.LastChange.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }

            run.Console.Ansi.Write(table);
            return alarms.Any(a => a.State == "ALARM") ? 2 : 0;
        });
        return command;
    }

    /// <summary>Reads every page of metric and composite alarms, ALARM first, then INSUFFICIENT_DATA, then OK, by name.</summary>
    public static async Task<IReadOnlyList<AlarmSummary>> ReadAsync(IAmazonCloudWatch cloudWatch, string environment, bool all, CancellationToken cancellationToken)
    {
        var result = new List<AlarmSummary>();
        string? next = null;
        do
        {
            var page = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmTypes = ["MetricAlarm", "CompositeAlarm"], MaxRecords = 100, NextToken = next }, cancellationToken).ConfigureAwait(false);
            result.AddRange(page.MetricAlarms.Select(a => new AlarmSummary(a.AlarmName, "MetricAlarm", a.StateValue, a.StateReason, Utc(a.StateTransitionedTimestamp), a.ActionsEnabled)));
            result.AddRange(page.CompositeAlarms.Select(a => new AlarmSummary(a.AlarmName, "CompositeAlarm", a.StateValue, a.StateReason, Utc(a.StateTransitionedTimestamp), a.ActionsEnabled)));
            next = page.NextToken;
        }
        while (next is not null);

        return [.. result
            .Where(a => all || (a.Name.EndsWith($"-{environment}", StringComparison.Ordinal) && (a.Name.StartsWith("ses-", StringComparison.Ordinal) || a.Name.StartsWith("eventbridge-", StringComparison.Ordinal))))
            .OrderBy(a => a.State switch { "ALARM" => 0, "INSUFFICIENT_DATA" => 1, _ => 2 })
            .ThenBy(a => a.Name, StringComparer.Ordinal)];
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
