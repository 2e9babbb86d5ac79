using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using SesMail.Aws.Events;
using SesMail.Cli.Hosting;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;
using Spectre.Console;

namespace SesMail.Cli.Rules;

/// <summary>
/// <c>sesmail rules test &lt;address&gt;</c>: which rule the router picks for an address and why — every lookup key in
/// order with what the table holds there, then the router's own decision with every action (the routing engine of
/// SesMail.Functions, run against the same table, with no security verdict), whether each Gmail account it forwards to
/// has a token, and how long warm routers may still use a rule read before its last change (their rule cache).
/// </summary>
internal static class RuleTestCommand
{
    /// <summary>The longest a router keeps a rule it has read (the template's <c>RuleCacheSeconds</c> is at most this).</summary>
    public static readonly int MaxCacheSeconds = (int)CachingRoutingRuleStore.MaxTimeToLive.TotalSeconds;

    public static Command Create(GlobalOptions global, CliConsole console, CliHost host)
    {
        var command = new Command(
            "test",
            "Show which rule matches an address and why (lookup keys in order, then every action of the router's decision), " +
            "and how long routers may keep the rule as it was before its last change.");
        var address = new Argument<string>("address") { Description = "A recipient address, e.g. Support+news@example.test." };
        var wait = new Option<bool>("--wait") { Description = "Wait until no router can still use the rule as it was before its last change, then test." };
        var cacheSeconds = new Option<int>("--cache-seconds")
        {
            Description = $"The stack's RuleCacheSeconds (0–{MaxCacheSeconds}; its output RuleCacheSeconds), if lower than the maximum.",
            DefaultValueFactory = _ => MaxCacheSeconds,
        };
        cacheSeconds.Check(value => value < 0 || value > MaxCacheSeconds ? $"--cache-seconds must be 0–{MaxCacheSeconds}." : null);
        command.Arguments.Add(address);
        command.Options.Add(wait);
        command.Options.Add(cacheSeconds);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var target = result.GetValue(address)!.Trim();
            var routingTable = (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable;
            var cache = TimeSpan.FromSeconds(result.GetValue(cacheSeconds));
            var report = await ExplainAsync(run.Aws.DynamoDb, routingTable, target, cache, host.Clock.GetUtcNow(), ct).ConfigureAwait(false);
            if (result.GetValue(wait) && report.CacheSecondsLeft > 0)
            {
                var writer = run.Json ? run.Console.Error : run.Console.Out;
                writer.WriteLine($"Waiting {report.CacheSecondsLeft:0} s until routers can no longer hold the rule as it was before {report.LastChange}…");
                writer.Flush();
                await Task.Delay(TimeSpan.FromSeconds(report.CacheSecondsLeft), host.Clock, ct).ConfigureAwait(false);
                report = await ExplainAsync(run.Aws.DynamoDb, routingTable, target, cache, host.Clock.GetUtcNow(), ct).ConfigureAwait(false);
            }

            var forwards = report.Actions.Where(a => a.Type == RoutingActionNames.ForwardToGmail && a.Target.Length > 0).Select(a => a.Target).ToList();
            var accounts = forwards.Count == 0 ? new Dictionary<string, string?>() : await GmailAccountCheck.CheckAsync(run, forwards, ct).ConfigureAwait(false);
            report = report with
            {
                Actions = [.. report.Actions.Select(a => a with
                {
                    AccountProblem = a.Type == RoutingActionNames.ForwardToGmail && a.Target.Length > 0 ? accounts.GetValueOrDefault(SesMail.Functions.Gmail.GmailAccounts.Key(a.Target)) : null,
                })],
            };
            await ReceivingDomainCheck.WarnIfNotReceivedAsync(run, report.Address, ct).ConfigureAwait(false);
            if (run.Json)
            {
                run.WriteJson(report, CliJsonContext.Default.RuleTestReport);
                return 0;
            }

            var table = new Table().AddColumns("#", "Lookup key", "In the table", "Outcome");
            var i = 1;
            foreach (var step in report.Steps)
            {
                table.AddRow(
                    (i++).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(step.Key),
                    Markup.Escape(step.Rule ?? "—"),
                    step.Outcome switch
                    {
                        "match" => "[green]match[/]",
                        "disabled" => "[yellow]disabled: fall through[/]",
                        "not tried" => "[grey]not tried[/]",
                        _ => "no rule",
                    });
            }

            run.Console.Ansi.Write(table);
            run.Console.Ansi.MarkupLine($"[bold]{Markup.Escape(report.Address)}[/]: {Markup.Escape(report.Why)}");

            // Plain writes from here: addresses and commands must not wrap.
            foreach (var action in report.Actions)
            {
                run.Console.Out.WriteLine($"  → {action.Type}{(action.Target.Length > 0 ? " " + action.Target : "")}{(action.AccountProblem is null ? "" : "  [NO TOKEN: mail is parked]")}");
                if (action.AccountProblem is not null)
                {
                    run.Console.Out.WriteLine($"    {action.AccountProblem}");
                }
            }

            run.Console.Out.WriteLine(report.CacheSecondsLeft > 0
                ? $"Routers may still use the rule as it was before {report.LastChange} for up to {report.CacheSecondsLeft:0} s more (rule cache {report.CacheSeconds} s); add --wait to wait it out."
                : $"Every router uses the rules shown (rule cache {report.CacheSeconds} s; a rule removed less than {report.CacheSeconds} s ago may still be in use).");
            run.Console.Out.Flush();
            return 0;
        });
        return command;
    }

    /// <summary>Explains the routing of <paramref name="address"/> at <paramref name="now"/>.</summary>
    /// <param name="dynamoDb">The DynamoDB client.</param>
    /// <param name="table">The routing table.</param>
    /// <param name="address">The recipient address.</param>
    /// <param name="cache">The routers' rule-cache time.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The report (no account checks: the caller adds them).</returns>
    public static async Task<RuleTestReport> ExplainAsync(IAmazonDynamoDB dynamoDb, string table, string address, TimeSpan cache, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var steps = new List<RuleTestStep>();
        var matched = false;
        DateTimeOffset? lastChange = null;
        foreach (var key in RoutingAddress.LookupKeys(address))
        {
            if (matched)
            {
                steps.Add(new RuleTestStep(key, null, "not tried"));
                continue;
            }

            var rule = await RulesCommands.GetAsync(dynamoDb, table, key[RoutingRule.KeyPrefix.Length..], cancellationToken).ConfigureAwait(false);
            var description = rule is null ? null : $"{rule.ActionsText}{(rule.Enabled ? "" : " (disabled)")}";
            var outcome = rule is null ? "none" : rule.Enabled ? "match" : "disabled";
            matched = outcome == "match";
            steps.Add(new RuleTestStep(key, description, outcome));
            if (rule?.UpdatedAt is { } stamp &&
                DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var changed) &&
                (lastChange is null || changed > lastChange))
            {
                lastChange = changed;
            }
        }

        // The router's own decision, so the answer cannot drift from what the router does.
        var store = new DynamoDbRoutingRuleStore(dynamoDb, table);
        var engine = new RoutingEngine(store, new NoIntegrationTestToken(), new StructuredLogger(TextWriter.Null, "sesmail-cli", () => null, TimeProvider.System));
        var notification = new SesNotification
        {
            NotificationType = "Received",
            Mail = new SesNotification.MailObject { MessageId = "sesmail-rules-test", Source = "tester@sender.test", Destination = [address], Headers = [] },
            Receipt = new SesNotification.ReceiptObject { Recipients = [address] },
        };
        var decision = await engine.DecideAsync(notification, cancellationToken).ConfigureAwait(false);
        var first = decision.Recipients[0];
        var actions = decision.Recipients.Select(d => new RuleTestAction(d.Action, d.Destination ?? "", null)).ToList();
        var matchedRule = steps.FirstOrDefault(s => s.Outcome == "match")?.Rule;
        var why = first.LookupKey switch
        {
            null => "no enabled rule matches any lookup key, so the message is only stored (add a ROUTE#* rule to bounce unknown addresses).",
            var key when decision.HasDataProblem =>
                $"rule {key} has an action the router does not know or no actions ({matchedRule}); the router stores the message and logs an error.",
            var key => $"first enabled rule in lookup order is {key}; the router takes {(actions.Count == 1 ? "its action" : $"all {actions.Count} actions")}.",
        };
        var left = lastChange is { } at ? Math.Max(0, Math.Ceiling((at + cache - now).TotalSeconds)) : 0;
        return new RuleTestReport(
            address, first.Action, first.Destination ?? "", first.LookupKey, why, steps, actions, (int)cache.TotalSeconds,
            lastChange is { } last ? RoutingRule.Timestamp(last) : null, left);
    }

    private sealed class NoIntegrationTestToken : IIntegrationTestTokenSource
    {
        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    }
}

/// <summary>One lookup key and what the table holds there.</summary>
internal sealed record RuleTestStep(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("rule")] string? Rule,
    [property: JsonPropertyName("outcome")] string Outcome);

/// <summary>One action the router takes for the address.</summary>
/// <param name="Type"><c>forward-to-gmail</c>, <c>bounce</c> or <c>store</c>.</param>
/// <param name="Target">The Gmail account for <c>forward-to-gmail</c>, else <c>""</c>.</param>
/// <param name="AccountProblem">For a forward: why the account has no token the forwarder would use (its mail is
/// parked), or null when it has one.</param>
internal sealed record RuleTestAction(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("accountProblem")] string? AccountProblem);

/// <summary>What <c>rules test</c> reports.</summary>
/// <param name="Address">The address tested.</param>
/// <param name="Action">The first action (kept for scripts written before rules had several actions).</param>
/// <param name="Target">The first action's target.</param>
/// <param name="LookupKey">The key that matched, or null.</param>
/// <param name="Why">One sentence: why this rule.</param>
/// <param name="Steps">Every lookup key in order.</param>
/// <param name="Actions">Every action the router takes for the address.</param>
/// <param name="CacheSeconds">The routers' rule-cache time used.</param>
/// <param name="LastChange">The newest <c>updated_at</c> of the rules at the keys tried, or null.</param>
/// <param name="CacheSecondsLeft">Seconds until no router can hold a rule as it was before <see cref="LastChange"/>; 0 when none can.</param>
internal sealed record RuleTestReport(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("lookupKey")] string? LookupKey,
    [property: JsonPropertyName("why")] string Why,
    [property: JsonPropertyName("steps")] IReadOnlyList<RuleTestStep> Steps,
    [property: JsonPropertyName("actions")] IReadOnlyList<RuleTestAction> Actions,
    [property: JsonPropertyName("cacheSeconds")] int CacheSeconds,
    [property: JsonPropertyName("lastChange")] string? LastChange,
    [property: JsonPropertyName("cacheSecondsLeft")] double CacheSecondsLeft);
