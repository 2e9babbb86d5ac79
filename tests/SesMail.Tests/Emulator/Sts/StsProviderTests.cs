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
        identity.Arn.Should().Be("arn:aws:iam::000000000000:root");
        identity.UserId.Should().Be("000000000000");
    }

    [Fact]
    public async Task AssumeRoleAndGetSessionToken_WithSdkClient_IssueTemporaryCredentials()
    {
        using var sts = new AmazonSecurityTokenServiceClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSecurityTokenServiceConfig()));
        using var iam = new Amazon.IdentityManagement.AmazonIdentityManagementServiceClient(EmulatorFixture.Credentials,
            new Amazon.IdentityManagement.AmazonIdentityManagementServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var ct = TestContext.Current.CancellationToken;
        await iam.CreateRoleAsync(new Amazon.IdentityManagement.Model.CreateRoleRequest
        {
            RoleName = "ses-mail-router",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }, ct);

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
        session.Credentials.Expiration.Should().BeCloseTo(DateTime.UtcNow.AddHours(1), TimeSpan.FromMinutes(5)); // root sessions last at most an hour
        (await badDuration.Should().ThrowAsync<AmazonSecurityTokenServiceException>()).Which.ErrorCode.Should().Be("ValidationError");
    }

    [Fact]
    public async Task AssumeRole_UnknownRole_ThrowsAccessDenied403()
    {
        using var sts = new AmazonSecurityTokenServiceClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSecurityTokenServiceConfig()));

        var assume = () => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::000000000000:role/no-such-role", RoleSessionName = "s1" }, TestContext.Current.CancellationToken);

        var error = (await assume.Should().ThrowAsync<AmazonSecurityTokenServiceException>()).Which;
        error.ErrorCode.Should().Be("AccessDenied");
        ((int)error.StatusCode).Should().Be(403);
        error.Message.Should().Be("User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/no-such-role");
    }

    [Fact]
    public async Task AssumeRole_UserNotInTrustPolicy_IsDeniedAndTrustedUserIsAllowed()
    {
        using var iam = new Amazon.IdentityManagement.AmazonIdentityManagementServiceClient(EmulatorFixture.Credentials,
            new Amazon.IdentityManagement.AmazonIdentityManagementServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var keys = new List<Amazon.IdentityManagement.Model.AccessKey>();
        foreach (var user in new[] { $"trusted-{suffix}", $"stranger-{suffix}" })
        {
            await iam.CreateUserAsync(new Amazon.IdentityManagement.Model.CreateUserRequest { UserName = user }, ct);
            keys.Add((await iam.CreateAccessKeyAsync(new Amazon.IdentityManagement.Model.CreateAccessKeyRequest { UserName = user }, ct)).AccessKey);
        }

        await iam.CreateRoleAsync(new Amazon.IdentityManagement.Model.CreateRoleRequest
        {
            RoleName = $"deploy-{suffix}",
            AssumeRolePolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/trusted-{{suffix}}"},"Action":"sts:AssumeRole"}]}""",
        }, ct);
        var request = new AssumeRoleRequest { RoleArn = $"arn:aws:iam::000000000000:role/deploy-{suffix}", RoleSessionName = "s1" };
        using var trusted = new AmazonSecurityTokenServiceClient(new Amazon.Runtime.BasicAWSCredentials(keys[0].AccessKeyId, keys[0].SecretAccessKey), emulator.Configure(new AmazonSecurityTokenServiceConfig()));
        using var stranger = new AmazonSecurityTokenServiceClient(new Amazon.Runtime.BasicAWSCredentials(keys[1].AccessKeyId, keys[1].SecretAccessKey), emulator.Configure(new AmazonSecurityTokenServiceConfig()));

        var assumed = await trusted.AssumeRoleAsync(request, ct);
        var refused = () => stranger.AssumeRoleAsync(request, ct);

        assumed.AssumedRoleUser.Arn.Should().Be($"arn:aws:sts::000000000000:assumed-role/deploy-{suffix}/s1");
        var error = (await refused.Should().ThrowAsync<AmazonSecurityTokenServiceException>()).Which;
        error.ErrorCode.Should().Be("AccessDenied");
        error.Message.Should().StartWith($"User: arn:aws:iam::000000000000:user/stranger-{suffix} is not authorized to perform: sts:AssumeRole");
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
