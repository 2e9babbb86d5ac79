using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime;

/// <summary>
/// The spine, end to end in-process: template → provision against the emulator → pipe (input queue → the real
/// router → bus) → bus rule → forwarder queue.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class PipelineSpineTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task InputQueueMessage_RawSnsDelivery_ArrivesInForwarderQueueWithRouterDecision()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var template = TemplateYamlTests.Load();
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator, clients, ct)).ProvisionAsync(template, StackProvisionerTests.Settings, ct);
        await clients.DynamoDb.PutItemAsync(
            new PutItemRequest
            {
                TableName = stack.Outputs["RoutingTableName"],
                Item = new()
                {
                    ["PK"] = new() { S = "ROUTE#*@example.test" }, ["SK"] = new() { S = "RULE#v1" }, ["entity_type"] = new() { S = "ROUTE" },
                    ["recipient"] = new() { S = "*@example.test" }, ["action"] = new() { S = "forward-to-gmail" }, ["target"] = new() { S = "me@example.test" },
                    ["enabled"] = new() { BOOL = true },
                },
            },
            ct);
        await clients.Sqs.PurgeQueueAsync(new PurgeQueueRequest { QueueUrl = stack.Outputs["ForwarderQueueUrl"] }, ct);

        var (received, later) = await PipeDriver.RouteFixtureAsync(template, stack, emulator.BaseUrl, clients, ct);

        var envelope = JsonNode.Parse(received.Should().ContainSingle().Subject.Body)!;
        envelope["source"]!.GetValue<string>().Should().Be("ses.email.router");
        envelope["detail-type"]!.GetValue<string>().Should().Be("Email Routing Decision");
        var detail = envelope["detail"]!;
        detail["originalMessageId"]!.GetValue<string>().Should().Be("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1");
        detail["actions"]!["forward-to-gmail"]!["count"]!.GetValue<int>().Should().Be(1);
        detail["actions"]!["forward-to-gmail"]!["targets"]![0]!["destination"]!.GetValue<string>().Should().Be("me@example.test");
        later.Should().BeEmpty("one notification makes one bus event");
        (await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = stack.Outputs["InputQueueUrl"], WaitTimeSeconds = 0 }, ct)).Messages.Should().BeNullOrEmpty();
    }
}
