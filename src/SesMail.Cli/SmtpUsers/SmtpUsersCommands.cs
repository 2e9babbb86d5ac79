using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2.Model;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.KeyManagementService.Model;
using SesMail.Cli.Hosting;
using SesMail.Functions.SmtpCredentials;
using Spectre.Console;

namespace SesMail.Cli.SmtpUsers;

/// <summary>One SMTP user as <c>sesmail smtp-users</c> shows it.</summary>
/// <param name="Name">The user name (the item's <c>USER#</c> key).</param>
/// <param name="Status"><c>pending</c>, <c>active</c> or <c>disabled</c>.</param>
/// <param name="AllowedFrom">The From patterns the user may send as.</param>
/// <param name="Description">Free text.</param>
/// <param name="Host">The SMTP host to configure in the mail client.</param>
/// <param name="StartTlsPort">The STARTTLS port (587 in AWS).</param>
/// <param name="TlsPort">The implicit-TLS port (465 in AWS).</param>
/// <param name="SmtpUsername">The SMTP user name (the access key id), once active.</param>
/// <param name="SmtpPassword">The SMTP password, only with <c>--reveal</c>.</param>
/// <param name="IamUser">The IAM user's ARN, once created.</param>
/// <param name="UpdatedAt">When the item last changed.</param>
internal sealed record SmtpUserView(
    string Name,
    string Status,
    IReadOnlyList<string> AllowedFrom,
    string? Description,
    string Host,
    int? StartTlsPort,
    int? TlsPort,
    string? SmtpUsername,
    string? SmtpPassword,
    string? IamUser,
    string? UpdatedAt);

/// <summary>Where the emulator's SES SMTP endpoint listens (<c>GET /_sesmail/ses/smtp</c>).</summary>
/// <param name="Host">Its address.</param>
/// <param name="StartTlsPort">The STARTTLS port, or <c>null</c>.</param>
/// <param name="TlsPort">The implicit-TLS port, or <c>null</c>.</param>
internal sealed record LocalSmtpEndpoint(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("starttlsPort")] int? StartTlsPort,
    [property: JsonPropertyName("tlsPort")] int? TlsPort);

/// <summary>
/// <c>sesmail smtp-users add|list|show|disable|enable|rotate|remove</c>: SMTP users for sending through SES (Gmail's
/// "Send mail as", an application), kept as items of the routing table that the SMTP credential manager turns into IAM
/// users with SES SMTP credentials (docs/SENDING.md). Commands that change a user wait, with a spinner, until the
/// manager has done its part.
/// </summary>
internal static class SmtpUsersCommands
{
    /// <summary>How long a command waits for the credential manager.</summary>
    public static TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command("smtp-users", "SMTP users for sending through SES: credentials for Gmail's \"Send mail as\" or an application, each limited to the From addresses you allow (docs/SENDING.md).");
        command.Subcommands.Add(Add(global, console, host));
        command.Subcommands.Add(List(global, console));
        command.Subcommands.Add(Show(global, console));
        command.Subcommands.Add(Change(global, console, host, "disable", "Deactivate the user's access keys: SMTP logins fail until enable.", SmtpUser.Disabled));
        command.Subcommands.Add(Change(global, console, host, "enable", "Activate a disabled user's access keys again.", SmtpUser.Active));
        command.Subcommands.Add(Change(global, console, host, "rotate", "Replace the user's access key and SMTP password (the old ones stop working).", SmtpUser.Pending));
        command.Subcommands.Add(Remove(global, console));
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = $"The SMTP user's name: 1–{SmtpUser.MaxUsernameLength} letters, digits or +=,.@_-." };

    private static Option<bool> RevealOption() => new("--reveal") { Description = "Print the SMTP password (decrypted with KMS); without it the password is never shown." };

    private static Command Add(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command("add", "Add an SMTP user allowed to send as the given From addresses, wait until its credentials exist, and print the SMTP settings.");
        var name = NameArgument();
        var from = new Option<string[]>("--from") { Description = "A From address or pattern it may send as (repeat): me@example.com, *@news.example.com.", Required = true, AllowMultipleArgumentsPerToken = false };
        var description = new Option<string?>("--description") { Description = "Free text." };
        var reveal = RevealOption();
        command.Arguments.Add(name);
        command.Options.Add(from);
        command.Options.Add(description);
        command.Options.Add(reveal);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var username = ValidName(result.GetValue(name)!);
            var patterns = (result.GetValue(from) ?? []).Select(f => f.Trim()).Where(f => f.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (patterns.Count == 0 || patterns.FirstOrDefault(p => !p.Contains('@', StringComparison.Ordinal)) is { } bad && bad.Length > 0)
            {
                throw new CliException("--from needs at least one address or pattern with an @ (me@example.com, *@example.com).", "Example: sesmail smtp-users add app --from 'app@example.com'");
            }

            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var now = SmtpUser.Timestamp(host.Clock.GetUtcNow());
            var user = new SmtpUser(username, SmtpUser.Pending, patterns, result.GetValue(description), CreatedAt: now, UpdatedAt: now);
            try
            {
                await run.Aws.DynamoDb.PutItemAsync(
                    new PutItemRequest { TableName = table, Item = user.ToItem(), ConditionExpression = "attribute_not_exists(PK)" },
                    ct).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                throw new CliException($"SMTP user {username} already exists.", $"See it with sesmail smtp-users show {username}; new credentials: sesmail smtp-users rotate {username}.");
            }

            var active = await WaitForAsync(run, table, username, $"Creating the IAM user and SMTP credentials of {username}…", u => u?.Status == SmtpUser.Active, ct).ConfigureAwait(false);
            await WriteAsync(run, active!, result.GetValue(reveal), ct, $"SMTP user [bold]{Markup.Escape(username)}[/] is active.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command List(GlobalOptions global, CliConsole console)
    {
        var command = new Command("list", "List the SMTP users: status, allowed From addresses, SMTP user name.");
        CliRun.Bind(command, global, console, async (_, run, ct) =>
        {
            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var response = await run.Aws.DynamoDb.QueryAsync(
                new QueryRequest
                {
                    TableName = table,
                    KeyConditionExpression = "PK = :pk",
                    ExpressionAttributeValues = new() { [":pk"] = new() { S = SmtpUser.PartitionKey } },
                },
                ct).ConfigureAwait(false);
            var endpoint = await EndpointAsync(run, ct).ConfigureAwait(false);
            var users = (response.Items ?? []).Select(SmtpUser.FromItem).OfType<SmtpUser>().Select(u => View(u, endpoint, null)).ToList();
            if (run.Json)
            {
                run.WriteJson(users, CliJsonContext.Default.IReadOnlyListSmtpUserView);
                return 0;
            }

            if (users.Count == 0)
            {
                run.Console.Ansi.MarkupLine("No SMTP users. Add one: [grey]sesmail smtp-users add app --from 'app@example.com'[/]");
                return 0;
            }

            var grid = new Table().AddColumns("Name", "Status", "Allowed From", "SMTP user name", "Updated");
            foreach (var user in users)
            {
                grid.AddRow(Markup.Escape(user.Name), StatusMarkup(user.Status), Markup.Escape(string.Join("\n", user.AllowedFrom)), Markup.Escape(user.SmtpUsername ?? ""), Markup.Escape(user.UpdatedAt ?? ""));
            }

            run.Console.Ansi.Write(grid);
            run.Console.Ansi.MarkupLine($"SMTP server: [bold]{Markup.Escape(endpoint.Host)}[/], port {endpoint.StartTlsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (STARTTLS) or {endpoint.TlsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (TLS).");
            return 0;
        });
        return command;
    }

    private static Command Show(GlobalOptions global, CliConsole console)
    {
        var command = new Command("show", "Show one SMTP user's settings; the password only with --reveal.");
        var name = NameArgument();
        var reveal = RevealOption();
        command.Arguments.Add(name);
        command.Options.Add(reveal);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var username = ValidName(result.GetValue(name)!);
            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var user = await GetAsync(run, table, username, ct).ConfigureAwait(false) ?? throw NotFound(username);
            await WriteAsync(run, user, result.GetValue(reveal), ct, null).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Change(GlobalOptions global, CliConsole console, CliHost host, string verb, string description, string status)
    {
        var command = new Command(verb, description);
        var name = NameArgument();
        var reveal = RevealOption();
        command.Arguments.Add(name);
        if (verb == "rotate")
        {
            command.Options.Add(reveal);
        }

        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var username = ValidName(result.GetValue(name)!);
            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var user = await GetAsync(run, table, username, ct).ConfigureAwait(false) ?? throw NotFound(username);
            var from = verb switch
            {
                "disable" => SmtpUser.Active,
                "enable" => SmtpUser.Disabled,
                _ => SmtpUser.Active,
            };
            if (user.Status == status || (verb == "enable" && user.Status == SmtpUser.Active))
            {
                run.Console.Ansi.MarkupLine($"SMTP user [bold]{Markup.Escape(username)}[/] is already {Markup.Escape(user.Status)}.");
                return 0;
            }

            if (user.Status != from)
            {
                throw new CliException($"SMTP user {username} is {user.Status}; {verb} needs it {from}.", user.Status == SmtpUser.Pending
                    ? "The credential manager has not made its credentials yet: wait a moment, or see its log (/aws/lambda/ses-mail-smtp-credential-manager-ENV)."
                    : $"sesmail smtp-users {(user.Status == SmtpUser.Disabled ? "enable" : "disable")} {username}");
            }

            try
            {
                await run.Aws.DynamoDb.UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = table,
                        Key = SmtpUser.Key(username),
                        UpdateExpression = "SET #status = :status, updated_at = :now",
                        ConditionExpression = "#status = :from",
                        ExpressionAttributeNames = new() { ["#status"] = "status" },
                        ExpressionAttributeValues = new()
                        {
                            [":status"] = new() { S = status },
                            [":from"] = new() { S = from },
                            [":now"] = new() { S = SmtpUser.Timestamp(host.Clock.GetUtcNow()) },
                        },
                    },
                    ct).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                throw new CliException($"SMTP user {username} changed meanwhile; nothing was done.", $"sesmail smtp-users show {username}");
            }

            SmtpUser done;
            if (verb == "rotate")
            {
                done = (await WaitForAsync(run, table, username, $"Rotating the access key of {username}…", u => u?.Status == SmtpUser.Active && u.SmtpUsername != user.SmtpUsername, ct).ConfigureAwait(false))!;
            }
            else
            {
                var wanted = status == SmtpUser.Disabled ? "Inactive" : "Active";
                await WaitAsync(run, $"{(status == SmtpUser.Disabled ? "Deactivating" : "Activating")} the access key of {username}…", async () =>
                    user.IamUserArn is not { } arn || (await KeysAsync(run, arn, ct).ConfigureAwait(false)).All(k => k.Status == wanted), ct).ConfigureAwait(false);
                done = user with { Status = status };
            }

            await WriteAsync(run, done, result.GetValue(reveal), ct, $"SMTP user [bold]{Markup.Escape(username)}[/] is {Markup.Escape(done.Status)}.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Remove(GlobalOptions global, CliConsole console)
    {
        var command = new Command("remove", "Remove an SMTP user: its item, and (done by the credential manager) its IAM user, access keys and policy.");
        var name = NameArgument();
        command.Arguments.Add(name);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var username = ValidName(result.GetValue(name)!);
            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var user = await GetAsync(run, table, username, ct).ConfigureAwait(false) ?? throw NotFound(username);
            await run.Aws.DynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = SmtpUser.Key(username) }, ct).ConfigureAwait(false);
            if (user.IamUserArn is { } arn)
            {
                await WaitAsync(run, $"Deleting the IAM user of {username}…", () => UserGoneAsync(run, arn, ct), ct).ConfigureAwait(false);
            }

            if (run.Json)
            {
                run.WriteJson(View(user with { Status = "removed" }, await EndpointAsync(run, ct).ConfigureAwait(false), null), CliJsonContext.Default.SmtpUserView);
            }
            else
            {
                run.Console.Ansi.MarkupLine($"Removed SMTP user [bold]{Markup.Escape(username)}[/]{(user.IamUserArn is null ? "" : "; its IAM user, access keys and policy are deleted")}.");
            }

            return 0;
        });
        return command;
    }

    private static string ValidName(string name) =>
        SmtpUser.IsValidUsername(name)
            ? name
            : throw new CliException($"'{name}' cannot name an SMTP user.", $"Use 1–{SmtpUser.MaxUsernameLength} letters, digits or +=,.@_- (it becomes part of the IAM user name).");

    private static CliException NotFound(string name) =>
        new($"No SMTP user {name}.", "List them with sesmail smtp-users list.");

    private static async Task<SmtpUser?> GetAsync(CliRun run, string table, string username, CancellationToken cancellationToken)
    {
        var item = await run.Aws.DynamoDb.GetItemAsync(new GetItemRequest { TableName = table, Key = SmtpUser.Key(username), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return item.Item is { Count: > 0 } found ? SmtpUser.FromItem(found) : null;
    }

    private static async Task<SmtpUser?> WaitForAsync(CliRun run, string table, string username, string message, Func<SmtpUser?, bool> done, CancellationToken cancellationToken)
    {
        SmtpUser? user = null;
        await WaitAsync(run, message, async () => done(user = await GetAsync(run, table, username, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>Polls <paramref name="done"/> under a spinner (none with <c>--output json</c>) until it holds or <see cref="WaitTimeout"/> passes.</summary>
    private static async Task WaitAsync(CliRun run, string message, Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        var finished = run.Json ? await PollAsync().ConfigureAwait(false) : await run.Console.Ansi.Status().Spinner(Spinner.Known.Dots).StartAsync(message, _ => PollAsync()).ConfigureAwait(false);
        if (!finished)
        {
            throw new CliException(
                $"the SMTP credential manager did not finish within {WaitTimeout.TotalSeconds:0} s ({message.TrimEnd('…')}).",
                $"Is the stack running? See the function's log: aws logs tail /aws/lambda/ses-mail-smtp-credential-manager-{run.Settings.Environment}; then sesmail smtp-users show NAME.");
        }

        async Task<bool> PollAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(WaitTimeout);
            while (true)
            {
                if (await done().ConfigureAwait(false))
                {
                    return true;
                }

                try
                {
                    await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }
            }
        }
    }

    private static async Task<IReadOnlyList<AccessKeyMetadata>> KeysAsync(CliRun run, string userArn, CancellationToken cancellationToken)
    {
        try
        {
            return (await run.Aws.Iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = SmtpCredentialManager.UserNameOf(userArn) }, cancellationToken).ConfigureAwait(false)).AccessKeyMetadata;
        }
        catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "NoSuchEntity")
        {
            return [];
        }
    }

    private static async Task<bool> UserGoneAsync(CliRun run, string userArn, CancellationToken cancellationToken)
    {
        try
        {
            await run.Aws.Iam.GetUserAsync(new GetUserRequest { UserName = SmtpCredentialManager.UserNameOf(userArn) }, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "NoSuchEntity")
        {
            return true;
        }
    }

    /// <summary>
    /// Where clients connect: the emulator's SES SMTP endpoint for a local endpoint (<c>GET /_sesmail/ses/smtp</c>),
    /// otherwise <c>email-smtp.{region}.amazonaws.com</c> on 587 (STARTTLS) and 465 (TLS).
    /// </summary>
    private static async Task<LocalSmtpEndpoint> EndpointAsync(CliRun run, CancellationToken cancellationToken)
    {
        if (run.Settings.Endpoint is not { } endpoint)
        {
            return new LocalSmtpEndpoint($"email-smtp.{run.Settings.Region}.amazonaws.com", 587, 465);
        }

        try
        {
            return await run.Http.GetFromJsonAsync(new Uri(endpoint, "/_sesmail/ses/smtp"), CliJsonContext.Default.LocalSmtpEndpoint, cancellationToken).ConfigureAwait(false)
                ?? new LocalSmtpEndpoint(endpoint.Host, null, null);
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or NotSupportedException)
        {
            return new LocalSmtpEndpoint(endpoint.Host, null, null); // LocalStack has no SES SMTP endpoint
        }
    }

    private static async Task<string?> PasswordAsync(CliRun run, SmtpUser user, CancellationToken cancellationToken)
    {
        if (user.EncryptedCredentials is not { } encrypted)
        {
            return null;
        }

        using var blob = new MemoryStream(Convert.FromBase64String(encrypted));
        var plaintext = await run.Aws.Kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob }, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(plaintext.Plaintext.ToArray(), CliJsonContext.Default.SmtpCredentialsPayload)?.SmtpPassword;
    }

    private static SmtpUserView View(SmtpUser user, LocalSmtpEndpoint endpoint, string? password) =>
        new(user.Username, user.Status, user.AllowedFromAddresses, user.Description, endpoint.Host, endpoint.StartTlsPort, endpoint.TlsPort, user.SmtpUsername, password, user.IamUserArn, user.UpdatedAt);

    private static async Task WriteAsync(CliRun run, SmtpUser user, bool reveal, CancellationToken cancellationToken, string? headline)
    {
        var password = reveal ? await PasswordAsync(run, user, cancellationToken).ConfigureAwait(false) : null;
        var view = View(user, await EndpointAsync(run, cancellationToken).ConfigureAwait(false), password);
        if (run.Json)
        {
            run.WriteJson(view, CliJsonContext.Default.SmtpUserView);
            return;
        }

        if (headline is not null)
        {
            run.Console.Ansi.MarkupLine(headline);
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Name", Markup.Escape(view.Name));
        grid.AddRow("Status", StatusMarkup(view.Status));
        grid.AddRow("Allowed From", Markup.Escape(string.Join(", ", view.AllowedFrom)));
        grid.AddRow("SMTP server", Markup.Escape(view.Host));
        grid.AddRow("Ports", $"{view.StartTlsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (STARTTLS), {view.TlsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (TLS)");
        grid.AddRow("User name", Markup.Escape(view.SmtpUsername ?? "(not yet created)"));
        grid.AddRow("Password", view.SmtpPassword is { } p ? Markup.Escape(p) : view.SmtpUsername is null ? "-" : "[grey](hidden; --reveal prints it)[/]");
        run.Console.Ansi.Write(grid);
    }

    private static string StatusMarkup(string status) => status switch
    {
        SmtpUser.Active => "[green]active[/]",
        SmtpUser.Disabled => "[yellow]disabled[/]",
        _ => Markup.Escape(status),
    };
}
