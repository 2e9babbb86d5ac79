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

    public static LoadComparison Of(LoadReport sink, LoadReport pipeline, int cores, string? loadAfterSink, string? loadAfterPipeline)
    {
        static double Ratio(double a, double b) => b <= 0 ? 0 : Math.Round(a / b, 4);
        return new LoadComparison(
            cores,
            loadAfterSink,
            loadAfterPipeline,
            Ratio(pipeline.AcceptedPerSecond, sink.AcceptedPerSecond),
            Ratio(pipeline.DeliveredPerSecond, sink.AcceptedPerSecond),
            Ratio(pipeline.AcceptLatency.P50, sink.AcceptLatency.P50),
            sink,
            pipeline);
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
