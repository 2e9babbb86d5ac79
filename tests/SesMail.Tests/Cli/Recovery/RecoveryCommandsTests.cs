using System.Text.Json.Nodes;
using SesMail.Cli.Hosting;
using SesMail.Cli.Recovery;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Emulator.StepFunctions;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Recovery;

/// <summary><c>sesmail retry run|status</c> and <c>sesmail executions list|show</c> against the provisioned retry processor.</summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class RecoveryCommandsTests(StepFunctionsEmulator emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.ForArguments(args)], CliConsole.ForText(output, error), Token);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task RetryRunWait_ThenStatusAndShow_ReportWhatTheProcessorDid()
    {
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, clients, Token))
            .ProvisionAsync(TemplateYamlTests.Load(), new StackSettings("test", "000000000000", EmulatorFixture.Region, new Dictionary<string, string> { ["RetryProcessorWaitSeconds"] = "0", ["FunctionRuntime"] = "dotnet10" }), Token);
        emulator.Functions["ses-mail-gmail-forwarder-test"] = _ => (new JsonObject { ["batchItemFailures"] = new JsonArray() }, null);
        await emulator.Sqs.OkAsync("SendMessage", new JsonObject { ["QueueUrl"] = stack.Outputs["RetryQueueUrl"], ["MessageBody"] = """{"detail":{"originalMessageId":"cli-1"}}""" }, Token);

        var run = await RunAsync("retry", "run", "--wait");
        var status = await RunAsync("retry", "status");
        var name = status.Out.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries)).FirstOrDefault(c => c.Length > 2 && c[1].StartsWith("manual-", StringComparison.Ordinal))?[1];
        var show = await RunAsync("executions", "show", name ?? "missing", "--output", "json");
        var list = await RunAsync("executions", "list", "--output", "json");

        run.Code.Should().Be(0, run.Error + run.Out);
        run.Out.Should().Contain("SUCCEEDED").And.Contain("ReadMessagesFromQueue").And.Contain("Forward").And.Contain("DeleteMessage");
        status.Out.Should().Contain("SUCCEEDED");
        var shown = JsonNode.Parse(show.Out)!;
        shown["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        shown["output"]!.GetValue<string>().Should().Contain("\"delivered\":1");
        shown["states"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Should().ContainInOrder("Start", "ReadMessagesFromQueue", "ProcessMessages", "Forward", "DeleteMessage", "Done");
        shown["states"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == "Forward")!["depth"]!.GetValue<int>().Should().Be(1);
        JsonNode.Parse(list.Out)!.AsArray().Should().NotBeEmpty();
    }

    [Fact]
    public void TokenRefreshName_IsTokenRefreshWithUtcTimestamp()
    {
        StateMachineRuns.TokenRefreshName(new DateTimeOffset(2026, 3, 14, 1, 59, 7, TimeSpan.FromHours(10))).Should().Be("token-refresh-20260313-155907");
    }
}
