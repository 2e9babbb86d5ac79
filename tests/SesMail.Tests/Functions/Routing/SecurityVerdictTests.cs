using SesMail.Aws.Events;
using SesMail.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

[Trait("Kind", "Unit")]
public sealed class SecurityVerdictTests
{
    // Columns: virus, spam, dmarc, dmarcPolicy, dkim, spf → expected reason (null = rules decide).
    public static TheoryData<string?, string?, string?, string?, string?, string?, string?> Rows => new()
    {
        { "PASS", "PASS", "PASS", null, "PASS", "PASS", null },
        { "FAIL", "PASS", "PASS", null, "PASS", "PASS", "virus" },
        { "PASS", "FAIL", "PASS", null, "PASS", "PASS", "spam" },
        { "PASS", "PASS", "FAIL", "reject", "PASS", "PASS", "dmarc-reject" },
        { "PASS", "PASS", "PASS", null, "FAIL", "PASS", "auth-fail" },
        { "PASS", "PASS", "PASS", null, "PASS", "FAIL", "auth-fail" },
        // Precedence: virus over spam over DMARC reject over DKIM over SPF.
        { "FAIL", "FAIL", "FAIL", "reject", "FAIL", "FAIL", "virus" },
        { "PASS", "FAIL", "FAIL", "reject", "FAIL", "FAIL", "spam" },
        { "PASS", "PASS", "FAIL", "reject", "FAIL", "FAIL", "dmarc-reject" },
        // DMARC FAIL with policy none/quarantine is not a verdict by itself; rows 4-5 still apply.
        { "PASS", "PASS", "FAIL", "none", "PASS", "PASS", null },
        { "PASS", "PASS", "FAIL", "quarantine", "PASS", "PASS", null },
        { "PASS", "PASS", "FAIL", "quarantine", "FAIL", "PASS", "auth-fail" },
        // Policy compared exactly.
        { "PASS", "PASS", "FAIL", "REJECT", "PASS", "PASS", null },
        // Status compared case-insensitively.
        { "fail", "PASS", "PASS", null, "PASS", "PASS", "virus" },
        { "PASS", "Fail", "PASS", null, "PASS", "PASS", "spam" },
        // Only FAIL triggers.
        { "GRAY", "PROCESSING_FAILED", "DISABLED", "reject", "GRAY", "PROCESSING_FAILED", null },
        // Missing verdicts are not FAIL.
        { null, null, null, null, null, null, null },
        { null, null, null, null, "FAIL", null, "auth-fail" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Evaluate_Receipt_AppliesPrecedenceTable(string? virus, string? spam, string? dmarc, string? policy, string? dkim, string? spf, string? expectedReason)
    {
        var receipt = new SesNotification.ReceiptObject
        {
            VirusVerdict = Verdict(virus),
            SpamVerdict = Verdict(spam),
            DmarcVerdict = Verdict(dmarc),
            DmarcPolicy = policy,
            DkimVerdict = Verdict(dkim),
            SpfVerdict = Verdict(spf),
        };

        SecurityVerdict.Evaluate(receipt)?.Reason.Should().Be(expectedReason);
        if (expectedReason is null)
        {
            SecurityVerdict.Evaluate(receipt).Should().BeNull();
        }
    }

    [Theory]
    [InlineData("virus", "silent-drop", "VirusDetected")]
    [InlineData("spam", "silent-drop", "SpamDetected")]
    [InlineData("dmarc-reject", "silent-drop", "DmarcRejectDetected")]
    [InlineData("auth-fail", "bounce", "AuthFailDetected")]
    public void Verdict_Reason_MapsToActionAndMetric(string reason, string action, string metric)
    {
        var verdict = new[] { SecurityVerdict.Virus, SecurityVerdict.Spam, SecurityVerdict.DmarcReject, SecurityVerdict.AuthFail }.Single(v => v.Reason == reason);

        verdict.Action.Should().Be(action);
        verdict.MetricName.Should().Be(metric);
    }

    private static SesNotification.VerdictObject? Verdict(string? status) => status is null ? null : new(status);
}
