using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.GmailForwarder;

/// <summary>
/// The forwarder with several Gmail accounts in the stand-in (docs/OPERATIONS.md, "Gmail accounts and tokens"): each
/// target's account gets the message with its own token, once; an account without a usable token is parked alone.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailForwarderAccountsTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_TwoAccounts_EachMailboxGetsOneByteIdenticalCopy()
    {
        using var harness = new GmailForwarderHarness(emulator, recordDefaultAccount: true);
        var a = harness.Mailbox;
        var b = GmailStandInDriver.NewMailbox("b");
        harness.PutAccountToken(b);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        harness.Objects.Put("ses-two", bytes);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(
            GmailForwarderHarness.RoutingEventTo("ses-two", ("team@example.test", a), ("team@example.test", b), ("info@example.test", a)), "sqs-two"));

        failures.Should().BeEmpty();
        var inA = (await harness.Gmail.StoredAsync(a, Ct)).Should().ContainSingle("two targets naming the same account give one copy").Subject!;
        var inB = (await harness.Gmail.StoredAsync(b, Ct)).Should().ContainSingle().Subject!;
        (await harness.Gmail.StoredRawAsync(a, inA["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
        (await harness.Gmail.StoredRawAsync(b, inB["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
        harness.Ledger.Imported.Keys.Should().BeEquivalentTo([("ses-two", a), ("ses-two", b)]);
        harness.ActionResults.Select(r => (r.GetProperty("recipient").GetString(), r.GetProperty("target").GetString()))
            .Should().BeEquivalentTo([("team@example.test", a), ("info@example.test", a), ("team@example.test", b)]);
    }

    [Fact]
    public async Task HandleAsync_AccountWithoutToken_ParksForThatAccountOnlyAndCountsTokenMissing()
    {
        using var harness = new GmailForwarderHarness(emulator, recordDefaultAccount: true);
        var unknown = GmailStandInDriver.NewMailbox("nobody");
        harness.Objects.Put("ses-missing", GmailStandInDriver.Fixture("report.eml"));
        var body = GmailForwarderHarness.RoutingEventTo("ses-missing", ("team@example.test", harness.Mailbox), ("team@example.test", unknown));

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(body, "sqs-missing"), requestId: "req-7");

        failures.Should().BeEmpty("the delivered account is done and the other one is parked");
        (await harness.StoredAsync()).Should().ContainSingle();
        (await harness.Gmail.StoredAsync(unknown, Ct)).Should().BeEmpty("the default token belongs to another account and is never used for this one");
        var parked = (await ReceiveParkedAsync(harness)).Should().ContainSingle().Subject;
        parked.Body.Should().Be(body);
        parked.MessageAttributes["gmail_account"].StringValue.Should().Be(unknown);
        parked.MessageAttributes["error_type"].StringValue.Should().Be("token_missing");
        harness.Metrics.Should().Contain("GmailTokenMissing", 1).And.Contain("GmailForwardSuccess", 1);
        harness.Logs.Should().Contain(l => l.GetProperty("message").GetString()!.StartsWith("No Gmail token for the account", StringComparison.Ordinal)
            && l.GetProperty("hint").GetString()!.Contains($"sesmail token refresh --account {unknown}", StringComparison.Ordinal));
        harness.ActionResults.Where(r => r.GetProperty("target").GetString() == unknown).Should().ContainSingle()
            .Which.GetProperty("result").GetString().Should().Be("failure");
    }

    [Fact]
    public async Task HandleAsync_DefaultTokenRecordsNoAccount_ServesEveryTargetWithoutItsOwnToken()
    {
        using var harness = new GmailForwarderHarness(emulator, recordDefaultAccount: false);
        harness.Objects.Put("ses-legacy", GmailStandInDriver.Fixture("report.eml"));

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("ses-legacy", "support@example.test"), "sqs-legacy"));

        failures.Should().BeEmpty();
        (await harness.StoredAsync()).Should().ContainSingle("a stack made before accounts keeps delivering into its one account");
        harness.Ledger.Imported.Keys.Should().Equal(("ses-legacy", "me"));
        harness.Logs.Should().Contain(l => l.GetProperty("message").GetString()!.Contains("records no account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_OneAccountRevoked_OtherDeliveredOnceAndReplayFillsOnlyTheMissingAccount()
    {
        using var harness = new GmailForwarderHarness(emulator, recordDefaultAccount: true);
        var a = harness.Mailbox;
        var b = GmailStandInDriver.NewMailbox("b");
        harness.PutAccountToken(b);
        harness.Objects.Put("ses-revoked", GmailStandInDriver.Fixture("report.eml"));
        var body = GmailForwarderHarness.RoutingEventTo("ses-revoked", ("team@example.test", a), ("team@example.test", b));
        await harness.Gmail.RevokeAsync(b, Ct);

        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(body, "sqs-revoked"))).Should().BeEmpty();

        (await harness.Gmail.StoredAsync(a, Ct)).Should().ContainSingle();
        (await harness.Gmail.StoredAsync(b, Ct)).Should().BeEmpty();
        var parked = (await ReceiveParkedAsync(harness)).Should().ContainSingle().Subject;
        parked.MessageAttributes["gmail_account"].StringValue.Should().Be(b);
        parked.MessageAttributes["error_type"].StringValue.Should().Be("token_expired");

        // The account's access comes back; the parked record is replayed with its attributes, as the retry processor does.
        await harness.Gmail.RestoreAsync(b, Ct);
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(parked.Body, "sqs-replay", Attributes(parked)))).Should().BeEmpty();

        (await harness.Gmail.StoredAsync(b, Ct)).Should().ContainSingle();
        (await harness.Gmail.StoredAsync(a, Ct)).Should().ContainSingle("the replay is for the missing account only");
        harness.Logs.Where(l => l.GetProperty("message").GetString() == "Action result" && l.GetProperty("target").GetString() == a)
            .Should().ContainSingle("the replay does not even look at the account that has the message");

        // A replay without the attribute (the whole record again) still adds nothing: the ledger holds both accounts.
        (await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(parked.Body, "sqs-again"))).Should().BeEmpty();
        (await harness.Gmail.StoredAsync(a, Ct)).Should().ContainSingle();
        (await harness.Gmail.StoredAsync(b, Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task HandleAsync_FirstAccountFailsThenRedelivered_SecondAccountNotImportedAgain()
    {
        using var harness = new GmailForwarderHarness(emulator, recordDefaultAccount: true);
        var a = harness.Mailbox;
        var b = GmailStandInDriver.NewMailbox("b");
        harness.PutAccountToken(b);
        harness.Objects.Put("ses-partial", GmailStandInDriver.Fixture("report.eml"));
        var record = GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEventTo("ses-partial", ("x@example.test", a), ("x@example.test", b)), "sqs-partial");
        await harness.Gmail.SetFaultAsync(400, 1, null, Ct);
        try
        {
            (await harness.InvokeAsync(record)).Should().Equal("sqs-partial");
        }
        finally
        {
            await harness.Gmail.ClearFaultAsync(Ct);
        }

        (await harness.Gmail.StoredAsync(a, Ct)).Should().BeEmpty();
        (await harness.Gmail.StoredAsync(b, Ct)).Should().ContainSingle("one account's failure does not stop the other");

        (await harness.InvokeAsync((JsonObject)record.DeepClone())).Should().BeEmpty();

        (await harness.Gmail.StoredAsync(a, Ct)).Should().ContainSingle();
        (await harness.Gmail.StoredAsync(b, Ct)).Should().ContainSingle("the redelivery skips the account that already has the message");
    }

    [Fact]
    public async Task HandleAsync_ReplayForAnAccountNoTargetNames_AcknowledgesWithoutImporting()
    {
        using var harness = new GmailForwarderHarness(emulator, recordDefaultAccount: true);
        harness.Objects.Put("ses-other", GmailStandInDriver.Fixture("report.eml"));
        var attributes = new JsonObject { ["gmail_account"] = new JsonObject { ["stringValue"] = "someone-else@example.test", ["dataType"] = "String" } };

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(
            GmailForwarderHarness.RoutingEventTo("ses-other", ("x@example.test", harness.Mailbox)), "sqs-other", attributes));

        failures.Should().BeEmpty();
        (await harness.StoredAsync()).Should().BeEmpty();
    }

    private static JsonObject Attributes(Message parked)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in parked.MessageAttributes)
        {
            attributes[name] = new JsonObject { ["stringValue"] = value.StringValue, ["dataType"] = value.DataType };
        }

        return attributes;
    }

    private static async Task<List<Message>> ReceiveParkedAsync(GmailForwarderHarness harness)
    {
        var received = await harness.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = harness.RetryQueueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 1,
            MessageAttributeNames = ["All"],
        }, Ct);
        return received.Messages ?? [];
    }
}
