using System.Text.Json.Serialization;

namespace SesMail.Functions.OutboundMetrics;

/// <summary>
/// The members of an SES event-publishing record the metrics publisher reads
/// (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html): its <c>eventType</c>
/// (<c>Send</c>, <c>Delivery</c>, <c>Bounce</c>, <c>Complaint</c>, <c>Reject</c>, …) and, for bounces, the bounce type.
/// </summary>
/// <param name="EventType">The event type; SES notifications (not event publishing) name it <c>notificationType</c>.</param>
/// <param name="NotificationType">The type of an SES notification (identity feedback), read when <c>eventType</c> is absent.</param>
/// <param name="Bounce">The bounce object of a <c>Bounce</c> event.</param>
internal sealed record SesEventSummary(
    [property: JsonPropertyName("eventType")] string? EventType,
    [property: JsonPropertyName("notificationType")] string? NotificationType,
    [property: JsonPropertyName("bounce")] SesEventSummary.BounceSummary? Bounce)
{
    /// <summary>The bounce's classification.</summary>
    /// <param name="BounceType"><c>Permanent</c>, <c>Transient</c> or <c>Undetermined</c>.</param>
    internal sealed record BounceSummary([property: JsonPropertyName("bounceType")] string? BounceType);
}
