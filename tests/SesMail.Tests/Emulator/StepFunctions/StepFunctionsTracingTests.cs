using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using SesMail.LambdaRuntime;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>
/// Step Functions joins the caller's trace (docs/TRACING.md): <c>StartExecution</c>'s <c>traceHeader</c> parents the
/// execution's span, every state is a span under it, and a Task's function is invoked with that state's span as the
/// parent in <c>Lambda-Runtime-Trace-Id</c>, so the retry processor's steps sit in the same trace as what started them.
/// </summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StepFunctionsTracingTests(StepFunctionsEmulator emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartExecution_WithTraceHeader_ExecutionAndStatesAreSpansOfThatTrace_AndTheTaskCarriesItsState()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SesMail.Emulator",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var function = $"traced-{Guid.NewGuid():N}"[..20];
        emulator.Functions[function] = payload => (payload, null);
        var machine = $"traced-{Guid.NewGuid():N}"[..20];
        var arn = await emulator.CreateAsync(machine, """
            {"StartAt":"Prepare","States":{
              "Prepare":{"Type":"Pass","Result":{"n":1},"Next":"Invoke"},
              "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"FUNCTION","Payload.$":"$"},"End":true}}}
            """.Replace("FUNCTION", function, StringComparison.Ordinal));
        var caller = new XRayTraceHeader(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), true);

        var executionArn = (await emulator.Sfn.OkAsync("StartExecution", new JsonObject
        {
            ["stateMachineArn"] = arn,
            ["input"] = "{}",
            ["traceHeader"] = caller.ToString(),
        }, Token))["executionArn"]!.GetValue<string>();
        var described = await emulator.WaitEndedAsync(executionArn);

        described["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        var trace = spans.Where(s => s.TraceId == caller.TraceId).ToList();
        var execution = trace.Should().ContainSingle(s => s.DisplayName == $"{machine} execution").Subject;
        execution.ParentSpanId.Should().Be(caller.ParentId);
        execution.GetTagItem("aws.states.execution_arn").Should().Be(executionArn);
        execution.GetTagItem("aws.states.status").Should().Be("SUCCEEDED");
        var prepare = trace.Should().ContainSingle(s => s.DisplayName == "Prepare").Subject;
        var invoke = trace.Should().ContainSingle(s => s.DisplayName == "Invoke").Subject;
        prepare.ParentSpanId.Should().Be(execution.SpanId);
        invoke.ParentSpanId.Should().Be(execution.SpanId);
        invoke.GetTagItem("aws.states.state_type").Should().Be("Task");
        XRayTraceHeader.TryParse(emulator.TraceHeaders[function], out var seen).Should().BeTrue();
        seen.TraceId.Should().Be(caller.TraceId);
        seen.ParentId.Should().Be(invoke.SpanId, "the function's invocation is a child of the Task state's span");
    }

    [Fact]
    public async Task StartExecution_TracedMachineWithoutTraceHeader_ExecutionIsTheRootOfItsTrace_AndItsHeaderSaysSo()
    {
        var spans = new ConcurrentQueue<Activity>();
        var machine = $"rooted-{Guid.NewGuid():N}"[..20];
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SesMail.Emulator",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var arn = (await emulator.Sfn.OkAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = machine,
            ["definition"] = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""",
            ["roleArn"] = "arn:aws:iam::000000000000:role/sfn",
            ["tracingConfiguration"] = new JsonObject { ["enabled"] = true },
        }, Token))["stateMachineArn"]!.GetValue<string>();

        var executionArn = (await emulator.Sfn.OkAsync("StartExecution", new JsonObject { ["stateMachineArn"] = arn, ["input"] = "{}" }, Token))["executionArn"]!.GetValue<string>();
        var described = await emulator.WaitEndedAsync(executionArn);

        var execution = spans.Should().ContainSingle(s => s.DisplayName == $"{machine} execution").Subject;
        execution.ParentSpanId.Should().Be(default(ActivitySpanId), "no caller: the execution starts the trace, under no made-up parent");
        XRayTraceHeader.TryParse(described["traceHeader"]!.GetValue<string>(), out var header).Should().BeTrue(described.ToJsonString());
        header.TraceId.Should().Be(execution.TraceId);
        header.ParentId.Should().Be(execution.SpanId);
        header.Sampled.Should().Be(execution.Recorded, "the header carries the sampling decision made for the root");
    }
}
