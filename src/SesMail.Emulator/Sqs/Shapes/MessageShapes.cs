using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sqs.Shapes;

// Message shapes (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html).

/// <summary>A message attribute on the wire (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html).</summary>
/// <remarks><c>BinaryValue</c> travels as base64.</remarks>
internal sealed record MessageAttributeValue(
    [property: JsonPropertyName("DataType")] string? DataType,
    [property: JsonPropertyName("StringValue")] string? StringValue,
    [property: JsonPropertyName("BinaryValue")] byte[]? BinaryValue,
    [property: JsonPropertyName("StringListValues")] IReadOnlyList<string>? StringListValues = null,
    [property: JsonPropertyName("BinaryListValues")] IReadOnlyList<byte[]>? BinaryListValues = null);

/// <summary>Input of <c>SendMessage</c>.</summary>
internal sealed record SendMessageRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("MessageBody")] string? MessageBody,
    [property: JsonPropertyName("DelaySeconds")] int? DelaySeconds,
    [property: JsonPropertyName("MessageAttributes")] Dictionary<string, MessageAttributeValue>? MessageAttributes,
    [property: JsonPropertyName("MessageSystemAttributes")] Dictionary<string, MessageAttributeValue>? MessageSystemAttributes,
    [property: JsonPropertyName("MessageDeduplicationId")] string? MessageDeduplicationId,
    [property: JsonPropertyName("MessageGroupId")] string? MessageGroupId);

/// <summary>Output of <c>SendMessage</c>.</summary>
internal sealed record SendMessageResult(
    [property: JsonPropertyName("MessageId")] string MessageId,
    [property: JsonPropertyName("MD5OfMessageBody")] string MD5OfMessageBody,
    [property: JsonPropertyName("MD5OfMessageAttributes")] string? MD5OfMessageAttributes,
    [property: JsonPropertyName("MD5OfMessageSystemAttributes")] string? MD5OfMessageSystemAttributes);

/// <summary>Input of <c>ReceiveMessage</c>.</summary>
/// <remarks><c>AttributeNames</c> is the deprecated spelling of <c>MessageSystemAttributeNames</c>; both are honoured.</remarks>
internal sealed record ReceiveMessageRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("AttributeNames")] IReadOnlyList<string>? AttributeNames,
    [property: JsonPropertyName("MessageSystemAttributeNames")] IReadOnlyList<string>? MessageSystemAttributeNames,
    [property: JsonPropertyName("MessageAttributeNames")] IReadOnlyList<string>? MessageAttributeNames,
    [property: JsonPropertyName("MaxNumberOfMessages")] int? MaxNumberOfMessages,
    [property: JsonPropertyName("VisibilityTimeout")] int? VisibilityTimeout,
    [property: JsonPropertyName("WaitTimeSeconds")] int? WaitTimeSeconds,
    [property: JsonPropertyName("ReceiveRequestAttemptId")] string? ReceiveRequestAttemptId);

/// <summary>One received message (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Message.html).</summary>
internal sealed record ReceivedMessage(
    [property: JsonPropertyName("MessageId")] string MessageId,
    [property: JsonPropertyName("ReceiptHandle")] string ReceiptHandle,
    [property: JsonPropertyName("MD5OfBody")] string MD5OfBody,
    [property: JsonPropertyName("Body")] string Body,
    [property: JsonPropertyName("Attributes")] IReadOnlyDictionary<string, string>? Attributes,
    [property: JsonPropertyName("MD5OfMessageAttributes")] string? MD5OfMessageAttributes,
    [property: JsonPropertyName("MessageAttributes")] IReadOnlyDictionary<string, MessageAttributeValue>? MessageAttributes);

/// <summary>Output of <c>ReceiveMessage</c>.</summary>
internal sealed record ReceiveMessageResult([property: JsonPropertyName("Messages")] IReadOnlyList<ReceivedMessage>? Messages);

/// <summary>Input of <c>DeleteMessage</c>.</summary>
internal sealed record DeleteMessageRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("ReceiptHandle")] string? ReceiptHandle);

/// <summary>Input of <c>ChangeMessageVisibility</c>.</summary>
internal sealed record ChangeMessageVisibilityRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("ReceiptHandle")] string? ReceiptHandle,
    [property: JsonPropertyName("VisibilityTimeout")] int? VisibilityTimeout);
