using MimeKit;

namespace SesMail.Functions.Bouncer;

/// <summary>Sends a complete MIME message.</summary>
internal interface IRawEmailSender
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="destinations"/> with an empty envelope sender.</summary>
    /// <param name="message">The message (its <c>From</c> must be a verified identity).</param>
    /// <param name="destinations">Envelope recipients.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's message id.</returns>
    Task<string> SendAsync(MimeMessage message, IReadOnlyList<string> destinations, CancellationToken cancellationToken);
}
