using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SesMail.Emulator.DynamoDb.Shapes;

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
