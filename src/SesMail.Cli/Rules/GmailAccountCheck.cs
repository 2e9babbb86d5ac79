using Amazon.SimpleSystemsManagement.Model;
using SesMail.Cli.Hosting;
using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Cli.Rules;

/// <summary>
/// Whether the Gmail accounts a rule forwards to have a token the forwarder will use for them, decided the way the
/// forwarder decides (<see cref="GmailAccountCredential.Resolve"/>, docs/OPERATIONS.md "Gmail accounts and tokens"),
/// with one stricter case: a default token that records no account is not taken as any particular account's, because
/// mail forwarded with it lands in whichever account granted it.
/// </summary>
internal static class GmailAccountCheck
{
    /// <summary>GetParameters reads at most ten names per call.</summary>
    private const int NamesPerCall = 10;

    /// <summary>Checks each account.</summary>
    /// <param name="run">The CLI run (SSM client, stack names).</param>
    /// <param name="accounts">Forward targets (addresses).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>Account (lower-case) → null when it has a token for it, else why not and what to run.</returns>
    public static async Task<IReadOnlyDictionary<string, string?>> CheckAsync(CliRun run, IEnumerable<string> accounts, CancellationToken cancellationToken)
    {
        var names = await run.NamesAsync(cancellationToken).ConfigureAwait(false);
        var environment = run.Settings.Environment;
        var keys = accounts.Select(GmailAccounts.Key).Where(k => k != GmailAccounts.DefaultKey).Distinct(StringComparer.Ordinal).ToList();
        var parameters = keys.ToDictionary(k => k, k => GmailAccounts.IsValid(k) ? GmailAccounts.ParameterName(names.AccountTokenParameterPath, k) : null, StringComparer.Ordinal);
        List<string> wanted = [names.RefreshTokenParameter, .. parameters.Values.OfType<string>()];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Distinct(StringComparer.Ordinal).Chunk(NamesPerCall))
        {
            var response = await run.Aws.Ssm.GetParametersAsync(new GetParametersRequest { Names = [.. chunk], WithDecryption = true }, cancellationToken).ConfigureAwait(false);
            foreach (var parameter in response.Parameters ?? [])
            {
                values[parameter.Name] = parameter.Value ?? string.Empty;
            }
        }

        var defaultValue = values.GetValueOrDefault(names.RefreshTokenParameter);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (account, parameter) in parameters)
        {
            var credential = GmailAccountCredential.Resolve(
                account, parameter, parameter is null ? null : values.GetValueOrDefault(parameter), names.RefreshTokenParameter, defaultValue, environment);
            result[account] = credential switch
            {
                _ when parameter is null =>
                    $"'{account}' cannot have a token of its own: an account address may use only letters, digits, '.', '_' and '-' (SSM parameter names allow nothing else). Forward to the account's plain address.",
                { IsUsable: false } => credential.Problem,
                { LedgerMailbox: GmailAccounts.UnrecordedMailbox } =>
                    $"No token of its own for {account}, and the default token {names.RefreshTokenParameter} records no account, so mail for {account} would land in " +
                    $"whichever account granted it. Store {account}'s own token with `sesmail token refresh --account {account} --env {environment}` " +
                    $"(or, if the default token is {account}'s, record it with `sesmail token refresh --login-hint {account} --env {environment}`).",
                _ => null,
            };
        }

        return result;
    }
}
