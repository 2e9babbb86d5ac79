using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sqs.Shapes;

/// <summary>Source-generated serialization of every SQS wire shape (numbers and booleans may arrive as Query strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateQueueRequest))]
[JsonSerializable(typeof(QueueUrlResult))]
[JsonSerializable(typeof(GetQueueUrlRequest))]
[JsonSerializable(typeof(ListQueuesRequest))]
[JsonSerializable(typeof(ListQueuesResult))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesResult))]
[JsonSerializable(typeof(QueueRequest))]
[JsonSerializable(typeof(GetQueueAttributesRequest))]
[JsonSerializable(typeof(GetQueueAttributesResult))]
[JsonSerializable(typeof(SetQueueAttributesRequest))]
[JsonSerializable(typeof(TagQueueRequest))]
[JsonSerializable(typeof(UntagQueueRequest))]
[JsonSerializable(typeof(ListQueueTagsResult))]
[JsonSerializable(typeof(AddPermissionRequest))]
[JsonSerializable(typeof(RemovePermissionRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResult))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(ChangeMessageVisibilityRequest))]
[JsonSerializable(typeof(SendMessageBatchRequest))]
[JsonSerializable(typeof(SendMessageBatchResult))]
[JsonSerializable(typeof(ReceiptHandleBatchRequest))]
[JsonSerializable(typeof(ReceiptHandleBatchResult))]
[JsonSerializable(typeof(RedrivePolicy))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
