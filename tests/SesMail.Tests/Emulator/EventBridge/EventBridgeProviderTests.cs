using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>EventBridge over HTTP in the JSON 1.1 protocol (X-Amz-Target: AWSEvents.*), as an unsigned raw client.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class EventBridgeProviderTests(EmulatorFixture emulator)
{
    private async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(string operation, JsonObject input)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        using var content = new StringContent(input.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Add("X-Amz-Target", $"AWSEvents.{operation}");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-southeast-2/events/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-amz-json-1.1");
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!.AsObject());
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task CreateEventBus_ThenDescribeAndList_ReturnsArn()
    {
        var name = Unique("bus");

        var (status, created) = await CallAsync("CreateEventBus", new JsonObject { ["Name"] = name });
        var (_, described) = await CallAsync("DescribeEventBus", new JsonObject { ["Name"] = name });
        var (_, listed) = await CallAsync("ListEventBuses", new JsonObject { ["NamePrefix"] = name });

        status.Should().Be(HttpStatusCode.OK);
        created["EventBusArn"]!.GetValue<string>().Should().Be($"arn:aws:events:ap-southeast-2:000000000000:event-bus/{name}");
        described["Name"]!.GetValue<string>().Should().Be(name);
        listed["EventBuses"]!.AsArray().Select(b => b!["Name"]!.GetValue<string>()).Should().Equal(name);
    }

    [Fact]
    public async Task CreateEventBus_Twice_ReturnsResourceAlreadyExists()
    {
        var name = Unique("bus");
        await CallAsync("CreateEventBus", new JsonObject { ["Name"] = name });

        var (status, body) = await CallAsync("CreateEventBus", new JsonObject { ["Name"] = name });

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task DescribeEventBus_Missing_ReturnsResourceNotFound()
    {
        var (status, body) = await CallAsync("DescribeEventBus", new JsonObject { ["Name"] = "no-such-bus" });

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("ResourceNotFoundException");
        body["message"]!.GetValue<string>().Should().Be("Event bus no-such-bus does not exist.");
    }

    [Fact]
    public async Task PutRule_InvalidPattern_ReturnsInvalidEventPatternException()
    {
        var (status, body) = await CallAsync("PutRule", new JsonObject { ["Name"] = Unique("rule"), ["EventPattern"] = """{"source":"not-an-array"}""" });

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("InvalidEventPatternException");
        body["message"]!.GetValue<string>().Should().StartWith("Event pattern is not valid. Reason:");
    }

    [Fact]
    public async Task PutRule_ThenDescribeDisableListAndDelete_RoundTrips()
    {
        var bus = Unique("bus");
        var rule = Unique("rule");
        await CallAsync("CreateEventBus", new JsonObject { ["Name"] = bus });
        var pattern = """{"source":["my.app"]}""";

        var (_, put) = await CallAsync("PutRule", new JsonObject { ["Name"] = rule, ["EventBusName"] = bus, ["EventPattern"] = pattern, ["Description"] = "d" });
        await CallAsync("DisableRule", new JsonObject { ["Name"] = rule, ["EventBusName"] = bus });
        var (_, described) = await CallAsync("DescribeRule", new JsonObject { ["Name"] = rule, ["EventBusName"] = bus });
        await CallAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["EventBusName"] = bus,
            ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = "arn:aws:sqs:ap-southeast-2:000000000000:q", ["InputPath"] = "$.detail" }),
        });
        var (_, targets) = await CallAsync("ListTargetsByRule", new JsonObject { ["Rule"] = rule, ["EventBusName"] = bus });
        var (deleteStatus, deleteBody) = await CallAsync("DeleteRule", new JsonObject { ["Name"] = rule, ["EventBusName"] = bus });
        await CallAsync("RemoveTargets", new JsonObject { ["Rule"] = rule, ["EventBusName"] = bus, ["Ids"] = new JsonArray("q") });
        var (finalStatus, _) = await CallAsync("DeleteRule", new JsonObject { ["Name"] = rule, ["EventBusName"] = bus });
        var (_, rules) = await CallAsync("ListRules", new JsonObject { ["EventBusName"] = bus });

        put["RuleArn"]!.GetValue<string>().Should().Be($"arn:aws:events:ap-southeast-2:000000000000:rule/{bus}/{rule}");
        described["State"]!.GetValue<string>().Should().Be("DISABLED");
        described["EventPattern"]!.GetValue<string>().Should().Be(pattern);
        targets["Targets"]!.AsArray().Should().ContainSingle().Which!["InputPath"]!.GetValue<string>().Should().Be("$.detail");
        deleteStatus.Should().Be(HttpStatusCode.BadRequest);
        deleteBody["message"]!.GetValue<string>().Should().Be("Rule can't be deleted since it has targets.");
        finalStatus.Should().Be(HttpStatusCode.OK);
        rules["Rules"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task PutEvents_WithMalformedAndMissingFields_ReportsPerEntryErrors()
    {
        var (status, body) = await CallAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(
                new JsonObject { ["Source"] = "my.app", ["DetailType"] = "t", ["Detail"] = "{}" },
                new JsonObject { ["Source"] = "my.app", ["DetailType"] = "t", ["Detail"] = "not json" },
                new JsonObject { ["DetailType"] = "t", ["Detail"] = "{}" },
                new JsonObject { ["Source"] = "my.app", ["DetailType"] = "t", ["Detail"] = "{}", ["EventBusName"] = "no-such-bus" }),
        });

        status.Should().Be(HttpStatusCode.OK);
        body["FailedEntryCount"]!.GetValue<int>().Should().Be(3);
        var entries = body["Entries"]!.AsArray();
        entries[0]!["EventId"]!.GetValue<string>().Should().NotBeEmpty();
        entries[1]!["ErrorCode"]!.GetValue<string>().Should().Be("MalformedDetail");
        entries[2]!["ErrorCode"]!.GetValue<string>().Should().Be("InvalidArgument");
        entries[3]!["ErrorCode"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task PutEvents_ElevenEntries_ReturnsValidationException()
    {
        var entries = new JsonArray([.. Enumerable.Range(0, 11).Select(_ => (JsonNode)new JsonObject { ["Source"] = "s", ["DetailType"] = "t", ["Detail"] = "{}" })]);

        var (status, body) = await CallAsync("PutEvents", new JsonObject { ["Entries"] = entries });

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("ValidationException");
    }

    [Fact]
    public async Task PutEvents_OverTotalSizeLimit_ReturnsValidationException()
    {
        var big = "{\"x\":\"" + new string('a', 200 * 1024) + "\"}";
        var entries = new JsonArray(
            new JsonObject { ["Source"] = "s", ["DetailType"] = "t", ["Detail"] = big },
            new JsonObject { ["Source"] = "s", ["DetailType"] = "t", ["Detail"] = big });

        var (status, body) = await CallAsync("PutEvents", new JsonObject { ["Entries"] = entries });

        status.Should().Be(HttpStatusCode.BadRequest);
        body["message"]!.GetValue<string>().Should().Be("Total size of the entries in the request is over the limit.");
    }

    [Fact]
    public async Task TestEventPattern_MatchingAndNot_ReturnsResult()
    {
        var evt = """{"id":"1","account":"000000000000","source":"ses.email.router","time":"2026-01-01T00:00:00Z","region":"ap-southeast-2","detail-type":"Email Routing Decision","resources":[],"detail":{"actions":{"bounce":{"count":2}}}}""";

        var (_, yes) = await CallAsync("TestEventPattern", new JsonObject { ["Event"] = evt, ["EventPattern"] = """{"detail":{"actions":{"bounce":{"count":[{"numeric":[">",0]}]}}}}""" });
        var (_, no) = await CallAsync("TestEventPattern", new JsonObject { ["Event"] = evt, ["EventPattern"] = """{"detail":{"actions":{"forward-to-gmail":{"count":[{"numeric":[">",0]}]}}}}""" });

        yes["Result"]!.GetValue<bool>().Should().BeTrue();
        no["Result"]!.GetValue<bool>().Should().BeFalse();
    }
}
