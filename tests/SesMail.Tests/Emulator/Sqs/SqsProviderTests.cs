using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sqs;

/// <summary>SQS through the AWS SDK for .NET v4 (JSON 1.0 protocol); the SDK verifies every MD5 it receives.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SqsProviderTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _sqs.Dispose();

    [Fact]
    public async Task CreateQueue_WithAttributes_StoresThemAndReportsArn()
    {
        var dlq = await CreateAsync("dlq");
        var dlqArn = await ArnAsync(dlq);
        var name = Name("attrs");

        var created = await _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new()
            {
                ["VisibilityTimeout"] = "45",
                ["MessageRetentionPeriod"] = "3600",
                ["ReceiveMessageWaitTimeSeconds"] = "2",
                ["DelaySeconds"] = "1",
                ["Policy"] = "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"3\"}}",
            },
        }, Token);
        var attributes = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = created.QueueUrl, AttributeNames = ["All"] }, Token)).Attributes;

        created.QueueUrl.Should().Be($"{emulator.BaseUrl.ToString().TrimEnd('/')}/000000000000/{name}");
        attributes.Should().Contain(new Dictionary<string, string>
        {
            ["QueueArn"] = $"arn:aws:sqs:ap-southeast-2:000000000000:{name}",
            ["VisibilityTimeout"] = "45",
            ["MessageRetentionPeriod"] = "3600",
            ["ReceiveMessageWaitTimeSeconds"] = "2",
            ["DelaySeconds"] = "1",
            ["ApproximateNumberOfMessages"] = "0",
            ["ApproximateNumberOfMessagesNotVisible"] = "0",
            ["ApproximateNumberOfMessagesDelayed"] = "0",
            ["Policy"] = "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":3}}",
        });
        long.Parse(attributes["CreatedTimestamp"], System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60);
    }

    [Fact]
    public async Task CreateQueue_ExistingNameSameAttributes_ReturnsSameUrl()
    {
        var name = Name("idem");
        var first = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "10" } }, Token);

        var second = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "10" } }, Token);

        second.QueueUrl.Should().Be(first.QueueUrl);
    }

    [Fact]
    public async Task CreateQueue_ExistingNameDifferentAttributes_ThrowsQueueNameExists()
    {
        var name = Name("clash");
        await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "10" } }, Token);

        var act = () => _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "11" } }, Token);

        await act.Should().ThrowAsync<QueueNameExistsException>();
    }

    [Fact]
    public async Task CreateQueue_Fifo_ThrowsUnsupportedOperationSayingWhy()
    {
        var act = () => _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = Name("f") + ".fifo", Attributes = new() { ["FifoQueue"] = "true" } }, Token);

        (await act.Should().ThrowAsync<UnsupportedOperationException>()).Which.Message.Should().Contain("FIFO");
    }

    [Fact]
    public async Task CreateQueue_UnknownAttribute_ThrowsInvalidAttributeName()
    {
        var act = () => _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = Name("bad"), Attributes = new() { ["Colour"] = "blue" } }, Token);

        await act.Should().ThrowAsync<InvalidAttributeNameException>();
    }

    [Fact]
    public async Task CreateQueue_RedriveToMissingQueue_ThrowsInvalidParameterValue()
    {
        var act = () => _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = Name("orphan"),
            Attributes = new() { ["RedrivePolicy"] = "{\"deadLetterTargetArn\":\"arn:aws:sqs:ap-southeast-2:000000000000:nothing-here\",\"maxReceiveCount\":3}" },
        }, Token);

        (await act.Should().ThrowAsync<AmazonSQSException>()).Which.ErrorCode.Should().Be("InvalidParameterValue");
    }

    [Fact]
    public async Task GetQueueUrl_ExistingQueue_ReturnsUrl()
    {
        var url = await CreateAsync("url");

        var result = await _sqs.GetQueueUrlAsync(url.Split('/')[^1], Token);

        result.QueueUrl.Should().Be(url);
    }

    [Fact]
    public async Task GetQueueUrl_MissingQueue_ThrowsQueueDoesNotExist()
    {
        var act = () => _sqs.GetQueueUrlAsync(Name("missing"), Token);

        await act.Should().ThrowAsync<QueueDoesNotExistException>();
    }

    [Fact]
    public async Task ListQueues_WithPrefix_ReturnsOnlyMatchingQueues()
    {
        var prefix = Name("list");
        var a = await CreateAsync(prefix + "-a", exact: true);
        var b = await CreateAsync(prefix + "-b", exact: true);
        await CreateAsync("other");

        var result = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix }, Token);
        var paged = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1 }, Token);
        var rest = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1, NextToken = paged.NextToken }, Token);

        result.QueueUrls.Should().Equal(a, b);
        paged.QueueUrls.Should().Equal(a);
        rest.QueueUrls.Should().Equal(b);
    }

    [Fact]
    public async Task SendMessage_WithAttributes_ReturnsAwsMd5sAndReceiveReturnsThem()
    {
        var url = await CreateAsync("md5");
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["text"] = new() { DataType = "String", StringValue = "héllo wörld" },
            ["count"] = new() { DataType = "Number", StringValue = "42" },
            ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 2, 255]) },
            ["custom"] = new() { DataType = "String.trace", StringValue = "x" },
        };

        var sent = await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "body ✉", MessageAttributes = attributes }, Token);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageAttributeNames = ["All"] }, Token);

        sent.MD5OfMessageBody.Should().Be(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("body ✉"))));
        sent.MD5OfMessageAttributes.Should().NotBeNullOrEmpty(); // the SDK has already checked it against its own computation
        var message = received.Messages.Should().ContainSingle().Subject;
        message.MessageId.Should().Be(sent.MessageId);
        message.Body.Should().Be("body ✉");
        message.MD5OfBody.Should().Be(sent.MD5OfMessageBody);
        message.MD5OfMessageAttributes.Should().Be(sent.MD5OfMessageAttributes);
        message.MessageAttributes.Keys.Should().BeEquivalentTo(["text", "count", "blob", "custom"]);
        message.MessageAttributes["text"].StringValue.Should().Be("héllo wörld");
        message.MessageAttributes["count"].DataType.Should().Be("Number");
        message.MessageAttributes["blob"].BinaryValue.ToArray().Should().Equal(0, 1, 2, 255);
    }

    [Fact]
    public async Task ReceiveMessage_WithAttributeNameFilter_ReturnsOnlyMatchingAttributes()
    {
        var url = await CreateAsync("filter");
        await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = "b",
            MessageAttributes = new()
            {
                ["trace.id"] = new() { DataType = "String", StringValue = "1" },
                ["trace.span"] = new() { DataType = "String", StringValue = "2" },
                ["other"] = new() { DataType = "String", StringValue = "3" },
            },
        }, Token);

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageAttributeNames = ["trace.*"] }, Token);

        received.Messages.Single().MessageAttributes.Keys.Should().BeEquivalentTo(["trace.id", "trace.span"]);
    }

    [Fact]
    public async Task ReceiveMessage_WithSystemAttributeNames_ReturnsCountsAndTimestamps()
    {
        var url = await CreateAsync("sys");
        await _sqs.SendMessageAsync(url, "one", Token);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0, MessageSystemAttributeNames = ["All"] }, Token);
        var second = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"] }, Token);

        var a = first.Messages.Single().Attributes;
        a["ApproximateReceiveCount"].Should().Be("1");
        long.Parse(a["SentTimestamp"], System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(before, 10_000);
        long.Parse(a["ApproximateFirstReceiveTimestamp"], System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(before, 10_000);
        a["SenderId"].Should().Be("AKIDSESMAILTEST");
        second.Messages.Single().Attributes.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["ApproximateReceiveCount"] = "2",
            ["SentTimestamp"] = a["SentTimestamp"],
        });
    }

    [Fact]
    public async Task ReceiveMessage_WhileInFlight_HidesMessageUntilVisibilityTimeoutExpires()
    {
        var url = await CreateAsync("vis");
        await _sqs.SendMessageAsync(url, "hide me", Token);

        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 1 }, Token);
        var during = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Token);
        var after = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5 }, Token);

        first.Messages.Should().ContainSingle();
        (during.Messages ?? []).Should().BeEmpty();
        after.Messages.Should().ContainSingle().Which.MessageId.Should().Be(first.Messages[0].MessageId);
        after.Messages[0].ReceiptHandle.Should().NotBe(first.Messages[0].ReceiptHandle);
    }

    [Fact]
    public async Task ReceiveMessage_MaxNumberOfMessages_ReturnsAtMostThatMany()
    {
        var url = await CreateAsync("max");
        for (var i = 0; i < 7; i++)
        {
            await _sqs.SendMessageAsync(url, $"m{i}", Token);
        }

        var five = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 5 }, Token);
        var rest = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 }, Token);

        five.Messages.Should().HaveCount(5);
        rest.Messages.Should().HaveCount(2);
    }

    [Fact]
    public async Task ReceiveMessage_LongPoll_ReturnsPromptlyAfterSend()
    {
        var url = await CreateAsync("long");
        var stopwatch = Stopwatch.StartNew();
        var receive = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 }, Token);
        await Task.Delay(300, Token);
        var sentAt = stopwatch.Elapsed;

        await _sqs.SendMessageAsync(url, "wake up", Token);
        var received = await receive;
        var latency = stopwatch.Elapsed - sentAt;

        received.Messages.Should().ContainSingle().Which.Body.Should().Be("wake up");
        latency.Should().BeLessThan(TimeSpan.FromSeconds(3), "a long poll wakes on send, not at the end of its 20 s wait");
    }

    [Fact]
    public async Task ReceiveMessage_LongPollOnEmptyQueue_WaitsThenReturnsEmpty()
    {
        var url = await CreateAsync("empty");
        var stopwatch = Stopwatch.StartNew();

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }, Token);

        (received.Messages ?? []).Should().BeEmpty();
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task ReceiveMessage_AfterMaxReceives_MovesToDeadLetterQueue()
    {
        var dlq = await CreateAsync("redrive-dlq");
        var url = await CreateAsync("redrive", new() { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{await ArnAsync(dlq)}\",\"maxReceiveCount\":2}}" });
        var sent = await _sqs.SendMessageAsync(url, "poison", Token);

        var one = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }, Token);
        var two = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }, Token);
        var three = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Token);
        var dead = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq, WaitTimeSeconds = 5 }, Token);

        one.Messages.Should().ContainSingle();
        two.Messages.Should().ContainSingle();
        (three.Messages ?? []).Should().BeEmpty();
        dead.Messages.Should().ContainSingle().Which.MessageId.Should().Be(sent.MessageId);
        dead.Messages[0].Body.Should().Be("poison");
    }

    [Fact]
    public async Task ReceiveMessage_AfterMaxReceivesWithoutFurtherPolling_SweepMovesToDeadLetterQueue()
    {
        var dlq = await CreateAsync("sweep-dlq");
        var url = await CreateAsync("sweep", new() { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{await ArnAsync(dlq)}\",\"maxReceiveCount\":1}}" });
        await _sqs.SendMessageAsync(url, "poison", Token);
        await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }, Token);

        var dead = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq, WaitTimeSeconds = 5 }, Token);

        dead.Messages.Should().ContainSingle().Which.Body.Should().Be("poison");
    }

    [Fact]
    public async Task DeleteMessage_WithReceiptHandle_RemovesMessage()
    {
        var url = await CreateAsync("del");
        await _sqs.SendMessageAsync(url, "bye", Token);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 0 }, Token);

        await _sqs.DeleteMessageAsync(url, received.Messages[0].ReceiptHandle, Token);
        var again = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Token);

        (again.Messages ?? []).Should().BeEmpty();
        (await CountsAsync(url)).Should().Be((0, 0, 0));
    }

    [Fact]
    public async Task DeleteMessage_MalformedReceiptHandle_ThrowsReceiptHandleIsInvalid()
    {
        var url = await CreateAsync("badhandle");

        var act = () => _sqs.DeleteMessageAsync(url, "not-a-receipt-handle", Token);

        await act.Should().ThrowAsync<ReceiptHandleIsInvalidException>();
    }

    [Fact]
    public async Task DeleteMessage_MissingQueue_ThrowsQueueDoesNotExist()
    {
        var act = () => _sqs.DeleteMessageAsync($"{emulator.BaseUrl}000000000000/{Name("gone")}", "x", Token);

        await act.Should().ThrowAsync<QueueDoesNotExistException>();
    }

    [Fact]
    public async Task SendMessageBatch_ThenDeleteMessageBatch_HandlesEveryEntry()
    {
        var url = await CreateAsync("batch");

        var sent = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = url,
            Entries =
            [
                new() { Id = "a", MessageBody = "first", MessageAttributes = new() { ["k"] = new() { DataType = "String", StringValue = "v" } } },
                new() { Id = "b", MessageBody = "second", DelaySeconds = 0 },
                new() { Id = "c", MessageBody = "third", MessageAttributes = new() { ["bad"] = new() { DataType = "Colour", StringValue = "v" } } },
            ],
        }, Token);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10 }, Token);
        var deleted = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
        {
            QueueUrl = url,
            Entries = [.. received.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry($"d{i}", m.ReceiptHandle)), new DeleteMessageBatchRequestEntry("junk", "junk")],
        }, Token);

        sent.Successful.Select(s => s.Id).Should().BeEquivalentTo(["a", "b"]);
        sent.Failed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Id = "c", SenderFault = true, Code = "InvalidParameterValue" });
        received.Messages.Select(m => m.Body).Should().BeEquivalentTo(["first", "second"]);
        deleted.Successful.Should().HaveCount(2);
        deleted.Failed.Should().ContainSingle().Which.Code.Should().Be("ReceiptHandleIsInvalid");
        (await CountsAsync(url)).Should().Be((0, 0, 0));
    }

    [Fact]
    public async Task SendMessageBatch_DuplicateIds_ThrowsBatchEntryIdsNotDistinct()
    {
        var url = await CreateAsync("dupes");

        var act = () => _sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = [new() { Id = "x", MessageBody = "1" }, new() { Id = "x", MessageBody = "2" }] }, Token);

        await act.Should().ThrowAsync<BatchEntryIdsNotDistinctException>();
    }

    [Fact]
    public async Task ChangeMessageVisibility_ToZero_MakesMessageReceivableAgain()
    {
        var url = await CreateAsync("cmv");
        await _sqs.SendMessageAsync(url, "again", Token);
        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 600 }, Token);

        await _sqs.ChangeMessageVisibilityAsync(url, first.Messages[0].ReceiptHandle, 0, Token);
        var second = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 600 }, Token);
        var batch = await _sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
        {
            QueueUrl = url,
            Entries = [new() { Id = "now", ReceiptHandle = second.Messages[0].ReceiptHandle, VisibilityTimeout = 0 }, new() { Id = "stale", ReceiptHandle = first.Messages[0].ReceiptHandle, VisibilityTimeout = 0 }],
        }, Token);
        var third = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Token);

        second.Messages.Should().ContainSingle();
        batch.Successful.Should().ContainSingle().Which.Id.Should().Be("now");
        batch.Failed.Should().ContainSingle().Which.Id.Should().Be("stale");
        third.Messages.Should().ContainSingle();
    }

    [Fact]
    public async Task ChangeMessageVisibility_DeletedMessage_ThrowsMessageNotInflight()
    {
        var url = await CreateAsync("notinflight");
        await _sqs.SendMessageAsync(url, "x", Token);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Token);
        await _sqs.DeleteMessageAsync(url, received.Messages[0].ReceiptHandle, Token);

        var act = () => _sqs.ChangeMessageVisibilityAsync(url, received.Messages[0].ReceiptHandle, 10, Token);

        await act.Should().ThrowAsync<MessageNotInflightException>();
    }

    [Fact]
    public async Task SendMessage_WithDelay_CountsAsDelayedUntilDue()
    {
        var url = await CreateAsync("delay");

        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "later", DelaySeconds = 1 }, Token);
        var counts = await CountsAsync(url);
        var early = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url }, Token);
        var due = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5 }, Token);

        counts.Should().Be((0, 0, 1));
        (early.Messages ?? []).Should().BeEmpty();
        due.Messages.Should().ContainSingle().Which.Body.Should().Be("later");
        (await CountsAsync(url)).Should().Be((0, 1, 0));
    }

    [Fact]
    public async Task SendMessage_EmptyBody_ThrowsMissingParameter()
    {
        var url = await CreateAsync("emptybody");

        var act = () => _sqs.SendMessageAsync(url, string.Empty, Token);

        (await act.Should().ThrowAsync<AmazonSQSException>()).Which.ErrorCode.Should().Be("MissingParameter");
    }

    [Fact]
    public async Task SendMessage_InvalidCharacters_ThrowsInvalidMessageContents()
    {
        var url = await CreateAsync("badchars");

        var act = () => _sqs.SendMessageAsync(url, "bell\u0007", Token);

        await act.Should().ThrowAsync<InvalidMessageContentsException>();
    }

    [Fact]
    public async Task SetQueueAttributes_NewVisibilityTimeout_IsReported()
    {
        var url = await CreateAsync("set");

        await _sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "99", ["DelaySeconds"] = "3" }, Token);
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["VisibilityTimeout", "DelaySeconds"], Token);

        attributes.Attributes.Should().BeEquivalentTo(new Dictionary<string, string> { ["VisibilityTimeout"] = "99", ["DelaySeconds"] = "3" });
    }

    [Fact]
    public async Task SetQueueAttributes_OutOfRange_ThrowsInvalidAttributeValue()
    {
        var url = await CreateAsync("range");

        var act = () => _sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "99999" }, Token);

        await act.Should().ThrowAsync<InvalidAttributeValueException>();
    }

    [Fact]
    public async Task PurgeQueue_WithMessages_EmptiesQueue()
    {
        var url = await CreateAsync("purge");
        await _sqs.SendMessageAsync(url, "1", Token);
        await _sqs.SendMessageAsync(url, "2", Token);

        await _sqs.PurgeQueueAsync(url, Token);

        (await CountsAsync(url)).Should().Be((0, 0, 0));
    }

    [Fact]
    public async Task DeleteQueue_ThenSend_ThrowsQueueDoesNotExist()
    {
        var url = await CreateAsync("doomed");

        await _sqs.DeleteQueueAsync(url, Token);
        var act = () => _sqs.SendMessageAsync(url, "late", Token);

        await act.Should().ThrowAsync<QueueDoesNotExistException>();
    }

    [Fact]
    public async Task TagQueue_ThenUntag_ListQueueTagsReflectsBoth()
    {
        var url = await CreateAsync("tags");

        await _sqs.TagQueueAsync(new TagQueueRequest { QueueUrl = url, Tags = new() { ["env"] = "test", ["team"] = "mail" } }, Token);
        await _sqs.UntagQueueAsync(new UntagQueueRequest { QueueUrl = url, TagKeys = ["team"] }, Token);
        var tags = await _sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url }, Token);

        tags.Tags.Should().BeEquivalentTo(new Dictionary<string, string> { ["env"] = "test" });
    }

    [Fact]
    public async Task AddPermission_TwoLabels_GetQueueAttributesReturnsPolicyWithBothStatements()
    {
        var url = await CreateAsync("perm");
        var arn = await ArnAsync(url);

        await _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "send", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"] }, Token);
        await _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "all_2", AWSAccountIds = ["111122223333", "444455556666"], Actions = ["*", "ReceiveMessage"] }, Token);
        var policy = await PolicyAsync(url);

        policy!["Version"]!.GetValue<string>().Should().Be("2012-10-17");
        policy["Id"]!.GetValue<string>().Should().Be($"{arn}/SQSDefaultPolicy");
        policy["Statement"]!.ToJsonString().Should().Be(
            "[{\"Sid\":\"send\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"SQS:SendMessage\",\"Resource\":\"" + arn + "\"}," +
            "{\"Sid\":\"all_2\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"arn:aws:iam::444455556666:root\"]},\"Action\":[\"SQS:*\",\"SQS:ReceiveMessage\"],\"Resource\":\"" + arn + "\"}]");
    }

    [Fact]
    public async Task RemovePermission_EachLabel_RemovesItsStatementAndTheLastRemovesThePolicy()
    {
        var url = await CreateAsync("perm-rm");
        await _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "a", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"] }, Token);
        await _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "b", AWSAccountIds = ["111122223333"], Actions = ["DeleteMessage"] }, Token);

        await _sqs.RemovePermissionAsync(new RemovePermissionRequest { QueueUrl = url, Label = "a" }, Token);
        var afterOne = await PolicyAsync(url);
        await _sqs.RemovePermissionAsync(new RemovePermissionRequest { QueueUrl = url, Label = "b" }, Token);
        var afterBoth = await PolicyAsync(url);

        afterOne!["Statement"]!.AsArray().Select(s => s!["Sid"]!.GetValue<string>()).Should().Equal("b");
        afterBoth.Should().BeNull();
    }

    [Fact]
    public async Task AddPermission_PolicySetWithSetQueueAttributes_KeepsItsStatement()
    {
        const string own = "{\"Version\":\"2012-10-17\",\"Id\":\"mine\",\"Statement\":{\"Sid\":\"sns\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}}";
        var url = await CreateAsync("perm-own", new() { ["Policy"] = own });

        await _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "added", AWSAccountIds = ["111122223333"], Actions = ["GetQueueUrl"] }, Token);
        var policy = await PolicyAsync(url);

        policy!["Id"]!.GetValue<string>().Should().Be("mine");
        policy["Statement"]!.AsArray().Select(s => s!["Sid"]!.GetValue<string>()).Should().Equal("sns", "added");
        policy["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>().Should().Be("sns.amazonaws.com");
    }

    [Fact]
    public async Task AddPermission_LabelAlreadyInPolicy_FailsWithInvalidParameterValue()
    {
        var url = await CreateAsync("perm-dup");
        var request = new AddPermissionRequest { QueueUrl = url, Label = "twice", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"] };
        await _sqs.AddPermissionAsync(request, Token);

        var act = () => _sqs.AddPermissionAsync(request, Token);

        var error = (await act.Should().ThrowAsync<AmazonSQSException>()).Which;
        error.ErrorCode.Should().Be("InvalidParameterValue");
        error.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        error.Message.Should().Be("Value twice for parameter Label is invalid. Reason: Already exists.");
    }

    [Fact]
    public async Task RemovePermission_UnknownLabel_FailsWithInvalidParameterValue()
    {
        var url = await CreateAsync("perm-none");

        var act = () => _sqs.RemovePermissionAsync(new RemovePermissionRequest { QueueUrl = url, Label = "nothing" }, Token);

        var error = (await act.Should().ThrowAsync<AmazonSQSException>()).Which;
        error.ErrorCode.Should().Be("InvalidParameterValue");
        error.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        error.Message.Should().Be("Value nothing for parameter Label is invalid. Reason: can't find label on existing policy.");
    }

    [Fact]
    public async Task AddPermission_EightActions_FailsWithOverLimit()
    {
        var url = await CreateAsync("perm-acts");

        var act = () => _sqs.AddPermissionAsync(new AddPermissionRequest
        {
            QueueUrl = url,
            Label = "many",
            AWSAccountIds = ["111122223333"],
            Actions = ["ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage"],
        }, Token);

        var error = (await act.Should().ThrowAsync<OverLimitException>()).Which;
        error.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
        error.Message.Should().Be("8 Actions were found, maximum allowed is 7.");
        (await PolicyAsync(url)).Should().BeNull();
    }

    [Fact]
    public async Task AddPermission_TwentyFirstStatement_FailsWithOverLimitAndKeepsTwenty()
    {
        var url = await CreateAsync("perm-stmts");
        for (var i = 0; i < 20; i++)
        {
            await _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = $"s{i}", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"] }, Token);
        }

        var act = () => _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "s20", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"] }, Token);

        var error = (await act.Should().ThrowAsync<OverLimitException>()).Which;
        error.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
        (await PolicyAsync(url))!["Statement"]!.AsArray().Should().HaveCount(20);
    }

    [Theory]
    [InlineData("bad label", "111122223333", "SendMessage", "Value bad label for parameter Label is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.")]
    [InlineData("ok", "12345", "SendMessage", "Value [12345] for parameter PrincipalId is invalid. Reason: Unable to verify.")]
    [InlineData("ok", "111122223333", "DeleteQueue", "Value SQS:DeleteQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.")]
    [InlineData("ok", "111122223333", "Fly", "Value SQS:Fly for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.")]
    public async Task AddPermission_InvalidMember_FailsWithInvalidParameterValue(string label, string account, string action, string message)
    {
        var url = await CreateAsync("perm-bad");

        var act = () => _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = label, AWSAccountIds = [account], Actions = [action] }, Token);

        var error = (await act.Should().ThrowAsync<AmazonSQSException>()).Which;
        error.ErrorCode.Should().Be("InvalidParameterValue");
        error.Message.Should().Be(message);
    }

    [Fact]
    public async Task AddPermission_MissingQueue_FailsWithQueueDoesNotExist()
    {
        var url = $"{emulator.BaseUrl.ToString().TrimEnd('/')}/000000000000/{Name("perm-gone")}";

        var act = () => _sqs.AddPermissionAsync(new AddPermissionRequest { QueueUrl = url, Label = "x", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"] }, Token);

        await act.Should().ThrowAsync<QueueDoesNotExistException>();
    }

    [Fact]
    public async Task ReceiveMessage_ConcurrentConsumers_DeliverEveryMessageExactlyOnce()
    {
        const int count = 200;
        var url = await CreateAsync("concurrent", new() { ["VisibilityTimeout"] = "60" });
        for (var i = 0; i < count; i += 10)
        {
            await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = url,
                Entries = [.. Enumerable.Range(i, 10).Select(n => new SendMessageBatchRequestEntry($"e{n}", $"message-{n}"))],
            }, Token);
        }

        var seen = new ConcurrentBag<string>();
        async Task ConsumeAsync()
        {
            using var client = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
            while (true)
            {
                var batch = await client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Token);
                if (batch.Messages is not { Count: > 0 })
                {
                    return;
                }

                foreach (var message in batch.Messages)
                {
                    seen.Add(message.Body);
                    await client.DeleteMessageAsync(url, message.ReceiptHandle, Token);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(ConsumeAsync, Token)));

        seen.Should().HaveCount(count).And.OnlyHaveUniqueItems();
        seen.Should().BeEquivalentTo(Enumerable.Range(0, count).Select(n => $"message-{n}"));
        (await CountsAsync(url)).Should().Be((0, 0, 0));
    }

    private static string Name(string hint) => $"{hint}-{Guid.NewGuid():N}"[..Math.Min(hint.Length + 13, 80)];

    private async Task<string> CreateAsync(string hint, Dictionary<string, string>? attributes = null, bool exact = false) =>
        (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = exact ? hint : Name(hint), Attributes = attributes ?? [] }, Token)).QueueUrl;

    private async Task<string> ArnAsync(string url) =>
        (await _sqs.GetQueueAttributesAsync(url, ["QueueArn"], Token)).QueueARN;

    private async Task<System.Text.Json.Nodes.JsonObject?> PolicyAsync(string url) =>
        (await _sqs.GetQueueAttributesAsync(url, ["Policy"], Token)).Attributes is { } a && a.TryGetValue("Policy", out var policy)
            ? System.Text.Json.Nodes.JsonNode.Parse(policy)!.AsObject()
            : null;

    private async Task<(int Visible, int NotVisible, int Delayed)> CountsAsync(string url)
    {
        var a = await _sqs.GetQueueAttributesAsync(url, ["All"], Token);
        return (a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible, a.ApproximateNumberOfMessagesDelayed);
    }
}
