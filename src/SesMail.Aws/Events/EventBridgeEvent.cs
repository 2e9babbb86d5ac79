using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The EventBridge event envelope, as a bus rule delivers it to an SQS target (the SQS body)
/// (<see href="https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html">EventBridge event structure</see>).
/// </summary>
/// <typeparam name="TDetail">The type of <see cref="Detail"/>; for router events the router's <c>RoutingDetail</c>.</typeparam>
/// <param name="Version">Always <c>0</c>.</param>
/// <param name="Id">The event id (a UUID).</param>
/// <param name="DetailType">The <c>detail-type</c>, e.g. <c>Email Routing Decision</c>.</param>
/// <param name="Source">The <c>source</c>, e.g. <c>ses.email.router</c>.</param>
/// <param name="Account">The 12-digit account id.</param>
/// <param name="Time">The event time, ISO-8601 UTC with second precision (<c>2025-01-18T10:00:00Z</c>).</param>
/// <param name="Region">The bus region.</param>
/// <param name="Resources">ARNs the event concerns (router events: empty).</param>
/// <param name="Detail">The event-specific payload.</param>
public sealed record EventBridgeEvent<TDetail>(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("detail-type")] string? DetailType,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("time")] string? Time,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("resources")] IReadOnlyList<string>? Resources,
    [property: JsonPropertyName("detail")] TDetail? Detail);
