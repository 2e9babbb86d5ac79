using SesMail.Functions.Bouncer;

namespace SesMail.Testing.Functions.Bouncer;

/// <summary>An in-process <see cref="IBounceLedger"/> with the DynamoDB ledger's semantics (claim, sending, sent, release), by SES message id.</summary>
/// <param name="time">The clock leases are measured on; default the system clock.</param>
internal sealed class InMemoryBounceLedger(TimeProvider? time = null) : IBounceLedger
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, (string ClaimId, DateTimeOffset ClaimedAt)> _claims = [];

    /// <summary>SES message id → <c>claimed</c>, <c>sending</c> or <c>sent:{notification id}</c>.</summary>
    public Dictionary<string, string> Entries { get; } = [];

    /// <inheritdoc />
    public Task<BounceClaim> ClaimAsync(string sesMessageId, CancellationToken cancellationToken)
    {
        lock (Entries)
        {
            var claimId = Guid.NewGuid().ToString("N");
            if (Entries.TryGetValue(sesMessageId, out var status))
            {
                if (status.StartsWith("sent", StringComparison.Ordinal))
                {
                    return Task.FromResult(new BounceClaim(sesMessageId, BounceClaimOutcome.AlreadySent, NotificationId: status[5..]));
                }

                if (_claims[sesMessageId].ClaimedAt + DynamoDbBounceLedger.Lease > _time.GetUtcNow())
                {
                    return Task.FromResult(new BounceClaim(sesMessageId, BounceClaimOutcome.InProgress));
                }

                if (status == "sending")
                {
                    return Task.FromResult(new BounceClaim(sesMessageId, BounceClaimOutcome.OutcomeUnknown));
                }
            }

            Entries[sesMessageId] = "claimed";
            _claims[sesMessageId] = (claimId, _time.GetUtcNow());
            return Task.FromResult(new BounceClaim(sesMessageId, BounceClaimOutcome.Claimed, claimId));
        }
    }

    /// <inheritdoc />
    public Task<bool> MarkSendingAsync(BounceClaim claim, CancellationToken cancellationToken) => Task.FromResult(Set(claim, "sending"));

    /// <inheritdoc />
    public Task MarkSentAsync(BounceClaim claim, string notificationId, CancellationToken cancellationToken)
    {
        Set(claim, "sent:" + notificationId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(BounceClaim claim, CancellationToken cancellationToken)
    {
        lock (Entries)
        {
            if (_claims.TryGetValue(claim.SesMessageId, out var held) && held.ClaimId == claim.ClaimId)
            {
                Entries.Remove(claim.SesMessageId);
                _claims.Remove(claim.SesMessageId);
            }
        }

        return Task.CompletedTask;
    }

    private bool Set(BounceClaim claim, string status)
    {
        lock (Entries)
        {
            if (!_claims.TryGetValue(claim.SesMessageId, out var held) || held.ClaimId != claim.ClaimId)
            {
                return false;
            }

            Entries[claim.SesMessageId] = status;
            return true;
        }
    }
}
