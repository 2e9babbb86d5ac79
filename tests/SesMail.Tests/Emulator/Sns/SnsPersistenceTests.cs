using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;
using Amazon.SQS;
using SesMail.Tests.Support;
using SqsModel = Amazon.SQS.Model;

namespace SesMail.Tests.Emulator.Sns;

/// <summary>SNS topics and subscriptions across an emulator restart, through the project's SNS client.</summary>
[Trait("Kind", "Contract")]
public sealed class SnsPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribe_ThenRestart_ResubscribeReturnsSameArnAndPublishArrivesOnce()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        string topicArn;
        string subscriptionArn;
        string queueArn;
        using (var sns = Sns(emulator))
        using (var sqs = Sqs(emulator))
        {
            var queueUrl = (await sqs.CreateQueueAsync("notifications", Token)).QueueUrl;
            queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], Token)).QueueARN;
            topicArn = (await sns.CreateTopicAsync(new CreateTopicRequest { Name = "email-received", Attributes = new() { ["DisplayName"] = "Inbound" } }, Token)).TopicArn;
            subscriptionArn = (await sns.SubscribeAsync(Subscription(topicArn, queueArn), Token)).SubscriptionArn;
        }

        await emulator.RestartAsync();

        using var snsAfter = Sns(emulator);
        using var sqsAfter = Sqs(emulator);
        var again = await snsAfter.SubscribeAsync(Subscription(topicArn, queueArn), Token);
        var recreated = await snsAfter.CreateTopicAsync(new CreateTopicRequest { Name = "email-received", Attributes = new() { ["DisplayName"] = "Inbound" } }, Token);
        var subscriptions = await snsAfter.ListSubscriptionsByTopicAsync(new ListSubscriptionsByTopicRequest { TopicArn = topicArn }, Token);
        var attributes = await snsAfter.GetTopicAttributesAsync(new GetTopicAttributesRequest { TopicArn = topicArn }, Token);
        await snsAfter.PublishAsync(new PublishRequest { TopicArn = topicArn, Message = "after restart" }, Token);
        var url = (await sqsAfter.GetQueueUrlAsync("notifications", Token)).QueueUrl;
        var first = await sqsAfter.ReceiveMessageAsync(new SqsModel.ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 5 }, Token);
        var second = await sqsAfter.ReceiveMessageAsync(new SqsModel.ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Token);

        again.SubscriptionArn.Should().Be(subscriptionArn);
        recreated.TopicArn.Should().Be(topicArn);
        subscriptions.Subscriptions.Should().ContainSingle().Which.SubscriptionArn.Should().Be(subscriptionArn);
        attributes.Attributes.Should().Contain("DisplayName", "Inbound");
        first.Messages.Should().ContainSingle().Which.Body.Should().Be("after restart"); // raw delivery kept
        second.Messages.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task Publish_ThenRestartBeforeReceive_DeliveredMessageIsStillQueued()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        using (var sns = Sns(emulator))
        using (var sqs = Sqs(emulator))
        {
            var queueUrl = (await sqs.CreateQueueAsync("notifications", Token)).QueueUrl;
            var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], Token)).QueueARN;
            var topicArn = (await sns.CreateTopicAsync(new CreateTopicRequest { Name = "email-received" }, Token)).TopicArn;
            await sns.SubscribeAsync(Subscription(topicArn, queueArn), Token);
            await sns.PublishAsync(new PublishRequest { TopicArn = topicArn, Message = "before restart" }, Token);
        }

        await emulator.RestartAsync();

        using var sqsAfter = Sqs(emulator);
        var url = (await sqsAfter.GetQueueUrlAsync("notifications", Token)).QueueUrl;
        var received = await sqsAfter.ReceiveMessageAsync(new SqsModel.ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }, Token);

        received.Messages.Should().ContainSingle().Which.Body.Should().Be("before restart");
    }

    private static SubscribeRequest Subscription(string topicArn, string queueArn) =>
        new() { TopicArn = topicArn, Protocol = "sqs", Endpoint = queueArn, Attributes = new() { ["RawMessageDelivery"] = "true" } };

    private static AmazonSimpleNotificationServiceClient Sns(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static AmazonSQSClient Sqs(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, emulator.Configure(new AmazonSQSConfig()));
}
