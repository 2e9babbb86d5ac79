using Amazon.StepFunctions.Model;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SesMail.Cli.Recovery;

/// <summary>
/// Turns an execution's history into the states it went through, nested under Map iterations and Parallel branches,
/// with each state's input and output (or error), and draws them as a Spectre.Console tree.
/// </summary>
internal static class ExecutionTree
{
    /// <summary>The longest input or output shown before it is cut.</summary>
    private const int MaxData = 400;

    /// <summary>The states of an execution in the order they were entered.</summary>
    /// <param name="events">The history, oldest first.</param>
    /// <returns>One entry per state entered, with its depth (0 top level, 1 inside a Map iteration or branch …).</returns>
    public static List<StateRun> States(IReadOnlyList<HistoryEvent> events)
    {
        var states = new List<StateRun>();
        var open = new Dictionary<long, StateRun>();
        var depthOf = new Dictionary<long, int>();
        foreach (var evt in events)
        {
            var type = evt.Type ?? string.Empty;
            var depth = depthOf.TryGetValue(evt.PreviousEventId, out var d) ? d : 0;
            if (type is "MapIterationStarted" or "ParallelStateStarted")
            {
                depth++;
            }
            else if (type is "MapIterationSucceeded" or "MapIterationFailed" or "MapIterationAborted" or "MapStateSucceeded" or "MapStateFailed" or "ParallelStateSucceeded" or "ParallelStateFailed")
            {
                depth = Math.Max(0, depth - 1);
            }

            depthOf[evt.Id] = depth;
            if (type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                var run = new StateRun(StateMachineRuns.Detail(evt, "name") ?? "?", type[..^"StateEntered".Length], depth) { Input = StateMachineRuns.Detail(evt, "input") };
                states.Add(run);
                open[evt.Id] = run;
                continue;
            }

            var current = FindOpen(evt, events, open);
            if (current is null)
            {
                continue;
            }

            if (type.EndsWith("StateExited", StringComparison.Ordinal))
            {
                current.Output = StateMachineRuns.Detail(evt, "output");
            }
            else if (type.EndsWith("Failed", StringComparison.Ordinal) || type.EndsWith("TimedOut", StringComparison.Ordinal))
            {
                current.Error ??= StateMachineRuns.Detail(evt, "error");
                current.Cause ??= StateMachineRuns.Detail(evt, "cause");
            }

            if (type is "TaskScheduled" or "LambdaFunctionScheduled")
            {
                current.Resource = StateMachineRuns.Detail(evt, "resource");
            }
        }

        return states;
    }

    /// <summary>Draws the execution.</summary>
    /// <param name="execution">The execution.</param>
    /// <param name="events">Its history.</param>
    /// <returns>A tree.</returns>
    public static IRenderable Render(DescribeExecutionResponse execution, IReadOnlyList<HistoryEvent> events)
    {
        var took = execution.StopDate is { } stop ? $", {(stop - execution.StartDate).TotalSeconds:0.0} s" : string.Empty;
        var root = new Tree($"[bold]{Markup.Escape(execution.Name ?? "?")}[/] {RecoveryCommands.StatusMarkup(execution.Status)}{took}");
        root.AddNode($"[grey]input[/]  {Data(execution.Input)}");
        var parents = new Stack<(int Depth, IHasTreeNodes Node)>();
        parents.Push((-1, root));
        foreach (var state in States(events))
        {
            while (parents.Peek().Depth >= state.Depth)
            {
                parents.Pop();
            }

            var label = $"{Markup.Escape(state.Name)} [grey]({state.Type}{(state.Resource is null ? string.Empty : " " + Markup.Escape(state.Resource))})[/]";
            if (state.Error is not null)
            {
                label += $" [red]{Markup.Escape(state.Error)}[/]";
            }

            var node = parents.Peek().Node.AddNode(label);
            if (state.Input is not null)
            {
                node.AddNode($"[grey]in[/]  {Data(state.Input)}");
            }

            if (state.Output is not null)
            {
                node.AddNode($"[grey]out[/] {Data(state.Output)}");
            }

            if (state.Cause is not null)
            {
                node.AddNode($"[red]cause[/] {Data(state.Cause)}");
            }

            parents.Push((state.Depth, node));
        }

        if (execution.Output is not null)
        {
            root.AddNode($"[grey]output[/] {Data(execution.Output)}");
        }

        if (execution.Error is not null)
        {
            root.AddNode($"[red]{Markup.Escape(execution.Error)}[/] {Data(execution.Cause)}");
        }

        return root;
    }

    private static StateRun? FindOpen(HistoryEvent evt, IReadOnlyList<HistoryEvent> events, Dictionary<long, StateRun> open)
    {
        var previous = evt.PreviousEventId;
        for (var i = 0; i < 10_000 && previous > 0; i++)
        {
            if (open.TryGetValue(previous, out var run))
            {
                open[evt.Id] = run;
                return run;
            }

            previous = events.FirstOrDefault(e => e.Id == previous)?.PreviousEventId ?? 0;
        }

        return null;
    }

    private static string Data(string? text) =>
        text is null ? "—" : Markup.Escape(text.Length > MaxData ? text[..MaxData] + $"… ({text.Length} characters)" : text);

    /// <summary>One state as the execution ran it.</summary>
    /// <param name="Name">The state's name.</param>
    /// <param name="Type">Its type (<c>Task</c>, <c>Map</c> …).</param>
    /// <param name="Depth">How deep in Map iterations and branches.</param>
    internal sealed record StateRun(string Name, string Type, int Depth)
    {
        public string? Input { get; set; }

        public string? Output { get; set; }

        public string? Error { get; set; }

        public string? Cause { get; set; }

        public string? Resource { get; set; }
    }
}
