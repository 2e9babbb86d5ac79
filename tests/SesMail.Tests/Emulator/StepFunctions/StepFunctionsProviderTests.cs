using System.Net;
using System.Text.Json.Nodes;

namespace SesMail.Tests.Emulator.StepFunctions;

/// <summary>The Step Functions API over HTTP (JSON 1.0, <c>X-Amz-Target: AWSStepFunctions.*</c>).</summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StepFunctionsProviderTests(StepFunctionsEmulator emulator)
{
    private const string HelloWorld = """{"Comment":"A Hello World example","StartAt":"Hello","States":{"Hello":{"Type":"Pass","Result":"Hello World!","ResultPath":"$.greeting","End":true}}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task CreateStateMachine_ThenDescribeListUpdateDelete_ManagesIt()
    {
        var name = Unique("hello");
        var arn = await emulator.CreateAsync(name, HelloWorld);
        var again = await emulator.CreateAsync(name, HelloWorld);
        var described = await emulator.Sfn.OkAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = arn }, Token);
        var listed = await emulator.Sfn.OkAsync("ListStateMachines", [], Token);
        await emulator.Sfn.OkAsync("UpdateStateMachine", new JsonObject { ["stateMachineArn"] = arn, ["definition"] = HelloWorld.Replace("Hello World!", "Hi", StringComparison.Ordinal) }, Token);
        var updated = await emulator.Sfn.OkAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = arn }, Token);
        var conflict = await emulator.Sfn.CallAsync("CreateStateMachine", new JsonObject { ["name"] = name, ["definition"] = HelloWorld, ["roleArn"] = "arn:aws:iam::000000000000:role/other" }, Token);
        await emulator.Sfn.OkAsync("DeleteStateMachine", new JsonObject { ["stateMachineArn"] = arn }, Token);
        var gone = await emulator.Sfn.CallAsync("DescribeStateMachine", new JsonObject { ["stateMachineArn"] = arn }, Token);

        arn.Should().Be($"arn:aws:states:ap-southeast-2:000000000000:stateMachine:{name}");
        again.Should().Be(arn);
        described["status"]!.GetValue<string>().Should().Be("ACTIVE");
        described["type"]!.GetValue<string>().Should().Be("STANDARD");
        described["definition"]!.GetValue<string>().Should().Be(HelloWorld);
        listed["stateMachines"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).Should().Contain(name);
        updated["definition"]!.GetValue<string>().Should().Contain("\"Hi\"");
        conflict.Body["__type"]!.GetValue<string>().Should().EndWith("#StateMachineAlreadyExists");
        gone.Status.Should().Be(HttpStatusCode.BadRequest);
        gone.Body["__type"]!.GetValue<string>().Should().EndWith("#StateMachineDoesNotExist");
    }

    [Theory]
    [InlineData("bad name", HelloWorld, "InvalidName")]
    [InlineData("ok", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}""", "InvalidDefinition")]
    [InlineData("ok", "not json", "InvalidDefinition")]
    public async Task CreateStateMachine_InvalidInput_AnswersAwsError(string name, string definition, string code)
    {
        var (status, body) = await emulator.Sfn.CallAsync("CreateStateMachine", new JsonObject { ["name"] = name, ["definition"] = definition, ["roleArn"] = "arn:aws:iam::000000000000:role/sfn" }, Token);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith($"#{code}");
    }

    [Fact]
    public async Task DescribeExecution_MalformedOrUnknownArn_AnswersInvalidArnOrExecutionDoesNotExist()
    {
        var malformed = await emulator.Sfn.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = "nope" }, Token);
        var unknown = await emulator.Sfn.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = "arn:aws:states:ap-southeast-2:000000000000:execution:none:none" }, Token);

        malformed.Body["__type"]!.GetValue<string>().Should().EndWith("#InvalidArn");
        unknown.Body["__type"]!.GetValue<string>().Should().EndWith("#ExecutionDoesNotExist");
    }

    [Fact]
    public async Task StartExecution_HelloWorld_SucceedsWithHistoryNamedAsAws()
    {
        var arn = await emulator.CreateAsync(Unique("hello"), HelloWorld);

        var described = await emulator.RunAsync(arn, """{"who":"me"}""", name: "first");
        var history = await emulator.HistoryAsync(described["executionArn"]!.GetValue<string>());
        var listed = await emulator.Sfn.OkAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = arn, ["statusFilter"] = "SUCCEEDED" }, Token);

        described["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        JsonNode.Parse(described["output"]!.GetValue<string>())!.ToJsonString().Should().Be("""{"who":"me","greeting":"Hello World!"}""");
        history.Select(e => e["type"]!.GetValue<string>()).Should().Equal("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        history.Select(e => e["id"]!.GetValue<long>()).Should().Equal(1, 2, 3, 4);
        history.Select(e => e["previousEventId"]!.GetValue<long>()).Should().Equal(0, 1, 2, 3);
        history[1]["stateEnteredEventDetails"]!["name"]!.GetValue<string>().Should().Be("Hello");
        listed["executions"]!.AsArray().Single()!["name"]!.GetValue<string>().Should().Be("first");
    }

    [Fact]
    public async Task StartExecution_SameNameOtherInput_AnswersExecutionAlreadyExists()
    {
        var arn = await emulator.CreateAsync(Unique("dup"), HelloWorld);
        await emulator.RunAsync(arn, "{}", name: "once");

        var (status, body) = await emulator.Sfn.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = arn, ["name"] = "once", ["input"] = """{"other":1}""" }, Token);
        var badInput = await emulator.Sfn.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = arn, ["input"] = "{nope" }, Token);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("#ExecutionAlreadyExists");
        badInput.Body["__type"]!.GetValue<string>().Should().EndWith("#InvalidExecutionInput");
    }

    [Fact]
    public async Task StopExecution_WhileWaiting_EndsAbortedWithErrorAndCause()
    {
        var arn = await emulator.CreateAsync(Unique("wait"), """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""");
        var execution = (await emulator.Sfn.OkAsync("StartExecution", new JsonObject { ["stateMachineArn"] = arn }, Token))["executionArn"]!.GetValue<string>();

        await emulator.Sfn.OkAsync("StopExecution", new JsonObject { ["executionArn"] = execution, ["error"] = "Operator.Stop", ["cause"] = "not needed" }, Token);
        var described = await emulator.WaitEndedAsync(execution);
        var history = await emulator.HistoryAsync(execution);

        described["status"]!.GetValue<string>().Should().Be("ABORTED");
        described["error"]!.GetValue<string>().Should().Be("Operator.Stop");
        history.Last()["type"]!.GetValue<string>().Should().Be("ExecutionAborted");
        history.Last()["executionAbortedEventDetails"]!["cause"]!.GetValue<string>().Should().Be("not needed");
    }

    [Fact]
    public async Task ValidateStateMachineDefinition_ReportsDiagnostics()
    {
        var ok = await emulator.Sfn.OkAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = HelloWorld }, Token);
        var fail = await emulator.Sfn.OkAsync("ValidateStateMachineDefinition", new JsonObject { ["definition"] = """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Next":"B"}}}""" }, Token);

        ok["result"]!.GetValue<string>().Should().Be("OK");
        ok["diagnostics"]!.AsArray().Should().BeEmpty();
        fail["result"]!.GetValue<string>().Should().Be("FAIL");
        var codes = fail["diagnostics"]!.AsArray().Select(d => (d!["code"]!.GetValue<string>(), d["location"]?.GetValue<string>())).ToList();
        codes.Should().Contain(("MISSING_TRANSITION_TARGET", "/States/A/Next"));
        codes.Should().Contain(("SCHEMA_VALIDATION_FAILED", "/States/A/Resource"));
    }

    [Fact]
    public async Task LambdaInvokeTask_CallsTheFunctionThroughTheInvoker_AndRecordsTaskEvents()
    {
        var function = Unique("fn");
        emulator.Functions[function] = payload => (new JsonObject { ["doubled"] = payload!["n"]!.GetValue<int>() * 2 }, null);
        var arn = await emulator.CreateAsync(Unique("lambda"), """
            {"StartAt":"Invoke","States":{"Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"FUNCTION","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}}
            """.Replace("FUNCTION", function, StringComparison.Ordinal));

        var described = await emulator.RunAsync(arn, """{"n":21}""");
        var history = await emulator.HistoryAsync(described["executionArn"]!.GetValue<string>());

        described["output"]!.GetValue<string>().Should().Be("""{"doubled":42}""");
        history.Select(e => e["type"]!.GetValue<string>()).Should().Equal(
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        var scheduled = history[2]["taskScheduledEventDetails"]!;
        scheduled["resourceType"]!.GetValue<string>().Should().Be("lambda");
        scheduled["resource"]!.GetValue<string>().Should().Be("invoke");
        scheduled["region"]!.GetValue<string>().Should().Be("ap-southeast-2");
    }

    [Fact]
    public async Task LambdaFunctionArnTask_FunctionError_FailsWithTheErrorType()
    {
        var function = Unique("fails");
        emulator.Functions[function] = _ => (new JsonObject { ["errorType"] = "TokenExpired", ["errorMessage"] = "invalid_grant" }, "Unhandled");
        var arn = await emulator.CreateAsync(Unique("legacy"), """
            {"StartAt":"Invoke","States":{"Invoke":{"Type":"Task","Resource":"arn:aws:lambda:ap-southeast-2:000000000000:function:FUNCTION","End":true}}}
            """.Replace("FUNCTION", function, StringComparison.Ordinal));

        var described = await emulator.RunAsync(arn, "{}");
        var history = await emulator.HistoryAsync(described["executionArn"]!.GetValue<string>());

        described["status"]!.GetValue<string>().Should().Be("FAILED");
        described["error"]!.GetValue<string>().Should().Be("TokenExpired");
        history.Select(e => e["type"]!.GetValue<string>()).Should().Contain(["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed"]);
    }

    [Fact]
    public async Task AwsSdkTask_SqsSendAndReceive_CallsTheEmulatorsOwnQueue_AndNamesServiceErrors()
    {
        var queue = Unique("q");
        var queueUrl = (await emulator.Sqs.OkAsync("CreateQueue", new JsonObject { ["QueueName"] = queue }, Token))["QueueUrl"]!.GetValue<string>();
        var arn = await emulator.CreateAsync(Unique("sdk"), """
            {"StartAt":"Send","States":{
              "Send":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sqs:sendMessage","Parameters":{"QueueUrl.$":"$.url","MessageBody.$":"States.JsonToString($.body)"},"ResultPath":"$.sent","Next":"Receive"},
              "Receive":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sqs:receiveMessage","Parameters":{"QueueUrl.$":"$.url","MaxNumberOfMessages":10},
                "ResultSelector":{"bodies.$":"$.Messages[*].Body"},"Next":"Missing"},
              "Missing":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sqs:getQueueUrl","Parameters":{"QueueName":"no-such-queue-anywhere"},
                "Catch":[{"ErrorEquals":["Sqs.QueueDoesNotExistException"],"ResultPath":"$.caught","Next":"Done"}],"End":true},
              "Done":{"Type":"Succeed"}}}
            """);

        var described = await emulator.RunAsync(arn, new JsonObject { ["url"] = queueUrl, ["body"] = new JsonObject { ["hello"] = "queue" } }.ToJsonString());

        described["status"]!.GetValue<string>().Should().Be("SUCCEEDED", described["cause"]?.ToString());
        var output = JsonNode.Parse(described["output"]!.GetValue<string>())!;
        output["bodies"]![0]!.GetValue<string>().Should().Be("""{"hello":"queue"}""");
        output["caught"]!["Error"]!.GetValue<string>().Should().Be("Sqs.QueueDoesNotExistException");
    }

    [Fact]
    public async Task StartSyncExecution_Express_ReturnsTheOutput_AndStandardIsRefused()
    {
        var express = await emulator.CreateAsync(Unique("express"), HelloWorld, type: "EXPRESS");
        var standard = await emulator.CreateAsync(Unique("standard"), HelloWorld);

        var result = await emulator.Sfn.OkAsync("StartSyncExecution", new JsonObject { ["stateMachineArn"] = express, ["input"] = "{}" }, Token);
        var refused = await emulator.Sfn.CallAsync("StartSyncExecution", new JsonObject { ["stateMachineArn"] = standard }, Token);

        result["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        result["output"]!.GetValue<string>().Should().Be("""{"greeting":"Hello World!"}""");
        result["executionArn"]!.GetValue<string>().Should().Contain(":express:");
        refused.Body["__type"]!.GetValue<string>().Should().EndWith("#StateMachineTypeNotSupported");
    }

    [Fact]
    public async Task Execution_PublishesAwsStatesMetrics_AndWritesTheExecutionLog()
    {
        var logging = new JsonObject
        {
            ["level"] = "ALL",
            ["includeExecutionData"] = true,
            ["destinations"] = new JsonArray(new JsonObject { ["cloudWatchLogsLogGroup"] = new JsonObject { ["logGroupArn"] = "arn:aws:logs:ap-southeast-2:000000000000:log-group:/aws/states/metrics-test:*" } }),
        };
        var arn = await emulator.CreateAsync(Unique("metrics"), """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"on purpose"}}}""", logging: logging);

        var described = await emulator.RunAsync(arn, "{}");
        var dimension = ("StateMachineArn", arn);
        var started = await emulator.StatisticsAsync(s => s.SampleCount > 0, "AWS/States", "ExecutionsStarted", dimension);
        var failed = await emulator.StatisticsAsync(s => s.SampleCount > 0, "AWS/States", "ExecutionsFailed", dimension);
        var time = await emulator.StatisticsAsync(s => s.SampleCount > 0, "AWS/States", "ExecutionTime", dimension);
        var succeeded = await emulator.StatisticsAsync("AWS/States", "ExecutionsSucceeded", dimension);

        described["status"]!.GetValue<string>().Should().Be("FAILED");
        started.Sum.Should().Be(1, "CloudWatch holds the AWS/States metrics of the state machine, in its region");
        failed.Sum.Should().Be(1);
        time.Unit.Should().Be("Milliseconds");
        succeeded.SampleCount.Should().Be(0);
        var lines = emulator.Logs.Where(l => l.Group == "/aws/states/metrics-test").Select(l => JsonNode.Parse(l.Message)!).ToList();
        lines.Select(l => l["type"]!.GetValue<string>()).Should().Equal("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
        lines[^1]["details"]!["error"]!.GetValue<string>().Should().Be("Boom");
        lines[^1]["execution_arn"]!.GetValue<string>().Should().Be(described["executionArn"]!.GetValue<string>());
    }
}
