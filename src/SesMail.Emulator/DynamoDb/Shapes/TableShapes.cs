using System.Text.Json;
using System.Text.Json.Serialization;

namespace SesMail.Emulator.DynamoDb.Shapes;

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
