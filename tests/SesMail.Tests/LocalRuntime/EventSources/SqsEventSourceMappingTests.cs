using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.LocalRuntime.EventSources;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.EventSources;

[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SqsEventSourceMappingTests(EmulatorFixture emulator)
{
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    [Fact]
    public async Task Process_OneOfThreeReportedFailed_OnlyThatRecordComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, arn) = await CreateQueueAsync(ct);
        var ids = new List<string>();
        foreach (var body in new[] { "one", "two", "three" })
        {
            ids.Add((await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = body }, ct)).MessageId);
        }

        var invoker = new FakeInvoker(_ => FakeInvoker.Ok($$"""{"batchItemFailures":[{"itemIdentifier":"{{ids[1]}}"}]}"""));
        var (mapping, receiver) = Mapping(url, arn, invoker, batchSize: 3, window: 1);

        var batch = await receiver.ReceiveAsync(ct);
        batch.Should().HaveCount(3);
        await mapping.ProcessAsync(receiver, batch, ct);

        var again = await ReceiveAfterVisibilityAsync(url, ct);
        again.Select(m => m.MessageId).Should().Equal(ids[1]);
        again[0].Body.Should().Be("two");
    }

    [Fact]
    public async Task Process_FunctionThrows_WholeBatchComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, arn) = await CreateQueueAsync(ct);
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "a" }, ct);
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "b" }, ct);
        var (mapping, receiver) = Mapping(url, arn, new FakeInvoker(_ => FakeInvoker.Error("boom")), batchSize: 2, window: 1);

        var batch = await receiver.ReceiveAsync(ct);
        await mapping.ProcessAsync(receiver, batch, ct);

        (await ReceiveAfterVisibilityAsync(url, ct)).Select(m => m.Body).Should().BeEquivalentTo("a", "b");
    }

    [Fact]
    public async Task Process_Success_DeletesBatchAndSendsLambdaSqsEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, arn) = await CreateQueueAsync(ct);
        var sent = await _sqs.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "{\"x\":1}",
                MessageAttributes = new() { ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "demo" } },
            },
            ct);
        var invoker = new FakeInvoker(_ => FakeInvoker.Ok("{}"));
        var (mapping, receiver) = Mapping(url, arn, invoker, batchSize: 1, window: 0);

        await mapping.ProcessAsync(receiver, await receiver.ReceiveAsync(ct), ct);

        var record = JsonNode.Parse(invoker.Payloads.Single())!["Records"]![0]!;
        record["messageId"]!.GetValue<string>().Should().Be(sent.MessageId);
        record["body"]!.GetValue<string>().Should().Be("{\"x\":1}");
        record["md5OfBody"]!.GetValue<string>().Should().Be(sent.MD5OfMessageBody);
        record["eventSource"]!.GetValue<string>().Should().Be("aws:sqs");
        record["eventSourceARN"]!.GetValue<string>().Should().Be(arn);
        record["awsRegion"]!.GetValue<string>().Should().Be("ap-southeast-2");
        record["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>().Should().Be("1");
        record["attributes"]!["SentTimestamp"].Should().NotBeNull();
        record["messageAttributes"]!["kind"]!.ToJsonString().Should().Be("""{"stringValue":"demo","stringListValues":[],"binaryListValues":[],"dataType":"String"}""");
        record["md5OfMessageAttributes"]!.GetValue<string>().Should().Be(sent.MD5OfMessageAttributes);
        record["receiptHandle"]!.GetValue<string>().Should().NotBeEmpty();
        (await ReceiveAfterVisibilityAsync(url, ct)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("null", 0)]
    [InlineData("{}", 0)]
    [InlineData("""{"batchItemFailures":[]}""", 0)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""", 1)]
    public void FailedIds_ValidResponse_NamesFailures(string response, int expected)
    {
        var ids = SqsEventSourceMapping.FailedIds(System.Text.Encoding.UTF8.GetBytes(response), Batch("m1", "m2"));

        ids.Should().NotBeNull().And.HaveCount(expected);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"elsewhere"}]}""")]
    public void FailedIds_InvalidResponse_FailsWholeBatch(string response)
    {
        SqsEventSourceMapping.FailedIds(System.Text.Encoding.UTF8.GetBytes(response), Batch("m1", "m2")).Should().BeNull();
    }

    private static List<Message> Batch(params string[] ids) => ids.Select(id => new Message { MessageId = id }).ToList();

    private (SqsEventSourceMapping Mapping, SqsBatchReceiver Receiver) Mapping(string url, string arn, FakeInvoker invoker, int batchSize, int window)
    {
        var settings = new SqsEventSourceMappingSettings("fn", arn, url, EmulatorFixture.Region, batchSize, window, 1, ReportBatchItemFailures: true, Enabled: true) { WaitTimeSeconds = 1 };
        var mapping = new SqsEventSourceMapping(settings, _sqs, invoker, NullLogger.Instance, TimeProvider.System);
        var receiver = new SqsBatchReceiver(_sqs, url, batchSize, TimeSpan.FromSeconds(window), TimeProvider.System) { WaitTimeSeconds = 1 };
        return (mapping, receiver);
    }

    private async Task<(string Url, string Arn)> CreateQueueAsync(CancellationToken ct)
    {
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"esm-{Guid.NewGuid():N}", Attributes = new() { ["VisibilityTimeout"] = "1" } }, ct)).QueueUrl;
        var arn = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, ct)).Attributes["QueueArn"];
        return (url, arn);
    }

    private async Task<List<Message>> ReceiveAfterVisibilityAsync(string url, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, ct);
        return response.Messages ?? [];
    }
}
