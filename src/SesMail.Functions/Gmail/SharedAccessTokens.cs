using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SesMail.Functions.Gmail;

/// <summary>
/// Access tokens shared by every invocation of a warm function instance: one <see cref="GoogleRefreshTokenSource"/>
/// per (token endpoint, client id, refresh token), kept in a static cache, so an access token (valid an hour) is
/// reused until <c>Google.Apis.Auth</c> finds it stale (5 minutes before <c>expires_in</c> runs out) instead of being
/// fetched again for every SQS batch. A <c>401</c> from Gmail still forces a refresh (<see cref="GmailClient"/>), and
/// that new token is shared too. A new refresh token (after <c>sesmail token refresh</c>) is a new key; per account,
/// each account's refresh token is its own key.
/// </summary>
internal static class SharedAccessTokens
{
    /// <summary>At most this many sources are kept; the cache is cleared when a new key would exceed it (rotated refresh
    /// tokens leave stale keys behind).</summary>
    public const int MaxEntries = 16;

    private static readonly ConcurrentDictionary<string, GoogleRefreshTokenSource> Sources = new(StringComparer.Ordinal);

    /// <summary>The shared source for this client and refresh token (never disposed by callers).</summary>
    /// <param name="client">The OAuth client.</param>
    /// <param name="refreshToken">The refresh token.</param>
    public static IGmailAccessTokenSource For(GmailClientSecrets client, string refreshToken)
    {
        var key = Key(client, refreshToken);
        if (Sources.TryGetValue(key, out var existing))
        {
            return new Lease(existing);
        }

        if (Sources.Count >= MaxEntries)
        {
            Sources.Clear(); // the dropped sources' tokens are simply fetched again; they hold no unmanaged state worth disposing here
        }

        return new Lease(Sources.GetOrAdd(key, _ => new GoogleRefreshTokenSource(client, refreshToken)));
    }

    /// <summary>Forgets every cached token (tests).</summary>
    internal static void Clear() => Sources.Clear();

    /// <summary>A hash, so the dictionary holds no secret in clear as its key.</summary>
    private static string Key(GmailClientSecrets client, string refreshToken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{client.TokenUri.AbsoluteUri}\n{client.ClientId}\n{client.ClientSecret}\n{refreshToken}")));

    /// <summary>The caller's handle: delegates, and is deliberately not <see cref="IDisposable"/>.</summary>
    private sealed class Lease(GoogleRefreshTokenSource source) : IGmailAccessTokenSource
    {
        public Task<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => source.GetAccessTokenAsync(forceRefresh, cancellationToken);
    }
}
