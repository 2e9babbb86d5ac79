using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sns.Shapes;

// Topic shapes (https://docs.aws.amazon.com/sns/latest/api/API_Operations.html).

/// <summary>A resource tag.</summary>
internal sealed record SnsTag(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>CreateTopic</c>.</summary>
internal sealed record CreateTopicRequest(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Attributes")] Dictionary<string, string>? Attributes,
    [property: JsonPropertyName("Tags")] IReadOnlyList<SnsTag>? Tags);

/// <summary>Output of <c>CreateTopic</c>.</summary>
internal sealed record CreateTopicResult([property: JsonPropertyName("TopicArn")] string TopicArn);

/// <summary>Input of operations that name only a topic.</summary>
internal sealed record TopicRequest([property: JsonPropertyName("TopicArn")] string? TopicArn);

/// <summary>Input of list operations (<c>ListTopics</c>, <c>ListSubscriptions</c>, <c>ListSubscriptionsByTopic</c>).</summary>
internal sealed record ListRequest(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>One topic in <c>ListTopics</c>.</summary>
internal sealed record TopicEntry([property: JsonPropertyName("TopicArn")] string TopicArn);

/// <summary>Output of <c>ListTopics</c>.</summary>
internal sealed record ListTopicsResult(
    [property: JsonPropertyName("Topics")] IReadOnlyList<TopicEntry> Topics,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>GetTopicAttributes</c> and <c>GetSubscriptionAttributes</c>.</summary>
internal sealed record AttributesResult([property: JsonPropertyName("Attributes")] IReadOnlyDictionary<string, string> Attributes);

/// <summary>Input of <c>SetTopicAttributes</c>.</summary>
internal sealed record SetTopicAttributesRequest(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("AttributeName")] string? AttributeName,
    [property: JsonPropertyName("AttributeValue")] string? AttributeValue);

/// <summary>Input of <c>TagResource</c>.</summary>
internal sealed record TagResourceRequest(
    [property: JsonPropertyName("ResourceArn")] string? ResourceArn,
    [property: JsonPropertyName("Tags")] IReadOnlyList<SnsTag>? Tags);

/// <summary>Input of <c>UntagResource</c>.</summary>
internal sealed record UntagResourceRequest(
    [property: JsonPropertyName("ResourceArn")] string? ResourceArn,
    [property: JsonPropertyName("TagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Input of <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceRequest([property: JsonPropertyName("ResourceArn")] string? ResourceArn);

/// <summary>Output of <c>ListTagsForResource</c>.</summary>
internal sealed record ListTagsForResourceResult([property: JsonPropertyName("Tags")] IReadOnlyList<SnsTag> Tags);
