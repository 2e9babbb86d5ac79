using System.Text.Json;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sqs;

/// <summary>SQS through the AWS CLI v2 (2.9 speaks the Query protocol to SQS), including its error cases.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SqsCliTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task QueueLifecycle_WithCli_CreatesListsDescribesAndDeletes()
    {
        var name = Name("cli-life");

        var created = await RunJsonAsync("sqs", "create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=40,DelaySeconds=0");
        var url = created.GetProperty("QueueUrl").GetString()!;
        var byName = await RunJsonAsync("sqs", "get-queue-url", "--queue-name", name);
        var listed = await RunJsonAsync("sqs", "list-queues", "--queue-name-prefix", name);
        await RunAsync("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "MessageRetentionPeriod=7200");
        var attributes = await RunJsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All");
        await RunAsync("sqs", "delete-queue", "--queue-url", url);
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "sqs", "get-queue-url", "--queue-name", name);

        url.Should().EndWith($"/000000000000/{name}");
        byName.GetProperty("QueueUrl").GetString().Should().Be(url);
        listed.GetProperty("QueueUrls").EnumerateArray().Select(e => e.GetString()).Should().Equal(url);
        var a = attributes.GetProperty("Attributes");
        a.GetProperty("VisibilityTimeout").GetString().Should().Be("40");
        a.GetProperty("MessageRetentionPeriod").GetString().Should().Be("7200");
        a.GetProperty("QueueArn").GetString().Should().Be($"arn:aws:sqs:ap-southeast-2:000000000000:{name}");
        exit.Should().NotBe(0);
        error.Should().Contain("AWS.SimpleQueueService.NonExistentQueue");
    }

    [Fact]
    public async Task Messages_WithCli_SendReceiveChangeVisibilityAndDelete()
    {
        var url = await CreateAsync("cli-msg");

        var sent = await RunJsonAsync("sqs", "send-message", "--queue-url", url, "--message-body", "hello cli",
            "--message-attributes", "{\"k\":{\"DataType\":\"String\",\"StringValue\":\"v\"},\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC\"}}");
        var received = await RunJsonAsync("sqs", "receive-message", "--queue-url", url, "--attribute-names", "All", "--message-attribute-names", "All", "--visibility-timeout", "600");
        var message = received.GetProperty("Messages")[0];
        var handle = message.GetProperty("ReceiptHandle").GetString()!;
        await RunAsync("sqs", "change-message-visibility", "--queue-url", url, "--receipt-handle", handle, "--visibility-timeout", "0");
        var again = await RunJsonAsync("sqs", "receive-message", "--queue-url", url);
        var handle2 = again.GetProperty("Messages")[0].GetProperty("ReceiptHandle").GetString()!;
        await RunAsync("sqs", "delete-message", "--queue-url", url, "--receipt-handle", handle2);
        var counts = await RunJsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible");

        sent.GetProperty("MD5OfMessageBody").GetString().Should().Be("51fbb7d1f8b541b25919b84d90e6b454");
        message.GetProperty("Body").GetString().Should().Be("hello cli");
        message.GetProperty("MessageId").GetString().Should().Be(sent.GetProperty("MessageId").GetString());
        message.GetProperty("MD5OfMessageAttributes").GetString().Should().Be(sent.GetProperty("MD5OfMessageAttributes").GetString());
        message.GetProperty("MessageAttributes").GetProperty("k").GetProperty("StringValue").GetString().Should().Be("v");
        message.GetProperty("MessageAttributes").GetProperty("b").GetProperty("BinaryValue").GetString().Should().Be("AAEC");
        message.GetProperty("Attributes").GetProperty("ApproximateReceiveCount").GetString().Should().Be("1");
        message.GetProperty("Attributes").TryGetProperty("SentTimestamp", out _).Should().BeTrue();
        counts.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString().Should().Be("0");
        counts.GetProperty("Attributes").GetProperty("ApproximateNumberOfMessagesNotVisible").GetString().Should().Be("0");
    }

    [Fact]
    public async Task Batches_WithCli_SendChangeVisibilityAndDeleteEveryEntry()
    {
        var url = await CreateAsync("cli-batch");

        var sent = await RunJsonAsync("sqs", "send-message-batch", "--queue-url", url, "--entries",
            "[{\"Id\":\"a\",\"MessageBody\":\"one\"},{\"Id\":\"b\",\"MessageBody\":\"two\",\"MessageAttributes\":{\"k\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}}}]");
        var received = await RunJsonAsync("sqs", "receive-message", "--queue-url", url, "--max-number-of-messages", "10", "--visibility-timeout", "600");
        var handles = received.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("ReceiptHandle").GetString()!).ToList();
        var changed = await RunJsonAsync("sqs", "change-message-visibility-batch", "--queue-url", url, "--entries",
            JsonSerializer.Serialize(handles.Select((h, i) => new Dictionary<string, object> { ["Id"] = $"c{i}", ["ReceiptHandle"] = h, ["VisibilityTimeout"] = 300 })));
        var deleted = await RunJsonAsync("sqs", "delete-message-batch", "--queue-url", url, "--entries",
            JsonSerializer.Serialize(handles.Select((h, i) => new Dictionary<string, string> { ["Id"] = $"d{i}", ["ReceiptHandle"] = h }).Append(new() { ["Id"] = "bad", ["ReceiptHandle"] = "bad" })));

        sent.GetProperty("Successful").GetArrayLength().Should().Be(2);
        handles.Should().HaveCount(2);
        changed.GetProperty("Successful").GetArrayLength().Should().Be(2);
        deleted.GetProperty("Successful").GetArrayLength().Should().Be(2);
        deleted.GetProperty("Failed")[0].GetProperty("Code").GetString().Should().Be("ReceiptHandleIsInvalid");
    }

    [Fact]
    public async Task PurgeQueue_WithCli_EmptiesQueue()
    {
        var url = await CreateAsync("cli-purge");
        await RunAsync("sqs", "send-message", "--queue-url", url, "--message-body", "x");

        await RunAsync("sqs", "purge-queue", "--queue-url", url);
        var received = await RunJsonAsync("sqs", "receive-message", "--queue-url", url);

        received.ValueKind.Should().Be(JsonValueKind.Undefined, "the CLI prints nothing when no message is received");
    }

    [Fact]
    public async Task DeleteMessage_BadReceiptHandleWithCli_FailsWithReceiptHandleIsInvalid()
    {
        var url = await CreateAsync("cli-bad");

        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "sqs", "delete-message", "--queue-url", url, "--receipt-handle", "nonsense");

        exit.Should().NotBe(0);
        error.Should().Contain("ReceiptHandleIsInvalid");
    }

    [Fact]
    public async Task SendMessage_MissingQueueWithCli_FailsWithNonExistentQueue()
    {
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "sqs", "send-message", "--queue-url", $"{emulator.BaseUrl}000000000000/{Name("none")}", "--message-body", "x");

        exit.Should().NotBe(0);
        error.Should().Contain("AWS.SimpleQueueService.NonExistentQueue");
    }

    [Fact]
    public async Task Tags_WithCli_TagListAndUntag()
    {
        var url = await CreateAsync("cli-tags");

        await RunAsync("sqs", "tag-queue", "--queue-url", url, "--tags", "env=test,team=mail");
        var tagged = await RunJsonAsync("sqs", "list-queue-tags", "--queue-url", url);
        await RunAsync("sqs", "untag-queue", "--queue-url", url, "--tag-keys", "team");
        var untagged = await RunJsonAsync("sqs", "list-queue-tags", "--queue-url", url);

        tagged.GetProperty("Tags").EnumerateObject().Select(t => (t.Name, t.Value.GetString())).Should().BeEquivalentTo([("env", "test"), ("team", "mail")]);
        untagged.GetProperty("Tags").EnumerateObject().Select(t => (t.Name, t.Value.GetString())).Should().Equal(("env", "test"));
    }

    [Fact]
    public async Task Permissions_WithCli_AddShowInPolicyAndRemove()
    {
        var url = await CreateAsync("cli-perm");

        await RunAsync("sqs", "add-permission", "--queue-url", url, "--label", "partners",
            "--aws-account-ids", "111122223333", "444455556666", "--actions", "SendMessage", "*");
        var added = await RunJsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "Policy", "QueueArn");
        await RunAsync("sqs", "remove-permission", "--queue-url", url, "--label", "partners");
        var removed = await RunJsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "Policy");

        var arn = added.GetProperty("Attributes").GetProperty("QueueArn").GetString();
        var statement = JsonDocument.Parse(added.GetProperty("Attributes").GetProperty("Policy").GetString()!).RootElement.GetProperty("Statement")[0];
        statement.GetProperty("Sid").GetString().Should().Be("partners");
        statement.GetProperty("Effect").GetString().Should().Be("Allow");
        statement.GetProperty("Principal").GetProperty("AWS").EnumerateArray().Select(p => p.GetString())
            .Should().Equal("arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root");
        statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).Should().Equal("SQS:SendMessage", "SQS:*");
        statement.GetProperty("Resource").GetString().Should().Be(arn);
        (removed.ValueKind == JsonValueKind.Undefined || !removed.TryGetProperty("Attributes", out var left) || !left.TryGetProperty("Policy", out _))
            .Should().BeTrue("removing the only statement removes the policy");
    }

    [Fact]
    public async Task AddPermission_DuplicateLabelWithCli_FailsWithInvalidParameterValue()
    {
        var url = await CreateAsync("cli-perm-dup");
        string[] add = ["sqs", "add-permission", "--queue-url", url, "--label", "once", "--aws-account-ids", "111122223333", "--actions", "SendMessage"];
        await RunAsync(add);

        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, add);

        exit.Should().NotBe(0);
        error.Should().Contain("InvalidParameterValue").And.Contain("Value once for parameter Label is invalid. Reason: Already exists.");
    }

    [Fact]
    public async Task RemovePermission_UnknownLabelWithCli_FailsWithInvalidParameterValue()
    {
        var url = await CreateAsync("cli-perm-none");

        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "sqs", "remove-permission", "--queue-url", url, "--label", "nothing");

        exit.Should().NotBe(0);
        error.Should().Contain("InvalidParameterValue").And.Contain("can't find label on existing policy");
    }

    [Fact]
    public async Task AddPermission_EightActionsWithCli_FailsWithOverLimit()
    {
        var url = await CreateAsync("cli-perm-many");

        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "sqs", "add-permission", "--queue-url", url, "--label", "many",
            "--aws-account-ids", "111122223333", "--actions", "ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes",
            "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage");

        exit.Should().NotBe(0);
        error.Should().Contain("(OverLimit)").And.Contain("8 Actions were found, maximum allowed is 7.");
    }

    private static string Name(string hint) => $"{hint}-{Guid.NewGuid():N}";

    private async Task<string> CreateAsync(string hint) =>
        (await RunJsonAsync("sqs", "create-queue", "--queue-name", Name(hint))).GetProperty("QueueUrl").GetString()!;

    private async Task RunAsync(params string[] args)
    {
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
    }

    private async Task<JsonElement> RunJsonAsync(params string[] args)
    {
        var (exit, output, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }
}
