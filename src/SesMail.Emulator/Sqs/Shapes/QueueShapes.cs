using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sqs.Shapes;

// Queue management shapes (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html).

/// <summary>Input of <c>CreateQueue</c>.</summary>
internal sealed record CreateQueueRequest(
    [property: JsonPropertyName("QueueName")] string? QueueName,
    [property: JsonPropertyName("Attributes")] Dictionary<string, string>? Attributes,
    [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags);

/// <summary>Output of <c>CreateQueue</c> and <c>GetQueueUrl</c>.</summary>
internal sealed record QueueUrlResult([property: JsonPropertyName("QueueUrl")] string QueueUrl);

/// <summary>Input of <c>GetQueueUrl</c>.</summary>
internal sealed record GetQueueUrlRequest(
    [property: JsonPropertyName("QueueName")] string? QueueName,
    [property: JsonPropertyName("QueueOwnerAWSAccountId")] string? QueueOwnerAWSAccountId);

/// <summary>Input of <c>ListQueues</c>.</summary>
internal sealed record ListQueuesRequest(
    [property: JsonPropertyName("QueueNamePrefix")] string? QueueNamePrefix,
    [property: JsonPropertyName("MaxResults")] int? MaxResults,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>ListQueues</c> (and of <c>ListDeadLetterSourceQueues</c>, whose member is spelled <c>queueUrls</c>).</summary>
internal sealed record ListQueuesResult(
    [property: JsonPropertyName("QueueUrls")] IReadOnlyList<string>? QueueUrls,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>ListDeadLetterSourceQueues</c>.</summary>
internal sealed record ListDeadLetterSourceQueuesResult(
    [property: JsonPropertyName("queueUrls")] IReadOnlyList<string> QueueUrls,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of operations that name only a queue (<c>DeleteQueue</c>, <c>PurgeQueue</c>, <c>ListQueueTags</c>, <c>ListDeadLetterSourceQueues</c>).</summary>
internal sealed record QueueRequest([property: JsonPropertyName("QueueUrl")] string? QueueUrl);

/// <summary>Input of <c>GetQueueAttributes</c>.</summary>
internal sealed record GetQueueAttributesRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("AttributeNames")] IReadOnlyList<string>? AttributeNames);

/// <summary>Output of <c>GetQueueAttributes</c>.</summary>
internal sealed record GetQueueAttributesResult(
    [property: JsonPropertyName("Attributes")] IReadOnlyDictionary<string, string>? Attributes);

/// <summary>Input of <c>SetQueueAttributes</c>.</summary>
internal sealed record SetQueueAttributesRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("Attributes")] Dictionary<string, string>? Attributes);

/// <summary>Input of <c>TagQueue</c>.</summary>
internal sealed record TagQueueRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("Tags")] Dictionary<string, string>? Tags);

/// <summary>Input of <c>UntagQueue</c>.</summary>
internal sealed record UntagQueueRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("TagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Output of <c>ListQueueTags</c>.</summary>
internal sealed record ListQueueTagsResult([property: JsonPropertyName("Tags")] IReadOnlyDictionary<string, string>? Tags);

/// <summary>Input of <c>AddPermission</c> (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html).</summary>
internal sealed record AddPermissionRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("Label")] string? Label,
    [property: JsonPropertyName("AWSAccountIds")] IReadOnlyList<string>? AWSAccountIds,
    [property: JsonPropertyName("Actions")] IReadOnlyList<string>? Actions);

/// <summary>Input of <c>RemovePermission</c> (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_RemovePermission.html).</summary>
internal sealed record RemovePermissionRequest(
    [property: JsonPropertyName("QueueUrl")] string? QueueUrl,
    [property: JsonPropertyName("Label")] string? Label);
