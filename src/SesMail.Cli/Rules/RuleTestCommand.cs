using System.CommandLine;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using SesMail.Cli.Hosting;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;
using Spectre.Console;

namespace SesMail.Cli.Rules;

/// <summary>
/// <c>sesmail rules test &lt;address&gt;</c>: which rule the router picks for an address and why — every lookup key in
/// order with what the table holds there, then the router's own decision (the routing engine of SesMail.Functions,
/// run against the same table, with no security verdict).
/// </summary>
internal static class RuleTestCommand
{
    public static Command Create(GlobalOptions global, CliConsole console)
    {
        var command = new Command("test", "Show which rule matches an address and why (lookup keys in order, then the router's decision).");
        var address = new Argument<string>("address") { Description = "A recipient address, e.g. Support+news@example.test." };
        command.Arguments.Add(address);
        CliRun.Bind(command, global, console, async (result, run, ct) =>
        {
            var report = await ExplainAsync(run.Aws.DynamoDb, (await run.NamesAsync(ct).ConfigureAwait(false)).RoutingTable, result.GetValue(address)!.Trim(), ct).ConfigureAwait(false);
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
                    (i++).ToString(System.Globalization.CultureInfo.InvariantCulture),
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
            run.Console.Ansi.MarkupLine($"[bold]{Markup.Escape(report.Address)}[/] → [bold]{Markup.Escape(report.Action)}[/]{(string.IsNullOrEmpty(report.Target) ? "" : " " + Markup.Escape(report.Target))}: {Markup.Escape(report.Why)}");
            return 0;
        });
        return command;
    }

    public static async Task<RuleTestReport> ExplainAsync(IAmazonDynamoDB dynamoDb, string table, string address, CancellationToken cancellationToken)
    {
        var store = new DynamoDbRoutingRuleStore(dynamoDb, table);
        var steps = new List<RuleTestStep>();
        var matched = false;
        foreach (var key in RoutingAddress.LookupKeys(address))
        {
            if (matched)
            {
                steps.Add(new RuleTestStep(key, null, "not tried"));
                continue;
            }

            var rule = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var description = rule is null ? null : $"{rule.Action}{(rule.Target.Length > 0 ? " " + rule.Target : "")}{(rule.Enabled ? "" : " (disabled)")}";
            var outcome = rule is null ? "none" : rule.Enabled ? "match" : "disabled";
            matched = outcome == "match";
            steps.Add(new RuleTestStep(key, description, outcome));
        }

        // The router's own decision, so the answer cannot drift from what the router does.
        var engine = new RoutingEngine(store, new NoIntegrationTestToken(), new StructuredLogger(TextWriter.Null, "sesmail-cli", () => null, TimeProvider.System));
        var notification = new SesNotification
        {
            NotificationType = "Received",
            Mail = new SesNotification.MailObject { MessageId = "sesmail-rules-test", Source = "tester@sender.test", Destination = [address], Headers = [] },
            Receipt = new SesNotification.ReceiptObject { Recipients = [address] },
        };
        var decision = (await engine.DecideAsync(notification, cancellationToken).ConfigureAwait(false)).Recipients[0];
        var why = decision.LookupKey switch
        {
            null => "no enabled rule matches any lookup key, so the message is only stored (add a ROUTE#* rule to bounce unknown addresses).",
            var key when decision.Action == RoutingActionNames.Store && steps.FirstOrDefault(s => s.Outcome == "match")?.Rule is { } stored && !stored.StartsWith(RoutingActionNames.Store, StringComparison.Ordinal) =>
                $"rule {key} has an unknown action ({stored}); the router stores the message and logs an error.",
            var key => $"first enabled rule in lookup order is {key}.",
        };
        return new RuleTestReport(address, decision.Action, decision.Destination ?? "", decision.LookupKey, why, steps);
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

/// <summary>What <c>rules test</c> reports.</summary>
internal sealed record RuleTestReport(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("lookupKey")] string? LookupKey,
    [property: JsonPropertyName("why")] string Why,
    [property: JsonPropertyName("steps")] IReadOnlyList<RuleTestStep> Steps);
