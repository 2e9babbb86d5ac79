using SesMail.Cli.Hosting;
using SesMail.Cli.Load;

namespace SesMail.Tests.Cli.Load;

[Trait("Kind", "Unit")]
public sealed class LoadRunnerTests
{
    [Fact]
    public void Thirds_SplitsTheDeliveredBySendOrder_AndCountsNegativeReadingsAsZero()
    {
        var latency = new Dictionary<int, double>
        {
            [0] = 10, [1] = -3, [2] = 30,
            [3] = 100, [4] = 200, [5] = 300,
            [6] = 1000, [8] = 3000,
        };

        var thirds = LoadRunner.Thirds(latency, count: 9);

        thirds.Should().HaveCount(3);
        thirds[0].Should().Match<LatencyStats>(t => t.Count == 3 && t.Min == 0 && t.P50 == 10 && t.Max == 30);
        thirds[1].Should().Match<LatencyStats>(t => t.Count == 3 && t.P50 == 200);
        thirds[2].Should().Match<LatencyStats>(t => t.Count == 2 && t.Min == 1000 && t.Max == 3000, "message 7 was never delivered");
    }

    [Fact]
    public void Thirds_NothingDelivered_IsThreeEmptyThirds() =>
        LoadRunner.Thirds(new Dictionary<int, double>(), count: 5).Should().Equal(LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty);

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(30, 60, 500)]
    [InlineData(7, 2.5, 2800)]
    public void DueAfter_IsIndexOverRate(int index, double rate, double milliseconds) =>
        LoadRunner.DueAfter(index, rate).TotalMilliseconds.Should().BeApproximately(milliseconds, 0.001);

    [Fact]
    public async Task RunAsync_WithARate_SpacesTheSendsAndReportsHowLateEachStarted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await BareSmtpSink.StartAsync(1024 * 1024, ct);
        var plan = new LoadPlan(20, 4, 2048, "load@sender.test", "load@example.test", null, TimeSpan.FromSeconds(10), sink.Target, Rate: 50);

        var report = await new LoadRunner(null).RunAsync(plan, null, ct);

        report.Accepted.Should().Be(20, string.Join("; ", report.Errors));
        report.SmtpSeconds.Should().BeGreaterThanOrEqualTo(LoadRunner.DueAfter(19, 50).TotalSeconds, "the last message is not due before 19/50 s");
        report.Rate.Should().Be(50);
        report.LateStart.Should().NotBeNull();
        report.LateStart!.Count.Should().Be(20, "every send is counted, those on time as 0 ms late");
        report.LatencyByThird.Should().BeEmpty("without a mailbox nothing is delivered to split");
        Directory.GetFiles(sink.Directory).Should().HaveCount(20);
    }

    [Fact]
    public async Task RunAsync_WithoutARate_ReportsNoSchedule()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sink = await BareSmtpSink.StartAsync(1024 * 1024, ct);
        var plan = new LoadPlan(6, 2, 1024, "load@sender.test", "load@example.test", null, TimeSpan.FromSeconds(10), sink.Target);

        var report = await new LoadRunner(null).RunAsync(plan, null, ct);

        report.Accepted.Should().Be(6, string.Join("; ", report.Errors));
        report.Rate.Should().BeNull();
        report.LateStart.Should().BeNull();
    }

    [Fact]
    public void Growth_OpenLoopRunThatFellBehind_SaysSoAndSuggestsALowerRate()
    {
        var report = Report(rate: 60, deliveredPerSecond: 51.6, firstP50: 2333, lastP50: 3368);

        LoadCommand.Growth(report).Should().Contain("rose from 2,333 ms").And.Contain("3,368 ms").And.Contain("51.6 msg/s, less than 60 msg/s").And.Contain("lower --rate");
    }

    [Theory]
    [InlineData(45, 45.0, 925, 65)]
    [InlineData(45, 44.0, 100, 400)]
    [InlineData(60, 40.0, 100, 500)]
    public void Growth_RunThatKeptUp_IsNull(double rate, double deliveredPerSecond, double firstP50, double lastP50) =>
        LoadCommand.Growth(Report(rate, deliveredPerSecond, firstP50, lastP50)).Should().BeNull();

    [Fact]
    public void Growth_ClosedLoopBurst_IsNull() =>
        LoadCommand.Growth(Report(rate: null, deliveredPerSecond: 40, firstP50: 100, lastP50: 9000)).Should().BeNull("a back-to-back burst queues up by design");

    [Theory]
    [InlineData("0", "--rate must be above 0 and at most 10000 messages per second.")]
    [InlineData("20000", "--rate must be above 0 and at most 10000 messages per second.")]
    [InlineData("abc", "--rate takes messages per second, such as 30 or 2.5; 'abc' is not a number.")]
    public async Task Load_RateOutOfRangeOrNotANumber_IsAUsageErrorSayingWhatItTakes(string rate, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["load", "--rate", rate, "--smtp", "127.0.0.1:1"], CliConsole.ForText(output, error), TestContext.Current.CancellationToken);

        code.Should().Be(2);
        error.ToString().Should().Contain(message).And.NotContain("Nullable");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("86401")]
    public async Task Load_TimeoutOutOfRange_IsAUsageError(string timeout)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["load", "--timeout", timeout, "--smtp", "127.0.0.1:1"], CliConsole.ForText(output, error), TestContext.Current.CancellationToken);

        code.Should().Be(2);
        error.ToString().Should().Contain("--timeout must be between 1 and 86400 seconds.").And.Contain("hint: run 'sesmail load --help' for its options.");
    }

    [Fact]
    public void Growth_SenderAlsoStartedLate_SaysTheSmtpSideFellBehindToo()
    {
        var report = Report(rate: 150, deliveredPerSecond: 40, firstP50: 1700, lastP50: 3800) with { AcceptedPerSecond = 84.5, LateStart = LatencyStats.From([0, 2600, 5000]) };

        LoadCommand.Growth(report).Should().Contain("The SMTP side fell behind too: sends started 2,600 ms late (p50), and it accepted 84.5 msg/s.");
    }

    [Fact]
    public void Growth_SenderHeldBackWhileLatencyStayedFlat_SaysTheEdgeSlowedItDown()
    {
        var report = Report(rate: 55, deliveredPerSecond: 41.5, firstP50: 1900, lastP50: 1800) with { LateStart = LatencyStats.From([0, 900, 2200]) };

        LoadCommand.Growth(report).Should().Contain("The sender was held back: sends started 2,200 ms late (p99)")
            .And.Contain("41.5 msg/s, less than 55 msg/s").And.Contain("stayed near 1,800 ms").And.Contain("BacklogLimit").And.Contain("--rate well below 42");
    }

    [Fact]
    public void Growth_LatencyThatLevelledOffAfterTheFirstThird_IsNotCalledGrowing()
    {
        var report = Report(rate: 80, deliveredPerSecond: 46, firstP50: 8277, lastP50: 10935) with
        {
            LateStart = LatencyStats.From([0, 11278, 34263]),
            LatencyByThird = [LatencyStats.From([8277]), LatencyStats.From([10941]), LatencyStats.From([10935])],
        };

        LoadCommand.Growth(report).Should().StartWith("The sender was held back").And.Contain("levelled off at about 10,935 ms (p50, last third) after 8,277 ms in the first").And.NotContain("longer still");
    }

    [Fact]
    public void BurstNote_ClosedLoopRunWhoseLatencyRose_SaysWhyAndPointsAtRate()
    {
        var report = Report(rate: null, deliveredPerSecond: 34.1, firstP50: 4013, lastP50: 7343) with { AcceptedPerSecond = 73.7 };

        LoadCommand.BurstNote(report).Should().Contain("rose from 4,013 to 7,343 ms").And.Contain("SMTP accepted 73.7 msg/s and the pipeline delivered 34.1 msg/s").And.Contain("--rate 30");
        LoadCommand.Growth(report).Should().BeNull();
    }

    [Theory]
    [InlineData(60.0, 100, 4000)]
    [InlineData(null, 100, 400)]
    public void BurstNote_RateRunOrFlatLatency_IsNull(double? rate, double firstP50, double lastP50) =>
        LoadCommand.BurstNote(Report(rate, 40, firstP50, lastP50)).Should().BeNull();

    [Theory]
    [InlineData("load", "-n", "abc", "--smtp", "127.0.0.1:1")]
    [InlineData("mail", "list", "--limit", "abc", "--endpoint", "http://127.0.0.1:1")]
    [InlineData("dlq", "redrive", "--queue", "forwarder", "--max", "abc", "--endpoint", "http://127.0.0.1:1")]
    public async Task Cli_OptionValueThatIsNotANumber_IsAUsageErrorNotACrash(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(args, CliConsole.ForText(output, error), TestContext.Current.CancellationToken);

        code.Should().Be(2, error.ToString());
        error.ToString().Should().Contain("takes a whole number, such as 10; 'abc' is not one.").And.NotContain("System.Int32");
    }

    private static LoadReport Report(double? rate, double deliveredPerSecond, double firstP50, double lastP50)
    {
        static LatencyStats Around(double p50) => LatencyStats.From([p50 / 2, p50, p50 * 1.2]);
        return new LoadReport(
            "run", 300, 8, 20480, 300, 0, 300, 5, 6, 60, deliveredPerSecond, LatencyStats.Empty, 0, LatencyStats.Empty, [],
            rate, rate is null ? null : LatencyStats.Empty, [Around(firstP50), Around((firstP50 + lastP50) / 2), Around(lastP50)]);
    }
}
