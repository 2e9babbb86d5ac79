using System.Runtime.CompilerServices;
using System.Text.Json;
using SesMail.Cli.Hosting;
using SesMail.Cli.Load;

namespace SesMail.Tests.Cli.Load;

[Trait("Kind", "Unit")]
public sealed class ClientCompilationTests
{
    [Fact]
    public void Now_AfterAMethodIsCompiled_CountsItAndItsTime()
    {
        var before = ClientCompilation.Now();

        RuntimeHelpers.PrepareMethod(typeof(ClientCompilationTests).GetMethod(nameof(NeverCalled), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MethodHandle);
        var after = ClientCompilation.Now();

        (after.Methods - before.Methods).Should().BeGreaterThanOrEqualTo(1);
        after.Milliseconds.Should().BeGreaterThan(before.Milliseconds, "compiling took some time (the difference itself is rounded to a tenth of a millisecond)");
    }

    [Fact]
    public void Difference_IsPerField_AndRoundsTheTimeToATenth()
    {
        var difference = new ClientCompilation(5_120, 812.349) - new ClientCompilation(4_000, 700.1);

        difference.Should().Be(new ClientCompilation(1_120, 112.2));
    }

    [Fact]
    public async Task WaitUntilIdle_NothingCompiling_ReturnsAfterOneQuietSpell()
    {
        var started = DateTime.UtcNow;

        await ClientCompilation.WaitUntilIdleAsync(TestContext.Current.CancellationToken);

        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(ClientCompilation.Quiet - TimeSpan.FromMilliseconds(20)).And.BeLessThan(ClientCompilation.MaxWait + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Comparison_Json_CarriesTheWarmUpAndWhatEachRunCompiled()
    {
        var report = new LoadReport("r", 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, LatencyStats.Empty, 0, LatencyStats.Empty, [], null, null, []);
        var comparison = LoadComparison.Of(report, report, 2, null, null) with
        {
            Warmup = 200,
            SinkClientJit = new ClientCompilation(3, 1.5),
            PipelineClientJit = new ClientCompilation(120, 40),
        };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(comparison, CliJsonContext.Default.LoadComparison));

        json.RootElement.GetProperty("warmup").GetInt32().Should().Be(200);
        json.RootElement.GetProperty("sinkClientJit").GetProperty("methods").GetInt64().Should().Be(3);
        json.RootElement.GetProperty("pipelineClientJit").GetProperty("milliseconds").GetDouble().Should().Be(40);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100001")]
    public async Task Load_WarmupOutOfRange_IsAUsageError(string warmup)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["load", "--compare-sink", "--warmup", warmup, "--smtp", "127.0.0.1:1"], CliConsole.ForText(output, error), TestContext.Current.CancellationToken);

        code.Should().Be(2);
        error.ToString().Should().Contain("--warmup must be between 0 and 100000 messages.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int NeverCalled(int value) => (value * 31) ^ (value >> 3);
}
