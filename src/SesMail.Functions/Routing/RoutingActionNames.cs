namespace SesMail.Functions.Routing;

/// <summary>The action keys of the router's output (docs/ARCHITECTURE.md#the-routing-decision-event), spelled as on the wire.</summary>
public static class RoutingActionNames
{
    /// <summary><c>forward-to-gmail</c>: the forwarder imports the message into Gmail.</summary>
    public const string ForwardToGmail = "forward-to-gmail";

    /// <summary><c>bounce</c>: the bouncer sends a delivery-status notification.</summary>
    public const string Bounce = "bounce";

    /// <summary><c>store</c>: no handler; the object stays in S3 (also the default when no rule matches).</summary>
    public const string Store = "store";

    /// <summary><c>silent-drop</c>: set by a spam, virus or DMARC-reject verdict only; no handler.</summary>
    public const string SilentDrop = "silent-drop";

    /// <summary><c>spam</c>: legacy key, always empty.</summary>
    public const string Spam = "spam";
}
