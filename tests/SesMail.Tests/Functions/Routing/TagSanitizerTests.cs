using SesMail.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

[Trait("Kind", "Unit")]
public sealed class TagSanitizerTests
{
    [Theory]
    [InlineData("a@x.com b@x.com", "a@x.com_b@x.com")]
    [InlineData("Hello, World!", "Hello_World")]
    [InlineData("keep +-=._:/@ chars", "keep_+-=._:/@_chars")]
    [InlineData("runs___of _ _ underscores", "runs_of_underscores")]
    [InlineData("  __trim me__  ", "trim_me")]
    [InlineData("tab\there\r\nnewline", "tab_here_newline")]
    [InlineData("Grüße 😀 aus Köln", "Gr_e_aus_K_ln")]
    [InlineData("", "EMPTY")]
    [InlineData(null, "EMPTY")]
    [InlineData("!!!", "EMPTY")]
    [InlineData("___", "EMPTY")]
    public void Sanitize_Value_ReplacesCollapsesAndTrims(string? value, string expected) =>
        TagSanitizer.Sanitize(value).Should().Be(expected);

    [Fact]
    public void Sanitize_Exactly256Characters_KeepsValue()
    {
        var value = new string('a', 256);

        TagSanitizer.Sanitize(value).Should().Be(value);
    }

    [Fact]
    public void Sanitize_LongerThan256_Keeps253PlusEllipsis()
    {
        var result = TagSanitizer.Sanitize(new string('a', 300));

        result.Should().HaveLength(256).And.EndWith("...").And.StartWith(new string('a', 253));
    }

    [Fact]
    public void Sanitize_LongAfterCollapsing_MeasuresTheCollapsedValue()
    {
        // 200 pairs "a " collapse to "a_a_…a" = 399 characters → cut.
        var result = TagSanitizer.Sanitize(string.Concat(Enumerable.Repeat("a  ", 200)));

        result.Should().HaveLength(256).And.EndWith("...");
    }
}
