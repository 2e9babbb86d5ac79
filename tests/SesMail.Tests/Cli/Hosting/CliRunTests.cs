using System.Text.Json;
using SesMail.Cli.Hosting;
using SesMail.Cli.Rules;

namespace SesMail.Tests.Cli.Hosting;

[Trait("Kind", "Unit")]
public sealed class CliRunTests
{
    [Fact]
    public void WriteJson_AngleBracketsAndAmpersands_AreWrittenAsTheyAreAndStillParse()
    {
        var output = new StringWriter();
        var settings = new CliSettings(new Uri("http://127.0.0.1:4566"), null, "test", "ap-southeast-2", OutputFormat.Json);
        using var run = new CliRun(settings, CliConsole.ForText(output, new StringWriter()));
        var rule = RoutingRule.Single("ops@example.test", "forward-to-gmail", "me@example.test", true, "Ops <ops@example.test> & 'pager'", null, null, null);

        run.WriteJson(rule, CliJsonContext.Default.RoutingRule);

        var text = output.ToString();
        text.Should().Contain("Ops <ops@example.test> & 'pager'").And.NotContain("\\u003C");
        JsonSerializer.Deserialize(text, CliJsonContext.Default.RoutingRule)!.Description.Should().Be(rule.Description);
    }
}
