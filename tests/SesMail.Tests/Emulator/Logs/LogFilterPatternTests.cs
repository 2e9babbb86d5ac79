using SesMail.Emulator.Logs;

namespace SesMail.Tests.Emulator.Logs;

/// <summary>The filter pattern syntax of CloudWatch Logs: terms, phrases, exclusions, alternatives, JSON and space-delimited patterns.</summary>
[Trait("Kind", "Unit")]
public sealed class LogFilterPatternTests
{
    [Theory]
    [InlineData("", "anything", true)]
    [InlineData("ERROR", "an ERROR happened", true)]
    [InlineData("ERROR", "an error happened", false)]
    [InlineData("ERROR Exception", "ERROR with Exception", true)]
    [InlineData("ERROR Exception", "ERROR alone", false)]
    [InlineData("\"Failed to process\"", "we Failed to process it", true)]
    [InlineData("\"Failed to process\"", "Failed to run process", false)]
    [InlineData("ERROR -Exiting", "ERROR but continuing", true)]
    [InlineData("ERROR -Exiting", "ERROR Exiting now", false)]
    [InlineData("?ERROR ?WARN", "a WARN line", true)]
    [InlineData("?ERROR ?WARN", "an INFO line", false)]
    [InlineData("%time.*out%", "request timed out", true)]
    [InlineData("%time.*out%", "all good", false)]
    public void Terms_Match_AsCloudWatchLogsDoes(string pattern, string message, bool expected) =>
        LogFilterPattern.Parse(pattern).Matches(message).Should().Be(expected);

    [Theory]
    [InlineData("{ $.level = \"ERROR\" }", "{\"level\":\"ERROR\"}", true)]
    [InlineData("{ $.level = \"ERROR\" }", "{\"level\":\"INFO\"}", false)]
    [InlineData("{ $.level = ERROR }", "{\"level\":\"ERROR\"}", true)]
    [InlineData("{ $.level != \"ERROR\" }", "{\"level\":\"INFO\"}", true)]
    [InlineData("{ $.latency > 100 }", "{\"latency\":120}", true)]
    [InlineData("{ $.latency > 100 }", "{\"latency\":80}", false)]
    [InlineData("{ $.latency >= 80 && $.latency <= 80 }", "{\"latency\":80}", true)]
    [InlineData("{ $.action = \"bounce\" || $.action = \"store\" }", "{\"action\":\"store\"}", true)]
    [InlineData("{ ($.a = 1 || $.b = 2) && $.c = \"x*\" }", "{\"a\":1,\"c\":\"xyz\"}", true)]
    [InlineData("{ ($.a = 1 || $.b = 2) && $.c = \"x*\" }", "{\"a\":1,\"c\":\"yz\"}", false)]
    [InlineData("{ $.detail.target[0] = \"me@example.test\" }", "{\"detail\":{\"target\":[\"me@example.test\"]}}", true)]
    [InlineData("{ $.reason IS NULL }", "{\"reason\":null}", true)]
    [InlineData("{ $.reason NOT EXISTS }", "{\"other\":1}", true)]
    [InlineData("{ $.reason NOT EXISTS }", "{\"reason\":1}", false)]
    [InlineData("{ $.ok IS TRUE }", "{\"ok\":true}", true)]
    [InlineData("{ $.level = \"ERROR\" }", "not json at all", false)]
    public void Json_Matches_SelectorsComparisonsAndLogic(string pattern, string message, bool expected) =>
        LogFilterPattern.Parse(pattern).Matches(message).Should().Be(expected);

    [Theory]
    [InlineData("[ip, user, status = 4*, bytes]", "10.0.0.1 bob 404 512", true)]
    [InlineData("[ip, user, status = 4*, bytes]", "10.0.0.1 bob 200 512", false)]
    [InlineData("[ip, ..., bytes > 1000]", "10.0.0.1 bob [10/Oct/2000] \"GET /\" 200 2048", true)]
    [InlineData("[ip, ..., bytes > 1000]", "10.0.0.1 bob 200 20", false)]
    [InlineData("[a, b]", "one two three", false)]
    public void SpaceDelimited_BindsFieldsAndChecksConditions(string pattern, string message, bool expected) =>
        LogFilterPattern.Parse(pattern).Matches(message).Should().Be(expected);

    [Fact]
    public void Extract_JsonAndDelimited_ReturnsSelectorValues()
    {
        LogFilterPattern.Parse("{ $.latency > 0 }").Extract("{\"latency\":42}").Should().Contain("$.latency", "42");
        LogFilterPattern.Parse("[ip, user, bytes]").Extract("1.2.3.4 bob 99").Should().Contain("$bytes", "99");
    }

    [Theory]
    [InlineData("{ $.level = }")]
    [InlineData("{ level = \"x\" }")]
    [InlineData("{ $.a > \"text\" }")]
    [InlineData("\"unterminated")]
    [InlineData("{ $.a = 1 ")]
    public void Parse_MalformedPattern_Throws(string pattern)
    {
        var parse = () => LogFilterPattern.Parse(pattern);

        parse.Should().Throw<FormatException>();
    }
}
