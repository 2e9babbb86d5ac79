using Amazon.EventBridge;
using Amazon.EventBridge.Model;
using Amazon.SQS;
using SesMail.Tests.Support;
using SqsModel = Amazon.SQS.Model;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>EventBridge buses, rules and targets across an emulator restart, through the project's EventBridge client.</summary>
[Trait("Kind", "Contract")]
public sealed class EventBridgePersistenceTests
{
    private const string Pattern = "{\"source\":[\"ses-mail.router\"],\"detail-type\":[\"Route\"]}";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutTargets_ThenRestart_RuleAndTargetRemainAndEventArrivesOnce()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        string ruleArn;
        string queueArn;
        using (var events = Events(emulator))
        using (var sqs = Sqs(emulator))
        {
            var queueUrl = (await sqs.CreateQueueAsync("gmail-forwarder", Token)).QueueUrl;
            queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], Token)).QueueARN;
            await events.CreateEventBusAsync(new CreateEventBusRequest { Name = "ses-mail-test", Description = "routing" }, Token);
            ruleArn = (await events.PutRuleAsync(Rule(), Token)).RuleArn!;
            await events.PutTargetsAsync(Targets(queueArn), Token);
        }

        await emulator.RestartAsync();

        using var eventsAfter = Events(emulator);
        using var sqsAfter = Sqs(emulator);
        var bus = await eventsAfter.DescribeEventBusAsync(new DescribeEventBusRequest { Name = "ses-mail-test" }, Token);
        var again = await eventsAfter.PutRuleAsync(Rule(), Token);
        await eventsAfter.PutTargetsAsync(Targets(queueArn), Token);
        var targets = await eventsAfter.ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = "route-gmail", EventBusName = "ses-mail-test" }, Token);
        var put = await eventsAfter.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = "ses-mail.router", DetailType = "Route", Detail = "{\"n\":1}", EventBusName = "ses-mail-test" }],
        }, Token);
        var url = (await sqsAfter.GetQueueUrlAsync("gmail-forwarder", Token)).QueueUrl;
        var first = await sqsAfter.ReceiveMessageAsync(new SqsModel.ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 5 }, Token);
        var second = await sqsAfter.ReceiveMessageAsync(new SqsModel.ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Token);

        bus.Name.Should().Be("ses-mail-test");
        again.RuleArn.Should().Be(ruleArn);
        var target = targets.Targets.Should().ContainSingle().Subject;
        target.Arn.Should().Be(queueArn);
        target.InputPath.Should().Be("$.detail");
        put.FailedEntryCount.Should().Be(0);
        first.Messages.Should().ContainSingle().Which.Body.Should().Be("{\"n\":1}");
        second.Messages.Should().BeNullOrEmpty();
    }

    private static PutRuleRequest Rule() =>
        new() { Name = "route-gmail", EventBusName = "ses-mail-test", EventPattern = Pattern, State = "ENABLED" };

    private static PutTargetsRequest Targets(string queueArn) =>
        new() { Rule = "route-gmail", EventBusName = "ses-mail-test", Targets = [new Target { Id = "gmail", Arn = queueArn, InputPath = "$.detail" }] };

    private static AmazonEventBridgeClient Events(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, new AmazonEventBridgeConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static AmazonSQSClient Sqs(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, emulator.Configure(new AmazonSQSConfig()));
}
