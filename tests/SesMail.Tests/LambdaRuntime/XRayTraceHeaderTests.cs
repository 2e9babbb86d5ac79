using System.Diagnostics;
using SesMail.LambdaRuntime;

namespace SesMail.Tests.LambdaRuntime;

/// <summary>The X-Ray trace header and its W3C form (the conversion AWS's OpenTelemetry propagator makes).</summary>
[Trait("Kind", "Unit")]
public sealed class XRayTraceHeaderTests
{
    [Fact]
    public void TryParse_AwsDocumentationExample_ReadsRootParentAndSampled()
    {
        XRayTraceHeader.TryParse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", out var header).Should().BeTrue();

        header.TraceId.ToHexString().Should().Be("5759e988bd862e3fe1be46a994272793");
        header.XRayTraceId.Should().Be("1-5759e988-bd862e3fe1be46a994272793");
        header.ParentId.ToHexString().Should().Be("53995c3f42cd8ad8");
        header.Sampled.Should().BeTrue();
        header.ToString().Should().Be("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793", false, null)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?;Lineage=a87bd80c:1|68fd508a:5", false, null)]
    [InlineData("Self=1-67891234-12456789abcdef012345678;Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", true, false)]
    public void TryParse_OptionalAndUnknownFields_AreToleratedAsXRayDoes(string text, bool hasParent, bool? sampled)
    {
        XRayTraceHeader.TryParse(text, out var header).Should().BeTrue();

        header.XRayTraceId.Should().Be("1-5759e988-bd862e3fe1be46a994272793");
        header.HasParent.Should().Be(hasParent);
        header.Sampled.Should().Be(sampled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279z")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f")]
    public void TryParse_Malformed_IsRefused(string? text) =>
        XRayTraceHeader.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void ToActivityContext_ThenFrom_RoundTripsTheW3cContext()
    {
        XRayTraceHeader.TryParse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", out var header);

        var context = header.ToActivityContext();

        context.TraceId.ToHexString().Should().Be("5759e988bd862e3fe1be46a994272793");
        context.SpanId.ToHexString().Should().Be("53995c3f42cd8ad8");
        context.TraceFlags.Should().Be(ActivityTraceFlags.Recorded);
        context.IsRemote.Should().BeTrue();
        XRayTraceHeader.From(context).Should().Be(header);
    }

    [Fact]
    public void ToActivityContext_NotSampled_IsNotRecorded()
    {
        XRayTraceHeader.TryParse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", out var header);

        header.ToActivityContext().TraceFlags.Should().Be(ActivityTraceFlags.None);
    }

    [Fact]
    public void NewRoot_StartsWithTheEpochSeconds()
    {
        var now = new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

        var header = XRayTraceHeader.NewRoot(now, sampled: true);

        header.XRayTraceId.Should().StartWith($"1-{now.ToUnixTimeSeconds():x8}-");
        header.HasParent.Should().BeTrue();
        XRayTraceHeader.TryParseXRayTraceId(header.XRayTraceId, out var id).Should().BeTrue();
        id.Should().Be(header.TraceId);
    }
}
