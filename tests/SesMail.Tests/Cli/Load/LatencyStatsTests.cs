using SesMail.Cli.Load;

namespace SesMail.Tests.Cli.Load;

[Trait("Kind", "Unit")]
public sealed class LatencyStatsTests
{
    [Fact]
    public void From_OneToHundred_NearestRankPercentiles()
    {
        var stats = LatencyStats.From(Enumerable.Range(1, 100).Select(i => (double)i).Reverse());

        stats.P50.Should().Be(50);
        stats.P90.Should().Be(90);
        stats.P95.Should().Be(95);
        stats.P99.Should().Be(99);
        stats.Min.Should().Be(1);
        stats.Max.Should().Be(100);
        stats.Mean.Should().Be(50.5);
    }

    [Fact]
    public void From_SingleSample_AllPercentilesAreIt()
    {
        var stats = LatencyStats.From([42]);

        stats.Should().Be(new LatencyStats(1, 42, 42, 42, 42, 42, 42, 42));
    }

    [Fact]
    public void From_NoSamples_IsEmpty() => LatencyStats.From([]).Should().Be(LatencyStats.Empty);

    [Fact]
    public void Percentile_TenSamples_P95IsLast() =>
        LatencyStats.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95).Should().Be(10);

    [Fact]
    public void SubjectAndIndexOf_RoundTrip()
    {
        var subject = LoadRunner.Subject("abc12345", 17);

        LoadRunner.IndexOf("abc12345", subject).Should().Be(17);
        LoadRunner.IndexOf("other", subject).Should().BeNull();
        LoadRunner.IndexOf("abc12345", "Re: " + subject).Should().BeNull();
    }
}
