using System.Text.Json;
using SesMail.Cli.Hosting;
using SesMail.Cli.Load;

namespace SesMail.Tests.Cli.Load;

[Trait("Kind", "Unit")]
public sealed class LoadComparisonTests
{
    [Fact]
    public void Combine_ThreePairs_ReportsTheMedianPairAndTheMediansOfEveryRatio()
    {
        // Accept ratios 0.10, 0.20, 0.15 (pipeline ÷ sink), so the median pair is the third; the delivery ratios' and the
        // p50 factors' medians come from other pairs, and each is the median of its own column.
        var pairs = new[]
        {
            Pair("a", sinkRate: 1000, pipelineRate: 100, delivered: 60, sinkP50: 1, pipelineP50: 12),
            Pair("b", sinkRate: 500, pipelineRate: 100, delivered: 40, sinkP50: 2, pipelineP50: 16),
            Pair("c", sinkRate: 800, pipelineRate: 120, delivered: 40, sinkP50: 1.5, pipelineP50: 15),
        };

        var combined = LoadComparison.Combine(pairs);

        combined.MedianRun.Should().Be(3);
        combined.Sink.RunId.Should().Be("c-sink");
        combined.Pipeline.RunId.Should().Be("c-pipeline");
        combined.AcceptRatio.Should().Be(0.15);
        combined.MedianAcceptRatio.Should().Be(0.15);
        combined.MedianDeliveryRatio.Should().Be(0.06, "the delivery ratios are 0.06, 0.08 and 0.05");
        combined.MedianAcceptP50Factor.Should().Be(10, "the factors are 12, 8 and 10");
        combined.Runs.Select(r => r.AcceptRatio).Should().Equal(0.1, 0.2, 0.15);
        combined.Runs[1].SinkAcceptedPerSecond.Should().Be(500);
        combined.Runs[1].PipelineAcceptP50Ms.Should().Be(16);
    }

    [Fact]
    public void Combine_EvenCount_TakesTheLowerMiddlePairAndAveragesTheMiddleRatios()
    {
        var pairs = new[]
        {
            Pair("a", sinkRate: 1000, pipelineRate: 100, delivered: 50, sinkP50: 1, pipelineP50: 10),
            Pair("b", sinkRate: 1000, pipelineRate: 300, delivered: 50, sinkP50: 1, pipelineP50: 10),
            Pair("c", sinkRate: 1000, pipelineRate: 200, delivered: 50, sinkP50: 1, pipelineP50: 10),
            Pair("d", sinkRate: 1000, pipelineRate: 400, delivered: 50, sinkP50: 1, pipelineP50: 10),
        };

        var combined = LoadComparison.Combine(pairs);

        combined.MedianRun.Should().Be(3, "0.2 is the lower of the two middle accept ratios, 0.2 and 0.3");
        combined.MedianAcceptRatio.Should().Be(0.25);
    }

    [Fact]
    public void Combine_NoPairs_Throws()
    {
        var act = () => LoadComparison.Combine([]);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void OnePair_Json_ListsItAsTheOnlyRunAndItsRatiosAsTheMedians()
    {
        var comparison = Pair("a", sinkRate: 1000, pipelineRate: 150, delivered: 75, sinkP50: 1.2, pipelineP50: 12) with { SinkClientCpuMs = 310, PipelineClientCpuMs = 1200 };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(LoadComparison.Combine([comparison]), CliJsonContext.Default.LoadComparison));

        var root = json.RootElement;
        root.GetProperty("medianRun").GetInt32().Should().Be(1);
        root.GetProperty("sinkClientCpuMs").GetDouble().Should().Be(310);
        root.GetProperty("pipelineClientCpuMs").GetDouble().Should().Be(1200);
        root.GetProperty("medianAcceptRatio").GetDouble().Should().Be(0.15);
        root.GetProperty("medianDeliveryRatio").GetDouble().Should().Be(0.075);
        root.GetProperty("medianAcceptP50Factor").GetDouble().Should().Be(10);
        var run = root.GetProperty("runs").EnumerateArray().Should().ContainSingle().Subject;
        run.GetProperty("sinkAcceptedPerSecond").GetDouble().Should().Be(1000);
        run.GetProperty("pipelineDeliveredPerSecond").GetDouble().Should().Be(75);
        run.GetProperty("acceptRatio").GetDouble().Should().Be(0.15);
        run.GetProperty("failed").GetInt32().Should().Be(0);
        run.GetProperty("delivered").GetInt32().Should().Be(300);
    }

    [Fact]
    public void Combine_PairWithFailures_KeepsItsCountsInItsRunEvenWhenAnotherPairIsTheMedian()
    {
        var clean = Pair("a", sinkRate: 1000, pipelineRate: 150, delivered: 75, sinkP50: 1, pipelineP50: 10);
        var lossy = LoadComparison.Of(
            Report("b-sink", 1000, 0, 1, failed: 2, delivered: 0), Report("b-pipeline", 100, 50, 10, failed: 1, delivered: 296), 2, null, null);
        var fast = Pair("c", sinkRate: 1000, pipelineRate: 200, delivered: 75, sinkP50: 1, pipelineP50: 10);

        var combined = LoadComparison.Combine([clean, lossy, fast]);

        combined.MedianRun.Should().Be(1);
        combined.Runs[1].Failed.Should().Be(3, "the sink's 2 and the pipeline's 1");
        combined.Runs[1].Delivered.Should().Be(296);
        combined.Runs[0].Failed.Should().Be(0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task Load_RunsOutOfRange_IsAUsageError(string runs)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["load", "--compare-sink", "--runs", runs, "--smtp", "127.0.0.1:1"], CliConsole.ForText(output, error), TestContext.Current.CancellationToken);

        code.Should().Be(2);
        error.ToString().Should().Contain("--runs must be between 1 and 100.");
    }

    private static LoadComparison Pair(string id, double sinkRate, double pipelineRate, double delivered, double sinkP50, double pipelineP50) =>
        LoadComparison.Of(Report($"{id}-sink", sinkRate, 0, sinkP50), Report($"{id}-pipeline", pipelineRate, delivered, pipelineP50), 2, null, null);

    private static LoadReport Report(string runId, double acceptRate, double deliveryRate, double acceptP50, int failed = 0, int delivered = 300) =>
        new(runId, 300, 8, 20480, 300 - failed, failed, delivered, 1, 1, acceptRate, deliveryRate, LatencyStats.Empty, 0,
            LatencyStats.Empty with { Count = 300 - failed, P50 = acceptP50 }, [], null, null, []);
}
