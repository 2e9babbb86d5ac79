using System.Text.Json.Nodes;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>
/// Functions run out of process as Lambda runs them: a <c>provided.al2023</c> bootstrap pulling from the Runtime API,
/// reused while warm, killed on timeout and on memory overrun, with START/END/REPORT (Init Duration on cold starts).
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class LambdaExecutionTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonLambdaClient _lambda = Client(emulator);

    public void Dispose() => _lambda.Dispose();

    [Fact]
    public async Task Invoke_ColdThenWarm_ReusesTheProcessAndReportsInitDurationOnlyWhenCold()
    {
        var name = Name("exec-warm");
        await CreateShellFunctionAsync(_lambda, name);

        var (cold, coldPayload, coldLog) = await InvokeAsync(_lambda, name, """{"n":1}""");
        var (_, warmPayload, warmLog) = await InvokeAsync(_lambda, name, """{"n":2}""");

        cold.FunctionError.Should().BeNull(coldPayload);
        cold.ExecutedVersion.Should().Be("$LATEST");
        var first = JsonNode.Parse(coldPayload)!;
        var second = JsonNode.Parse(warmPayload)!;
        first["event"]!["n"]!.GetValue<int>().Should().Be(1);
        second["pid"]!.GetValue<int>().Should().Be(first["pid"]!.GetValue<int>(), "a warm environment is reused");
        second["count"]!.GetValue<int>().Should().Be(2);
        coldLog.Should().MatchRegex(@"START RequestId: [0-9a-f-]{36} Version: \$LATEST");
        coldLog.Should().Contain("handling ");
        coldLog.Should().MatchRegex(@"REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [0-9.]+ ms");
        warmLog.Should().Contain("REPORT RequestId").And.NotContain("Init Duration");
    }

    [Fact]
    public async Task Invoke_Concurrently_StartsASecondEnvironmentWhenTheFirstIsBusy()
    {
        var name = Name("exec-scale");
        await CreateShellFunctionAsync(_lambda, name);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => InvokeAsync(_lambda, name, $$"""{"n":{{i}}}""")));

        results.Select(r => JsonNode.Parse(r.Payload)!["pid"]!.GetValue<int>()).Distinct().Should().HaveCountGreaterThan(1, "busy environments are not shared");
    }

    [Fact]
    public async Task Invoke_PastTimeout_AnswersSandboxTimedoutAndEndsTheEnvironment()
    {
        var name = Name("exec-timeout");
        await CreateShellFunctionAsync(_lambda, name, timeout: 1);

        var (response, payload, log) = await InvokeAsync(_lambda, name, """{"do":"sleep"}""");
        var (after, afterPayload, afterLog) = await InvokeAsync(_lambda, name, """{"n":1}""");

        response.FunctionError.Should().Be("Unhandled");
        var error = JsonNode.Parse(payload)!;
        error["errorType"]!.GetValue<string>().Should().Be("Sandbox.Timedout");
        error["errorMessage"]!.GetValue<string>().Should().EndWith("Task timed out after 1.00 seconds");
        log.Should().Contain("Task timed out after 1.00 seconds").And.Contain("Status: timeout");
        after.FunctionError.Should().BeNull(afterPayload);
        afterLog.Should().Contain("Init Duration", "the timed-out environment was shut down, so the next one starts cold");
    }

    [Fact]
    public async Task Invoke_OverMemorySize_IsKilledAndReportedAsOutOfMemory()
    {
        var name = Name("exec-oom");
        await CreateShellFunctionAsync(_lambda, name, timeout: 30, memory: 128);

        var (response, payload, log) = await InvokeAsync(_lambda, name, """{"do":"oom"}""");

        response.FunctionError.Should().Be("Unhandled");
        var error = JsonNode.Parse(payload)!;
        error["errorType"]!.GetValue<string>().Should().Be("Runtime.OutOfMemory");
        error["errorMessage"]!.GetValue<string>().Should().EndWith("Error: Runtime exited with error: signal: killed");
        log.Should().Contain("Runtime exited with error: signal: killed").And.Contain("Error Type: Runtime.OutOfMemory");
    }

    [Fact]
    public async Task Invoke_FunctionErrorAndExit_AreUnhandledWithTheRuntimesDocument()
    {
        var name = Name("exec-fail");
        await CreateShellFunctionAsync(_lambda, name);

        var (failed, failedPayload, _) = await InvokeAsync(_lambda, name, """{"do":"fail"}""");
        var (exited, exitedPayload, _) = await InvokeAsync(_lambda, name, """{"do":"exit"}""");

        failed.FunctionError.Should().Be("Unhandled");
        JsonNode.Parse(failedPayload)!["errorType"]!.GetValue<string>().Should().Be("Custom.Failure");
        exited.FunctionError.Should().Be("Unhandled");
        var exit = JsonNode.Parse(exitedPayload)!;
        exit["errorType"]!.GetValue<string>().Should().Be("Runtime.ExitError");
        exit["errorMessage"]!.GetValue<string>().Should().EndWith("Runtime exited with error: exit status 3");
    }

    [Fact]
    public async Task Invoke_Environment_CarriesRoleCredentialsAndContinuesTheGivenTrace()
    {
        var name = Name("exec-env");
        var arn = await CreateShellFunctionAsync(_lambda, name);
        var invoker = emulator.Services.GetService(typeof(SesMail.Emulator.Lambda.ILambdaInvoker)) as SesMail.Emulator.Lambda.ILambdaInvoker;
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

        var result = await invoker!.InvokeAsync(new SesMail.Emulator.Lambda.LambdaInvocationRequest(arn, """{"via":"seam"}"""u8.ToArray(), TraceHeader: trace), TestContext.Current.CancellationToken);

        result.StatusCode.Should().Be(200);
        var payload = JsonNode.Parse(result.Payload.Span)!;
        SesMail.LambdaRuntime.XRayTraceHeader.TryParse(payload["trace"]!.GetValue<string>(), out var given).Should().BeTrue();
        given.XRayTraceId.Should().Be("1-5759e988-bd862e3fe1be46a994272793", "the invocation continues the caller's trace");
        given.Sampled.Should().BeTrue();
        given.HasParent.Should().BeTrue("the parent is the Lambda service's span of this invocation, or the caller's when nothing records spans");
        payload["key"]!.GetValue<string>().Should().StartWith("ASIA", "each environment runs with credentials from STS AssumeRole on the function's role");
    }
}
