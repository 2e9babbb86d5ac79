using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using SesMail.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

[Trait("Kind", "Unit")]
public sealed class RoutingRuleTests
{
    private static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] extra)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = "ROUTE#a@example.test" },
            ["SK"] = new() { S = "RULE#v1" },
        };
        foreach (var (name, value) in extra)
        {
            item[name] = value;
        }

        return item;
    }

    [Fact]
    public void FromItem_SpecExampleItem_ReadsEveryRouterField()
    {
        var item = DynamoDbJson.ToItem(JsonDocument.Parse("""
            {"PK": {"S": "ROUTE#support@example.com"}, "SK": {"S": "RULE#v1"},
             "entity_type": {"S": "ROUTE"}, "recipient": {"S": "support@example.com"},
             "action": {"S": "forward-to-gmail"}, "target": {"S": "me@gmail.com"},
             "enabled": {"BOOL": true}, "description": {"S": "support to Gmail"},
             "created_at": {"S": "2025-01-18T10:00:00Z"}, "updated_at": {"S": "2025-01-18T10:00:00Z"}}
            """).RootElement);

        var rule = RoutingRule.FromItem(item);

        rule.Pattern.Should().Be("support@example.com");
        rule.Action.Should().Be("forward-to-gmail");
        rule.Target.Should().Be("me@gmail.com");
        rule.Enabled.Should().BeTrue();
        rule.Metadata.GetRawText().Should().Be("{}");
    }

    [Fact]
    public void FromItem_MissingAction_IsBounce() =>
        RoutingRule.FromItem(Item()).Action.Should().Be("bounce");

    [Fact]
    public void FromItem_MissingTarget_IsEmpty() =>
        RoutingRule.FromItem(Item(("action", new() { S = "store" }))).Target.Should().BeEmpty();

    [Fact]
    public void FromItem_MissingEnabled_IsEnabled() =>
        RoutingRule.FromItem(Item()).Enabled.Should().BeTrue();

    [Fact]
    public void FromItem_EnabledNotBool_IsEnabled() =>
        RoutingRule.FromItem(Item(("enabled", new() { S = "false" }))).Enabled.Should().BeTrue();

    [Fact]
    public void FromItem_EnabledFalse_IsDisabled() =>
        RoutingRule.FromItem(Item(("enabled", new() { BOOL = false }))).Enabled.Should().BeFalse();

    [Theory]
    [InlineData("{\"team\":\"ops\"}", "{\"team\":\"ops\"}")]
    [InlineData("not json", "{}")]
    [InlineData("[1,2]", "{}")]
    [InlineData("", "{}")]
    public void FromItem_MetadataText_ParsesObjectsOnly(string text, string expected) =>
        RoutingRule.FromItem(Item(("metadata", new() { S = text }))).Metadata.GetRawText().Should().Be(expected);

    [Fact]
    public void FromItem_UnknownAction_KeepsValueAndReportsUnknown()
    {
        var rule = RoutingRule.FromItem(Item(("action", new() { S = "teleport" })));

        rule.Action.Should().Be("teleport");
        rule.HasKnownAction.Should().BeFalse();
    }

    [Fact]
    public void ToItem_Rule_WritesLowerCasePatternAndAllAttributes()
    {
        var rule = new RoutingRule("Support@Example.TEST", "forward-to-gmail", "me@example.test", true, JsonDocument.Parse("{\"a\":1}").RootElement);

        var item = rule.ToItem(new DateTimeOffset(2026, 1, 18, 10, 0, 0, TimeSpan.Zero), "demo");

        item["PK"].S.Should().Be("ROUTE#support@example.test");
        item["SK"].S.Should().Be("RULE#v1");
        item["entity_type"].S.Should().Be("ROUTE");
        item["recipient"].S.Should().Be("support@example.test");
        item["enabled"].BOOL.Should().BeTrue();
        item["created_at"].S.Should().Be("2026-01-18T10:00:00Z");
        item["metadata"].S.Should().Be("{\"a\":1}");
        RoutingRule.FromItem(item).Should().BeEquivalentTo(rule with { Pattern = "support@example.test" }, o => o.Excluding(r => r.Metadata));
    }
}
