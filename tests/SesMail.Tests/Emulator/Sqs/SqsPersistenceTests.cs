using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sqs;

/// <summary>SQS queues and messages across an emulator restart, through the AWS SDK for .NET (which checks every MD5).</summary>
[Trait("Kind", "Contract")]
public sealed class SqsPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendMessage_ThenRestart_ReceivesItWithAttributesAndMd5()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        SendMessageResponse sent;
        using (var sqs = Client(emulator))
        {
            var url = (await sqs.CreateQueueAsync("inbox", Token)).QueueUrl;
            sent = await sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = url,
                MessageBody = "{\"mail\":\"héllo\"}",
                MessageAttributes = new()
                {
                    ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "ses" },
                    ["size"] = new MessageAttributeValue { DataType = "Number", StringValue = "42" },
                    ["raw"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 2, 255]) },
                },
            }, Token);
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var queueUrl = (await after.GetQueueUrlAsync("inbox", Token)).QueueUrl;
        var received = await after.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
            WaitTimeSeconds = 1,
        }, Token);

        var message = received.Messages.Should().ContainSingle().Subject;
        message.MessageId.Should().Be(sent.MessageId);
        message.Body.Should().Be("{\"mail\":\"héllo\"}");
        message.MD5OfBody.Should().Be(sent.MD5OfMessageBody);
        message.MD5OfMessageAttributes.Should().Be(sent.MD5OfMessageAttributes);
        message.MessageAttributes["kind"].StringValue.Should().Be("ses");
        message.MessageAttributes["size"].DataType.Should().Be("Number");
        message.MessageAttributes["raw"].BinaryValue.ToArray().Should().Equal(0, 1, 2, 255);
        message.Attributes["ApproximateReceiveCount"].Should().Be("1");
        await after.DeleteMessageAsync(queueUrl, message.ReceiptHandle, Token);
    }

    [Fact]
    public async Task ReceivedMessages_ThenRestart_StayInFlightUntilTheirDeadline()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        string longHandle;
        string firstReceive;
        using (var sqs = Client(emulator))
        {
            var url = (await sqs.CreateQueueAsync("work", Token)).QueueUrl;
            await sqs.SendMessageAsync(url, "long", Token);
            longHandle = (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 600 }, Token)).Messages.Single().ReceiptHandle;
            await sqs.SendMessageAsync(url, "short", Token);
            var shortOne = (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 1, MessageSystemAttributeNames = ["All"] }, Token)).Messages.Single();
            shortOne.Body.Should().Be("short");
            firstReceive = shortOne.Attributes["ApproximateFirstReceiveTimestamp"];
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var queueUrl = (await after.GetQueueUrlAsync("work", Token)).QueueUrl;
        var counts = await after.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessagesNotVisible"] }, Token);
        var again = await after.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 10, MessageSystemAttributeNames = ["All"] }, Token);
        await after.DeleteMessageAsync(queueUrl, longHandle, Token); // a receipt handle from before the restart still works
        var left = await after.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] }, Token);

        counts.ApproximateNumberOfMessagesNotVisible.Should().BeInRange(1, 2);
        var message = again.Messages.Should().ContainSingle().Subject;
        message.Body.Should().Be("short");
        message.Attributes["ApproximateReceiveCount"].Should().Be("2");
        message.Attributes["ApproximateFirstReceiveTimestamp"].Should().Be(firstReceive);
        left.ApproximateNumberOfMessagesNotVisible.Should().Be(1); // only "short", received again just now
        left.ApproximateNumberOfMessages.Should().Be(0);
    }

    [Fact]
    public async Task CreateQueue_AfterRestartWithSameAttributes_ReturnsTheSameQueueAndKeepsSettings()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        Dictionary<string, string> before;
        using (var sqs = Client(emulator))
        {
            var dlq = (await sqs.CreateQueueAsync("inbox-dlq", Token)).QueueUrl;
            var dlqArn = (await sqs.GetQueueAttributesAsync(dlq, ["QueueArn"], Token)).QueueARN;
            var url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "inbox", Attributes = Settings(dlqArn), Tags = new() { ["env"] = "test" } }, Token)).QueueUrl;
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "later", DelaySeconds = 900 }, Token);
            before = (await sqs.GetQueueAttributesAsync(url, ["All"], Token)).Attributes;
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var dlqArnAfter = (await after.GetQueueAttributesAsync((await after.GetQueueUrlAsync("inbox-dlq", Token)).QueueUrl, ["QueueArn"], Token)).QueueARN;
        var again = await after.CreateQueueAsync(new CreateQueueRequest { QueueName = "inbox", Attributes = Settings(dlqArnAfter) }, Token);
        var attributes = (await after.GetQueueAttributesAsync(again.QueueUrl, ["All"], Token)).Attributes;
        var tags = await after.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = again.QueueUrl }, Token);

        attributes.Should().BeEquivalentTo(before);
        attributes["ApproximateNumberOfMessagesDelayed"].Should().Be("1");
        tags.Tags.Should().Contain("env", "test");
    }

    private static Dictionary<string, string> Settings(string dlqArn) => new()
    {
        ["VisibilityTimeout"] = "45",
        ["MessageRetentionPeriod"] = "3600",
        ["ReceiveMessageWaitTimeSeconds"] = "20",
        ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":5}}",
    };

    private static AmazonSQSClient Client(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, emulator.Configure(new AmazonSQSConfig()));
}
