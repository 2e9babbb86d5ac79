using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The source-generated JSON context for the Lambda event shapes that SesMail writes as AWS would (the SQS event and
/// the pipe's record array) and reads back (the partial-batch response). Null members are left out, as Lambda does.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(IReadOnlyList<SqsEvent.SqsMessage>))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(DynamoDbStreamEvent))]
[JsonSerializable(typeof(SnsEvent))]
public sealed partial class LambdaEventsJsonContext : JsonSerializerContext;
