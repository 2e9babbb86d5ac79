using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The event Lambda builds from an SQS batch for an event source mapping
/// (<see href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event">Using Lambda with Amazon SQS</see>).
/// An EventBridge Pipe with an SQS source hands its enrichment the bare <see cref="Records"/> array instead
/// (<see href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html">Amazon SQS as a pipe source</see>).
/// </summary>
/// <remarks>
/// The one definition of this shape in SesMail: the functions read it, and whatever stands in for Lambda or Pipes
/// locally writes it with <see cref="SqsMessage.Create"/> and <see cref="LambdaEventsJsonContext"/>, so that what a
/// function receives locally is what Lambda sends. Written with null members left out, as Lambda does.
/// </remarks>
/// <param name="Records">The batch, oldest first.</param>
public sealed record SqsEvent(
    [property: JsonPropertyName("Records")] IReadOnlyList<SqsEvent.SqsMessage> Records)
{
    /// <summary>The value of <see cref="SqsMessage.EventSource"/>.</summary>
    public const string EventSourceName = "aws:sqs";

    /// <summary>One SQS message of the batch.</summary>
    /// <param name="MessageId">The SQS message id; the item identifier of <see cref="SqsBatchResponse"/>.</param>
    /// <param name="ReceiptHandle">The receipt handle of this receive.</param>
    /// <param name="Body">The message body as sent (for the SesMail queues: JSON text).</param>
    /// <param name="Attributes">System attributes such as <c>ApproximateReceiveCount</c>, <c>SentTimestamp</c> and
    /// <c>ApproximateFirstReceiveTimestamp</c> (epoch milliseconds) and <c>SenderId</c>; every value is a string.</param>
    /// <param name="MessageAttributes">User message attributes by name; an empty object when there are none.</param>
    /// <param name="Md5OfBody">Hex MD5 of <paramref name="Body"/>.</param>
    /// <param name="Md5OfMessageAttributes">Hex MD5 of the message attributes as SQS reported it on receive, or
    /// <c>null</c> (member left out) when SQS reported none.</param>
    /// <param name="EventSource">Always <c>aws:sqs</c>.</param>
    /// <param name="EventSourceArn">The queue ARN.</param>
    /// <param name="AwsRegion">The queue's region.</param>
    public sealed record SqsMessage(
        [property: JsonPropertyName("messageId")] string MessageId,
        [property: JsonPropertyName("receiptHandle")] string? ReceiptHandle,
        [property: JsonPropertyName("body")] string? Body,
        [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string>? Attributes,
        [property: JsonPropertyName("messageAttributes")] IReadOnlyDictionary<string, MessageAttribute>? MessageAttributes,
        [property: JsonPropertyName("md5OfBody")] string? Md5OfBody,
        [property: JsonPropertyName("md5OfMessageAttributes")] string? Md5OfMessageAttributes,
        [property: JsonPropertyName("eventSource")] string? EventSource,
        [property: JsonPropertyName("eventSourceARN")] string? EventSourceArn,
        [property: JsonPropertyName("awsRegion")] string? AwsRegion)
    {
        /// <summary>
        /// The record Lambda (or a pipe) writes for one received message: every member present (an empty body or
        /// MD5 as <c>""</c>, no attributes as <c>{}</c>), <c>eventSource</c> <c>aws:sqs</c>, and
        /// <c>md5OfMessageAttributes</c> only when SQS reported one.
        /// </summary>
        /// <param name="messageId">The SQS <c>MessageId</c>.</param>
        /// <param name="receiptHandle">The <c>ReceiptHandle</c> of this receive.</param>
        /// <param name="body">The <c>Body</c>; <c>null</c> is written as <c>""</c>.</param>
        /// <param name="attributes">The system attributes as <c>ReceiveMessage</c> returned them (<c>All</c>).</param>
        /// <param name="messageAttributes">The message attributes, built with <see cref="MessageAttribute.FromString"/>
        /// or <see cref="MessageAttribute.FromBinary"/>.</param>
        /// <param name="md5OfBody">The <c>MD5OfBody</c>; <c>null</c> is written as <c>""</c>.</param>
        /// <param name="md5OfMessageAttributes">The <c>MD5OfMessageAttributes</c>, or <c>null</c>.</param>
        /// <param name="queueArn">The source queue ARN.</param>
        /// <param name="region">The queue's region, e.g. <c>ap-southeast-2</c>.</param>
        /// <returns>The record.</returns>
        public static SqsMessage Create(
            string messageId,
            string receiptHandle,
            string? body,
            IEnumerable<KeyValuePair<string, string>>? attributes,
            IEnumerable<KeyValuePair<string, MessageAttribute>>? messageAttributes,
            string? md5OfBody,
            string? md5OfMessageAttributes,
            string queueArn,
            string region) => new(
                messageId,
                receiptHandle,
                body ?? string.Empty,
                new Dictionary<string, string>(attributes ?? [], StringComparer.Ordinal),
                new Dictionary<string, MessageAttribute>(messageAttributes ?? [], StringComparer.Ordinal),
                md5OfBody ?? string.Empty,
                string.IsNullOrEmpty(md5OfMessageAttributes) ? null : md5OfMessageAttributes,
                EventSourceName,
                queueArn,
                region);
    }

    /// <summary>One SQS message attribute as Lambda presents it.</summary>
    /// <param name="StringValue">The value of a <c>String</c> or <c>Number</c> attribute; left out for <c>Binary</c>.</param>
    /// <param name="BinaryValue">The base64 value of a <c>Binary</c> attribute; left out otherwise.</param>
    /// <param name="StringListValues">Reserved by SQS; always written as <c>[]</c>.</param>
    /// <param name="BinaryListValues">Reserved by SQS; always written as <c>[]</c>.</param>
    /// <param name="DataType"><c>String</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix
    /// (<c>String.json</c>).</param>
    public sealed record MessageAttribute(
        [property: JsonPropertyName("stringValue")] string? StringValue,
        [property: JsonPropertyName("binaryValue")] string? BinaryValue,
        [property: JsonPropertyName("stringListValues")] IReadOnlyList<string>? StringListValues,
        [property: JsonPropertyName("binaryListValues")] IReadOnlyList<string>? BinaryListValues,
        [property: JsonPropertyName("dataType")] string DataType)
    {
        /// <summary>A <c>String</c> or <c>Number</c> attribute as Lambda writes it.</summary>
        /// <param name="dataType">The data type, e.g. <c>String</c>.</param>
        /// <param name="value">The value.</param>
        /// <returns>The attribute.</returns>
        public static MessageAttribute FromString(string dataType, string? value) => new(value, null, [], [], dataType);

        /// <summary>A <c>Binary</c> attribute as Lambda writes it (the value base64-encoded).</summary>
        /// <param name="dataType">The data type, e.g. <c>Binary</c>.</param>
        /// <param name="value">The raw bytes.</param>
        /// <returns>The attribute.</returns>
        public static MessageAttribute FromBinary(string dataType, ReadOnlySpan<byte> value) => new(null, Convert.ToBase64String(value), [], [], dataType);
    }
}
