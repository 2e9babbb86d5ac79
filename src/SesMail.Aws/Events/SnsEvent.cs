using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The event SNS invokes a subscribed function with, one record per notification
/// (<see href="https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html">Invoking Lambda functions with Amazon SNS notifications</see>).
/// </summary>
/// <param name="Records">The notifications (SNS sends one per invocation).</param>
public sealed record SnsEvent(
    [property: JsonPropertyName("Records")] IReadOnlyList<SnsEvent.SnsRecord> Records)
{
    /// <summary>One notification.</summary>
    /// <param name="EventSource">Always <c>aws:sns</c>.</param>
    /// <param name="EventVersion"><c>1.0</c>.</param>
    /// <param name="EventSubscriptionArn">The subscription that delivered it.</param>
    /// <param name="Sns">The notification itself.</param>
    public sealed record SnsRecord(
        [property: JsonPropertyName("EventSource")] string EventSource,
        [property: JsonPropertyName("EventVersion")] string EventVersion,
        [property: JsonPropertyName("EventSubscriptionArn")] string EventSubscriptionArn,
        [property: JsonPropertyName("Sns")] SnsMessage Sns);

    /// <summary>
    /// The notification as Lambda receives it: the members of the JSON envelope (<see cref="SnsEnvelope"/>), with
    /// <c>SigningCertUrl</c> and <c>UnsubscribeUrl</c> spelled as Lambda spells them.
    /// </summary>
    /// <param name="Type"><c>Notification</c>.</param>
    /// <param name="MessageId">The SNS message id.</param>
    /// <param name="TopicArn">The topic.</param>
    /// <param name="Subject">The subject, or <c>null</c>.</param>
    /// <param name="Message">The published text (for SES event publishing: the event JSON).</param>
    /// <param name="Timestamp">ISO-8601 UTC publish time.</param>
    /// <param name="SignatureVersion"><c>1</c>.</param>
    /// <param name="Signature">Base64 signature.</param>
    /// <param name="SigningCertUrl">The signing certificate's URL.</param>
    /// <param name="UnsubscribeUrl">The URL that unsubscribes.</param>
    /// <param name="MessageAttributes">Attributes by name, each <c>{"Type","Value"}</c>.</param>
    public sealed record SnsMessage(
        [property: JsonPropertyName("Type")] string Type,
        [property: JsonPropertyName("MessageId")] string MessageId,
        [property: JsonPropertyName("TopicArn")] string TopicArn,
        [property: JsonPropertyName("Subject")] string? Subject,
        [property: JsonPropertyName("Message")] string Message,
        [property: JsonPropertyName("Timestamp")] string Timestamp,
        [property: JsonPropertyName("SignatureVersion")] string SignatureVersion,
        [property: JsonPropertyName("Signature")] string Signature,
        [property: JsonPropertyName("SigningCertUrl")] string SigningCertUrl,
        [property: JsonPropertyName("UnsubscribeUrl")] string UnsubscribeUrl,
        [property: JsonPropertyName("MessageAttributes")] IReadOnlyDictionary<string, SnsEnvelope.SnsMessageAttribute> MessageAttributes);
}
