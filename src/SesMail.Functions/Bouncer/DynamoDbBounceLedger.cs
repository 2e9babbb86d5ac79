using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// The bounce ledger in the routing table: item <c>PK = BOUNCE#{sesMessageId}</c>, <c>SK = NOTICE#v1</c>,
/// <c>entity_type = BOUNCE</c>, claimed with a conditional
/// <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html">PutItem</see>
/// (<c>attribute_not_exists(PK)</c>). <c>expires_at</c> (epoch seconds, 30 days) lets a table TTL remove old entries.
/// </summary>
/// <remarks>Routing lookups read only <c>ROUTE#…</c> keys, operator listings filter on <c>entity_type = ROUTE</c>, and the
/// credential manager's stream filter matches only <c>PK = SMTP_USER</c>, so these items disturb nothing else.</remarks>
internal sealed class DynamoDbBounceLedger : IBounceLedger
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly string _tableName;
    private readonly TimeProvider _time;

    /// <summary>Creates the ledger.</summary>
    /// <param name="dynamoDb">The DynamoDB client.</param>
    /// <param name="tableName">The routing table.</param>
    /// <param name="time">The clock.</param>
    public DynamoDbBounceLedger(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time)
    {
        _dynamoDb = dynamoDb;
        _tableName = tableName;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<bool> TryClaimAsync(string sesMessageId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            await _dynamoDb.PutItemAsync(
                new PutItemRequest
                {
                    TableName = _tableName,
                    Item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                    {
                        ["PK"] = new() { S = PartitionKey(sesMessageId) },
                        ["SK"] = new() { S = SortKey },
                        ["entity_type"] = new() { S = "BOUNCE" },
                        ["status"] = new() { S = "sending" },
                        ["created_at"] = new() { S = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
                        ["expires_at"] = new() { N = (now + Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                    },
                    ConditionExpression = "attribute_not_exists(PK)",
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task MarkSentAsync(string sesMessageId, string notificationId, CancellationToken cancellationToken) =>
        _dynamoDb.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = _tableName,
                Key = Key(sesMessageId),
                UpdateExpression = "SET #status = :sent, notification_id = :id",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":sent"] = new() { S = "sent" },
                    [":id"] = new() { S = notificationId },
                },
            },
            cancellationToken);

    /// <inheritdoc />
    public Task ReleaseAsync(string sesMessageId, CancellationToken cancellationToken) =>
        _dynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = _tableName, Key = Key(sesMessageId) }, cancellationToken);

    private const string SortKey = "NOTICE#v1";

    private static string PartitionKey(string sesMessageId) => "BOUNCE#" + sesMessageId;

    private static Dictionary<string, AttributeValue> Key(string sesMessageId) => new(StringComparer.Ordinal)
    {
        ["PK"] = new() { S = PartitionKey(sesMessageId) },
        ["SK"] = new() { S = SortKey },
    };
}
