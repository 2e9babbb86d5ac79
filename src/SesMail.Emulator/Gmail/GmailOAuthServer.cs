using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The stand-in's OAuth 2.0 authorisation server: an auto-approving consent step that issues one-time authorization
/// codes, the exchange of those codes and of refresh tokens for short-lived bearer tokens, and the check of those
/// bearer tokens on Gmail API calls.
/// </summary>
/// <remarks>
/// A refresh token <c>sesmail-local-refresh:{mailbox}</c> is valid for that mailbox unless it has been revoked
/// through <c>/_sesmail/gmail/revoked-refresh-tokens</c>; revoking also invalidates the access tokens it issued
/// (as Google does when a user removes an app's access), and a new consent for that mailbox makes it valid again.
/// The refresh grant accepts any <c>client_id</c> without checking the secret; the consent step and the
/// authorization-code grant know only the registered clients (<see cref="DefaultClientId"/> by default) and check the
/// secret, as Google does. Codes and access tokens live in memory only: after a restart callers get <c>401</c> and
/// refresh.
/// </remarks>
internal sealed class GmailOAuthServer(TimeProvider clock)
{
    /// <summary>The prefix of every valid refresh token.</summary>
    public const string RefreshTokenPrefix = "sesmail-local-refresh:";

    /// <summary>Scope reported for every issued token.</summary>
    public const string Scope = "https://www.googleapis.com/auth/gmail.insert https://www.googleapis.com/auth/gmail.modify";

    /// <summary>The local OAuth client the runtime seeds (docs/ARCHITECTURE.md#local-configuration), registered by default.</summary>
    public const string DefaultClientId = "sesmail-local";

    /// <summary>The secret of <see cref="DefaultClientId"/>.</summary>
    public const string DefaultClientSecret = "sesmail-local-secret";

    /// <summary>The mailbox the consent step grants when no <c>login_hint</c> names one.</summary>
    public const string DefaultConsentMailbox = "me@example.test";

    /// <summary>How long an authorization code can be exchanged.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, IssuedToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _clients = new(StringComparer.Ordinal) { [DefaultClientId] = DefaultClientSecret };
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private string _consentMailbox = DefaultConsentMailbox;

    /// <summary>The mailbox the consent step grants when the request has no usable <c>login_hint</c> (default <c>me@example.test</c>).</summary>
    /// <exception cref="ArgumentException">Not an e-mail address.</exception>
    public string ConsentMailbox
    {
        get => _consentMailbox;
        set => _consentMailbox = IsMailbox(value) ? value.Trim().ToLowerInvariant() : throw new ArgumentException($"'{value}' is not a mailbox address.", nameof(value));
    }

    /// <summary>Lifetime of newly issued access tokens, in seconds (Google: 3599).</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3599;

    private long _tokenRequests;

    /// <summary>Requests the token endpoint has answered since start (every grant type, refused ones too): what a
    /// client's token reuse is measured by.</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <summary>Counts one request to the token endpoint.</summary>
    public void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

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

        return (Issue(mailbox, refreshToken, Scope, includeRefreshToken: false), null);
    }

    /// <summary>Registers (or replaces) an OAuth client the consent step and the code grant accept.</summary>
    public void RegisterClient(string clientId, string clientSecret) => _clients[clientId] = clientSecret;

    /// <summary>
    /// The consent step (<c>GET /_sesmail/oauth2/auth</c>): validates the request as Google's authorisation endpoint
    /// does and, auto-approving, issues a one-time code for the mailbox named by <c>login_hint</c> or
    /// <see cref="ConsentMailbox"/> (https://developers.google.com/identity/protocols/oauth2/native-app#step-2:-send-a-request-to-googles-oauth-2.0-server).
    /// </summary>
    /// <returns>
    /// A redirect to <c>redirect_uri</c> carrying <c>code</c> (or <c>error</c>) and <c>state</c> (RFC 6749 §4.1.2), or,
    /// when the client or <c>redirect_uri</c> cannot be trusted, an error to show instead of redirecting (§4.1.2.1).
    /// </returns>
    public ConsentOutcome Consent(ConsentRequest request)
    {
        if (string.IsNullOrEmpty(request.ClientId))
        {
            return ConsentOutcome.Page(400, "invalid_request", "Missing required parameter: client_id");
        }

        if (!_clients.ContainsKey(request.ClientId))
        {
            return ConsentOutcome.Page(401, "invalid_client", "The OAuth client was not found.");
        }

        if (string.IsNullOrEmpty(request.RedirectUri))
        {
            return ConsentOutcome.Page(400, "invalid_request", "Missing required parameter: redirect_uri");
        }

        if (!IsLoopbackRedirect(request.RedirectUri, out var redirect))
        {
            return ConsentOutcome.Page(400, "redirect_uri_mismatch", $"The redirect_uri {request.RedirectUri} is not a loopback address (http://localhost:PORT, http://127.0.0.1:PORT or http://[::1]:PORT) of this desktop client.");
        }

        if (request.ResponseType != "code")
        {
            return ConsentOutcome.Redirect(redirect, request.State, ("error", "unsupported_response_type"), ("error_description", $"Invalid response_type: {request.ResponseType}. Only code is supported."));
        }

        if (string.IsNullOrWhiteSpace(request.Scope))
        {
            return ConsentOutcome.Redirect(redirect, request.State, ("error", "invalid_request"), ("error_description", "Missing required parameter: scope"));
        }

        if (request.CodeChallenge is { Length: > 0 } && request.CodeChallengeMethod is not (null or "" or "S256" or "plain"))
        {
            return ConsentOutcome.Redirect(redirect, request.State, ("error", "invalid_request"), ("error_description", $"Invalid code_challenge_method: {request.CodeChallengeMethod}"));
        }

        var mailbox = IsMailbox(request.LoginHint) ? request.LoginHint!.Trim().ToLowerInvariant() : ConsentMailbox;
        var scope = string.Join(' ', request.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var code = "4/sesmail-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _codes[code] = new PendingCode(
            request.ClientId,
            request.RedirectUri,
            mailbox,
            scope,
            request.AccessType == "offline",
            string.IsNullOrEmpty(request.CodeChallenge) ? null : request.CodeChallenge,
            string.IsNullOrEmpty(request.CodeChallengeMethod) ? "plain" : request.CodeChallengeMethod,
            clock.GetUtcNow() + CodeLifetime);
        return ConsentOutcome.Redirect(redirect, request.State, ("code", code), ("scope", scope));
    }

    /// <summary>
    /// <c>grant_type=authorization_code</c> (RFC 6749 §4.1.3): authenticates the client, consumes the one-time code,
    /// checks that it was issued to this client for this <c>redirect_uri</c> (and the PKCE verifier, RFC 7636 §4.6), and
    /// issues an access token plus, when the consent asked for <c>access_type=offline</c>, the refresh token
    /// <c>sesmail-local-refresh:{mailbox}</c> (restored if it had been revoked: the user granted access again).
    /// </summary>
    /// <returns>The token, or the status (400/401) and OAuth error to answer with.</returns>
    public (OAuthTokenResponse? Token, int Status, OAuthErrorResponse? Error) ExchangeCode(string? code, string? redirectUri, string? clientId, string? clientSecret, string? codeVerifier)
    {
        if (string.IsNullOrEmpty(clientId) || !_clients.TryGetValue(clientId, out var secret) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(clientSecret ?? string.Empty)))
        {
            return (null, 401, new OAuthErrorResponse("invalid_client", "Unauthorized"));
        }

        if (string.IsNullOrEmpty(code))
        {
            return (null, 400, new OAuthErrorResponse("invalid_request", "Missing required parameter: code"));
        }

        // One use only: the code is gone whatever the outcome of the checks below.
        if (!_codes.TryRemove(code, out var pending) || pending.ExpiresAt <= clock.GetUtcNow())
        {
            return (null, 400, new OAuthErrorResponse("invalid_grant", "Malformed auth code."));
        }

        if (pending.ClientId != clientId)
        {
            return (null, 400, new OAuthErrorResponse("invalid_grant", "The authorization code was issued to another client."));
        }

        if (pending.RedirectUri != redirectUri)
        {
            return (null, 400, new OAuthErrorResponse("redirect_uri_mismatch", "Bad Request"));
        }

        if (pending.CodeChallenge is not null)
        {
            if (string.IsNullOrEmpty(codeVerifier))
            {
                return (null, 400, new OAuthErrorResponse("invalid_grant", "Missing code verifier."));
            }

            var expected = pending.CodeChallengeMethod == "S256"
                ? Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)))
                : codeVerifier;
            if (expected != pending.CodeChallenge)
            {
                return (null, 400, new OAuthErrorResponse("invalid_grant", "Invalid code verifier."));
            }
        }

        var refreshToken = RefreshTokenPrefix + pending.Mailbox;
        Restore(refreshToken);
        return (Issue(pending.Mailbox, refreshToken, pending.Scope, pending.Offline), 200, null);
    }

    private OAuthTokenResponse Issue(string mailbox, string refreshToken, string scope, bool includeRefreshToken)
    {
        var accessToken = "ya29.sesmail-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var lifetime = Math.Max(0, AccessTokenLifetimeSeconds);
        _accessTokens[accessToken] = new IssuedToken(mailbox, refreshToken, clock.GetUtcNow().AddSeconds(lifetime));
        return new OAuthTokenResponse(accessToken, lifetime, scope, "Bearer", includeRefreshToken ? refreshToken : null);
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
        return IsMailbox(mailbox) ? mailbox.ToLowerInvariant() : null;
    }

    private static bool IsMailbox(string? value) =>
        value is not null && value.Trim() is { Length: > 2 } text && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1;

    /// <summary>Google's rule for desktop clients: a plain-http loopback redirect, any port and path.</summary>
    private static bool IsLoopbackRedirect(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && uri.Scheme == Uri.UriSchemeHttp && string.IsNullOrEmpty(uri.Fragment) &&
        (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record IssuedToken(string Mailbox, string RefreshToken, DateTimeOffset ExpiresAt);

    private sealed record PendingCode(string ClientId, string RedirectUri, string Mailbox, string Scope, bool Offline, string? CodeChallenge, string CodeChallengeMethod, DateTimeOffset ExpiresAt);
}

/// <summary>The query of <c>GET /_sesmail/oauth2/auth</c> (Google's authorisation endpoint parameters).</summary>
/// <param name="ClientId"><c>client_id</c>.</param>
/// <param name="RedirectUri"><c>redirect_uri</c>: a loopback <c>http</c> URI.</param>
/// <param name="ResponseType"><c>response_type</c>: must be <c>code</c>.</param>
/// <param name="Scope"><c>scope</c>: space-separated scopes.</param>
/// <param name="State"><c>state</c>, echoed on the redirect.</param>
/// <param name="LoginHint"><c>login_hint</c>: the mailbox to grant (the stand-in's account chooser).</param>
/// <param name="AccessType"><c>access_type</c>: <c>offline</c> asks for a refresh token.</param>
/// <param name="CodeChallenge"><c>code_challenge</c> (PKCE, RFC 7636).</param>
/// <param name="CodeChallengeMethod"><c>code_challenge_method</c>: <c>S256</c> or <c>plain</c> (default).</param>
internal sealed record ConsentRequest(
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    string? Scope,
    string? State,
    string? LoginHint,
    string? AccessType,
    string? CodeChallenge,
    string? CodeChallengeMethod);

/// <summary>What the consent step answers: a redirect (<see cref="Location"/>) or an error page (<see cref="Status"/>, <see cref="Error"/>).</summary>
/// <param name="Location">Where to send the browser (<c>302</c>), or <c>null</c>.</param>
/// <param name="Status">The error page's status when <see cref="Location"/> is <c>null</c>.</param>
/// <param name="Error">The OAuth error shown on the page.</param>
internal sealed record ConsentOutcome(Uri? Location, int Status, OAuthErrorResponse? Error)
{
    /// <summary>An error page: the client or redirect URI cannot be trusted, so nothing is redirected.</summary>
    public static ConsentOutcome Page(int status, string error, string description) => new(null, status, new OAuthErrorResponse(error, description));

    /// <summary>A redirect to <paramref name="redirectUri"/> with <paramref name="parameters"/> and <c>state</c> appended to its query.</summary>
    public static ConsentOutcome Redirect(Uri redirectUri, string? state, params (string Name, string Value)[] parameters)
    {
        var query = new StringBuilder(redirectUri.Query.TrimStart('?'));
        foreach (var (name, value) in state is null ? parameters : [.. parameters, ("state", state)])
        {
            query.Append(query.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new(new UriBuilder(redirectUri) { Query = query.ToString() }.Uri, 302, null);
    }
}
