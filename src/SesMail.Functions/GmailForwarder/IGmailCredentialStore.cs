using System.Collections.Concurrent;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using SesMail.Functions.Gmail;

namespace SesMail.Functions.GmailForwarder;

/// <summary>Reads the forwarder's OAuth client and the refresh token of each Gmail account it must deliver into.</summary>
internal interface IGmailCredentialStore
{
    /// <summary>Reads the OAuth client and resolves a token for each account.</summary>
    /// <param name="accounts">Account keys (<see cref="GmailAccounts.Key"/>): lower-case addresses, or
    /// <see cref="GmailAccounts.DefaultKey"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The client and one <see cref="GmailAccountCredential"/> per account (usable or saying why not).</returns>
    /// <exception cref="InvalidOperationException">The OAuth client parameter is missing or malformed; the message names
    /// it (the whole invocation fails: no account can be served).</exception>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">SSM could not be read.</exception>
    Task<GmailCredentials> ReadAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the store that the token endpoint or Gmail refused an account's token, so a store that keeps what it read
    /// (<see cref="CachingGmailCredentialStore"/>) reads that account afresh from now on.
    /// </summary>
    /// <param name="credential">The credential whose token was refused.</param>
    void Refused(GmailAccountCredential credential)
    {
    }
}

/// <summary>What <see cref="IGmailCredentialStore.ReadAsync"/> found.</summary>
/// <param name="Client">The OAuth client every account's token was granted to.</param>
/// <param name="Accounts">Account key → its credential.</param>
internal sealed record GmailCredentials(GmailClientSecrets Client, IReadOnlyDictionary<string, GmailAccountCredential> Accounts);

/// <summary>
/// The token the forwarder uses for one account, or why there is none.
/// </summary>
/// <param name="Account">The account key.</param>
/// <param name="RefreshToken">The refresh token; <c>null</c> when the account has no usable token.</param>
/// <param name="LedgerMailbox">The mailbox part of the idempotency key (<see cref="IGmailImportLedger"/>): the account
/// address, or <c>me</c> for the default token when it records no account.</param>
/// <param name="Parameter">The SSM parameter the token came from, or the one it should live in.</param>
/// <param name="Problem">Why there is no token (for logs and the parked record), or <c>null</c>.</param>
internal sealed record GmailAccountCredential(string Account, string? RefreshToken, string LedgerMailbox, string Parameter, string? Problem)
{
    /// <summary>Whether there is a token to use.</summary>
    public bool IsUsable => RefreshToken is not null;

    /// <summary>
    /// Picks the token for an account (docs/OPERATIONS.md, "Gmail accounts and tokens"): the account's own parameter
    /// when it exists (a broken one is not replaced by another account's token); otherwise the default token when it
    /// records this account, or records none (stacks made before several accounts existed); otherwise none. Never a
    /// token recorded for another account.
    /// </summary>
    /// <param name="account">The account key.</param>
    /// <param name="accountParameter">The account's own parameter name, or <c>null</c> for <see cref="GmailAccounts.DefaultKey"/>
    /// or an address that cannot name a parameter.</param>
    /// <param name="accountValue">That parameter's value, or <c>null</c> when it does not exist.</param>
    /// <param name="defaultParameter">The default token's parameter name.</param>
    /// <param name="defaultValue">Its value, or <c>null</c> when it does not exist.</param>
    /// <param name="environment">The environment, for the command in the problem text.</param>
    /// <returns>The credential.</returns>
    public static GmailAccountCredential Resolve(string account, string? accountParameter, string? accountValue, string defaultParameter, string? defaultValue, string environment)
    {
        var refresh = account == GmailAccounts.DefaultKey
            ? $"sesmail token refresh --env {environment}"
            : $"sesmail token refresh --account {account} --env {environment}";
        if (accountParameter is not null && accountValue is not null)
        {
            var own = GmailTokenValue.Parse(accountValue);
            return own.HasToken
                ? new GmailAccountCredential(account, own.Token, account, accountParameter, null)
                : new GmailAccountCredential(account, null, account, accountParameter,
                    $"The SSM parameter {accountParameter} holds no refresh token ({{\"token\":…}}); store one with `{refresh}`.");
        }

        var fallback = GmailTokenValue.Parse(defaultValue);
        if (fallback.HasToken && (account == GmailAccounts.DefaultKey || fallback.Account is null || fallback.Account == account))
        {
            return new GmailAccountCredential(account, fallback.Token, fallback.Account ?? GmailAccounts.UnrecordedMailbox, defaultParameter, null);
        }

        var ledgerMailbox = account == GmailAccounts.DefaultKey ? GmailAccounts.UnrecordedMailbox : account;
        var problem = (account, accountParameter, fallback) switch
        {
            (GmailAccounts.DefaultKey, _, _) =>
                $"The forward target names no Gmail account and the default token {defaultParameter} holds no refresh token; store one with `{refresh}`.",
            (_, null, _) =>
                $"'{account}' cannot be a Gmail account here: an account address may use only letters, digits, '.', '_' and '-' (SSM parameter names allow nothing else).",
            (_, _, { HasToken: true }) =>
                $"No Gmail token for {account}: {accountParameter} does not exist, and the default token belongs to {fallback.Account}, so it is not used. Store one with `{refresh}`.",
            _ =>
                $"No Gmail token for {account}: {accountParameter} does not exist and the default token {defaultParameter} holds none. Store one with `{refresh}`.",
        };
        return new GmailAccountCredential(account, null, ledgerMailbox, accountParameter ?? defaultParameter, problem);
    }
}

/// <summary>
/// Reads SSM SecureString parameters (decrypted) with one <c>GetParameters</c> call per ten names
/// (<see href="https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html">GetParameters</see>):
/// the client parameter holds a Google <c>client_secret.json</c>, every token parameter
/// <c>{"token","created_at","expires_at","expires_at_epoch"[,"account"]}</c>.
/// </summary>
/// <param name="ssm">The SSM client.</param>
/// <param name="clientCredentialsParameter">The OAuth client parameter.</param>
/// <param name="defaultTokenParameter">The default token's parameter (<c>…/oauth/refresh-token</c>).</param>
/// <param name="accountsPrefix">The path of the per-account token parameters (<c>…/oauth/accounts</c>).</param>
/// <param name="environment">The environment, for the commands in messages.</param>
internal sealed class SsmGmailCredentialStore(IAmazonSimpleSystemsManagement ssm, string clientCredentialsParameter, string defaultTokenParameter, string accountsPrefix, string environment) : IGmailCredentialStore
{
    /// <summary>GetParameters reads at most ten names per call.</summary>
    private const int NamesPerCall = 10;

    /// <inheritdoc />
    public async Task<GmailCredentials> ReadAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
    {
        var accountParameters = accounts.Distinct(StringComparer.Ordinal).ToDictionary(
            account => account,
            account => account != GmailAccounts.DefaultKey && GmailAccounts.IsValid(account) ? GmailAccounts.ParameterName(accountsPrefix, account) : null,
            StringComparer.Ordinal);
        List<string> names = [clientCredentialsParameter, defaultTokenParameter, .. accountParameters.Values.OfType<string>()];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(NamesPerCall))
        {
            var response = await ssm.GetParametersAsync(new GetParametersRequest { Names = [.. chunk], WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            foreach (var parameter in response.Parameters ?? [])
            {
                values[parameter.Name] = parameter.Value ?? string.Empty;
            }
        }

        if (!values.TryGetValue(clientCredentialsParameter, out var clientText))
        {
            throw new InvalidOperationException($"The SSM parameter {clientCredentialsParameter} does not exist; create it (deploy the stack, then `sesmail token set-client` and `sesmail token refresh`) before forwarding mail.");
        }

        GmailClientSecrets client;
        try
        {
            client = GmailClientSecrets.Parse(clientText);
        }
        catch (FormatException error)
        {
            throw new InvalidOperationException($"The SSM parameter {clientCredentialsParameter} is not a usable client_secret.json: {error.Message} Store one with `sesmail token set-client --file client_secret.json`.", error);
        }

        var defaultValue = values.GetValueOrDefault(defaultTokenParameter);
        var resolved = accountParameters.ToDictionary(
            pair => pair.Key,
            pair => GmailAccountCredential.Resolve(pair.Key, pair.Value, pair.Value is null ? null : values.GetValueOrDefault(pair.Value), defaultTokenParameter, defaultValue, environment),
            StringComparer.Ordinal);
        return new GmailCredentials(client, resolved);
    }
}

/// <summary>
/// Keeps what another store read for <c>GMAIL_CREDENTIAL_CACHE_SECONDS</c> (default 60 s), as the AWS Parameters and
/// Secrets Lambda extension does, so a warm forwarder does not call SSM <c>GetParameters</c> once per message (whose
/// default throughput quota is 40 calls a second per account and region, https://docs.aws.amazon.com/general/latest/gr/ssm.html).
/// Only a read in which every account has a usable token is kept, and a token once refused
/// (<see cref="IGmailCredentialStore.Refused"/>) is never served from the cache again: while an account's token is
/// missing or bad every invocation reads SSM, so a token stored with <c>sesmail token refresh</c> is used by the very
/// next invocation, replays included (docs/OPERATIONS.md, "Gmail accounts and tokens").
/// </summary>
/// <param name="inner">The store that reads SSM.</param>
/// <param name="timeToLive">How long a read is kept; zero or less keeps nothing.</param>
/// <param name="time">The clock.</param>
internal sealed class CachingGmailCredentialStore(IGmailCredentialStore inner, TimeSpan timeToLive, TimeProvider time) : IGmailCredentialStore
{
    /// <summary>How many refused tokens are remembered before the list starts again.</summary>
    private const int MaxRefused = 256;

    private readonly ConcurrentDictionary<string, (GmailCredentials Credentials, long ReadAt)> _kept = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<GmailCredentials> ReadAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
    {
        var key = string.Join('\n', accounts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (timeToLive > TimeSpan.Zero && _kept.TryGetValue(key, out var kept) && time.GetElapsedTime(kept.ReadAt) < timeToLive)
        {
            return kept.Credentials;
        }

        var read = await inner.ReadAsync(accounts, cancellationToken).ConfigureAwait(false);
        if (timeToLive > TimeSpan.Zero && read.Accounts.Values.All(a => a.RefreshToken is { } token && !_refused.ContainsKey(token)))
        {
            _kept[key] = (read, time.GetTimestamp());
        }
        else
        {
            _kept.TryRemove(key, out _);
        }

        return read;
    }

    /// <inheritdoc />
    public void Refused(GmailAccountCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        inner.Refused(credential);
        if (credential.RefreshToken is not { } token)
        {
            return;
        }

        if (_refused.Count >= MaxRefused)
        {
            _refused.Clear();
        }

        _refused[token] = 0;
        foreach (var (key, kept) in _kept)
        {
            if (kept.Credentials.Accounts.Values.Any(a => a.RefreshToken == token))
            {
                _kept.TryRemove(key, out _);
            }
        }
    }
}
