namespace SesMail.Functions.Routing;

/// <summary>The <c>reason</c> values of router target entries (docs/ARCHITECTURE.md#security-verdicts and #the-routing-decision-event).</summary>
public static class RoutingReasons
{
    /// <summary>A rule said <c>bounce</c>.</summary>
    public const string Policy = "policy";

    /// <summary>DKIM or SPF failed (and no stronger verdict applied): bounce.</summary>
    public const string AuthFail = "auth-fail";

    /// <summary>Spam verdict FAIL: silent drop.</summary>
    public const string Spam = "spam";

    /// <summary>Virus verdict FAIL: silent drop.</summary>
    public const string Virus = "virus";

    /// <summary>DMARC FAIL with policy <c>reject</c>: silent drop.</summary>
    public const string DmarcReject = "dmarc-reject";
}
