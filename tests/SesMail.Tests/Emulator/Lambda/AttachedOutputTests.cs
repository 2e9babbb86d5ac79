using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Lambda;
using SesMail.Functions.Observability;
using SesMail.LambdaRuntime;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>
/// A function run by an attached runtime (as the local runtime runs the stack's functions): what it writes to its
/// console lands in <c>/aws/lambda/{function}</c> between <c>START</c> and <c>END</c>, and its EMF documents become
/// CloudWatch metrics, as for a function the Lambda service runs in its own process.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class AttachedOutputTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonLambdaClient _lambda = Client(emulator);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _lambda.Dispose();

    [Fact]
    public async Task Invoke_AttachedFunctionWritesLinesAndEmf_LinesLandBetweenStartAndEndAndEmfBecomesMetrics()
    {
        var name = Name("attached-output");
        var marker = $"marker-{Guid.NewGuid():N}";
        var ns = $"SESMail/attached{Guid.NewGuid():N}"[..40];
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) =>
        {
            InvocationOutput.Out.WriteLine($"{{\"level\":\"INFO\",\"message\":\"{marker}\"}}");
            new EmbeddedMetrics(InvocationOutput.Out, ns, "attached-test", TimeProvider.System).Publish("HandlerSuccess", 1);
            return "{}";
        }, collectOutput: true);

        var (response, _, tail) = await InvokeAsync(_lambda, name, "{}");

        response.FunctionError.Should().BeNull();
        var group = $"/aws/lambda/{name}";
        var logs = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "Logs_20140328", "1.1", "logs");
        var streams = await logs.OkAsync("DescribeLogStreams", new JsonObject { ["logGroupName"] = group }, Ct);
        var stream = streams["logStreams"]!.AsArray().Single()!["logStreamName"]!.GetValue<string>();
        var events = await logs.OkAsync("GetLogEvents", new JsonObject { ["logGroupName"] = group, ["logStreamName"] = stream, ["startFromHead"] = true }, Ct);
        var messages = events["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToList();
        var start = messages.FindIndex(m => m.StartsWith("START RequestId:", StringComparison.Ordinal));
        var line = messages.FindIndex(m => m.Contains(marker, StringComparison.Ordinal));
        var emf = messages.FindIndex(m => m.Contains("\"_aws\"", StringComparison.Ordinal) && m.Contains(ns, StringComparison.Ordinal));
        var end = messages.FindIndex(m => m.StartsWith("END RequestId:", StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, "the platform writes START: {0}", string.Join('\n', messages));
        line.Should().BeGreaterThan(start).And.BeLessThan(emf);
        end.Should().BeGreaterThan(emf);
        tail.Should().Contain(marker, "the invocation's own lines are in its X-Amz-Log-Result tail too");

        var cloudWatch = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
        var metrics = await cloudWatch.OkAsync("ListMetrics", new JsonObject { ["Namespace"] = ns }, Ct);
        metrics["Metrics"]!.AsArray().Select(m => m!["MetricName"]!.GetValue<string>()).Should().Equal("HandlerSuccess");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var data = await cloudWatch.OkAsync("GetMetricData", new JsonObject
        {
            ["StartTime"] = now - 600,
            ["EndTime"] = now + 600,
            ["MetricDataQueries"] = new JsonArray(new JsonObject
            {
                ["Id"] = "ok",
                ["MetricStat"] = new JsonObject
                {
                    ["Metric"] = new JsonObject { ["Namespace"] = ns, ["MetricName"] = "HandlerSuccess" },
                    ["Period"] = 60,
                    ["Stat"] = "Sum",
                },
            }),
        }, Ct);
        data["MetricDataResults"]![0]!["Values"]!.AsArray().Sum(v => v!.GetValue<double>()).Should().Be(1);

        var cli = await AwsCli.RunAsync(emulator.BaseUrl, "logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", $"\"{marker}\"");
        cli.ExitCode.Should().Be(0, cli.Error);
        cli.Json["events"]!.AsArray().Should().ContainSingle().Which!["logStreamName"]!.GetValue<string>().Should().Be(stream);
        var listed = await AwsCli.RunAsync(emulator.BaseUrl, "cloudwatch", "list-metrics", "--namespace", ns);
        listed.ExitCode.Should().Be(0, listed.Error);
        listed.Json["Metrics"]!.AsArray().Should().ContainSingle().Which!["MetricName"]!.GetValue<string>().Should().Be("HandlerSuccess");
    }

    [Fact]
    public async Task Invoke_AttachedFunctionThrows_ItsLinesAndTheRuntimesErrorLineAreLogged()
    {
        var name = Name("attached-error");
        var marker = $"before-failing-{Guid.NewGuid():N}";
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) =>
        {
            InvocationOutput.Error.WriteLine(marker);
            throw new InvalidOperationException("asked to fail");
        }, collectOutput: true);

        var (response, _, tail) = await InvokeAsync(_lambda, name, "{}");

        response.FunctionError.Should().Be("Unhandled");
        var lines = tail.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("START RequestId:", StringComparison.Ordinal));
        var own = Array.FindIndex(lines, l => l == marker);
        var error = Array.FindIndex(lines, l => l.Contains("\tERROR\tInvalidOperationException: asked to fail", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.StartsWith("END RequestId:", StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, tail);
        own.Should().BeGreaterThan(start, tail);
        error.Should().BeGreaterThan(own, tail);
        end.Should().BeGreaterThan(error, tail);
    }

    [Fact]
    public async Task Invoke_AttachedWithoutCollecting_LogsOnlyThePlatformLines()
    {
        var name = Name("attached-quiet");
        var marker = $"not-collected-{Guid.NewGuid():N}";
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) =>
        {
            InvocationOutput.Out.WriteLine(marker);
            return "{}";
        });

        var (_, _, tail) = await InvokeAsync(_lambda, name, "{}");

        tail.Should().Contain("START RequestId:").And.NotContain(marker);
    }

    [Fact]
    public async Task RuntimeApi_MalformedLogLength_Answers400()
    {
        var name = Name("attached-bad-header");
        await CreateShellFunctionAsync(_lambda, name);
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        using var attached = await http.PostAsync($"/_sesmail/lambda/runtimes/{EmulatorFixture.Region}/{name}", null, Ct);
        var runtimeApi = JsonNode.Parse(await attached.Content.ReadAsStringAsync(Ct))!["RuntimeApi"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{runtimeApi}/2018-06-01/runtime/invocation/unknown/response")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("short")),
        };
        request.Headers.TryAddWithoutValidation(RuntimeApiClient.LogLengthHeader, "100");

        using var answer = await http.SendAsync(request, Ct);

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await answer.Content.ReadAsStringAsync(Ct)).Should().Contain("shorter than its SesMail-Function-Log-Length");
        await http.DeleteAsync($"/_sesmail/lambda/runtimes/{EmulatorFixture.Region}/{name}", Ct);
    }
}
