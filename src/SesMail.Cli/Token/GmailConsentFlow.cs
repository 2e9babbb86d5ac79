using System.Net;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;
using SesMail.Cli.Hosting;
using SesMail.Functions.Gmail;

namespace SesMail.Cli.Token;

/// <summary>
/// The installed-app consent flow of docs/OPERATIONS.md#the-gmail-token with Google.Apis.Auth
/// (https://developers.google.com/identity/protocols/oauth2/native-app): <see cref="PkceGoogleAuthorizationCodeFlow"/>
/// against the client file's <c>auth_uri</c>/<c>token_uri</c> (Google, or the emulator's stand-in), scope
/// <c>gmail.insert</c>, <c>access_type=offline</c> and <c>prompt=consent</c> so that Google returns a refresh token,
/// and a <see cref="LoopbackCodeReceiver"/> for the callback. Nothing is cached on disk.
/// </summary>
internal static class GmailConsentFlow
{
    /// <summary>Runs the flow and returns the refresh token.</summary>
    /// <param name="client">The OAuth client from SSM.</param>
    /// <param name="receiver">The callback listener.</param>
    /// <param name="loginHint">Account to pre-select, or null.</param>
    /// <param name="clientParameter">The client parameter's name (for messages).</param>
    /// <param name="cancellationToken">Ctrl+C or the timeout.</param>
    /// <exception cref="CliException">Consent denied, the code or the client refused, or no refresh token in the answer.</exception>
    public static async Task<string> RunAsync(GmailClientSecrets client, LoopbackCodeReceiver receiver, string? loginHint, string clientParameter, CancellationToken cancellationToken)
    {
        using var flow = new PkceGoogleAuthorizationCodeFlow(new ClientEndpoints(client.AuthUri, client.TokenUri)
        {
            ClientSecrets = new ClientSecrets { ClientId = client.ClientId, ClientSecret = client.ClientSecret },
            Scopes = [GoogleRefreshTokenSource.GmailInsertScope],
            Prompt = "consent",
            LoginHint = loginHint,
        });
        UserCredential credential;
        try
        {
            credential = await new AuthorizationCodeInstalledApp(flow, receiver).AuthorizeAsync("sesmail", cancellationToken).ConfigureAwait(false);
        }
        catch (TokenResponseException error)
        {
            throw Explain(error, client, clientParameter);
        }

        return credential.Token.RefreshToken is { Length: > 0 } refreshToken
            ? refreshToken
            : throw new CliException(
                "Google answered without a refresh token (it gives one only on a fresh consent), so nothing was stored.",
                "Remove the app's access at https://myaccount.google.com/permissions, then run `sesmail token refresh` again.");
    }

    /// <summary>Google's flow settings on the client file's own endpoints (Google's, or the local stand-in's).</summary>
    private sealed class ClientEndpoints(Uri authUri, Uri tokenUri)
        : GoogleAuthorizationCodeFlow.Initializer(authUri.AbsoluteUri, tokenUri.AbsoluteUri, GoogleAuthConsts.RevokeTokenUrl);

    /// <summary>Turns an OAuth error from the consent redirect or the token endpoint into what to do.</summary>
    internal static CliException Explain(TokenResponseException error, GmailClientSecrets client, string clientParameter)
    {
        var code = error.Error?.Error ?? "unknown_error";
        var detail = string.IsNullOrWhiteSpace(error.Error?.ErrorDescription) ? code : $"{code}: {error.Error!.ErrorDescription}";
        var setClient = $"Download the OAuth client's JSON again (Google Cloud console → APIs & Services → Credentials, type Desktop app) and run `sesmail token set-client --file client_secret.json`.";
        return code switch
        {
            "invalid_client" or "unauthorized_client" => new CliException(
                $"the token endpoint {client.TokenUri} refused the OAuth client {client.ClientId} ({detail}): the client secret in {clientParameter} is wrong, or the client was deleted.",
                setClient, 1, error),
            "access_denied" => new CliException($"the consent was denied in the browser ({detail}); nothing was stored.", "Run the command again and allow access (scope gmail.insert).", 1, error),
            "redirect_uri_mismatch" => new CliException(
                $"the OAuth server refused the callback address ({detail}).",
                "Use a Desktop-app OAuth client (it accepts any http://localhost port), or register http://localhost:PORT/ for a web client.", 1, error),
            "invalid_grant" => new CliException($"the authorization code was refused ({detail}); it may have expired.", "Run the command again and finish the consent within a few minutes.", 1, error),
            _ when error.StatusCode is HttpStatusCode.Unauthorized => new CliException($"the token endpoint {client.TokenUri} refused the OAuth client ({detail}).", setClient, 1, error),
            _ => new CliException($"the OAuth flow failed ({detail}).", null, 1, error),
        };
    }
}
