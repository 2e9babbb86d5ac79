using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Aws.Events;

namespace SesMail.Functions.Routing;

/// <summary>
/// The router's decision for one SES message (docs/ARCHITECTURE.md#the-routing-decision-event): the <c>detail</c> of an <c>Email Routing Decision</c>
/// event on the bus, and what the forwarder and bouncer read from their queues.
/// </summary>
/// <param name="OriginalMessageId">The SES <c>mail.messageId</c> (the S3 key under <c>emails/</c>); empty when the
/// router could not read the notification at all.</param>
/// <param name="Ses">The whole SES notification as an object.</param>
/// <param name="Actions">Targets grouped by action; all five keys always present.</param>
public sealed record RoutingDetail(
    [property: JsonPropertyName("originalMessageId")] string OriginalMessageId,
    [property: JsonPropertyName("ses")] SesNotification? Ses,
    [property: JsonPropertyName("actions")] RoutingActions Actions)
{
    /// <summary>
    /// Reads the detail from a handler queue's SQS body: the bus envelope's <c>detail</c>, or the body itself when it
    /// has no <c>detail</c> member (retry-queue replays and tests, docs/ARCHITECTURE.md#the-routing-decision-event).
    /// </summary>
    /// <param name="sqsBody">The SQS message body.</param>
    /// <returns>The routing detail.</returns>
    /// <exception cref="JsonException">The body is not JSON, or not a routing detail.</exception>
    public static RoutingDetail FromSqsBody(string sqsBody)
    {
        using var document = JsonDocument.Parse(sqsBody);
        var root = document.RootElement;
        var element = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) ? detail : root;
        var routing = element.Deserialize(FunctionsJsonContext.Default.RoutingDetail)
            ?? throw new JsonException("The SQS body holds JSON null instead of a routing detail.");

        // Source-generated records do not enforce their members: a detail without them is not a routing detail.
        if (routing.OriginalMessageId is null || routing.Actions is not { } actions ||
            new[] { actions.Store, actions.ForwardToGmail, actions.Bounce, actions.Spam, actions.SilentDrop }.Any(a => a?.Targets is null || a.Targets.Any(t => t?.Target is null)))
        {
            throw new JsonException("The routing detail lacks originalMessageId, or one of the five actions with its targets (each naming its target).");
        }

        return routing;
    }
}
