using System.Text.Json.Nodes;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Emulator;
using SesMail.Tests.Emulator.StepFunctions;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Infrastructure;

/// <summary>
/// The template's recovery workflows provisioned into the emulator and run there: the retry processor (against a
/// stand-in forwarder behind the Lambda seam that reports chosen records as failed) and the token monitor.
/// </summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class RecoveryWorkflowTests(StepFunctionsEmulator emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<ResolvedStack> ProvisionAsync(string environment)
    {
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var provisioner = await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, clients, Token);
        var settings = new StackSettings(environment, "000000000000", EmulatorFixture.Region, new Dictionary<string, string> { ["RetryProcessorWaitSeconds"] = "0", ["FunctionRuntime"] = "dotnet10" });
        return await provisioner.ProvisionAsync(TemplateYamlTests.Load(), settings, Token);
    }

    [Fact]
    public async Task RetryProcessor_DrainsTheQueueInBatches_DeletingOnlyDeliveredRecords()
    {
        var stack = await ProvisionAsync("test");
        var queueUrl = stack.Outputs["RetryQueueUrl"];
        var forwarded = new List<string>();
        emulator.Functions["ses-mail-gmail-forwarder-test"] = evt =>
        {
            var record = evt!["Records"]![0]!;
            lock (forwarded)
            {
                forwarded.Add(record["body"]!.GetValue<string>());
            }

            var failures = record["body"]!.GetValue<string>().StartsWith("keep", StringComparison.Ordinal)
                ? new JsonArray(new JsonObject { ["itemIdentifier"] = record["messageId"]!.GetValue<string>() })
                : [];
            return (new JsonObject { ["batchItemFailures"] = failures }, null);
        };
        for (var i = 0; i < 23; i++)
        {
            await emulator.Sqs.OkAsync("SendMessage", new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MessageBody"] = i < 20 ? $"deliver-{i}" : $"keep-{i}",
                ["MessageAttributes"] = new JsonObject { ["attempt_count"] = new JsonObject { ["DataType"] = "Number", ["StringValue"] = "1" } },
            }, Token);
        }

        var machine = stack.Outputs["RetryProcessorStateMachineArn"];
        var completedBefore = (await emulator.StatisticsAsync("SESMail/test", "RetryProcessingCompleted")).Sum;
        var deliveredBefore = (await emulator.StatisticsAsync("SESMail/test", "RetryMessagesDelivered")).Sum;
        var keptBefore = (await emulator.StatisticsAsync("SESMail/test", "RetryMessagesKept")).Sum;
        var ended = await emulator.RunAsync(machine, "{}", name: "token-refresh-20260314-015900");
        var attributes = (await emulator.Sqs.OkAsync("GetQueueAttributes", new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("All") }, Token))["Attributes"]!;
        var history = await emulator.HistoryAsync(ended["executionArn"]!.GetValue<string>());

        ended["status"]!.GetValue<string>().Should().Be("SUCCEEDED", ended["cause"]?.ToString());
        JsonNode.Parse(ended["output"]!.GetValue<string>())!.ToJsonString().Should().Be("""{"batches":4,"delivered":20,"kept":3,"heldBack":0}""");
        forwarded.Should().HaveCount(23).And.OnlyHaveUniqueItems();
        attributes["ApproximateNumberOfMessages"]!.GetValue<string>().Should().Be("0");
        attributes["ApproximateNumberOfMessagesNotVisible"]!.GetValue<string>().Should().Be("3", "records the forwarder reported failed stay, invisible until their visibility timeout");
        history.Count(e => e["type"]!.GetValue<string>() == "TaskScheduled" && e["taskScheduledEventDetails"]!["resource"]!.GetValue<string>() == "deleteMessage").Should().Be(20);
        // The state machine's cloudwatch:putMetricData reaches the emulator's CloudWatch, as in AWS.
        (await emulator.StatisticsAsync("SESMail/test", "RetryProcessingCompleted")).Sum.Should().Be(completedBefore + 1);
        (await emulator.StatisticsAsync("SESMail/test", "RetryMessagesDelivered")).Sum.Should().Be(deliveredBefore + 20);
        (await emulator.StatisticsAsync("SESMail/test", "RetryMessagesKept")).Sum.Should().Be(keptBefore + 3);
        emulator.Logs.Should().Contain(l => l.Group == "/aws/states/ses-mail-gmail-forwarder-retry-processor-test");
    }

    /// <summary>
    /// <c>sesmail token refresh --account X</c> starts the processor with <c>{"account": X}</c>: only mail parked for X
    /// is replayed; the other accounts' mail is held back while it runs and visible again, untouched, when it ends.
    /// </summary>
    [Fact]
    public async Task RetryProcessor_ForOneAccount_ReplaysOnlyThatAccountsMailAndReleasesTheRest()
    {
        var stack = await ProvisionAsync("test");
        var queueUrl = stack.Outputs["RetryQueueUrl"];
        var forwarded = new List<string>();
        emulator.Functions["ses-mail-gmail-forwarder-test"] = evt =>
        {
            lock (forwarded)
            {
                forwarded.Add(evt!["Records"]![0]!["messageAttributes"]!["gmail_account"]!["stringValue"]!.GetValue<string>());
            }

            return (new JsonObject { ["batchItemFailures"] = new JsonArray() }, null);
        };
        foreach (var (body, account) in new[] { ("x-1", "x@example.test"), ("y-1", "y@example.test"), ("x-2", "X@Example.test"), ("y-2", "y@example.test") })
        {
            await emulator.Sqs.OkAsync("SendMessage", new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MessageBody"] = body,
                ["MessageAttributes"] = new JsonObject
                {
                    ["attempt_count"] = new JsonObject { ["DataType"] = "Number", ["StringValue"] = "1" },
                    ["gmail_account"] = new JsonObject { ["DataType"] = "String", ["StringValue"] = account },
                },
            }, Token);
        }

        var ended = await emulator.RunAsync(stack.Outputs["RetryProcessorStateMachineArn"], """{"account":"x@example.test"}""");
        var received = (await emulator.Sqs.OkAsync("ReceiveMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10 }, Token))["Messages"]!.AsArray();
        var left = received.Select(m => m!["Body"]!.GetValue<string>()).ToList();
        foreach (var message in received)
        {
            await emulator.Sqs.OkAsync("DeleteMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = message!["ReceiptHandle"]!.DeepClone() }, Token);
        }

        ended["status"]!.GetValue<string>().Should().Be("SUCCEEDED", ended["cause"]?.ToString());
        forwarded.Should().BeEquivalentTo("x@example.test", "X@Example.test");
        JsonNode.Parse(ended["output"]!.GetValue<string>())!.ToJsonString().Should().Be("""{"batches":2,"delivered":2,"kept":0,"heldBack":2}""");
        left.Should().BeEquivalentTo(["y-1", "y-2"], "the other account's mail is visible again at once, not after the 900 s visibility timeout");
    }

    [Fact]
    public async Task RetryProcessor_StartedWithTheAwsCliCommandOfTheRunbook_ReplaysTheQueue()
    {
        var stack = await ProvisionAsync("test");
        var queueUrl = stack.Outputs["RetryQueueUrl"];
        emulator.Functions["ses-mail-gmail-forwarder-test"] = _ => (new JsonObject { ["batchItemFailures"] = new JsonArray() }, null);
        for (var i = 0; i < 3; i++)
        {
            await emulator.Sqs.OkAsync("SendMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["MessageBody"] = $"cli-replay-{i}" }, Token);
        }

        // docs/RECOVERY.md, "Starting it": the state machine ARN is built from the region, the account and the name.
        var arn = $"arn:aws:states:{EmulatorFixture.Region}:000000000000:stateMachine:ses-mail-gmail-forwarder-retry-processor-test";
        var started = await AwsCli.RunAsync(emulator.BaseUrl, "stepfunctions", "start-execution", "--state-machine-arn", arn, "--input", "{}");
        started.ExitCode.Should().Be(0, started.Error);
        var executionArn = started.Json["executionArn"]!.GetValue<string>();
        await emulator.WaitEndedAsync(executionArn);
        var described = await AwsCli.RunAsync(emulator.BaseUrl, "stepfunctions", "describe-execution", "--execution-arn", executionArn);
        var attributes = (await emulator.Sqs.OkAsync("GetQueueAttributes", new JsonObject { ["QueueUrl"] = queueUrl, ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages") }, Token))["Attributes"]!;

        stack.Outputs["RetryProcessorStateMachineArn"].Should().Be(arn);
        described.ExitCode.Should().Be(0, described.Error);
        described.Json["status"]!.GetValue<string>().Should().Be("SUCCEEDED", described.Json["cause"]?.ToString());
        JsonNode.Parse(described.Json["output"]!.GetValue<string>())!["delivered"]!.GetValue<int>().Should().Be(3);
        attributes["ApproximateNumberOfMessages"]!.GetValue<string>().Should().Be("0");
    }

    [Fact]
    public async Task TokenMonitor_PublishesSecondsUntilExpirationPerAccountAndTheirMinimum_AndErrorsForAPlaceholder()
    {
        var stack = await ProvisionAsync("prod");
        var machine = stack.Outputs["TokenMonitorStateMachineArn"];
        var ssm = new AwsJsonClient(emulator.BaseUrl, "AmazonSSM", "1.1", "ssm");
        const string ns = "SESMail/prod";
        const string metric = "TokenSecondsUntilExpiration";
        async Task PutTokenAsync(string name, long expires, string? account) => await ssm.OkAsync("PutParameter", new JsonObject
        {
            ["Name"] = name,
            ["Type"] = "SecureString",
            ["Overwrite"] = true,
            ["Value"] = new JsonObject { ["token"] = "1//x", ["expires_at_epoch"] = expires, ["account"] = account }.ToJsonString(),
        }, Token);

        var errorsBefore = (await emulator.StatisticsAsync(ns, "TokenMonitoringErrors")).Sum;
        var placeholder = await emulator.RunAsync(machine, "{}");
        var errors = await emulator.StatisticsAsync(s => s.Sum > errorsBefore, ns, "TokenMonitoringErrors");
        var failed = await emulator.StatisticsAsync(s => s.Sum > 0, "AWS/States", "ExecutionsFailed", ("StateMachineArn", machine));

        var now = DateTimeOffset.UtcNow;
        await PutTokenAsync("/ses-mail/prod/gmail-forwarder/oauth/refresh-token", now.AddHours(5).ToUnixTimeSeconds(), null);
        await PutTokenAsync("/ses-mail/prod/gmail-forwarder/oauth/accounts/example.test/sales", now.AddHours(2).ToUnixTimeSeconds(), "sales@example.test");
        var stored = await emulator.RunAsync(machine, "{}");
        var minimum = await emulator.StatisticsAsync(s => s.SampleCount > 0, ns, metric);
        var sales = await emulator.StatisticsAsync(ns, metric, ("Account", "sales@example.test"));
        var defaultToken = await emulator.StatisticsAsync(ns, metric, ("Account", "default"));
        var dimensionSets = await emulator.DimensionSetsAsync(ns, metric);

        placeholder["status"]!.GetValue<string>().Should().Be("FAILED");
        placeholder["error"]!.GetValue<string>().Should().Be("TokenMonitoringFailed");
        errors.Sum.Should().Be(errorsBefore + 1, "a placeholder and no account token is no usable token");
        failed.Sum.Should().BeGreaterThanOrEqualTo(1, "the template's ses-mail-token-monitor-stepfunction-failed alarm watches this metric");
        stored["status"]!.GetValue<string>().Should().Be("SUCCEEDED", string.Join("\n", (await emulator.HistoryAsync(stored["executionArn"]!.GetValue<string>())).Select(e => e.ToJsonString())));
        dimensionSets.Should().BeEquivalentTo("", "Account=default", "Account=sales@example.test");
        minimum.Unit.Should().Be("Seconds");
        minimum.Minimum.Should().BeInRange((2 * 3600) - 120, 2 * 3600, "the undimensioned datum is the soonest expiry of all accounts, which the expiry alarms watch");
        sales.Minimum.Should().BeInRange((2 * 3600) - 120, 2 * 3600);
        defaultToken.Minimum.Should().BeInRange((5 * 3600) - 120, 5 * 3600, "the default token records no account");
        stack.Resource("TokenMonitorSchedule").Status.Should().NotBe(ResourceStatus.Skipped);
        var rule = await new AwsJsonClient(emulator.BaseUrl, "AWSEvents", "1.1", "events").OkAsync("DescribeRule", new JsonObject { ["Name"] = "ses-mail-token-monitor-schedule-prod" }, Token);
        rule["ScheduleExpression"]!.GetValue<string>().Should().Be("rate(5 minutes)");
    }
}
