using MimeKit;
using SesMail.Functions.Bouncer;

namespace SesMail.Tests.Functions.Bouncer;

internal sealed class InMemoryBounceLedger : IBounceLedger
{
    public Dictionary<string, string> Entries { get; } = [];

    public Task<bool> TryClaimAsync(string sesMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(Entries.TryAdd(sesMessageId, "sending"));

    public Task MarkSentAsync(string sesMessageId, string notificationId, CancellationToken cancellationToken)
    {
        Entries[sesMessageId] = "sent:" + notificationId;
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string sesMessageId, CancellationToken cancellationToken)
    {
        Entries.Remove(sesMessageId);
        return Task.CompletedTask;
    }
}

internal sealed class CapturingSender : IRawEmailSender
{
    public List<(MimeMessage Message, IReadOnlyList<string> Destinations)> Sent { get; } = [];

    public Exception? FailWith { get; set; }

    public Task<string> SendAsync(MimeMessage message, IReadOnlyList<string> destinations, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            return Task.FromException<string>(FailWith);
        }

        Sent.Add((message, destinations));
        return Task.FromResult($"ses-notice-{Sent.Count}");
    }
}
