using System.Text;
using System.Text.Json.Nodes;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>The emulated SES used unchanged by the AWS CLI v2 (<c>aws ses …</c>).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SesCliTests(EmulatorFixture emulator)
{
    private Task<AwsCli.Result> Ses(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, ["ses", .. args]);

    [Fact]
    public async Task GetSendQuota_AfterSending_CountsRecipientsOfTheLast24Hours()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var sender = $"quota-{Guid.NewGuid():N}@example.test";
        (await Ses("verify-email-identity", "--email-address", sender)).ExitCode.Should().Be(0);
        var before = await Ses("get-send-quota");

        var sent = await Ses("send-email", "--from", sender, "--destination", "ToAddresses=a@example.org,b@example.org",
            "--message", "Subject={Data=quota},Body={Text={Data=body}}");
        var after = await Ses("get-send-quota");

        before.ExitCode.Should().Be(0, before.Error);
        sent.ExitCode.Should().Be(0, sent.Error);
        after.Json["Max24HourSend"]!.GetValue<double>().Should().BePositive();
        after.Json["MaxSendRate"]!.GetValue<double>().Should().BePositive();
        (after.Json["SentLast24Hours"]!.GetValue<double>() - before.Json["SentLast24Hours"]!.GetValue<double>()).Should().Be(2);
    }

    [Fact]
    public async Task ReceiptRules_ThroughCli_RoundTripAndReportSesErrorCodes()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var set = $"cli-{Guid.NewGuid():N}"[..16];
        var rule = new JsonObject
        {
            ["Name"] = "receive",
            ["Enabled"] = true,
            ["TlsPolicy"] = "Require",
            ["Recipients"] = new JsonArray("example.test", ".sub.example.test"),
            ["Actions"] = new JsonArray(new JsonObject
            {
                ["S3Action"] = new JsonObject
                {
                    ["BucketName"] = "ses-mail-storage-000000000000-test",
                    ["ObjectKeyPrefix"] = "emails/",
                    ["TopicArn"] = "arn:aws:sns:ap-southeast-2:000000000000:ses-email-processing-test",
                },
            }),
            ["ScanEnabled"] = true,
        }.ToJsonString();

        (await Ses("create-receipt-rule-set", "--rule-set-name", set)).ExitCode.Should().Be(0);
        var created = await Ses("create-receipt-rule", "--rule-set-name", set, "--rule", rule);
        var described = await Ses("describe-receipt-rule-set", "--rule-set-name", set);
        var duplicate = await Ses("create-receipt-rule-set", "--rule-set-name", set);
        var missingRule = await Ses("describe-receipt-rule", "--rule-set-name", set, "--rule-name", "missing");

        created.ExitCode.Should().Be(0, created.Error);
        described.ExitCode.Should().Be(0, described.Error);
        described.Json["Metadata"]!["Name"]!.GetValue<string>().Should().Be(set);
        var read = described.Json["Rules"]![0]!;
        read["Name"]!.GetValue<string>().Should().Be("receive");
        read["Enabled"]!.GetValue<bool>().Should().BeTrue();
        read["TlsPolicy"]!.GetValue<string>().Should().Be("Require");
        read["ScanEnabled"]!.GetValue<bool>().Should().BeTrue();
        read["Recipients"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("example.test", ".sub.example.test");
        read["Actions"]![0]!["S3Action"]!["ObjectKeyPrefix"]!.GetValue<string>().Should().Be("emails/");
        duplicate.ExitCode.Should().NotBe(0);
        duplicate.Error.Should().Contain("AlreadyExists");
        missingRule.Error.Should().Contain("RuleDoesNotExist");
    }

    [Fact]
    public async Task SendRawEmail_ThroughCli_RejectsUnverifiedAndAcceptsVerified()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var domain = $"cli{Guid.NewGuid():N}"[..12] + ".test";
        var raw = Convert.ToBase64String(Encoding.ASCII.GetBytes($"From: bounce@{domain}\r\nTo: b@else.test\r\nSubject: x\r\n\r\nhi\r\n"));

        var rejected = await Ses("send-raw-email", "--raw-message", $"{{\"Data\":\"{raw}\"}}");
        (await Ses("verify-domain-identity", "--domain", domain)).ExitCode.Should().Be(0);
        var accepted = await Ses("send-raw-email", "--raw-message", $"{{\"Data\":\"{raw}\"}}");

        rejected.ExitCode.Should().NotBe(0);
        rejected.Error.Should().Contain("MessageRejected");
        accepted.ExitCode.Should().Be(0, accepted.Error);
        accepted.Json["MessageId"]!.GetValue<string>().Should().EndWith("-000000");
    }
}
