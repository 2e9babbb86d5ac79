using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS.Model;
using SesMail.Cli.Hosting;
using SesMail.Cli.Queues;
using SesMail.Functions.Gmail;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace SesMail.Cli.Token;

/// <summary>
/// <c>sesmail token status|set-client|refresh</c>: the operator's OAuth tasks on the SSM SecureString parameters the
/// Gmail forwarder reads: the OAuth client, the default refresh token, and one refresh token per Gmail account
/// (docs/OPERATIONS.md, "Gmail accounts and tokens").
/// </summary>
/// <remarks>
/// Exit codes: 0 ok; 1 error; 2 usage error; 3 (<c>status</c> only) the token is unusable (expired, revoked, no
/// usable client, never stored);
/// 130 interrupted (Ctrl+C).
/// </remarks>
internal static class TokenCommands
{
    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var token = new Command("token", "The Gmail OAuth client and refresh token in SSM: status, set-client, refresh.");
        token.Subcommands.Add(Status(global, console, host));
        token.Subcommands.Add(SetClient(global, console));
        token.Subcommands.Add(Refresh(global, console, host));
        return token;
    }

    private static Command Status(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command(
            "status",
            "Whether each stored refresh token works (the default token, then every account's own): an exchange at the token endpoint " +
            "(revoked, expired, invalid-client) and its stored expiry (ok, warning < 24 h, critical < 6 h), with the mail parked meanwhile " +
            "and the command that fixes it. Exit code 0 while the tokens work, 3 when one is unusable, 1 on errors.");
        var offline = new Option<bool>("--offline") { Description = "Only read the stored dates; do not ask the token endpoint." };
        command.Options.Add(offline);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var names = await run.NamesAsync(ct).ConfigureAwait(false);
            var checker = new TokenChecker(run, new GoogleTokenEndpoint(), host.Clock);
            var skipEndpoint = result.GetValue(offline);
            var accounts = new List<TokenStatus>();
            foreach (var owned in await ReadAccountTokensAsync(run, names, ct).ConfigureAwait(false))
            {
                accounts.Add(await checker.CheckAsync(new TokenAccount(owned.Account, owned.Parameter, names.ClientCredentialsParameter), skipEndpoint, ct).ConfigureAwait(false));
            }

            var status = (await checker.CheckAsync(TokenAccount.Default(names), skipEndpoint, ct).ConfigureAwait(false)) with { Accounts = accounts };

            // A default token never stored is harmless once every account has its own; one stored and expired is not.
            var unusable = accounts.Any(a => a.Unusable) || (status.Unusable && (accounts.Count == 0 || status.State != "placeholder"));
            if (run.Json)
            {
                run.WriteJson(status, CliJsonContext.Default.TokenStatus);
            }
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("Parameter", Markup.Escape(status.Parameter));
                grid.AddRow("Account", status.Account is { } owner
                    ? Markup.Escape(owner)
                    : "[grey]none recorded: serves every target without a token of its own[/]");
                grid.AddRow("Created", Markup.Escape(status.CreatedAt ?? "—"));
                grid.AddRow("Expires", Markup.Escape(status.ExpiresAt ?? "—"));
                grid.AddRow("Seconds until expiry", status.TokenSecondsUntilExpiration is { } seconds
                    ? $"{WholeSeconds(seconds)} ({Describe(seconds)})"
                    : "—");
                grid.AddRow("Token endpoint", EndpointText(status));
                grid.AddRow("Parked mail", status.ParkedMessages is { } parked ? $"{parked.ToString("N0", CultureInfo.InvariantCulture)} in {Markup.Escape(status.RetryQueue ?? "")}" : "—");
                grid.AddRow("State", StateMarkup(status.State));
                run.Console.Ansi.Write(grid);
                run.Console.Ansi.MarkupLine(Markup.Escape(status.Message));
                if (status.Next is not null)
                {
                    run.Console.Ansi.MarkupLine($"Fix: [bold]{Markup.Escape(status.Next)}[/]");
                }

                if (accounts.Count > 0)
                {
                    var table = new Table().AddColumns("Account", "Expires", "Seconds until expiry", "Token endpoint", "State");
                    foreach (var account in accounts)
                    {
                        table.AddRow(
                            Markup.Escape(account.Account ?? ""),
                            Markup.Escape(account.ExpiresAt ?? "—"),
                            account.TokenSecondsUntilExpiration is { } left ? $"{WholeSeconds(left)} ({Describe(left)})" : "—",
                            EndpointText(account),
                            StateMarkup(account.State));
                    }

                    run.Console.Ansi.MarkupLine($"Accounts with a token of their own ({Markup.Escape(names.AccountTokenParameterPath)}/{{domain}}/{{local}}):");
                    run.Console.Ansi.Write(table);
                    // Plain writes: a wrapped command cannot be copied.
                    foreach (var account in accounts.Where(a => a.Next is not null))
                    {
                        run.Console.Out.WriteLine($"{account.Account}: {account.Message}");
                        run.Console.Out.WriteLine($"  Next: {account.Next}");
                    }

                    run.Console.Out.Flush();
                }
                else
                {
                    run.Console.Ansi.MarkupLine($"[grey]No account has a token of its own; add one with: sesmail token refresh --account someone@gmail.com --env {run.Settings.Environment}[/]");
                }
            }

            if (unusable)
            {
                return TokenStatus.UnusableExitCode;
            }

            // Asked, but the endpoint failed (network, 5xx): the check is incomplete.
            return accounts.Prepend(status).Any(s => s.Checked && s.TokenEndpointError is not null && !s.Unusable) ? 1 : 0;
        });
        return command;
    }

    private static Command SetClient(GlobalOptions global, CliConsole console)
    {
        var command = new Command(
            "set-client",
            "Store Google's client_secret.json (an OAuth client of type Desktop app) as the forwarder's OAuth client (SSM SecureString, overwrite).");
        var file = new Option<FileInfo>("--file", "-f") { Description = "The client_secret.json downloaded from Google Cloud console.", Required = true };
        command.Options.Add(file);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var path = result.GetValue(file)!;
            string text;
            try
            {
                text = (await File.ReadAllTextAsync(path.FullName, ct).ConfigureAwait(false)).Trim();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {path.FullName}: {error.Message}", "Pass the path of the client_secret.json you downloaded: --file ~/Downloads/client_secret_….json");
            }

            GmailClientSecrets client;
            try
            {
                client = GmailClientSecrets.Parse(text);
            }
            catch (FormatException error)
            {
                throw new CliException(
                    $"{path.Name} is not a usable OAuth client: {error.Message} Nothing was stored.",
                    "In Google Cloud console → APIs & Services → Credentials, create an OAuth client ID of type Desktop app and download its JSON.");
            }

            string kind;
            using (var document = System.Text.Json.JsonDocument.Parse(text))
            {
                kind = document.RootElement.TryGetProperty("installed", out _) ? "installed" : "web"; // the key GmailClientSecrets read
            }

            var parameter = (await run.NamesAsync(ct).ConfigureAwait(false)).ClientCredentialsParameter;
            var put = await run.Aws.Ssm.PutParameterAsync(
                new PutParameterRequest { Name = parameter, Value = text, Type = "SecureString", Overwrite = true },
                ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(new ClientStored(parameter, client.ClientId, kind, put.Version), CliJsonContext.Default.ClientStored);
                return 0;
            }

            run.Console.Ansi.MarkupLine($"Stored OAuth client [bold]{Markup.Escape(client.ClientId)}[/] ({kind}) in {Markup.Escape(parameter)} (SecureString, version {put.Version}).");
            if (kind == "web")
            {
                run.Console.Ansi.MarkupLine("[yellow]This is a web client:[/] register http://localhost:8080/ as an authorised redirect URI, or use a Desktop-app client.");
            }

            run.Console.Ansi.MarkupLine($"Next: [grey]sesmail token refresh --env {run.Settings.Environment}[/]");
            return 0;
        });
        return command;
    }

    private static Command Refresh(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command(
            "refresh",
            "Run Google's consent flow in a browser (scope gmail.insert) and store the new refresh token (SSM SecureString, overwrite; " +
            "expires_at = now + 7 days): with --account, that account's own token; without, the default token. Exit codes: 0 ok, 1 error, 2 usage error, 130 interrupted.");
        var port = new Option<int>("--port") { Description = "Port of the local callback listener http://localhost:PORT/ (0 = any free port).", DefaultValueFactory = _ => 8080 };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the URL to open (e.g. on a machine without a browser; forward the port with ssh -L)." };
        var loginHint = new Option<string?>("--login-hint") { Description = "The Google account (e-mail address) to pre-select; locally, the stand-in mailbox to grant. Default: --account, else the account the default token records." };
        var account = new Option<string?>("--account")
        {
            Description = "The Gmail account this token is for (e.g. sales-team@gmail.com): stored as that account's own token, used for every rule that forwards to it.",
        };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the browser to come back.", DefaultValueFactory = _ => 300 };
        port.Check(value => value is < 0 or > 65535 ? "--port must be 0 (any free port) or 1–65535." : null);
        timeout.Check(value => value < 1 ? "--timeout must be at least 1 second." : null);
        command.Options.Add(port);
        command.Options.Add(noBrowser);
        command.Options.Add(loginHint);
        command.Options.Add(account);
        command.Options.Add(timeout);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var names = await run.NamesAsync(ct).ConfigureAwait(false);
            var (parameter, owner, hint) = await RefreshTargetAsync(run, names, result.GetValue(account), result.GetValue(loginHint), ct).ConfigureAwait(false);
            var clientText = await ReadParameterAsync(run, names.ClientCredentialsParameter, ct).ConfigureAwait(false);
            GmailClientSecrets client;
            try
            {
                client = GmailClientSecrets.Parse(clientText);
            }
            catch (FormatException error)
            {
                throw new CliException(
                    $"{names.ClientCredentialsParameter} does not hold a usable OAuth client: {error.Message}",
                    $"Store Google's client_secret.json first: sesmail token set-client --file client_secret.json --env {run.Settings.Environment}");
            }

            var receiver = new LoopbackCodeReceiver(result.GetValue(port), url => ShowConsentUrl(run, host, url, result.GetValue(noBrowser)));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(result.GetValue(timeout)));
            string refreshToken;
            try
            {
                refreshToken = await GmailConsentFlow.RunAsync(client, receiver, hint, names.ClientCredentialsParameter, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not CliException && ct.IsCancellationRequested)
            {
                throw new OperationCanceledException("interrupted", error, ct);
            }
            catch (Exception error) when (error is not CliException && deadline.IsCancellationRequested)
            {
                throw new CliException(
                    $"no answer reached {receiver.RedirectUri} within {result.GetValue(timeout)} s; nothing was stored.",
                    "Open the printed URL in a browser on this machine (or forward the port: ssh -L PORT:localhost:PORT) and finish the consent; --timeout gives more time.",
                    1,
                    error);
            }
            catch (HttpListenerException error)
            {
                throw new CliException(
                    $"cannot listen on {receiver.RedirectUri}: {error.Message}",
                    "Another program uses the port; pass --port with a free one (a Desktop-app client accepts any http://localhost port).",
                    1,
                    error);
            }

            var stored = StoredRefreshToken.Create(refreshToken, host.Clock.GetUtcNow(), owner);
            await run.Aws.Ssm.PutParameterAsync(
                new PutParameterRequest { Name = parameter, Value = stored.ToJson(), Type = "SecureString", Overwrite = true },
                ct).ConfigureAwait(false);

            var parked = await RetryQueueDepthAsync(run, ct).ConfigureAwait(false);
            var (execution, replay) = await StartRetryProcessorAsync(run, host, result.GetValue(account), ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(new TokenRefreshed(parameter, stored.CreatedAt, stored.ExpiresAt, stored.ExpiresAtEpoch, names.RetryQueue.Queue, parked, stored.Account, execution), CliJsonContext.Default.TokenRefreshed);
                return 0;
            }

            run.Console.Ansi.MarkupLine($"Stored a new refresh token{(stored.Account is { } who ? " for " + Markup.Escape(who) : "")} in {Markup.Escape(parameter)} (SecureString): created {stored.CreatedAt}, expires {stored.ExpiresAt} (7 days, Google's testing mode).");
            if (stored.Account is null)
            {
                run.Console.Ansi.MarkupLine(
                    "[yellow]The token records no account[/], so the forwarder uses it for every rule target without a token of its own. " +
                    $"Name the account to keep mail for other accounts out of it: [grey]sesmail token refresh --login-hint you@gmail.com --env {run.Settings.Environment}[/]");
            }

            run.Console.Ansi.MarkupLine($"Check it any time with [grey]sesmail token status --env {run.Settings.Environment}[/].");
            run.Console.Ansi.MarkupLine(parked switch
            {
                null => $"Mail that arrived while the token was bad, if any, waits in the retry queue {Markup.Escape(names.RetryQueue.Queue)} (its depth could not be read here; [grey]sesmail queues[/] shows it).",
                0 => "The retry queue is empty: no mail was parked while the token was bad.",
                _ => $"[yellow]{parked} message(s)[/] wait in the retry queue {Markup.Escape(names.RetryQueue.Queue)} (see [grey]sesmail queues[/]).",
            });
            run.Console.Ansi.MarkupLine(replay);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Starts the retry processor after a new token is stored (execution <c>token-refresh-YYYYMMDD-HHMMSS</c>): for an
    /// account's own token it replays only the mail parked for that account (input <c>{"account": …}</c>), so other
    /// accounts' mail keeps its tries; for the default token, everything. An execution of that name that exists already
    /// is only a warning, and so is a stack without the state machine.
    /// </summary>
    private static async Task<(string? ExecutionArn, string Message)> StartRetryProcessorAsync(CliRun run, CliHost host, string? account, CancellationToken ct)
    {
        var name = SesMail.Cli.Recovery.StateMachineRuns.TokenRefreshName(host.Clock.GetUtcNow());
        var what = account is null ? "parked mail" : $"the mail parked for {Markup.Escape(account)}";
        try
        {
            var arn = await SesMail.Cli.Recovery.StateMachineRuns.ArnAsync(run, n => n.RetryProcessor, ct).ConfigureAwait(false);
            var execution = await SesMail.Cli.Recovery.StateMachineRuns.StartAsync(run, arn, name, ct, account).ConfigureAwait(false);
            return execution is null
                ? (null, $"[yellow]Warning:[/] the retry processor execution {name} exists already; parked mail is being replayed by it.")
                : (execution, $"Started the retry processor ({name}) to replay {what}; follow it with [grey]sesmail executions show {name}[/].");
        }
        catch (Exception error) when (error is CliException or Amazon.Runtime.AmazonServiceException)
        {
            return (null, $"[yellow]Warning:[/] the retry processor could not be started ({Markup.Escape(error.Message)}); run [grey]sesmail retry run[/] once the stack is up.");
        }
    }

    private static void ShowConsentUrl(CliRun run, CliHost host, Uri url, bool noBrowser)
    {
        // Plain writes: a wrapped URL cannot be copied. With --output json the prompt goes to standard error.
        var writer = run.Json ? run.Console.Error : run.Console.Out;
        writer.WriteLine("Open this URL in a browser to grant SesMail access to Gmail (scope gmail.insert):");
        writer.WriteLine(url.AbsoluteUri);
        writer.WriteLine("Waiting for the browser to come back… (Ctrl+C to stop)");
        writer.Flush();
        if (noBrowser)
        {
            return;
        }

        string? problem = null;
        try
        {
            if (!(host.OpenBrowser is { } open ? open(url) : OpenSystemBrowser(url)))
            {
                problem = "no browser started";
            }
        }
#pragma warning disable CA1031 // no browser is not an error: the URL is printed
        catch (Exception error)
#pragma warning restore CA1031
        {
            problem = error.Message;
        }

        if (problem is not null)
        {
            writer.WriteLine($"(No browser could be opened here: {problem.TrimEnd('.')}. Open the URL above yourself.)");
            writer.Flush();
        }
    }

    private static bool OpenSystemBrowser(Uri url)
    {
        var start = OperatingSystem.IsWindows() ? new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }
            : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open", [url.AbsoluteUri])
            : new ProcessStartInfo("xdg-open", [url.AbsoluteUri]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start);
        return process is not null;
    }

    /// <summary>
    /// Where <c>token refresh</c> stores the token and for whom: with <c>--account</c>, that account's own parameter
    /// (the consent pre-selects it); without, the default parameter, recording <c>--login-hint</c> or else the account the
    /// default token already records (refreshing the same account), or none.
    /// </summary>
    /// <exception cref="CliException">Exit 2: the account cannot name an SSM parameter, or <c>--login-hint</c> names another account.</exception>
    private static async Task<(string Parameter, string? Account, string? LoginHint)> RefreshTargetAsync(CliRun run, StackNames names, string? account, string? loginHint, CancellationToken ct)
    {
        if (account is not null)
        {
            var address = account.Trim().ToLowerInvariant();
            string parameter;
            try
            {
                parameter = GmailAccounts.ParameterName(names.AccountTokenParameterPath, address);
            }
            catch (FormatException error)
            {
                throw new CliException($"--account {error.Message}", "Pass the Gmail address itself, e.g. --account sales-team@gmail.com (no '+tag').", 2, error);
            }

            if (loginHint is not null && !string.Equals(loginHint.Trim(), address, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException(
                    $"--login-hint {loginHint} names another account than --account {account}.",
                    "Leave out --login-hint: --account pre-selects that account in the consent.",
                    2);
            }

            return (parameter, address, address);
        }

        if (loginHint is not null)
        {
            return (names.RefreshTokenParameter, loginHint, loginHint);
        }

        string? recorded = null;
        try
        {
            var current = await run.Aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = names.RefreshTokenParameter, WithDecryption = true }, ct).ConfigureAwait(false);
            recorded = RefreshTokenParameterValue.Parse(current.Parameter?.Value ?? string.Empty).Account;
        }
        catch (ParameterNotFoundException)
        {
        }

        return (names.RefreshTokenParameter, recorded, recorded);
    }

    /// <summary>Every account's own token under <see cref="StackNames.AccountTokenParameterPath"/>, in address order.</summary>
    private static async Task<IReadOnlyList<(string Account, string Parameter, string Value)>> ReadAccountTokensAsync(CliRun run, StackNames names, CancellationToken ct)
    {
        var path = names.AccountTokenParameterPath;
        var found = new List<(string Account, string Parameter, string Value)>();
        string? next = null;
        do
        {
            var page = await run.Aws.Ssm.GetParametersByPathAsync(
                new GetParametersByPathRequest { Path = path, Recursive = true, WithDecryption = true, NextToken = next },
                ct).ConfigureAwait(false);
            foreach (var parameter in page.Parameters ?? [])
            {
                if (GmailAccounts.AccountOf(path, parameter.Name) is { } owner)
                {
                    found.Add((owner, parameter.Name, parameter.Value ?? string.Empty));
                }
            }

            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (next is not null);

        return [.. found.OrderBy(f => f.Account, StringComparer.Ordinal)];
    }

    /// <summary>The token endpoint's answer for a status row.</summary>
    private static string EndpointText(TokenStatus status) =>
        !status.Checked ? "[grey]not asked (--offline)[/]"
        : status.TokenEndpointError is { } error ? Markup.Escape($"{status.TokenEndpoint ?? "—"}: {error}")
        : $"{Markup.Escape(status.TokenEndpoint ?? "—")}: issued an access token";

    private static async Task<string> ReadParameterAsync(CliRun run, string name, CancellationToken ct)
    {
        try
        {
            var response = await run.Aws.Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, ct).ConfigureAwait(false);
            return response.Parameter?.Value ?? string.Empty;
        }
        catch (ParameterNotFoundException error)
        {
            throw new CliException(
                $"the SSM parameter {name} does not exist at {run.Settings.Describe()}.",
                $"Is the {run.Settings.Environment} stack deployed (it creates the parameter), and is --env right? Locally, start it with: dotnet run --project src/SesMail.AppHost",
                1,
                error);
        }
    }

    /// <summary>Visible messages in the retry queue, or null when it cannot be read.</summary>
    private static async Task<long?> RetryQueueDepthAsync(CliRun run, CancellationToken ct)
    {
        try
        {
            var retryQueue = (await run.NamesAsync(ct).ConfigureAwait(false)).RetryQueue.Queue;
            return (await QueueAttributes.ReadAsync(run.Aws.Sqs, retryQueue, QueueAttributes.Counts, ct).ConfigureAwait(false))?.Visible;
        }
#pragma warning disable CA1031 // the token is stored; the queue depth is only advice
        catch (Exception) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static string StateMarkup(string state) => state switch
    {
        "ok" => "[green]ok[/]",
        "warning" => "[yellow]warning: expires within 24 h[/]",
        "critical" => "[red]critical: expires within 6 h[/]",
        "expired" => "[red]expired[/]",
        "revoked" => "[red]revoked[/]",
        "invalid-client" => "[red]invalid-client: the OAuth client is unusable[/]",
        _ => "[red]placeholder: never refreshed[/]",
    };

    /// <summary>The seconds rounded to whole ones for the table, with thousands separators (<c>604,672</c>); the JSON keeps the fraction.</summary>
    private static string WholeSeconds(double seconds) => seconds.ToString("N0", CultureInfo.InvariantCulture);

    private static string Describe(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Abs(seconds));
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalMinutes} min";
        return seconds > 0 ? $"in {text}" : $"{text} ago";
    }
}

/// <summary><c>token set-client --output json</c>.</summary>
/// <param name="Parameter">The parameter written.</param>
/// <param name="ClientId">The OAuth client id.</param>
/// <param name="ClientType"><c>installed</c> or <c>web</c>.</param>
/// <param name="Version">The parameter version SSM reports.</param>
internal sealed record ClientStored(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clientType")] string ClientType,
    [property: JsonPropertyName("version")] long? Version);

/// <summary><c>token refresh --output json</c> (the token itself is never printed).</summary>
/// <param name="Parameter">The parameter written.</param>
/// <param name="CreatedAt"><c>created_at</c>.</param>
/// <param name="ExpiresAt"><c>expires_at</c>.</param>
/// <param name="ExpiresAtEpoch"><c>expires_at_epoch</c>.</param>
/// <param name="RetryQueue">The retry queue's name.</param>
/// <param name="RetryQueueDepth">Messages parked there, or null when it could not be read.</param>
/// <param name="Account">The account the token was stored for, or null when it records none.</param>
/// <param name="RetryProcessorExecutionArn">The retry processor execution started to replay them, or null (already running, or not provisioned).</param>
internal sealed record TokenRefreshed(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("createdAt")] string CreatedAt,
    [property: JsonPropertyName("expiresAt")] string ExpiresAt,
    [property: JsonPropertyName("expiresAtEpoch")] long ExpiresAtEpoch,
    [property: JsonPropertyName("retryQueue")] string RetryQueue,
    [property: JsonPropertyName("retryQueueDepth")] long? RetryQueueDepth,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("retryProcessorExecutionArn")] string? RetryProcessorExecutionArn);
