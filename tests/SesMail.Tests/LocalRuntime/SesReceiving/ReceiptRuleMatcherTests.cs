using SesMail.LocalRuntime.SesReceiving;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>Receipt-rule recipient conditions matched as SES matches them.</summary>
[Trait("Kind", "Unit")]
public sealed class ReceiptRuleMatcherTests
{
    [Theory]
    [InlineData("example.test", "user@example.test", true)]
    [InlineData("example.test", "USER@Example.TEST", true)]
    [InlineData("example.test", "user@sub.example.test", false)]
    [InlineData("example.test", "user@notexample.test", false)]
    [InlineData(".example.test", "user@sub.example.test", true)]
    [InlineData(".example.test", "user@a.b.example.test", true)]
    [InlineData(".example.test", "user@example.test", false)]
    [InlineData("user@example.test", "user@example.test", true)]
    [InlineData("user@example.test", "other@example.test", false)]
    public void Covers_Condition_MatchesAsSes(string condition, string address, bool expected) =>
        ReceiptRuleMatcher.Covers([condition], address).Should().Be(expected);

    [Fact]
    public void Covers_NoConditions_MatchesEveryRecipient() =>
        ReceiptRuleMatcher.Covers([], "anyone@anywhere.test").Should().BeTrue();
}
