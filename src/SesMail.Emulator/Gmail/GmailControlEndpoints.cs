using System.Text.Json;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// The OAuth token endpoint and the control endpoints under <c>/_sesmail/gmail/</c> that switch the stand-in's
/// failure modes. Control endpoints need no token.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>GET /_sesmail/oauth2/auth</c></term><description>the auto-approving consent step: <c>client_id</c>, <c>redirect_uri</c> (loopback), <c>response_type=code</c>, <c>scope</c>, optional <c>state</c>, <c>login_hint</c> (the mailbox), <c>access_type=offline</c>, <c>code_challenge</c> → <c>302</c> to <c>redirect_uri?code=…&amp;scope=…&amp;state=…</c>; unknown client <c>401</c>, bad <c>redirect_uri</c> <c>400</c> (an error page, no redirect); other errors redirect with <c>error</c>.</description></item>
/// <item><term><c>POST /_sesmail/oauth2/token</c></term><description>form <c>grant_type=refresh_token&amp;refresh_token=…&amp;client_id=…</c> → <c>{"access_token","expires_in","scope","token_type":"Bearer"}</c>; revoked or malformed token → <c>400 {"error":"invalid_grant"}</c>. <c>grant_type=authorization_code&amp;code=…&amp;redirect_uri=…&amp;client_id=…&amp;client_secret=…[&amp;code_verifier=…]</c> → the same plus <c>refresh_token</c>; wrong client or secret <c>401 invalid_client</c>, used/unknown code <c>400 invalid_grant</c>, other <c>redirect_uri</c> <c>400 redirect_uri_mismatch</c>.</description></item>
/// <item><term><c>GET /_sesmail/gmail/state</c></term><description>the current switches, mailbox counts and <c>tokenRequests</c> (requests to the token endpoint since start).</description></item>
/// <item><term><c>POST /_sesmail/gmail/faults</c></term><description><c>{"status":429,"count":2,"retryAfterSeconds":1,"reason":"rateLimitExceeded"}</c>: the next <c>count</c> Gmail API calls answer <c>status</c> (400–599). Also <c>"delayMs":N</c> (answer late), <c>"abort":true</c> (break the connection instead of answering), <c>"afterCommit":true</c> (do the work, then disturb the answer: the message is stored but the caller does not learn it), <c>"uploadBytesPerSecond":N</c> (read uploads slowly) and <c>"methods":["import","insert","list","get","labels"]</c> (only those calls); see <see cref="GmailFaultRequest"/>. <c>DELETE</c> clears.</description></item>
/// <item><term><c>POST /_sesmail/gmail/revoked-refresh-tokens</c></term><description><c>{"refreshToken":"sesmail-local-refresh:me@example.test"}</c>: that token answers <c>invalid_grant</c> and its access tokens get <c>401</c>; <c>DELETE</c> with the same body restores it (no body: restores all).</description></item>
/// <item><term><c>PUT /_sesmail/gmail/access-token-lifetime</c></term><description><c>{"seconds":5}</c>: lifetime of access tokens issued from now on (default 3599).</description></item>
/// <item><term><c>POST /_sesmail/gmail/access-tokens/expire</c></term><description>every access token issued so far answers <c>401</c>.</description></item>
/// <item><term><c>GET /_sesmail/gmail/mailboxes</c></term><description><c>[{"mailbox","messageCount"}]</c>.</description></item>
/// <item><term><c>GET /_sesmail/gmail/mailboxes/{mailbox}/messages</c></term><description>the stored metadata of every message, newest first.</description></item>
/// <item><term><c>GET /_sesmail/gmail/mailboxes/{mailbox}/messages/{id}/raw</c></term><description>the stored bytes (<c>message/rfc822</c>).</description></item>
/// </list>
/// </remarks>
internal sealed class GmailControlEndpoints(
    GmailOAuthServer oauth,
    GmailFaultSwitch faults,
    GmailMaildir maildir,
    ILogger<GmailControlEndpoints> logger)
{
    /// <summary><c>POST /_sesmail/oauth2/token</c>.</summary>
    public Task TokenAsync(HttpContext http) => GmailHttp.RunAsync(http, logger, async () =>
    {
        oauth.CountTokenRequest();
        if (!http.Request.HasFormContentType)
        {
            await WriteOAuthErrorAsync(http, 400, "invalid_request", "The token request must be application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var grantType = form["grant_type"].ToString();
        if (grantType == "authorization_code")
        {
            var (clientId, clientSecret) = ClientCredentials(http.Request, form);
            var (issued, status, refused) = oauth.ExchangeCode(form["code"].ToString(), form["redirect_uri"].ToString(), clientId, clientSecret, form["code_verifier"].ToString());
            if (refused is not null)
            {
                logger.LogInformation("Gmail stand-in refused an authorization code: {Error}", refused.Error);
                await WriteOAuthErrorAsync(http, status, refused.Error, refused.ErrorDescription).ConfigureAwait(false);
                return;
            }

            http.Response.Headers.CacheControl = "no-store";
            await GmailHttp.WriteJsonAsync(http, issued!, GmailJsonContext.Default.OAuthTokenResponse).ConfigureAwait(false);
            return;
        }

        if (grantType != "refresh_token")
        {
            await WriteOAuthErrorAsync(http, 400, "unsupported_grant_type", $"Invalid grant_type: {grantType}. The SesMail stand-in supports refresh_token and authorization_code.").ConfigureAwait(false);
            return;
        }

        var hasBasic = http.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        if (form["client_id"].ToString().Length == 0 && !hasBasic)
        {
            await WriteOAuthErrorAsync(http, 401, "invalid_client", "The OAuth client was not found.").ConfigureAwait(false);
            return;
        }

        var (token, error) = oauth.Refresh(form["refresh_token"].ToString());
        if (error is not null)
        {
            logger.LogInformation("Gmail stand-in refused a refresh token: {Error}", error.Error);
            await WriteOAuthErrorAsync(http, 400, error.Error, error.ErrorDescription).ConfigureAwait(false);
            return;
        }

        http.Response.Headers.CacheControl = "no-store";
        await GmailHttp.WriteJsonAsync(http, token!, GmailJsonContext.Default.OAuthTokenResponse).ConfigureAwait(false);
    });

    /// <summary><c>GET /_sesmail/oauth2/auth</c>: the consent step (see <see cref="GmailOAuthServer.Consent"/>).</summary>
    public Task AuthorizeAsync(HttpContext http) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var query = http.Request.Query;
        string? Value(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
        var outcome = oauth.Consent(new ConsentRequest(
            Value("client_id"),
            Value("redirect_uri"),
            Value("response_type"),
            Value("scope"),
            Value("state"),
            Value("login_hint"),
            Value("access_type"),
            Value("code_challenge"),
            Value("code_challenge_method")));
        if (outcome.Location is not null)
        {
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Redirect(outcome.Location.AbsoluteUri);
            return;
        }

        logger.LogInformation("Gmail stand-in refused a consent request: {Error}", outcome.Error!.Error);
        http.Response.StatusCode = outcome.Status;
        http.Response.ContentType = "text/html; charset=utf-8";
        var error = System.Net.WebUtility.HtmlEncode(outcome.Error.Error);
        var description = System.Net.WebUtility.HtmlEncode(outcome.Error.ErrorDescription);
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html><head><title>Access blocked</title></head><body><h1>Access blocked: authorisation error</h1><p>Error {outcome.Status}: {error}</p><p>{description}</p></body></html>",
            http.RequestAborted).ConfigureAwait(false);
    });

    /// <summary><c>GET /_sesmail/gmail/state</c>.</summary>
    public Task StateAsync(HttpContext http) =>
        GmailHttp.WriteJsonAsync(
            http,
            new GmailStandInState(oauth.AccessTokenLifetimeSeconds, oauth.RevokedRefreshTokens, faults.Remaining, faults.Status, Summaries(), oauth.TokenRequests),
            GmailJsonContext.Default.GmailStandInState);

    /// <summary><c>POST /_sesmail/gmail/faults</c>.</summary>
    public Task SetFaultAsync(HttpContext http) => ControlAsync(http, async () =>
    {
        var fault = await GmailHttp.ReadJsonAsync(http.Request, GmailJsonContext.Default.GmailFaultRequest).ConfigureAwait(false)
            ?? throw GmailApiException.BadRequest("Send {\"status\":429,\"count\":1,\"retryAfterSeconds\":1}.");
        try
        {
            faults.Set(fault);
        }
        catch (ArgumentOutOfRangeException error)
        {
            throw GmailApiException.BadRequest(error.Message);
        }

        logger.LogInformation(
            "Gmail stand-in: the next {Count} calls ({Methods}) are disturbed: status {Status}, delay {Delay} ms, abort {Abort}, after commit {AfterCommit}, upload {Rate} B/s",
            fault.Count,
            fault.Methods is { Count: > 0 } methods ? string.Join(",", methods) : "all",
            fault.Status,
            fault.DelayMilliseconds ?? 0,
            fault.Abort,
            fault.AfterCommit,
            fault.UploadBytesPerSecond);
    });

    /// <summary><c>DELETE /_sesmail/gmail/faults</c>.</summary>
    public Task ClearFaultAsync(HttpContext http) => ControlAsync(http, () =>
    {
        faults.Clear();
        return Task.CompletedTask;
    });

    /// <summary><c>POST /_sesmail/gmail/revoked-refresh-tokens</c>.</summary>
    public Task RevokeAsync(HttpContext http) => ControlAsync(http, async () =>
    {
        var request = await GmailHttp.ReadJsonAsync(http.Request, GmailJsonContext.Default.GmailRevokeRequest).ConfigureAwait(false);
        if (string.IsNullOrEmpty(request?.RefreshToken))
        {
            throw GmailApiException.BadRequest("Send {\"refreshToken\":\"sesmail-local-refresh:me@example.test\"}.");
        }

        oauth.Revoke(request.RefreshToken);
    });

    /// <summary><c>DELETE /_sesmail/gmail/revoked-refresh-tokens</c>.</summary>
    public Task RestoreAsync(HttpContext http) => ControlAsync(http, async () =>
    {
        var request = await GmailHttp.ReadJsonAsync(http.Request, GmailJsonContext.Default.GmailRevokeRequest).ConfigureAwait(false);
        oauth.Restore(string.IsNullOrEmpty(request?.RefreshToken) ? null : request.RefreshToken);
    });

    /// <summary><c>PUT /_sesmail/gmail/access-token-lifetime</c>.</summary>
    public Task SetLifetimeAsync(HttpContext http) => ControlAsync(http, async () =>
    {
        var request = await GmailHttp.ReadJsonAsync(http.Request, GmailJsonContext.Default.GmailTokenLifetimeRequest).ConfigureAwait(false);
        if (request is null || request.Seconds < 0)
        {
            throw GmailApiException.BadRequest("Send {\"seconds\":N} with N ≥ 0.");
        }

        oauth.AccessTokenLifetimeSeconds = request.Seconds;
    });

    /// <summary><c>POST /_sesmail/gmail/access-tokens/expire</c>.</summary>
    public Task ExpireAsync(HttpContext http) => ControlAsync(http, () =>
    {
        oauth.ExpireAccessTokens();
        return Task.CompletedTask;
    });

    /// <summary><c>GET /_sesmail/gmail/mailboxes</c>.</summary>
    public Task MailboxesAsync(HttpContext http) =>
        GmailHttp.WriteJsonAsync(http, Summaries(), GmailJsonContext.Default.IReadOnlyListGmailMailboxSummary);

    /// <summary>
    /// <c>GET /_sesmail/gmail/mailboxes/{mailbox}/messages</c>, newest first; with <c>?since={epoch ms}</c> only the
    /// messages the stand-in stored at or after that moment (<c>receivedAt</c>), so a watcher polling a large mailbox
    /// (<c>sesmail load</c>) reads only what is new. A <c>since</c> that is not a whole number is ignored.
    /// </summary>
    public Task MessagesAsync(HttpContext http, string mailbox)
    {
        var messages = maildir.List(mailbox);
        if (long.TryParse(http.Request.Query["since"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var since))
        {
            messages = [.. messages.Where(m => m.ReceivedAt >= since)];
        }

        return GmailHttp.WriteJsonAsync(http, messages, GmailJsonContext.Default.IReadOnlyListGmailStoredMessage);
    }

    /// <summary><c>GET /_sesmail/gmail/mailboxes/{mailbox}/messages/{id}/raw</c>.</summary>
    public Task RawAsync(HttpContext http, string mailbox, string id) => GmailHttp.RunAsync(http, logger, async () =>
    {
        var message = maildir.Find(mailbox, id) ?? throw GmailApiException.NotFound();
        http.Response.ContentType = "message/rfc822";
        http.Response.ContentLength = message.Size;
        await using var raw = maildir.OpenRaw(message);
        await raw.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    });

    private IReadOnlyList<GmailMailboxSummary> Summaries() =>
        [.. maildir.Mailboxes.Select(m => new GmailMailboxSummary(m, maildir.List(m).Count))];

    private Task ControlAsync(HttpContext http, Func<Task> change) => GmailHttp.RunAsync(http, logger, async () =>
    {
        await change().ConfigureAwait(false);
        await StateAsync(http).ConfigureAwait(false);
    });

    /// <summary>The client from HTTP Basic (RFC 6749 §2.3.1) or, failing that, the form's <c>client_id</c>/<c>client_secret</c>.</summary>
    private static (string? ClientId, string? ClientSecret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private static Task WriteOAuthErrorAsync(HttpContext http, int status, string error, string description)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, new OAuthErrorResponse(error, description), GmailJsonContext.Default.OAuthErrorResponse, http.RequestAborted);
    }
}
