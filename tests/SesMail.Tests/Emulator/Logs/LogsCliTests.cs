using System.Diagnostics;
using System.Text.Json.Nodes;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Logs;

/// <summary>CloudWatch Logs through the AWS CLI v2 (JSON 1.1), including <c>aws logs tail</c> with and without <c>--follow</c>.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class LogsCliTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task GroupsStreamsAndEvents_WithCli_CreateDescribePutGetFilterAndDelete()
    {
        var group = Name("/aws/lambda/cli");
        await RunAsync("logs", "create-log-group", "--log-group-name", group, "--tags", "app=sesmail");
        await RunAsync("logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", "7");
        await RunAsync("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "2026/12/03/[$LATEST]a");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var events = new JsonArray(
            Event(now - 3, "START RequestId: 1"),
            Event(now - 2, "{\"level\":\"ERROR\",\"message\":\"Routing decision\",\"action\":\"bounce\"}"),
            Event(now - 1, "{\"level\":\"INFO\",\"message\":\"Routing decision\",\"action\":\"forward-to-gmail\"}"));
        var put = await RunJsonAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "2026/12/03/[$LATEST]a", "--log-events", events.ToJsonString());

        var groups = await RunJsonAsync("logs", "describe-log-groups", "--log-group-name-prefix", group);
        var streams = await RunJsonAsync("logs", "describe-log-streams", "--log-group-name", group);
        var all = await RunJsonAsync("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", "2026/12/03/[$LATEST]a", "--start-from-head");
        var json = await RunJsonAsync("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "{ $.message = \"Routing decision\" && $.action = \"bounce\" }");
        var terms = await RunJsonAsync("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "\"Routing decision\" -ERROR");
        var tags = await RunJsonAsync("logs", "list-tags-log-group", "--log-group-name", group);
        await RunAsync("logs", "delete-log-group", "--log-group-name", group);
        var gone = await AwsCli.RunAsync(emulator.BaseUrl, "logs", "describe-log-streams", "--log-group-name", group);

        put["nextSequenceToken"].Should().NotBeNull();
        var described = groups["logGroups"]!.AsArray().Single()!;
        described["retentionInDays"]!.GetValue<int>().Should().Be(7);
        described["arn"]!.GetValue<string>().Should().Be($"arn:aws:logs:ap-southeast-2:000000000000:log-group:{group}:*");
        streams["logStreams"]![0]!["lastEventTimestamp"]!.GetValue<long>().Should().Be(now - 1);
        Messages(all, "events").Should().HaveCount(3).And.StartWith("START RequestId: 1");
        Messages(json, "events").Should().ContainSingle().Which.Should().Contain("bounce");
        Messages(terms, "events").Should().ContainSingle().Which.Should().Contain("forward-to-gmail");
        tags["tags"]!["app"]!.GetValue<string>().Should().Be("sesmail");
        gone.ExitCode.Should().NotBe(0);
        gone.Error.Should().Contain("ResourceNotFoundException").And.Contain("The specified log group does not exist.");
    }

    [Fact]
    public async Task FilterLogEvents_WithCli_PagesThroughEveryEvent()
    {
        var group = await GroupWithEventsAsync(25);

        var result = await RunJsonAsync("logs", "filter-log-events", "--log-group-name", group, "--page-size", "10");

        Messages(result, "events").Should().Equal(Enumerable.Range(0, 25).Select(i => $"event {i}"));
    }

    [Fact]
    public async Task Tail_WithCli_PrintsTheGroupsEvents()
    {
        var group = await GroupWithEventsAsync(3);

        var result = await AwsCli.RunAsync(emulator.BaseUrl, "logs", "tail", group, "--since", "1h", "--format", "short");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("event 0").And.Contain("event 2");
    }

    [Fact]
    public async Task TailFollow_WithCli_PrintsEventsPutAfterItStarted()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, $"The AWS CLI is not installed at {AwsCli.Path}.");
        var group = await GroupWithEventsAsync(1);
        var start = new ProcessStartInfo(AwsCli.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--endpoint-url", emulator.BaseUrl.ToString().TrimEnd('/'), "--region", EmulatorFixture.Region, "logs", "tail", group, "--follow", "--format", "short"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDSESMAILTEST";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/sesmail-aws-config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/sesmail-aws-credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var seen = new SemaphoreSlim(0);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                seen.Release();
            }
        };
        process.BeginOutputReadLine();
        try
        {
            await WaitForAsync(lines, seen, "event 0");
            await RunAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s", "--log-events",
                new JsonArray(Event(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "arrived while following")).ToJsonString());

            await WaitForAsync(lines, seen, "arrived while following");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        lines.Should().Contain(l => l.Contains("arrived while following", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(List<string> lines, SemaphoreSlim seen, string text)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60)); // the CLI polls every 5 seconds
        while (true)
        {
            lock (lines)
            {
                if (lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                {
                    return;
                }
            }

            await seen.WaitAsync(limit.Token);
        }
    }

    private async Task<string> GroupWithEventsAsync(int count)
    {
        var group = Name("/sesmail/tail");
        await RunAsync("logs", "create-log-group", "--log-group-name", group);
        await RunAsync("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "s");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await RunAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s", "--log-events",
            new JsonArray([.. Enumerable.Range(0, count).Select(i => Event(now - 60_000 + i, $"event {i}"))]).ToJsonString());
        return group;
    }

    private static JsonObject Event(long timestamp, string message) => new() { ["timestamp"] = timestamp, ["message"] = message };

    private static List<string> Messages(JsonNode result, string member) =>
        [.. result[member]!.AsArray().Select(e => e!["message"]!.GetValue<string>())];

    private async Task RunAsync(params string[] args)
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, args);
        result.ExitCode.Should().Be(0, result.Error);
    }

    private async Task<JsonNode> RunJsonAsync(params string[] args)
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, args);
        result.ExitCode.Should().Be(0, result.Error);
        return result.Json;
    }

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
