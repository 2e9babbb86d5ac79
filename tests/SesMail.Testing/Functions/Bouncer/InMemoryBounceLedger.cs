using SesMail.Functions.Bouncer;

namespace SesMail.Testing.Functions.Bouncer;

/// <summary>An in-process <see cref="IBounceLedger"/>: claim, mark sent and release by SES message id.</summary>
internal sealed class InMemoryBounceLedger : IBounceLedger
{
    /// <summary>SES message id → <c>sending</c> or <c>sent:{notification id}</c>.</summary>
    public Dictionary<string, string> Entries { get; } = [];

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string sesMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(Entries.TryAdd(sesMessageId, "sending"));

    /// <inheritdoc />
    public Task MarkSentAsync(string sesMessageId, string notificationId, CancellationToken cancellationToken)
    {
        Entries[sesMessageId] = "sent:" + notificationId;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string sesMessageId, CancellationToken cancellationToken)
    {
        Entries.Remove(sesMessageId);
        return Task.CompletedTask;
    }
}
