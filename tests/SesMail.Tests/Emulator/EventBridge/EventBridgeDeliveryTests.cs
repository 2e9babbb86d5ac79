using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>EventBridge rule targets delivered into the emulator's real SQS queues, and target input shaping.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class EventBridgeDeliveryTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AwsJsonClient Events() => new(emulator.BaseUrl, "AWSEvents", "1.1", "events");

    private async Task<(AmazonSQSClient Sqs, string Url, string Arn)> QueueAsync(string name)
    {
        var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        var url = (await sqs.CreateQueueAsync(name, Ct)).QueueUrl;
        var arn = (await sqs.GetQueueAttributesAsync(url, ["QueueArn"], Ct)).QueueARN;
        return (sqs, url, arn);
    }

    [Fact]
    public async Task PutEvents_MatchingRuleWithSqsTarget_DeliversEnvelopeIntoQueue()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sqs, url, arn) = await QueueAsync($"eb-target-{suffix}");
        using var _ = sqs;
        var events = Events();
        var bus = $"bus-{suffix}";
        await events.OkAsync("CreateEventBus", new JsonObject { ["Name"] = bus }, Ct);
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = "to-queue", ["EventBusName"] = bus, ["EventPattern"] = """{"source":["ses.email.router"]}""" }, Ct);
        await events.OkAsync("PutTargets", new JsonObject { ["Rule"] = "to-queue", ["EventBusName"] = bus, ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = arn }) }, Ct);

        var put = await events.OkAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(
                new JsonObject { ["Source"] = "ses.email.router", ["DetailType"] = "Email Routing Decision", ["Detail"] = """{"originalMessageId":"m1"}""", ["EventBusName"] = bus },
                new JsonObject { ["Source"] = "other.source", ["DetailType"] = "x", ["Detail"] = "{}", ["EventBusName"] = bus }),
        }, Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Ct);

        put["FailedEntryCount"]!.GetValue<int>().Should().Be(0);
        var body = JsonNode.Parse(received.Messages.Should().ContainSingle().Which.Body)!;
        body["source"]!.GetValue<string>().Should().Be("ses.email.router");
        body["detail"]!["originalMessageId"]!.GetValue<string>().Should().Be("m1");
        body["id"]!.GetValue<string>().Should().Be(put["Entries"]![0]!["EventId"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutEvents_SqsTarget_BodyKeepsPlusSignsAndAngleBracketsAsTheyAre()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sqs, url, arn) = await QueueAsync($"eb-chars-{suffix}");
        using var _ = sqs;
        var events = Events();
        var rule = $"chars-{suffix}";
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["EventPattern"] = """{"source":["my.chars"]}""" }, Ct);
        await events.OkAsync("PutTargets", new JsonObject { ["Rule"] = rule, ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = arn }) }, Ct);

        await events.OkAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "my.chars", ["DetailType"] = "x", ["Detail"] = """{"to":"ops+alerts@example.test","subject":"<R&D> café"}""" }),
        }, Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }, Ct);

        // As EventBridge writes the event: only what JSON requires is escaped, so a consumer that searches the text finds the address.
        var body = received.Messages.Should().ContainSingle().Which.Body;
        body.Should().Contain("\"to\":\"ops+alerts@example.test\"").And.Contain("<R&D> café").And.NotContain("\\u00");
    }

    [Fact]
    public async Task PutEvents_InputTransformerTarget_DeliversFilledTemplate()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sqs, url, arn) = await QueueAsync($"eb-transform-{suffix}");
        using var _ = sqs;
        var events = Events();
        var rule = $"rule-{suffix}";
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["EventPattern"] = """{"source":["my.app"]}""" }, Ct);
        await events.OkAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["Targets"] = new JsonArray(new JsonObject
            {
                ["Id"] = "t",
                ["Arn"] = arn,
                ["InputTransformer"] = new JsonObject
                {
                    ["InputPathsMap"] = new JsonObject { ["instance"] = "$.detail.instance-id", ["state"] = "$.detail.state" },
                    ["InputTemplate"] = """{"instance": <instance>, "message": "<instance> is in state <state>", "rule": "<aws.events.rule-name>"}""",
                },
            }),
        }, Ct);

        await events.OkAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "my.app", ["DetailType"] = "t", ["Detail"] = """{"instance-id":"i-123","state":"RUNNING"}""" }),
        }, Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }, Ct);

        var body = JsonNode.Parse(received.Messages.Should().ContainSingle().Which.Body)!;
        body["instance"]!.GetValue<string>().Should().Be("i-123");
        body["message"]!.GetValue<string>().Should().Be("i-123 is in state RUNNING");
        body["rule"]!.GetValue<string>().Should().Be(rule);
    }

    [Fact]
    public async Task PutEvents_InputAndInputPathTargets_DeliverConstantAndSelection()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sqs, url, arn) = await QueueAsync($"eb-input-{suffix}");
        using var _ = sqs;
        var events = Events();
        var rule = $"rule-{suffix}";
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["EventPattern"] = """{"source":["my.input"]}""" }, Ct);
        await events.OkAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["Targets"] = new JsonArray(
                new JsonObject { ["Id"] = "constant", ["Arn"] = arn, ["Input"] = """{"fixed":true}""" },
                new JsonObject { ["Id"] = "path", ["Arn"] = arn, ["InputPath"] = "$.detail.payload" }),
        }, Ct);

        await events.OkAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "my.input", ["DetailType"] = "t", ["Detail"] = """{"payload":{"n":1}}""" }),
        }, Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Ct);

        received.Messages.Select(m => m.Body).Should().BeEquivalentTo("""{"fixed":true}""", """{"n":1}""");
    }

    [Fact]
    public async Task PutEvents_TargetQueueMissing_SendsEventToDeadLetterQueue()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sqs, dlqUrl, dlqArn) = await QueueAsync($"eb-dlq-{suffix}");
        using var _ = sqs;
        var events = Events();
        var rule = $"rule-{suffix}";
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["EventPattern"] = """{"source":["my.dlq"]}""" }, Ct);
        await events.OkAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["Targets"] = new JsonArray(new JsonObject
            {
                ["Id"] = "gone",
                ["Arn"] = $"arn:aws:sqs:ap-southeast-2:000000000000:no-such-queue-{suffix}",
                ["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 2, ["MaximumEventAgeInSeconds"] = 3600 },
                ["DeadLetterConfig"] = new JsonObject { ["Arn"] = dlqArn },
            }),
        }, Ct);

        var put = await events.OkAsync("PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "my.dlq", ["DetailType"] = "t", ["Detail"] = "{}" }),
        }, Ct);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] }, Ct);

        put["FailedEntryCount"]!.GetValue<int>().Should().Be(0);
        var message = received.Messages.Should().ContainSingle().Which;
        JsonNode.Parse(message.Body)!["source"]!.GetValue<string>().Should().Be("my.dlq");
        message.MessageAttributes["ERROR_CODE"].StringValue.Should().Be("QueueDoesNotExist");
        message.MessageAttributes["RULE_ARN"].StringValue.Should().EndWith($":rule/{rule}");
    }

    [Fact]
    public async Task Cli_EventsCommands_CreateRuleTargetsPutEventsAndTestPattern()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "AWS CLI v2 is not installed at /usr/bin/aws.");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (sqs, url, arn) = await QueueAsync($"eb-cli-{suffix}");
        using var _ = sqs;
        var bus = $"cli-bus-{suffix}";
        Task<AwsCli.Result> Aws(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, args, workingDirectory: null, timeout: TimeSpan.FromSeconds(60));

        var created = await Aws("events", "create-event-bus", "--name", bus);
        await Aws("events", "put-rule", "--name", "r", "--event-bus-name", bus, "--event-pattern", """{"detail":{"n":[{"numeric":[">",1]}]}}""");
        await Aws("events", "put-targets", "--rule", "r", "--event-bus-name", bus, "--targets", $"Id=q,Arn={arn}");
        var targets = await Aws("events", "list-targets-by-rule", "--rule", "r", "--event-bus-name", bus);
        var put = await Aws("events", "put-events", "--entries", $$"""[{"Source":"cli","DetailType":"t","Detail":"{\"n\":2}","EventBusName":"{{bus}}"}]""");
        var test = await Aws("events", "test-event-pattern", "--event-pattern", """{"source":["cli"]}""",
            "--event", """{"id":"1","account":"000000000000","source":"cli","time":"2026-01-01T00:00:00Z","region":"ap-southeast-2","detail-type":"t","resources":[],"detail":{}}""");
        var missing = await Aws("events", "describe-rule", "--name", "nope", "--event-bus-name", bus);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }, Ct);

        created.ExitCode.Should().Be(0, created.Error);
        created.Json["EventBusArn"]!.GetValue<string>().Should().EndWith($":event-bus/{bus}");
        targets.Json["Targets"]![0]!["Arn"]!.GetValue<string>().Should().Be(arn);
        put.Json["FailedEntryCount"]!.GetValue<int>().Should().Be(0);
        test.Json["Result"]!.GetValue<bool>().Should().BeTrue();
        missing.ExitCode.Should().NotBe(0);
        missing.Error.Should().Contain("ResourceNotFoundException");
        received.Messages.Should().ContainSingle();
    }
}
