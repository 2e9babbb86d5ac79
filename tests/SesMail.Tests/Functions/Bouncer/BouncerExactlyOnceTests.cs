using System.Net;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions.Bouncer;
using SesMail.Testing.Functions.Bouncer;

namespace SesMail.Tests.Functions.Bouncer;

/// <summary>
/// The bouncer across crashes and lost answers (docs/DELIVERY.md, "The bouncer"): never a second notification; a
/// holder that died before calling SES is taken over, so the notification is still sent once.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class BouncerExactlyOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<Exception> LostAnswers() => new()
    {
        new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing."),
        new Amazon.SimpleEmail.AmazonSimpleEmailServiceException("Could not reach the email endpoint: Connection reset by peer", "ServiceUnavailable", string.Empty, HttpStatusCode.ServiceUnavailable),
        new Amazon.SimpleEmail.AmazonSimpleEmailServiceException("We encountered an internal error. Please try again.", "InternalFailure", "r-1", HttpStatusCode.InternalServerError),
    };

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task HandleAsync_AnswerOfSesLost_AcknowledgesCountsUnknownAndNeverSendsAgain(Exception lost)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ledger = new InMemoryBounceLedger(clock);
        using var harness = new BouncerHarness(ledger: ledger);
        harness.Sender.FailWith = lost;

        var first = await harness.InvokeAsync(BouncerHarness.BounceEvent());
        harness.Sender.FailWith = null;
        clock.Advance(DynamoDbBounceLedger.Lease + TimeSpan.FromSeconds(1));
        var redelivered = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        first["batchItemFailures"]!.AsArray().Should().BeEmpty("retrying could send a second notification");
        redelivered["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().BeEmpty();
        ledger.Entries["case-bounce"].Should().Be("sending");
        harness.Metrics["BounceOutcomeUnknown"].Should().Be(2);
        harness.Logs.Where(l => l.GetProperty("level").GetString() == "ERROR").Select(l => l.TryGetProperty("reason", out var reason) ? reason.GetString() : null)
            .Should().Contain(BouncerFunction.OutcomeUnknown);
    }

    [Fact]
    public async Task HandleAsync_ConnectionRefused_ReleasesSoTheRetrySendsOnce()
    {
        using var harness = new BouncerHarness();
        var refused = new Amazon.SimpleEmail.AmazonSimpleEmailServiceException("Could not reach the email endpoint: Connection refused", "ServiceUnavailable", string.Empty, HttpStatusCode.ServiceUnavailable);
        refused.Data[SesMail.Aws.Clients.AwsRequestOutcome.NotSentKey] = true;
        harness.Sender.FailWith = refused;

        var first = await harness.InvokeAsync(BouncerHarness.BounceEvent());
        harness.Sender.FailWith = null;
        var retry = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        first["batchItemFailures"]!.AsArray().Should().ContainSingle();
        retry["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().ContainSingle();
        harness.Ledger.Entries["case-bounce"].Should().Be("sent:ses-notice-1");
    }

    [Fact]
    public async Task HandleAsync_HolderDiedBeforeCallingSes_TakenOverAfterTheLeaseAndSentOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ledger = new InMemoryBounceLedger(clock);
        using var harness = new BouncerHarness(ledger: ledger);
        (await ledger.ClaimAsync("case-bounce", Ct)).Outcome.Should().Be(BounceClaimOutcome.Claimed);

        var during = await harness.InvokeAsync(BouncerHarness.BounceEvent());
        clock.Advance(DynamoDbBounceLedger.Lease + TimeSpan.FromSeconds(1));
        var after = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        during["batchItemFailures"]!.AsArray().Should().ContainSingle("the holder may still be alive within its lease");
        after["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().ContainSingle();
    }

    [Fact]
    public async Task HandleAsync_HolderDiedWhileSending_SendsNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ledger = new InMemoryBounceLedger(clock);
        using var harness = new BouncerHarness(ledger: ledger);
        var claim = await ledger.ClaimAsync("case-bounce", Ct);
        (await ledger.MarkSendingAsync(claim, Ct)).Should().BeTrue();
        clock.Advance(DynamoDbBounceLedger.Lease + TimeSpan.FromSeconds(1));

        var response = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        response["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().BeEmpty();
        harness.Metrics["BounceOutcomeUnknown"].Should().Be(1);
    }

    [Theory]
    [InlineData(400, "MessageRejected", true)]
    [InlineData(400, "Throttling", true)]
    [InlineData(500, "InternalFailure", false)]
    [InlineData(503, "ServiceUnavailable", false)]
    public void CertainlyNotApplied_ServiceAnswers_Only4xxProvesNothingWasSent(int status, string code, bool notApplied) =>
        SesMail.Aws.Clients.AwsRequestOutcome.CertainlyNotApplied(new Amazon.SimpleEmail.AmazonSimpleEmailServiceException("m", code, "r-1", (HttpStatusCode)status)).Should().Be(notApplied);
}
