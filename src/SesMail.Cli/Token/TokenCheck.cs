using Amazon.SQS.Model;
using SesMail.Cli.Hosting;
using SesMail.Functions.Gmail;

namespace SesMail.Cli.Token;

/// <summary>
/// One refresh token of the stack: the default token, or a Gmail account's own (docs/OPERATIONS.md, "Gmail accounts and
/// tokens"), and the OAuth client that exchanges it.
/// </summary>
/// <param name="Address">The Gmail account whose own token this is (lower-case); null for the default token.</param>
/// <param name="RefreshTokenParameter">SSM parameter holding <c>{"token","created_at","expires_at","expires_at_epoch","account"}</c>.</param>
/// <param name="ClientCredentialsParameter">SSM parameter holding Google's <c>client_secret.json</c>.</param>
internal sealed record TokenAccount(string? Address, string RefreshTokenParameter, string ClientCredentialsParameter)
{
    /// <summary>The stack's default token.</summary>
    public static TokenAccount Default(StackNames names) => new(null, names.RefreshTokenParameter, names.ClientCredentialsParameter);
}

/// <summary>What the token endpoint said about a refresh token.</summary>
/// <param name="Outcome">issued, invalid-grant, invalid-client or failed.</param>
/// <param name="Error">The OAuth <c>error</c> and <c>error_description</c>, or the failure; null when issued.</param>
internal sealed record TokenExchange(TokenExchangeOutcome Outcome, string? Error);

/// <summary>The kinds of answer from a refresh-token exchange (RFC 6749 §5.2 error codes).</summary>
internal enum TokenExchangeOutcome
{
    /// <summary>An access token was issued: the refresh token works.</summary>
    Issued,

    /// <summary><c>invalid_grant</c>: the refresh token is expired or revoked (Google does not say which).</summary>
    InvalidGrant,

    /// <summary><c>invalid_client</c>/<c>unauthorized_client</c>: the OAuth client is unknown, deleted or its secret wrong.</summary>
    InvalidClient,

    /// <summary>The endpoint could not be reached or failed (network, 5xx, 429): nothing is known about the token.</summary>
    Failed,
}

/// <summary>Asks a token endpoint for an access token with a refresh token (<c>grant_type=refresh_token</c>).</summary>
internal interface ITokenEndpoint
{
    /// <summary>One exchange; the access token is thrown away.</summary>
    Task<TokenExchange> ExchangeAsync(GmailClientSecrets client, string refreshToken, CancellationToken cancellationToken);
}

/// <summary>The refresh-token exchange through the forwarder's own code path (<see cref="GoogleRefreshTokenSource"/>).</summary>
internal sealed class GoogleTokenEndpoint : ITokenEndpoint
{
    public async Task<TokenExchange> ExchangeAsync(GmailClientSecrets client, string refreshToken, CancellationToken cancellationToken)
    {
        using var source = new GoogleRefreshTokenSource(client, refreshToken);
        try
        {
            await source.GetAccessTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
            return new TokenExchange(TokenExchangeOutcome.Issued, null);
        }
        catch (GmailTokenExpiredException error)
        {
            var description = error.ErrorDescription;
            var text = error.Reason is null ? error.Message : $"{error.Reason}{(string.IsNullOrEmpty(description) ? "" : $": {description}")}";
            return error.Reason is "invalid_client" or "unauthorized_client"
                ? new TokenExchange(TokenExchangeOutcome.InvalidClient, text)
                : new TokenExchange(TokenExchangeOutcome.InvalidGrant, text);
        }
        catch (GmailException error)
        {
            return new TokenExchange(TokenExchangeOutcome.Failed, error.Message);
        }
    }
}

/// <summary>
/// <c>sesmail token status</c> for one account: the stored dates (<see cref="TokenStatus.Evaluate"/>), then, unless
/// offline, an exchange at the client's token endpoint, then the mail parked in the retry queue meanwhile.
/// </summary>
/// <remarks>
/// Google answers <c>invalid_grant</c> ("Token has been expired or revoked.") both for a token past its 7-day
/// testing-mode life and for one the user revoked (or that a password change or the 100-token limit killed). The
/// stored <c>expires_at</c> tells them apart: refused before that date is <c>revoked</c>, after it <c>expired</c>.
/// A token Google still accepts after its stored date (the OAuth app was published) is reported usable.
/// </remarks>
internal sealed class TokenChecker(CliRun run, ITokenEndpoint endpoint, TimeProvider clock)
{
    /// <summary>Checks one account.</summary>
    /// <param name="account">Whose token.</param>
    /// <param name="offline">Dates only: no token-endpoint exchange.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task<TokenStatus> CheckAsync(TokenAccount account, bool offline, CancellationToken cancellationToken)
    {
        var environment = run.Settings.Environment;
        var refresh = account.Address is null ? $"sesmail token refresh --env {environment}" : $"sesmail token refresh --account {account.Address} --env {environment}";
        var text = await ReadParameterAsync(account.RefreshTokenParameter, required: true, cancellationToken).ConfigureAwait(false);
        var value = RefreshTokenParameterValue.Parse(text!);
        var status = TokenStatus.Evaluate(account.RefreshTokenParameter, value, clock.GetUtcNow(), environment, account.Address);

        if (!offline && !value.IsPlaceholder)
        {
            status = await ExchangeAsync(account, value, status, refresh, cancellationToken).ConfigureAwait(false);
        }

        var retryQueue = (await run.NamesAsync(cancellationToken).ConfigureAwait(false)).RetryQueue.Queue;
        var parked = await ParkedAsync(retryQueue, cancellationToken).ConfigureAwait(false);
        status = status with { RetryQueue = retryQueue, ParkedMessages = parked };
        if (parked > 0 && status.Unusable)
        {
            status = status with { Message = $"{status.Message} {parked} message(s) are parked in {retryQueue} meanwhile." };
        }

        return status;
    }

    private async Task<TokenStatus> ExchangeAsync(TokenAccount account, RefreshTokenParameterValue value, TokenStatus dated, string refresh, CancellationToken cancellationToken)
    {
        var setClient = $"sesmail token set-client --file client_secret.json --env {run.Settings.Environment}";
        GmailClientSecrets client;
        try
        {
            client = GmailClientSecrets.Parse(await ReadParameterAsync(account.ClientCredentialsParameter, required: false, cancellationToken).ConfigureAwait(false)
                ?? throw new FormatException($"The parameter {account.ClientCredentialsParameter} does not exist."));
        }
        catch (FormatException error)
        {
            return dated with
            {
                State = "invalid-client",
                Checked = true,
                TokenEndpointError = error.Message,
                Message = $"There is no usable OAuth client in {account.ClientCredentialsParameter}, so the forwarder cannot exchange the refresh token.",
                Next = $"{setClient}, then {refresh}",
            };
        }

        var exchange = await endpoint.ExchangeAsync(client, value.Token!, cancellationToken).ConfigureAwait(false);
        var checkedStatus = dated with { Checked = true, TokenEndpoint = client.TokenUri.AbsoluteUri, TokenEndpointError = exchange.Error };
        var pastStoredDate = dated.TokenSecondsUntilExpiration is <= 0;
        return exchange.Outcome switch
        {
            TokenExchangeOutcome.Issued when pastStoredDate || dated.State == "placeholder" => checkedStatus with
            {
                State = "ok",
                Message = "The token endpoint issued an access token although the stored expiry has passed or is unknown (the OAuth app is published, so Google does not expire it after 7 days).",
                Next = null,
            },
            TokenExchangeOutcome.Issued => checkedStatus with
            {
                Message = $"The token endpoint issued an access token. {dated.Message}",
            },
            TokenExchangeOutcome.InvalidGrant when pastStoredDate => checkedStatus with
            {
                State = "expired",
                Message = $"The refresh token has expired: the token endpoint answered {exchange.Error}, after the stored expiry. The forwarder parks incoming mail in the retry queue.",
                Next = refresh,
            },
            TokenExchangeOutcome.InvalidGrant => checkedStatus with
            {
                State = "revoked",
                Message = $"The refresh token was revoked: the token endpoint answered {exchange.Error}, before the stored expiry {dated.ExpiresAt ?? "(unknown)"} " +
                          "(access removed at myaccount.google.com/permissions, a password change, or a newer token replaced it). The forwarder parks incoming mail in the retry queue.",
                Next = refresh,
            },
            TokenExchangeOutcome.InvalidClient => checkedStatus with
            {
                State = "invalid-client",
                Message = $"The token endpoint refused the OAuth client ({exchange.Error}): it was deleted or its secret changed in Google Cloud console.",
                Next = $"{setClient}, then {refresh}",
            },
            _ => checkedStatus with
            {
                Message = $"The token endpoint could not be asked ({exchange.Error}); from the stored dates: {dated.Message}",
            },
        };
    }

    private async Task<string?> ReadParameterAsync(string name, bool required, CancellationToken cancellationToken)
    {
        try
        {
            var response = await run.Aws.Ssm.GetParameterAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            return response.Parameter?.Value ?? string.Empty;
        }
        catch (Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException error) when (required)
        {
            throw new CliException(
                $"the SSM parameter {name} does not exist at {run.Settings.Describe()}.",
                $"Is the {run.Settings.Environment} stack deployed (it creates the parameter), and is --env right? Locally, start it with: dotnet run --project src/SesMail.AppHost",
                1,
                error);
        }
        catch (Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Messages in the retry queue (visible, in flight, delayed), or null when it cannot be read.</summary>
    private async Task<long?> ParkedAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            var url = (await run.Aws.Sqs.GetQueueUrlAsync(queue, cancellationToken).ConfigureAwait(false)).QueueUrl;
            var attributes = await run.Aws.Sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"] },
                cancellationToken).ConfigureAwait(false);
            return (long)attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible + attributes.ApproximateNumberOfMessagesDelayed;
        }
#pragma warning disable CA1031 // the queue depth is advice; the token state stands without it
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
