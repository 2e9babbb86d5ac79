namespace SesMail.Functions.Bouncer;

/// <summary>
/// Remembers which SES messages have been answered with a notification, so that neither a redelivered record nor a
/// crash sends a second one (docs/DELIVERY.md, "The bouncer").
/// </summary>
/// <remarks>
/// Protocol: <see cref="ClaimAsync"/> before building the notification, <see cref="MarkSendingAsync"/> immediately
/// before calling SES, <see cref="MarkSentAsync"/> after it, <see cref="ReleaseAsync"/> when nothing was sent. A claim
/// whose holder died is taken over after its lease when it never reached <c>sending</c> (nothing can have been sent);
/// a <c>sending</c> claim whose holder died is <see cref="BounceClaimOutcome.OutcomeUnknown"/>: SES has no way to ask
/// whether a message was sent, and a second notification is what the ledger exists to prevent, so none is sent.
/// </remarks>
internal interface IBounceLedger
{
    /// <summary>Claims the right to bounce a message.</summary>
    /// <param name="sesMessageId">The original SES message id.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The decision.</returns>
    Task<BounceClaim> ClaimAsync(string sesMessageId, CancellationToken cancellationToken);

    /// <summary>Records that the holder is about to call SES (from here on a crash leaves the outcome unknown).</summary>
    /// <param name="claim">A claim from <see cref="ClaimAsync"/> with outcome <see cref="BounceClaimOutcome.Claimed"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><c>false</c> when the claim was taken over meanwhile (send nothing).</returns>
    Task<bool> MarkSendingAsync(BounceClaim claim, CancellationToken cancellationToken);

    /// <summary>Records that the notification was sent.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="notificationId">The SES message id of the notification.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task completing when recorded.</returns>
    Task MarkSentAsync(BounceClaim claim, string notificationId, CancellationToken cancellationToken);

    /// <summary>Gives the claim back when nothing was sent (SES refused the call, or it was never made), so a retry may send.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task completing when released.</returns>
    Task ReleaseAsync(BounceClaim claim, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IBounceLedger.ClaimAsync"/> decided.</summary>
internal enum BounceClaimOutcome
{
    /// <summary>This invocation holds the claim and may send.</summary>
    Claimed,

    /// <summary>The notification was sent before: send nothing.</summary>
    AlreadySent,

    /// <summary>Another invocation holds a live claim: fail the record so that it comes back later.</summary>
    InProgress,

    /// <summary>An earlier holder called SES and died before recording the answer: whether it sent is unknown, so send nothing.</summary>
    OutcomeUnknown,
}

/// <summary>A ledger decision.</summary>
/// <param name="SesMessageId">The original SES message id.</param>
/// <param name="Outcome">The decision.</param>
/// <param name="ClaimId">This invocation's claim id (for <see cref="BounceClaimOutcome.Claimed"/>).</param>
/// <param name="NotificationId">The SES id of the notification sent before (for <see cref="BounceClaimOutcome.AlreadySent"/>), when recorded.</param>
internal sealed record BounceClaim(string SesMessageId, BounceClaimOutcome Outcome, string? ClaimId = null, string? NotificationId = null);
