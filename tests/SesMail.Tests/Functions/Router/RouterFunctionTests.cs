using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;
using SesMail.Tests.Functions.Routing;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.Router;

[Trait("Kind", "Unit")]
public sealed class RouterFunctionTests
{
    public static TheoryData<string, bool> FixtureCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var file in Directory.GetFiles(Path.Combine(EventFixtures.Directory, "Router"), "*.ses.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file)[..^".ses.json".Length];
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public async Task HandleAsync_SesFixture_MatchesExpectedDetail(string name, bool snsEnvelope)
    {
        using var harness = new RouterHarness();
        var notification = EventFixtures.Read(Path.Combine("Router", name + ".ses.json"));

        var output = await harness.InvokeAsync(snsEnvelope ? RouterHarness.SnsEnvelope(notification) : notification);

        var detail = output.Should().ContainSingle().Subject!.AsObject();
        JsonNode.DeepEquals(detail["ses"], JsonNode.Parse(notification)).Should().BeTrue("the detail carries the whole notification as an object");
        detail.Remove("ses");
        EventFixtures.ShouldBeSameJson(detail.ToJsonString(), EventFixtures.Read(Path.Combine("Router", name + ".expected.json")));
    }

    [Fact]
    public async Task HandleAsync_MixedRecipients_LogsOneRoutingDecisionPerRecipient()
    {
        using var harness = new RouterHarness();

        await harness.InvokeAsync(EventFixtures.Read("Router/mixed-recipients.ses.json"));

        var decisions = harness.Logs.Where(l => l.GetProperty("message").GetString() == "Routing decision").ToList();
        decisions.Select(d => d.GetProperty("recipient").GetString()).Should().Equal(
            "support@example.test", "bounce@example.test", "Sales+q3@Example.TEST", "nobody@other.test", "disabled@example.test");
        decisions.Select(d => d.GetProperty("lookupKey").GetString()).Should().Equal(
            "ROUTE#support@example.test", "ROUTE#bounce@example.test", "ROUTE#sales@example.test", null, "ROUTE#*@example.test");
        decisions.Should().OnlyContain(d =>
            d.GetProperty("messageId").GetString() == "case-mixed-recipients"
            && d.GetProperty("sender").GetString() == "sender@origin.example"
            && d.GetProperty("subject").GetString() == "Help with my order"
            && d.GetProperty("service").GetString() == "ses-mail-router-enrichment");
        harness.Logs.Should().Contain(l => l.GetProperty("message").GetString() == "No routing rule found; storing the message");
    }

    [Fact]
    public async Task HandleAsync_Verdict_LogsReasonAndNullLookupKey()
    {
        using var harness = new RouterHarness();

        await harness.InvokeAsync(EventFixtures.Read("Router/spam.ses.json"));

        var decision = harness.Logs.First(l => l.GetProperty("message").GetString() == "Routing decision");
        decision.GetProperty("reason").GetString().Should().Be("spam");
        decision.GetProperty("action").GetString().Should().Be("silent-drop");
        decision.GetProperty("lookupKey").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task HandleAsync_MixedRecipients_TagsStoredObjectWithTenSanitisedTags()
    {
        using var harness = new RouterHarness();

        await harness.InvokeAsync(EventFixtures.Read("Router/mixed-recipients.ses.json"));

        var call = harness.Tagger.Calls.Should().ContainSingle().Subject;
        call.Bucket.Should().Be("ses-mail-storage-000000000000-test");
        call.Key.Should().Be("emails/case-mixed-recipients");
        call.Tags.Should().Equal(
            new("messageId", "case-mixed-recipients"),
            new("sender", "sender@origin.example"),
            new("subject", "Help_with_my_order"),
            new("recipient", "support@example.test_bounce@example.test_Sales+q3@Example.TEST_nobody@other.test_disabled@example.test"),
            new("action", "forward-to-gmail_bounce_store_store_forward-to-gmail"),
            new("target", "me@example.test_bounce@example.test_Sales+q3@Example.TEST_nobody@other.test_me@example.test"),
            new("Project", "ses-mail"),
            new("ManagedBy", "terraform"),
            new("Environment", "test"),
            new("Application", "ses-mail-test"));
    }

    [Fact]
    public async Task HandleAsync_TaggingFails_ReturnsDecisionAndCountsFailure()
    {
        using var harness = new RouterHarness();
        harness.Tagger.FailWith = new AmazonS3Exception("Access Denied");

        var output = await harness.InvokeAsync(EventFixtures.Read("Router/forward-single.ses.json"));

        output.Should().ContainSingle();
        output[0]!["actions"]!["forward-to-gmail"]!["count"]!.GetValue<int>().Should().Be(1);
        harness.Metrics["S3TaggingFailures"].Should().Be(1);
        harness.Metrics["RouterEnrichmentSuccess"].Should().Be(1);
        harness.Logs.Should().Contain(l => l.GetProperty("level").GetString() == "ERROR" && l.GetProperty("message").GetString() == "Tagging the stored message failed");
    }

    [Fact]
    public async Task HandleAsync_RuleReadThrottled_ThrowsAndCountsFailure()
    {
        using var harness = new RouterHarness(new ThrowingRuleStore(new ProvisionedThroughputExceededException("slow down")));

        var act = () => harness.InvokeAsync(EventFixtures.Read("Router/forward-single.ses.json"));

        await act.Should().ThrowAsync<ProvisionedThroughputExceededException>();
        harness.Metrics["RouterEnrichmentFailure"].Should().Be(1);
        harness.Metrics["RouterEnrichmentSuccess"].Should().Be(0);
        harness.Tagger.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleAsync_Verdict_DoesNotReadRules()
    {
        using var harness = new RouterHarness(new ThrowingRuleStore(new ProvisionedThroughputExceededException("must not be called")));

        var output = await harness.InvokeAsync(EventFixtures.Read("Router/dkim-fail.ses.json"));

        output[0]!["actions"]!["bounce"]!["count"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task HandleAsync_UnknownAction_StoresLogsErrorAndCountsFailure()
    {
        using var harness = new RouterHarness();

        await harness.InvokeAsync(EventFixtures.Read("Router/unknown-action.ses.json"));

        harness.Metrics["RouterEnrichmentFailure"].Should().Be(1);
        harness.Metrics["RouterEnrichmentSuccess"].Should().Be(0);
        harness.Logs.Should().Contain(l => l.GetProperty("level").GetString() == "ERROR" && l.GetProperty("ruleAction").GetString() == "teleport");
    }

    [Theory]
    [InlineData("spam", "SpamDetected", 2, 1)]
    [InlineData("virus", "VirusDetected", 1, 1)]
    [InlineData("dmarc-reject", "DmarcRejectDetected", 1, 0)]
    [InlineData("dkim-fail", "AuthFailDetected", 2, 0)]
    [InlineData("spf-fail-dmarc-quarantine", "AuthFailDetected", 1, 0)]
    public async Task HandleAsync_Verdict_CountsRecipientsAndSpamMessages(string name, string metric, int recipients, int spamMessages)
    {
        using var harness = new RouterHarness();

        await harness.InvokeAsync(EventFixtures.Read($"Router/{name}.ses.json"));

        var metrics = harness.Metrics;
        metrics[metric].Should().Be(recipients);
        metrics["EmailsAccepted"].Should().Be(1);
        metrics["EmailsSpam"].Should().Be(spamMessages);
        metrics["RouterEnrichmentSuccess"].Should().Be(1);
    }

    [Fact]
    public async Task HandleAsync_NoTestTokenHeader_DoesNotReadToken()
    {
        using var harness = new RouterHarness();

        await harness.InvokeAsync(EventFixtures.Read("Router/spam.ses.json"));

        harness.Tokens.Reads.Should().Be(0);
    }

    [Fact]
    public async Task HandleAsync_TestTokenHeaderButNoTokenConfigured_AppliesVerdict()
    {
        using var harness = new RouterHarness(token: null);

        var output = await harness.InvokeAsync(EventFixtures.Read("Router/integration-token.ses.json"));

        output[0]!["actions"]!["silent-drop"]!["count"]!.GetValue<int>().Should().Be(1);
        harness.Logs.Should().Contain(l => l.GetProperty("message").GetString() == "Integration-test token does not match; header ignored");
    }

    [Fact]
    public async Task HandleAsync_UnparsableBody_ReturnsEmptyDetailAndCountsFailure()
    {
        using var harness = new RouterHarness();

        var output = await harness.InvokeAsync("this is not json");

        var detail = output.Should().ContainSingle().Subject!;
        detail["originalMessageId"]!.GetValue<string>().Should().BeEmpty();
        foreach (var action in new[] { "store", "forward-to-gmail", "bounce", "spam", "silent-drop" })
        {
            detail["actions"]![action]!["count"]!.GetValue<int>().Should().Be(0);
        }

        harness.Metrics["RouterEnrichmentFailure"].Should().Be(1);
    }

    [Fact]
    public async Task HandleAsync_NotificationWithoutRecipients_FallsBackAndCountsFailure()
    {
        using var harness = new RouterHarness();
        var notification = JsonNode.Parse(EventFixtures.Read("Router/forward-single.ses.json"))!;
        notification["receipt"]!.AsObject().Remove("recipients");

        var output = await harness.InvokeAsync(notification.ToJsonString());

        output.Should().ContainSingle();
        output[0]!["originalMessageId"]!.GetValue<string>().Should().Be("case-forward-single");
        harness.Metrics["RouterEnrichmentFailure"].Should().Be(1);
    }

    [Fact]
    public async Task HandleAsync_NotReceivedNotification_ReturnsEmptyDetailWithoutFailure()
    {
        using var harness = new RouterHarness();

        var output = await harness.InvokeAsync("""{"notificationType":"AmazonSnsSubscriptionSucceeded","message":"You have successfully subscribed"}""");

        output.Should().ContainSingle();
        harness.Metrics["RouterEnrichmentFailure"].Should().Be(0);
    }

    [Fact]
    public async Task HandleAsync_SeveralRecords_ReturnsDetailsInInputOrder()
    {
        using var harness = new RouterHarness();

        var output = await harness.InvokeAsync(
            EventFixtures.Read("Router/spam.ses.json"), EventFixtures.Read("Router/forward-single.ses.json"), EventFixtures.Read("Router/virus.ses.json"));

        output.Select(d => d!["originalMessageId"]!.GetValue<string>()).Should().Equal("case-spam", "case-forward-single", "case-virus");
        harness.Metrics["EmailsAccepted"].Should().Be(3);
    }

    [Fact]
    public async Task HandleAsync_SqsEventObject_IsAcceptedLikeTheBareArray()
    {
        using var harness = new RouterHarness();
        var input = new JsonObject { ["Records"] = new JsonArray(RouterHarness.SqsRecord(EventFixtures.Read("Router/forward-single.ses.json"))) };

        var output = await harness.InvokeRawAsync(input.ToJsonString());

        output.Should().ContainSingle();
    }

    [Fact]
    public async Task HandleAsync_EmptyBatch_ReturnsEmptyArray()
    {
        using var harness = new RouterHarness();

        (await harness.InvokeRawAsync("[]")).Should().BeEmpty();
    }

    [Fact]
    public async Task HandleAsync_MoreThanTenRecords_ThrowsWithAdvice()
    {
        using var harness = new RouterHarness();
        var body = EventFixtures.Read("Router/forward-single.ses.json");

        var act = () => harness.InvokeAsync(Enumerable.Repeat(body, 11).ToArray());

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*at most 10*batch size*");
    }

    [Fact]
    public async Task HandleAsync_NotAnArray_ThrowsJsonException()
    {
        using var harness = new RouterHarness();

        var act = () => harness.InvokeRawAsync("""{"hello":"world"}""");

        await act.Should().ThrowAsync<System.Text.Json.JsonException>();
    }

    [Fact]
    public async Task HandleAsync_RepeatedMessages_ReadsEachRuleKeyOnceWithinTheCacheLifetime()
    {
        var rules = DynamoDbJson.RulesFixture();
        using var harness = new RouterHarness(rules);
        var body = EventFixtures.Read("Router/mixed-recipients.ses.json");

        await harness.InvokeAsync(body);
        var readsAfterFirst = rules.Reads;
        await harness.InvokeAsync(body);

        rules.Reads.Should().Be(readsAfterFirst);
        readsAfterFirst.Should().BeLessThanOrEqualTo(5 * 4);
    }
}
