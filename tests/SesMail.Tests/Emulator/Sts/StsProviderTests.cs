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
