using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using CsCheck;
using SesMail.Aws.Events;
using SesMail.Functions;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

/// <summary>
/// Rules with several actions (<c>actions: [{type, target}]</c>), how the router turns them into the bus event, and the
/// migration of old single-action items (docs/OPERATIONS.md, "Routing rules").
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MultiActionRoutingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, AttributeValue> Item(string pattern, params (string Name, AttributeValue Value)[] attributes)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["PK"] = new() { S = "ROUTE#" + pattern },
            ["SK"] = new() { S = "RULE#v1" },
            ["entity_type"] = new() { S = "ROUTE" },
        };
        foreach (var (name, value) in attributes)
        {
            item[name] = value;
        }

        return item;
    }

    private static AttributeValue Actions(params (string Type, string Target)[] actions) =>
        RoutingRule.ActionsAttribute(actions.Select(a => new RuleAction(a.Type, a.Target)));

    private static SesNotification Notification(params string[] recipients) => new()
    {
        NotificationType = "Received",
        Mail = new SesNotification.MailObject { MessageId = "m-1", Source = "sender@origin.test", Destination = [.. recipients], Headers = [] },
        Receipt = new SesNotification.ReceiptObject { Recipients = [.. recipients] },
    };

    private static async Task<RoutingDecision> DecideAsync(IEnumerable<Dictionary<string, AttributeValue>> items, params string[] recipients)
    {
        var engine = new RoutingEngine(
            new InMemoryRoutingRuleStore(items.Select(RoutingRule.FromItem)),
            new FixedTokenSource(null),
            new StructuredLogger(TextWriter.Null, "test", () => null, TimeProvider.System));
        return await engine.DecideAsync(Notification(recipients), Ct);
    }

    [Fact]
    public void FromItem_ActionsList_ReadsEveryEntryInOrderAndIgnoresActionAndTarget()
    {
        var rule = RoutingRule.FromItem(Item(
            "team@example.test",
            ("actions", Actions(("forward-to-gmail", "a@gmail.com"), ("forward-to-gmail", "b@gmail.com"), ("store", ""))),
            ("action", new() { S = "bounce" })));

        rule.Actions.Should().Equal(new RuleAction("forward-to-gmail", "a@gmail.com"), new RuleAction("forward-to-gmail", "b@gmail.com"), new RuleAction("store", ""));
        rule.HasKnownAction.Should().BeTrue();
    }

    [Fact]
    public void FromItem_MalformedEntries_ReadAsMalformedActions()
    {
        var list = new AttributeValue
        {
            L =
            [
                new() { S = "forward-to-gmail" },
                new() { M = new Dictionary<string, AttributeValue> { ["target"] = new() { S = "a@gmail.com" } } },
                new() { M = new Dictionary<string, AttributeValue> { ["type"] = new() { S = "store" } } },
            ],
        };

        var rule = RoutingRule.FromItem(Item("x@example.test", ("actions", list)));

        rule.Actions.Select(a => a.Type).Should().Equal(RuleAction.MalformedType, RuleAction.MalformedType, "store");
        rule.Actions[2].Target.Should().BeEmpty();
        rule.HasKnownAction.Should().BeFalse();
    }

    [Fact]
    public async Task Decide_ForwardToTwoAccountsAndStore_OneTargetEntryPerActionInTheDocumentedShape()
    {
        var decision = await DecideAsync(
            [Item("team@example.test", ("actions", Actions(("forward-to-gmail", "a@gmail.com"), ("forward-to-gmail", "b@gmail.com"), ("store", ""))))],
            "team@example.test");

        var json = JsonSerializer.Serialize(decision.Detail, FunctionsJsonContext.Default.RoutingDetail);
        using var document = JsonDocument.Parse(json);
        var actions = document.RootElement.GetProperty("actions");
        actions.EnumerateObject().Select(p => p.Name).Should().Equal("store", "forward-to-gmail", "bounce", "spam", "silent-drop");
        var forward = actions.GetProperty("forward-to-gmail");
        forward.GetProperty("count").GetInt32().Should().Be(2);
        forward.GetProperty("targets").EnumerateArray().Select(t => (t.GetProperty("target").GetString(), t.GetProperty("destination").GetString()))
            .Should().Equal(("team@example.test", "a@gmail.com"), ("team@example.test", "b@gmail.com"));
        actions.GetProperty("store").GetProperty("count").GetInt32().Should().Be(1);
        decision.HasDataProblem.Should().BeFalse();
        decision.Recipients.Select(r => r.Action).Should().Equal("forward-to-gmail", "forward-to-gmail", "store");
    }

    [Fact]
    public async Task Decide_SameAccountTwiceInAnyCase_IsForwardedOnce()
    {
        var decision = await DecideAsync(
            [Item("team@example.test", ("actions", Actions(("forward-to-gmail", "a@gmail.com"), ("forward-to-gmail", " A@Gmail.com"), ("bounce", ""), ("bounce", ""))))],
            "team@example.test");

        decision.Detail.Actions.ForwardToGmail.Count.Should().Be(1);
        decision.Detail.Actions.Bounce.Count.Should().Be(1);
    }

    [Fact]
    public async Task Decide_EmptyActionsList_StoresAndReportsADataProblem()
    {
        var decision = await DecideAsync([Item("x@example.test", ("actions", new AttributeValue { L = [] }))], "x@example.test");

        decision.HasDataProblem.Should().BeTrue();
        decision.Detail.Actions.Store.Targets.Should().ContainSingle().Which.Target.Should().Be("x@example.test");
    }

    [Fact]
    public async Task Decide_UnknownTypeBesideAForward_ForwardsAndStoresWithADataProblem()
    {
        var decision = await DecideAsync(
            [Item("x@example.test", ("actions", Actions(("forward-to-gmail", "a@gmail.com"), ("teleport", ""))))],
            "x@example.test");

        decision.HasDataProblem.Should().BeTrue();
        decision.Detail.Actions.ForwardToGmail.Count.Should().Be(1);
        decision.Detail.Actions.Store.Count.Should().Be(1);
    }

    [Fact]
    public async Task Decide_UnknownTypeThenStore_StoresOnce()
    {
        var decision = await DecideAsync(
            [Item("x@example.test", ("actions", Actions(("teleport", ""), ("store", ""), ("forward-to-gmail", "a@gmail.com"))))],
            "x@example.test");

        decision.HasDataProblem.Should().BeTrue();
        decision.Detail.Actions.Store.Count.Should().Be(1, "the unknown action is stored in place, and the store action adds no second entry");
        decision.Detail.Actions.ForwardToGmail.Count.Should().Be(1);
    }

    [Fact]
    public void MigrateItem_SingleActionItem_MovesActionAndTargetIntoActionsAndKeepsTheRest()
    {
        var legacy = Item("support@example.test",
            ("action", new() { S = "forward-to-gmail" }), ("target", new() { S = "me@gmail.com" }), ("enabled", new() { BOOL = false }),
            ("metadata", new() { S = "{\"team\":\"ops\"}" }), ("updated_at", new() { S = "2025-01-18T10:00:00Z" }));

        var migrated = RoutingRule.MigrateItem(legacy)!;

        migrated.Should().NotContainKeys("action", "target");
        migrated["actions"].L.Should().ContainSingle();
        migrated["actions"].L[0].M["type"].S.Should().Be("forward-to-gmail");
        migrated["actions"].L[0].M["target"].S.Should().Be("me@gmail.com");
        migrated["enabled"].BOOL.Should().BeFalse();
        migrated["metadata"].S.Should().Be("{\"team\":\"ops\"}");
        migrated["updated_at"].S.Should().Be("2025-01-18T10:00:00Z");
        RoutingRule.MigrateItem(migrated).Should().BeNull("an item that has actions is left alone");
    }

    [Fact]
    public void MigrateItem_NoActionAttribute_BecomesTheBounceTheRouterReads() =>
        RoutingRule.MigrateItem(Item("a@example.test"))!["actions"].L.Single().M["type"].S.Should().Be("bounce");

    // ---------------------------------------------------------------- old and migrated items route alike

    private static readonly string[] Patterns = ["*", "*@example.test", "*@other.test", "sales@example.test", "team@example.test", "a+b@example.test"];
    private static readonly string[] Recipients = ["sales@example.test", "Sales+q3@Example.TEST", "team@example.test", "a+b@example.test", "nobody@example.test", "x@other.test", "y@third.test"];

    private static readonly Gen<(string Name, AttributeValue Value)?> ActionAttribute = Gen.Frequency(
        (6, Gen.OneOf("forward-to-gmail", "bounce", "store").Select(a => ((string, AttributeValue)?)("action", new AttributeValue { S = a }))),
        (1, Gen.Const(((string, AttributeValue)?)("action", new AttributeValue { S = "teleport" }))),
        (1, Gen.Const(((string, AttributeValue)?)("action", new AttributeValue { N = "3" }))),
        (1, Gen.Const(((string, AttributeValue)?)null)));

    private static readonly Gen<(string Name, AttributeValue Value)?> TargetAttribute = Gen.Frequency(
        (4, Gen.OneOf("a@gmail.com", "B@Gmail.com", "").Select(t => ((string, AttributeValue)?)("target", new AttributeValue { S = t }))),
        (1, Gen.Const(((string, AttributeValue)?)null)));

    private static readonly Gen<(string Name, AttributeValue Value)?> EnabledAttribute = Gen.Frequency(
        (4, Gen.Bool.Select(b => ((string, AttributeValue)?)("enabled", new AttributeValue { BOOL = b }))),
        (1, Gen.Const(((string, AttributeValue)?)("enabled", new AttributeValue { S = "false" }))),
        (1, Gen.Const(((string, AttributeValue)?)null)));

    private static readonly Gen<(string Name, AttributeValue Value)?> MetadataAttribute = Gen.OneOf(
        Gen.Const(((string, AttributeValue)?)null),
        Gen.Const(((string, AttributeValue)?)("metadata", new AttributeValue { S = "{\"team\":\"ops\"}" })),
        Gen.Const(((string, AttributeValue)?)("metadata", new AttributeValue { S = "not json" })));

    private static readonly Gen<Dictionary<string, AttributeValue>> LegacyItem =
        Gen.Select(Gen.OneOf(Patterns), ActionAttribute, TargetAttribute, EnabledAttribute, MetadataAttribute, (pattern, action, target, enabled, metadata) =>
            Item(pattern, [.. new[] { action, target, enabled, metadata }.OfType<(string, AttributeValue)>()]));

    private static readonly Gen<List<Dictionary<string, AttributeValue>>> RuleSet =
        LegacyItem.List[0, 6].Select(items => items.GroupBy(i => i["PK"].S).Select(g => g.Last()).ToList());

    [Fact]
    public void Decide_OldItemsAndTheirMigration_RouteEveryRecipientIdentically()
    {
        Gen.Select(RuleSet, Gen.OneOf(Recipients).Array[1, 4]).Sample((items, recipients) =>
        {
            var migrated = items.Select(item => RoutingRule.MigrateItem(item) ?? item).ToList();
            var old = DecideAsync(items, recipients).GetAwaiter().GetResult();
            var now = DecideAsync(migrated, recipients).GetAwaiter().GetResult();

            var oldJson = JsonSerializer.Serialize(old.Detail, FunctionsJsonContext.Default.RoutingDetail);
            var newJson = JsonSerializer.Serialize(now.Detail, FunctionsJsonContext.Default.RoutingDetail);
            newJson.Should().Be(oldJson);
            now.HasDataProblem.Should().Be(old.HasDataProblem);
            now.Recipients.Select(r => (r.Recipient, r.Action, r.LookupKey, r.Destination, r.Reason))
                .Should().Equal(old.Recipients.Select(r => (r.Recipient, r.Action, r.LookupKey, r.Destination, r.Reason)));
            migrated.Select(RoutingRule.MigrateItem).Where(again => again is not null).Should().BeEmpty("migrating twice changes nothing");
        }, iter: 300);
    }
}
