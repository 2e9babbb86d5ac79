using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// <see cref="IGmailImportLedger"/> in the routing table, with conditional writes. Item:
/// <c>PK = GMAIL_IMPORT#{sesMessageId}</c>, <c>SK = MAILBOX#{mailbox}</c>, <c>entity_type = GMAIL_IMPORT</c>,
/// <c>status</c> (<c>importing</c> → <c>imported</c>), <c>claim_id</c>, <c>claimed_at</c> (epoch seconds),
/// <c>gmail_message_id</c>, <c>imported_at</c> (ISO-8601), <c>expires_at</c> (epoch seconds, 90 days, for a TTL).
/// </summary>
/// <remarks>
/// Claim: <c>PutItem</c> with <c>attribute_not_exists(PK)</c>. When the item exists: <c>imported</c> → skip;
/// <c>importing</c> older than the lease (or released, <c>claimed_at = 0</c>) → take over with a
/// <c>PutItem</c> conditioned on the old <c>claim_id</c>, as an <see cref="GmailImportClaim.EarlierAttempt"/> when the
/// old holder may have imported (it never released, or released with <c>uncertain = true</c>); otherwise another
/// invocation is busy. Complete: <c>UpdateItem</c> conditioned on our <c>claim_id</c>. Release: <c>DeleteItem</c>
/// conditioned on our <c>claim_id</c> and <c>status = importing</c> when nothing can have reached Gmail, else an
/// <c>UpdateItem</c> setting <c>claimed_at = 0</c> and <c>uncertain = true</c> under the same condition. Reads are
/// strongly consistent. The SMTP credential manager's stream filter (<c>PK = SMTP_USER</c>) ignores these items.
/// </remarks>
/// <param name="dynamoDb">The DynamoDB client.</param>
/// <param name="tableName">The routing table.</param>
/// <param name="time">The clock.</param>
/// <param name="lease">How long a claim protects an import in progress; default <see cref="Lease"/>, else <see cref="LeaseFor"/> the retry budget.</param>
internal sealed class DynamoDbGmailImportLedger(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time, TimeSpan? lease = null) : IGmailImportLedger
{
    /// <summary>
    /// How long a claim protects an import in progress with the default 20 s retry budget: 35 s, longer than the
    /// function's 30 s timeout and than the holder's cut-off (<see cref="CutoffFor"/>), so a holder past its lease is dead
    /// or no longer talking to Gmail. A queue that redelivers a record sooner than this (its visibility timeout) makes
    /// the redelivery fail as in progress.
    /// </summary>
    public static readonly TimeSpan Lease = LeaseFor(GmailForwarderOptions.DefaultRetryBudget);

    private readonly TimeSpan _lease = lease ?? Lease;

    /// <summary>How long after claiming a holder may still call Gmail: the retry budget plus 10 s (the forwarder cancels its Gmail calls then).</summary>
    /// <param name="retryBudget"><c>GMAIL_RETRY_BUDGET_SECONDS</c>.</param>
    /// <returns>The cut-off after the claim.</returns>
    public static TimeSpan CutoffFor(TimeSpan retryBudget) => retryBudget + TimeSpan.FromSeconds(10);

    /// <summary>The lease for a retry budget: the cut-off plus 5 s.</summary>
    /// <param name="retryBudget"><c>GMAIL_RETRY_BUDGET_SECONDS</c>.</param>
    /// <returns>The lease.</returns>
    public static TimeSpan LeaseFor(TimeSpan retryBudget) => CutoffFor(retryBudget) + TimeSpan.FromSeconds(5);

    /// <summary>How long the record is kept (the S3 lifecycle keeps the message 90 days).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <inheritdoc />
    public async Task<GmailImportClaim> ClaimAsync(string sesMessageId, string mailbox, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claimId = Guid.NewGuid().ToString("N");
            try
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = tableName,
                    Item = ClaimItem(sesMessageId, mailbox, claimId),
                    ConditionExpression = "attribute_not_exists(PK)",
                }, cancellationToken).ConfigureAwait(false);
                return new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.Claimed, claimId, null);
            }
            catch (ConditionalCheckFailedException)
            {
            }

            var existing = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(sesMessageId, mailbox), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
            var item = existing.Item;
            if (item is null || item.Count == 0)
            {
                continue; // released between our write and our read: claim again
            }

            if (Text(item, "status") == "imported")
            {
                return new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.AlreadyImported, null, Text(item, "gmail_message_id"));
            }

            var claimedAt = long.TryParse(item.TryGetValue("claimed_at", out var at) ? at.N : null, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
            var released = claimedAt == 0;
            if (!released && DateTimeOffset.FromUnixTimeSeconds(claimedAt) + _lease > time.GetUtcNow())
            {
                return new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.InProgress, null, null);
            }

            // A holder that never released may have imported; one that released says whether it might have.
            var earlier = !released || (item.TryGetValue("uncertain", out var uncertain) && uncertain.BOOL == true);

            try
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = tableName,
                    Item = ClaimItem(sesMessageId, mailbox, claimId),
                    ConditionExpression = "claim_id = :old AND #status = :importing",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":old"] = new() { S = Text(item, "claim_id") ?? string.Empty },
                        [":importing"] = new() { S = "importing" },
                    },
                }, cancellationToken).ConfigureAwait(false);
                return new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.Claimed, claimId, null, EarlierAttempt: earlier);
            }
            catch (ConditionalCheckFailedException)
            {
                // Someone else took it over or finished first: look again.
            }
        }

        return new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.InProgress, null, null);
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAsync(GmailImportClaim claim, string gmailMessageId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(claim.SesMessageId, claim.Mailbox),
                UpdateExpression = "SET #status = :imported, gmail_message_id = :id, imported_at = :now",
                ConditionExpression = "claim_id = :mine",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":imported"] = new() { S = "imported" },
                    [":id"] = new() { S = gmailMessageId },
                    [":now"] = new() { S = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
                    [":mine"] = new() { S = claim.ClaimId ?? string.Empty },
                },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(GmailImportClaim claim, bool mayHaveImported, CancellationToken cancellationToken)
    {
        try
        {
            if (mayHaveImported || claim.EarlierAttempt)
            {
                // Keep the item so that the next holder knows to look in the mailbox; claimed_at = 0 lets it take over at once.
                await dynamoDb.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = Key(claim.SesMessageId, claim.Mailbox),
                    UpdateExpression = "SET claimed_at = :zero, uncertain = :true",
                    ConditionExpression = "claim_id = :mine AND #status = :importing",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":zero"] = new() { N = "0" },
                        [":true"] = new() { BOOL = true },
                        [":mine"] = new() { S = claim.ClaimId ?? string.Empty },
                        [":importing"] = new() { S = "importing" },
                    },
                }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tableName,
                Key = Key(claim.SesMessageId, claim.Mailbox),
                ConditionExpression = "claim_id = :mine AND #status = :importing",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":mine"] = new() { S = claim.ClaimId ?? string.Empty },
                    [":importing"] = new() { S = "importing" },
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Not ours any more: nothing to release.
        }
    }

    private Dictionary<string, AttributeValue> ClaimItem(string sesMessageId, string mailbox, string claimId)
    {
        var now = time.GetUtcNow();
        var item = Key(sesMessageId, mailbox);
        item["entity_type"] = new() { S = "GMAIL_IMPORT" };
        item["status"] = new() { S = "importing" };
        item["claim_id"] = new() { S = claimId };
        item["claimed_at"] = new() { N = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        item["expires_at"] = new() { N = (now + Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        return item;
    }

    private static Dictionary<string, AttributeValue> Key(string sesMessageId, string mailbox) => new(StringComparer.Ordinal)
    {
        ["PK"] = new() { S = $"GMAIL_IMPORT#{sesMessageId}" },
        ["SK"] = new() { S = $"MAILBOX#{mailbox}" },
    };

    private static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;
}
