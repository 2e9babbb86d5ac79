using System.Text.Json.Serialization;

namespace SesMail.Functions.Routing;

/// <summary>One action's entry in <see cref="RoutingActions"/>: <c>{"count": n, "targets": [...]}</c>, count = targets.</summary>
/// <param name="Count">Number of targets (bus rules match on <c>count &gt; 0</c>).</param>
/// <param name="Targets">One entry per recipient routed to this action.</param>
public sealed record RoutingAction(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("targets")] IReadOnlyList<RoutingTarget> Targets)
{
    /// <summary>No targets.</summary>
    public static RoutingAction None { get; } = new(0, []);

    /// <summary>An entry for the given targets, with the count set from them.</summary>
    /// <param name="targets">The targets.</param>
    /// <returns>The entry.</returns>
    public static RoutingAction Of(IReadOnlyList<RoutingTarget> targets) => targets.Count == 0 ? None : new(targets.Count, targets);
}
