using System.Text.Json.Serialization;

namespace SesMail.Cli.Load;

/// <summary>
/// <c>sesmail load --compare-sink</c>'s result: the bare sink's run and the pipeline's run with the same plan.
/// <c>acceptRatio</c> is the pipeline's SMTP accept rate ÷ the sink's; <c>deliveryRatio</c> the pipeline's delivery
/// rate into the mailbox ÷ the sink's accept rate; <c>acceptP50Factor</c> the pipeline's accept p50 ÷ the sink's.
/// <c>loadAverage*</c> are the 1/5/15-minute load averages (<c>/proc/loadavg</c>) after each run, null where the OS has none.
/// <c>warmup</c> is how many unmeasured messages went to the sink first; <c>sinkClientJit</c> and
/// <c>pipelineClientJit</c> how much this process compiled during each measured run (its compiler shares the cores with
/// what is measured, so a large figure means the run measured the client's start as well).
/// With <c>--runs N</c> the sink and the pipeline are driven N times in turn; <c>runs</c> lists each pair's rates and
/// ratios in order, the <c>median*</c> fields are their medians, and the fields above describe the pair whose accept
/// ratio is the median (the lower middle one for an even N), so its two reports belong together.
/// </summary>
internal sealed record LoadComparison(
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("loadAverageAfterSink")] string? LoadAverageBefore,
    [property: JsonPropertyName("loadAverageAfterPipeline")] string? LoadAverageAfter,
    [property: JsonPropertyName("acceptRatio")] double AcceptRatio,
    [property: JsonPropertyName("deliveryRatio")] double DeliveryRatio,
    [property: JsonPropertyName("acceptP50Factor")] double AcceptP50Factor,
    [property: JsonPropertyName("sink")] LoadReport Sink,
    [property: JsonPropertyName("pipeline")] LoadReport Pipeline)
{
    /// <summary>Unmeasured messages sent to the sink before either run.</summary>
    [JsonPropertyName("warmup")]
    public int Warmup { get; init; }

    /// <summary>What this process compiled during the sink's run, or null when not measured.</summary>
    [JsonPropertyName("sinkClientJit")]
    public ClientCompilation? SinkClientJit { get; init; }

    /// <summary>What this process compiled during the pipeline's run, or null when not measured.</summary>
    [JsonPropertyName("pipelineClientJit")]
    public ClientCompilation? PipelineClientJit { get; init; }

    /// <summary>
    /// This process's CPU time during the sink's run (all threads, user and system, <see cref="Environment.CpuUsage"/>),
    /// in milliseconds: sending, and the sink itself, which runs in this process.
    /// </summary>
    [JsonPropertyName("sinkClientCpuMs")]
    public double? SinkClientCpuMs { get; init; }

    /// <summary>
    /// This process's CPU time during the pipeline's run, in milliseconds: sending and reading the mailbox until the
    /// last message arrived, on the same cores as the pipeline it measures.
    /// </summary>
    [JsonPropertyName("pipelineClientCpuMs")]
    public double? PipelineClientCpuMs { get; init; }

    /// <summary>Every sink-then-pipeline pair measured, in order (one unless <c>--runs</c> asked for more).</summary>
    [JsonPropertyName("runs")]
    public IReadOnlyList<LoadComparisonRun> Runs { get; init; } = [];

    /// <summary>Which of <see cref="Runs"/> (from 1) the reports and ratios above belong to: the median accept ratio's.</summary>
    [JsonPropertyName("medianRun")]
    public int MedianRun { get; init; } = 1;

    /// <summary>The median of <see cref="Runs"/>' accept ratios.</summary>
    [JsonPropertyName("medianAcceptRatio")]
    public double MedianAcceptRatio => Median(Runs.Select(r => r.AcceptRatio));

    /// <summary>The median of <see cref="Runs"/>' delivery ratios.</summary>
    [JsonPropertyName("medianDeliveryRatio")]
    public double MedianDeliveryRatio => Median(Runs.Select(r => r.DeliveryRatio));

    /// <summary>The median of <see cref="Runs"/>' accept p50 factors.</summary>
    [JsonPropertyName("medianAcceptP50Factor")]
    public double MedianAcceptP50Factor => Median(Runs.Select(r => r.AcceptP50Factor));

    /// <summary>
    /// Puts several pairs together: the fields of the pair whose accept ratio is the median (the lower middle one for an
    /// even count), every pair's figures in <see cref="Runs"/> and the medians of the ratios.
    /// </summary>
    /// <param name="pairs">The pairs in the order they ran; at least one.</param>
    /// <returns>The comparison to report.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pairs"/> is empty.</exception>
    public static LoadComparison Combine(IReadOnlyList<LoadComparison> pairs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(pairs.Count);
        var middle = Enumerable.Range(0, pairs.Count).OrderBy(i => pairs[i].AcceptRatio).ElementAt((pairs.Count - 1) / 2);
        return pairs[middle] with { Runs = [.. pairs.SelectMany(p => p.Runs)], MedianRun = middle + 1 };
    }

    /// <summary>The middle value, or the mean of the two middle ones for an even count, to four decimals; 0 for none.</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var half = sorted.Count / 2;
        return sorted.Count == 0 ? 0 : Math.Round(sorted.Count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2, 4);
    }

    /// <summary>One pair: the sink's run and the pipeline's, with their ratios (a single entry in <see cref="Runs"/>).</summary>
    /// <param name="sink">The bare sink's report.</param>
    /// <param name="pipeline">The pipeline's report.</param>
    /// <param name="cores">The machine's core count.</param>
    /// <param name="loadAfterSink">The load average after the sink's run, or null.</param>
    /// <param name="loadAfterPipeline">The load average after the pipeline's run, or null.</param>
    /// <returns>The comparison of the pair.</returns>
    public static LoadComparison Of(LoadReport sink, LoadReport pipeline, int cores, string? loadAfterSink, string? loadAfterPipeline)
    {
        static double Ratio(double a, double b) => b <= 0 ? 0 : Math.Round(a / b, 4);
        var accept = Ratio(pipeline.AcceptedPerSecond, sink.AcceptedPerSecond);
        var delivery = Ratio(pipeline.DeliveredPerSecond, sink.AcceptedPerSecond);
        var factor = Ratio(pipeline.AcceptLatency.P50, sink.AcceptLatency.P50);
        return new LoadComparison(cores, loadAfterSink, loadAfterPipeline, accept, delivery, factor, sink, pipeline)
        {
            Runs = [new LoadComparisonRun(
                sink.Failed + pipeline.Failed, pipeline.Delivered, sink.AcceptedPerSecond, pipeline.AcceptedPerSecond, pipeline.DeliveredPerSecond, sink.AcceptLatency.P50, pipeline.AcceptLatency.P50, accept, delivery, factor)],
        };
    }

    /// <summary>The first three fields of <c>/proc/loadavg</c>, or null.</summary>
    public static string? LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return fields.Length >= 3 ? string.Join(' ', fields[..3]) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>One sink-then-pipeline pair of <c>sesmail load --compare-sink --runs N</c>: accept and delivery rates in
/// messages a second, accept p50s in milliseconds, and the same ratios as <see cref="LoadComparison"/>; <c>failed</c>
/// counts the messages either run could not send and <c>delivered</c> those the pipeline's mailbox received.</summary>
internal sealed record LoadComparisonRun(
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("delivered")] int Delivered,
    [property: JsonPropertyName("sinkAcceptedPerSecond")] double SinkAcceptedPerSecond,
    [property: JsonPropertyName("pipelineAcceptedPerSecond")] double PipelineAcceptedPerSecond,
    [property: JsonPropertyName("pipelineDeliveredPerSecond")] double PipelineDeliveredPerSecond,
    [property: JsonPropertyName("sinkAcceptP50Ms")] double SinkAcceptP50Ms,
    [property: JsonPropertyName("pipelineAcceptP50Ms")] double PipelineAcceptP50Ms,
    [property: JsonPropertyName("acceptRatio")] double AcceptRatio,
    [property: JsonPropertyName("deliveryRatio")] double DeliveryRatio,
    [property: JsonPropertyName("acceptP50Factor")] double AcceptP50Factor);
