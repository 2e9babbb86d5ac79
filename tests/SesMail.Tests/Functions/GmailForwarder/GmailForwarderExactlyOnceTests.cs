using System.Text;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions.GmailForwarder;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.GmailForwarder;

/// <summary>
/// The forwarder when an import's outcome is unknown (docs/DELIVERY.md, "The Gmail forwarder"): the stand-in stores the
/// message but the answer is lost, the holder dies, or the message has no Message-ID. Every case ends with exactly one
/// copy in the mailbox.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailForwarderExactlyOnceTests(EmulatorFixture emulator) : IDisposable
{
    private readonly GmailStandInDriver _gmail = new(emulator.BaseUrl);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _gmail.ClearFaultAsync(CancellationToken.None).GetAwaiter().GetResult();
        _gmail.Dispose();
    }

    [Theory]
    [InlineData("""{"abort":true,"afterCommit":true,"count":1,"methods":["import"]}""")]
    [InlineData("""{"status":503,"afterCommit":true,"count":2,"methods":["import"]}""")]
    public async Task HandleAsync_AnswerLostAfterGmailStoredIt_FindsItInsteadOfImportingTwice(string fault)
    {
        using var harness = new GmailForwarderHarness(emulator);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        harness.Objects.Put("lost-1", bytes);
        await _gmail.SetFaultAsync(fault, Ct);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("lost-1", "support@example.test"), "sqs-1"));

        failures.Should().BeEmpty();
        var stored = (await harness.StoredAsync()).Should().ContainSingle("the retry looked in the mailbox and found the first copy").Subject!;
        (await harness.Gmail.StoredRawAsync(harness.Mailbox, stored["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
        harness.Ledger.Imported.Should().ContainSingle().Which.Value.Should().Be(stored["id"]!.GetValue<string>());
        harness.Metrics.Should().Contain("GmailImportRecovered", 1).And.Contain("GmailForwardSuccess", 1);
    }

    [Fact]
    public async Task HandleAsync_RefusedImport_RetriesWithoutSearching()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("refused-1", GmailStandInDriver.Fixture("report.eml"));
        await _gmail.SetFaultAsync("""{"status":429,"retryAfterSeconds":0,"count":1,"methods":["import"]}""", Ct);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("refused-1", "support@example.test"), "sqs-1"));

        failures.Should().BeEmpty();
        (await harness.StoredAsync()).Should().ContainSingle();
        harness.Metrics.Should().NotContainKey("GmailImportRecovered", "a 429 says nothing was stored, so nothing was looked for");
    }

    [Fact]
    public async Task HandleAsync_AnswerLostAndBudgetSpent_NextDeliveryFindsTheCopy()
    {
        using var harness = new GmailForwarderHarness(emulator);
        harness.Objects.Put("lost-2", GmailStandInDriver.Fixture("report.eml"));
        var record = GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("lost-2", "support@example.test"), "sqs-2");
        // Every import and list of the first delivery fails after the work; the record fails and is released as uncertain.
        await _gmail.SetFaultAsync("""{"abort":true,"afterCommit":true,"count":5}""", Ct);

        var first = await harness.InvokeAsync(record.DeepClone().AsObject());
        await _gmail.ClearFaultAsync(Ct);
        var second = await harness.InvokeAsync(record.DeepClone().AsObject());

        first.Should().Equal("sqs-2");
        second.Should().BeEmpty();
        (await harness.StoredAsync()).Should().ContainSingle();
        harness.Metrics.Should().Contain("GmailImportRecovered", 1);
    }

    [Fact]
    public async Task HandleAsync_MessageWithoutMessageId_ImportsItWithOneAddedSoALostAnswerIsFoundToo()
    {
        using var harness = new GmailForwarderHarness(emulator);
        var original = Encoding.ASCII.GetBytes("From: a@sender.test\r\nTo: support@example.test\r\nSubject: no id\r\nDate: Tue, 03 Feb 2026 10:15:00 +0000\r\n\r\nNo Message-ID here.\r\n");
        harness.Objects.Put("no-id-1", original);
        await _gmail.SetFaultAsync("""{"abort":true,"afterCommit":true,"count":1,"methods":["import"]}""", Ct);

        var failures = await harness.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("no-id-1", "support@example.test"), "sqs-3"));

        failures.Should().BeEmpty();
        var stored = (await harness.StoredAsync()).Should().ContainSingle().Subject!;
        var raw = await harness.Gmail.StoredRawAsync(harness.Mailbox, stored["id"]!.GetValue<string>(), Ct);
        Encoding.ASCII.GetString(raw).Should().Be("Message-ID: <no-id-1@example.test>\r\n" + Encoding.ASCII.GetString(original), "one header line first, every original byte after it");
        harness.Metrics.Should().Contain("GmailImportRecovered", 1);
    }

    [Fact]
    public async Task HandleAsync_ClaimOfHolderThatDiedAfterImporting_FindsTheCopyAfterTheLease()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var harness = new GmailForwarderHarness(emulator, ledgerClock: clock);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        harness.Objects.Put("dead-1", bytes);
        var record = GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("dead-1", "support@example.test"), "sqs-4");
        // A holder claimed, imported, and died before recording it.
        (await harness.Ledger.ClaimAsync("dead-1", SesMail.Functions.Gmail.GmailAccounts.UnrecordedMailbox, Ct)).Outcome.Should().Be(GmailImportClaimOutcome.Claimed);
        var token = await _gmail.AccessTokenAsync(harness.Mailbox, Ct);
        using (var import = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=media", token, Rfc822(bytes)), Ct))
        {
            import.EnsureSuccessStatusCode();
        }

        var during = await harness.InvokeAsync(record.DeepClone().AsObject());
        clock.Advance(DynamoDbGmailImportLedger.Lease + TimeSpan.FromSeconds(1));
        var after = await harness.InvokeAsync(record.DeepClone().AsObject());

        during.Should().Equal(["sqs-4"], "the claim is still in its lease: the holder might be alive");
        after.Should().BeEmpty();
        (await harness.StoredAsync()).Should().ContainSingle();
        harness.Metrics.Should().Contain("GmailImportRecovered", 1);
    }

    private static System.Net.Http.ByteArrayContent Rfc822(byte[] bytes)
    {
        var content = new System.Net.Http.ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("message/rfc822");
        return content;
    }
}
