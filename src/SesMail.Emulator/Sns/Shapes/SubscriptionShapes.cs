using System.Text.Json.Serialization;

namespace SesMail.Emulator.Sns.Shapes;

// Subscription shapes (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html and neighbours).

/// <summary>Input of <c>Subscribe</c>.</summary>
internal sealed record SubscribeRequest(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("Protocol")] string? Protocol,
    [property: JsonPropertyName("Endpoint")] string? Endpoint,
    [property: JsonPropertyName("Attributes")] Dictionary<string, string>? Attributes,
    [property: JsonPropertyName("ReturnSubscriptionArn")] bool? ReturnSubscriptionArn);

/// <summary>Output of <c>Subscribe</c>.</summary>
internal sealed record SubscribeResult([property: JsonPropertyName("SubscriptionArn")] string SubscriptionArn);

/// <summary>Input of operations that name only a subscription.</summary>
internal sealed record SubscriptionRequest([property: JsonPropertyName("SubscriptionArn")] string? SubscriptionArn);

/// <summary>Input of <c>SetSubscriptionAttributes</c>.</summary>
internal sealed record SetSubscriptionAttributesRequest(
    [property: JsonPropertyName("SubscriptionArn")] string? SubscriptionArn,
    [property: JsonPropertyName("AttributeName")] string? AttributeName,
    [property: JsonPropertyName("AttributeValue")] string? AttributeValue);

/// <summary>One subscription in a list (https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html).</summary>
internal sealed record SubscriptionEntry(
    [property: JsonPropertyName("SubscriptionArn")] string SubscriptionArn,
    [property: JsonPropertyName("Owner")] string Owner,
    [property: JsonPropertyName("Protocol")] string Protocol,
    [property: JsonPropertyName("Endpoint")] string Endpoint,
    [property: JsonPropertyName("TopicArn")] string TopicArn);

/// <summary>Output of <c>ListSubscriptions</c> and <c>ListSubscriptionsByTopic</c>.</summary>
internal sealed record ListSubscriptionsResult(
    [property: JsonPropertyName("Subscriptions")] IReadOnlyList<SubscriptionEntry> Subscriptions,
    [property: JsonPropertyName("NextToken")] string? NextToken);
