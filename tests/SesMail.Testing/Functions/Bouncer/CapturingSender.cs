using MimeKit;
using SesMail.Functions.Bouncer;

namespace SesMail.Testing.Functions.Bouncer;

/// <summary>An <see cref="IRawEmailSender"/> that keeps what it is given and answers ids <c>ses-notice-{n}</c>.</summary>
internal sealed class CapturingSender : IRawEmailSender
{
    /// <summary>Every message sent, with its envelope destinations.</summary>
    public List<(MimeMessage Message, IReadOnlyList<string> Destinations)> Sent { get; } = [];

    /// <summary>When set, every send fails with this exception and keeps nothing.</summary>
    public Exception? FailWith { get; set; }

    /// <inheritdoc />
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
