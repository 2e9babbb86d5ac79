using SesMail.Aws.Events;

namespace SesMail.Functions.Routing;

/// <summary>
/// The message-wide security verdict (docs/ARCHITECTURE.md#security-verdicts), decided once per SES message before any rule is read.
/// </summary>
/// <param name="Reason">The <c>reason</c> written on every target: <c>virus</c>, <c>spam</c>, <c>dmarc-reject</c> or <c>auth-fail</c>.</param>
/// <param name="Action">The action for every recipient: <c>silent-drop</c> or <c>bounce</c>.</param>
/// <param name="MetricName">The metric counting affected recipients.</param>
internal sealed record SecurityVerdict(string Reason, string Action, string MetricName)
{
    /// <summary>Virus verdict FAIL.</summary>
    public static SecurityVerdict Virus { get; } = new(RoutingReasons.Virus, RoutingActionNames.SilentDrop, "VirusDetected");

    /// <summary>Spam verdict FAIL.</summary>
    public static SecurityVerdict Spam { get; } = new(RoutingReasons.Spam, RoutingActionNames.SilentDrop, "SpamDetected");

    /// <summary>DMARC FAIL with policy <c>reject</c>.</summary>
    public static SecurityVerdict DmarcReject { get; } = new(RoutingReasons.DmarcReject, RoutingActionNames.SilentDrop, "DmarcRejectDetected");

    /// <summary>DKIM or SPF FAIL.</summary>
    public static SecurityVerdict AuthFail { get; } = new(RoutingReasons.AuthFail, RoutingActionNames.Bounce, "AuthFailDetected");

    /// <summary>Whether this verdict counts as spam for <c>EmailsSpam</c> (spam or virus).</summary>
    public bool IsSpam => ReferenceEquals(this, Spam) || ReferenceEquals(this, Virus);

    /// <summary>
    /// The verdict for a receipt by precedence: virus, spam, DMARC reject (policy exactly <c>reject</c>), DKIM, SPF;
    /// <c>null</c> when none applies. Only status <c>FAIL</c> (any case) triggers; a missing verdict is not a FAIL.
    /// </summary>
    /// <param name="receipt">The notification's <c>receipt</c>.</param>
    /// <returns>The verdict, or <c>null</c> to let the rules decide.</returns>
    public static SecurityVerdict? Evaluate(SesNotification.ReceiptObject? receipt)
    {
        if (receipt is null)
        {
            return null;
        }

        if (IsFail(receipt.VirusVerdict))
        {
            return Virus;
        }

        if (IsFail(receipt.SpamVerdict))
        {
            return Spam;
        }

        if (IsFail(receipt.DmarcVerdict) && string.Equals(receipt.DmarcPolicy, "reject", StringComparison.Ordinal))
        {
            return DmarcReject;
        }

        return IsFail(receipt.DkimVerdict) || IsFail(receipt.SpfVerdict) ? AuthFail : null;
    }

    private static bool IsFail(SesNotification.VerdictObject? verdict) =>
        string.Equals(verdict?.Status, "FAIL", StringComparison.OrdinalIgnoreCase);
}
