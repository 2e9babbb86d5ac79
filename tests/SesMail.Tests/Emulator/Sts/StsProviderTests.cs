using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Sts;

[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StsProviderTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task GetCallerIdentity_WithSdkClient_ReturnsEmulatedAccount()
    {
        using var sts = new AmazonSecurityTokenServiceClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSecurityTokenServiceConfig()));

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);

        identity.Account.Should().Be("000000000000");
        identity.Arn.Should().Be("arn:aws:iam::000000000000:user/sesmail");
        identity.UserId.Should().Be("AKIDSESMAILTEST");
    }

    [Fact]
    public async Task AssumeRoleAndGetSessionToken_WithSdkClient_IssueTemporaryCredentials()
    {
        using var sts = new AmazonSecurityTokenServiceClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSecurityTokenServiceConfig()));
        var ct = TestContext.Current.CancellationToken;

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::000000000000:role/ses-mail-router",
            RoleSessionName = "deploy",
            DurationSeconds = 1800,
        }, ct);
        var session = await sts.GetSessionTokenAsync(new GetSessionTokenRequest(), ct);
        var tooShort = int.Parse("60", System.Globalization.CultureInfo.InvariantCulture); // below AssumeRole's 900-second minimum
        var badDuration = () => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::000000000000:role/x", RoleSessionName = "s1", DurationSeconds = tooShort }, ct);

        assumed.AssumedRoleUser.Arn.Should().Be("arn:aws:sts::000000000000:assumed-role/ses-mail-router/deploy");
        assumed.AssumedRoleUser.AssumedRoleId.Should().EndWith(":deploy");
        assumed.Credentials.AccessKeyId.Should().StartWith("ASIA");
        assumed.Credentials.SecretAccessKey.Should().NotBeNullOrEmpty();
        assumed.Credentials.SessionToken.Should().NotBeNullOrEmpty();
        assumed.Credentials.Expiration.Should().BeCloseTo(DateTime.UtcNow.AddSeconds(1800), TimeSpan.FromMinutes(5));
        session.Credentials.AccessKeyId.Should().StartWith("ASIA");
        session.Credentials.Expiration.Should().BeAfter(DateTime.UtcNow.AddHours(11));
        (await badDuration.Should().ThrowAsync<AmazonSecurityTokenServiceException>()).Which.ErrorCode.Should().Be("ValidationError");
    }

    [Fact]
    public async Task Health_WhenRunning_ListsSts()
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };

        var body = await http.GetStringAsync(new Uri("/_sesmail/health", UriKind.Relative), TestContext.Current.CancellationToken);

        body.Should().Contain("\"status\":\"running\"").And.Contain("\"sts\"");
    }

    [Fact]
    public async Task UnknownAction_ReturnsQueryErrorWithInvalidAction()
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "NoSuchThing", ["Version"] = "2011-06-15" });

        using var response = await http.PostAsync(new Uri("/", UriKind.Relative), form, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)response.StatusCode).Should().Be(400);
        body.Should().Contain("<Code>InvalidAction</Code>").And.Contain("<RequestId>");
    }
}
