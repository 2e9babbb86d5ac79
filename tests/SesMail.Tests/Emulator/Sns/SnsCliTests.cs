using System.Text.Json;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sns;

/// <summary>SNS through the AWS CLI v2 (Query protocol), delivery read back through the CLI's SQS commands.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SnsCliTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task TopicAndSubscriptions_WithCli_PublishDeliversRawAndEnveloped()
    {
        var name = $"cli-topic-{Guid.NewGuid():N}";
        var topic = (await RunJsonAsync("sns", "create-topic", "--name", name)).GetProperty("TopicArn").GetString()!;
        var rawUrl = (await RunJsonAsync("sqs", "create-queue", "--queue-name", name + "-raw")).GetProperty("QueueUrl").GetString()!;
        var envUrl = (await RunJsonAsync("sqs", "create-queue", "--queue-name", name + "-env")).GetProperty("QueueUrl").GetString()!;
        var raw = (await RunJsonAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", $"arn:aws:sqs:ap-southeast-2:000000000000:{name}-raw",
            "--attributes", "RawMessageDelivery=true", "--return-subscription-arn")).GetProperty("SubscriptionArn").GetString()!;
        var enveloped = (await RunJsonAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", $"arn:aws:sqs:ap-southeast-2:000000000000:{name}-env"))
            .GetProperty("SubscriptionArn").GetString()!;
        await RunJsonAsync("sns", "set-topic-attributes", "--topic-arn", topic, "--attribute-name", "DisplayName", "--attribute-value", "CLI");
        var topicAttributes = await RunJsonAsync("sns", "get-topic-attributes", "--topic-arn", topic);
        await RunJsonAsync("sns", "set-subscription-attributes", "--subscription-arn", enveloped, "--attribute-name", "RawMessageDelivery", "--attribute-value", "false");
        var subscriptionAttributes = await RunJsonAsync("sns", "get-subscription-attributes", "--subscription-arn", raw);
        var byTopic = await RunJsonAsync("sns", "list-subscriptions-by-topic", "--topic-arn", topic);
        var all = await RunJsonAsync("sns", "list-subscriptions");
        var topics = await RunJsonAsync("sns", "list-topics");
        var published = await RunJsonAsync("sns", "publish", "--topic-arn", topic, "--message", "hello from cli", "--subject", "cli",
            "--message-attributes", "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"inbound\"}}");
        var rawMessage = (await RunJsonAsync("sqs", "receive-message", "--queue-url", rawUrl, "--message-attribute-names", "All")).GetProperty("Messages")[0];
        var envMessage = (await RunJsonAsync("sqs", "receive-message", "--queue-url", envUrl)).GetProperty("Messages")[0];
        await RunJsonAsync("sns", "unsubscribe", "--subscription-arn", raw);
        await RunJsonAsync("sns", "delete-topic", "--topic-arn", topic);
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "sns", "get-topic-attributes", "--topic-arn", topic);

        topicAttributes.GetProperty("Attributes").GetProperty("DisplayName").GetString().Should().Be("CLI");
        subscriptionAttributes.GetProperty("Attributes").GetProperty("RawMessageDelivery").GetString().Should().Be("true");
        byTopic.GetProperty("Subscriptions").EnumerateArray().Select(s => s.GetProperty("SubscriptionArn").GetString()).Should().BeEquivalentTo([raw, enveloped]);
        all.GetProperty("Subscriptions").EnumerateArray().Select(s => s.GetProperty("SubscriptionArn").GetString()).Should().Contain([raw, enveloped]);
        topics.GetProperty("Topics").EnumerateArray().Select(t => t.GetProperty("TopicArn").GetString()).Should().Contain(topic);
        rawMessage.GetProperty("Body").GetString().Should().Be("hello from cli");
        rawMessage.GetProperty("MessageAttributes").GetProperty("kind").GetProperty("StringValue").GetString().Should().Be("inbound");
        using var envelope = JsonDocument.Parse(envMessage.GetProperty("Body").GetString()!);
        envelope.RootElement.GetProperty("Type").GetString().Should().Be("Notification");
        envelope.RootElement.GetProperty("MessageId").GetString().Should().Be(published.GetProperty("MessageId").GetString());
        envelope.RootElement.GetProperty("Subject").GetString().Should().Be("cli");
        envelope.RootElement.GetProperty("Message").GetString().Should().Be("hello from cli");
        envelope.RootElement.GetProperty("MessageAttributes").GetProperty("kind").GetProperty("Value").GetString().Should().Be("inbound");
        exit.Should().NotBe(0);
        error.Should().Contain("NotFound");
    }

    [Fact]
    public async Task Publish_SubscriptionsWithFilterPolicies_DeliverOnlyMatchingMessages()
    {
        var name = $"cli-filter-{Guid.NewGuid():N}";
        var topic = (await RunJsonAsync("sns", "create-topic", "--name", name)).GetProperty("TopicArn").GetString()!;
        var byAttributes = (await RunJsonAsync("sqs", "create-queue", "--queue-name", name + "-attr")).GetProperty("QueueUrl").GetString()!;
        var byBody = (await RunJsonAsync("sqs", "create-queue", "--queue-name", name + "-body")).GetProperty("QueueUrl").GetString()!;
        await RunJsonAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", $"arn:aws:sqs:ap-southeast-2:000000000000:{name}-attr",
            "--attributes", """{"RawMessageDelivery":"true","FilterPolicy":"{\"kind\":[\"inbound\"],\"size\":[{\"numeric\":[\">\",5]}]}"}""");
        await RunJsonAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", $"arn:aws:sqs:ap-southeast-2:000000000000:{name}-body",
            "--attributes", """{"RawMessageDelivery":"true","FilterPolicyScope":"MessageBody","FilterPolicy":"{\"action\":[{\"prefix\":\"forward\"}]}"}""");
        var badPolicy = await AwsCli.RunAsync(emulator.BaseUrl, "sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs",
            "--notification-endpoint", $"arn:aws:sqs:ap-southeast-2:000000000000:{name}-attr", "--attributes", """{"FilterPolicy":"{\"kind\":\"inbound\"}"}""");

        foreach (var (body, kind, size) in new[] { ("wrong-kind", "outbound", "9"), ("too-small", "inbound", "1"), ("""{"action":"forward-to-gmail"}""", "inbound", "9"), ("""{"action":"bounce"}""", "other", "0") })
        {
            await RunJsonAsync("sns", "publish", "--topic-arn", topic, "--message", body, "--message-attributes",
                $$$"""{"kind":{"DataType":"String","StringValue":"{{{kind}}}"},"size":{"DataType":"Number","StringValue":"{{{size}}}"}}""");
        }

        var attrBodies = (await RunJsonAsync("sqs", "receive-message", "--queue-url", byAttributes, "--max-number-of-messages", "10"))
            .GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Body").GetString()).ToList();
        var bodyBodies = (await RunJsonAsync("sqs", "receive-message", "--queue-url", byBody, "--max-number-of-messages", "10"))
            .GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Body").GetString()).ToList();

        attrBodies.Should().Equal("""{"action":"forward-to-gmail"}""");
        bodyBodies.Should().Equal("""{"action":"forward-to-gmail"}""");
        badPolicy.ExitCode.Should().NotBe(0);
        badPolicy.Error.Should().Contain("InvalidParameter");
    }

    private async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (exit, output, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }
}
