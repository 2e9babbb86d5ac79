using System.Net;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;

namespace SesMail.Functions.Gmail;

/// <summary>
/// Access tokens from a stored refresh token through <c>Google.Apis.Auth</c> (<see cref="UserCredential"/> over an
/// <see cref="AuthorizationCodeFlow"/> whose token server is the client file's <c>token_uri</c>), so the same code
/// talks to Google and to the emulator's <c>/_sesmail/oauth2/token</c>. The refresh token is never rewritten
/// (docs/ARCHITECTURE.md#the-gmail-forwarder).
/// </summary>
internal sealed class GoogleRefreshTokenSource : IGmailAccessTokenSource, IDisposable
{
    /// <summary>The scope the forwarder needs (<c>users.messages.import</c> accepts <c>gmail.insert</c>).</summary>
    public const string GmailInsertScope = "https://www.googleapis.com/auth/gmail.insert";

    private static readonly HashSet<string> ExpiredGrantErrors = new(StringComparer.Ordinal) { "invalid_grant", "invalid_client", "unauthorized_client", "access_denied" };

    private readonly AuthorizationCodeFlow _flow;
    private readonly UserCredential _credential;

    /// <summary>Creates the source.</summary>
    /// <param name="secrets">The OAuth client.</param>
    /// <param name="refreshToken">The stored refresh token.</param>
    public GoogleRefreshTokenSource(GmailClientSecrets secrets, string refreshToken)
    {
        _flow = new AuthorizationCodeFlow(new AuthorizationCodeFlow.Initializer(secrets.AuthUri.AbsoluteUri, secrets.TokenUri.AbsoluteUri)
        {
            ClientSecrets = new ClientSecrets { ClientId = secrets.ClientId, ClientSecret = secrets.ClientSecret },
            Scopes = [GmailInsertScope],
        });
        _credential = new UserCredential(_flow, "me", new TokenResponse { RefreshToken = refreshToken });
    }

    /// <inheritdoc />
    public async Task<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        try
        {
            if (forceRefresh)
            {
                if (!await _credential.RefreshTokenAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new GmailTokenExpiredException("The OAuth refresh token could not be used to obtain an access token.");
                }

                return _credential.Token.AccessToken;
            }

            return await _credential.GetAccessTokenForRequestAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException error)
        {
            throw Classify(error);
        }
        catch (HttpRequestException error)
        {
            throw new GmailTransientException($"The OAuth token endpoint could not be reached: {error.Message}", innerException: error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GmailTransientException("The OAuth token endpoint timed out.", innerException: error);
        }
    }

    /// <summary>Classifies a token-endpoint error (docs/ARCHITECTURE.md#the-gmail-forwarder, the table of answers).</summary>
    /// <param name="error">The error from <c>Google.Apis.Auth</c>.</param>
    /// <returns>Token expired for <c>invalid_grant</c>-like codes and <c>400</c>/<c>401</c>/<c>403</c>; transient for <c>429</c>/<c>5xx</c>; otherwise permanent.</returns>
    internal static GmailException Classify(TokenResponseException error)
    {
        var code = error.Error?.Error;
        var text = $"The OAuth token endpoint refused the refresh token: {code} {error.Error?.ErrorDescription}".TrimEnd();
        var status = error.StatusCode;
        if ((code is not null && ExpiredGrantErrors.Contains(code)) || status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new GmailTokenExpiredException(text, status, code, error);
        }

        return status is null or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int?)status >= 500
            ? new GmailTransientException(text, status, code, innerException: error)
            : new GmailPermanentException(text, status, code, error);
    }

    /// <inheritdoc />
    public void Dispose() => _flow.Dispose();
}
