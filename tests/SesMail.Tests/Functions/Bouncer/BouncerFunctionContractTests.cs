using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using MimeKit;
using SesMail.Functions;
using SesMail.Functions.Bouncer;
using SesMail.Tests.Emulator.DynamoDb;
using SesMail.Tests.Functions.Router;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.Bouncer;

/// <summary>The bouncer against the emulator: SES SendRawEmail (captured outbox) and the DynamoDB idempotency ledger.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class BouncerFunctionContractTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(BouncerFunction Function, StringWriter Output, string Domain)> CreateAsync()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var domain = "bounce-" + Guid.NewGuid().ToString("N")[..8] + ".test";
        var output = new StringWriter();
        var options = BouncerOptions.From(new FunctionSettings(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = emulator.BaseUrl.ToString(),
            ["AWS_REGION"] = EmulatorFixture.Region,
            ["ENVIRONMENT"] = "test",
            ["ROUTING_TABLE_NAME"] = table,
            ["DOMAINS"] = domain,
            ["BOUNCE_SENDER"] = "mailer-daemon@" + domain,
            ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
        }));
        var services = new FunctionServices(options.Aws, output, traceHeader: () => null);
        await services.Ses.VerifyDomainIdentityAsync(new Amazon.SimpleEmail.Model.VerifyDomainIdentityRequest { Domain = domain }, Ct);
        return (new BouncerFunction(options, services), output, domain);
    }

    private static async Task<JsonObject> InvokeAsync(BouncerFunction function, JsonObject bounceEvent)
    {
        var input = new JsonObject { ["Records"] = new JsonArray(RouterHarness.SqsRecord(bounceEvent.ToJsonString())) }.ToJsonString();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        using var reader = new StreamReader(await function.HandleAsync(stream, Ct));
        return JsonNode.Parse(await reader.ReadToEndAsync(Ct))!.AsObject();
    }

    private async Task<List<JsonNode>> CapturedForAsync(string sender)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        var list = JsonNode.Parse(await http.GetStringAsync(new Uri("/_sesmail/ses/messages", UriKind.Relative), Ct))!;
        return list["messages"]!.AsArray().Where(m => m!["source"]!.GetValue<string>() == sender).Select(m => m!).ToList();
    }

    [Fact]
    public async Task HandleAsync_TwoRecipients_OneCapturedDsnAndNoneOnRedelivery()
    {
        var (function, output, domain) = await CreateAsync();
        using var _ = function;
        var messageId = "contract-" + Guid.NewGuid().ToString("N");
        var bounceEvent = BouncerHarness.BounceEvent(messageId: messageId);

        var first = await InvokeAsync(function, bounceEvent);
        var second = await InvokeAsync(function, bounceEvent);

        first["batchItemFailures"]!.AsArray().Should().BeEmpty(output.ToString());
        second["batchItemFailures"]!.AsArray().Should().BeEmpty();
        var captured = (await CapturedForAsync($"mailer-daemon@{domain}")).Should().ContainSingle().Subject;
        captured["destinations"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("sender@origin.example");
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        var raw = await http.GetByteArrayAsync(new Uri($"/_sesmail/ses/messages/{captured["messageId"]!.GetValue<string>()}/raw", UriKind.Relative), Ct);
        Encoding.ASCII.GetString(raw).Replace("\r\n", string.Empty, StringComparison.Ordinal).Should().NotContain("\n", "Internet mail uses CRLF line endings");
        var dsn = await MimeMessage.LoadAsync(new MemoryStream(raw), Ct);
        var report = dsn.Body.Should().BeOfType<MultipartReport>().Subject;
        report.ReportType.Should().Be("delivery-status");
        var groups = report.OfType<MessageDeliveryStatus>().Single().StatusGroups.Where(g => g.Count > 0).ToList();
        groups.Skip(1).Select(g => g["Final-Recipient"]).Should().Equal("rfc822; nobody@example.test", "rfc822; gone@example.test");
        groups.Skip(1).Select(g => g["Status"]).Should().AllBe("5.1.1");
        output.ToString().Should().Contain("\"reason\":\"already-sent\"");
    }

    [Fact]
    public async Task HandleAsync_StoredOriginal_DsnQuotesItsHeaderBlockByteForByte()
    {
        var (function, output, domain) = await CreateAsync();
        using var _ = function;
        var messageId = "contract-" + Guid.NewGuid().ToString("N");
        var bucket = "ses-mail-storage-" + Guid.NewGuid().ToString("N")[..12];
        var stored = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Bouncer", "ses-stored-dkim.eml"), Ct);
        using (var s3 = new Amazon.S3.AmazonS3Client(EmulatorFixture.Credentials, emulator.Configure(new Amazon.S3.AmazonS3Config { ForcePathStyle = true })))
        {
            await s3.PutBucketAsync(bucket, Ct);
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "emails/" + messageId, InputStream = new MemoryStream(stored) }, Ct);
        }

        var bounceEvent = BouncerHarness.BounceEvent(messageId: messageId);
        var action = bounceEvent["detail"]!["ses"]!["receipt"]!["action"]!;
        action["bucketName"] = bucket;
        action["objectKey"] = "emails/" + messageId;

        (await InvokeAsync(function, bounceEvent))["batchItemFailures"]!.AsArray().Should().BeEmpty(output.ToString());

        var captured = (await CapturedForAsync($"mailer-daemon@{domain}")).Should().ContainSingle().Subject;
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        var raw = await http.GetByteArrayAsync(new Uri($"/_sesmail/ses/messages/{captured["messageId"]!.GetValue<string>()}/raw", UriKind.Relative), Ct);
        var dsn = await MimeMessage.LoadAsync(new MemoryStream(raw), Ct);
        var report = dsn.Body.Should().BeOfType<MultipartReport>().Subject;
        var headerBlock = stored.AsSpan(0, stored.AsSpan().IndexOf("\r\n\r\n"u8) + 2).ToArray();
        DeliveryStatusNotificationTests.QuotedPartBody(raw, report.Boundary!).Should().Equal(headerBlock);
        Encoding.ASCII.GetString(headerBlock).Should().Contain("\r\nX-SES-RECEIPT: ").And.Contain("\r\nDKIM-Signature: v=1;").And.NotContain("=?us-ascii?");
        report.OfType<TextPart>().First().Text.Should().Contain("Date:    Sun, 18 Jan 2026 09:59:58 +0000");
    }

    [Fact]
    public async Task HandleAsync_AutoSubmittedMessage_CapturesNothing()
    {
        var (function, output, domain) = await CreateAsync();
        using var _ = function;
        var bounceEvent = BouncerHarness.BounceEvent(
            mail => mail["headers"]!.AsArray().Add(new JsonObject { ["name"] = "Auto-Submitted", ["value"] = "auto-replied" }),
            messageId: "contract-" + Guid.NewGuid().ToString("N"));

        await InvokeAsync(function, bounceEvent);

        (await CapturedForAsync($"mailer-daemon@{domain}")).Should().BeEmpty();
        output.ToString().Should().Contain("\"reason\":\"auto-submitted\"");
    }

    [Fact]
    public async Task ClaimAsync_SameMessageTwice_SecondIsInProgressUntilReleasedThenAlreadySent()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var ledger = new DynamoDbBounceLedger(ddb, table, TimeProvider.System);

        var first = await ledger.ClaimAsync("m-1", Ct);
        first.Outcome.Should().Be(BounceClaimOutcome.Claimed);
        (await ledger.ClaimAsync("m-1", Ct)).Outcome.Should().Be(BounceClaimOutcome.InProgress);
        await ledger.ReleaseAsync(first, Ct);
        var second = await ledger.ClaimAsync("m-1", Ct);
        second.Outcome.Should().Be(BounceClaimOutcome.Claimed);
        (await ledger.MarkSendingAsync(first, Ct)).Should().BeFalse("a released claim is no longer the holder's");
        (await ledger.MarkSendingAsync(second, Ct)).Should().BeTrue();
        await ledger.MarkSentAsync(second, "notice-1", Ct);
        var third = await ledger.ClaimAsync("m-1", Ct);
        third.Outcome.Should().Be(BounceClaimOutcome.AlreadySent);
        third.NotificationId.Should().Be("notice-1");
    }

    [Fact]
    public async Task ClaimAsync_HolderDiedBeforeOrWhileSending_TakesOverOrReportsUnknown()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var ledger = new DynamoDbBounceLedger(ddb, table, clock);
        await ledger.ClaimAsync("before-send", Ct);
        var sending = await ledger.ClaimAsync("while-sending", Ct);
        await ledger.MarkSendingAsync(sending, Ct);

        clock.Advance(DynamoDbBounceLedger.Lease + TimeSpan.FromSeconds(1));

        (await ledger.ClaimAsync("before-send", Ct)).Outcome.Should().Be(BounceClaimOutcome.Claimed, "a holder that died before calling SES sent nothing");
        (await ledger.ClaimAsync("while-sending", Ct)).Outcome.Should().Be(BounceClaimOutcome.OutcomeUnknown, "SES may have sent it, and a second notice is never sent");
    }

    [Fact]
    public async Task ClaimAsync_ItemOfEarlierVersion_CountsAsSent()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(table, new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = "BOUNCE#old" }, ["SK"] = new() { S = "NOTICE#v1" }, ["entity_type"] = new() { S = "BOUNCE" }, ["status"] = new() { S = "sending" },
        }, Ct);

        (await new DynamoDbBounceLedger(ddb, table, TimeProvider.System).ClaimAsync("old", Ct)).Outcome.Should().Be(BounceClaimOutcome.AlreadySent);
    }
}
