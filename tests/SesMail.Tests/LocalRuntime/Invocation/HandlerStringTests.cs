using SesMail.LocalRuntime.Invocation;

namespace SesMail.Tests.LocalRuntime.Invocation;

[Trait("Kind", "Unit")]
public sealed class HandlerStringTests
{
    [Fact]
    public void Parse_ThreeParts_SplitsThem()
    {
        var handler = HandlerString.Parse("SesMail.Functions::SesMail.Functions.Router.RouterFunction::HandleAsync");

        handler.Should().Be(new HandlerString("SesMail.Functions", "SesMail.Functions.Router.RouterFunction", "HandleAsync"));
    }

    [Theory]
    [InlineData("", "no Handler")]
    [InlineData("A::B", "2 part(s)")]
    [InlineData("::B::C", "no assembly")]
    [InlineData("A:: ::C", "no type")]
    [InlineData("A::B::", "no method")]
    public void Parse_Malformed_NamesTheMissingPart(string text, string expected)
    {
        var act = () => HandlerString.Parse(text);

        act.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }
}
