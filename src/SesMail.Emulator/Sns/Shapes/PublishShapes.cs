using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sns.Shapes;

// Publish shapes (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).

/// <summary>A message attribute (https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html); <c>BinaryValue</c> is base64.</summary>
internal sealed record SnsMessageAttributeValue(
    [property: JsonPropertyName("DataType")] string? DataType,
    [property: JsonPropertyName("StringValue")] string? StringValue,
    [property: JsonPropertyName("BinaryValue")] byte[]? BinaryValue);

/// <summary>Input of <c>Publish</c>.</summary>
internal sealed record PublishRequest(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("TargetArn")] string? TargetArn,
    [property: JsonPropertyName("PhoneNumber")] string? PhoneNumber,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("Subject")] string? Subject,
    [property: JsonPropertyName("MessageStructure")] string? MessageStructure,
    [property: JsonPropertyName("MessageAttributes")] Dictionary<string, SnsMessageAttributeValue>? MessageAttributes,
    [property: JsonPropertyName("MessageGroupId")] string? MessageGroupId,
    [property: JsonPropertyName("MessageDeduplicationId")] string? MessageDeduplicationId);

/// <summary>Output of <c>Publish</c>.</summary>
internal sealed record PublishResult([property: JsonPropertyName("MessageId")] string MessageId);

/// <summary>One entry of <c>PublishBatch</c>.</summary>
internal sealed record PublishBatchRequestEntry(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("Subject")] string? Subject,
    [property: JsonPropertyName("MessageStructure")] string? MessageStructure,
    [property: JsonPropertyName("MessageAttributes")] Dictionary<string, SnsMessageAttributeValue>? MessageAttributes);

/// <summary>Input of <c>PublishBatch</c>.</summary>
internal sealed record PublishBatchRequest(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("PublishBatchRequestEntries")] IReadOnlyList<PublishBatchRequestEntry>? PublishBatchRequestEntries);

/// <summary>One successful entry of <c>PublishBatch</c>.</summary>
internal sealed record PublishBatchResultEntry(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("MessageId")] string MessageId);

/// <summary>One failed entry of <c>PublishBatch</c>.</summary>
internal sealed record PublishBatchErrorEntry(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Code")] string Code,
    [property: JsonPropertyName("Message")] string Message,
    [property: JsonPropertyName("SenderFault")] bool SenderFault);

/// <summary>Output of <c>PublishBatch</c>.</summary>
internal sealed record PublishBatchResult(
    [property: JsonPropertyName("Successful")] IReadOnlyList<PublishBatchResultEntry> Successful,
    [property: JsonPropertyName("Failed")] IReadOnlyList<PublishBatchErrorEntry> Failed);
