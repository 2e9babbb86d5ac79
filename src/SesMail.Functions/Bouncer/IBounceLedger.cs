namespace SesMail.Functions.Bouncer;

/// <summary>Remembers which SES messages have been answered with a notification, so a redelivered record sends none.</summary>
internal interface IBounceLedger
{
    /// <summary>Claims the right to bounce a message; <c>false</c> when it was already claimed (a duplicate).</summary>
    /// <param name="sesMessageId">The original SES message id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether this caller holds the claim.</returns>
    Task<bool> TryClaimAsync(string sesMessageId, CancellationToken cancellationToken);

    /// <summary>Records that the notification was sent.</summary>
    /// <param name="sesMessageId">The original SES message id.</param>
    /// <param name="notificationId">The SES message id of the notification.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task completing when recorded.</returns>
    Task MarkSentAsync(string sesMessageId, string notificationId, CancellationToken cancellationToken);

    /// <summary>Gives the claim back after a failed send, so the retry may try again.</summary>
    /// <param name="sesMessageId">The original SES message id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task completing when released.</returns>
    Task ReleaseAsync(string sesMessageId, CancellationToken cancellationToken);
}
