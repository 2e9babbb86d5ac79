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

        // The attached router's own output (JSON log lines, EMF) is in its log group between START and END, as in Lambda.
        var group = $"/aws/lambda/{stack.Resource("RouterFunction").PhysicalId}";
        var logs = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "Logs_20140328", "1.1", "logs");
        var events = await logs.OkAsync("FilterLogEvents", new JsonObject { ["logGroupName"] = group }, ct);
        var messages = events["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToList();
        var emf = messages.FindLastIndex(m => m.Contains("\"_aws\"", StringComparison.Ordinal) && m.Contains("RouterEnrichmentSuccess", StringComparison.Ordinal));
        emf.Should().BeGreaterThan(0, "the router's EMF line is logged: {0}", string.Join('\n', messages));
        messages.Take(emf).Last(m => m.StartsWith("START ", StringComparison.Ordinal) || m.StartsWith("END ", StringComparison.Ordinal)).Should().StartWith("START ");
        messages.Skip(emf).First(m => m.StartsWith("START ", StringComparison.Ordinal) || m.StartsWith("END ", StringComparison.Ordinal)).Should().StartWith("END ");
        var cloudWatch = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
        var metrics = await cloudWatch.OkAsync("ListMetrics", new JsonObject { ["Namespace"] = "SESMail/test", ["MetricName"] = "RouterEnrichmentSuccess" }, ct);
        metrics["Metrics"]!.AsArray().Should().NotBeEmpty("the router's EMF line becomes a CloudWatch metric");
    }
}
