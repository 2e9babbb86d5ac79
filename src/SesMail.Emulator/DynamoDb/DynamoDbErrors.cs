using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>DynamoDB and DynamoDB Streams errors with their wire codes and DynamoDB's wording.</summary>
/// <remarks>https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html</remarks>
internal static class DynamoDbErrors
{
    /// <summary><c>ValidationException</c>.</summary>
    /// <param name="message">DynamoDB's message.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    /// <summary><c>ResourceNotFoundException</c> for a table, as GetItem/PutItem word it.</summary>
    /// <returns>The exception.</returns>
    public static AwsServiceException ResourceNotFound() =>
        new("ResourceNotFoundException", "Requested resource not found");

    /// <summary><c>ResourceNotFoundException</c> as DescribeTable/DeleteTable word it.</summary>
    /// <param name="tableName">The table name.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException TableNotFound(string tableName) =>
        new("ResourceNotFoundException", $"Requested resource not found: Table: {tableName} not found");

    /// <summary><c>ResourceInUseException</c> for CreateTable on an existing name.</summary>
    /// <param name="tableName">The table name.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException TableExists(string tableName) =>
        new("ResourceInUseException", $"Table already exists: {tableName}");

    /// <summary><c>ConditionalCheckFailedException</c>.</summary>
    /// <returns>The exception.</returns>
    /// <param name="item">The item as it stood, returned in the error's <c>Item</c> member
    /// (<c>ReturnValuesOnConditionCheckFailure=ALL_OLD</c>); <c>null</c> for none.</param>
    public static AwsServiceException ConditionalCheckFailed(JsonObject? item = null) =>
        new("ConditionalCheckFailedException", "The conditional request failed")
        {
            JsonMembers = item is null ? null : new JsonObject { ["Item"] = item.DeepClone() },
        };

    /// <summary>
    /// <c>TransactionCanceledException</c> with one <c>CancellationReasons</c> entry per item of the transaction, in order
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
    /// </summary>
    /// <param name="reasons">Why each item was cancelled (<c>None</c> for the ones that would have succeeded).</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException TransactionCanceled(IReadOnlyList<CancellationReason> reasons) =>
        new("TransactionCanceledException", $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", reasons.Select(r => r.Code))}]")
        {
            JsonMembers = new JsonObject { ["CancellationReasons"] = JsonSerializer.SerializeToNode(reasons, DynamoDbJsonContext.Default.IReadOnlyListCancellationReason) },
        };

    /// <summary><c>ValidationException</c> for a key that does not match the schema.</summary>
    /// <returns>The exception.</returns>
    public static AwsServiceException KeySchemaMismatch() => Validation("The provided key element does not match the schema");

    /// <summary><c>UnknownOperationException</c>.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException UnknownOperation(string operation) =>
        new("UnknownOperationException", $"The operation '{operation}' is not supported by this emulator.", HttpStatusCode.BadRequest);

    /// <summary><c>ValidationException</c> for a required member that is absent.</summary>
    /// <param name="member">The member name as DynamoDB spells it (e.g. <c>tableName</c>).</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    /// <summary>Streams' <c>ExpiredIteratorException</c>/<c>TrimmedDataAccessException</c> are not raised; a bad iterator is a <c>ValidationException</c>.</summary>
    /// <returns>The exception.</returns>
    public static AwsServiceException InvalidIterator() => Validation("Invalid ShardIterator");
}
