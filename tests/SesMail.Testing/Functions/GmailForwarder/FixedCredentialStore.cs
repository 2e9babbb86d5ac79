using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Testing.Functions.GmailForwarder;

/// <summary>An <see cref="IGmailCredentialStore"/> holding one OAuth client and refresh token.</summary>
/// <param name="client">The OAuth client every read returns.</param>
/// <param name="refreshToken">The refresh token every read returns.</param>
internal sealed class FixedCredentialStore(GmailClientSecrets client, string refreshToken) : IGmailCredentialStore
{
    /// <inheritdoc />
    public Task<(GmailClientSecrets Client, string RefreshToken)> ReadAsync(CancellationToken cancellationToken) => Task.FromResult((client, refreshToken));
}
