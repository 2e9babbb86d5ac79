using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>Retry and Catch, task timeouts and Wait, on a fake clock (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).</summary>
[Trait("Kind", "Unit")]
public sealed class AslErrorHandlingTests
{
    private readonly AslHarness _asl = new();

    [Fact]
    public async Task Retry_IntervalAndBackoff_WaitOnTheClockBetweenAttempts()
    {
        _asl.Tasks.Handler = (_, _) => _asl.Tasks.Calls.Count < 3
            ? throw new AslRuntimeException("Lambda.ServiceException", "try again")
            : Task.FromResult<JsonNode?>(JsonValue.Create("done"));

        var run = _asl.StartAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
              "Retry":[{"ErrorEquals":["Lambda.ServiceException"],"IntervalSeconds":3,"BackoffRate":2,"MaxAttempts":3}],"End":true}}}
            """);
        await _asl.WaitForTimersAsync(1);
        _asl.Clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var afterTooShort = _asl.Tasks.Calls.Count;
        _asl.Clock.Advance(TimeSpan.FromSeconds(0.1));
        await _asl.WaitForTimersAsync(2);
        var afterFirstRetry = _asl.Tasks.Calls.Count;
        _asl.Clock.Advance(TimeSpan.FromSeconds(5.9));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var afterSecondTooShort = _asl.Tasks.Calls.Count;
        _asl.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        afterTooShort.Should().Be(1);
        afterFirstRetry.Should().Be(2);
        afterSecondTooShort.Should().Be(2);
        outcome.Status.Should().Be("SUCCEEDED");
        _asl.Tasks.Calls.Should().HaveCount(3);
    }

    [Fact]
    public async Task Retry_ExhaustedThenCatch_ErrorOutputGoesToResultPath()
    {
        _asl.Tasks.Handler = (_, _) => throw new AslRuntimeException("CustomError", "This is a custom error!");

        var run = _asl.StartAsync("""
            {"StartAt":"CreateAccount","States":{
              "CreateAccount":{"Type":"Task","Resource":"arn:aws:lambda:ap-southeast-2:000000000000:function:FailFunction",
                "Retry":[{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":1,"MaxAttempts":2,"BackoffRate":1}],
                "Catch":[{"ErrorEquals":["CustomError"],"ResultPath":"$.error","Next":"CustomErrorFallback"},{"ErrorEquals":["States.ALL"],"Next":"CatchAll"}],"End":true},
              "CustomErrorFallback":{"Type":"Pass","End":true},
              "CatchAll":{"Type":"Pass","Result":"all","End":true}}}
            """, """{"account":"a"}""");
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await _asl.WaitForTimersAsync(attempt);
            _asl.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        _asl.Tasks.Calls.Should().HaveCount(3);
        JsonNode.DeepEquals(outcome.Output, JsonNode.Parse("""{"account":"a","error":{"Error":"CustomError","Cause":"This is a custom error!"}}""")).Should().BeTrue(outcome.Output?.ToJsonString());
        _asl.Listener.Types.Count(t => t == "LambdaFunctionFailed").Should().Be(3);
    }

    [Fact]
    public async Task Retry_MaxDelayAndFullJitter_NeverWaitLongerThanTheCap()
    {
        _asl.Tasks.Handler = (_, _) => _asl.Tasks.Calls.Count < 3 ? throw new AslRuntimeException("Busy", "busy") : Task.FromResult<JsonNode?>(null);

        var run = _asl.StartAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sqs:listQueues",
              "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":10,"BackoffRate":10,"MaxDelaySeconds":15,"JitterStrategy":"FULL","MaxAttempts":5}],"End":true}}}
            """, seed: 7);
        await _asl.WaitForTimersAsync(1);
        _asl.Clock.Advance(TimeSpan.FromSeconds(10)); // first delay is at most 10 s (jittered)
        await _asl.WaitForTimersAsync(2);
        _asl.Clock.Advance(TimeSpan.FromSeconds(15)); // 100 s capped to 15 s, jittered below that
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        outcome.Status.Should().Be("SUCCEEDED");
    }

    [Fact]
    public async Task StatesAll_DoesNotCatchStatesRuntime()
    {
        var outcome = await _asl.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.missing"},
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Succeed"}}}
            """);

        outcome.Status.Should().Be("FAILED");
        outcome.Error.Should().Be("States.Runtime");
    }

    [Fact]
    public async Task TimeoutSeconds_TaskTooSlow_FailsWithStatesTimeoutThatCatchHandles()
    {
        _asl.Tasks.Handler = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };

        var run = _asl.StartAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"slow"},"TimeoutSeconds":60,
              "Catch":[{"ErrorEquals":["States.Timeout"],"Next":"TimedOut"}],"End":true},"TimedOut":{"Type":"Pass","Result":"timed out","End":true}}}
            """);
        await _asl.WaitForTimersAsync(1);
        _asl.Clock.Advance(TimeSpan.FromSeconds(60));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        outcome.Output!.GetValue<string>().Should().Be("timed out");
        _asl.Listener.Types.Should().Contain("TaskTimedOut");
    }

    [Fact]
    public async Task HeartbeatSeconds_NoHeartbeat_FailsWithHeartbeatTimeout()
    {
        _asl.Tasks.Handler = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };

        var run = _asl.StartAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"slow"},"TimeoutSeconds":300,"HeartbeatSeconds":30,"End":true}}}
            """);
        await _asl.WaitForTimersAsync(1);
        _asl.Clock.Advance(TimeSpan.FromSeconds(30));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        outcome.Error.Should().Be("States.HeartbeatTimeout");
    }

    [Fact]
    public async Task Wait_SecondsPathAndTimestampPath_WaitOnTheClock()
    {
        var run = _asl.StartAsync("""
            {"StartAt":"W1","States":{
              "W1":{"Type":"Wait","SecondsPath":"$.delay","Next":"W2"},
              "W2":{"Type":"Wait","TimestampPath":"$.until","End":true}}}
            """, """{"delay":10,"until":"2026-03-14T02:30:00Z"}""");
        await _asl.WaitForTimersAsync(1);
        _asl.Clock.Advance(TimeSpan.FromSeconds(10));
        await _asl.WaitForTimersAsync(2);
        var deadline = _asl.Listener.LastCheckpoint!.WaitUntil;
        _asl.Clock.Advance(TimeSpan.FromMinutes(31));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        deadline.Should().Be(DateTimeOffset.Parse("2026-03-14T02:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        outcome.Status.Should().Be("SUCCEEDED");
    }

    [Fact]
    public async Task ExecutionTimeoutSeconds_Exceeded_EndsTimedOut()
    {
        var run = _asl.StartAsync("""{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""");
        await _asl.WaitForTimersAsync(2); // the execution's timeout and the Wait
        _asl.Clock.Advance(TimeSpan.FromSeconds(5));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        outcome.Status.Should().Be("TIMED_OUT");
        outcome.Error.Should().Be("States.Timeout");
    }
}
