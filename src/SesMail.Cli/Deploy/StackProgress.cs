using System.Globalization;
using Amazon.CloudFormation.Model;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Deploy;

/// <summary>Follows a stack operation: one line per stack event and, on a terminal, a progress bar of resources done.</summary>
internal static class StackProgress
{
    /// <summary>Runs <paramref name="operation"/>, which reports each event through the callback it is given.</summary>
    /// <param name="run">The command's run.</param>
    /// <param name="title">The progress bar's label.</param>
    /// <param name="resources">How many resource steps complete the operation (the change set's size).</param>
    /// <param name="operation">The operation, given the event callback.</param>
    /// <returns>The operation's result.</returns>
    public static async Task<Stack> FollowAsync(CliRun run, string title, int resources, Func<Action<StackEvent>, Task<Stack>> operation)
    {
        if (run.Json)
        {
            return await operation(_ => { }).ConfigureAwait(false);
        }

        if (!run.Console.Ansi.Profile.Capabilities.Interactive)
        {
            return await operation(e => Write(run, e)).ConfigureAwait(false);
        }

        return await run.Console.Ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(title), maxValue: resources);
                var stack = await operation(e =>
                {
                    Write(run, e);
                    if (e.ResourceType != "AWS::CloudFormation::Stack" && e.ResourceStatus.EndsWith("_COMPLETE", StringComparison.Ordinal))
                    {
                        task.Increment(1);
                    }
                }).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return stack;
            }).ConfigureAwait(false);
    }

    /// <summary>The failed resources with CloudFormation's reasons.</summary>
    /// <param name="run">The command's run.</param>
    /// <param name="failures">The <c>*_FAILED</c> resource events.</param>
    public static void WriteFailures(CliRun run, IReadOnlyList<StackEvent> failures)
    {
        if (run.Json || failures.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("Failed resource", "Type", "Status", "Reason");
        foreach (var failure in failures)
        {
            table.AddRow(Markup.Escape(failure.LogicalResourceId), Markup.Escape(failure.ResourceType), $"[red]{Markup.Escape(failure.ResourceStatus)}[/]", Markup.Escape(failure.ResourceStatusReason ?? string.Empty));
        }

        run.Console.Ansi.Write(table);
    }

    private static void Write(CliRun run, StackEvent e)
    {
        var colour = e.ResourceStatus switch
        {
            var s when s.EndsWith("_FAILED", StringComparison.Ordinal) => "red",
            var s when s.EndsWith("_COMPLETE", StringComparison.Ordinal) && !s.Contains("ROLLBACK", StringComparison.Ordinal) => "green",
            "DELETE_SKIPPED" => "grey",
            _ => "yellow",
        };
        var reason = string.IsNullOrEmpty(e.ResourceStatusReason) ? string.Empty : $" [grey]{Markup.Escape(e.ResourceStatusReason)}[/]";
        run.Console.Ansi.MarkupLine(
            $"{e.Timestamp.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {Markup.Escape(e.LogicalResourceId),-32} [{colour}]{Markup.Escape(e.ResourceStatus)}[/]{reason}");
    }
}
