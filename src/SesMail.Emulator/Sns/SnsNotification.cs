using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sns;

/// <summary>
/// The JSON envelope SNS delivers to SQS (and HTTP) subscribers without raw delivery
/// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html#http-notification-json).
/// </summary>
/// <remarks>Member order is AWS's; <c>Subject</c> and <c>MessageAttributes</c> are left out when absent.</remarks>
internal sealed record SnsNotification(
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("MessageId")] string MessageId,
    [property: JsonPropertyName("TopicArn")] string TopicArn,
    [property: JsonPropertyName("Subject")] string? Subject,
    [property: JsonPropertyName("Message")] string Message,
    [property: JsonPropertyName("Timestamp")] string Timestamp,
    [property: JsonPropertyName("SignatureVersion")] string SignatureVersion,
    [property: JsonPropertyName("Signature")] string Signature,
    [property: JsonPropertyName("SigningCertURL")] string SigningCertURL,
    [property: JsonPropertyName("UnsubscribeURL")] string UnsubscribeURL,
    [property: JsonPropertyName("MessageAttributes")] IReadOnlyDictionary<string, SnsNotificationAttribute>? MessageAttributes);

/// <summary>A message attribute inside the envelope: <c>{"Type":"String","Value":"…"}</c>; binary values are base64.</summary>
internal sealed record SnsNotificationAttribute(
    [property: JsonPropertyName("Type")] string Type,
    [property: JsonPropertyName("Value")] string Value);
