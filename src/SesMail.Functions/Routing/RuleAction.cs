using System.Text.Json.Serialization;

namespace SesMail.Functions.Routing;

/// <summary>
/// One action of a routing rule: an entry <c>{"type": "…", "target": "…"}</c> of the rule item's <c>actions</c> list
/// (docs/OPERATIONS.md, "Routing rules"), or the single <c>action</c>/<c>target</c> pair of an item written before
/// rules had several actions.
/// </summary>
/// <param name="Type"><c>forward-to-gmail</c>, <c>bounce</c> or <c>store</c>; any other text is kept as stored so the
/// router can report it (it routes as <c>store</c> and counts a data problem).</param>
/// <param name="Target">For <c>forward-to-gmail</c>, the Gmail account the message is imported into; <c>""</c> for the
/// other types.</param>
public sealed record RuleAction(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("target")] string Target)
{
    /// <summary>The type read for an entry of <c>actions</c> that is not a map with a string <c>type</c>.</summary>
    public const string MalformedType = "(malformed)";

    /// <summary>Whether <see cref="Type"/> is one of the three rule actions.</summary>
    [JsonIgnore]
    public bool IsKnown => Type is RoutingActionNames.ForwardToGmail or RoutingActionNames.Bounce or RoutingActionNames.Store;

    /// <summary>
    /// Whether two actions do the same thing: same type, and for <c>forward-to-gmail</c> the same account (addresses
    /// compared case-insensitively, as mail systems compare domains and Gmail compares local parts).
    /// </summary>
    /// <param name="other">The other action.</param>
    /// <returns><c>true</c> when routing both would deliver twice into the same place.</returns>
    public bool SameAs(RuleAction other) =>
        string.Equals(Type, other.Type, StringComparison.Ordinal) &&
        (Type != RoutingActionNames.ForwardToGmail || string.Equals(Target.Trim(), other.Target.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>How the CLI and logs show the action: <c>forward-to-gmail a@gmail.com</c>, <c>bounce</c>.</summary>
    /// <returns>The type, then the target when there is one.</returns>
    public override string ToString() => Target.Length > 0 ? $"{Type} {Target}" : Type;
}
