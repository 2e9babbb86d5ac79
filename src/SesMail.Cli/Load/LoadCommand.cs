using System.CommandLine;
using System.Globalization;
using SesMail.Cli.Hosting;
using SesMail.Cli.Mail;
using SesMail.Cli.Send;
using Spectre.Console;

namespace SesMail.Cli.Load;

/// <summary><c>sesmail load</c>: N messages at concurrency C and size S through SMTP; throughput and latency to the mailbox.</summary>
internal static class LoadCommand
{
    /// <summary>The default recipient: the local stack seeds a rule forwarding it to a stand-in mailbox of the same
    /// name, with a token of its own (docs/OPERATIONS.md).</summary>
    public const string LoadAddress = "load@example.test";

    /// <summary>The most warm-up rounds <c>--compare-sink</c> runs.</summary>
    private const int WarmUpRounds = 8;

    /// <summary>A warm-up round that compiles fewer methods than this ends the warm-up.</summary>
    private const int WarmUpSettledMethods = 50;

    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("load", "Send N messages of size S over C SMTP connections; report throughput and SMTP-accept → mailbox latency (p50/p90/p99); with --rate, the rate the pipeline sustains.");
        var count = new Option<int>("--count", "-n") { Description = "Number of messages.", DefaultValueFactory = _ => 100 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Parallel SMTP connections.", DefaultValueFactory = _ => 8 };
        var size = new Option<string>("--size", "-s") { Description = "Message size (e.g. 20KB).", DefaultValueFactory = _ => "20KB" };
        var to = new Option<string>("--to") { Description = $"Recipient (a rule must forward it to a mailbox). Default: {LoadAddress}, which the local stack forwards to a mailbox of its own, leaving your mail alone.", DefaultValueFactory = _ => LoadAddress };
        var from = new Option<string>("--from") { Description = "Envelope sender.", DefaultValueFactory = _ => SendCommand.DefaultFrom };
        var mailbox = new Option<string?>("--mailbox") { Description = $"Mailbox to watch. Default: {LoadAddress} when --to is not given, else every mailbox." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for deliveries after the last send.", DefaultValueFactory = _ => 120 };
        var compareSink = new Option<bool>("--compare-sink")
        {
            Description = "First drive a bare SMTP sink (SmtpServer, each message written through to disk, 250) with the same client, size and concurrency, then the pipeline; print both and the ratios (docs/DEVELOPMENT.md, Measuring the pipeline).",
        };
        var rate = new Option<double?>("--rate", "-r")
        {
            Description = "Arrival rate in messages per second (open loop: message i is sent i/rate s after the start, over at most -c connections). "
                + "Without it the connections send back to back. A rate the pipeline sustains keeps the latency of the last third of the run like the first's.",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"--rate takes messages per second, such as 30 or 2.5; '{token}' is not a number.");
                return null;
            },
        };
        var warmup = new Option<int>("--warmup")
        {
            Description = "With --compare-sink: messages sent to the bare sink first and not counted, so that neither measured run pays for this client's "
                + "own start (its JIT compilation); then the client waits for its compiler to go idle. 0 measures the cold client.",
            DefaultValueFactory = _ => 200,
        };
        var runs = new Option<int>("--runs")
        {
            Description = "With --compare-sink: drive the sink and the pipeline this many times in turn and report every pair's ratios and their medians. "
                + "On a shared machine one pair's ratio moves by a third from run to run; the median of 5 is the figure to compare.",
            DefaultValueFactory = _ => 1,
        };
        var smtp = SendCommand.SmtpOption();
        foreach (var option in new Option[] { count, concurrency, size, rate, to, from, mailbox, timeout, smtp, compareSink, warmup, runs })
        {
            command.Options.Add(option);
        }

        count.Check(value => value < 1 ? "--count must be at least 1." : null);
        concurrency.Check(value => value is < 1 or > 256 ? "--concurrency must be between 1 and 256." : null);
        rate.Check(value => value is { } r && !(r is > 0 and <= 10_000) ? "--rate must be above 0 and at most 10000 messages per second." : null);
        timeout.Check(value => value is < 1 or > 86_400 ? "--timeout must be between 1 and 86400 seconds." : null);
        warmup.Check(value => value is < 0 or > 100_000 ? "--warmup must be between 0 and 100000 messages." : null);
        runs.Check(value => value is < 1 or > 100 ? "--runs must be between 1 and 100." : null);

        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var plan = new LoadPlan(
                result.GetValue(count),
                result.GetValue(concurrency),
                ByteSize.Parse(result.GetValue(size)!, "--size"),
                result.GetValue(from)!,
                result.GetValue(to)!,
                result.GetValue(mailbox) ?? (result.GetResult(to) is null or { Implicit: true } ? LoadAddress : null),
                TimeSpan.FromSeconds(result.GetValue(timeout)),
                SmtpTarget.Parse(result.GetValue(smtp)),
                result.GetValue(rate));
            var runner = new LoadRunner(GmailStandInClient.For(run));
            if (result.GetValue(compareSink))
            {
                if (run.Json || !run.Console.Ansi.Profile.Capabilities.Interactive)
                {
                    return await CompareAsync(run, runner, plan, result.GetValue(warmup), result.GetValue(runs), _ => { }, ct).ConfigureAwait(false);
                }

                return await run.Console.Ansi.Status().StartAsync(
                    "Starting the bare sink…",
                    status => CompareAsync(run, runner, plan, result.GetValue(warmup), result.GetValue(runs), phase => status.Status(phase), ct)).ConfigureAwait(false);
            }

            LoadReport report;
            if (run.Json || !run.Console.Ansi.Profile.Capabilities.Interactive)
            {
                // JSON, or redirected or piped: progress bars would print stale intermediate lines; only the report is written.
                report = await runner.RunAsync(plan, null, ct).ConfigureAwait(false);
                if (run.Json)
                {
                    run.WriteJson(report, CliJsonContext.Default.LoadReport);
                }
                else
                {
                    Write(run.Console.Ansi, plan, report);
                }
            }
            else
            {
                report = await run.Console.Ansi.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var sending = progress.AddTask("SMTP accepted", maxValue: plan.Count);
                        var arriving = progress.AddTask("In mailbox", maxValue: plan.Count);
                        return await runner.RunAsync(
                            plan,
                            p =>
                            {
                                sending.Value = p.Sent + p.Failed;
                                arriving.Value = p.Delivered;
                            },
                            ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                Write(run.Console.Ansi, plan, report);
            }

            return report.Delivered == plan.Count ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// <c>--compare-sink</c>: <paramref name="warmup"/> unmeasured messages to the bare sink (then a wait for the
    /// client's compiler to go idle), then <paramref name="runs"/> times the bare sink and the pipeline in turn, with the
    /// same plan; the reports of the pair with the median accept ratio, every pair's ratios and their medians, and how
    /// much compiling this client did during each measured run (<see cref="LoadComparison.Combine"/>).
    /// </summary>
    private static async Task<int> CompareAsync(CliRun run, LoadRunner pipelineRunner, LoadPlan plan, int warmup, int runs, Action<string> phase, CancellationToken ct)
    {
        var pairs = new List<LoadComparison>();
        var sinkServer = await BareSmtpSink.StartAsync(Math.Max(plan.Size * 2, 1024 * 1024), ct).ConfigureAwait(false);
        await using (sinkServer.ConfigureAwait(false))
        {
            if (warmup > 0)
            {
                await WarmUpAsync(pipelineRunner, plan with { Count = warmup, Smtp = sinkServer.Target, Rate = null }, phase, ct).ConfigureAwait(false);
            }

            for (var i = 1; i <= runs; i++)
            {
                var of = runs > 1 ? $" (run {i} of {runs})" : "";
                phase($"Driving the bare sink: {plan.Count} messages{of}…");
                var (sink, sinkJit, sinkCpuMs) = await MeasuredAsync(new LoadRunner(null), plan with { Smtp = sinkServer.Target }).ConfigureAwait(false);
                var sinkLoad = LoadComparison.LoadAverage();
                phase($"Driving the pipeline: {plan.Count} messages, then waiting for them in the mailbox{of}…");
                var (pipeline, pipelineJit, pipelineCpuMs) = await MeasuredAsync(pipelineRunner, plan).ConfigureAwait(false);
                pairs.Add(LoadComparison.Of(sink, pipeline, Environment.ProcessorCount, sinkLoad, LoadComparison.LoadAverage()) with
                {
                    Warmup = warmup,
                    SinkClientJit = sinkJit,
                    PipelineClientJit = pipelineJit,
                    SinkClientCpuMs = sinkCpuMs,
                    PipelineClientCpuMs = pipelineCpuMs,
                });
            }
        }

        var comparison = LoadComparison.Combine(pairs);
        if (run.Json)
        {
            run.WriteJson(comparison, CliJsonContext.Default.LoadComparison);
        }
        else
        {
            WriteComparison(run.Console.Ansi, plan, comparison, pairs);
        }

        return pairs.All(p => p.Pipeline.Delivered == plan.Count && p.Sink.Accepted == plan.Count) ? 0 : 1;

        // One measured run: its report, what this client compiled during it and its CPU time in milliseconds.
        async Task<(LoadReport Report, ClientCompilation Jit, double CpuMs)> MeasuredAsync(LoadRunner runner, LoadPlan measured)
        {
            var jit = ClientCompilation.Now();
            var cpu = Environment.CpuUsage.TotalTime;
            var report = await runner.RunAsync(measured, null, ct).ConfigureAwait(false);
            var cpuMs = Math.Round((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
            return (report, ClientCompilation.Now() - jit, cpuMs);
        }
    }

    /// <summary>
    /// Sends <paramref name="warmup"/>'s messages to the sink and reads the mailbox as a run does, in rounds, each
    /// followed by a wait for the compiler to go idle, until a round compiles fewer than
    /// <see cref="WarmUpSettledMethods"/> methods or <see cref="WarmUpRounds"/> rounds have run. One round is not enough:
    /// the tiered compiler starts counting calls only once new methods stop appearing, and takes a hot method through
    /// an instrumented tier before the optimized one, each after 30 calls.
    /// </summary>
    private static async Task WarmUpAsync(LoadRunner pipelineRunner, LoadPlan warmup, Action<string> phase, CancellationToken ct)
    {
        for (var round = 0; round < WarmUpRounds; round++)
        {
            phase($"Warming the client up (not measured): round {round + 1}, {warmup.Count} messages to the sink, then a read of the mailbox…");
            var before = ClientCompilation.Now();
            _ = await new LoadRunner(null).RunAsync(warmup, null, ct).ConfigureAwait(false);
            await pipelineRunner.ReadMailboxAsync(warmup, ct).ConfigureAwait(false);
            await ClientCompilation.WaitUntilIdleAsync(ct).ConfigureAwait(false);
            if ((ClientCompilation.Now() - before).Methods < WarmUpSettledMethods)
            {
                return;
            }
        }
    }

    private static void WriteComparison(IAnsiConsole console, LoadPlan plan, LoadComparison c, IReadOnlyList<LoadComparison> pairs)
    {
        string F(double value) => value.ToString("N1", CultureInfo.InvariantCulture);
        string D(LatencyStats l) => $"{F(l.P50)} / {F(l.P90)} / {F(l.P99)} ms";
        string J(ClientCompilation? j) => j is null ? "" : $"{F(j.Milliseconds)} ms, {j.Methods:N0} methods";
        console.MarkupLine($"{plan.Count} messages of {plan.Size:N0} bytes at concurrency {plan.Concurrency}; {c.Cores} cores; load average {Markup.Escape(c.LoadAverageBefore ?? "n/a")} (sink) / {Markup.Escape(c.LoadAverageAfter ?? "n/a")} (pipeline)");
        var table = new Table().AddColumns("Measure", "Bare sink", "Pipeline", "Pipeline ÷ sink");
        table.AddRow("Accepted (failed)", $"{c.Sink.Accepted} ({c.Sink.Failed})", $"{c.Pipeline.Accepted} ({c.Pipeline.Failed}), {c.Pipeline.Delivered} delivered", "");
        table.AddRow("SMTP accept rate", $"{F(c.Sink.AcceptedPerSecond)} msg/s", $"{F(c.Pipeline.AcceptedPerSecond)} msg/s", c.AcceptRatio.ToString("0.000", CultureInfo.InvariantCulture));
        table.AddRow("Delivery rate (into the mailbox)", "", $"{F(c.Pipeline.DeliveredPerSecond)} msg/s", c.DeliveryRatio.ToString("0.000", CultureInfo.InvariantCulture));
        table.AddRow("Accept latency p50 / p90 / p99", D(c.Sink.AcceptLatency), D(c.Pipeline.AcceptLatency), $"p50 × {c.AcceptP50Factor.ToString("0.0", CultureInfo.InvariantCulture)}");
        table.AddRow("Last byte → mailbox p50 / p90 / p99", "", D(c.Pipeline.Latency) + (c.Pipeline.ClampedSamples > 0 ? $" ({c.Pipeline.ClampedSamples} clamped to 0)" : ""), "");
        AddPacingRows(table, c.Pipeline, (label, pipeline) => table.AddRow(label, "", pipeline, ""));
        table.AddRow(c.Warmup > 0 ? $"This client's JIT during the run ({c.Warmup} uncounted warm-up messages to the sink came first)" : "This client's JIT during the run (--warmup 0: cold client)",
            J(c.SinkClientJit), J(c.PipelineClientJit), "");
        table.AddRow("This client's CPU during the run (the sink runs in it too)", c.SinkClientCpuMs is { } s ? $"{s:N0} ms" : "", c.PipelineClientCpuMs is { } p ? $"{p:N0} ms" : "", "");
        console.Write(table);
        if (c.Runs.Count > 1)
        {
            string R(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
            console.MarkupLine($"The table above is run {c.MedianRun} of {c.Runs.Count}, the one with the median accept ratio. Every run, sink then pipeline:");
            var runs = new Table().AddColumns("Run", "Failed, delivered", "Sink accept rate", "Pipeline accept rate", "Delivery rate", "Accept ratio", "Delivery ratio", "Accept p50, pipeline (sink)", "p50 factor");
            for (var i = 0; i < c.Runs.Count; i++)
            {
                var r = c.Runs[i];
                runs.AddRow($"{i + 1}", $"{r.Failed}, {r.Delivered}", $"{F(r.SinkAcceptedPerSecond)} msg/s", $"{F(r.PipelineAcceptedPerSecond)} msg/s", $"{F(r.PipelineDeliveredPerSecond)} msg/s",
                    R(r.AcceptRatio), R(r.DeliveryRatio), $"{F(r.PipelineAcceptP50Ms)} ({F(r.SinkAcceptP50Ms)}) ms", r.AcceptP50Factor.ToString("0.0", CultureInfo.InvariantCulture));
            }

            runs.AddRow("median", "", "", "", "", R(c.MedianAcceptRatio), R(c.MedianDeliveryRatio), "", c.MedianAcceptP50Factor.ToString("0.0", CultureInfo.InvariantCulture));
            console.Write(runs);
        }

        // Every pair's errors, not only the median pair's: a run that lost mail must not go unmentioned.
        var errors = pairs.SelectMany((p, i) => p.Sink.Errors.Select(e => "sink: " + e).Concat(p.Pipeline.Errors)
            .Select(e => pairs.Count > 1 ? $"run {i + 1}: {e}" : e));
        foreach (var error in errors)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        }

        WriteGrowth(console, c.Pipeline);
    }

    private static void Write(IAnsiConsole console, LoadPlan plan, LoadReport report)
    {
        string F(double value) => value.ToString("N1", CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("Measure", "Value");
        table.AddRow("Messages", $"{report.Delivered} delivered / {report.Accepted} accepted / {report.Failed} failed of {plan.Count}");
        table.AddRow("Size, concurrency", $"{plan.Size:N0} bytes, {plan.Concurrency}");
        table.AddRow("SMTP accept rate", $"{F(report.AcceptedPerSecond)} msg/s over {F(report.SmtpSeconds)} s");
        table.AddRow("Delivery rate", $"{F(report.DeliveredPerSecond)} msg/s over {F(report.TotalSeconds)} s");
        table.AddRow("SMTP accept latency p50 / p90 / p99", $"{F(report.AcceptLatency.P50)} / {F(report.AcceptLatency.P90)} / {F(report.AcceptLatency.P99)} ms");
        table.AddRow("Last byte → mailbox p50 / p90 / p99", $"{F(report.Latency.P50)} / {F(report.Latency.P90)} / {F(report.Latency.P99)} ms"
            + (report.ClampedSamples > 0 ? $" ({report.ClampedSamples} read below 0, counted as 0)" : ""));
        table.AddRow("Last byte → mailbox min / mean / max", $"{F(report.Latency.Min)} / {F(report.Latency.Mean)} / {F(report.Latency.Max)} ms");
        AddPacingRows(table, report, (label, value) => table.AddRow(label, value));
        console.Write(table);
        foreach (var error in report.Errors)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        }

        WriteGrowth(console, report);
        if (report.Delivered < report.Accepted)
        {
            console.MarkupLine($"[yellow]Some accepted messages never reached a mailbox.[/] Check the rules (sesmail rules test {Markup.Escape(plan.To)}) and the queues (sesmail queues).");
        }
    }

    /// <summary>The rows <c>--rate</c> adds (how late sends started) and the latency of each third of the run.</summary>
    private static void AddPacingRows(Table table, LoadReport report, Action<string, string> add)
    {
        string F(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        if (report is { Rate: { } rate, LateStart: { } late })
        {
            add("Arrival rate asked", $"{rate.ToString("0.##", CultureInfo.InvariantCulture)} msg/s");
            add("Send started late p50 / p99", $"{F(late.P50)} / {F(late.P99)} ms");
        }

        if (report.LatencyByThird is [var first, var middle, var last] && first.Count + middle.Count + last.Count > 0)
        {
            string T(LatencyStats third) => third.Count > 0 ? $"{F(third.P50)} / {F(third.P99)}" : "–";
            add("Last byte → mailbox p50 / p99 by third of the run", $"first {T(first)} · middle {T(middle)} · last {T(last)} ms");
        }
    }

    /// <summary>Prints <see cref="Growth"/>'s warning, or <see cref="BurstNote"/>'s note, if any.</summary>
    private static void WriteGrowth(IAnsiConsole console, LoadReport report)
    {
        if (Growth(report) is { } growth)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(growth)}[/]");
        }
        else if (BurstNote(report) is { } note)
        {
            console.MarkupLine($"[dim]{Markup.Escape(note)}[/]");
        }
    }

    /// <summary>
    /// For a closed-loop run (no <c>--rate</c>) whose last third waited over half a second longer (p50) than its first:
    /// a note that a burst queues up by design, and how to measure what the pipeline sustains. <c>null</c> otherwise.
    /// </summary>
    /// <param name="report">A run with a mailbox.</param>
    /// <returns>The sentence to print, or <c>null</c>.</returns>
    internal static string? BurstNote(LoadReport report) =>
        report is { Rate: null, LatencyByThird: [{ Count: > 0 } first, _, { Count: > 0 } last] } && last.P50 > first.P50 + 500
            ? $"The latency rose from {first.P50.ToString("N0", CultureInfo.InvariantCulture)} to {last.P50.ToString("N0", CultureInfo.InvariantCulture)} ms (p50, first and last third) because this run sends back to back: "
                + $"SMTP accepted {report.AcceptedPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} msg/s and the pipeline delivered {report.DeliveredPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} msg/s, so the rest queued. "
                + "To find the rate it sustains, send at a fixed rate: --rate 30, then higher until it warns."
            : null;

    /// <summary>
    /// A warning when an open-loop run (<c>--rate</c>) outran the pipeline, that is, delivered under 95 % of the rate
    /// asked. Either the latency was still rising at the end (p50 of the last third over 0.5 s above the first's and
    /// over 0.25 s above the middle's), so a longer run would wait longer still; or it levelled off while sends started
    /// over a second late (p99), because the
    /// SMTP edge held the sender back while the pipeline's queues were full (docs/DELIVERY.md, "When mail arrives
    /// faster than it is delivered"). <c>null</c> when it kept up, and for a closed-loop run (back-to-back sends are
    /// a burst by design, and queue up whenever the SMTP side accepts faster than the delivery side delivers).
    /// </summary>
    /// <param name="report">A run with a mailbox.</param>
    /// <returns>The sentence to print, or <c>null</c>.</returns>
    internal static string? Growth(LoadReport report)
    {
        if (report.Rate is not { } rate
            || report.LatencyByThird is not [{ Count: > 0 } first, var middle, { Count: > 0 } last]
            || report.DeliveredPerSecond >= rate * 0.95)
        {
            return null;
        }

        string F(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        var asked = $"{rate.ToString("0.#", CultureInfo.InvariantCulture)} msg/s";
        var delivered = $"{report.DeliveredPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} msg/s";
        if (last.P50 <= first.P50 + 500 || (middle.Count > 0 && last.P50 <= middle.P50 + 250))
        {
            if (report.LateStart is not { P99: > 1000 } held)
            {
                return null;
            }

            var latency = last.P50 > first.P50 + 500
                ? $"levelled off at about {F(last.P50)} ms (p50, last third) after {F(first.P50)} ms in the first"
                : $"stayed near {F(last.P50)} ms (p50, last third)";
            return $"The sender was held back: sends started {F(held.P99)} ms late (p99), and the pipeline delivered {delivered}, less than {asked}, "
                + $"while the latency to the mailbox {latency}. The SMTP edge slows new mail while the pipeline's queues hold "
                + "SesMail:Smtp:BacklogLimit messages (500 unless set; docs/DELIVERY.md, \"When mail arrives faster than it is delivered\"). "
                + $"Try a --rate well below {report.DeliveredPerSecond.ToString("0", CultureInfo.InvariantCulture)} to find the rate it sustains.";
        }

        var smtpBehind = report.LateStart is { P50: > 1000 } late
            ? $" The SMTP side fell behind too: sends started {F(late.P50)} ms late (p50), and it accepted {report.AcceptedPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} msg/s."
            : "";
        return $"Mail queued up: the latency to the mailbox rose from {F(first.P50)} ms (p50, first third) to {F(last.P50)} ms (last third). "
            + $"The pipeline delivered {delivered}, less than {asked}; "
            + "a longer run at this rate would wait longer still." + smtpBehind + " Try a lower --rate to find the rate it sustains.";
    }
}
