using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>SES v1 operations over the Query protocol as the SDK writes it (rule shapes, errors, sending, outbox).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SesProviderTests(EmulatorFixture emulator) : IDisposable
{
    private readonly QueryProtocolClient _ses = new(emulator.BaseUrl, "email", "2010-12-01");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ses.Dispose();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static (string, string)[] Rule(string name, string recipient, string bucket = "bucket-a", string prefix = "Rule") =>
    [
        ($"{prefix}.Name", name),
        ($"{prefix}.Enabled", "true"),
        ($"{prefix}.ScanEnabled", "true"),
        ($"{prefix}.Recipients.member.1", recipient),
        ($"{prefix}.Actions.member.1.S3Action.BucketName", bucket),
        ($"{prefix}.Actions.member.1.S3Action.ObjectKeyPrefix", "emails/"),
        ($"{prefix}.Actions.member.1.S3Action.TopicArn", "arn:aws:sns:ap-southeast-2:000000000000:topic"),
    ];

    private async Task<string> CreateSetAsync(string prefix)
    {
        var set = Unique(prefix);
        (await _ses.CallAsync("CreateReceiptRuleSet", Token, ("RuleSetName", set))).Status.Should().Be(200);
        return set;
    }

    [Fact]
    public async Task CreateReceiptRule_WithAfter_PlacesRulesInOrder()
    {
        var set = await CreateSetAsync("order");
        await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("first", "a.test")]);
        await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), ("After", "first"), .. Rule("second", "b.test")]);
        await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("zeroth", "c.test")]);

        var described = await _ses.CallAsync("DescribeReceiptRuleSet", Token, ("RuleSetName", set));

        described.Status.Should().Be(200);
        described.All("Rules").Single().Elements().Select(r => r.Elements().First(e => e.Name.LocalName == "Name").Value)
            .Should().Equal("zeroth", "first", "second");
        described.Body.Root!.Name.NamespaceName.Should().Be("http://ses.amazonaws.com/doc/2010-12-01/");
    }

    [Fact]
    public async Task CreateReceiptRule_SameNameTwice_FailsWithAlreadyExists()
    {
        var set = await CreateSetAsync("dup");
        await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("r", "a.test")]);

        var again = await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("r", "a.test")]);
        var setAgain = await _ses.CallAsync("CreateReceiptRuleSet", Token, ("RuleSetName", set));

        again.Status.Should().Be(400);
        again.ErrorCode.Should().Be("AlreadyExists");
        setAgain.ErrorCode.Should().Be("AlreadyExists");
    }

    [Fact]
    public async Task RuleOperations_UnknownSetOrRule_FailWithSesCodes()
    {
        var set = await CreateSetAsync("err");

        (await _ses.CallAsync("DescribeReceiptRuleSet", Token, ("RuleSetName", set + "x"))).ErrorCode.Should().Be("RuleSetDoesNotExist");
        (await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set + "x"), .. Rule("r", "a.test")])).ErrorCode.Should().Be("RuleSetDoesNotExist");
        (await _ses.CallAsync("DescribeReceiptRule", Token, ("RuleSetName", set), ("RuleName", "missing"))).ErrorCode.Should().Be("RuleDoesNotExist");
        (await _ses.CallAsync("UpdateReceiptRule", Token, [("RuleSetName", set), .. Rule("missing", "a.test")])).ErrorCode.Should().Be("RuleDoesNotExist");
        (await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), ("After", "missing"), .. Rule("r", "a.test")])).ErrorCode.Should().Be("RuleDoesNotExist");
        (await _ses.CallAsync("SetActiveReceiptRuleSet", Token, ("RuleSetName", set + "x"))).ErrorCode.Should().Be("RuleSetDoesNotExist");
        (await _ses.CallAsync("DeleteReceiptRule", Token, ("RuleSetName", set + "x"), ("RuleName", "r"))).ErrorCode.Should().Be("RuleSetDoesNotExist");
    }

    [Fact]
    public async Task CreateReceiptRule_InvalidInput_FailsWithValidationCodes()
    {
        var set = await CreateSetAsync("bad");

        (await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("-bad name", "a.test")])).ErrorCode.Should().Be("InvalidParameterValue");
        (await _ses.CallAsync("CreateReceiptRule", Token, ("RuleSetName", set), ("Rule.Name", "r"), ("Rule.Actions.member.1.S3Action.ObjectKeyPrefix", "x/")))
            .ErrorCode.Should().Be("MissingParameter");
        (await _ses.CallAsync("CreateReceiptRule", Token, ("RuleSetName", set), ("Rule.Name", "r"), ("Rule.Actions.member.1.FooAction.X", "y")))
            .ErrorCode.Should().Be("InvalidParameterValue");
        (await _ses.CallAsync("CreateReceiptRule", Token, ("RuleSetName", set), ("Rule.Name", "r"), ("Rule.Enabled", "maybe")))
            .ErrorCode.Should().Be("InvalidParameterValue");
    }

    [Fact]
    public async Task UpdateAndDeleteReceiptRule_ChangeTheSet()
    {
        var set = await CreateSetAsync("upd");
        await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("keep", "a.test")]);
        await _ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("drop", "b.test")]);

        var updated = await _ses.CallAsync("UpdateReceiptRule", Token, [("RuleSetName", set), .. Rule("keep", "a.test", bucket: "bucket-b")]);
        var deleted = await _ses.CallAsync("DeleteReceiptRule", Token, ("RuleSetName", set), ("RuleName", "drop"));
        var deletedAgain = await _ses.CallAsync("DeleteReceiptRule", Token, ("RuleSetName", set), ("RuleName", "drop"));
        var rule = await _ses.CallAsync("DescribeReceiptRule", Token, ("RuleSetName", set), ("RuleName", "keep"));
        var all = await _ses.CallAsync("DescribeReceiptRuleSet", Token, ("RuleSetName", set));

        updated.Status.Should().Be(200);
        deleted.Status.Should().Be(200);
        deletedAgain.Status.Should().Be(200, "SES answers success when the rule is already gone");
        rule.Value("BucketName").Should().Be("bucket-b");
        rule.Value("Enabled").Should().Be("true");
        all.All("Rules").Single().Elements().Should().HaveCount(1);
    }

    [Fact]
    public async Task SetActiveReceiptRuleSet_DescribeActive_ReturnsItAndDeleteIsRefused()
    {
        using var ses = new QueryProtocolClient(emulator.BaseUrl, "email", "2010-12-01", region: "sa-east-1");
        var set = Unique("active");
        await ses.CallAsync("CreateReceiptRuleSet", Token, ("RuleSetName", set));
        await ses.CallAsync("CreateReceiptRule", Token, [("RuleSetName", set), .. Rule("receive", "example.test")]);

        (await ses.CallAsync("SetActiveReceiptRuleSet", Token, ("RuleSetName", set))).Status.Should().Be(200);
        var active = await ses.CallAsync("DescribeActiveReceiptRuleSet", Token);
        var delete = await ses.CallAsync("DeleteReceiptRuleSet", Token, ("RuleSetName", set));
        var list = await ses.CallAsync("ListReceiptRuleSets", Token);
        await ses.CallAsync("SetActiveReceiptRuleSet", Token);
        var none = await ses.CallAsync("DescribeActiveReceiptRuleSet", Token);
        var deleteNow = await ses.CallAsync("DeleteReceiptRuleSet", Token, ("RuleSetName", set));

        active.All("Metadata").Single().Elements().First().Value.Should().Be(set);
        active.Value("Recipients").Should().Be("example.test");
        delete.ErrorCode.Should().Be("CannotDelete");
        list.All("RuleSets").Single().Elements().Select(m => m.Elements().First().Value).Should().Contain(set);
        none.Status.Should().Be(200);
        none.All("Metadata").Should().BeEmpty();
        deleteNow.Status.Should().Be(200);
    }

    [Fact]
    public async Task VerifyIdentities_ListedAndVerifiedAtOnce()
    {
        using var ses = new QueryProtocolClient(emulator.BaseUrl, "email", "2010-12-01", region: "eu-west-1");
        var domain = Unique("dom") + ".test";

        var token = await ses.CallAsync("VerifyDomainIdentity", Token, ("Domain", domain));
        await ses.CallAsync("VerifyEmailIdentity", Token, ("EmailAddress", "someone@other.test"));
        var domains = await ses.CallAsync("ListIdentities", Token, ("IdentityType", "Domain"));
        var firstPage = await ses.CallAsync("ListIdentities", Token, ("MaxItems", "1"));
        var attributes = await ses.CallAsync("GetIdentityVerificationAttributes", Token,
            ("Identities.member.1", domain), ("Identities.member.2", "someone@other.test"), ("Identities.member.3", "unknown.test"));

        token.Value("VerificationToken").Should().NotBeNullOrEmpty();
        domains.All("member").Select(m => m.Value).Should().Contain(domain).And.NotContain("someone@other.test");
        firstPage.All("member").Should().HaveCount(1);
        firstPage.Value("NextToken").Should().NotBeNull();
        attributes.All("key").Select(k => k.Value).Should().BeEquivalentTo([domain, "someone@other.test"]);
        attributes.All("VerificationStatus").Select(s => s.Value).Should().AllBe("Success");
    }

    [Fact]
    public async Task SendRawEmail_UnverifiedSender_FailsWithMessageRejected()
    {
        var raw = Convert.ToBase64String(Encoding.ASCII.GetBytes("From: a@unverified.test\r\nTo: b@else.test\r\nSubject: x\r\n\r\nhi\r\n"));

        var sent = await _ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", raw));

        sent.Status.Should().Be(400);
        sent.ErrorCode.Should().Be("MessageRejected");
        sent.Value("Message").Should().Contain("a@unverified.test");
    }

    [Fact]
    public async Task SendRawEmail_VerifiedParentDomain_CapturesBytesEnvelopeAndPage()
    {
        var domain = Unique("send") + ".test";
        await _ses.CallAsync("VerifyDomainIdentity", Token, ("Domain", domain));
        var subject = "raw " + Guid.NewGuid().ToString("N");
        var bytes = Encoding.UTF8.GetBytes($"From: Mailer <mailer-daemon@mx.{domain}>\r\nTo: x@y.test\r\nCc: c@y.test\r\nSubject: {subject}\r\n\r\nbody \u2713\r\n");

        var sent = await _ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", Convert.ToBase64String(bytes)));

        sent.Status.Should().Be(200);
        var messageId = sent.Value("MessageId")!;
        messageId.Should().MatchRegex("^[0-9a-f]{16}-[0-9a-f-]{36}-000000$");
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        var list = JsonNode.Parse(await http.GetStringAsync(new Uri("/_sesmail/ses/messages", UriKind.Relative), Token))!;
        var entry = list["messages"]!.AsArray().Single(m => m!["messageId"]!.GetValue<string>() == messageId)!;
        entry["source"]!.GetValue<string>().Should().Be($"mailer-daemon@mx.{domain}");
        entry["destinations"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("x@y.test", "c@y.test");
        entry["subject"]!.GetValue<string>().Should().Be(subject);
        entry["operation"]!.GetValue<string>().Should().Be("SendRawEmail");
        entry["size"]!.GetValue<long>().Should().Be(bytes.Length);
        (await http.GetByteArrayAsync(new Uri($"/_sesmail/ses/messages/{messageId}/raw", UriKind.Relative), Token)).Should().Equal(bytes);
        (await http.GetStringAsync(new Uri("/_sesmail/ses/", UriKind.Relative), Token)).Should().Contain(subject).And.Contain(messageId);
        (await http.GetAsync(new Uri("/_sesmail/ses/messages/nope/raw", UriKind.Relative), Token)).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SendEmail_VerifiedAddress_CapturesBuiltMimeMessage()
    {
        var from = Unique("me") + "@mail.test";
        await _ses.CallAsync("VerifyEmailIdentity", Token, ("EmailAddress", from));

        var sent = await _ses.CallAsync("SendEmail", Token,
            ("Source", from), ("Destination.ToAddresses.member.1", "to@far.test"), ("Destination.BccAddresses.member.1", "bcc@far.test"),
            ("Message.Subject.Data", "Hello there"), ("Message.Body.Text.Data", "plain text"), ("Message.Body.Html.Data", "<p>html</p>"));

        sent.Status.Should().Be(200);
        var messageId = sent.Value("MessageId")!;
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        await using var raw = await http.GetStreamAsync(new Uri($"/_sesmail/ses/messages/{messageId}/raw", UriKind.Relative), Token);
        var message = await MimeMessage.LoadAsync(raw, Token);
        message.Subject.Should().Be("Hello there");
        message.From.Mailboxes.Single().Address.Should().Be(from);
        message.To.Mailboxes.Single().Address.Should().Be("to@far.test");
        message.Bcc.Count.Should().Be(0);
        message.TextBody!.Trim().Should().Be("plain text");
        message.HtmlBody!.Should().Contain("<p>html</p>");
        message.MessageId.Should().StartWith(messageId);
        var envelope = JsonNode.Parse(await http.GetStringAsync(new Uri($"/_sesmail/ses/messages/{messageId}", UriKind.Relative), Token))!;
        envelope["destinations"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("to@far.test", "bcc@far.test");
    }

    [Fact]
    public async Task SendBounce_VerifiedSender_CapturesDeliveryStatusReport()
    {
        var domain = Unique("bounce") + ".test";
        await _ses.CallAsync("VerifyDomainIdentity", Token, ("Domain", domain));

        var sent = await _ses.CallAsync("SendBounce", Token,
            ("OriginalMessageId", "o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1"), ("BounceSender", $"mailer-daemon@{domain}"),
            ("MessageDsn.ReportingMta", $"dns; mx.{domain}"),
            ("BouncedRecipientInfoList.member.1.Recipient", $"nobody@{domain}"), ("BouncedRecipientInfoList.member.1.BounceType", "DoesNotExist"));

        sent.Status.Should().Be(200);
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        await using var raw = await http.GetStreamAsync(new Uri($"/_sesmail/ses/messages/{sent.Value("MessageId")}/raw", UriKind.Relative), Token);
        var message = await MimeMessage.LoadAsync(raw, Token);
        var report = message.Body.Should().BeOfType<MultipartReport>().Subject;
        report.ReportType.Should().Be("delivery-status");
        var status = report.OfType<MessageDeliveryStatus>().Single();
        status.StatusGroups[1]["Final-Recipient"].Should().Be($"rfc822; nobody@{domain}");
        status.StatusGroups[1]["Status"].Should().Be("5.1.1");
    }
}
