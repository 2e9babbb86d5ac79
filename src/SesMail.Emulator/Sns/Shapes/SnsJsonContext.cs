using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sns.Shapes;

/// <summary>Source-generated serialization of every SNS shape (Query leaves arrive as strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateTopicRequest))]
[JsonSerializable(typeof(CreateTopicResult))]
[JsonSerializable(typeof(TopicRequest))]
[JsonSerializable(typeof(ListRequest))]
[JsonSerializable(typeof(ListTopicsResult))]
[JsonSerializable(typeof(AttributesResult))]
[JsonSerializable(typeof(SetTopicAttributesRequest))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceResult))]
[JsonSerializable(typeof(SubscribeRequest))]
[JsonSerializable(typeof(SubscribeResult))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(SetSubscriptionAttributesRequest))]
[JsonSerializable(typeof(ListSubscriptionsResult))]
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PublishResult))]
[JsonSerializable(typeof(PublishBatchRequest))]
[JsonSerializable(typeof(PublishBatchResult))]
[JsonSerializable(typeof(SnsNotification))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SnsJsonContext : JsonSerializerContext;
