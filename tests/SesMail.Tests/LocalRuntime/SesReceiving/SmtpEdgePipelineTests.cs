using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>The edge against the emulator's real S3, SNS and SQS: the object and the notification as the pipeline reads them.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SmtpEdgePipelineTests(EmulatorFixture emulator)
{
    private const string Region = "ap-northeast-2";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ToEmulator_StoresObjectInS3AndDeliversNotificationThroughSnsToSqs()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var s3 = new AmazonS3Client(EmulatorFixture.Credentials, new AmazonS3Config { ServiceURL = emulator.BaseUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = Region });
        using var sns = new AmazonSimpleNotificationServiceClient(EmulatorFixture.Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = Region });
        using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = Region });
        var bucket = $"edge-pipeline-{suffix}";
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Token);
        var topic = (await sns.CreateTopicAsync(new CreateTopicRequest { Name = $"edge-{suffix}" }, Token)).TopicArn;
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"edge-{suffix}" }, Token)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, Token)).QueueARN;
        await sns.SubscribeAsync(new SubscribeRequest { TopicArn = topic, Protocol = "sqs", Endpoint = queueArn, Attributes = new() { ["RawMessageDelivery"] = "true" } }, Token);
        await using var edge = await SmtpEdgeHarness.StartAsync(emulator, Region, fakeBackends: false, cancellationToken: Token, bucket: bucket, topic: topic);
        var original = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mail", "plain.eml"), Token);

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"], original, Token);

        replies[^2].Should().StartWith("250");
        var messageId = replies[^2].Split(' ')[^1];
        using var stored = await s3.GetObjectAsync(bucket, $"emails/{messageId}", Token);
        using var body = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(body, Token);
        var bytes = body.ToArray();
        bytes.AsSpan()[^original.Length..].ToArray().Should().Equal(original);
        System.Text.Encoding.UTF8.GetString(bytes).Should().StartWith("Return-Path: <sender@origin.test>\r\n");

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 10, MaxNumberOfMessages = 1 }, Token);
        var notification = JsonNode.Parse(received.Messages.Should().ContainSingle().Subject.Body)!;
        notification["notificationType"]!.GetValue<string>().Should().Be("Received");
        notification["mail"]!["messageId"]!.GetValue<string>().Should().Be(messageId);
        notification["receipt"]!["action"]!["bucketName"]!.GetValue<string>().Should().Be(bucket);
        notification["receipt"]!["action"]!["objectKey"]!.GetValue<string>().Should().Be($"emails/{messageId}");
        notification["receipt"]!["action"]!["topicArn"]!.GetValue<string>().Should().Be(topic);
    }

    [Fact]
    public async Task Send_BucketMissing_Gets451()
    {
        await using var edge = await SmtpEdgeHarness.StartAsync(emulator, "eu-north-1", fakeBackends: false, cancellationToken: Token, bucket: $"no-such-bucket-{Guid.NewGuid():N}"[..30]);

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "sender@origin.test", ["support@example.test"],
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mail", "plain.eml"), Token), Token);

        replies[^2].Should().StartWith("451 4.3.0");
    }
}
