using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The stand-in's OAuth 2.0 authorisation server: exchanges refresh tokens for short-lived bearer tokens and checks
/// those bearer tokens on Gmail API calls.
/// </summary>
/// <remarks>
/// A refresh token <c>sesmail-local-refresh:{mailbox}</c> is valid for that mailbox unless it has been revoked
/// through <c>/_sesmail/gmail/revoked-refresh-tokens</c>; revoking also invalidates the access tokens it issued
/// (as Google does when a user removes an app's access). Any <c>client_id</c> is accepted; the client secret is not
/// checked. Access tokens live in memory only: after a restart callers get <c>401</c> and refresh.
/// </remarks>
internal sealed class GmailOAuthServer(TimeProvider clock)
{
    /// <summary>The prefix of every valid refresh token.</summary>
    public const string RefreshTokenPrefix = "sesmail-local-refresh:";

    /// <summary>Scope reported for every issued token.</summary>
    public const string Scope = "https://www.googleapis.com/auth/gmail.insert https://www.googleapis.com/auth/gmail.modify";

    private readonly ConcurrentDictionary<string, IssuedToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    /// <summary>Lifetime of newly issued access tokens, in seconds (Google: 3599).</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3599;

    /// <summary>Refresh tokens currently answering <c>invalid_grant</c>.</summary>
    public IReadOnlyList<string> RevokedRefreshTokens => [.. _revoked.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Exchanges a refresh token for an access token.</summary>
    /// <returns>The token response, or the OAuth error (code, description) to answer with status 400.</returns>
    public (OAuthTokenResponse? Token, OAuthErrorResponse? Error) Refresh(string? refreshToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return (null, new OAuthErrorResponse("invalid_request", "Missing required parameter: refresh_token"));
        }

        var mailbox = MailboxOf(refreshToken);
        if (mailbox is null || _revoked.ContainsKey(refreshToken))
        {
            return (null, new OAuthErrorResponse("invalid_grant", "Token has been expired or revoked."));
        }

        var accessToken = "ya29.sesmail-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var lifetime = Math.Max(0, AccessTokenLifetimeSeconds);
        _accessTokens[accessToken] = new IssuedToken(mailbox, refreshToken, clock.GetUtcNow().AddSeconds(lifetime));
        return (new OAuthTokenResponse(accessToken, lifetime, Scope, "Bearer"), null);
    }

    /// <summary>The mailbox an unexpired, unrevoked bearer token belongs to.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <returns>The lower-cased mailbox address.</returns>
    /// <exception cref="GmailApiException">401 when the header is missing, not a bearer token, unknown, expired or revoked.</exception>
    public string Authenticate(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw GmailApiException.MissingCredentials();
        }

        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            throw GmailApiException.InvalidCredentials();
        }

        var token = authorization[bearer.Length..].Trim();
        if (!_accessTokens.TryGetValue(token, out var issued) || issued.ExpiresAt <= clock.GetUtcNow() || _revoked.ContainsKey(issued.RefreshToken))
        {
            throw GmailApiException.InvalidCredentials();
        }

        return issued.Mailbox;
    }

    /// <summary>Makes <paramref name="refreshToken"/> answer <c>invalid_grant</c> and kills its access tokens.</summary>
    public void Revoke(string refreshToken) => _revoked[refreshToken] = 0;

    /// <summary>Makes <paramref name="refreshToken"/> valid again (or every token when <c>null</c>).</summary>
    public void Restore(string? refreshToken)
    {
        if (refreshToken is null)
        {
            _revoked.Clear();
        }
        else
        {
            _revoked.TryRemove(refreshToken, out _);
        }
    }

    /// <summary>Expires every access token issued so far (callers then get <c>401</c> and must refresh).</summary>
    public void ExpireAccessTokens() => _accessTokens.Clear();

    /// <summary>The mailbox a refresh token grants, or <c>null</c> when it is not of the local form.</summary>
    public static string? MailboxOf(string refreshToken)
    {
        if (!refreshToken.StartsWith(RefreshTokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var mailbox = refreshToken[RefreshTokenPrefix.Length..].Trim();
        return mailbox.Length > 2 && mailbox.Contains('@', StringComparison.Ordinal) ? mailbox.ToLowerInvariant() : null;
    }

    private sealed record IssuedToken(string Mailbox, string RefreshToken, DateTimeOffset ExpiresAt);
}
