using System.Text.Json.Nodes;
using SesMail.Cli.Hosting;

namespace SesMail.Tests.EndToEnd;

/// <summary><c>sesmail status</c> against the whole local pipeline started from the AppHost.</summary>
[Collection(PipelineCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class StatusTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Status_RunningPipeline_ReportsEveryPart()
    {
        pipeline.RequireReady();
        var output = new StringWriter();
        var error = new StringWriter();
        string[] common = ["--endpoint", pipeline.EmulatorUrl.ToString(), "--stack-file", pipeline.StackFile, "--smtp", $"127.0.0.1:{pipeline.SmtpPort}"];

        var code = await CliApp.RunAsync(["status", "-o", "json", .. common], CliConsole.ForText(output, error), TestContext.Current.CancellationToken);
        var text = new StringWriter();
        var textCode = await CliApp.RunAsync(["status", .. common], CliConsole.ForText(text, new StringWriter()), TestContext.Current.CancellationToken);

        var report = JsonNode.Parse(output.ToString())!;
        var problems = report["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        code.Should().Be(problems.Count == 0 ? 0 : 2, error.ToString());
        textCode.Should().Be(code);
        report["emulator"]!["status"]!.GetValue<string>().Should().Be("running");
        report["stack"]!["name"]!.GetValue<string>().Should().Be("ses-mail-test");
        report["stack"]!["status"]!.GetValue<string>().Should().EndWith("_COMPLETE");
        report["smtp"]!["listening"]!.GetValue<bool>().Should().BeTrue();
        var queues = report["queues"]!.AsArray();
        queues.Should().HaveCount(8);
        queues.Select(q => q!["messages"]).Should().AllSatisfy(m => m.Should().NotBeNull("every queue of the stack exists"));
        report["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Should().Contain("ses-mail-router-enrichment-test");
        report["alarms"]!["total"]!.GetValue<int>().Should().BeGreaterThan(0);
        report["mailbox"].Should().NotBeNull();
        text.ToString().Should().Contain("ses-mail-test").And.Contain("listening").And.Contain("ses-mail-router-enrichment-test");
    }
}
