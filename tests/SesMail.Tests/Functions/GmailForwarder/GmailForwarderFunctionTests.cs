using System.Text;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.GmailForwarder;

/// <summary>The forwarder against the emulator's Gmail stand-in and SQS (docs/ARCHITECTURE.md#the-gmail-forwarder).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailForwarderFunctionTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_RoutedMessage_LandsByteIdenticalWithInboxUnreadAndOneResultPerTarget()
    {
        using var harness = new GmailForwarderHarness(emulator);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        harness.Objects.Put("ses-msg-1", bytes);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-1", "support@example.test", "sales@example.test"), "sqs-1"));

        failures.Should().BeEmpty();
        var stored = (await harness.StoredAsync()).Should().ContainSingle("two targets of one message give one Gmail copy").Subject!;
        stored["labelIds"]!.AsArray().Select(l => l!.GetValue<string>()).Should().Equal("INBOX", "UNREAD");
        stored["internalDateSource"]!.GetValue<string>().Should().Be("receivedTime");
        stored["uploadType"]!.GetValue<string>().Should().Be("multipart");
        (await harness.Gmail.StoredRawAsync(harness.Mailbox, stored["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
        harness.ActionResults.Select(r => r.GetProperty("recipient").GetString()).Should().Equal("support@example.test", "sales@example.test");
        harness.ActionResults.Should().OnlyContain(r => r.GetProperty("result").GetString() == "success" && r.GetProperty("resultId").GetString() == stored["id"]!.GetValue<string>());
        harness.Metrics.Should().Contain("GmailForwardSuccess", 1).And.Contain("GmailForwardFailure", 0);
    }

    [Fact]
    public async Task HandleAsync_MessageAboveResumableThreshold_UploadsResumableByteIdentical()
    {
        using var harness = new GmailForwarderHarness(emulator, resumableThreshold: 1024);
        var bytes = LargeMessage(300 * 1024);
        harness.Objects.Put("ses-msg-large", bytes);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-large", "support@example.test"), "sqs-1"));

        failures.Should().BeEmpty();
        var stored = (await harness.StoredAsync()).Should().ContainSingle().Subject!;
        stored["uploadType"]!.GetValue<string>().Should().Be("resumable");
        (await harness.Gmail.StoredRawAsync(harness.Mailbox, stored["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
    }

    [Fact]
    public async Task HandleAsync_RevokedRefreshToken_ParksBodyWithAttributesAndAcknowledges()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-2", GmailStandInDriver.Fixture("report.eml"));
        await harness.Gmail.RevokeAsync(harness.Mailbox, Ct);
        var body = GmailForwarderHarness.RoutingEvent("ses-msg-2", "support@example.test");

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(body, "sqs-2"), requestId: "req-42");

        failures.Should().BeEmpty("a parked record is acknowledged");
        var parked = await ReceiveParkedAsync(harness);
        parked.Body.Should().Be(body);
        parked.MessageAttributes["error_type"].StringValue.Should().Be("token_expired");
        parked.MessageAttributes["attempt_count"].DataType.Should().Be("Number");
        parked.MessageAttributes["attempt_count"].StringValue.Should().Be("1");
        parked.MessageAttributes["original_lambda_request_id"].StringValue.Should().Be("req-42");
        DateTimeOffset.Parse(parked.MessageAttributes["original_timestamp"].StringValue, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        (await harness.StoredAsync()).Should().BeEmpty();
        harness.Metrics.Should().Contain("GmailForwardSuccess", 1);
    }

    [Fact]
    public async Task HandleAsync_ReparkedRecord_IncrementsAttemptCount()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-3", GmailStandInDriver.Fixture("report.eml"));
        await harness.Gmail.RevokeAsync(harness.Mailbox, Ct);
        var attributes = new JsonObject { ["attempt_count"] = new JsonObject { ["stringValue"] = "1", ["dataType"] = "Number" } };

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-3", "support@example.test"), "sqs-3", attributes));

        failures.Should().BeEmpty();
        (await ReceiveParkedAsync(harness)).MessageAttributes["attempt_count"].StringValue.Should().Be("2", "the second parking; the third goes to the retry DLQ (next test)");
    }

    [Fact]
    public async Task HandleAsync_TokenStillRevokedAtThirdParking_SendsTheRecordToTheRetryDlqNotTheRetryQueue()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-limit", GmailStandInDriver.Fixture("report.eml"));
        await harness.Gmail.RevokeAsync(harness.Mailbox, Ct);
        var body = GmailForwarderHarness.RoutingEvent("ses-msg-limit", "support@example.test");

        // Parkings one and two go to the retry queue; each replay carries the attempt_count of the copy it read.
        var first = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(body, "sqs-limit-1"));
        var firstCopy = await ReceiveParkedAsync(harness);
        var second = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(body, "sqs-limit-2", AttemptCount(firstCopy)));
        var secondCopy = await ReceiveParkedAsync(harness);
        var third = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(body, "sqs-limit-3", AttemptCount(secondCopy)));

        first.Should().BeEmpty();
        second.Should().BeEmpty();
        third.Should().BeEmpty("a dead-lettered record is acknowledged like a parked one");
        firstCopy.MessageAttributes["attempt_count"].StringValue.Should().Be("1");
        secondCopy.MessageAttributes["attempt_count"].StringValue.Should().Be("2");
        var deadLettered = await ReceiveAllAsync(harness, harness.RetryDeadLetterQueueUrl!);
        deadLettered.Should().ContainSingle().Which.Body.Should().Be(body);
        deadLettered[0].MessageAttributes["attempt_count"].StringValue.Should().Be("3");
        deadLettered[0].MessageAttributes["error_type"].StringValue.Should().Be("token_expired");
        (await ReceiveAllAsync(harness, harness.RetryQueueUrl)).Should().BeEmpty("the third parking does not circulate again");
        harness.Logs.Should().ContainSingle(l => l.GetProperty("message").GetString()!.Contains("retry DLQ", StringComparison.Ordinal))
            .Which.GetProperty("level").GetString().Should().Be("ERROR");
        (await harness.StoredAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task HandleAsync_GmailAnswers429ThenSuccess_ImportsExactlyOneCopy()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-4", GmailStandInDriver.Fixture("report.eml"));
        await harness.Gmail.SetFaultAsync(429, 1, 1, Ct);
        try
        {
            var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-4", "support@example.test"), "sqs-4"));

            failures.Should().BeEmpty();
            (await harness.StoredAsync()).Should().ContainSingle();
            harness.Logs.Should().Contain(l => l.GetProperty("message").GetString() == "Gmail import failed; retrying" && l.GetProperty("error_type").GetString() == "rate_limited");
            harness.Objects.Opens.Should().Be(1, "the S3 object is read once per record; a retry re-opens its source, not the object reader");
        }
        finally
        {
            await harness.Gmail.ClearFaultAsync(Ct);
        }
    }

    [Fact]
    public async Task HandleAsync_GmailAnswers400_ReportsRecordFailedWithoutCopy()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-5", GmailStandInDriver.Fixture("report.eml"));
        await harness.Gmail.SetFaultAsync(400, 1, null, Ct);
        try
        {
            var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-5", "support@example.test"), "sqs-5"));

            failures.Should().Equal("sqs-5");
            (await harness.StoredAsync()).Should().BeEmpty();
            harness.ActionResults.Should().ContainSingle().Which.GetProperty("result").GetString().Should().Be("failure");
            harness.Metrics.Should().Contain("GmailForwardFailure", 1);
            harness.Ledger.Imported.Should().BeEmpty();
        }
        finally
        {
            await harness.Gmail.ClearFaultAsync(Ct);
        }

        // The claim was released: the redelivery imports.
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-5", "support@example.test"), "sqs-5"))).Should().BeEmpty();
        (await harness.StoredAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task HandleAsync_SameRecordTwice_ImportsOneCopy()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-6", GmailStandInDriver.Fixture("report.eml"));
        var record = GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-6", "support@example.test"), "sqs-6");

        (await harness.InvokeAsync(record)).Should().BeEmpty();
        (await harness.InvokeAsync((JsonObject)record.DeepClone())).Should().BeEmpty();

        var stored = (await harness.StoredAsync()).Should().ContainSingle().Subject!;
        harness.ActionResults.Should().HaveCount(2).And.OnlyContain(r => r.GetProperty("resultId").GetString() == stored["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task HandleAsync_GmailAnswers401Once_RefreshesTokenAndImports()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-7", GmailStandInDriver.Fixture("report.eml"));
        await harness.Gmail.SetFaultAsync(401, 1, null, Ct);
        try
        {
            var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-7", "support@example.test"), "sqs-7"));

            failures.Should().BeEmpty();
            (await harness.StoredAsync()).Should().ContainSingle();
        }
        finally
        {
            await harness.Gmail.ClearFaultAsync(Ct);
        }
    }

    [Fact]
    public async Task HandleAsync_HundredImportsInSeparateInvocations_AskTheTokenEndpointAtMostTwice()
    {
        using var harness = new GmailForwarderHarness(emulator);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        var before = await TokenRequestsAsync();

        for (var i = 0; i < 100; i++)
        {
            harness.Objects.Put($"ses-reuse-{i}", bytes);
            (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent($"ses-reuse-{i}", "support@example.test"), $"sqs-reuse-{i}"))).Should().BeEmpty();
        }

        (await harness.StoredAsync()).Should().HaveCount(100);
        (await TokenRequestsAsync() - before).Should().BeLessThanOrEqualTo(2, "an access token lives an hour and is shared by the invocations of a warm function");
    }

    [Fact]
    public async Task HandleAsync_AccessTokensExpiredAtGoogle_RefreshesOnceOn401AndReusesTheNewToken()
    {
        using var harness = new GmailForwarderHarness(emulator);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        harness.Objects.Put("ses-expire-0", bytes);
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-expire-0", "support@example.test"), "sqs-expire-0"))).Should().BeEmpty();
        await harness.Gmail.ControlAsync(HttpMethod.Post, "/_sesmail/gmail/access-tokens/expire", null, Ct);
        var before = await TokenRequestsAsync();

        for (var i = 1; i <= 5; i++)
        {
            harness.Objects.Put($"ses-expire-{i}", bytes);
            (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent($"ses-expire-{i}", "support@example.test"), $"sqs-expire-{i}"))).Should().BeEmpty();
        }

        (await TokenRequestsAsync() - before).Should().Be(1, "the 401 forces one refresh, and its token serves the rest");
        (await harness.StoredAsync()).Should().HaveCount(6);
    }

    private async Task<long> TokenRequestsAsync()
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        var state = JsonNode.Parse(await http.GetStringAsync(new Uri("/_sesmail/gmail/state", UriKind.Relative), Ct))!;
        return state["tokenRequests"]!.GetValue<long>();
    }

    [Fact]
    public async Task HandleAsync_S3ObjectMissing_ReportsRecordFailed()
    {
        using var harness = new GmailForwarderHarness(emulator);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-missing", "support@example.test"), "sqs-8"));

        failures.Should().Equal("sqs-8");
        harness.ActionResults.Should().ContainSingle().Which.GetProperty("error").GetString().Should().Contain("NoSuchKey");
    }

    [Fact]
    public async Task HandleAsync_NoForwardTargets_ReportsRecordFailed()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-9", GmailStandInDriver.Fixture("report.eml"));

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-msg-9"), "sqs-9"));

        failures.Should().Equal("sqs-9");
        (await harness.StoredAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task HandleAsync_BareDetailBody_IsAcceptedLikeARetryQueueReplay()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("ses-msg-10", GmailStandInDriver.Fixture("report.eml"));
        var detail = JsonNode.Parse(GmailForwarderHarness.RoutingEvent("ses-msg-10", "support@example.test"))!["detail"]!.ToJsonString();

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(detail, "sqs-10"));

        failures.Should().BeEmpty();
        (await harness.StoredAsync()).Should().ContainSingle();
    }

    private static JsonObject AttemptCount(Message parked) =>
        new() { ["attempt_count"] = new JsonObject { ["stringValue"] = parked.MessageAttributes["attempt_count"].StringValue, ["dataType"] = "Number" } };

    private static async Task<List<Message>> ReceiveAllAsync(GmailForwarderHarness harness, string queueUrl) =>
        (await harness.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 0,
            MessageAttributeNames = ["All"],
        }, Ct)).Messages ?? [];

    private static async Task<Message> ReceiveParkedAsync(GmailForwarderHarness harness)
    {
        var received = await harness.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = harness.RetryQueueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 1,
            MessageAttributeNames = ["All"],
        }, Ct);
        return received.Messages.Should().ContainSingle().Subject;
    }

    private static byte[] LargeMessage(int approximateSize)
    {
        var builder = new StringBuilder();
        builder.Append("From: Big Sender <big@sender.test>\r\nTo: me@example.test\r\nSubject: A large message\r\nDate: Tue, 03 Feb 2026 10:15:00 +0000\r\nMessage-ID: <big@sender.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        var line = 0;
        while (builder.Length < approximateSize)
        {
            builder.Append("Line ").Append(line++).Append(": the quick brown fox jumps over the lazy dog 0123456789\r\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }
}
