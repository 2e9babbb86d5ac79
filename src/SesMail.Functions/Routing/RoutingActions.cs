using System.Text.Json.Serialization;

namespace SesMail.Functions.Routing;

/// <summary>The <c>actions</c> object of a <see cref="RoutingDetail"/>: one entry per action key, always all five.</summary>
/// <param name="Store">Recipients whose message just stays in S3.</param>
/// <param name="ForwardToGmail">Recipients to import into Gmail.</param>
/// <param name="Bounce">Recipients to bounce (reason <c>policy</c> or <c>auth-fail</c>).</param>
/// <param name="Spam">Legacy, always empty.</param>
/// <param name="SilentDrop">Recipients dropped by a spam, virus or DMARC-reject verdict.</param>
public sealed record RoutingActions(
    [property: JsonPropertyName(RoutingActionNames.Store)] RoutingAction Store,
    [property: JsonPropertyName(RoutingActionNames.ForwardToGmail)] RoutingAction ForwardToGmail,
    [property: JsonPropertyName(RoutingActionNames.Bounce)] RoutingAction Bounce,
    [property: JsonPropertyName(RoutingActionNames.Spam)] RoutingAction Spam,
    [property: JsonPropertyName(RoutingActionNames.SilentDrop)] RoutingAction SilentDrop)
{
    /// <summary>All five actions with no targets.</summary>
    public static RoutingActions Empty { get; } = new(RoutingAction.None, RoutingAction.None, RoutingAction.None, RoutingAction.None, RoutingAction.None);

    /// <summary>The entry for an action key.</summary>
    /// <param name="action">One of <see cref="RoutingActionNames"/>.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not one of the five keys.</exception>
    public RoutingAction this[string action] => action switch
    {
        RoutingActionNames.Store => Store,
        RoutingActionNames.ForwardToGmail => ForwardToGmail,
        RoutingActionNames.Bounce => Bounce,
        RoutingActionNames.Spam => Spam,
        RoutingActionNames.SilentDrop => SilentDrop,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a routing action key."),
    };
}
