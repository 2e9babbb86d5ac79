using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Cli.Queues;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sqs;

/// <summary>
/// The <c>AWSTraceHeader</c> system attribute: kept as sent, returned on receive, moved with the message to the
/// dead-letter queue, carried back by <c>sesmail dlq redrive</c>, and taken from the caller's <c>X-Amzn-Trace-Id</c>
/// when the sender set none (docs/TRACING.md). (A W3C <c>traceparent</c> counts too; in this process every HTTP call
/// carries one, as the emulator's own tracer provider instruments HttpClient.)
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SqsTraceHeaderTests(EmulatorFixture emulator) : IDisposable
{
    private const string Header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _sqs.Dispose();

    [Fact]
    public async Task AwsTraceHeader_SentWithSdk_KeptThroughReceiveDeadLetterAndRedrive()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var dlq = (await _sqs.CreateQueueAsync($"trace-dlq-{suffix}", Token)).QueueUrl;
        var dlqArn = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlq, AttributeNames = ["QueueArn"] }, Token)).QueueARN;
        var source = (await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"trace-src-{suffix}",
            Attributes = new() { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"1\"}}" },
        }, Token)).QueueUrl;

        var sent = await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = source,
            MessageBody = "traced",
            MessageSystemAttributes = new() { ["AWSTraceHeader"] = new MessageSystemAttributeValue { DataType = "String", StringValue = Header } },
        }, Token);
        var first = await ReceiveAsync(source, visibility: 0);
        var second = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = source, WaitTimeSeconds = 0, MessageSystemAttributeNames = ["All"] }, Token);
        var dead = await ReceiveAsync(dlq, visibility: 0);
        var redrive = await new DlqRedriver(_sqs).RedriveAsync(dlq, source, 0, 0, null, Token);
        var back = await ReceiveAsync(source, visibility: 30);

        sent.MD5OfMessageSystemAttributes.Should().NotBeNullOrEmpty("the SDK checks the digest of the system attributes it sent");
        first.Attributes["AWSTraceHeader"].Should().Be(Header);
        second.Messages.Should().BeNullOrEmpty("the second receive moved the message to the dead-letter queue");
        dead.MessageId.Should().Be(sent.MessageId);
        dead.Attributes["AWSTraceHeader"].Should().Be(Header);
        redrive.RedrivenCount.Should().Be(1);
        back.Body.Should().Be("traced");
        back.Attributes["AWSTraceHeader"].Should().Be(Header, "a redriven message stays in its trace");
    }

    [Fact]
    public async Task SendMessage_CallerSendsXAmznTraceId_MessageGetsItUnlessItSetsItsOwn()
    {
        const string own = "Root=1-67891233-abcdef012345678912345678;Parent=463ac35c9f6413ad;Sampled=1";
        var queue = (await _sqs.CreateQueueAsync($"trace-http-{Guid.NewGuid():N}", Token)).QueueUrl;
        using var traced = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        traced.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs request)
            {
                request.Headers["X-Amzn-Trace-Id"] = Header;
            }
        };

        var sent = await traced.SendMessageAsync(queue, "from a traced caller", Token);
        await traced.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queue,
            MessageBody = "with its own header",
            MessageSystemAttributes = new() { ["AWSTraceHeader"] = new MessageSystemAttributeValue { DataType = "String", StringValue = own } },
        }, Token);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["AWSTraceHeader"] }, Token);

        sent.MD5OfMessageSystemAttributes.Should().BeNull("the caller sent no system attribute");
        received.Messages.Single(m => m.Body == "from a traced caller").Attributes["AWSTraceHeader"].Should().Be(Header);
        received.Messages.Single(m => m.Body == "with its own header").Attributes["AWSTraceHeader"].Should().Be(own, "the sender's own attribute wins");
    }

    [Fact]
    public async Task AwsTraceHeader_SentWithCli_ReturnedByReceiveMessage()
    {
        var url = await CliJsonAsync("sqs", "create-queue", "--queue-name", $"trace-cli-{Guid.NewGuid():N}");
        var queue = url.GetProperty("QueueUrl").GetString()!;

        await CliJsonAsync("sqs", "send-message", "--queue-url", queue, "--message-body", "cli traced",
            "--message-system-attributes", $"{{\"AWSTraceHeader\":{{\"DataType\":\"String\",\"StringValue\":\"{Header}\"}}}}");
        // AWS CLI 2.9 names system attributes with --attribute-names (later versions also accept --message-system-attribute-names).
        var received = await CliJsonAsync("sqs", "receive-message", "--queue-url", queue, "--attribute-names", "AWSTraceHeader", "--wait-time-seconds", "1");

        var message = received.GetProperty("Messages")[0];
        message.GetProperty("Body").GetString().Should().Be("cli traced");
        message.GetProperty("Attributes").GetProperty("AWSTraceHeader").GetString().Should().Be(Header);
        message.GetProperty("Attributes").TryGetProperty("SentTimestamp", out _).Should().BeFalse("only the named system attribute is returned");
    }

    private async Task<Message> ReceiveAsync(string queue, int visibility)
    {
        var received = await _sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 1, VisibilityTimeout = visibility, MessageSystemAttributeNames = ["AWSTraceHeader"] },
            Token);
        return received.Messages.Should().ContainSingle().Subject;
    }

    private async Task<JsonElement> CliJsonAsync(params string[] args)
    {
        var (exit, output, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }
}
