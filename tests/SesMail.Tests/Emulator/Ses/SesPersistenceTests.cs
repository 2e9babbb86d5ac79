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

    private static AmazonSimpleEmailServiceClient Ses(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, new AmazonSimpleEmailServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
}
