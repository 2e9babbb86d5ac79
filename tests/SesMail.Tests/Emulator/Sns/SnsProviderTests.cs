using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sns;

/// <summary>SNS through raw Query HTTP requests, with delivery read back through the SQS SDK client.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SnsProviderTests(EmulatorFixture emulator) : IDisposable
{
    private const string Version = "2010-03-31";
    private readonly QueryHttp _sns = new(emulator.BaseUrl, "sns");
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _sns.Dispose();
        _sqs.Dispose();
    }

    [Fact]
    public async Task CreateTopic_Twice_ReturnsSameArnAndListTopicsHasIt()
    {
        var name = Name("topic");

        var first = await CreateTopicAsync(name);
        var second = await CreateTopicAsync(name);
        var (status, list) = await _sns.PostAsync(("Action", "ListTopics"), ("Version", Version));

        first.Should().Be($"arn:aws:sns:ap-southeast-2:000000000000:{name}");
        second.Should().Be(first);
        status.Should().Be(HttpStatusCode.OK);
        QueryHttp.All(list, "TopicArn").Select(e => e.Value).Should().Contain(first);
        list.Descendants().Should().Contain(e => e.Name.LocalName == "member" && e.Parent!.Name.LocalName == "Topics");
    }

    [Fact]
    public async Task CreateTopic_Fifo_IsRefusedWithInvalidParameter()
    {
        var (status, body) = await _sns.PostAsync(("Action", "CreateTopic"), ("Version", Version), ("Name", Name("f") + ".fifo"));

        status.Should().Be(HttpStatusCode.BadRequest);
        QueryHttp.Value(body, "Code").Should().Be("InvalidParameter");
        QueryHttp.Value(body, "Message").Should().Contain("FIFO");
    }

    [Fact]
    public async Task GetTopicAttributes_MissingTopic_Returns404NotFound()
    {
        var (status, body) = await _sns.PostAsync(("Action", "GetTopicAttributes"), ("Version", Version), ("TopicArn", "arn:aws:sns:ap-southeast-2:000000000000:" + Name("none")));

        status.Should().Be(HttpStatusCode.NotFound);
        QueryHttp.Value(body, "Code").Should().Be("NotFound");
        QueryHttp.Value(body, "RequestId").Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task SetTopicAttributes_DisplayName_IsReturnedByGetTopicAttributes()
    {
        var topic = await CreateTopicAsync(Name("attrs"));

        await _sns.PostAsync(("Action", "SetTopicAttributes"), ("Version", Version), ("TopicArn", topic), ("AttributeName", "DisplayName"), ("AttributeValue", "Mail in"));
        var attributes = await AttributesAsync("GetTopicAttributes", ("TopicArn", topic));

        attributes.Should().Contain(new Dictionary<string, string>
        {
            ["TopicArn"] = topic,
            ["Owner"] = "000000000000",
            ["DisplayName"] = "Mail in",
            ["SubscriptionsConfirmed"] = "0",
        });
        attributes.Should().ContainKey("Policy");
    }

    [Fact]
    public async Task Subscribe_WithRawMessageDelivery_IsReportedBySubscriptionAttributesAndLists()
    {
        var topic = await CreateTopicAsync(Name("sub"));
        var queueArn = await CreateQueueArnAsync("sub");

        var subscription = await SubscribeAsync(topic, queueArn, raw: true);
        var attributes = await AttributesAsync("GetSubscriptionAttributes", ("SubscriptionArn", subscription));
        var (_, byTopic) = await _sns.PostAsync(("Action", "ListSubscriptionsByTopic"), ("Version", Version), ("TopicArn", topic));
        var (_, all) = await _sns.PostAsync(("Action", "ListSubscriptions"), ("Version", Version));

        subscription.Should().StartWith(topic + ":");
        attributes.Should().Contain(new Dictionary<string, string>
        {
            ["SubscriptionArn"] = subscription,
            ["TopicArn"] = topic,
            ["Protocol"] = "sqs",
            ["Endpoint"] = queueArn,
            ["RawMessageDelivery"] = "true",
            ["PendingConfirmation"] = "false",
        });
        QueryHttp.All(byTopic, "SubscriptionArn").Select(e => e.Value).Should().Equal(subscription);
        QueryHttp.Value(byTopic, "Endpoint").Should().Be(queueArn);
        QueryHttp.All(all, "SubscriptionArn").Select(e => e.Value).Should().Contain(subscription);
    }

    [Fact]
    public async Task SetSubscriptionAttributes_RawMessageDelivery_SwitchesDeliveryToRaw()
    {
        var topic = await CreateTopicAsync(Name("switch"));
        var queueArn = await CreateQueueArnAsync("switch");
        var subscription = await SubscribeAsync(topic, queueArn, raw: false);

        var (status, _) = await _sns.PostAsync(("Action", "SetSubscriptionAttributes"), ("Version", Version), ("SubscriptionArn", subscription), ("AttributeName", "RawMessageDelivery"), ("AttributeValue", "true"));
        await PublishAsync(topic, "plain");
        var body = (await ReceiveAsync(queueArn)).Body;

        status.Should().Be(HttpStatusCode.OK);
        body.Should().Be("plain");
    }

    [Fact]
    public async Task Publish_ToEnvelopedSubscription_DeliversDocumentedNotificationFieldByField()
    {
        var topic = await CreateTopicAsync(Name("env"));
        var queueArn = await CreateQueueArnAsync("env");
        var subscription = await SubscribeAsync(topic, queueArn, raw: false);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var messageId = await PublishAsync(topic, "{\"notificationType\":\"Received\"}", subject: "Amazon SES Email Receipt Notification",
            ("MessageAttributes.entry.1.Name", "kind"), ("MessageAttributes.entry.1.Value.DataType", "String"), ("MessageAttributes.entry.1.Value.StringValue", "inbound"),
            ("MessageAttributes.entry.2.Name", "size"), ("MessageAttributes.entry.2.Value.DataType", "Number"), ("MessageAttributes.entry.2.Value.StringValue", "42"),
            ("MessageAttributes.entry.3.Name", "blob"), ("MessageAttributes.entry.3.Value.DataType", "Binary"), ("MessageAttributes.entry.3.Value.BinaryValue", "AAEC"));
        var message = await ReceiveAsync(queueArn);
        using var envelope = JsonDocument.Parse(message.Body);
        var root = envelope.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes");
        root.GetProperty("Type").GetString().Should().Be("Notification");
        root.GetProperty("MessageId").GetString().Should().Be(messageId);
        root.GetProperty("TopicArn").GetString().Should().Be(topic);
        root.GetProperty("Subject").GetString().Should().Be("Amazon SES Email Receipt Notification");
        root.GetProperty("Message").GetString().Should().Be("{\"notificationType\":\"Received\"}");
        var timestamp = root.GetProperty("Timestamp").GetString()!;
        timestamp.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).Should().BeAfter(before);
        root.GetProperty("SignatureVersion").GetString().Should().Be("1");
        root.GetProperty("UnsubscribeURL").GetString().Should().Be($"{emulator.BaseUrl.ToString().TrimEnd('/')}/?Action=Unsubscribe&SubscriptionArn={Uri.EscapeDataString(subscription)}");
        var attributes = root.GetProperty("MessageAttributes");
        attributes.GetProperty("kind").GetProperty("Type").GetString().Should().Be("String");
        attributes.GetProperty("kind").GetProperty("Value").GetString().Should().Be("inbound");
        attributes.GetProperty("size").GetProperty("Type").GetString().Should().Be("Number");
        attributes.GetProperty("size").GetProperty("Value").GetString().Should().Be("42");
        attributes.GetProperty("blob").GetProperty("Type").GetString().Should().Be("Binary");
        attributes.GetProperty("blob").GetProperty("Value").GetString().Should().Be("AAEC");
        (message.MessageAttributes ?? []).Should().BeEmpty("an enveloped delivery carries attributes inside the envelope");

        // The signature verifies against the certificate at SigningCertURL (SignatureVersion 1: SHA1withRSA).
        using var http = new HttpClient();
        var pem = await http.GetStringAsync(new Uri(root.GetProperty("SigningCertURL").GetString()!), Token);
        using var certificate = X509Certificate2.CreateFromPem(pem);
        using var rsa = certificate.GetRSAPublicKey()!;
        var canonical = $"Message\n{root.GetProperty("Message").GetString()}\nMessageId\n{messageId}\nSubject\n{root.GetProperty("Subject").GetString()}\nTimestamp\n{timestamp}\nTopicArn\n{topic}\nType\nNotification\n";
        rsa.VerifyData(Encoding.UTF8.GetBytes(canonical), Convert.FromBase64String(root.GetProperty("Signature").GetString()!), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1)
            .Should().BeTrue();
    }

    [Fact]
    public async Task Publish_WithoutSubject_LeavesSubjectAndAttributesOutOfEnvelope()
    {
        var topic = await CreateTopicAsync(Name("nosubj"));
        var queueArn = await CreateQueueArnAsync("nosubj");
        await SubscribeAsync(topic, queueArn, raw: false);

        await PublishAsync(topic, "hello <world> & ünïcode");
        using var envelope = JsonDocument.Parse((await ReceiveAsync(queueArn)).Body);

        envelope.RootElement.TryGetProperty("Subject", out _).Should().BeFalse();
        envelope.RootElement.TryGetProperty("MessageAttributes", out _).Should().BeFalse();
        envelope.RootElement.GetProperty("Message").GetString().Should().Be("hello <world> & ünïcode");
    }

    [Fact]
    public async Task Publish_ToRawSubscription_DeliversMessageAsBodyWithSqsAttributes()
    {
        var topic = await CreateTopicAsync(Name("raw"));
        var queueArn = await CreateQueueArnAsync("raw");
        await SubscribeAsync(topic, queueArn, raw: true);

        await PublishAsync(topic, "{\"raw\":true}", subject: "ignored for raw",
            ("MessageAttributes.entry.1.Name", "kind"), ("MessageAttributes.entry.1.Value.DataType", "String"), ("MessageAttributes.entry.1.Value.StringValue", "inbound"),
            ("MessageAttributes.entry.2.Name", "blob"), ("MessageAttributes.entry.2.Value.DataType", "Binary"), ("MessageAttributes.entry.2.Value.BinaryValue", "AAEC"));
        var message = await ReceiveAsync(queueArn);

        message.Body.Should().Be("{\"raw\":true}");
        message.MessageAttributes["kind"].DataType.Should().Be("String");
        message.MessageAttributes["kind"].StringValue.Should().Be("inbound");
        message.MessageAttributes["blob"].DataType.Should().Be("Binary");
        message.MessageAttributes["blob"].BinaryValue.ToArray().Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task Publish_WithJsonMessageStructure_DeliversTheSqsEntry()
    {
        var topic = await CreateTopicAsync(Name("struct"));
        var queueArn = await CreateQueueArnAsync("struct");
        await SubscribeAsync(topic, queueArn, raw: true);

        await PublishAsync(topic, "{\"default\":\"for everyone\",\"sqs\":\"for queues\"}", null, ("MessageStructure", "json"));

        (await ReceiveAsync(queueArn)).Body.Should().Be("for queues");
    }

    [Fact]
    public async Task Publish_MissingTopic_Returns404NotFound()
    {
        var (status, body) = await _sns.PostAsync(("Action", "Publish"), ("Version", Version), ("TopicArn", "arn:aws:sns:ap-southeast-2:000000000000:" + Name("gone")), ("Message", "x"));

        status.Should().Be(HttpStatusCode.NotFound);
        QueryHttp.Value(body, "Code").Should().Be("NotFound");
    }

    [Fact]
    public async Task Publish_EmptyMessage_ReturnsInvalidParameter()
    {
        var topic = await CreateTopicAsync(Name("empty"));

        var (status, body) = await _sns.PostAsync(("Action", "Publish"), ("Version", Version), ("TopicArn", topic));

        status.Should().Be(HttpStatusCode.BadRequest);
        QueryHttp.Value(body, "Code").Should().Be("InvalidParameter");
    }

    [Fact]
    public async Task PublishBatch_TwoEntries_DeliversBoth()
    {
        var topic = await CreateTopicAsync(Name("batch"));
        var queueArn = await CreateQueueArnAsync("batch");
        await SubscribeAsync(topic, queueArn, raw: true);

        var (status, body) = await _sns.PostAsync(("Action", "PublishBatch"), ("Version", Version), ("TopicArn", topic),
            ("PublishBatchRequestEntries.member.1.Id", "a"), ("PublishBatchRequestEntries.member.1.Message", "one"),
            ("PublishBatchRequestEntries.member.2.Id", "b"), ("PublishBatchRequestEntries.member.2.Message", "two"));
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = UrlOf(queueArn), MaxNumberOfMessages = 10, WaitTimeSeconds = 2 }, Token);

        status.Should().Be(HttpStatusCode.OK);
        QueryHttp.All(body, "Id").Select(e => e.Value).Should().BeEquivalentTo(["a", "b"]);
        received.Messages.Select(m => m.Body).Should().BeEquivalentTo(["one", "two"]);
    }

    [Fact]
    public async Task Unsubscribe_ThenPublish_DeliversNothing()
    {
        var topic = await CreateTopicAsync(Name("unsub"));
        var queueArn = await CreateQueueArnAsync("unsub");
        var subscription = await SubscribeAsync(topic, queueArn, raw: true);

        var (status, _) = await _sns.PostAsync(("Action", "Unsubscribe"), ("Version", Version), ("SubscriptionArn", subscription));
        await PublishAsync(topic, "nobody home");
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = UrlOf(queueArn) }, Token);
        var (again, body) = await _sns.PostAsync(("Action", "GetSubscriptionAttributes"), ("Version", Version), ("SubscriptionArn", subscription));

        status.Should().Be(HttpStatusCode.OK);
        (received.Messages ?? []).Should().BeEmpty();
        again.Should().Be(HttpStatusCode.NotFound);
        QueryHttp.Value(body, "Code").Should().Be("NotFound");
    }

    [Fact]
    public async Task DeleteTopic_WithSubscription_RemovesTopicAndSubscriptions()
    {
        var topic = await CreateTopicAsync(Name("del"));
        var subscription = await SubscribeAsync(topic, await CreateQueueArnAsync("del"), raw: false);

        var (status, _) = await _sns.PostAsync(("Action", "DeleteTopic"), ("Version", Version), ("TopicArn", topic));
        var (topicStatus, _) = await _sns.PostAsync(("Action", "GetTopicAttributes"), ("Version", Version), ("TopicArn", topic));
        var (subscriptionStatus, _) = await _sns.PostAsync(("Action", "GetSubscriptionAttributes"), ("Version", Version), ("SubscriptionArn", subscription));

        status.Should().Be(HttpStatusCode.OK);
        topicStatus.Should().Be(HttpStatusCode.NotFound);
        subscriptionStatus.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TagResource_ThenUntag_ListTagsForResourceReflectsBoth()
    {
        var topic = await CreateTopicAsync(Name("tags"));

        await _sns.PostAsync(("Action", "TagResource"), ("Version", Version), ("ResourceArn", topic),
            ("Tags.member.1.Key", "env"), ("Tags.member.1.Value", "test"), ("Tags.member.2.Key", "team"), ("Tags.member.2.Value", "mail"));
        await _sns.PostAsync(("Action", "UntagResource"), ("Version", Version), ("ResourceArn", topic), ("TagKeys.member.1", "team"));
        var (_, body) = await _sns.PostAsync(("Action", "ListTagsForResource"), ("Version", Version), ("ResourceArn", topic));

        QueryHttp.All(body, "Key").Select(e => e.Value).Should().Equal("env");
        QueryHttp.Value(body, "Value").Should().Be("test");
    }

    private static string Name(string hint) => $"{hint}-{Guid.NewGuid():N}";

    private async Task<string> CreateTopicAsync(string name)
    {
        var (status, body) = await _sns.PostAsync(("Action", "CreateTopic"), ("Version", Version), ("Name", name));
        status.Should().Be(HttpStatusCode.OK);
        return QueryHttp.Value(body, "TopicArn")!;
    }

    private async Task<string> CreateQueueArnAsync(string hint)
    {
        var url = (await _sqs.CreateQueueAsync(Name(hint), Token)).QueueUrl;
        return (await _sqs.GetQueueAttributesAsync(url, ["QueueArn"], Token)).QueueARN;
    }

    private string UrlOf(string queueArn) => $"{emulator.BaseUrl}000000000000/{queueArn.Split(':')[^1]}";

    private async Task<string> SubscribeAsync(string topic, string queueArn, bool raw)
    {
        var (status, body) = await _sns.PostAsync(("Action", "Subscribe"), ("Version", Version), ("TopicArn", topic), ("Protocol", "sqs"), ("Endpoint", queueArn),
            ("Attributes.entry.1.key", "RawMessageDelivery"), ("Attributes.entry.1.value", raw ? "true" : "false"), ("ReturnSubscriptionArn", "true"));
        status.Should().Be(HttpStatusCode.OK);
        return QueryHttp.Value(body, "SubscriptionArn")!;
    }

    private async Task<string> PublishAsync(string topic, string message, string? subject = null, params (string, string)[] extra)
    {
        (string, string)[] parameters = [("Action", "Publish"), ("Version", Version), ("TopicArn", topic), ("Message", message), .. subject is null ? [] : new[] { ("Subject", subject) }, .. extra];
        var (status, body) = await _sns.PostAsync(parameters);
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        return QueryHttp.Value(body, "MessageId")!;
    }

    private async Task<Message> ReceiveAsync(string queueArn)
    {
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = UrlOf(queueArn), WaitTimeSeconds = 2, MessageAttributeNames = ["All"] }, Token);
        return received.Messages.Should().ContainSingle().Subject;
    }

    private async Task<Dictionary<string, string>> AttributesAsync(string action, (string, string) arn)
    {
        var (status, body) = await _sns.PostAsync(("Action", action), ("Version", Version), arn);
        status.Should().Be(HttpStatusCode.OK);
        return QueryHttp.All(body, "entry").ToDictionary(e => QueryHttp.Value(e, "key")!, e => QueryHttp.Value(e, "value")!);
    }
}
