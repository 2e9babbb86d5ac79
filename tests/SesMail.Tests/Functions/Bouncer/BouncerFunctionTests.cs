using System.Text.Json.Nodes;
using MimeKit;
using SesMail.Functions;
using SesMail.Functions.Bouncer;

namespace SesMail.Tests.Functions.Bouncer;

[Trait("Kind", "Unit")]
public sealed class BouncerFunctionTests
{
    [Fact]
    public async Task HandleAsync_TwoBouncedRecipients_SendsOneDsnToEnvelopeSender()
    {
        using var harness = new BouncerHarness();

        var response = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        response["batchItemFailures"]!.AsArray().Should().BeEmpty();
        var (message, destinations) = harness.Sender.Sent.Should().ContainSingle().Subject;
        destinations.Should().Equal("sender@origin.example");
        message.To.Mailboxes.Single().Address.Should().Be("sender@origin.example");
        message.From.Mailboxes.Single().Address.Should().Be("mailer-daemon@example.test");
        message.Headers[HeaderId.AutoSubmitted].Should().Be("auto-replied");
        var report = message.Body.Should().BeOfType<MultipartReport>().Subject;
        report.ReportType.Should().Be("delivery-status");
        var status = report.OfType<MessageDeliveryStatus>().Single();
        status.StatusGroups.Skip(1).Where(g => g.Count > 0).Select(g => g["Final-Recipient"]).Should().Equal("rfc822; nobody@example.test", "rfc822; gone@example.test");
        status.StatusGroups.Skip(1).Where(g => g.Count > 0).Should().OnlyContain(g => g["Status"] == "5.1.1" && g["Action"] == "failed");
        harness.Metrics["BounceSendSuccess"].Should().Be(1);
        harness.Logs.Count(l => l.GetProperty("message").GetString() == "Action result" && l.GetProperty("resultId").GetString() == "ses-notice-1")
            .Should().Be(2);
        harness.Ledger.Entries["case-bounce"].Should().Be("sent:ses-notice-1");
    }

    [Fact]
    public async Task HandleAsync_FromHeaderDiffersFromEnvelope_AddressesEnvelopeSender()
    {
        using var harness = new BouncerHarness();
        var bounceEvent = BouncerHarness.BounceEvent(mail => mail["source"] = "bounces+123@lists.origin.example");

        await harness.InvokeAsync(bounceEvent);

        harness.Sender.Sent.Single().Destinations.Should().Equal("bounces+123@lists.origin.example");
    }

    [Fact]
    public async Task HandleAsync_RedeliveredRecord_SendsNoSecondDsn()
    {
        using var harness = new BouncerHarness();

        await harness.InvokeAsync(BouncerHarness.BounceEvent());
        var second = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        second["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().ContainSingle();
        harness.Logs.Should().Contain(l => l.GetProperty("message").GetString() == "Bounce skipped" && l.GetProperty("reason").GetString() == "already-sent");
        harness.Metrics["BounceSkipped"].Should().Be(1);
    }

    public static TheoryData<string, string> LoopCases => new()
    {
        { "source=", "null-sender" },
        { "source=<>", "null-sender" },
        { "source=MAILER-DAEMON@mx.origin.example", "system-sender" },
        { "source=postmaster@origin.example", "system-sender" },
        { "source=noreply@example.org", "own-system-sender" },
        { "header=Auto-Submitted: auto-generated", "auto-submitted" },
        { "header=Precedence: bulk", "precedence" },
        { "header=Precedence: junk", "precedence" },
        { "header=Precedence: list", "precedence" },
        { "header=List-Id: <news.origin.example>", "mailing-list" },
    };

    [Theory]
    [MemberData(nameof(LoopCases))]
    public async Task HandleAsync_LoopProtectionCase_SendsNothingAndLogsReason(string change, string reason)
    {
        using var harness = new BouncerHarness();
        var bounceEvent = BouncerHarness.BounceEvent(mail =>
        {
            if (change.StartsWith("source=", StringComparison.Ordinal))
            {
                mail["source"] = change["source=".Length..];
            }
            else
            {
                var header = change["header=".Length..].Split(": ", 2);
                mail["headers"]!.AsArray().Add(new JsonObject { ["name"] = header[0], ["value"] = header[1] });
            }
        });

        var response = await harness.InvokeAsync(bounceEvent);

        response["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().BeEmpty();
        harness.Ledger.Entries.Should().BeEmpty();
        harness.Logs.Should().Contain(l => l.GetProperty("message").GetString() == "Bounce skipped" && l.GetProperty("reason").GetString() == reason);
        harness.Metrics["BounceSkipped"].Should().Be(1);
    }

    [Fact]
    public async Task HandleAsync_SendFails_ReportsRecordAndReleasesClaim()
    {
        using var harness = new BouncerHarness();
        harness.Sender.FailWith = new Amazon.SimpleEmail.AmazonSimpleEmailServiceException("Throttling", "Throttling", "r-1", System.Net.HttpStatusCode.BadRequest);

        var response = await harness.InvokeAsync(BouncerHarness.BounceEvent());

        response["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"]!.GetValue<string>()).Should().Equal("sqs-1");
        harness.Ledger.Entries.Should().BeEmpty();
        harness.Metrics["BounceSendFailure"].Should().Be(1);
        harness.Logs.Count(l => l.GetProperty("message").GetString() == "Action result" && l.GetProperty("result").GetString() == "failure").Should().Be(2);
    }

    [Fact]
    public async Task HandleAsync_NoBounceTargets_SucceedsWithoutSending()
    {
        using var harness = new BouncerHarness();
        var bounceEvent = BouncerHarness.BounceEvent();
        bounceEvent["detail"]!["actions"]!["bounce"] = new JsonObject { ["count"] = 0, ["targets"] = new JsonArray() };

        var response = await harness.InvokeAsync(bounceEvent);

        response["batchItemFailures"]!.AsArray().Should().BeEmpty();
        harness.Sender.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task HandleAsync_BodyNotJson_ReportsRecordFailed()
    {
        using var harness = new BouncerHarness();
        var input = new JsonObject { ["Records"] = new JsonArray(Router.RouterHarness.SqsRecord("garbage", "sqs-9")) }.ToJsonString();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input));

        var output = await harness.Function.HandleAsync(stream, TestContext.Current.CancellationToken);

        (await new StreamReader(output).ReadToEndAsync(TestContext.Current.CancellationToken)).Should().Be("""{"batchItemFailures":[{"itemIdentifier":"sqs-9"}]}""");
    }

    [Fact]
    public void Constructor_NoBounceSender_FailsAtStartNamingVariableAndTemplateResource()
    {
        var settings = new FunctionSettings(new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = "test",
            ["AWS_REGION"] = "ap-southeast-2",
            ["DOMAINS"] = "example.test",
            ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-test",
            ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
        });

        var act = () => new BouncerFunction(settings);

        act.Should().Throw<FunctionConfigurationException>()
            .WithMessage("BOUNCE_SENDER is not set; set it in template.yaml: BouncerFunction.Properties.Environment.Variables")
            .Which.Variable.Should().Be("BOUNCE_SENDER");
    }
}
