using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The event Lambda receives from an SQS event source mapping
/// (<see href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Using Lambda with Amazon SQS</see>).
/// An EventBridge Pipe with an SQS source hands its enrichment the bare <see cref="Records"/> array instead.
/// </summary>
/// <param name="Records">The batch, oldest first.</param>
public sealed record SqsEvent(
    [property: JsonPropertyName("Records")] IReadOnlyList<SqsEvent.SqsMessage> Records)
{
    /// <summary>One SQS message of the batch.</summary>
    /// <param name="MessageId">The SQS message id; the item identifier of <see cref="SqsBatchResponse"/>.</param>
    /// <param name="ReceiptHandle">The receipt handle of this receive.</param>
    /// <param name="Body">The message body as sent (for the SesMail queues: JSON text).</param>
    /// <param name="Attributes">System attributes such as <c>ApproximateReceiveCount</c> and <c>SentTimestamp</c>
    /// (epoch milliseconds); every value is a string.</param>
    /// <param name="MessageAttributes">User message attributes by name.</param>
    /// <param name="Md5OfBody">Hex MD5 of <paramref name="Body"/>.</param>
    /// <param name="Md5OfMessageAttributes">Hex MD5 of the message attributes, or <c>null</c> when there are none.</param>
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
        [property: JsonPropertyName("awsRegion")] string? AwsRegion);

    /// <summary>One SQS message attribute as Lambda presents it.</summary>
    /// <param name="StringValue">The value of a <c>String</c> or <c>Number</c> attribute.</param>
    /// <param name="BinaryValue">The base64 value of a <c>Binary</c> attribute.</param>
    /// <param name="StringListValues">Reserved by AWS; always empty.</param>
    /// <param name="BinaryListValues">Reserved by AWS; always empty.</param>
    /// <param name="DataType"><c>String</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix.</param>
    public sealed record MessageAttribute(
        [property: JsonPropertyName("stringValue")] string? StringValue,
        [property: JsonPropertyName("binaryValue")] string? BinaryValue,
        [property: JsonPropertyName("stringListValues")] IReadOnlyList<string>? StringListValues,
        [property: JsonPropertyName("binaryListValues")] IReadOnlyList<string>? BinaryListValues,
        [property: JsonPropertyName("dataType")] string DataType);
}
