using System.Text;
using System.Text.Json.Nodes;
using Amazon.SimpleEmailV2;
using Amazon.SimpleEmailV2.Model;
using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;
using Message = Amazon.SimpleEmailV2.Model.Message;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>
/// Configuration sets and their SNS event destinations through SES v1 (Query, as the SDK writes it) and SESv2 (the
/// hand-written client), and the events the mailbox simulator produces, in SES's event-publishing JSON, read back from
/// an SQS queue subscribed to the destination's topic.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SesEventPublishingTests(EmulatorFixture emulator) : IDisposable
{
    private readonly QueryProtocolClient _ses = new(emulator.BaseUrl, "email", "2010-12-01");
    private readonly AmazonSimpleEmailServiceV2Client _sesV2 = new(EmulatorFixture.Credentials, new AmazonSimpleEmailServiceV2Config { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
    private readonly AmazonSimpleNotificationServiceClient _sns = new(EmulatorFixture.Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _ses.Dispose();
        _sesV2.Dispose();
        _sns.Dispose();
        _sqs.Dispose();
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task ConfigurationSets_V1RoundTrip_DescribeListsDestinationsAndErrorsUseSesCodes()
    {
        var set = Unique("v1set");
        const string topic = "arn:aws:sns:ap-southeast-2:000000000000:v1-events";

        (await _ses.CallAsync("CreateConfigurationSet", Token, ("ConfigurationSet.Name", set))).Status.Should().Be(200);
        var again = await _ses.CallAsync("CreateConfigurationSet", Token, ("ConfigurationSet.Name", set));
        var created = await _ses.CallAsync("CreateConfigurationSetEventDestination", Token,
            ("ConfigurationSetName", set), ("EventDestination.Name", "d1"), ("EventDestination.Enabled", "true"),
            ("EventDestination.MatchingEventTypes.member.1", "send"), ("EventDestination.MatchingEventTypes.member.2", "bounce"),
            ("EventDestination.SNSDestination.TopicARN", topic));
        var duplicate = await _ses.CallAsync("CreateConfigurationSetEventDestination", Token,
            ("ConfigurationSetName", set), ("EventDestination.Name", "d1"), ("EventDestination.MatchingEventTypes.member.1", "send"), ("EventDestination.SNSDestination.TopicARN", topic));
        var cloudWatch = await _ses.CallAsync("CreateConfigurationSetEventDestination", Token,
            ("ConfigurationSetName", set), ("EventDestination.Name", "cw"), ("EventDestination.MatchingEventTypes.member.1", "send"),
            ("EventDestination.CloudWatchDestination.DimensionConfigurations.member.1.DimensionName", "d"));
        var paused = await _ses.CallAsync("UpdateConfigurationSetSendingEnabled", Token, ("ConfigurationSetName", set), ("Enabled", "false"));
        var described = await _ses.CallAsync("DescribeConfigurationSet", Token, ("ConfigurationSetName", set),
            ("ConfigurationSetAttributeNames.member.1", "eventDestinations"), ("ConfigurationSetAttributeNames.member.2", "reputationOptions"));
        var listed = await _ses.CallAsync("ListConfigurationSets", Token);
        var deletedDestination = await _ses.CallAsync("DeleteConfigurationSetEventDestination", Token, ("ConfigurationSetName", set), ("EventDestinationName", "d1"));
        var missingDestination = await _ses.CallAsync("DeleteConfigurationSetEventDestination", Token, ("ConfigurationSetName", set), ("EventDestinationName", "d1"));
        var deleted = await _ses.CallAsync("DeleteConfigurationSet", Token, ("ConfigurationSetName", set));
        var missing = await _ses.CallAsync("DescribeConfigurationSet", Token, ("ConfigurationSetName", set));

        again.ErrorCode.Should().Be("ConfigurationSetAlreadyExists");
        created.Status.Should().Be(200);
        duplicate.ErrorCode.Should().Be("EventDestinationAlreadyExists");
        cloudWatch.ErrorCode.Should().Be("InvalidParameterValue", "only SNS destinations are emulated");
        paused.Status.Should().Be(200);
        described.Value("Name").Should().Be(set);
        described.All("MatchingEventTypes").Single().Elements().Select(e => e.Value).Should().Equal("send", "bounce");
        described.Value("TopicARN").Should().Be(topic);
        described.Value("SendingEnabled").Should().Be("false");
        listed.All("ConfigurationSets").Single().Elements().Select(e => e.Value).Should().Contain(set);
        deletedDestination.Status.Should().Be(200);
        missingDestination.ErrorCode.Should().Be("EventDestinationDoesNotExist");
        deleted.Status.Should().Be(200);
        missing.ErrorCode.Should().Be("ConfigurationSetDoesNotExist");
        missing.Status.Should().Be(400);
    }

    [Fact]
    public async Task ConfigurationSets_V2ClientRoundTrip_SharesTheSetsWithV1()
    {
        var set = Unique("v2set");
        var identity = $"{Unique("v2id")}.test";
        await _sesV2.CreateConfigurationSetAsync(new CreateConfigurationSetRequest { ConfigurationSetName = set, SendingOptions = new SendingOptions { SendingEnabled = true } }, Token);
        await _sesV2.CreateConfigurationSetEventDestinationAsync(new CreateConfigurationSetEventDestinationRequest
        {
            ConfigurationSetName = set,
            EventDestinationName = "all",
            EventDestination = new EventDestinationDefinition { Enabled = true, MatchingEventTypes = ["SEND", "DELIVERY"], SnsDestination = new SnsDestination { TopicArn = "arn:aws:sns:ap-southeast-2:000000000000:t" } },
        }, Token);
        await _sesV2.UpdateConfigurationSetEventDestinationAsync(new UpdateConfigurationSetEventDestinationRequest
        {
            ConfigurationSetName = set,
            EventDestinationName = "all",
            EventDestination = new EventDestinationDefinition { Enabled = false, MatchingEventTypes = ["BOUNCE"], SnsDestination = new SnsDestination { TopicArn = "arn:aws:sns:ap-southeast-2:000000000000:u" } },
        }, Token);
        var identityCreated = await _sesV2.CreateEmailIdentityAsync(new CreateEmailIdentityRequest { EmailIdentity = identity }, Token);
        await _sesV2.PutEmailIdentityConfigurationSetAttributesAsync(new PutEmailIdentityConfigurationSetAttributesRequest { EmailIdentity = identity, ConfigurationSetName = set }, Token);

        var got = await _sesV2.GetConfigurationSetAsync(new GetConfigurationSetRequest { ConfigurationSetName = set }, Token);
        var destinations = await _sesV2.GetConfigurationSetEventDestinationsAsync(new GetConfigurationSetEventDestinationsRequest { ConfigurationSetName = set }, Token);
        var gotIdentity = await _sesV2.GetEmailIdentityAsync(new GetEmailIdentityRequest { EmailIdentity = identity }, Token);
        var v1 = await _ses.CallAsync("DescribeConfigurationSet", Token, ("ConfigurationSetName", set), ("ConfigurationSetAttributeNames.member.1", "eventDestinations"));
        var account = await _sesV2.GetAccountAsync(new GetAccountRequest(), Token);
        await _sesV2.DeleteConfigurationSetEventDestinationAsync(new DeleteConfigurationSetEventDestinationRequest { ConfigurationSetName = set, EventDestinationName = "all" }, Token);
        await _sesV2.DeleteConfigurationSetAsync(new DeleteConfigurationSetRequest { ConfigurationSetName = set }, Token);
        var gone = async () => await _sesV2.GetConfigurationSetAsync(new GetConfigurationSetRequest { ConfigurationSetName = set }, Token);
        var duplicate = async () => await _sesV2.CreateEmailIdentityAsync(new CreateEmailIdentityRequest { EmailIdentity = identity }, Token);

        identityCreated.IdentityType.Should().Be("DOMAIN");
        identityCreated.VerifiedForSendingStatus.Should().BeTrue();
        got.SendingOptions!.SendingEnabled.Should().BeTrue();
        var destination = destinations.EventDestinations.Should().ContainSingle().Subject;
        destination.Enabled.Should().BeFalse();
        destination.MatchingEventTypes.Should().Equal("BOUNCE");
        destination.SnsDestination!.TopicArn.Should().EndWith(":u");
        gotIdentity.ConfigurationSetName.Should().Be(set);
        v1.All("MatchingEventTypes").Single().Elements().Select(e => e.Value).Should().Equal("bounce");
        account.SendQuota!.MaxSendRate.Should().BePositive();
        var error = (await gone.Should().ThrowAsync<AmazonSimpleEmailServiceV2Exception>()).Which;
        error.ErrorCode.Should().Be("NotFoundException");
        ((int)error.StatusCode).Should().Be(404);
        (await duplicate.Should().ThrowAsync<AmazonSimpleEmailServiceV2Exception>()).Which.ErrorCode.Should().Be("AlreadyExistsException");
    }

    [Fact]
    public async Task SendWithConfigurationSet_MailboxSimulator_PublishesSesEventJsonForEachOutcome()
    {
        var (set, queue) = await EventsQueueAsync(["send", "delivery", "bounce", "complaint", "reject"]);
        var sender = $"{Unique("sender")}@example.test";
        await _ses.CallAsync("VerifyEmailIdentity", Token, ("EmailAddress", sender));

        var sent = await _ses.CallAsync("SendEmail", Token,
            ("Source", sender), ("ConfigurationSetName", set),
            ("Destination.ToAddresses.member.1", "success@simulator.amazonses.com"),
            ("Destination.ToAddresses.member.2", "bounce@simulator.amazonses.com"),
            ("Destination.ToAddresses.member.3", "complaint@simulator.amazonses.com"),
            ("Destination.ToAddresses.member.4", "suppressionlist@simulator.amazonses.com"),
            ("Destination.ToAddresses.member.5", "ooto@simulator.amazonses.com"),
            ("Message.Subject.Data", "simulator"), ("Message.Body.Text.Data", "body"));
        var events = await ReceiveAsync(queue, 5);

        sent.Status.Should().Be(200);
        var messageId = sent.Value("MessageId");
        events.Select(e => e["eventType"]!.GetValue<string>()).Should().BeEquivalentTo(["Send", "Delivery", "Bounce", "Bounce", "Complaint"]);
        events.Should().OnlyContain(e => e["mail"]!["messageId"]!.GetValue<string>() == messageId);
        var mail = events[0]["mail"]!;
        mail["source"]!.GetValue<string>().Should().Be(sender);
        mail["sendingAccountId"]!.GetValue<string>().Should().Be("000000000000");
        mail["destination"]!.AsArray().Should().HaveCount(5);
        mail["commonHeaders"]!["subject"]!.GetValue<string>().Should().Be("simulator");
        mail["tags"]!["ses:configuration-set"]![0]!.GetValue<string>().Should().Be(set);
        mail["headers"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()).Should().Contain("Message-Id");
        events[0]["send"]!.AsObject().Should().BeEmpty();
        var delivery = events.Single(e => e["eventType"]!.GetValue<string>() == "Delivery")["delivery"]!;
        delivery["recipients"]!.AsArray().Select(r => r!.GetValue<string>()).Should().BeEquivalentTo(["success@simulator.amazonses.com", "complaint@simulator.amazonses.com", "ooto@simulator.amazonses.com"]);
        delivery["smtpResponse"]!.GetValue<string>().Should().StartWith("250");
        var bounces = events.Where(e => e["eventType"]!.GetValue<string>() == "Bounce").Select(e => e["bounce"]!).ToList();
        bounces.Should().OnlyContain(b => b["bounceType"]!.GetValue<string>() == "Permanent");
        bounces.Select(b => b["bounceSubType"]!.GetValue<string>()).Should().BeEquivalentTo(["General", "OnAccountSuppressionList"]);
        bounces.Single(b => b["bounceSubType"]!.GetValue<string>() == "General")["bouncedRecipients"]![0]!["emailAddress"]!.GetValue<string>().Should().Be("bounce@simulator.amazonses.com");
        var complaint = events.Single(e => e["eventType"]!.GetValue<string>() == "Complaint")["complaint"]!;
        complaint["complainedRecipients"]![0]!["emailAddress"]!.GetValue<string>().Should().Be("complaint@simulator.amazonses.com");
        complaint["complaintFeedbackType"]!.GetValue<string>().Should().Be("abuse");
    }

    [Fact]
    public async Task SendRawEmail_WithHeaderOrIdentityDefault_PublishesTheSetsEventsAndAVirusIsRejected()
    {
        var (headerSet, headerQueue) = await EventsQueueAsync(["send", "reject"]);
        var (defaultSet, defaultQueue) = await EventsQueueAsync(["send", "delivery"]);
        var domain = $"{Unique("dflt")}.test";
        await _sesV2.CreateEmailIdentityAsync(new CreateEmailIdentityRequest { EmailIdentity = domain, ConfigurationSetName = defaultSet }, Token);

        var virus = Raw($"a@{domain}", "x@other.test", $"X-SES-CONFIGURATION-SET: {headerSet}\r\n", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
        (await _ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", virus))).Status.Should().Be(200);
        var plain = await _sesV2.SendEmailAsync(new SendEmailRequest { Content = new EmailContent { Raw = new RawMessage { Data = Encoding.ASCII.GetBytes(Raw($"b@{domain}", "y@other.test", "", "hello", base64: false)) } } }, Token);

        (await ReceiveAsync(headerQueue, 2)).Select(e => e["eventType"]!.GetValue<string>()).Should().Equal("Send", "Reject");
        var defaults = await ReceiveAsync(defaultQueue, 2);
        defaults.Select(e => e["eventType"]!.GetValue<string>()).Should().Equal("Send", "Delivery");
        defaults[0]["mail"]!["messageId"]!.GetValue<string>().Should().Be(plain.MessageId);
    }

    [Fact]
    public async Task Send_PausedOrUnknownConfigurationSet_IsRefusedInEachApisWords()
    {
        var set = Unique("paused");
        var sender = $"{Unique("p")}@example.test";
        await _ses.CallAsync("VerifyEmailIdentity", Token, ("EmailAddress", sender));
        await _ses.CallAsync("CreateConfigurationSet", Token, ("ConfigurationSet.Name", set));
        await _ses.CallAsync("UpdateConfigurationSetSendingEnabled", Token, ("ConfigurationSetName", set), ("Enabled", "false"));

        var paused = await _ses.CallAsync("SendRawEmail", Token, ("ConfigurationSetName", set), ("RawMessage.Data", Raw(sender, "x@other.test", "", "hi")));
        var unknown = await _ses.CallAsync("SendRawEmail", Token, ("ConfigurationSetName", set + "x"), ("RawMessage.Data", Raw(sender, "x@other.test", "", "hi")));
        var v2 = async () => await _sesV2.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = sender,
            ConfigurationSetName = set + "x",
            Destination = new Destination { ToAddresses = ["x@other.test"] },
            Content = new EmailContent { Simple = new Message { Subject = new Content { Data = "s" }, Body = new Body { Text = new Content { Data = "b" } } } },
        }, Token);
        var unverified = async () => await _sesV2.SendEmailAsync(new SendEmailRequest
        {
            FromEmailAddress = "nobody@unverified.test",
            Destination = new Destination { ToAddresses = ["x@other.test"] },
            Content = new EmailContent { Simple = new Message { Subject = new Content { Data = "s" }, Body = new Body { Text = new Content { Data = "b" } } } },
        }, Token);

        paused.ErrorCode.Should().Be("ConfigurationSetSendingPausedException");
        unknown.ErrorCode.Should().Be("ConfigurationSetDoesNotExist");
        (await v2.Should().ThrowAsync<AmazonSimpleEmailServiceV2Exception>()).Which.ErrorCode.Should().Be("NotFoundException");
        var rejected = (await unverified.Should().ThrowAsync<AmazonSimpleEmailServiceV2Exception>()).Which;
        rejected.ErrorCode.Should().Be("MessageRejected");
        rejected.Message.Should().Contain("Email address is not verified");
    }

    private async Task<(string Set, string QueueUrl)> EventsQueueAsync(IReadOnlyList<string> types)
    {
        var set = Unique("events");
        var topic = (await _sns.CreateTopicAsync(new CreateTopicRequest { Name = set }, Token)).TopicArn;
        var queue = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = set }, Token)).QueueUrl;
        var queueArn = $"arn:aws:sqs:{EmulatorFixture.Region}:000000000000:{set}";
        await _sns.SubscribeAsync(new SubscribeRequest { TopicArn = topic, Protocol = "sqs", Endpoint = queueArn, Attributes = new() { ["RawMessageDelivery"] = "true" } }, Token);
        await _ses.CallAsync("CreateConfigurationSet", Token, ("ConfigurationSet.Name", set));
        var parameters = new List<(string, string)> { ("ConfigurationSetName", set), ("EventDestination.Name", "sns"), ("EventDestination.Enabled", "true"), ("EventDestination.SNSDestination.TopicARN", topic) };
        parameters.AddRange(types.Select((t, i) => ($"EventDestination.MatchingEventTypes.member.{i + 1}", t)));
        (await _ses.CallAsync("CreateConfigurationSetEventDestination", Token, [.. parameters])).Status.Should().Be(200);
        return (set, queue);
    }

    private async Task<List<JsonNode>> ReceiveAsync(string queueUrl, int count)
    {
        var events = new List<JsonNode>();
        for (var attempt = 0; attempt < 10 && events.Count < count; attempt++)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Token);
            events.AddRange((received.Messages ?? []).Select(m => JsonNode.Parse(m.Body)!));
        }

        events.Should().HaveCount(count);
        return events;
    }

    private static string Raw(string from, string to, string extraHeaders, string body, bool base64 = true)
    {
        var text = $"From: {from}\r\nTo: {to}\r\nSubject: raw\r\n{extraHeaders}Message-Id: <{Guid.NewGuid():N}@example.test>\r\n\r\n{body}\r\n";
        return base64 ? Convert.ToBase64String(Encoding.ASCII.GetBytes(text)) : text;
    }
}
