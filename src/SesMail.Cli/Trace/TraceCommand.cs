using System.CommandLine;
using System.Globalization;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Trace;

/// <summary>
/// <c>sesmail trace &lt;ses-message-id | Message-ID&gt;</c>: the path of one message as a tree with timings, from the
/// local emulator's trace store (or X-Ray in AWS) through X-Ray's API (docs/TRACING.md).
/// </summary>
internal static class TraceCommand
{
    public static Command Create(GlobalOptions global, CliConsole console, CliHost? host)
    {
        var command = new Command("trace", "Where is my mail? The path of one message (SMTP → router → forwarder/bouncer) as a tree with timings. See docs/TRACING.md.");
        var id = new Argument<string>("id") { Description = "The SES message id (what the SMTP edge answered with 250 Ok, the S3 key emails/<id>) or the message's Message-ID header." };
        var since = new Option<int>("--since-hours") { Description = "How far back to look, in hours.", DefaultValueFactory = _ => 24 };
        var all = new Option<bool>("--all") { Description = "Also show the HTTP spans between processes (ASP.NET Core, HttpClient)." };
        command.Arguments.Add(id);
        command.Options.Add(since);
        command.Options.Add(all);
        CliRun.Bind(command, global, console, async (parse, run, ct) =>
        {
            var clock = (host ?? CliHost.System).Clock;
            var wanted = parse.GetValue(id) ?? string.Empty;
            var traces = await MessageTrace.ReadAsync(run.Aws.XRay, wanted, TimeSpan.FromHours(Math.Max(1, parse.GetValue(since))), clock.GetUtcNow(), parse.GetValue(all), ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(traces, CliJsonContext.Default.IReadOnlyListTraceView);
                return traces.Count == 0 ? 1 : 0;
            }

            if (traces.Count == 0)
            {
                throw new CliException(
                    $"no trace of message {wanted} at {run.Settings.Describe()}.",
                    "Spans reach the trace store about a second after each step; the local store lives in the emulator's memory since its last start. Is the id the one the SMTP edge answered (250 2.0.0 Ok <id>), or the Message-ID header?");
            }

            foreach (var trace in traces)
            {
                var tree = new Tree($"[bold]{Markup.Escape(trace.TraceId)}[/] [grey]{trace.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC, {MessageTrace.Ms(trace.DurationMs)}[/]");
                var nodes = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
                foreach (var span in trace.Spans)
                {
                    var label = Label(span);
                    nodes[span.Id] = span.ParentId is { } parent && nodes.TryGetValue(parent, out var above) ? above.AddNode(label) : tree.AddNode(label);
                }

                run.Console.Ansi.Write(tree);
            }

            return traces.Any(t => t.Spans.Any(s => s.Error)) ? 2 : 0;
        });
        return command;
    }

    private static string Label(TraceSpanView span)
    {
        var name = span.Error ? $"[red]{Markup.Escape(span.Name)}[/]" : Markup.Escape(span.Name);
        var details = string.Join("  ", span.Attributes.Select(a => $"{Markup.Escape(a.Key.Replace("sesmail.", string.Empty, StringComparison.Ordinal))}={Markup.Escape(a.Value)}"));
        return $"{name} [grey]+{MessageTrace.Ms(span.OffsetMs)}  {MessageTrace.Ms(span.DurationMs)}  {Markup.Escape(span.Service)}[/]" + (details.Length > 0 ? $"  [blue]{details}[/]" : string.Empty);
    }
}
