using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Protocols;
using SesMail.Tests.Emulator.StepFunctions;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>EventBridge schedule expressions and the scheduler that fires their targets, on a fake clock.</summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Unit")]
public sealed class ScheduleTests(StepFunctionsEmulator emulator)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 13, 23, 59, 30, TimeSpan.Zero); // a Friday

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AwsJsonClient Events => new(emulator.BaseUrl, "AWSEvents", "1.1", "events");

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Theory]
    [InlineData("rate(1 minute)", "2026-03-14T00:00:30Z")]
    [InlineData("rate(5 minutes)", "2026-03-14T00:04:30Z")]
    [InlineData("rate(2 hours)", "2026-03-14T01:59:30Z")]
    [InlineData("cron(0 12 * * ? *)", "2026-03-14T12:00:00Z")]
    [InlineData("cron(0/15 * ? * MON-FRI *)", "2026-03-16T00:00:00Z")]
    [InlineData("cron(0 8 ? * 2#1 *)", "2026-04-06T08:00:00Z")]
    [InlineData("cron(0 18 ? * 6L 2026)", "2026-03-27T18:00:00Z")]
    [InlineData("cron(0 0 1 1 ? 2028)", "2028-01-01T00:00:00Z")]
    public void Next_AwsExpression_FiresWhenAwsWould(string text, string expected)
    {
        ScheduleExpression.TryParse(text, out var expression, out var error).Should().BeTrue(error);

        expression!.Next(T0).Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(5 seconds)")]
    [InlineData("cron(0 12 * * * *)")]
    [InlineData("cron(0 12 * * ?)")]
    [InlineData("cron(0 12 ? * 8 *)")]
    public void TryParse_InvalidExpression_IsRefused(string text)
    {
        ScheduleExpression.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task PutRule_InvalidSchedule_AnswersValidationException()
    {
        var (status, body) = await Events.CallAsync("PutRule", new JsonObject { ["Name"] = Unique("bad"), ["ScheduleExpression"] = "rate(1 minutes)" }, Token);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("#ValidationException");
    }

    [Fact]
    public async Task RateOneMinute_FiresItsQueueTargetOnceAMinute_WithTheScheduledEvent()
    {
        var clock = new FakeTimeProvider(T0);
        var runner = Runner(clock);
        var (queueUrl, queueArn) = await QueueAsync(Unique("sched"));
        var rule = Unique("every-minute");
        var ruleArn = (await Events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["ScheduleExpression"] = "rate(1 minute)" }, Token))["RuleArn"]!.GetValue<string>();
        await Events.OkAsync("PutTargets", new JsonObject { ["Rule"] = rule, ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = queueArn }) }, Token);

        runner.FireDueRules(Token); // first seen now: fires at T0 + 1 min
        clock.Advance(TimeSpan.FromSeconds(59));
        runner.FireDueRules(Token);
        await AslHarness.WaitUntilAsync(() => runner.PendingDeliveries == 0, "deliveries finish");
        var beforeAMinute = await CountAsync(queueUrl);
        var counts = new List<int>();
        for (var minute = 1; minute <= 3; minute++)
        {
            clock.Advance(minute == 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1));
            runner.FireDueRules(Token);
            await AslHarness.WaitUntilAsync(() => runner.PendingDeliveries == 0, "deliveries finish");
            counts.Add(await CountAsync(queueUrl));
        }

        var message = (await emulator.Sqs.OkAsync("ReceiveMessage", new JsonObject { ["QueueUrl"] = queueUrl }, Token))["Messages"]![0]!["Body"]!.GetValue<string>();
        var evt = JsonNode.Parse(message)!;

        beforeAMinute.Should().Be(0);
        counts.Should().Equal(1, 2, 3);
        evt["source"]!.GetValue<string>().Should().Be("aws.events");
        evt["detail-type"]!.GetValue<string>().Should().Be("Scheduled Event");
        evt["resources"]![0]!.GetValue<string>().Should().Be(ruleArn);
        evt["detail"]!.ToJsonString().Should().Be("{}");
        evt["time"]!.GetValue<string>().Should().Be("2026-03-14T00:00:30Z");
    }

    [Fact]
    public async Task Schedule_StateMachineTarget_StartsAnExecutionWithTheTargetInput()
    {
        var clock = new FakeTimeProvider(T0);
        var runner = Runner(clock);
        var machine = await emulator.CreateAsync(Unique("scheduled"), """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""");
        var rule = Unique("sfn");
        await Events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["ScheduleExpression"] = "rate(5 minutes)" }, Token);
        await Events.OkAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["Targets"] = new JsonArray(new JsonObject
            {
                ["Id"] = "sm",
                ["Arn"] = machine,
                ["RoleArn"] = "arn:aws:iam::000000000000:role/events",
                ["InputTransformer"] = new JsonObject { ["InputPathsMap"] = new JsonObject { ["t"] = "$.time" }, ["InputTemplate"] = """{"firedAt":<t>,"source":"schedule"}""" },
            }),
        }, Token);

        runner.FireDueRules(Token);
        clock.Advance(TimeSpan.FromMinutes(5));
        runner.FireDueRules(Token);
        await AslHarness.WaitUntilAsync(() => runner.PendingDeliveries == 0, "deliveries finish");
        var executions = (await emulator.Sfn.OkAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = machine }, Token))["executions"]!.AsArray();
        var ended = await emulator.WaitEndedAsync(executions.Single()!["executionArn"]!.GetValue<string>());

        ended["input"]!.GetValue<string>().Should().Be("""{"firedAt":"2026-03-14T00:04:30Z","source":"schedule"}""");
    }

    [Fact]
    public async Task Schedule_FunctionKeepsFailing_RetriesAsConfiguredThenDeadLetters()
    {
        var clock = new FakeTimeProvider(T0);
        var runner = Runner(clock);
        var function = Unique("flaky");
        var calls = 0;
        emulator.Functions[function] = _ =>
        {
            Interlocked.Increment(ref calls);
            throw new AwsServiceException("ServiceException", "the runtime is down", HttpStatusCode.InternalServerError, senderFault: false);
        };
        var (dlqUrl, dlqArn) = await QueueAsync(Unique("sched-dlq"));
        var rule = Unique("fn");
        await Events.OkAsync("PutRule", new JsonObject { ["Name"] = rule, ["ScheduleExpression"] = "rate(1 hour)" }, Token);
        await Events.OkAsync("PutTargets", new JsonObject
        {
            ["Rule"] = rule,
            ["Targets"] = new JsonArray(new JsonObject
            {
                ["Id"] = "fn",
                ["Arn"] = $"arn:aws:lambda:ap-southeast-2:000000000000:function:{function}",
                ["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 2, ["MaximumEventAgeInSeconds"] = 300 },
                ["DeadLetterConfig"] = new JsonObject { ["Arn"] = dlqArn },
            }),
        }, Token);

        runner.FireDueRules(Token);
        clock.Advance(TimeSpan.FromHours(1));
        runner.FireDueRules(Token);
        for (var i = 0; i < 200 && runner.PendingDeliveries > 0; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // retry delays are 1 s, then 2 s
            await Task.Delay(10, Token);
        }

        await AslHarness.WaitUntilAsync(() => runner.PendingDeliveries == 0, "deliveries finish");
        var dead = (await emulator.Sqs.OkAsync("ReceiveMessage", new JsonObject { ["QueueUrl"] = dlqUrl, ["MessageAttributeNames"] = new JsonArray("All") }, Token))["Messages"]![0]!;

        calls.Should().Be(3, "one attempt and MaximumRetryAttempts = 2 retries");
        dead["MessageAttributes"]!["ERROR_CODE"]!["StringValue"]!.GetValue<string>().Should().Be("ServiceException");
        dead["MessageAttributes"]!["RULE_ARN"]!["StringValue"]!.GetValue<string>().Should().EndWith($":rule/{rule}");
        JsonNode.Parse(dead["Body"]!.GetValue<string>())!["detail-type"]!.GetValue<string>().Should().Be("Scheduled Event");
    }

    [Fact]
    public async Task ScheduledRule_ThroughTheAwsCli_IsStoredValidatedAndFires()
    {
        var clock = new FakeTimeProvider(T0);
        var runner = Runner(clock);
        var (queueUrl, queueArn) = await QueueAsync(Unique("cli-sched"));
        var rule = Unique("cli-rule");
        var target = new JsonArray(new JsonObject
        {
            ["Id"] = "q",
            ["Arn"] = queueArn,
            ["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = 2, ["MaximumEventAgeInSeconds"] = 300 },
        }).ToJsonString();

        var put = await AwsCli.RunAsync(emulator.BaseUrl, "events", "put-rule", "--name", rule, "--schedule-expression", "rate(1 minute)");
        var targets = await AwsCli.RunAsync(emulator.BaseUrl, "events", "put-targets", "--rule", rule, "--targets", target);
        var described = await AwsCli.RunAsync(emulator.BaseUrl, "events", "describe-rule", "--name", rule);
        var listed = await AwsCli.RunAsync(emulator.BaseUrl, "events", "list-targets-by-rule", "--rule", rule);
        var invalid = await AwsCli.RunAsync(emulator.BaseUrl, "events", "put-rule", "--name", Unique("cli-bad"), "--schedule-expression", "rate(5 seconds)");
        runner.FireDueRules(Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        runner.FireDueRules(Token);
        await AslHarness.WaitUntilAsync(() => runner.PendingDeliveries == 0, "deliveries finish");

        put.ExitCode.Should().Be(0, put.Error);
        put.Json["RuleArn"]!.GetValue<string>().Should().EndWith($":rule/{rule}");
        targets.Json["FailedEntryCount"]!.GetValue<int>().Should().Be(0);
        described.Json["ScheduleExpression"]!.GetValue<string>().Should().Be("rate(1 minute)");
        described.Json["State"]!.GetValue<string>().Should().Be("ENABLED");
        listed.Json["Targets"]![0]!["RetryPolicy"]!["MaximumEventAgeInSeconds"]!.GetValue<int>().Should().Be(300);
        invalid.ExitCode.Should().NotBe(0);
        invalid.Error.Should().Contain("ValidationException");
        (await CountAsync(queueUrl)).Should().Be(1, "the rule fires a minute after the scheduler first saw it");
    }

    private ScheduleRunner Runner(TimeProvider clock) => new(
        emulator.Services.GetRequiredService<EventBridgeStore>(), clock, emulator.Services, emulator.Services.GetRequiredService<EmulatorOptions>(), NullLogger<ScheduleRunner>.Instance);

    private async Task<(string Url, string Arn)> QueueAsync(string name)
    {
        var url = (await emulator.Sqs.OkAsync("CreateQueue", new JsonObject { ["QueueName"] = name }, Token))["QueueUrl"]!.GetValue<string>();
        return (url, $"arn:aws:sqs:ap-southeast-2:000000000000:{name}");
    }

    private async Task<int> CountAsync(string queueUrl) =>
        int.Parse((await emulator.Sqs.OkAsync("GetQueueAttributes", new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages") }, Token))["Attributes"]!["ApproximateNumberOfMessages"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
