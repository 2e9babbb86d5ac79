using System.Text;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>Configuration sets, event destinations, identities and sending through Debian's AWS CLI v2: <c>aws ses …</c> (Query) and <c>aws sesv2 …</c> (REST-JSON).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SesConfigurationSetCliTests(EmulatorFixture emulator)
{
    private Task<AwsCli.Result> Ses(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, ["ses", .. args]);

    private Task<AwsCli.Result> SesV2(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, ["sesv2", .. args]);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task SesV2Cli_ConfigurationSetDestinationIdentityAndSend_RoundTrip()
    {
        var set = Unique("cliv2");
        var domain = $"{Unique("cliv2")}.test";
        const string topic = "arn:aws:sns:ap-southeast-2:000000000000:cli-v2-events";

        var created = await SesV2("create-configuration-set", "--configuration-set-name", set, "--reputation-options", "ReputationMetricsEnabled=true", "--sending-options", "SendingEnabled=true");
        var duplicate = await SesV2("create-configuration-set", "--configuration-set-name", set);
        var destination = await SesV2("create-configuration-set-event-destination", "--configuration-set-name", set, "--event-destination-name", "events",
            "--event-destination", $"Enabled=true,MatchingEventTypes=SEND,BOUNCE,SnsDestination={{TopicArn={topic}}}");
        var updated = await SesV2("update-configuration-set-event-destination", "--configuration-set-name", set, "--event-destination-name", "events",
            "--event-destination", $"Enabled=true,MatchingEventTypes=SEND,BOUNCE,COMPLAINT,SnsDestination={{TopicArn={topic}}}");
        var destinations = await SesV2("get-configuration-set-event-destinations", "--configuration-set-name", set);
        var got = await SesV2("get-configuration-set", "--configuration-set-name", set);
        var listed = await SesV2("list-configuration-sets");
        var identity = await SesV2("create-email-identity", "--email-identity", domain);
        var defaulted = await SesV2("put-email-identity-configuration-set-attributes", "--email-identity", domain, "--configuration-set-name", set);
        var gotIdentity = await SesV2("get-email-identity", "--email-identity", domain);
        var identities = await SesV2("list-email-identities");
        var simple = await SesV2("send-email", "--from-email-address", $"me@{domain}", "--destination", "ToAddresses=bounce@simulator.amazonses.com",
            "--content", "Simple={Subject={Data=hello},Body={Text={Data=body}}}");
        var raw = await SesV2("send-email", "--content", $"Raw={{Data={Convert.ToBase64String(Encoding.ASCII.GetBytes($"From: me@{domain}\r\nTo: a@other.test\r\nSubject: raw\r\n\r\nhi\r\n"))}}}");
        var account = await SesV2("get-account");
        var deletedDestination = await SesV2("delete-configuration-set-event-destination", "--configuration-set-name", set, "--event-destination-name", "events");
        var deletedIdentity = await SesV2("delete-email-identity", "--email-identity", domain);
        var deleted = await SesV2("delete-configuration-set", "--configuration-set-name", set);
        var missing = await SesV2("get-configuration-set", "--configuration-set-name", set);

        created.ExitCode.Should().Be(0, created.Error);
        duplicate.Error.Should().Contain("AlreadyExistsException");
        destination.ExitCode.Should().Be(0, destination.Error);
        updated.ExitCode.Should().Be(0, updated.Error);
        destinations.Json["EventDestinations"]![0]!["MatchingEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("SEND", "BOUNCE", "COMPLAINT");
        got.Json["ReputationOptions"]!["ReputationMetricsEnabled"]!.GetValue<bool>().Should().BeTrue();
        listed.Json["ConfigurationSets"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Contain(set);
        identity.Json["IdentityType"]!.GetValue<string>().Should().Be("DOMAIN");
        defaulted.ExitCode.Should().Be(0, defaulted.Error);
        gotIdentity.Json["ConfigurationSetName"]!.GetValue<string>().Should().Be(set);
        identities.Json["EmailIdentities"]!.AsArray().Select(i => i!["IdentityName"]!.GetValue<string>()).Should().Contain(domain);
        simple.ExitCode.Should().Be(0, simple.Error);
        simple.Json["MessageId"]!.GetValue<string>().Should().EndWith("-000000");
        raw.ExitCode.Should().Be(0, raw.Error);
        account.Json["SendQuota"]!["Max24HourSend"]!.GetValue<double>().Should().BePositive();
        deletedDestination.ExitCode.Should().Be(0, deletedDestination.Error);
        deletedIdentity.ExitCode.Should().Be(0, deletedIdentity.Error);
        deleted.ExitCode.Should().Be(0, deleted.Error);
        missing.ExitCode.Should().NotBe(0);
        missing.Error.Should().Contain("NotFoundException");
    }

    [Fact]
    public async Task SesCli_ConfigurationSetsAndSendRawEmailWithOne_RoundTrip()
    {
        var set = Unique("cliv1");
        var domain = $"{Unique("cliv1")}.test";
        const string topic = "arn:aws:sns:ap-southeast-2:000000000000:cli-v1-events";
        var message = Convert.ToBase64String(Encoding.ASCII.GetBytes($"From: me@{domain}\r\nTo: a@other.test\r\nSubject: raw\r\n\r\nhi\r\n"));

        var created = await Ses("create-configuration-set", "--configuration-set", $"Name={set}");
        var destination = await Ses("create-configuration-set-event-destination", "--configuration-set-name", set,
            "--event-destination", $"Name=events,Enabled=true,MatchingEventTypes=send,delivery,SNSDestination={{TopicARN={topic}}}");
        var updated = await Ses("update-configuration-set-event-destination", "--configuration-set-name", set,
            "--event-destination", $"Name=events,Enabled=false,MatchingEventTypes=bounce,SNSDestination={{TopicARN={topic}}}");
        var reputation = await Ses("update-configuration-set-reputation-metrics-enabled", "--configuration-set-name", set, "--enabled");
        var described = await Ses("describe-configuration-set", "--configuration-set-name", set, "--configuration-set-attribute-names", "eventDestinations", "reputationOptions");
        var listed = await Ses("list-configuration-sets");
        (await Ses("verify-domain-identity", "--domain", domain)).ExitCode.Should().Be(0);
        var sent = await Ses("send-raw-email", "--configuration-set-name", set, "--raw-message", $"{{\"Data\":\"{message}\"}}");
        var unknown = await Ses("send-raw-email", "--configuration-set-name", set + "x", "--raw-message", $"{{\"Data\":\"{message}\"}}");
        var paused = await Ses("update-configuration-set-sending-enabled", "--configuration-set-name", set, "--no-enabled");
        var refused = await Ses("send-raw-email", "--configuration-set-name", set, "--raw-message", $"{{\"Data\":\"{message}\"}}");
        var deletedDestination = await Ses("delete-configuration-set-event-destination", "--configuration-set-name", set, "--event-destination-name", "events");
        var deleted = await Ses("delete-configuration-set", "--configuration-set-name", set);
        var missing = await Ses("describe-configuration-set", "--configuration-set-name", set);

        created.ExitCode.Should().Be(0, created.Error);
        destination.ExitCode.Should().Be(0, destination.Error);
        updated.ExitCode.Should().Be(0, updated.Error);
        reputation.ExitCode.Should().Be(0, reputation.Error);
        described.Json["ConfigurationSet"]!["Name"]!.GetValue<string>().Should().Be(set);
        described.Json["EventDestinations"]![0]!["Enabled"]!.GetValue<bool>().Should().BeFalse();
        described.Json["EventDestinations"]![0]!["MatchingEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("bounce");
        described.Json["EventDestinations"]![0]!["SNSDestination"]!["TopicARN"]!.GetValue<string>().Should().Be(topic);
        described.Json["ReputationOptions"]!["ReputationMetricsEnabled"]!.GetValue<bool>().Should().BeTrue();
        listed.Json["ConfigurationSets"]!.AsArray().Select(s => s!["Name"]!.GetValue<string>()).Should().Contain(set);
        sent.ExitCode.Should().Be(0, sent.Error);
        unknown.Error.Should().Contain("ConfigurationSetDoesNotExist");
        paused.ExitCode.Should().Be(0, paused.Error);
        refused.Error.Should().Contain("ConfigurationSetSendingPausedException");
        deletedDestination.ExitCode.Should().Be(0, deletedDestination.Error);
        deleted.ExitCode.Should().Be(0, deleted.Error);
        missing.Error.Should().Contain("ConfigurationSetDoesNotExist");
    }
}
