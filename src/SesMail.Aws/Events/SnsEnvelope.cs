using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The JSON document SNS delivers to an SQS or HTTP subscriber without raw message delivery
/// (<see href="https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html">Amazon SNS message and JSON formats</see>).
/// </summary>
/// <param name="Type"><c>Notification</c> for published messages (also <c>SubscriptionConfirmation</c>, <c>UnsubscribeConfirmation</c>).</param>
/// <param name="MessageId">The SNS message id.</param>
/// <param name="TopicArn">The topic the message was published to.</param>
/// <param name="Subject">The subject given to <c>Publish</c>, if any.</param>
/// <param name="Message">The published message text (for SES notifications: the notification JSON as a string).</param>
/// <param name="Timestamp">ISO-8601 UTC publish time.</param>
/// <param name="SignatureVersion"><c>1</c> (SHA1) or <c>2</c> (SHA256).</param>
/// <param name="Signature">Base64 signature of the canonical message.</param>
/// <param name="SigningCertUrl">URL of the signing certificate.</param>
/// <param name="UnsubscribeUrl">URL that unsubscribes the endpoint.</param>
/// <param name="MessageAttributes">Message attributes by name, each <c>{"Type","Value"}</c>.</param>
public sealed record SnsEnvelope(
    [property: JsonPropertyName("Type")] string? Type,
    [property: JsonPropertyName("MessageId")] string? MessageId,
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("Subject")] string? Subject,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("Timestamp")] string? Timestamp,
    [property: JsonPropertyName("SignatureVersion")] string? SignatureVersion,
    [property: JsonPropertyName("Signature")] string? Signature,
    [property: JsonPropertyName("SigningCertURL")] string? SigningCertUrl,
    [property: JsonPropertyName("UnsubscribeURL")] string? UnsubscribeUrl,
    [property: JsonPropertyName("MessageAttributes")] IReadOnlyDictionary<string, SnsEnvelope.SnsMessageAttribute>? MessageAttributes)
{
    /// <summary>One SNS message attribute in the JSON envelope.</summary>
    /// <param name="Type"><c>String</c>, <c>String.Array</c>, <c>Number</c> or <c>Binary</c>.</param>
    /// <param name="Value">The value (base64 for <c>Binary</c>).</param>
    public sealed record SnsMessageAttribute(
        [property: JsonPropertyName("Type")] string Type,
        [property: JsonPropertyName("Value")] string? Value);
}
