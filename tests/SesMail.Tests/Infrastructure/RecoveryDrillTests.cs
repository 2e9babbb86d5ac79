using System.Text.Json.Nodes;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Emulator.StepFunctions;
using SesMail.Tests.Functions.GmailForwarder;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Infrastructure;

/// <summary>
/// The recovery drill of docs/RECOVERY.md with the real pieces except the SMTP edge: the Gmail forwarder's code
/// against the Gmail stand-in parks mail in the provisioned retry queue while the refresh token is revoked, and the
/// template's retry processor replays it through the forwarder behind the emulator's Lambda seam.
/// </summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class RecoveryDrillTests(StepFunctionsEmulator emulator)
{
    private const string Forwarder = "ses-mail-gmail-forwarder-test";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<ResolvedStack> ProvisionAsync()
    {
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var provisioner = await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, clients, Token);
        var settings = new StackSettings("test", "000000000000", EmulatorFixture.Region, new Dictionary<string, string> { ["RetryProcessorWaitSeconds"] = "0", ["FunctionRuntime"] = "dotnet10" });
        return await provisioner.ProvisionAsync(TemplateYamlTests.Load(), settings, Token);
    }

    private async Task<int> VisibleAsync(string queueUrl) =>
        int.Parse((await emulator.Sqs.OkAsync("GetQueueAttributes", new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages") }, Token))["Attributes"]!["ApproximateNumberOfMessages"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Drill_TwentyMailsParkedWhileRevoked_ArriveExactlyOnceAfterTheTokenIsRestored()
    {
        var stack = await ProvisionAsync();
        var retryQueue = stack.Outputs["RetryQueueUrl"];
        using var forwarder = new GmailForwarderHarness(emulator.BaseUrl, retryQueue, stack.Outputs["RetryDeadLetterQueueUrl"]);
        var before = await VisibleAsync(retryQueue);
        await forwarder.Gmail.RevokeAsync(forwarder.Mailbox, Token);
        var mail = GmailStandInDriver.Fixture("report.eml");
        for (var i = 0; i < 20; i++)
        {
            forwarder.Objects.Put($"drill-{i}", mail);
            (await forwarder.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent($"drill-{i}", "support@example.test"), $"sqs-drill-{i}")))
                .Should().BeEmpty("a parked record is acknowledged");
        }

        var parked = await VisibleAsync(retryQueue);
        var storedWhileRevoked = await forwarder.StoredAsync();
        await forwarder.Gmail.RestoreAsync(forwarder.Mailbox, Token);
        emulator.Functions[Forwarder] = forwarder.Handle;
        var ended = await emulator.RunAsync(stack.Outputs["RetryProcessorStateMachineArn"], "{}", name: $"token-refresh-drill-{Guid.NewGuid():N}"[..40]);
        var stored = await forwarder.StoredAsync();

        before.Should().Be(0);
        parked.Should().Be(20, "every mail is parked while the token is revoked");
        storedWhileRevoked.Should().BeEmpty();
        ended["status"]!.GetValue<string>().Should().Be("SUCCEEDED", ended["cause"]?.ToString());
        JsonNode.Parse(ended["output"]!.GetValue<string>())!["delivered"]!.GetValue<int>().Should().Be(20);
        stored.Should().HaveCount(20, "each parked mail arrives once");
        forwarder.Ledger.Imported.Should().HaveCount(20);
        (await VisibleAsync(retryQueue)).Should().Be(0, "the retry queue is empty after the replay");
    }

    /// <summary>
    /// Per-target exactly-once through the retry processor: mail for two accounts, one of them revoked, lands in the
    /// other at once and is parked for the revoked one only (gmail_account); after the token is restored the retry
    /// processor passes that attribute on, so the replay imports into that account alone.
    /// </summary>
    [Fact]
    public async Task Drill_MailForTwoAccountsWithOneRevoked_ReplayDeliversIntoTheMissingAccountOnly()
    {
        var stack = await ProvisionAsync();
        var retryQueue = stack.Outputs["RetryQueueUrl"];
        using var forwarder = new GmailForwarderHarness(emulator.BaseUrl, retryQueue, stack.Outputs["RetryDeadLetterQueueUrl"], recordDefaultAccount: true);
        var a = forwarder.Mailbox;
        var b = GmailStandInDriver.NewMailbox("team-b");
        forwarder.PutAccountToken(b);
        await forwarder.Gmail.RevokeAsync(b, Token);
        forwarder.Objects.Put("drill-team", GmailStandInDriver.Fixture("report.eml"));

        (await forwarder.InvokeAsync(GmailForwarderHarness.SqsRecord(
            GmailForwarderHarness.RoutingEventTo("drill-team", ("team@example.test", a), ("team@example.test", b)), "sqs-drill-team"))).Should().BeEmpty();
        var inAWhileRevoked = await forwarder.Gmail.StoredAsync(a, Token);
        var inBWhileRevoked = await forwarder.Gmail.StoredAsync(b, Token);
        var parked = await VisibleAsync(retryQueue);
        await forwarder.Gmail.RestoreAsync(b, Token);
        emulator.Functions[Forwarder] = forwarder.Handle;
        var ended = await emulator.RunAsync(stack.Outputs["RetryProcessorStateMachineArn"], "{}");

        inAWhileRevoked.Should().ContainSingle();
        inBWhileRevoked.Should().BeEmpty();
        parked.Should().Be(1, "only the revoked account's copy is parked");
        ended["status"]!.GetValue<string>().Should().Be("SUCCEEDED", ended["cause"]?.ToString());
        JsonNode.Parse(ended["output"]!.GetValue<string>())!["delivered"]!.GetValue<int>().Should().Be(1);
        (await forwarder.Gmail.StoredAsync(b, Token)).Should().ContainSingle("the replay delivers into the account that was missing the mail");
        (await forwarder.Gmail.StoredAsync(a, Token)).Should().ContainSingle("and never again into the one that had it");
        (await VisibleAsync(retryQueue)).Should().Be(0);
    }

    [Fact]
    public async Task Drill_TokenLeftRevoked_MailIsTriedThreeTimesThenWaitsInTheRetryDlq()
    {
        var stack = await ProvisionAsync();
        var retryQueue = stack.Outputs["RetryQueueUrl"];
        var deadLetters = stack.Outputs["RetryDeadLetterQueueUrl"];
        using var forwarder = new GmailForwarderHarness(emulator.BaseUrl, retryQueue, deadLetters);
        await forwarder.Gmail.RevokeAsync(forwarder.Mailbox, Token);
        var dlqBefore = await VisibleAsync(deadLetters);
        forwarder.Objects.Put("drill-stuck", GmailStandInDriver.Fixture("report.eml"));
        var replays = 0;
        emulator.Functions[Forwarder] = evt =>
        {
            Interlocked.Increment(ref replays);
            return forwarder.Handle(evt);
        };

        await forwarder.InvokeAsync(GmailForwarderHarness.SqsRecord(GmailForwarderHarness.RoutingEvent("drill-stuck", "support@example.test"), "sqs-drill-stuck"));
        var ended = await emulator.RunAsync(stack.Outputs["RetryProcessorStateMachineArn"], "{}");
        var again = await emulator.RunAsync(stack.Outputs["RetryProcessorStateMachineArn"], "{}");
        var dead = (await emulator.Sqs.OkAsync("ReceiveMessage", new JsonObject { ["QueueUrl"] = deadLetters, ["MaxNumberOfMessages"] = 10, ["MessageAttributeNames"] = new JsonArray("All") }, Token))["Messages"]?.AsArray() ?? [];

        ended["status"]!.GetValue<string>().Should().Be("SUCCEEDED", ended["cause"]?.ToString());
        replays.Should().Be(2, "the first delivery and two replays make three tries; the re-parked copy is replayed in the same execution");
        again["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        again["output"]!.GetValue<string>().Should().Be("""{"batches":1,"delivered":0,"kept":0,"heldBack":0}""", "one empty receive: nothing circulates any more");
        (await VisibleAsync(retryQueue)).Should().Be(0);
        dead.Should().HaveCount(dlqBefore + 1);
        var stuck = dead.Single(m => JsonNode.Parse(m!["Body"]!.GetValue<string>())!["detail"]!["originalMessageId"]!.GetValue<string>() == "drill-stuck")!;
        stuck["MessageAttributes"]!["attempt_count"]!["StringValue"]!.GetValue<string>().Should().Be("3");
        (await forwarder.StoredAsync()).Should().BeEmpty();
    }
}
