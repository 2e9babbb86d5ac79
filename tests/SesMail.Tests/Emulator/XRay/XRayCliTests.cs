using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Cli.Hosting;
using SesMail.LambdaRuntime;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.XRay;

/// <summary>
/// The emulator's X-Ray through the AWS CLI (<c>aws xray put-trace-segments</c>, <c>get-trace-summaries</c>,
/// <c>batch-get-traces</c>), and <c>sesmail trace</c> printing a stored trace as a tree with timings.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class XRayCliTests(EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TraceSegments_WithCli_PutFoundByAnnotationAndFetched()
    {
        var header = XRayTraceHeader.NewRoot(DateTimeOffset.UtcNow, sampled: true);
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var document = Segment("cli-service", "70de5b6f19ff9a0a", null, header.XRayTraceId, now, now + 1, marker);

        var put = await CliJsonAsync("xray", "put-trace-segments", "--trace-segment-documents", document);
        var summaries = await CliJsonAsync("xray", "get-trace-summaries",
            "--start-time", (now - 60).ToString(CultureInfo.InvariantCulture), "--end-time", (now + 60).ToString(CultureInfo.InvariantCulture),
            "--filter-expression", $"annotation.sesmail_message_id = \"{marker}\"");
        var traces = await CliJsonAsync("xray", "batch-get-traces", "--trace-ids", header.XRayTraceId);
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "xray", "get-trace-summaries", "--start-time", "1", "--end-time", "2", "--filter-expression", "http.status = 500");

        put.GetProperty("UnprocessedTraceSegments").GetArrayLength().Should().Be(0);
        var summary = summaries.GetProperty("TraceSummaries").EnumerateArray().Should().ContainSingle().Subject;
        summary.GetProperty("Id").GetString().Should().Be(header.XRayTraceId);
        summary.GetProperty("Annotations").GetProperty("sesmail_message_id")[0].GetProperty("AnnotationValue").GetProperty("StringValue").GetString().Should().Be(marker);
        var trace = traces.GetProperty("Traces").EnumerateArray().Should().ContainSingle().Subject;
        JsonNode.Parse(trace.GetProperty("Segments")[0].GetProperty("Document").GetString()!)!["name"]!.GetValue<string>().Should().Be("cli-service");
        exit.Should().NotBe(0);
        error.Should().Contain("InvalidRequestException");
    }

    [Fact]
    public async Task SesmailTrace_StoredTrace_PrintsTheTreeWithTimings()
    {
        var header = XRayTraceHeader.NewRoot(DateTimeOffset.UtcNow, sampled: true);
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await CliJsonAsync("xray", "put-trace-segments", "--trace-segment-documents",
            Segment("smtp receive", "1111111111111111", null, header.XRayTraceId, now, now + 0.5, marker),
            Segment("route", "2222222222222222", "1111111111111111", header.XRayTraceId, now + 0.1, now + 0.15, marker),
            Segment("gmail import", "3333333333333333", "2222222222222222", header.XRayTraceId, now + 0.2, now + 0.45, marker));

        var (code, output, error) = await SesmailAsync("trace", marker);
        var (missing, _, missingError) = await SesmailAsync("trace", "no-such-message");

        code.Should().Be(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Contain(header.XRayTraceId).And.Contain("500 ms");
        var smtp = Array.FindIndex(lines, l => l.Contains("smtp receive", StringComparison.Ordinal));
        var route = Array.FindIndex(lines, l => l.Contains("route", StringComparison.Ordinal));
        var import = Array.FindIndex(lines, l => l.Contains("gmail import", StringComparison.Ordinal));
        (smtp < route && route < import).Should().BeTrue(output);
        lines[route].IndexOf("route", StringComparison.Ordinal).Should().BeGreaterThan(lines[smtp].IndexOf("smtp receive", StringComparison.Ordinal), "a child is indented under its parent");
        lines[import].Should().Contain("+200 ms").And.Contain("250 ms");
        missing.Should().Be(1);
        missingError.Should().Contain("no trace of message no-such-message");
    }

    private static string Segment(string name, string id, string? parent, string traceId, double start, double end, string marker)
    {
        var document = new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["trace_id"] = traceId,
            ["start_time"] = start,
            ["end_time"] = end,
            ["annotations"] = new JsonObject { ["sesmail_message_id"] = marker },
        };
        if (parent is not null)
        {
            document["parent_id"] = parent;
        }

        return document.ToJsonString();
    }

    private async Task<(int Code, string Out, string Error)> SesmailAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString(), "--region", EmulatorFixture.Region], CliConsole.ForText(output, error), Token);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<JsonElement> CliJsonAsync(params string[] args)
    {
        var (exit, output, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }
}
