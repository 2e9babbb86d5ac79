using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SesMail.Emulator.DynamoDb.Shapes;

// DynamoDB Streams shapes (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html).
// Keys and images are DynamoDB JSON.

/// <summary>Input of <c>ListStreams</c>.</summary>
internal sealed record ListStreamsRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Limit")] int? Limit,
    [property: JsonPropertyName("ExclusiveStartStreamArn")] string? ExclusiveStartStreamArn);

/// <summary>One stream in <c>ListStreams</c>.</summary>
internal sealed record StreamSummary(
    [property: JsonPropertyName("StreamArn")] string StreamArn,
    [property: JsonPropertyName("TableName")] string TableName,
    [property: JsonPropertyName("StreamLabel")] string StreamLabel);

/// <summary>Output of <c>ListStreams</c>.</summary>
internal sealed record ListStreamsResult(
    [property: JsonPropertyName("Streams")] IReadOnlyList<StreamSummary> Streams,
    [property: JsonPropertyName("LastEvaluatedStreamArn")] string? LastEvaluatedStreamArn);

/// <summary>Input of <c>DescribeStream</c> (one shard per stream here, so the shard paging members are not read).</summary>
internal sealed record DescribeStreamRequest([property: JsonPropertyName("StreamArn")] string? StreamArn);

/// <summary>The sequence numbers a shard holds; the ending one once the stream is closed.</summary>
internal sealed record SequenceNumberRange(
    [property: JsonPropertyName("StartingSequenceNumber")] string StartingSequenceNumber,
    [property: JsonPropertyName("EndingSequenceNumber")] string? EndingSequenceNumber);

/// <summary>A stream's shard.</summary>
internal sealed record Shard(
    [property: JsonPropertyName("ShardId")] string ShardId,
    [property: JsonPropertyName("SequenceNumberRange")] SequenceNumberRange SequenceNumberRange);

/// <summary>A stream as <c>DescribeStream</c> describes it.</summary>
internal sealed record StreamDescription(
    [property: JsonPropertyName("StreamArn")] string StreamArn,
    [property: JsonPropertyName("StreamLabel")] string StreamLabel,
    [property: JsonPropertyName("StreamStatus")] string StreamStatus,
    [property: JsonPropertyName("StreamViewType")] string StreamViewType,
    [property: JsonPropertyName("CreationRequestDateTime")] double CreationRequestDateTime,
    [property: JsonPropertyName("TableName")] string TableName,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement> KeySchema,
    [property: JsonPropertyName("Shards")] IReadOnlyList<Shard> Shards);

/// <summary>Output of <c>DescribeStream</c>.</summary>
internal sealed record DescribeStreamResult([property: JsonPropertyName("StreamDescription")] StreamDescription StreamDescription);

/// <summary>Input of <c>GetShardIterator</c>.</summary>
internal sealed record GetShardIteratorRequest(
    [property: JsonPropertyName("StreamArn")] string? StreamArn,
    [property: JsonPropertyName("ShardId")] string? ShardId,
    [property: JsonPropertyName("ShardIteratorType")] string? ShardIteratorType,
    [property: JsonPropertyName("SequenceNumber")] string? SequenceNumber);

/// <summary>Output of <c>GetShardIterator</c>.</summary>
internal sealed record GetShardIteratorResult([property: JsonPropertyName("ShardIterator")] string ShardIterator);

/// <summary>Input of <c>GetRecords</c>.</summary>
internal sealed record GetRecordsRequest(
    [property: JsonPropertyName("ShardIterator")] string? ShardIterator,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>
/// The change of one item (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html);
/// the images the stream's view type asks for.
/// </summary>
internal sealed record StreamRecord(
    [property: JsonPropertyName("ApproximateCreationDateTime")] long ApproximateCreationDateTime,
    [property: JsonPropertyName("Keys")] JsonObject Keys,
    [property: JsonPropertyName("NewImage")] JsonObject? NewImage,
    [property: JsonPropertyName("OldImage")] JsonObject? OldImage,
    [property: JsonPropertyName("SequenceNumber")] string SequenceNumber,
    [property: JsonPropertyName("SizeBytes")] long SizeBytes,
    [property: JsonPropertyName("StreamViewType")] string StreamViewType);

/// <summary>
/// One record of a stream (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html):
/// <c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c> of one item.
/// </summary>
internal sealed record Record(
    [property: JsonPropertyName("eventID")] string EventID,
    [property: JsonPropertyName("eventName")] string EventName,
    [property: JsonPropertyName("eventVersion")] string EventVersion,
    [property: JsonPropertyName("eventSource")] string EventSource,
    [property: JsonPropertyName("awsRegion")] string AwsRegion,
    [property: JsonPropertyName("dynamodb")] StreamRecord Dynamodb);

/// <summary>Output of <c>GetRecords</c>.</summary>
internal sealed record GetRecordsResult(
    [property: JsonPropertyName("Records")] IReadOnlyList<Record> Records,
    [property: JsonPropertyName("NextShardIterator")] string? NextShardIterator);
