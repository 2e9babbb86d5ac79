using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// The bounce ledger in the routing table: item <c>PK = BOUNCE#{sesMessageId}</c>, <c>SK = NOTICE#v1</c>,
/// <c>entity_type = BOUNCE</c>, <c>status</c> (<c>claimed</c> → <c>sending</c> → <c>sent</c>), <c>claim_id</c>,
/// <c>claimed_at</c> (epoch seconds), <c>notification_id</c>, <c>created_at</c>, and <c>expires_at</c> (epoch seconds,
/// 30 days) for a table TTL. Claimed with a conditional
/// <see href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html">PutItem</see>
/// (<c>attribute_not_exists(PK)</c>); every later write is conditioned on the holder's <c>claim_id</c>.
/// </summary>
/// <remarks>
/// <para>An existing item decides: <c>sent</c> → already sent; <c>claimed</c> or <c>sending</c> younger than
/// <see cref="Lease"/> → in progress; <c>claimed</c> older → taken over (its holder died before calling SES);
/// <c>sending</c> older → outcome unknown. The existing item comes back with the failed conditional put, so the
/// function needs no <c>dynamodb:GetItem</c>. An item written by an earlier version (<c>sending</c> without
/// <c>claim_id</c>, claimed just before sending) counts as sent, as it did then.</para>
/// <para>Routing lookups read only <c>ROUTE#…</c> keys, operator listings filter on <c>entity_type = ROUTE</c>, and the
/// credential manager's stream filter matches only <c>PK = SMTP_USER</c>, so these items disturb nothing else.</para>
/// </remarks>
internal sealed class DynamoDbBounceLedger : IBounceLedger
{
    /// <summary>How long a claim protects a notification in progress: 35 s, longer than the function's 30 s timeout and the send's cut-off (<see cref="SendCutoff"/>).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(35);

    /// <summary>How long after claiming a holder may still be waiting for SES: 30 s (the bouncer cancels the call then).</summary>
    public static readonly TimeSpan SendCutoff = TimeSpan.FromSeconds(30);

    private const string SortKey = "NOTICE#v1";
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
    public async Task<BounceClaim> ClaimAsync(string sesMessageId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claimId = Guid.NewGuid().ToString("N");
            var (claimed, item) = await TryPutAsync(ClaimItem(sesMessageId, claimId), "attribute_not_exists(PK)", null, cancellationToken).ConfigureAwait(false);
            if (claimed)
            {
                return new BounceClaim(sesMessageId, BounceClaimOutcome.Claimed, claimId);
            }

            if (item is null || item.Count == 0)
            {
                continue; // released between our write and the check: claim again
            }

            var status = Text(item, "status");
            var holder = Text(item, "claim_id");
            if (status == "sent" || holder is null)
            {
                return new BounceClaim(sesMessageId, BounceClaimOutcome.AlreadySent, NotificationId: Text(item, "notification_id"));
            }

            var claimedAt = long.TryParse(item.TryGetValue("claimed_at", out var at) ? at.N : null, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
            if (DateTimeOffset.FromUnixTimeSeconds(claimedAt) + Lease > _time.GetUtcNow())
            {
                return new BounceClaim(sesMessageId, BounceClaimOutcome.InProgress);
            }

            if (status == "sending")
            {
                return new BounceClaim(sesMessageId, BounceClaimOutcome.OutcomeUnknown);
            }

            // A holder that died before calling SES sent nothing: take its claim over.
            if ((await TryPutAsync(ClaimItem(sesMessageId, claimId), "claim_id = :old AND #status = :claimed", new Dictionary<string, AttributeValue>
                {
                    [":old"] = new() { S = holder },
                    [":claimed"] = new() { S = "claimed" },
                }, cancellationToken).ConfigureAwait(false)).Written)
            {
                return new BounceClaim(sesMessageId, BounceClaimOutcome.Claimed, claimId);
            }
        }

        return new BounceClaim(sesMessageId, BounceClaimOutcome.InProgress);
    }

    /// <inheritdoc />
    public async Task<bool> MarkSendingAsync(BounceClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.UpdateItemAsync(Update(claim, "SET #status = :sending", new() { [":sending"] = new() { S = "sending" } }), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task MarkSentAsync(BounceClaim claim, string notificationId, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.UpdateItemAsync(Update(claim, "SET #status = :sent, notification_id = :id", new()
            {
                [":sent"] = new() { S = "sent" },
                [":id"] = new() { S = notificationId },
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Not ours any more: only the bookkeeping is lost; a sending claim is never sent again.
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(BounceClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _tableName,
                Key = Key(claim.SesMessageId),
                ConditionExpression = "claim_id = :mine",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":mine"] = new() { S = claim.ClaimId ?? string.Empty } },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Not ours any more: nothing to release.
        }
    }

    /// <summary>A conditional put; when the condition fails, the item that made it fail (<c>ReturnValuesOnConditionCheckFailure = ALL_OLD</c>, so no read permission is needed).</summary>
    private async Task<(bool Written, Dictionary<string, AttributeValue>? Existing)> TryPutAsync(
        Dictionary<string, AttributeValue> item, string condition, Dictionary<string, AttributeValue>? values, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = _tableName,
                Item = item,
                ConditionExpression = condition,
                ExpressionAttributeNames = values is null ? null : new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = values,
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            }, cancellationToken).ConfigureAwait(false);
            return (true, null);
        }
        catch (ConditionalCheckFailedException failed)
        {
            return (false, failed.Item);
        }
    }

    private UpdateItemRequest Update(BounceClaim claim, string expression, Dictionary<string, AttributeValue> values)
    {
        values[":mine"] = new() { S = claim.ClaimId ?? string.Empty };
        return new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(claim.SesMessageId),
            UpdateExpression = expression,
            ConditionExpression = "claim_id = :mine",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
            ExpressionAttributeValues = values,
        };
    }

    private Dictionary<string, AttributeValue> ClaimItem(string sesMessageId, string claimId)
    {
        var now = _time.GetUtcNow();
        var item = Key(sesMessageId);
        item["entity_type"] = new() { S = "BOUNCE" };
        item["status"] = new() { S = "claimed" };
        item["claim_id"] = new() { S = claimId };
        item["claimed_at"] = new() { N = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        item["created_at"] = new() { S = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
        item["expires_at"] = new() { N = (now + Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        return item;
    }

    private static Dictionary<string, AttributeValue> Key(string sesMessageId) => new(StringComparer.Ordinal)
    {
        ["PK"] = new() { S = "BOUNCE#" + sesMessageId },
        ["SK"] = new() { S = SortKey },
    };

    private static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;
}
