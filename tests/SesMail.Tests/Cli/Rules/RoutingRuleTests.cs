using Amazon.DynamoDBv2.Model;
using SesMail.Cli.Hosting;
using SesMail.Cli.Rules;

namespace SesMail.Tests.Cli.Rules;

[Trait("Kind", "Unit")]
public sealed class RoutingRuleTests
{
    [Theory]
    [InlineData("Support@Example.TEST", "support@example.test")]
    [InlineData("*@Example.test", "*@example.test")]
    [InlineData("*", "*")]
    [InlineData(" ROUTE#a+b@x.test ", "a+b@x.test")]
    [InlineData("\"a@b\"@x.test", "\"a@b\"@x.test")]
    public void NormalisePattern_ValidPattern_IsLowerCased(string pattern, string expected) =>
        RoutingRule.NormalisePattern(pattern).Should().Be(expected);

    [Theory]
    [InlineData("example.test")]
    [InlineData("@example.test")]
    [InlineData("user@")]
    [InlineData("a*b@example.test")]
    [InlineData("*@*")]
    [InlineData("a b@example.test")]
    public void NormalisePattern_Invalid_ThrowsUsageError(string pattern)
    {
        var act = () => RoutingRule.NormalisePattern(pattern);

        act.Should().Throw<CliException>().Which.ExitCode.Should().Be(2);
    }

    [Fact]
    public void ValidateAction_ForwardWithoutTarget_Throws()
    {
        var act = () => RoutingRule.ValidateAction("forward-to-gmail", null);

        act.Should().Throw<CliException>().WithMessage("*--target*");
    }

    [Fact]
    public void ValidateAction_BounceWithTarget_DropsTarget() =>
        RoutingRule.ValidateAction("BOUNCE", "x@y").Should().Be(("bounce", ""));

    [Fact]
    public void ValidateAction_SilentDrop_IsNotARuleAction()
    {
        var act = () => RoutingRule.ValidateAction("silent-drop", null);

        act.Should().Throw<CliException>().Which.Hint.Should().Contain("forward-to-gmail, bounce, store");
    }

    [Fact]
    public void ToItem_Rule_HasSpecAttributes()
    {
        var rule = RoutingRule.Single("*@example.test", "forward-to-gmail", "me@example.test", true, "demo", "2025-01-18T10:00:00Z", "2025-01-18T10:00:00Z", null);

        var item = rule.ToItem();

        item["PK"].S.Should().Be("ROUTE#*@example.test");
        item["SK"].S.Should().Be("RULE#v1");
        item["entity_type"].S.Should().Be("ROUTE");
        item["recipient"].S.Should().Be("*@example.test");
        item["enabled"].BOOL.Should().BeTrue();
        item.Should().NotContainKey("metadata");
        RoutingRule.FromItem(item).Should().Be(rule);
    }

    [Fact]
    public void FromItem_MissingActionAndEnabled_ReadsAsRouterDoes()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = "ROUTE#x@example.test" },
            ["SK"] = new() { S = "RULE#v1" },
            ["enabled"] = new() { S = "false" },
        };

        var rule = RoutingRule.FromItem(item)!;

        rule.Action.Should().Be("bounce");
        rule.Target.Should().BeEmpty();
        rule.Enabled.Should().BeTrue("a non-BOOL enabled counts as true");
    }

    [Fact]
    public void FromItem_SmtpUserItem_IsNotARule() =>
        RoutingRule.FromItem(new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "SMTP_USER" } }).Should().BeNull();

    [Fact]
    public void Timestamp_Utc_HasSecondsAndZ() =>
        RoutingRule.Timestamp(new DateTimeOffset(2025, 1, 18, 21, 0, 5, 123, TimeSpan.FromHours(11))).Should().Be("2025-01-18T10:00:05Z");
}
