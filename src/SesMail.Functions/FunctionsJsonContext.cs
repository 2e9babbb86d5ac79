using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Aws.Events;
using SesMail.Functions.Gmail;
using SesMail.Functions.Routing;

namespace SesMail.Functions;

/// <summary>
/// The one source-generated JSON context of SesMail.Functions: every wire type the functions read or write is listed
/// here (reflection-based serialization is off in this project, so a missing entry fails in tests).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SnsEnvelope))]
[JsonSerializable(typeof(SesNotification))]
[JsonSerializable(typeof(EventBridgeEvent<RoutingDetail>))]
[JsonSerializable(typeof(RoutingDetail))]
[JsonSerializable(typeof(List<RoutingDetail>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(GmailMessage))]
[JsonSerializable(typeof(GmailListMessagesResponse))]
[JsonSerializable(typeof(GoogleApiErrorResponse))]
[JsonSerializable(typeof(SmtpCredentials.SmtpCredentialsPayload))]
[JsonSerializable(typeof(OutboundMetrics.SesEventSummary))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;
