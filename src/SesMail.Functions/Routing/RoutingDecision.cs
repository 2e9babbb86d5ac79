using System.Text.Json;

namespace SesMail.Functions.Routing;

/// <summary>The outcome of routing one SES message: the event detail plus what the logs, tags and metrics need.</summary>
/// <param name="Detail">The detail object for the bus.</param>
/// <param name="Recipients">The decisions, in the order of <c>receipt.recipients</c>: one per recipient decided by a
/// verdict or the default, one per action of the matching rule otherwise (a rule that forwards to two accounts and
/// stores gives that recipient three).</param>
/// <param name="Verdict">The security verdict applied to every recipient, or <c>null</c> when rules decided.</param>
/// <param name="HasDataProblem">Whether a data problem (unknown rule action, unreadable notification) forced a
/// fallback <c>store</c>; counted as <c>RouterEnrichmentFailure</c> (docs/ARCHITECTURE.md#when-routing-fails).</param>
internal sealed record RoutingDecision(
    RoutingDetail Detail, IReadOnlyList<RecipientDecision> Recipients, SecurityVerdict? Verdict, bool HasDataProblem);

/// <summary>One action taken for one recipient (a recipient whose rule has several actions has several).</summary>
/// <param name="Recipient">The recipient as received.</param>
/// <param name="Action">The action key.</param>
/// <param name="LookupKey">The rule key that matched, or <c>null</c> when a verdict or the default decided.</param>
/// <param name="Destination">The rule's target, if any.</param>
/// <param name="Reason">The verdict or bounce reason, if any.</param>
/// <param name="Metadata">The rule's metadata, or <c>null</c> for verdicts.</param>
internal sealed record RecipientDecision(
    string Recipient, string Action, string? LookupKey, string? Destination, string? Reason, JsonElement? Metadata)
{
    /// <summary>The target entry of the event for this decision (docs/ARCHITECTURE.md#the-routing-decision-event).</summary>
    /// <returns>The entry.</returns>
    public RoutingTarget ToTarget() => Action switch
    {
        RoutingActionNames.Bounce when Reason == RoutingReasons.Policy => RoutingTarget.PolicyBounce(Recipient, Metadata),
        RoutingActionNames.Bounce or RoutingActionNames.SilentDrop => RoutingTarget.Verdict(Recipient, Reason ?? string.Empty),
        _ => RoutingTarget.Deliver(Recipient, Destination, Metadata),
    };
}
