using System.Text.Json;
using SesMail.Functions;
using SesMail.Functions.Routing;
using SesMail.Tests.Support;

namespace SesMail.Tests.Aws.Events;

[Trait("Kind", "Unit")]
public sealed class EventBridgeEventTests
{
    [Fact]
    public void Deserialize_RoutingEvent_ReadsEnvelopeAndDetail()
    {
        var envelope = JsonSerializer.Deserialize(EventFixtures.Read("eventbridge-routing-event.json"), FunctionsJsonContext.Default.EventBridgeEventRoutingDetail)!;

        envelope.DetailType.Should().Be("Email Routing Decision");
        envelope.Source.Should().Be("ses.email.router");
        envelope.Detail!.OriginalMessageId.Should().Be("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1");
        envelope.Detail.Actions.ForwardToGmail.Targets.Should().ContainSingle().Which.Destination.Should().Be("me@example.test");
        envelope.Detail.Actions.Bounce.Targets.Should().ContainSingle().Which.Reason.Should().Be(RoutingReasons.Policy);
    }

    [Fact]
    public void Serialize_RoutingEvent_RoundTrips()
    {
        var json = EventFixtures.Read("eventbridge-routing-event.json");

        var written = JsonSerializer.Serialize(
            JsonSerializer.Deserialize(json, FunctionsJsonContext.Default.EventBridgeEventRoutingDetail)!,
            FunctionsJsonContext.Default.EventBridgeEventRoutingDetail);

        EventFixtures.ShouldBeSameJson(written, json);
    }

    [Fact]
    public void FromSqsBody_BusEnvelopeOrBareDetail_ReadsTheSameDetail()
    {
        var json = EventFixtures.Read("eventbridge-routing-event.json");
        var bare = JsonDocument.Parse(json).RootElement.GetProperty("detail").GetRawText();

        var fromEnvelope = RoutingDetail.FromSqsBody(json);
        var fromBare = RoutingDetail.FromSqsBody(bare);

        fromBare.OriginalMessageId.Should().Be(fromEnvelope.OriginalMessageId);
        fromBare.Actions.Bounce.Count.Should().Be(1);
    }
}
