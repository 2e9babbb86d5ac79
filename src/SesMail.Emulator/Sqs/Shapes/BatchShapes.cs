using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sqs.Shapes;

// Batch shapes: SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch.

/// <summary>One entry of <c>SendMessageBatch</c>.</summary>
internal sealed record SendMessageBatchRequestEntry(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("MessageBody")] string? MessageBody,
    [property: JsonPropertyName("DelaySeconds")] int? DelaySeconds,
    [property: JsonPropertyName("MessageAttributes")] Dictionary<string, MessageAttributeValue>? MessageAttributes,
    [property: JsonPropertyName("MessageSystemAttributes")] Dictionary<string, MessageAttributeValue>? MessageSystemAttributes,
    [property: JsonPropertyName("MessageDeduplicationId")] string? MessageDeduplicationId,
    [property: JsonPropertyName("MessageGroupId")] string? MessageGroupId);

/// <summary>Input of <c>SendMessageBatch</c>.</summary>
internal sealed record SendMessageBatchRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("Entries")] IReadOnlyList<SendMessageBatchRequestEntry>? Entries);

/// <summary>One successful entry of <c>SendMessageBatch</c>.</summary>
internal sealed record SendMessageBatchResultEntry(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("MessageId")] string MessageId,
    [property: JsonPropertyName("MD5OfMessageBody")] string MD5OfMessageBody,
    [property: JsonPropertyName("MD5OfMessageAttributes")] string? MD5OfMessageAttributes,
    [property: JsonPropertyName("MD5OfMessageSystemAttributes")] string? MD5OfMessageSystemAttributes);

/// <summary>One failed entry of any batch operation (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_BatchResultErrorEntry.html).</summary>
internal sealed record BatchResultErrorEntry(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("SenderFault")] bool SenderFault,
    [property: JsonPropertyName("Code")] string Code,
    [property: JsonPropertyName("Message")] string Message);

/// <summary>Output of <c>SendMessageBatch</c>.</summary>
internal sealed record SendMessageBatchResult(
    [property: JsonPropertyName("Successful")] IReadOnlyList<SendMessageBatchResultEntry> Successful,
    [property: JsonPropertyName("Failed")] IReadOnlyList<BatchResultErrorEntry> Failed);

/// <summary>One entry of <c>DeleteMessageBatch</c> or <c>ChangeMessageVisibilityBatch</c>.</summary>
internal sealed record ReceiptHandleBatchRequestEntry(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("ReceiptHandle")] string? ReceiptHandle,
    [property: JsonPropertyName("VisibilityTimeout")] int? VisibilityTimeout);

/// <summary>Input of <c>DeleteMessageBatch</c> and <c>ChangeMessageVisibilityBatch</c>.</summary>
internal sealed record ReceiptHandleBatchRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("Entries")] IReadOnlyList<ReceiptHandleBatchRequestEntry>? Entries);

/// <summary>One successful entry of <c>DeleteMessageBatch</c> or <c>ChangeMessageVisibilityBatch</c>.</summary>
internal sealed record BatchResultEntry([property: JsonPropertyName("Id")] string Id);

/// <summary>Output of <c>DeleteMessageBatch</c> and <c>ChangeMessageVisibilityBatch</c>.</summary>
internal sealed record ReceiptHandleBatchResult(
    [property: JsonPropertyName("Successful")] IReadOnlyList<BatchResultEntry> Successful,
    [property: JsonPropertyName("Failed")] IReadOnlyList<BatchResultErrorEntry> Failed);
