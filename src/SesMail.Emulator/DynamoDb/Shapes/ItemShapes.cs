using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SesMail.Emulator.DynamoDb.Shapes;

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
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator);

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
    [property: JsonPropertyName("ConditionalOperator")] string? ConditionalOperator);

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
    [property: JsonPropertyName("AttributeUpdates")] JsonElement? AttributeUpdates);

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
