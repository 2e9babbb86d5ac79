using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>SES identities and receipt rule sets across an emulator restart, through the project's SES client.</summary>
[Trait("Kind", "Contract")]
public sealed class SesPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReceiptRules_ThenRestart_IdentitiesAndActiveRuleSetRemain()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        string token;
        using (var ses = Ses(emulator))
        {
            token = (await ses.VerifyDomainIdentityAsync(new VerifyDomainIdentityRequest { Domain = "example.test" }, Token)).VerificationToken;
            await ses.VerifyEmailIdentityAsync(new VerifyEmailIdentityRequest { EmailAddress = "ops@example.org" }, Token);
            await ses.CreateReceiptRuleSetAsync(new CreateReceiptRuleSetRequest { RuleSetName = "ses-mail-test" }, Token);
            await ses.CreateReceiptRuleAsync(new CreateReceiptRuleRequest
            {
                RuleSetName = "ses-mail-test",
                Rule = new ReceiptRule
                {
                    Name = "store-and-notify",
                    Enabled = true,
                    ScanEnabled = true,
                    Recipients = ["example.test"],
                    Actions = [new ReceiptAction { S3Action = new S3Action { BucketName = "mail", ObjectKeyPrefix = "emails/", TopicArn = "arn:aws:sns:ap-southeast-2:000000000000:email-received" } }],
                },
            }, Token);
            await ses.SetActiveReceiptRuleSetAsync(new SetActiveReceiptRuleSetRequest { RuleSetName = "ses-mail-test" }, Token);
        }

        await emulator.RestartAsync();

        using var after = Ses(emulator);
        var identities = await after.ListIdentitiesAsync(new ListIdentitiesRequest(), Token);
        var active = await after.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), Token);
        var again = await after.VerifyDomainIdentityAsync(new VerifyDomainIdentityRequest { Domain = "example.test" }, Token);

        identities.Identities.Should().BeEquivalentTo("example.test", "ops@example.org");
        again.VerificationToken.Should().Be(token);
        active.Metadata!.Name.Should().Be("ses-mail-test");
        var rule = active.Rules.Should().ContainSingle().Subject;
        rule.Name.Should().Be("store-and-notify");
        rule.Enabled.Should().BeTrue();
        rule.ScanEnabled.Should().BeTrue();
        rule.Recipients.Should().Equal("example.test");
        rule.Actions.Should().ContainSingle().Which.S3Action!.ObjectKeyPrefix.Should().Be("emails/");
    }

    [Fact]
    public async Task ConfigurationSets_ThenRestart_SetDestinationsAndIdentityDefaultRemain()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        using (var v2 = SesV2(emulator))
        {
            await v2.CreateConfigurationSetAsync(new Amazon.SimpleEmailV2.Model.CreateConfigurationSetRequest { ConfigurationSetName = "outbound", SendingOptions = new() { SendingEnabled = false } }, Token);
            await v2.CreateConfigurationSetEventDestinationAsync(new Amazon.SimpleEmailV2.Model.CreateConfigurationSetEventDestinationRequest
            {
                ConfigurationSetName = "outbound",
                EventDestinationName = "events",
                EventDestination = new() { Enabled = true, MatchingEventTypes = ["SEND", "BOUNCE"], SnsDestination = new() { TopicArn = "arn:aws:sns:ap-southeast-2:000000000000:events" } },
            }, Token);
            await v2.CreateEmailIdentityAsync(new Amazon.SimpleEmailV2.Model.CreateEmailIdentityRequest { EmailIdentity = "example.test", ConfigurationSetName = "outbound" }, Token);
        }

        await emulator.RestartAsync();

        using var after = SesV2(emulator);
        var set = await after.GetConfigurationSetAsync(new Amazon.SimpleEmailV2.Model.GetConfigurationSetRequest { ConfigurationSetName = "outbound" }, Token);
        var destinations = await after.GetConfigurationSetEventDestinationsAsync(new Amazon.SimpleEmailV2.Model.GetConfigurationSetEventDestinationsRequest { ConfigurationSetName = "outbound" }, Token);
        var identity = await after.GetEmailIdentityAsync(new Amazon.SimpleEmailV2.Model.GetEmailIdentityRequest { EmailIdentity = "example.test" }, Token);

        set.SendingOptions!.SendingEnabled.Should().BeFalse();
        var destination = destinations.EventDestinations.Should().ContainSingle().Subject;
        destination.MatchingEventTypes.Should().Equal("SEND", "BOUNCE");
        destination.SnsDestination!.TopicArn.Should().EndWith(":events");
        identity.ConfigurationSetName.Should().Be("outbound");
    }

    private static Amazon.SimpleEmailV2.AmazonSimpleEmailServiceV2Client SesV2(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, new Amazon.SimpleEmailV2.AmazonSimpleEmailServiceV2Config { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static AmazonSimpleEmailServiceClient Ses(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, new AmazonSimpleEmailServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
}
