using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>Executions survive a restart of the emulator: a running execution resumes, and a Wait keeps its deadline.</summary>
[Trait("Kind", "Contract")]
public sealed class StepFunctionsRestartTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 1, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sesmail-tests", "sfn-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public async Task Execution_WaitingAcrossARestart_ResumesWithItsVariablesAndKeepsTheWaitDeadline()
    {
        string executionArn;
        await using (var first = new StepFunctionsEmulator(new FakeTimeProvider(Start), _folder))
        {
            await first.InitializeAsync();
            var arn = await first.CreateAsync("restart", """
                {"StartAt":"Before","States":{
                  "Before":{"Type":"Pass","Assign":{"started.$":"$$.Execution.StartTime","who.$":"$.who"},"Next":"Hold"},
                  "Hold":{"Type":"Wait","Seconds":3600,"Next":"After"},
                  "After":{"Type":"Pass","Parameters":{"who.$":"$who","started.$":"$started"},"End":true}}}
                """);
            executionArn = (await first.Sfn.OkAsync("StartExecution", new JsonObject { ["stateMachineArn"] = arn, ["input"] = """{"who":"restart-test"}""" }, TestContext.Current.CancellationToken))["executionArn"]!.GetValue<string>();
            await AslHarness.WaitUntilAsync(() => first.HistoryAsync(executionArn).Result.Any(e => e["type"]!.GetValue<string>() == "WaitStateEntered"), "the execution waits");
            await first.StopAsync();
        }

        var clock = new FakeTimeProvider(Start.AddMinutes(10));
        await using var second = new StepFunctionsEmulator(clock, _folder);
        await second.InitializeAsync();
        var afterRestart = await second.Sfn.OkAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, TestContext.Current.CancellationToken);
        await AslHarness.WaitUntilAsync(() => second.HistoryAsync(executionArn).Result.Count(e => e["type"]!.GetValue<string>() == "WaitStateEntered") == 2, "the wait is re-entered");
        clock.Advance(TimeSpan.FromMinutes(49));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var beforeDeadline = await second.Sfn.OkAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(1));
        var ended = await second.WaitEndedAsync(executionArn);

        afterRestart["status"]!.GetValue<string>().Should().Be("RUNNING");
        beforeDeadline["status"]!.GetValue<string>().Should().Be("RUNNING", "the wait ends one hour after it started, not one hour after the restart");
        ended["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        JsonNode.Parse(ended["output"]!.GetValue<string>())!.ToJsonString().Should().Be("""{"who":"restart-test","started":"2026-03-14T01:00:00.000Z"}""");
    }
}
