using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace SesMail.Functions.Gmail;

/// <summary>
/// Access tokens from a stored refresh token by the OAuth 2.0 refresh grant (RFC 6749 §6: <c>POST</c> to the client
/// file's <c>token_uri</c> with <c>grant_type=refresh_token</c>, <c>refresh_token</c>, <c>client_id</c>,
/// <c>client_secret</c>), so the same code talks to Google and to the emulator's <c>/_sesmail/oauth2/token</c>. A token is
/// reused until five minutes before it expires. The refresh token is never rewritten (docs/ARCHITECTURE.md#the-gmail-forwarder).
/// </summary>
/// <remarks>
/// Written here rather than taken from <c>Google.Apis.Auth</c>: that library serializes with Newtonsoft.Json by
/// reflection, which Native AOT cannot compile (IL2026/IL3050), and the function code path is published with AOT.
/// The CLI's interactive consent flow still uses <c>Google.Apis.Auth</c>.
/// </remarks>
internal sealed class GoogleRefreshTokenSource : IGmailAccessTokenSource, IDisposable
{
    /// <summary>The scope the forwarder needs (<c>users.messages.import</c> accepts <c>gmail.insert</c>).</summary>
    public const string GmailInsertScope = "https://www.googleapis.com/auth/gmail.insert";

    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private static readonly HashSet<string> ExpiredGrantErrors = new(StringComparer.Ordinal) { "invalid_grant", "invalid_client", "unauthorized_client", "access_denied" };

    private readonly GmailClientSecrets _secrets;
    private readonly string _refreshToken;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _accessToken;
    private DateTimeOffset _expires;

    /// <summary>Creates the source.</summary>
    /// <param name="secrets">The OAuth client.</param>
    /// <param name="refreshToken">The stored refresh token.</param>
    /// <param name="http">The HTTP client (tests); a new one when <c>null</c>.</param>
    /// <param name="time">The clock; the system clock when <c>null</c>.</param>
    public GoogleRefreshTokenSource(GmailClientSecrets secrets, string refreshToken, HttpClient? http = null, TimeProvider? time = null)
    {
        _secrets = secrets;
        _refreshToken = refreshToken;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _accessToken is { } cached && _time.GetUtcNow() < _expires - RefreshBefore)
            {
                return cached;
            }

            var (token, expiresIn) = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            _accessToken = token;
            _expires = _time.GetUtcNow().AddSeconds(expiresIn);
            return token;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<(string Token, long ExpiresIn)> RefreshAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(
        [
            new("grant_type", "refresh_token"),
            new("refresh_token", _refreshToken),
            new("client_id", _secrets.ClientId),
            new("client_secret", _secrets.ClientSecret),
        ]);
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(_secrets.TokenUri, form, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new GmailTransientException($"The OAuth token endpoint could not be reached: {error.Message}", innerException: error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GmailTransientException("The OAuth token endpoint timed out.", innerException: error);
        }

        using (response)
        {
            TokenResponse? body = null;
            try
            {
                body = await response.Content.ReadFromJsonAsync(TokenJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
            }

            if (response.IsSuccessStatusCode && body?.AccessToken is { Length: > 0 } token)
            {
                return (token, body.ExpiresIn ?? 3600);
            }

            throw Classify(response.StatusCode, body?.Error, body?.ErrorDescription);
        }
    }

    /// <summary>Classifies a token-endpoint error (docs/ARCHITECTURE.md#the-gmail-forwarder, the table of answers).</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="code">The OAuth <c>error</c> code, or <c>null</c>.</param>
    /// <param name="description">The OAuth <c>error_description</c>, or <c>null</c>.</param>
    /// <returns>Token expired for <c>invalid_grant</c>-like codes and <c>400</c>/<c>401</c>/<c>403</c>; transient for <c>429</c>/<c>5xx</c>; otherwise permanent.</returns>
    internal static GmailException Classify(HttpStatusCode? status, string? code, string? description)
    {
        var text = $"The OAuth token endpoint refused the refresh token: {code} {description}".TrimEnd();
        if ((code is not null && ExpiredGrantErrors.Contains(code)) || status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new GmailTokenExpiredException(text, status, code, errorDescription: description);
        }

        return status is null or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int?)status >= 500
            ? new GmailTransientException(text, status, code)
            : new GmailPermanentException(text, status, code);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _lock.Dispose();
    }
}

/// <summary>The token endpoint's answer (RFC 6749 §5.1, §5.2).</summary>
/// <param name="AccessToken"><c>access_token</c>.</param>
/// <param name="ExpiresIn"><c>expires_in</c>, seconds.</param>
/// <param name="Error"><c>error</c> on failure.</param>
/// <param name="ErrorDescription"><c>error_description</c> on failure.</param>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);

[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
