using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Testing.Functions.GmailForwarder;

/// <summary>An <see cref="IGmailCredentialStore"/> holding one OAuth client and one refresh token, which it returns for whichever account a target names.</summary>
/// <param name="client">The OAuth client every read returns.</param>
/// <param name="refreshToken">The refresh token every account gets.</param>
internal sealed class FixedCredentialStore(GmailClientSecrets client, string refreshToken) : IGmailCredentialStore
{
    /// <inheritdoc />
    public Task<GmailCredentials> ReadAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        Task.FromResult(new GmailCredentials(client, accounts.ToDictionary(a => a, a => new GmailAccountCredential(a, refreshToken, a, "(fixed)", null), StringComparer.Ordinal)));
}
