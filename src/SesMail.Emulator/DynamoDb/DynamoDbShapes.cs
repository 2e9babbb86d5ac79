using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

// Table shapes (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html),
// JSON 1.0. Member names are AWS's; every request member is nullable so that the provider can name a missing one
// in DynamoDB's own validation message. Timestamps are epoch seconds with a fraction.

/// <summary>An attribute used by a key schema (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html).</summary>
/// <param name="AttributeName">The attribute.</param>
/// <param name="AttributeType"><c>S</c>, <c>N</c> or <c>B</c>.</param>
internal sealed record AttributeDefinition(
    [property: JsonPropertyName("AttributeName")] string? AttributeName,
    [property: JsonPropertyName("AttributeType")] string? AttributeType);

/// <summary>One key attribute (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_KeySchemaElement.html).</summary>
/// <param name="AttributeName">The attribute.</param>
/// <param name="KeyType"><c>HASH</c> (partition key) or <c>RANGE</c> (sort key).</param>
internal sealed record KeySchemaElement(
    [property: JsonPropertyName("AttributeName")] string? AttributeName,
    [property: JsonPropertyName("KeyType")] string? KeyType);

/// <summary>Provisioned read and write capacity units.</summary>
internal sealed record ProvisionedThroughput(
    [property: JsonPropertyName("ReadCapacityUnits")] long? ReadCapacityUnits,
    [property: JsonPropertyName("WriteCapacityUnits")] long? WriteCapacityUnits);

/// <summary>Which attributes an index holds (stored and described; indexes are not queried here).</summary>
internal sealed record Projection(
    [property: JsonPropertyName("ProjectionType")] string? ProjectionType,
    [property: JsonPropertyName("NonKeyAttributes")] IReadOnlyList<string>? NonKeyAttributes);

/// <summary>
/// A global secondary index as <c>CreateTable</c> gives it (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndex.html).
/// <c>OnDemandThroughput</c> and <c>WarmThroughput</c> are kept and described as given.
/// </summary>
internal sealed record GlobalSecondaryIndex(
    [property: JsonPropertyName("IndexName")] string? IndexName,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement>? KeySchema,
    [property: JsonPropertyName("Projection")] Projection? Projection,
    [property: JsonPropertyName("ProvisionedThroughput")] ProvisionedThroughput? ProvisionedThroughput,
    [property: JsonPropertyName("OnDemandThroughput")] JsonElement? OnDemandThroughput,
    [property: JsonPropertyName("WarmThroughput")] JsonElement? WarmThroughput);

/// <summary>A local secondary index as <c>CreateTable</c> gives it (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_LocalSecondaryIndex.html).</summary>
internal sealed record LocalSecondaryIndex(
    [property: JsonPropertyName("IndexName")] string? IndexName,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement>? KeySchema,
    [property: JsonPropertyName("Projection")] Projection? Projection);

/// <summary>Whether a table has a stream and what its records hold.</summary>
/// <param name="StreamEnabled">On or off.</param>
/// <param name="StreamViewType"><c>KEYS_ONLY</c>, <c>NEW_IMAGE</c>, <c>OLD_IMAGE</c> or <c>NEW_AND_OLD_IMAGES</c>.</param>
internal sealed record StreamSpecification(
    [property: JsonPropertyName("StreamEnabled")] bool? StreamEnabled,
    [property: JsonPropertyName("StreamViewType")] string? StreamViewType);

/// <summary>Server-side encryption settings (only <c>Enabled</c> is read: encryption is described as KMS-managed).</summary>
internal sealed record SSESpecification(
    [property: JsonPropertyName("Enabled")] bool? Enabled,
    [property: JsonPropertyName("SSEType")] string? SSEType,
    [property: JsonPropertyName("KMSMasterKeyId")] string? KMSMasterKeyId);

/// <summary>A resource tag.</summary>
/// <param name="Key">The key (required).</param>
/// <param name="Value">The value (empty when absent).</param>
internal sealed record Tag(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>CreateTable</c>.</summary>
internal sealed record CreateTableRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("AttributeDefinitions")] IReadOnlyList<AttributeDefinition>? AttributeDefinitions,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement>? KeySchema,
    [property: JsonPropertyName("LocalSecondaryIndexes")] IReadOnlyList<LocalSecondaryIndex>? LocalSecondaryIndexes,
    [property: JsonPropertyName("GlobalSecondaryIndexes")] IReadOnlyList<GlobalSecondaryIndex>? GlobalSecondaryIndexes,
    [property: JsonPropertyName("BillingMode")] string? BillingMode,
    [property: JsonPropertyName("ProvisionedThroughput")] ProvisionedThroughput? ProvisionedThroughput,
    [property: JsonPropertyName("StreamSpecification")] StreamSpecification? StreamSpecification,
    [property: JsonPropertyName("SSESpecification")] SSESpecification? SSESpecification,
    [property: JsonPropertyName("Tags")] IReadOnlyList<Tag>? Tags,
    [property: JsonPropertyName("DeletionProtectionEnabled")] bool? DeletionProtectionEnabled);

/// <summary>Input of the operations that name one table (<c>DescribeTable</c>, <c>DeleteTable</c>, <c>DescribeTimeToLive</c>, <c>DescribeContinuousBackups</c>).</summary>
internal sealed record TableRequest([property: JsonPropertyName("TableName")] string? TableName);

/// <summary>Input of <c>UpdateTable</c> (billing, throughput, deletion protection, encryption and stream; index changes are not read).</summary>
internal sealed record UpdateTableRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("BillingMode")] string? BillingMode,
    [property: JsonPropertyName("ProvisionedThroughput")] ProvisionedThroughput? ProvisionedThroughput,
    [property: JsonPropertyName("DeletionProtectionEnabled")] bool? DeletionProtectionEnabled,
    [property: JsonPropertyName("SSESpecification")] SSESpecification? SSESpecification,
    [property: JsonPropertyName("StreamSpecification")] StreamSpecification? StreamSpecification);

/// <summary>Provisioned capacity as described (0 for on-demand tables).</summary>
internal sealed record ProvisionedThroughputDescription(
    [property: JsonPropertyName("NumberOfDecreasesToday")] long NumberOfDecreasesToday,
    [property: JsonPropertyName("ReadCapacityUnits")] long ReadCapacityUnits,
    [property: JsonPropertyName("WriteCapacityUnits")] long WriteCapacityUnits);

/// <summary>Present for on-demand tables.</summary>
internal sealed record BillingModeSummary(
    [property: JsonPropertyName("BillingMode")] string BillingMode,
    [property: JsonPropertyName("LastUpdateToPayPerRequestDateTime")] double LastUpdateToPayPerRequestDateTime);

/// <summary>A global secondary index as described: as given, with its status, ARN and (zero) size.</summary>
internal sealed record GlobalSecondaryIndexDescription(
    [property: JsonPropertyName("IndexName")] string? IndexName,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement>? KeySchema,
    [property: JsonPropertyName("Projection")] Projection? Projection,
    [property: JsonPropertyName("ProvisionedThroughput")] ProvisionedThroughput ProvisionedThroughput,
    [property: JsonPropertyName("OnDemandThroughput")] JsonElement? OnDemandThroughput,
    [property: JsonPropertyName("WarmThroughput")] JsonElement? WarmThroughput,
    [property: JsonPropertyName("IndexArn")] string IndexArn,
    [property: JsonPropertyName("IndexSizeBytes")] long IndexSizeBytes,
    [property: JsonPropertyName("ItemCount")] long ItemCount,
    [property: JsonPropertyName("IndexStatus")] string IndexStatus);

/// <summary>A local secondary index as described: as given, with its ARN and (zero) size.</summary>
internal sealed record LocalSecondaryIndexDescription(
    [property: JsonPropertyName("IndexName")] string? IndexName,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement>? KeySchema,
    [property: JsonPropertyName("Projection")] Projection? Projection,
    [property: JsonPropertyName("IndexArn")] string IndexArn,
    [property: JsonPropertyName("IndexSizeBytes")] long IndexSizeBytes,
    [property: JsonPropertyName("ItemCount")] long ItemCount);

/// <summary>Encryption as described: always KMS with the DynamoDB-managed key.</summary>
internal sealed record SSEDescription(
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("SSEType")] string SSEType,
    [property: JsonPropertyName("KMSMasterKeyArn")] string KMSMasterKeyArn);

/// <summary>A table as <c>DescribeTable</c> and the table-changing operations describe it (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html).</summary>
internal sealed record TableDescription(
    [property: JsonPropertyName("AttributeDefinitions")] IReadOnlyList<AttributeDefinition> AttributeDefinitions,
    [property: JsonPropertyName("TableName")] string TableName,
    [property: JsonPropertyName("KeySchema")] IReadOnlyList<KeySchemaElement> KeySchema,
    [property: JsonPropertyName("TableStatus")] string TableStatus,
    [property: JsonPropertyName("CreationDateTime")] double CreationDateTime,
    [property: JsonPropertyName("ProvisionedThroughput")] ProvisionedThroughputDescription ProvisionedThroughput,
    [property: JsonPropertyName("TableSizeBytes")] long TableSizeBytes,
    [property: JsonPropertyName("ItemCount")] long ItemCount,
    [property: JsonPropertyName("TableArn")] string TableArn,
    [property: JsonPropertyName("TableId")] string TableId,
    [property: JsonPropertyName("DeletionProtectionEnabled")] bool DeletionProtectionEnabled,
    [property: JsonPropertyName("BillingModeSummary")] BillingModeSummary? BillingModeSummary,
    [property: JsonPropertyName("GlobalSecondaryIndexes")] IReadOnlyList<GlobalSecondaryIndexDescription>? GlobalSecondaryIndexes,
    [property: JsonPropertyName("LocalSecondaryIndexes")] IReadOnlyList<LocalSecondaryIndexDescription>? LocalSecondaryIndexes,
    [property: JsonPropertyName("StreamSpecification")] StreamSpecification? StreamSpecification,
    [property: JsonPropertyName("LatestStreamLabel")] string? LatestStreamLabel,
    [property: JsonPropertyName("LatestStreamArn")] string? LatestStreamArn,
    [property: JsonPropertyName("SSEDescription")] SSEDescription? SSEDescription);

/// <summary>Output of <c>CreateTable</c>, <c>UpdateTable</c> and <c>DeleteTable</c>.</summary>
internal sealed record TableDescriptionResult([property: JsonPropertyName("TableDescription")] TableDescription TableDescription);

/// <summary>Output of <c>DescribeTable</c>.</summary>
internal sealed record DescribeTableResult([property: JsonPropertyName("Table")] TableDescription Table);

/// <summary>Input of <c>ListTables</c>.</summary>
internal sealed record ListTablesRequest(
    [property: JsonPropertyName("ExclusiveStartTableName")] string? ExclusiveStartTableName,
    [property: JsonPropertyName("Limit")] int? Limit);

/// <summary>Output of <c>ListTables</c>.</summary>
internal sealed record ListTablesResult(
    [property: JsonPropertyName("TableNames")] IReadOnlyList<string> TableNames,
    [property: JsonPropertyName("LastEvaluatedTableName")] string? LastEvaluatedTableName);

/// <summary>Input of <c>TagResource</c>.</summary>
internal sealed record TagResourceRequest(
    [property: JsonPropertyName("ResourceArn")] string? ResourceArn,
    [property: JsonPropertyName("Tags")] IReadOnlyList<Tag>? Tags);

/// <summary>Input of <c>UntagResource</c>.</summary>
internal sealed record UntagResourceRequest(
    [property: JsonPropertyName("ResourceArn")] string? ResourceArn,
    [property: JsonPropertyName("TagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Input of <c>ListTagsOfResource</c>.</summary>
internal sealed record ListTagsOfResourceRequest(
    [property: JsonPropertyName("ResourceArn")] string? ResourceArn,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>ListTagsOfResource</c> (one page: every tag).</summary>
internal sealed record ListTagsOfResourceResult([property: JsonPropertyName("Tags")] IReadOnlyList<Tag> Tags);

/// <summary>The time-to-live setting as <c>UpdateTimeToLive</c> reads and returns it.</summary>
internal sealed record TimeToLiveSpecification(
    [property: JsonPropertyName("Enabled")] bool? Enabled,
    [property: JsonPropertyName("AttributeName")] string? AttributeName);

/// <summary>Input of <c>UpdateTimeToLive</c>.</summary>
internal sealed record UpdateTimeToLiveRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("TimeToLiveSpecification")] TimeToLiveSpecification? TimeToLiveSpecification);

/// <summary>Output of <c>UpdateTimeToLive</c>.</summary>
internal sealed record UpdateTimeToLiveResult([property: JsonPropertyName("TimeToLiveSpecification")] TimeToLiveSpecification TimeToLiveSpecification);

/// <summary>The time-to-live status (items are not expired here).</summary>
internal sealed record TimeToLiveDescription(
    [property: JsonPropertyName("TimeToLiveStatus")] string TimeToLiveStatus,
    [property: JsonPropertyName("AttributeName")] string? AttributeName);

/// <summary>Output of <c>DescribeTimeToLive</c>.</summary>
internal sealed record DescribeTimeToLiveResult([property: JsonPropertyName("TimeToLiveDescription")] TimeToLiveDescription TimeToLiveDescription);

/// <summary>The point-in-time recovery switch.</summary>
internal sealed record PointInTimeRecoverySpecification(
    [property: JsonPropertyName("PointInTimeRecoveryEnabled")] bool? PointInTimeRecoveryEnabled);

/// <summary>Input of <c>UpdateContinuousBackups</c>.</summary>
internal sealed record UpdateContinuousBackupsRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("PointInTimeRecoverySpecification")] PointInTimeRecoverySpecification? PointInTimeRecoverySpecification);

/// <summary>Point-in-time recovery as described (nothing is restorable here; the window is reported as AWS reports it).</summary>
internal sealed record PointInTimeRecoveryDescription(
    [property: JsonPropertyName("PointInTimeRecoveryStatus")] string PointInTimeRecoveryStatus,
    [property: JsonPropertyName("EarliestRestorableDateTime")] long? EarliestRestorableDateTime,
    [property: JsonPropertyName("LatestRestorableDateTime")] long? LatestRestorableDateTime,
    [property: JsonPropertyName("RecoveryPeriodInDays")] int? RecoveryPeriodInDays);

/// <summary>Continuous backups as described.</summary>
internal sealed record ContinuousBackupsDescription(
    [property: JsonPropertyName("ContinuousBackupsStatus")] string ContinuousBackupsStatus,
    [property: JsonPropertyName("PointInTimeRecoveryDescription")] PointInTimeRecoveryDescription PointInTimeRecoveryDescription);

/// <summary>Output of <c>UpdateContinuousBackups</c> and <c>DescribeContinuousBackups</c>.</summary>
internal sealed record ContinuousBackupsResult(
    [property: JsonPropertyName("ContinuousBackupsDescription")] ContinuousBackupsDescription ContinuousBackupsDescription);

/// <summary>One endpoint of <c>DescribeEndpoints</c>.</summary>
internal sealed record EndpointEntry(
    [property: JsonPropertyName("Address")] string Address,
    [property: JsonPropertyName("CachePeriodInMinutes")] long CachePeriodInMinutes);

/// <summary>Output of <c>DescribeEndpoints</c>: the emulator itself.</summary>
internal sealed record DescribeEndpointsResult([property: JsonPropertyName("Endpoints")] IReadOnlyList<EndpointEntry> Endpoints);

// Item shapes. Items, keys and expression attribute values stay in DynamoDB JSON — a JsonObject of attribute name →
// AttributeValue ({"S":"…"}, {"N":"…"}, {"M":{…}}, …) — the form AttributeValues validates and the expression
// evaluator reads (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html).
// The legacy parameters (Expected, ConditionalOperator, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter) are
// read only to be refused.

/// <summary>Capacity consumed by one call, when <c>ReturnConsumedCapacity</c> is <c>TOTAL</c> or <c>INDEXES</c>.</summary>
/// <param name="TableName">The table.</param>
/// <param name="CapacityUnits">Units: one per item written, half (eventually consistent) or one per item read.</param>
internal sealed record ConsumedCapacity(
    [property: JsonPropertyName("TableName")] string TableName,
    [property: JsonPropertyName("CapacityUnits")] double CapacityUnits);

/// <summary>The members <c>PutItem</c>, <c>DeleteItem</c> and <c>UpdateItem</c> share: the condition and what to return.</summary>
internal interface IItemWriteRequest
{
    /// <summary>A condition the stored item must meet for the write to happen.</summary>
    string? ConditionExpression { get; }

    /// <summary><c>#placeholder</c> → attribute name.</summary>
    IReadOnlyDictionary<string, string>? ExpressionAttributeNames { get; }

    /// <summary><c>:placeholder</c> → AttributeValue.</summary>
    JsonObject? ExpressionAttributeValues { get; }

    /// <summary>Which item to return (<c>NONE</c>, <c>ALL_OLD</c>, …).</summary>
    string? ReturnValues { get; }

    /// <summary><c>ALL_OLD</c> returns the item as it stood in a failed condition's error.</summary>
    string? ReturnValuesOnConditionCheckFailure { get; }

    /// <summary><c>TOTAL</c> or <c>INDEXES</c> to get <c>ConsumedCapacity</c>.</summary>
    string? ReturnConsumedCapacity { get; }
}

/// <summary>Input of <c>PutItem</c>.</summary>
internal sealed record PutItemRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Item")] JsonObject? Item,
    [property: JsonPropertyName("ConditionExpression")] string? ConditionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("ExpressionAttributeValues")] JsonObject? ExpressionAttributeValues,
    [property: JsonPropertyName("ReturnValues")] string? ReturnValues,
    [property: JsonPropertyName("ReturnValuesOnConditionCheckFailure")] string? ReturnValuesOnConditionCheckFailure,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("Expected")] JsonElement? Expected,
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator) : IItemWriteRequest;

/// <summary>Input of <c>DeleteItem</c>.</summary>
internal sealed record DeleteItemRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Key")] JsonObject? Key,
    [property: JsonPropertyName("ConditionExpression")] string? ConditionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("ExpressionAttributeValues")] JsonObject? ExpressionAttributeValues,
    [property: JsonPropertyName("ReturnValues")] string? ReturnValues,
    [property: JsonPropertyName("ReturnValuesOnConditionCheckFailure")] string? ReturnValuesOnConditionCheckFailure,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("Expected")] JsonElement? Expected,
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator) : IItemWriteRequest;

/// <summary>Input of <c>UpdateItem</c>.</summary>
internal sealed record UpdateItemRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Key")] JsonObject? Key,
    [property: JsonPropertyName("UpdateExpression")] string? UpdateExpression,
    [property: JsonPropertyName("ConditionExpression")] string? ConditionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("ExpressionAttributeValues")] JsonObject? ExpressionAttributeValues,
    [property: JsonPropertyName("ReturnValues")] string? ReturnValues,
    [property: JsonPropertyName("ReturnValuesOnConditionCheckFailure")] string? ReturnValuesOnConditionCheckFailure,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("Expected")] JsonElement? Expected,
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator,
    [property: JsonPropertyName("AttributeUpdates")] JsonElement? AttributeUpdates) : IItemWriteRequest;

/// <summary>Output of <c>PutItem</c>, <c>DeleteItem</c> and <c>UpdateItem</c>.</summary>
/// <param name="Attributes">The item before or after the write, as <c>ReturnValues</c> asks; absent for <c>NONE</c>.</param>
/// <param name="ConsumedCapacity">Present when asked for.</param>
internal sealed record WriteItemResult(
    [property: JsonPropertyName("Attributes")] JsonObject? Attributes,
    [property: JsonPropertyName("ConsumedCapacity")] ConsumedCapacity? ConsumedCapacity);

/// <summary>Input of <c>GetItem</c>.</summary>
internal sealed record GetItemRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Key")] JsonObject? Key,
    [property: JsonPropertyName("ConsistentRead")] bool? ConsistentRead,
    [property: JsonPropertyName("ProjectionExpression")] string? ProjectionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("AttributesToGet")] IReadOnlyList<string>? AttributesToGet,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity);

/// <summary>Output of <c>GetItem</c>.</summary>
/// <param name="Item">The item (projected), absent when there is none.</param>
/// <param name="ConsumedCapacity">Present when asked for.</param>
internal sealed record GetItemResult(
    [property: JsonPropertyName("Item")] JsonObject? Item,
    [property: JsonPropertyName("ConsumedCapacity")] ConsumedCapacity? ConsumedCapacity);

/// <summary>Input of <c>Query</c>.</summary>
internal sealed record QueryRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("IndexName")] string? IndexName,
    [property: JsonPropertyName("Select")] string? Select,
    [property: JsonPropertyName("Limit")] int? Limit,
    [property: JsonPropertyName("ConsistentRead")] bool? ConsistentRead,
    [property: JsonPropertyName("ScanIndexForward")] bool? ScanIndexForward,
    [property: JsonPropertyName("ExclusiveStartKey")] JsonObject? ExclusiveStartKey,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("ProjectionExpression")] string? ProjectionExpression,
    [property: JsonPropertyName("FilterExpression")] string? FilterExpression,
    [property: JsonPropertyName("KeyConditionExpression")] string? KeyConditionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("ExpressionAttributeValues")] JsonObject? ExpressionAttributeValues,
    [property: JsonPropertyName("AttributesToGet")] IReadOnlyList<string>? AttributesToGet,
    [property: JsonPropertyName("KeyConditions")] JsonElement? KeyConditions,
    [property: JsonPropertyName("QueryFilter")] JsonElement? QueryFilter,
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator);

/// <summary>Input of <c>Scan</c>.</summary>
internal sealed record ScanRequest(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("IndexName")] string? IndexName,
    [property: JsonPropertyName("Select")] string? Select,
    [property: JsonPropertyName("Limit")] int? Limit,
    [property: JsonPropertyName("ConsistentRead")] bool? ConsistentRead,
    [property: JsonPropertyName("ExclusiveStartKey")] JsonObject? ExclusiveStartKey,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("Segment")] int? Segment,
    [property: JsonPropertyName("TotalSegments")] int? TotalSegments,
    [property: JsonPropertyName("ProjectionExpression")] string? ProjectionExpression,
    [property: JsonPropertyName("FilterExpression")] string? FilterExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("ExpressionAttributeValues")] JsonObject? ExpressionAttributeValues,
    [property: JsonPropertyName("AttributesToGet")] IReadOnlyList<string>? AttributesToGet,
    [property: JsonPropertyName("ScanFilter")] JsonElement? ScanFilter,
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator);

/// <summary>Output of <c>Query</c> and <c>Scan</c>: one page.</summary>
/// <param name="Items">The matching items (projected); absent for <c>Select=COUNT</c>.</param>
/// <param name="Count">Items after the filter.</param>
/// <param name="ScannedCount">Items read before the filter.</param>
/// <param name="LastEvaluatedKey">The key to continue from, when the page stopped early.</param>
/// <param name="ConsumedCapacity">Present when asked for.</param>
internal sealed record QueryResult(
    [property: JsonPropertyName("Items")] IReadOnlyList<JsonObject>? Items,
    [property: JsonPropertyName("Count")] int Count,
    [property: JsonPropertyName("ScannedCount")] int ScannedCount,
    [property: JsonPropertyName("LastEvaluatedKey")] JsonObject? LastEvaluatedKey,
    [property: JsonPropertyName("ConsumedCapacity")] ConsumedCapacity? ConsumedCapacity);

// Batch and transaction shapes (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html,
// API_BatchWriteItem.html, API_TransactWriteItems.html, API_TransactGetItems.html). Items and keys are DynamoDB JSON.

/// <summary>The keys to read from one table in <c>BatchGetItem</c>, and the projection.</summary>
internal sealed record KeysAndAttributes(
    [property: JsonPropertyName("Keys")] IReadOnlyList<JsonObject>? Keys,
    [property: JsonPropertyName("ConsistentRead")] bool? ConsistentRead,
    [property: JsonPropertyName("ProjectionExpression")] string? ProjectionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("AttributesToGet")] IReadOnlyList<string>? AttributesToGet);

/// <summary>Input of <c>BatchGetItem</c>: table name → keys.</summary>
internal sealed record BatchGetItemRequest(
    [property: JsonPropertyName("RequestItems")] IReadOnlyDictionary<string, KeysAndAttributes>? RequestItems,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity);

/// <summary>Output of <c>BatchGetItem</c>: table name → the items found; nothing is ever left unprocessed here.</summary>
internal sealed record BatchGetItemResult(
    [property: JsonPropertyName("Responses")] IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> Responses,
    [property: JsonPropertyName("UnprocessedKeys")] IReadOnlyDictionary<string, KeysAndAttributes> UnprocessedKeys);

/// <summary>A put inside <c>BatchWriteItem</c>.</summary>
internal sealed record PutRequest([property: JsonPropertyName("Item")] JsonObject? Item);

/// <summary>A delete inside <c>BatchWriteItem</c>.</summary>
internal sealed record DeleteRequest([property: JsonPropertyName("Key")] JsonObject? Key);

/// <summary>One write of <c>BatchWriteItem</c>: a put or a delete.</summary>
internal sealed record WriteRequest(
    [property: JsonPropertyName("PutRequest")] PutRequest? PutRequest,
    [property: JsonPropertyName("DeleteRequest")] DeleteRequest? DeleteRequest);

/// <summary>Input of <c>BatchWriteItem</c>: table name → writes.</summary>
internal sealed record BatchWriteItemRequest(
    [property: JsonPropertyName("RequestItems")] IReadOnlyDictionary<string, IReadOnlyList<WriteRequest>>? RequestItems,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("ReturnItemCollectionMetrics")] string? ReturnItemCollectionMetrics);

/// <summary>Output of <c>BatchWriteItem</c>: nothing is ever left unprocessed here.</summary>
internal sealed record BatchWriteItemResult(
    [property: JsonPropertyName("UnprocessedItems")] IReadOnlyDictionary<string, IReadOnlyList<WriteRequest>> UnprocessedItems);

/// <summary>
/// One element of <c>TransactWriteItems</c> (<c>ConditionCheck</c>, <c>Put</c>, <c>Delete</c> or <c>Update</c>); each
/// kind reads the members it has (<c>Item</c> for Put, <c>Key</c> for the others, <c>UpdateExpression</c> for Update).
/// </summary>
internal sealed record TransactWriteOperation(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Key")] JsonObject? Key,
    [property: JsonPropertyName("Item")] JsonObject? Item,
    [property: JsonPropertyName("UpdateExpression")] string? UpdateExpression,
    [property: JsonPropertyName("ConditionExpression")] string? ConditionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames,
    [property: JsonPropertyName("ExpressionAttributeValues")] JsonObject? ExpressionAttributeValues,
    [property: JsonPropertyName("ReturnValuesOnConditionCheckFailure")] string? ReturnValuesOnConditionCheckFailure);

/// <summary>One element of <c>TransactItems</c> in <c>TransactWriteItems</c>: exactly one member is set.</summary>
internal sealed record TransactWriteItem(
    [property: JsonPropertyName("ConditionCheck")] TransactWriteOperation? ConditionCheck,
    [property: JsonPropertyName("Put")] TransactWriteOperation? Put,
    [property: JsonPropertyName("Delete")] TransactWriteOperation? Delete,
    [property: JsonPropertyName("Update")] TransactWriteOperation? Update);

/// <summary>Input of <c>TransactWriteItems</c> (<c>ClientRequestToken</c> is accepted; idempotency is not emulated).</summary>
internal sealed record TransactWriteItemsRequest(
    [property: JsonPropertyName("TransactItems")] IReadOnlyList<TransactWriteItem>? TransactItems,
    [property: JsonPropertyName("ClientRequestToken")] string? ClientRequestToken,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity,
    [property: JsonPropertyName("ReturnItemCollectionMetrics")] string? ReturnItemCollectionMetrics);

/// <summary>One reason in a <c>TransactionCanceledException</c>, in the order of the request's items.</summary>
/// <param name="Code"><c>None</c> or <c>ConditionalCheckFailed</c>.</param>
/// <param name="Message">Why, for a failed item.</param>
/// <param name="Item">The item as it stood, when <c>ReturnValuesOnConditionCheckFailure</c> is <c>ALL_OLD</c>.</param>
internal sealed record CancellationReason(
    [property: JsonPropertyName("Code")] string Code,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("Item")] JsonObject? Item);

/// <summary>The read of one <c>TransactGetItems</c> element.</summary>
internal sealed record TransactGet(
    [property: JsonPropertyName("TableName")] string? TableName,
    [property: JsonPropertyName("Key")] JsonObject? Key,
    [property: JsonPropertyName("ProjectionExpression")] string? ProjectionExpression,
    [property: JsonPropertyName("ExpressionAttributeNames")] IReadOnlyDictionary<string, string>? ExpressionAttributeNames);

/// <summary>One element of <c>TransactItems</c> in <c>TransactGetItems</c>.</summary>
internal sealed record TransactGetItem([property: JsonPropertyName("Get")] TransactGet? Get);

/// <summary>Input of <c>TransactGetItems</c>.</summary>
internal sealed record TransactGetItemsRequest(
    [property: JsonPropertyName("TransactItems")] IReadOnlyList<TransactGetItem>? TransactItems,
    [property: JsonPropertyName("ReturnConsumedCapacity")] string? ReturnConsumedCapacity);

/// <summary>One answer of <c>TransactGetItems</c>: the item, or nothing when it does not exist.</summary>
internal sealed record ItemResponse([property: JsonPropertyName("Item")] JsonObject? Item);

/// <summary>Output of <c>TransactGetItems</c>, in the order of the request.</summary>
internal sealed record TransactGetItemsResult([property: JsonPropertyName("Responses")] IReadOnlyList<ItemResponse> Responses);

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
