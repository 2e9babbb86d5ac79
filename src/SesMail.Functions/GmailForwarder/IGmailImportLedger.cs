namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// The idempotency record of Gmail imports: (SES message id, mailbox) → Gmail message id, so a record delivered again
/// after a successful import does not create a second copy.
/// </summary>
/// <remarks>
/// Protocol: <see cref="ClaimAsync"/> before uploading (a conditional create), <see cref="CompleteAsync"/> with the
/// Gmail id after it, <see cref="ReleaseAsync"/> when the upload failed. A claim whose holder died is taken over after
/// its lease. Gmail's import has no idempotency key, so an attempt whose outcome nobody recorded — the holder died
/// between sending the upload and <see cref="CompleteAsync"/>, or the answer was lost (a timeout or a broken connection
/// after Gmail stored the message) — is marked on the claim (<see cref="GmailImportClaim.EarlierAttempt"/>), and the
/// next holder looks for the message in the mailbox (<c>messages.list</c>, <c>q=rfc822msgid:</c>) before importing
/// again (docs/DELIVERY.md).
/// </remarks>
internal interface IGmailImportLedger
{
    /// <summary>Claims the import of <paramref name="sesMessageId"/> into <paramref name="mailbox"/>.</summary>
    /// <param name="sesMessageId">The SES message id.</param>
    /// <param name="mailbox">The Gmail <c>userId</c> imported into (<c>me</c> = the OAuth account).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>Whether to import, skip (already imported) or come back later (another invocation holds the claim).</returns>
    Task<GmailImportClaim> ClaimAsync(string sesMessageId, string mailbox, CancellationToken cancellationToken);

    /// <summary>Records the Gmail message id under a claim this invocation holds.</summary>
    /// <param name="claim">The claim from <see cref="ClaimAsync"/>.</param>
    /// <param name="gmailMessageId">The id Gmail returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><c>false</c> when the claim was taken over meanwhile (the import may then be duplicated).</returns>
    Task<bool> CompleteAsync(GmailImportClaim claim, string gmailMessageId, CancellationToken cancellationToken);

    /// <summary>Gives a claim up after a failed upload, so the next delivery can claim it at once.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="mayHaveImported">Whether an upload may have reached Gmail (a lost answer, a timeout, a 5xx): the
    /// next holder then gets <see cref="GmailImportClaim.EarlierAttempt"/> and looks in the mailbox first. <c>false</c>
    /// only when Gmail refused every attempt or none was sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task ReleaseAsync(GmailImportClaim claim, bool mayHaveImported, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IGmailImportLedger.ClaimAsync"/> decided.</summary>
internal enum GmailImportClaimOutcome
{
    /// <summary>This invocation holds the claim and must import.</summary>
    Claimed,

    /// <summary>The message is already in the mailbox; <see cref="GmailImportClaim.GmailMessageId"/> says which.</summary>
    AlreadyImported,

    /// <summary>Another invocation holds a live claim: fail the record so it comes back after the visibility timeout.</summary>
    InProgress,
}

/// <summary>A ledger decision.</summary>
/// <param name="SesMessageId">The SES message id.</param>
/// <param name="Mailbox">The mailbox.</param>
/// <param name="Outcome">The decision.</param>
/// <param name="ClaimId">This invocation's claim id (for <see cref="GmailImportClaimOutcome.Claimed"/>).</param>
/// <param name="GmailMessageId">The Gmail id (for <see cref="GmailImportClaimOutcome.AlreadyImported"/>).</param>
/// <param name="EarlierAttempt">An earlier holder may have imported without recording it: it stopped before finishing
/// (its lease ran out) or released the claim after an attempt whose outcome is unknown. Look in the mailbox before
/// importing.</param>
internal sealed record GmailImportClaim(string SesMessageId, string Mailbox, GmailImportClaimOutcome Outcome, string? ClaimId, string? GmailMessageId, bool EarlierAttempt = false);
