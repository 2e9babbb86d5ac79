using SesMail.Functions.GmailForwarder;

namespace SesMail.Testing.Functions.GmailForwarder;

/// <summary>An in-process <see cref="IGmailImportLedger"/> with the DynamoDB ledger's semantics (tests, benchmarks).</summary>
internal sealed class InMemoryGmailImportLedger(TimeProvider time) : IGmailImportLedger
{
    private readonly Dictionary<(string, string), Entry> _entries = [];
    private readonly Lock _gate = new();

    /// <summary>The Gmail ids recorded so far, by (SES message id, mailbox).</summary>
    public IReadOnlyDictionary<(string SesMessageId, string Mailbox), string> Imported
    {
        get
        {
            lock (_gate)
            {
                return _entries.Where(e => e.Value.GmailMessageId is not null).ToDictionary(e => e.Key, e => e.Value.GmailMessageId!);
            }
        }
    }

    /// <inheritdoc />
    public Task<GmailImportClaim> ClaimAsync(string sesMessageId, string mailbox, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (sesMessageId, mailbox);
            var claimId = Guid.NewGuid().ToString("N");
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = new Entry(claimId, time.GetUtcNow(), null);
                return Task.FromResult(new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.Claimed, claimId, null));
            }

            if (entry.GmailMessageId is not null)
            {
                return Task.FromResult(new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.AlreadyImported, null, entry.GmailMessageId));
            }

            if (entry.ClaimedAt is { } claimedAt && claimedAt + DynamoDbGmailImportLedger.Lease > time.GetUtcNow())
            {
                return Task.FromResult(new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.InProgress, null, null));
            }

            _entries[key] = new Entry(claimId, time.GetUtcNow(), null);
            var earlier = entry.ClaimedAt is not null || entry.Uncertain;
            return Task.FromResult(new GmailImportClaim(sesMessageId, mailbox, GmailImportClaimOutcome.Claimed, claimId, null, EarlierAttempt: earlier));
        }
    }

    /// <inheritdoc />
    public Task<bool> CompleteAsync(GmailImportClaim claim, string gmailMessageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (claim.SesMessageId, claim.Mailbox);
            if (!_entries.TryGetValue(key, out var entry) || entry.ClaimId != claim.ClaimId)
            {
                return Task.FromResult(false);
            }

            _entries[key] = entry with { GmailMessageId = gmailMessageId };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(GmailImportClaim claim, bool mayHaveImported, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (claim.SesMessageId, claim.Mailbox);
            if (_entries.TryGetValue(key, out var entry) && entry.ClaimId == claim.ClaimId && entry.GmailMessageId is null)
            {
                if (mayHaveImported || claim.EarlierAttempt)
                {
                    _entries[key] = entry with { ClaimedAt = null, Uncertain = true };
                }
                else
                {
                    _entries.Remove(key);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>An entry; <c>ClaimedAt</c> is null once released (taken over at once), <c>Uncertain</c> when the releaser may have imported.</summary>
    private sealed record Entry(string ClaimId, DateTimeOffset? ClaimedAt, string? GmailMessageId, bool Uncertain = false);
}
