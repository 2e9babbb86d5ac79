using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using SesMail.ServiceDefaults;

namespace SesMail.Tests.ServiceDefaults;

/// <summary>Which traces the dashboard gets and which the trace store gets (docs/TRACING.md, "Sampling").</summary>
[Trait("Kind", "Unit")]
public sealed class ReservoirSamplerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ShouldSample_Roots_TheReservoirEachSecondThenNone()
    {
        var time = new FakeTimeProvider(Start);
        var sampler = new ReservoirSampler(reservoir: 3, fixedRate: 0, time);

        var first = Enumerable.Range(0, 5).Select(_ => Root(sampler, ActivityTraceId.CreateRandom())).ToList();
        time.Advance(TimeSpan.FromMilliseconds(999));
        var sameSecond = Root(sampler, ActivityTraceId.CreateRandom());
        time.Advance(TimeSpan.FromMilliseconds(1));
        var next = Enumerable.Range(0, 4).Select(_ => Root(sampler, ActivityTraceId.CreateRandom())).ToList();

        first.Should().Equal(SamplingDecision.RecordAndSample, SamplingDecision.RecordAndSample, SamplingDecision.RecordAndSample, SamplingDecision.RecordOnly, SamplingDecision.RecordOnly);
        sameSecond.Should().Be(SamplingDecision.RecordOnly);
        next.Should().Equal(SamplingDecision.RecordAndSample, SamplingDecision.RecordAndSample, SamplingDecision.RecordAndSample, SamplingDecision.RecordOnly);
    }

    [Theory]
    [InlineData("0000000000000000", true)]
    [InlineData("7ffffffffffffffe", true)]
    [InlineData("8000000000000001", false)]
    [InlineData("ffffffffffffffff", false)]
    public void ShouldSample_PastTheReservoir_FixedRateComparesTheTraceIdsLastEightBytes(string lastBytes, bool sampled)
    {
        var sampler = new ReservoirSampler(reservoir: 0, fixedRate: 0.5, new FakeTimeProvider(Start));
        var traceId = ActivityTraceId.CreateFromString("5759e988bd862e3f" + lastBytes);

        var decisions = Enumerable.Range(0, 3).Select(_ => Root(sampler, traceId)).Distinct().ToList();

        decisions.Should().Equal(sampled ? SamplingDecision.RecordAndSample : SamplingDecision.RecordOnly);
    }

    [Fact]
    public void ShouldSample_ManyRootsPastTheReservoir_SamplesAboutTheFixedRate()
    {
        var sampler = new ReservoirSampler(reservoir: 0, fixedRate: 0.05, new FakeTimeProvider(Start));
        var random = new Random(20261205);
        var bytes = new byte[16];

        var sampled = 0;
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            sampled += Root(sampler, ActivityTraceId.CreateFromBytes(bytes)) == SamplingDecision.RecordAndSample ? 1 : 0;
        }

        ((double)sampled / 20_000).Should().BeInRange(0.045, 0.055);
    }

    [Fact]
    public void ShouldSample_RootOutgoingHttpCall_LeavesTheReservoirToOtherRootsAndGetsTheFixedRate()
    {
        // A background poll's HTTP call (a trace root) must not use up the reservoir the SMTP edge's roots need.
        var sampler = new ReservoirSampler(reservoir: 1, fixedRate: 0.5, new FakeTimeProvider(Start));
        var inRate = ActivityTraceId.CreateFromString("5759e988bd862e3f0000000000000001");
        var pastRate = ActivityTraceId.CreateFromString("5759e988bd862e3fffffffffffffffff");

        var polls = new[] { pastRate, inRate, pastRate }
            .Select(id => sampler.ShouldSample(new SamplingParameters(default, id, ReservoirSampler.HttpClientActivityName, ActivityKind.Client)).Decision)
            .ToList();
        var mail = Root(sampler, pastRate);

        polls.Should().Equal(SamplingDecision.RecordOnly, SamplingDecision.RecordAndSample, SamplingDecision.RecordOnly);
        mail.Should().Be(SamplingDecision.RecordAndSample, "the reservoir's one trace this second is still there");
    }

    [Theory]
    [InlineData(ActivityTraceFlags.Recorded, SamplingDecision.RecordAndSample)]
    [InlineData(ActivityTraceFlags.None, SamplingDecision.RecordOnly)]
    public void ShouldSample_ChildSpan_FollowsItsParentAndIsAlwaysRecorded(ActivityTraceFlags parentFlags, SamplingDecision expected)
    {
        // Reservoir empty and rate 0 for roots, so a sampled child can only come from its parent; an unsampled parent
        // never drops the child, because the trace store still wants it.
        var sampler = new ReservoirSampler(reservoir: 0, fixedRate: 0, new FakeTimeProvider(Start));
        var traceId = ActivityTraceId.CreateRandom();
        var parent = new ActivityContext(traceId, ActivitySpanId.CreateRandom(), parentFlags, isRemote: true);

        var decision = sampler.ShouldSample(new SamplingParameters(parent, traceId, "child", ActivityKind.Server)).Decision;

        decision.Should().Be(expected);
    }

    [Theory]
    [InlineData(null, null, ReservoirSampler.DefaultReservoir, ReservoirSampler.DefaultFixedRate)]
    [InlineData("0", "0.5", 0, 0.5)]
    [InlineData("25", "0", 25, 0.0)]
    public void FromConfiguration_Settings_GiveTheSampler(string? reservoir, string? rate, int expectedReservoir, double expectedRate)
    {
        var sampler = ReservoirSampler.FromConfiguration(Configuration(reservoir, rate));

        sampler.Should().NotBeNull();
        sampler!.Reservoir.Should().Be(expectedReservoir);
        sampler.FixedRate.Should().Be(expectedRate);
    }

    [Fact]
    public void FromConfiguration_FixedRateOne_NoSamplerSoEveryTraceIsExported() =>
        ReservoirSampler.FromConfiguration(Configuration(null, "1")).Should().BeNull();

    [Theory]
    [InlineData("-1", null, ReservoirSampler.ReservoirKey)]
    [InlineData("ten", null, ReservoirSampler.ReservoirKey)]
    [InlineData(null, "5%", ReservoirSampler.FixedRateKey)]
    [InlineData(null, "1.5", ReservoirSampler.FixedRateKey)]
    [InlineData(null, "-0.1", ReservoirSampler.FixedRateKey)]
    public void FromConfiguration_BadValue_NamesTheKeyAndTheValue(string? reservoir, string? rate, string key)
    {
        var act = () => ReservoirSampler.FromConfiguration(Configuration(reservoir, rate));

        act.Should().Throw<InvalidOperationException>().WithMessage($"{key} is '{reservoir ?? rate}'*");
    }

    [Fact]
    public void TracerProvider_UnsampledTraces_StoreGetsEverySpanDashboardTheSampleAndFailures()
    {
        // One tracer provider as a process has it: the sampler and the failed-span processor, the store's processor,
        // then the dashboard's (OpenTelemetry's own, which honours the sampling decision).
        Activity.Current = null;
        using var source = new ActivitySource($"ReservoirSamplerTests.{Guid.NewGuid():N}");
        var store = new List<Activity>();
        var dashboard = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new ReservoirSampler(reservoir: 1, fixedRate: 0, new FakeTimeProvider(Start)))
            .AddProcessor(new FailedSpanProcessor())
            .AddProcessor(new TraceStoreExportProcessor(new InMemoryExporter<Activity>(store), scheduledDelayMilliseconds: 10))
            .AddProcessor(new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(dashboard)))
            .Build())
        {
            for (var i = 0; i < 3; i++)
            {
                using var root = source.StartActivity($"root {i}")!;
                using var child = source.StartActivity($"child {i}")!;
                if (i == 2)
                {
                    child.SetStatus(ActivityStatusCode.Error);
                }
            }

            provider.ForceFlush().Should().BeTrue();
        }

        store.Select(a => a.DisplayName).Should().BeEquivalentTo("root 0", "child 0", "root 1", "child 1", "root 2", "child 2");
        dashboard.Select(a => a.DisplayName).Should().BeEquivalentTo("root 0", "child 0", "child 2");
        store.Where(a => a.DisplayName.EndsWith('1')).Should().OnlyContain(a => !a.Recorded, "the trace past the reservoir was not sampled");
    }

    [Fact]
    public void TraceStoreExportProcessor_SpanTheServerSpanFilterLeftOut_IsNotStored()
    {
        Activity.Current = null;
        using var source = new ActivitySource($"ReservoirSamplerTests.{Guid.NewGuid():N}");
        var store = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddProcessor(new MarkLeftOut())
            .AddProcessor(new TraceStoreExportProcessor(new InMemoryExporter<Activity>(store), scheduledDelayMilliseconds: 10))
            .Build())
        {
            using (source.StartActivity("kept"))
            {
            }

            using (source.StartActivity("left out"))
            {
            }

            provider.ForceFlush().Should().BeTrue();
        }

        store.Select(a => a.DisplayName).Should().Equal("kept");
    }

    private static SamplingDecision Root(ReservoirSampler sampler, ActivityTraceId traceId) =>
        sampler.ShouldSample(new SamplingParameters(default, traceId, "smtp receive", ActivityKind.Server)).Decision;

    private static IConfiguration Configuration(string? reservoir, string? rate) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(ReservoirSampler.ReservoirKey, reservoir), new(ReservoirSampler.FixedRateKey, rate)]).Build();

    /// <summary>Marks the span named "left out" the way <see cref="HttpServerSpanFilter"/> marks a repeated server span.</summary>
    private sealed class MarkLeftOut : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.DisplayName == "left out")
            {
                HttpServerSpanFilter.LeaveOut(data);
            }
        }
    }
}
