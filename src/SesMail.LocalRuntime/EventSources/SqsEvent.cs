using System.Text.Json.Serialization;

namespace SesMail.LocalRuntime.EventSources;

/// <summary>
/// The event Lambda builds from an SQS batch (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event).
/// </summary>
/// <param name="Records">The messages of the batch.</param>
internal sealed record SqsEvent([property: JsonPropertyName("Records")] IReadOnlyList<SqsEvent.SqsRecord> Records)
{
    /// <summary>One message as Lambda and EventBridge Pipes present it.</summary>
    /// <param name="MessageId">The SQS message id.</param>
    /// <param name="ReceiptHandle">The receipt handle of this receive.</param>
    /// <param name="Body">The message body.</param>
    /// <param name="Attributes">System attributes (<c>ApproximateReceiveCount</c>, <c>SentTimestamp</c> in epoch milliseconds as a string, <c>SenderId</c>, <c>ApproximateFirstReceiveTimestamp</c>).</param>
    /// <param name="MessageAttributes">Message attributes, in Lambda's camel-case shape.</param>
    /// <param name="Md5OfBody">Hex MD5 of the body.</param>
    /// <param name="EventSource">Always <c>aws:sqs</c>.</param>
    /// <param name="EventSourceArn">The queue ARN.</param>
    /// <param name="AwsRegion">The queue's region.</param>
    internal sealed record SqsRecord(
        [property: JsonPropertyName("messageId")] string MessageId,
        [property: JsonPropertyName("receiptHandle")] string ReceiptHandle,
        [property: JsonPropertyName("body")] string Body,
        [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string> Attributes,
        [property: JsonPropertyName("messageAttributes")] IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes,
        [property: JsonPropertyName("md5OfBody")] string Md5OfBody,
        [property: JsonPropertyName("eventSource")] string EventSource,
        [property: JsonPropertyName("eventSourceARN")] string EventSourceArn,
        [property: JsonPropertyName("awsRegion")] string AwsRegion);

    /// <summary>A message attribute as Lambda writes it (binary values Base64).</summary>
    /// <param name="StringValue">String and Number values.</param>
    /// <param name="BinaryValue">Binary values, Base64.</param>
    /// <param name="StringListValues">Always empty (reserved by SQS).</param>
    /// <param name="BinaryListValues">Always empty (reserved by SQS).</param>
    /// <param name="DataType"><c>String</c>, <c>Number</c> or <c>Binary</c>, with any custom suffix.</param>
    internal sealed record SqsMessageAttribute(
        [property: JsonPropertyName("stringValue")] string? StringValue,
        [property: JsonPropertyName("binaryValue")] string? BinaryValue,
        [property: JsonPropertyName("stringListValues")] IReadOnlyList<string> StringListValues,
        [property: JsonPropertyName("binaryListValues")] IReadOnlyList<string> BinaryListValues,
        [property: JsonPropertyName("dataType")] string DataType);
}

/// <summary>
/// A function's partial-batch answer (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting).
/// </summary>
/// <param name="BatchItemFailures">The failed records; <c>null</c> or empty when all succeeded.</param>
internal sealed record SqsBatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<SqsBatchResponse.BatchItemFailure>? BatchItemFailures)
{
    /// <summary>One failed record.</summary>
    /// <param name="ItemIdentifier">The record's <c>messageId</c>.</param>
    internal sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string? ItemIdentifier);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(IReadOnlyList<SqsEvent.SqsRecord>))]
[JsonSerializable(typeof(SqsBatchResponse))]
internal sealed partial class EventSourcesJsonContext : JsonSerializerContext;
