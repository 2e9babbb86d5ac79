using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.Routing;

/// <summary>
/// Reads rules with DynamoDB <c>GetItem</c> (eventually consistent) from the routing table
/// (<see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html">GetItem</see>).
/// Every error propagates: a failed read fails the message so it is retried, never falls through to a wildcard (docs/ARCHITECTURE.md#when-routing-fails).
/// </summary>
internal sealed class DynamoDbRoutingRuleStore : IRoutingRuleStore
{
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly string _tableName;

    /// <summary>Creates the store.</summary>
    /// <param name="dynamoDb">The DynamoDB client.</param>
    /// <param name="tableName">The routing table, <c>ses-mail-email-routing-{env}</c>.</param>
    public DynamoDbRoutingRuleStore(IAmazonDynamoDB dynamoDb, string tableName)
    {
        _dynamoDb = dynamoDb;
        _tableName = tableName;
    }

    /// <inheritdoc />
    public async ValueTask<RoutingRule?> GetAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var response = await _dynamoDb.GetItemAsync(
            new GetItemRequest
            {
                TableName = _tableName,
                Key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    ["PK"] = new() { S = partitionKey },
                    ["SK"] = new() { S = RoutingRule.SortKey },
                },
                ConsistentRead = false,
            },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? RoutingRule.FromItem(item) : null;
    }
}
