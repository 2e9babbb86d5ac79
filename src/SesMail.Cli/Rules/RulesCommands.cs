using System.CommandLine;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Cli.Hosting;
using Spectre.Console;

namespace SesMail.Cli.Rules;

/// <summary><c>sesmail rules list|get|add|remove|enable|disable|test</c>: the routing table (docs/OPERATIONS.md#routing-rules).</summary>
internal static class RulesCommands
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var rules = new Command("rules", "Routing rules in the routing table: which address goes to Gmail, bounces or is stored.");
        rules.Subcommands.Add(List(global, console));
        rules.Subcommands.Add(Get(global, console));
        rules.Subcommands.Add(Add(global, console));
        rules.Subcommands.Add(Remove(global, console));
        rules.Subcommands.Add(Toggle(global, console, enable: true));
        rules.Subcommands.Add(Toggle(global, console, enable: false));
        rules.Subcommands.Add(RuleTestCommand.Create(global, console));
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
                run.Console.Ansi.MarkupLine($"No routing rules in [bold]{tableName}[/]. Without rules every message is stored. Add one: [grey]sesmail rules add '*@example.test' --action forward-to-gmail --target me@example.test[/]");
                return 0;
            }

            var table = new Table().AddColumns("Pattern", "Action", "Target", "Enabled", "Description", "Updated");
            foreach (var rule in rules)
            {
                table.AddRow(
                    Markup.Escape(rule.Pattern),
                    Markup.Escape(rule.Action),
                    Markup.Escape(rule.Target),
                    rule.Enabled ? "yes" : "[yellow]no[/]",
                    Markup.Escape(rule.Description),
                    Markup.Escape(rule.UpdatedAt ?? ""));
            }

            run.Console.Ansi.Write(table);
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

    private static Command Add(GlobalOptions global, CliConsole console)
    {
        var command = new Command("add", "Add a routing rule, or replace the one with the same pattern (created_at is kept).");
        var pattern = PatternArgument();
        var action = new Option<string>("--action") { Description = "forward-to-gmail, bounce or store.", Required = true };
        var target = new Option<string?>("--target") { Description = "For forward-to-gmail: the Gmail address (the OAuth token's mailbox)." };
        var description = new Option<string?>("--description") { Description = "Free text." };
        var disabled = new Option<bool>("--disabled") { Description = "Create the rule switched off." };
        command.Arguments.Add(pattern);
        command.Options.Add(action);
        command.Options.Add(target);
        command.Options.Add(description);
        command.Options.Add(disabled);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var key = RoutingRule.NormalisePattern(result.GetValue(pattern)!);
            var (actionName, targetAddress) = RoutingRule.ValidateAction(result.GetValue(action)!, result.GetValue(target));
            var table = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var existing = await GetAsync(run.Aws.DynamoDb, table, key, ct).ConfigureAwait(false);
            var now = RoutingRule.Timestamp(DateTimeOffset.UtcNow);
            var rule = new RoutingRule(
                key,
                actionName,
                targetAddress,
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
                run.Console.Ansi.MarkupLine($"{(existing is null ? "Added" : "Replaced")} rule [bold]{Markup.Escape(key)}[/] → {Markup.Escape(actionName)}{(targetAddress.Length > 0 ? " " + Markup.Escape(targetAddress) : "")}. Routers pick it up within 60 s (their rule cache).");
            }

            await ReceivingDomainCheck.WarnIfNotReceivedAsync(run, key, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
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

    private static Command Toggle(GlobalOptions global, CliConsole console, bool enable)
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
                            [":now"] = new() { S = RoutingRule.Timestamp(DateTimeOffset.UtcNow) },
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
        grid.AddRow("Action", Markup.Escape(rule.Action));
        grid.AddRow("Target", Markup.Escape(rule.Target));
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
