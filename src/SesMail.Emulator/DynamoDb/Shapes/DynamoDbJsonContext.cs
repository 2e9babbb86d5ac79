using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb.Shapes;

/// <summary>Input of the operations that take no members (<c>DescribeEndpoints</c>).</summary>
internal sealed record EmptyRequest;

/// <summary>
/// Source-generated serialization of every DynamoDB and DynamoDB Streams wire shape. Numbers and booleans are read only
/// as JSON numbers and booleans: anything else is a <c>SerializationException</c>, as DynamoDB answers it.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateTableRequest))]
[JsonSerializable(typeof(TableRequest))]
[JsonSerializable(typeof(UpdateTableRequest))]
[JsonSerializable(typeof(TableDescriptionResult))]
[JsonSerializable(typeof(DescribeTableResult))]
[JsonSerializable(typeof(ListTablesRequest))]
[JsonSerializable(typeof(ListTablesResult))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListTagsOfResourceRequest))]
[JsonSerializable(typeof(ListTagsOfResourceResult))]
[JsonSerializable(typeof(UpdateTimeToLiveRequest))]
[JsonSerializable(typeof(UpdateTimeToLiveResult))]
[JsonSerializable(typeof(DescribeTimeToLiveResult))]
[JsonSerializable(typeof(UpdateContinuousBackupsRequest))]
[JsonSerializable(typeof(ContinuousBackupsResult))]
[JsonSerializable(typeof(DescribeEndpointsResult))]
[JsonSerializable(typeof(PutItemRequest))]
[JsonSerializable(typeof(DeleteItemRequest))]
[JsonSerializable(typeof(UpdateItemRequest))]
[JsonSerializable(typeof(WriteItemResult))]
[JsonSerializable(typeof(GetItemRequest))]
[JsonSerializable(typeof(GetItemResult))]
[JsonSerializable(typeof(QueryRequest))]
[JsonSerializable(typeof(ScanRequest))]
[JsonSerializable(typeof(QueryResult))]
[JsonSerializable(typeof(BatchGetItemRequest))]
[JsonSerializable(typeof(BatchGetItemResult))]
[JsonSerializable(typeof(BatchWriteItemRequest))]
[JsonSerializable(typeof(BatchWriteItemResult))]
[JsonSerializable(typeof(TransactWriteItemsRequest))]
[JsonSerializable(typeof(IReadOnlyList<CancellationReason>))]
[JsonSerializable(typeof(TransactGetItemsRequest))]
[JsonSerializable(typeof(TransactGetItemsResult))]
[JsonSerializable(typeof(ListStreamsRequest))]
[JsonSerializable(typeof(ListStreamsResult))]
[JsonSerializable(typeof(DescribeStreamRequest))]
[JsonSerializable(typeof(DescribeStreamResult))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResult))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResult))]
[JsonSerializable(typeof(IReadOnlyList<AttributeDefinition>))]
[JsonSerializable(typeof(IReadOnlyList<KeySchemaElement>))]
[JsonSerializable(typeof(IReadOnlyList<GlobalSecondaryIndex>))]
[JsonSerializable(typeof(IReadOnlyList<LocalSecondaryIndex>))]
internal sealed partial class DynamoDbJsonContext : JsonSerializerContext;
