using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The event Lambda builds from a batch of DynamoDB stream records
/// (<see href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using AWS Lambda with Amazon DynamoDB</see>):
/// each record is the stream record as <c>GetRecords</c> returns it, plus <c>eventSourceARN</c>.
/// </summary>
/// <param name="Records">The batch, in stream order.</param>
public sealed record DynamoDbStreamEvent(
    [property: JsonPropertyName("Records")] IReadOnlyList<DynamoDbStreamEvent.StreamRecord> Records)
{
    /// <summary>One change record.</summary>
    /// <param name="EventId">A unique id of the record.</param>
    /// <param name="EventName"><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</param>
    /// <param name="EventVersion">The record format version, <c>1.1</c>.</param>
    /// <param name="EventSource">Always <c>aws:dynamodb</c>.</param>
    /// <param name="AwsRegion">The table's region.</param>
    /// <param name="Dynamodb">The change: <c>Keys</c>, <c>NewImage</c>/<c>OldImage</c> as DynamoDB attribute-value maps,
    /// <c>SequenceNumber</c>, <c>SizeBytes</c>, <c>StreamViewType</c>, <c>ApproximateCreationDateTime</c> (epoch seconds).</param>
    /// <param name="EventSourceArn">The stream ARN.</param>
    public sealed record StreamRecord(
        [property: JsonPropertyName("eventID")] string EventId,
        [property: JsonPropertyName("eventName")] string EventName,
        [property: JsonPropertyName("eventVersion")] string EventVersion,
        [property: JsonPropertyName("eventSource")] string EventSource,
        [property: JsonPropertyName("awsRegion")] string AwsRegion,
        [property: JsonPropertyName("dynamodb")] JsonObject Dynamodb,
        [property: JsonPropertyName("eventSourceARN")] string EventSourceArn);
}

/// <summary>
/// The partial-batch response of a stream-triggered function whose mapping has <c>ReportBatchItemFailures</c>: the
/// <c>itemIdentifier</c> of a failure is the record's <c>SequenceNumber</c>
/// (<see href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Configuring partial batch response with DynamoDB and Lambda</see>).
/// The shape is that of <see cref="SqsBatchResponse"/>.
/// </summary>
public static class StreamBatchResponse
{
    /// <summary>The response that reports no failure.</summary>
    public static SqsBatchResponse None { get; } = new([]);
}

/// <summary>Source-generated serialization of the event shapes the emulator builds (Lambda event sources and pipes).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(IReadOnlyList<SqsEvent.SqsMessage>))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(DynamoDbStreamEvent))]
[JsonSerializable(typeof(SnsEvent))]
public sealed partial class EventSourcesJsonContext : JsonSerializerContext;
