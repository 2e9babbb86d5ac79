using System.Globalization;

using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleEmail.Model;
using Amazon.SimpleSystemsManagement.Model;
using SesMail.Functions.Gmail;
using SesMail.Functions.Routing;
using SesMail.Infrastructure.Provisioning;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// Writes the local demo values after provisioning (docs/ARCHITECTURE.md#local-configuration): routing rules as items
/// with an <c>actions</c> list (docs/OPERATIONS.md#routing-rules; only where no rule exists for the pattern, and only for
/// the runtime's own environment), the local OAuth client and refresh token (only while the parameters hold the
/// template's placeholder), and SES domain identities for the <c>Domains</c> parameter. Stacks the runtime finds beside
/// its own (another environment deployed with <c>sesmail deploy</c>) get the OAuth values and identities too.
/// </summary>
internal sealed class LocalSeeder(ProvisioningClients clients, LocalRuntimeOptions options, TimeProvider time, ILogger<LocalSeeder> logger)
{
    /// <summary>The Gmail stand-in's refresh tokens are this prefix and the mailbox they open.</summary>
    private const string StandInRefreshTokenPrefix = "sesmail-local-refresh:";

    public Task SeedAsync(ResolvedStack stack, CancellationToken cancellationToken) => SeedAsync(stack, routingRules: true, cancellationToken);

    public async Task SeedAsync(ResolvedStack stack, bool routingRules, CancellationToken cancellationToken)
    {
        var seed = options.Seed;
        if (!seed.Enabled || options.EndpointUrl is null)
        {
            return;
        }

        var table = stack.Outputs.GetValueOrDefault("RoutingTableName") ?? stack.Resource("RoutingTable").PhysicalId;
        foreach (var rule in routingRules ? seed.EffectiveRules() : [])
        {
            await PutRuleIfAbsentAsync(table, rule, cancellationToken).ConfigureAwait(false);
        }

        if (seed.OAuth && GmailStandInOrigin(stack) is { } standIn)
        {
            var client = new JsonObject
            {
                ["installed"] = new JsonObject
                {
                    ["client_id"] = "sesmail-local",
                    ["client_secret"] = "sesmail-local-secret",
                    ["token_uri"] = $"{standIn}/_sesmail/oauth2/token",
                    ["auth_uri"] = $"{standIn}/_sesmail/oauth2/auth",
                    ["redirect_uris"] = new JsonArray("http://localhost"),
                },
            };
            var now = time.GetUtcNow();
            var expires = now.AddDays(7);
            var token = new JsonObject
            {
                ["token"] = $"{StandInRefreshTokenPrefix}{seed.GmailMailbox}",
                ["created_at"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["expires_at"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["expires_at_epoch"] = expires.ToUnixTimeSeconds(),

                // The default token names its account, so a rule forwarding to any other account parks its mail
                // (alarm GmailTokenMissing) instead of delivering into this mailbox (docs/OPERATIONS.md).
                ["account"] = seed.GmailMailbox.Trim().ToLowerInvariant(),
            };
            await ReplacePlaceholderAsync(stack, "ClientCredentialsParameter", client.ToJsonString(), cancellationToken).ConfigureAwait(false);
            await ReplacePlaceholderAsync(stack, "RefreshTokenParameter", token.ToJsonString(), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(seed.LoadMailbox) && stack.Outputs.GetValueOrDefault("AccountTokenParameterPath") is { } accounts)
            {
                var load = seed.LoadMailbox.Trim().ToLowerInvariant();
                token["token"] = $"{StandInRefreshTokenPrefix}{load}";
                token["account"] = load;
                await PutIfAbsentAsync(GmailAccounts.ParameterName(accounts, load), token.ToJsonString(), cancellationToken).ConfigureAwait(false);
            }
        }

        if (seed.VerifyDomains && stack.Parameters.TryGetValue("Domains", out var domains))
        {
            foreach (var domain in domains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await clients.Ses.VerifyDomainIdentityAsync(new VerifyDomainIdentityRequest { Domain = domain }, cancellationToken).ConfigureAwait(false);

                // Mail from the domain that names no configuration set is tracked by the outbound one (docs/SENDING.md).
                if (clients.SesV2 is { } sesV2 && stack.Outputs.TryGetValue("OutboundConfigurationSetName", out var configurationSet))
                {
                    await sesV2.PutEmailIdentityConfigurationSetAttributesAsync(
                        new Amazon.SimpleEmailV2.Model.PutEmailIdentityConfigurationSetAttributesRequest { EmailIdentity = domain, ConfigurationSetName = configurationSet },
                        cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The origin of the Gmail stand-in, which serves both the Gmail API and its OAuth token endpoint: the stack's
    /// <c>GmailApiBaseUrl</c>. That is the AWS endpoint with the embedded emulator, but a separate process beside
    /// LocalStack, so the endpoint itself is not used. <c>null</c> (with a log line) when <c>GmailApiBaseUrl</c> is
    /// Google's own API: the local OAuth values would only fail there.
    /// </summary>
    private string? GmailStandInOrigin(ResolvedStack stack)
    {
        var baseUrl = stack.Parameters.GetValueOrDefault("GmailApiBaseUrl");
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Host.EndsWith("googleapis.com", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation(
                "GmailApiBaseUrl is {GmailApiBaseUrl}, not a Gmail stand-in, so the local OAuth values are not seeded. Put your OAuth client JSON in the SSM parameter {ClientParameter} and your refresh token JSON in {TokenParameter}.",
                baseUrl,
                stack.Resources.TryGetValue("ClientCredentialsParameter", out var client) ? client.PhysicalId : "ClientCredentialsParameter",
                stack.Resources.TryGetValue("RefreshTokenParameter", out var token) ? token.PhysicalId : "RefreshTokenParameter");
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }

    private async Task PutRuleIfAbsentAsync(string table, SeedRule rule, CancellationToken cancellationToken)
    {
        var pattern = rule.Pattern.Trim().ToLowerInvariant();
        var now = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        try
        {
            await clients.DynamoDb.PutItemAsync(
                new PutItemRequest
                {
                    TableName = table,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        ["PK"] = new() { S = $"ROUTE#{pattern}" },
                        ["SK"] = new() { S = "RULE#v1" },
                        ["entity_type"] = new() { S = "ROUTE" },
                        ["recipient"] = new() { S = pattern },
                        [RoutingRule.ActionsAttributeName] = RoutingRule.ActionsAttribute([new RuleAction(rule.Action, rule.Target)]),
                        ["enabled"] = new() { BOOL = true },
                        ["description"] = new() { S = rule.Description },
                        ["created_at"] = new() { S = now },
                        ["updated_at"] = new() { S = now },
                    },
                    ConditionExpression = "attribute_not_exists(PK)",
                },
                cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Seeded routing rule {Pattern} → {Action} {Target}.", pattern, rule.Action, rule.Target);
        }
        catch (ConditionalCheckFailedException)
        {
            logger.LogDebug("Routing rule {Pattern} exists; left as it is.", pattern);
        }
    }

    /// <summary>Writes a SecureString parameter unless one exists: an account's own token, never overwritten.</summary>
    private async Task PutIfAbsentAsync(string name, string value, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Ssm.PutParameterAsync(
                new PutParameterRequest { Name = name, Value = value, Type = "SecureString", Overwrite = false },
                cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Seeded the local token of {Parameter}.", name);
        }
        catch (ParameterAlreadyExistsException)
        {
            logger.LogDebug("{Parameter} exists; left as it is.", name);
        }
    }

    /// <summary>
    /// Replaces a parameter's template placeholder with the local value, never an operator's value. SSM has no
    /// conditional put, so an operator's write between the read and the write (<c>sesmail token</c>, or a test storing
    /// its token right after <c>sesmail deploy</c>) shows as a version gap: the put's version is not the read's plus one.
    /// The latest value before this put is then written back, so the operator's value stays the current one.
    /// </summary>
    private async Task ReplacePlaceholderAsync(ResolvedStack stack, string logicalId, string value, CancellationToken cancellationToken)
    {
        if (!stack.Resources.TryGetValue(logicalId, out var parameter) || parameter.Attribute("Value") is not { } placeholder)
        {
            return;
        }

        var name = parameter.PhysicalId;
        var current = (await clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken).ConfigureAwait(false)).Parameter;
        if (current.Value != placeholder)
        {
            return; // an operator's value: never overwritten
        }

        var written = await clients.Ssm.PutParameterAsync(
            new PutParameterRequest { Name = name, Value = value, Type = "SecureString", Overwrite = true },
            cancellationToken).ConfigureAwait(false);
        if (written.Version == current.Version + 1)
        {
            logger.LogInformation("Seeded the local value of {Parameter}.", name);
            return;
        }

        var operatorValue = await VersionValueAsync(name, written.Version.GetValueOrDefault() - 1, cancellationToken).ConfigureAwait(false);
        await clients.Ssm.PutParameterAsync(
            new PutParameterRequest { Name = name, Value = operatorValue, Type = "SecureString", Overwrite = true },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("{Parameter} was written while the local value was seeded; the value written then is kept.", name);
    }

    /// <summary>One version's value from <c>GetParameterHistory</c> (oldest first, paged).</summary>
    private async Task<string> VersionValueAsync(string name, long version, CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var page = await clients.Ssm.GetParameterHistoryAsync(
                new GetParameterHistoryRequest { Name = name, WithDecryption = true, NextToken = next },
                cancellationToken).ConfigureAwait(false);
            if (page.Parameters?.FirstOrDefault(p => p.Version == version) is { } found)
            {
                return found.Value;
            }

            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        throw new InvalidOperationException($"Version {version} of {name} is not in its history.");
    }

}
