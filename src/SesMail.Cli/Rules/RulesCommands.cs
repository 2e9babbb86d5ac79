using System.CommandLine;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Cli.Hosting;
using SesMail.Functions.Routing;
using Spectre.Console;

namespace SesMail.Cli.Rules;

/// <summary>
/// <c>sesmail rules list|get|add|remove|enable|disable|test|migrate</c>: the routing table (docs/OPERATIONS.md, "Routing
/// rules"). A rule holds a list of actions; <c>add</c> refuses to forward to a Gmail account that has no token.
/// </summary>
internal static class RulesCommands
{
    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var rules = new Command("rules", "Routing rules in the routing table: which address goes to Gmail, bounces or is stored.");
        rules.Subcommands.Add(List(global, console));
        rules.Subcommands.Add(Get(global, console));
        rules.Subcommands.Add(Add(global, console, host));
        rules.Subcommands.Add(Remove(global, console));
        rules.Subcommands.Add(Toggle(global, console, host, enable: true));
        rules.Subcommands.Add(Toggle(global, console, host, enable: false));
        rules.Subcommands.Add(RuleTestCommand.Create(global, console, host));
        rules.Subcommands.Add(Migrate(global, console));
        return rules;
    }

    private static Argument<string> PatternArgument() => new("pattern")
    {
        Description = "user@domain, *@domain or * (stored lower-case).",
    };

    private static Command List(GlobalOptions global, CliConsole console)
    {
        var command = new Command("list", "List every routing rule.");
        CliRun.Bind(command, global, console, async (_, run, ct) =>
        {
            var tableName = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var rules = await ListAsync(run.Aws.DynamoDb, tableName, ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(rules, CliJsonContext.Default.IReadOnlyListRoutingRule);
                return 0;
            }

            if (rules.Count == 0)
            {
                run.Console.Ansi.MarkupLine($"No routing rules in [bold]{tableName}[/]. Without rules every message is stored. Add one: [grey]sesmail rules add '*@example.test' --forward me@example.test[/]");
                return 0;
            }

            var table = new Table().AddColumns("Pattern", "Actions", "Enabled", "Description", "Updated");
            foreach (var rule in rules)
            {
                table.AddRow(
                    Markup.Escape(rule.Pattern),
                    string.Join("\n", rule.Actions.Select(a => Markup.Escape(a.ToString()))) + (rule.SingleActionItem ? "\n[grey](old single-action item)[/]" : ""),
                    rule.Enabled ? "yes" : "[yellow]no[/]",
                    Markup.Escape(rule.Description),
                    Markup.Escape(rule.UpdatedAt ?? ""));
            }

            run.Console.Ansi.Write(table);
            if (rules.Any(r => r.SingleActionItem))
            {
                run.Console.Ansi.MarkupLine("Some rules are stored in the old single-action form; they route unchanged. Rewrite them with [grey]sesmail rules migrate[/].");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Scans the table for <c>entity_type = ROUTE</c>, all pages, sorted most specific first.</summary>
    public static async Task<IReadOnlyList<RoutingRule>> ListAsync(IAmazonDynamoDB dynamoDb, string table, CancellationToken cancellationToken)
    {
        var rules = new List<RoutingRule>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDb.ScanAsync(
                new ScanRequest
                {
                    TableName = table,
                    FilterExpression = "entity_type = :route",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":route"] = new() { S = "ROUTE" } },
                    ExclusiveStartKey = start,
                },
                cancellationToken).ConfigureAwait(false);
            rules.AddRange((response.Items ?? []).Select(RoutingRule.FromItem).OfType<RoutingRule>());
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return [.. rules.OrderBy(r => Specificity(r.Pattern)).ThenBy(r => r.Pattern, StringComparer.Ordinal)];
    }

    private static int Specificity(string pattern) => pattern == "*" ? 2 : pattern.StartsWith("*@", StringComparison.Ordinal) ? 1 : 0;

    private static Command Get(GlobalOptions global, CliConsole console)
    {
        var command = new Command("get", "Show one routing rule.");
        var pattern = PatternArgument();
        command.Arguments.Add(pattern);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var key = RoutingRule.NormalisePattern(result.GetValue(pattern)!);
            var tableName = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var rule = await GetAsync(run.Aws.DynamoDb, tableName, key, ct).ConfigureAwait(false)
                ?? throw NotFound(key);
            if (run.Json)
            {
                run.WriteJson(rule, CliJsonContext.Default.RoutingRule);
            }
            else
            {
                WriteRule(run.Console.Ansi, rule);
            }

            return 0;
        });
        return command;
    }

    public static async Task<RoutingRule?> GetAsync(IAmazonDynamoDB dynamoDb, string table, string pattern, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = table, Key = RoutingRule.Key(pattern) }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? RoutingRule.FromItem(item) : null;
    }

    private static Command Add(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command(
            "add",
            "Add a routing rule, or replace the one with the same pattern (created_at is kept). A rule may hold several actions: " +
            "--forward a@gmail.com --forward b@gmail.com --store. A Gmail account without a token is refused unless --force.");
        var pattern = PatternArgument();
        var action = new Option<string?>("--action") { Description = "One action: forward-to-gmail, bounce or store (the form before several actions; combine with the options below if you like)." };
        var target = new Option<string?>("--target") { Description = "With --action forward-to-gmail: the Gmail account to import into." };
        var forward = new Option<string[]>("--forward")
        {
            Description = "Import into this Gmail account (repeat for several). Each needs a token: sesmail token refresh --account ADDRESS.",
            AllowMultipleArgumentsPerToken = false,
        };
        var store = new Option<bool>("--store") { Description = "Keep the message in the email bucket only (it always is; with forwards this is a recorded choice)." };
        var bounce = new Option<bool>("--bounce") { Description = "Send the sender a bounce (RFC 3464 delivery status notification)." };
        var force = new Option<bool>("--force") { Description = "Add the rule even though a Gmail account it forwards to has no token (its mail is parked, metric GmailTokenMissing, until one is stored)." };
        var description = new Option<string?>("--description") { Description = "Free text." };
        var disabled = new Option<bool>("--disabled") { Description = "Create the rule switched off." };
        command.Arguments.Add(pattern);
        command.Options.Add(action);
        command.Options.Add(target);
        command.Options.Add(forward);
        command.Options.Add(store);
        command.Options.Add(bounce);
        command.Options.Add(force);
        command.Options.Add(description);
        command.Options.Add(disabled);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var key = RoutingRule.NormalisePattern(result.GetValue(pattern)!);
            var actions = RoutingRule.BuildActions(result.GetValue(action), result.GetValue(target), result.GetValue(forward) ?? [], result.GetValue(store), result.GetValue(bounce));
            var forwards = actions.Where(a => a.Type == RoutingActionNames.ForwardToGmail).Select(a => a.Target).ToList();
            var problems = forwards.Count == 0
                ? new Dictionary<string, string?>()
                : await GmailAccountCheck.CheckAsync(run, forwards, ct).ConfigureAwait(false);
            var unconfigured = problems.Where(p => p.Value is not null).ToList();
            if (unconfigured.Count > 0 && !result.GetValue(force))
            {
                throw new CliException(
                    $"no Gmail token for {string.Join(", ", unconfigured.Select(p => p.Key))}, so its mail could not be delivered; nothing was stored. " +
                    string.Join(" ", unconfigured.Select(p => p.Value)),
                    $"Store each account's token first: {string.Join("; ", unconfigured.Select(p => $"sesmail token refresh --account {p.Key} --env {run.Settings.Environment}"))}. " +
                    "Or add the rule anyway with --force: its mail is parked in the retry queue (alarm ses-mail-gmail-token-missing) until the token is stored.",
                    1);
            }

            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var existing = await GetAsync(run.Aws.DynamoDb, table, key, ct).ConfigureAwait(false);
            var now = RoutingRule.Timestamp(host.Clock.GetUtcNow());
            var rule = new RoutingRule(
                key,
                actions,
                !result.GetValue(disabled),
                result.GetValue(description) ?? existing?.Description ?? "",
                existing?.CreatedAt ?? now,
                now,
                existing?.Metadata);
            await run.Aws.DynamoDb.PutItemAsync(new PutItemRequest { TableName = table, Item = rule.ToItem() }, ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(rule, CliJsonContext.Default.RoutingRule);
            }
            else
            {
                run.Console.Ansi.MarkupLine($"{(existing is null ? "Added" : "Replaced")} rule [bold]{Markup.Escape(key)}[/] → {Markup.Escape(rule.ActionsText)}. Routers that read the old rule may keep it for up to {CachingRoutingRuleStore.MaxTimeToLive.TotalSeconds:0} s (their rule cache); [grey]sesmail rules test ADDRESS --wait[/] waits it out.");
            }

            foreach (var (account, problem) in unconfigured)
            {
                run.Console.Error.WriteLine($"warning: added with --force: {problem} Until then mail for {account} is parked in the retry queue (metric GmailTokenMissing).");
            }

            await ReceivingDomainCheck.WarnIfNotReceivedAsync(run, key, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Migrate(GlobalOptions global, CliConsole console)
    {
        var command = new Command(
            "migrate",
            "Rewrite routing items stored in the old single-action form (action, target) as an actions list, as the router reads them. " +
            "Idempotent: items that have actions are left alone. Routing does not change.");
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be rewritten; write nothing." };
        command.Options.Add(dryRun);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var dry = result.GetValue(dryRun);
            var migrated = new List<RoutingRule>();
            var skipped = 0;
            foreach (var item in await ScanRouteItemsAsync(run.Aws.DynamoDb, table, ct).ConfigureAwait(false))
            {
                var rewritten = SesMail.Functions.Routing.RoutingRule.MigrateItem(item);
                if (rewritten is null)
                {
                    continue;
                }

                if (!dry)
                {
                    try
                    {
                        // Only if nobody rewrote the item meanwhile: the old form is still there.
                        await run.Aws.DynamoDb.PutItemAsync(
                            new PutItemRequest { TableName = table, Item = rewritten, ConditionExpression = "attribute_exists(PK) AND attribute_not_exists(actions)" },
                            ct).ConfigureAwait(false);
                    }
                    catch (ConditionalCheckFailedException)
                    {
                        skipped++;
                        continue;
                    }
                }

                migrated.Add(RoutingRule.FromItem(rewritten)!);
            }

            var report = new RulesMigrated(dry, migrated, skipped);
            if (run.Json)
            {
                run.WriteJson(report, CliJsonContext.Default.RulesMigrated);
                return 0;
            }

            if (migrated.Count == 0)
            {
                run.Console.Ansi.MarkupLine($"Every routing item in [bold]{Markup.Escape(table)}[/] already has an actions list; nothing to migrate.");
                return 0;
            }

            foreach (var rule in migrated)
            {
                run.Console.Ansi.MarkupLine($"{(dry ? "Would rewrite" : "Rewrote")} [bold]{Markup.Escape(rule.Pattern)}[/] → actions [[{Markup.Escape(rule.ActionsText)}]]");
            }

            run.Console.Ansi.MarkupLine(dry
                ? $"{migrated.Count} item(s) would be rewritten; run without --dry-run to write them."
                : $"{migrated.Count} item(s) rewritten{(skipped > 0 ? $", {skipped} changed by someone else meanwhile and left alone" : "")}. Running migrate again changes nothing.");
            return 0;
        });
        return command;
    }

    /// <summary>Every item with <c>entity_type = ROUTE</c>, raw, all pages.</summary>
    private static async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanRouteItemsAsync(IAmazonDynamoDB dynamoDb, string table, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDb.ScanAsync(
                new ScanRequest
                {
                    TableName = table,
                    FilterExpression = "entity_type = :route",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":route"] = new() { S = "ROUTE" } },
                    ExclusiveStartKey = start,
                },
                cancellationToken).ConfigureAwait(false);
            items.AddRange((response.Items ?? []).Where(i => i.TryGetValue("PK", out var pk) && pk.S?.StartsWith(RoutingRule.KeyPrefix, StringComparison.Ordinal) == true));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    private static Command Remove(GlobalOptions global, CliConsole console)
    {
        var command = new Command("remove", "Delete a routing rule.");
        var pattern = PatternArgument();
        command.Arguments.Add(pattern);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var key = RoutingRule.NormalisePattern(result.GetValue(pattern)!);
            var tableName = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var response = await run.Aws.DynamoDb.DeleteItemAsync(
                new DeleteItemRequest { TableName = tableName, Key = RoutingRule.Key(key), ReturnValues = ReturnValue.ALL_OLD },
                ct).ConfigureAwait(false);
            var removed = response.Attributes is { Count: > 0 } old ? RoutingRule.FromItem(old) : null;
            if (removed is null)
            {
                throw NotFound(key);
            }

            if (run.Json)
            {
                run.WriteJson(removed, CliJsonContext.Default.RoutingRule);
            }
            else
            {
                run.Console.Ansi.MarkupLine($"Removed rule [bold]{Markup.Escape(key)}[/].");
            }

            return 0;
        });
        return command;
    }

    private static Command Toggle(GlobalOptions global, CliConsole console, CliHost host, bool enable)
    {
        var command = new Command(
            enable ? "enable" : "disable",
            enable ? "Switch a rule on." : "Switch a rule off: lookups fall through to the next, more general pattern.");
        var pattern = PatternArgument();
        command.Arguments.Add(pattern);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var key = RoutingRule.NormalisePattern(result.GetValue(pattern)!);
            var tableName = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            UpdateItemResponse response;
            try
            {
                response = await run.Aws.DynamoDb.UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = tableName,
                        Key = RoutingRule.Key(key),
                        UpdateExpression = "SET enabled = :enabled, updated_at = :now",
                        ConditionExpression = "attribute_exists(PK)",
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                        {
                            [":enabled"] = new() { BOOL = enable },
                            [":now"] = new() { S = RoutingRule.Timestamp(host.Clock.GetUtcNow()) },
                        },
                        ReturnValues = ReturnValue.ALL_NEW,
                    },
                    ct).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                throw NotFound(key);
            }

            var rule = RoutingRule.FromItem(response.Attributes ?? []) ?? throw NotFound(key);
            if (run.Json)
            {
                run.WriteJson(rule, CliJsonContext.Default.RoutingRule);
            }
            else
            {
                run.Console.Ansi.MarkupLine($"Rule [bold]{Markup.Escape(key)}[/] is now {(enable ? "enabled" : "disabled")}.");
            }

            return 0;
        });
        return command;
    }

    private static void WriteRule(IAnsiConsole console, RoutingRule rule)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Pattern", Markup.Escape(rule.Pattern));
        grid.AddRow("Actions", string.Join("\n", rule.Actions.Select(a => Markup.Escape(a.ToString()))) + (rule.SingleActionItem ? "\n[grey](old single-action item; sesmail rules migrate rewrites it)[/]" : ""));
        grid.AddRow("Enabled", rule.Enabled ? "yes" : "no");
        grid.AddRow("Description", Markup.Escape(rule.Description));
        grid.AddRow("Created", Markup.Escape(rule.CreatedAt ?? ""));
        grid.AddRow("Updated", Markup.Escape(rule.UpdatedAt ?? ""));
        if (rule.Metadata is not null)
        {
            grid.AddRow("Metadata", Markup.Escape(rule.Metadata));
        }

        console.Write(grid);
    }

    private static CliException NotFound(string pattern) =>
        new($"no routing rule for '{pattern}'.", "List the rules with: sesmail rules list");
}

/// <summary><c>rules migrate --output json</c>.</summary>
/// <param name="DryRun">Whether nothing was written.</param>
/// <param name="Rules">The rules rewritten (or that would be), as read after the rewrite.</param>
/// <param name="ChangedMeanwhile">Items another writer changed between the scan and the write, left alone.</param>
internal sealed record RulesMigrated(
    [property: System.Text.Json.Serialization.JsonPropertyName("dryRun")] bool DryRun,
    [property: System.Text.Json.Serialization.JsonPropertyName("rules")] IReadOnlyList<RoutingRule> Rules,
    [property: System.Text.Json.Serialization.JsonPropertyName("changedMeanwhile")] int ChangedMeanwhile);
