using System.Text.Json.Nodes;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>The bus rules of template.yaml (docs/ARCHITECTURE.md#bus-rules) route routing decisions to the handler queues.</summary>
[Trait("Kind", "Unit")]
public sealed class RoutingBusRulesTests
{
    private const string Bus = "ses-mail-email-routing-test";
    private static readonly string Forwarder = EventBridgeHarness.QueueArn("ses-mail-gmail-forwarder-test");
    private static readonly string Bouncer = EventBridgeHarness.QueueArn("ses-mail-bouncer-test");

    private static string Pattern(string action) =>
        """{"source":["ses.email.router"],"detail-type":["Email Routing Decision"],"detail":{"actions":{"ACTION":{"count":[{"numeric":[">",0]}]}}}}"""
            .Replace("ACTION", action, StringComparison.Ordinal);

    private static async Task<EventBridgeHarness> ProvisionAsync()
    {
        var h = new EventBridgeHarness();
        await h.CallAsync("CreateEventBus", new JsonObject { ["Name"] = Bus });
        foreach (var (rule, action, queue) in new[] { ("ses-mail-route-to-gmail-test", "forward-to-gmail", Forwarder), ("ses-mail-route-to-bouncer-test", "bounce", Bouncer) })
        {
            await h.CallAsync("PutRule", new JsonObject { ["Name"] = rule, ["EventBusName"] = Bus, ["EventPattern"] = Pattern(action) });
            await h.CallAsync("PutTargets", new JsonObject
            {
                ["Rule"] = rule,
                ["EventBusName"] = Bus,
                ["Targets"] = new JsonArray(new JsonObject
                {
                    ["Id"] = "queue",
                    ["Arn"] = queue,
                    ["RetryPolicy"] = new JsonObject { ["MaximumEventAgeInSeconds"] = 3600, ["MaximumRetryAttempts"] = 2 },
                }),
            });
        }

        await h.CallAsync("PutRule", new JsonObject { ["Name"] = "ses-mail-debug-catch-all-test", ["EventBusName"] = Bus, ["EventPattern"] = """{"source":["ses.email.router"]}""" });
        return h;
    }

    private static string Decision(int forward, int bounce)
    {
        static JsonObject Action(int count, Func<int, JsonObject> entry) =>
            new() { ["count"] = count, ["targets"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)entry(i))]) };

        return new JsonObject
        {
            ["originalMessageId"] = "abc123",
            ["ses"] = new JsonObject { ["notificationType"] = "Received" },
            ["actions"] = new JsonObject
            {
                ["store"] = Action(0, _ => []),
                ["forward-to-gmail"] = Action(forward, i => new JsonObject { ["target"] = $"u{i}@example.test", ["destination"] = "me@example.test", ["metadata"] = new JsonObject() }),
                ["bounce"] = Action(bounce, i => new JsonObject { ["target"] = $"b{i}@example.test", ["reason"] = "policy", ["metadata"] = new JsonObject() }),
                ["spam"] = Action(0, _ => []),
                ["silent-drop"] = Action(0, _ => []),
            },
        }.ToJsonString();
    }

    private static JsonObject Entry(string detail) => new()
    {
        ["Source"] = "ses.email.router",
        ["DetailType"] = "Email Routing Decision",
        ["Detail"] = detail,
        ["EventBusName"] = Bus,
    };

    [Fact]
    public async Task PutEvents_ForwardCountOne_ReachesForwarderQueueOnly()
    {
        var h = await ProvisionAsync();

        var result = await h.CallAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(Entry(Decision(1, 0))) });

        result["FailedEntryCount"]!.GetValue<int>().Should().Be(0);
        h.Sqs.Bodies(Forwarder).Should().ContainSingle();
        h.Sqs.Bodies(Bouncer).Should().BeEmpty();
    }

    [Fact]
    public async Task PutEvents_BounceCountOne_ReachesBouncerQueueOnly()
    {
        var h = await ProvisionAsync();

        await h.CallAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(Entry(Decision(0, 1))) });

        h.Sqs.Bodies(Bouncer).Should().ContainSingle();
        h.Sqs.Bodies(Forwarder).Should().BeEmpty();
    }

    [Fact]
    public async Task PutEvents_MixedDecision_ReachesBothQueues()
    {
        var h = await ProvisionAsync();

        await h.CallAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(Entry(Decision(1, 1))) });

        h.Sqs.Bodies(Forwarder).Should().ContainSingle();
        h.Sqs.Bodies(Bouncer).Should().ContainSingle();
    }

    [Fact]
    public async Task PutEvents_StoreOnlyDecision_ReachesNoQueue()
    {
        var h = await ProvisionAsync();

        await h.CallAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(Entry(Decision(0, 0))) });

        h.Sqs.Queues.Should().BeEmpty();
    }

    [Fact]
    public async Task PutEvents_DeliveredBody_IsTheStandardEnvelopeWithDetailObject()
    {
        var h = await ProvisionAsync();
        var detail = Decision(1, 0);

        var result = await h.CallAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(Entry(detail)) });

        var body = JsonNode.Parse(h.Sqs.Bodies(Forwarder).Single())!.AsObject();
        body.Select(p => p.Key).Should().Equal("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail");
        body["version"]!.GetValue<string>().Should().Be("0");
        body["id"]!.GetValue<string>().Should().Be(result["Entries"]![0]!["EventId"]!.GetValue<string>());
        body["detail-type"]!.GetValue<string>().Should().Be("Email Routing Decision");
        body["source"]!.GetValue<string>().Should().Be("ses.email.router");
        body["account"]!.GetValue<string>().Should().Be("000000000000");
        body["region"]!.GetValue<string>().Should().Be("ap-southeast-2");
        body["time"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$");
        body["resources"]!.AsArray().Should().BeEmpty();
        JsonNode.DeepEquals(body["detail"], JsonNode.Parse(detail)).Should().BeTrue();
    }
}
