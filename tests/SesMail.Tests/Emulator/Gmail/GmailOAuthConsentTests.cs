using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>
/// Contract tests of the stand-in's consent step (<c>GET /_sesmail/oauth2/auth</c>) and of
/// <c>grant_type=authorization_code</c> on its token endpoint, following
/// https://developers.google.com/identity/protocols/oauth2/native-app (steps 2–5) and RFC 6749 §4.1, §5.2.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailOAuthConsentTests(EmulatorFixture emulator) : IDisposable
{
    private const string Scope = "https://www.googleapis.com/auth/gmail.insert";
    private const string Redirect = "http://localhost:8080/";
    private readonly GmailStandInDriver _gmail = new(emulator.BaseUrl);
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = emulator.BaseUrl };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _gmail.Dispose();
        _browser.Dispose();
    }

    private static string AuthPath(IDictionary<string, string?> overrides)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = "sesmail-local",
            ["redirect_uri"] = Redirect,
            ["response_type"] = "code",
            ["scope"] = Scope,
            ["state"] = "xyz-123",
            ["access_type"] = "offline",
        };
        foreach (var (name, value) in overrides)
        {
            query[name] = value;
        }

        return QueryHelpers.AddQueryString("/_sesmail/oauth2/auth", query.Where(p => p.Value is not null));
    }

    private async Task<HttpResponseMessage> ConsentAsync(params (string Name, string? Value)[] overrides) =>
        await _browser.GetAsync(new Uri(AuthPath(overrides.ToDictionary(o => o.Name, o => o.Value)), UriKind.Relative), Ct);

    private async Task<string> CodeAsync(params (string Name, string? Value)[] overrides)
    {
        using var response = await ConsentAsync(overrides);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return QueryHelpers.ParseQuery(response.Headers.Location!.Query)["code"].ToString();
    }

    private async Task<(HttpStatusCode Status, JsonObject Json)> ExchangeAsync(string code, string redirectUri = Redirect, string secret = "sesmail-local-secret", string? verifier = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = "sesmail-local",
            ["client_secret"] = secret,
        };
        if (verifier is not null)
        {
            fields["code_verifier"] = verifier;
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await _gmail.Http.PostAsync(new Uri("/_sesmail/oauth2/token", UriKind.Relative), form, Ct);
        return (response.StatusCode, await GmailStandInDriver.JsonAsync(response, Ct));
    }

    [Fact]
    public async Task Auth_ValidRequest_RedirectsToRedirectUriWithCodeScopeAndState()
    {
        using var response = await ConsentAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).Should().Be(Redirect);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["code"].ToString().Should().NotBeNullOrEmpty();
        query["state"].ToString().Should().Be("xyz-123");
        query["scope"].ToString().Should().Be(Scope);
    }

    [Fact]
    public async Task Token_AuthorizationCode_ReturnsRefreshTokenOfTheDefaultMailboxThatWorksOnGmail()
    {
        var code = await CodeAsync();

        var (status, json) = await ExchangeAsync(code);

        status.Should().Be(HttpStatusCode.OK, json.ToJsonString());
        json["refresh_token"]!.GetValue<string>().Should().Be("sesmail-local-refresh:me@example.test");
        json["token_type"]!.GetValue<string>().Should().Be("Bearer");
        json["scope"]!.GetValue<string>().Should().Be(Scope);
        json["expires_in"]!.GetValue<int>().Should().BePositive();
        using var labels = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/labels", json["access_token"]!.GetValue<string>()), Ct);
        labels.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_LoginHint_GrantsThatMailboxAndRestoresItsRevokedToken()
    {
        var mailbox = GmailStandInDriver.NewMailbox("consent");
        await _gmail.RevokeAsync(mailbox, Ct);
        var code = await CodeAsync(("login_hint", mailbox.ToUpperInvariant()));

        var (status, json) = await ExchangeAsync(code);

        status.Should().Be(HttpStatusCode.OK, json.ToJsonString());
        json["refresh_token"]!.GetValue<string>().Should().Be(GmailStandInDriver.RefreshTokenFor(mailbox));
        (await _gmail.AccessTokenAsync(mailbox, Ct)).Should().NotBeNullOrEmpty("a new consent grants access again");
    }

    [Fact]
    public async Task Token_ConsentWithoutOfflineAccess_ReturnsNoRefreshToken()
    {
        var code = await CodeAsync(("access_type", null));

        var (status, json) = await ExchangeAsync(code);

        status.Should().Be(HttpStatusCode.OK);
        json.ContainsKey("access_token").Should().BeTrue();
        json.ContainsKey("refresh_token").Should().BeFalse("Google returns a refresh token only for access_type=offline");
    }

    [Fact]
    public async Task Token_ReplayedCode_AnswersInvalidGrant()
    {
        var code = await CodeAsync();
        (await ExchangeAsync(code)).Status.Should().Be(HttpStatusCode.OK);

        var (status, json) = await ExchangeAsync(code);

        status.Should().Be(HttpStatusCode.BadRequest);
        json["error"]!.GetValue<string>().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Token_OtherRedirectUri_AnswersRedirectUriMismatchAndBurnsTheCode()
    {
        var code = await CodeAsync();

        var (status, json) = await ExchangeAsync(code, redirectUri: "http://localhost:9999/");

        status.Should().Be(HttpStatusCode.BadRequest);
        json["error"]!.GetValue<string>().Should().Be("redirect_uri_mismatch");
        (await ExchangeAsync(code)).Json["error"]!.GetValue<string>().Should().Be("invalid_grant");
    }

    [Fact]
    public async Task Token_WrongClientSecret_Answers401InvalidClientAndKeepsTheCode()
    {
        var code = await CodeAsync();

        var (status, json) = await ExchangeAsync(code, secret: "not-the-secret");

        status.Should().Be(HttpStatusCode.Unauthorized);
        json["error"]!.GetValue<string>().Should().Be("invalid_client");
        (await ExchangeAsync(code)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_PkceS256_ChecksTheVerifier()
    {
        const string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var wrong = await CodeAsync(("code_challenge", challenge), ("code_challenge_method", "S256"));
        var right = await CodeAsync(("code_challenge", challenge), ("code_challenge_method", "S256"));

        var refused = await ExchangeAsync(wrong, verifier: "another-verifier-another-verifier-another-verifier");
        var accepted = await ExchangeAsync(right, verifier: verifier);

        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Json["error"]!.GetValue<string>().Should().Be("invalid_grant");
        accepted.Status.Should().Be(HttpStatusCode.OK, accepted.Json.ToJsonString());
    }

    [Fact]
    public async Task Auth_UnknownClient_Answers401PageWithoutRedirect()
    {
        using var response = await ConsentAsync(("client_id", "someone-else"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("invalid_client");
    }

    [Theory]
    [InlineData("https://evil.example/callback")]
    [InlineData("http://192.0.2.10:8080/")]
    [InlineData("not a uri")]
    public async Task Auth_NonLoopbackRedirectUri_Answers400RedirectUriMismatchWithoutRedirect(string redirectUri)
    {
        using var response = await ConsentAsync(("redirect_uri", redirectUri));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("redirect_uri_mismatch");
    }

    [Theory]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("response_type", null, "unsupported_response_type")]
    [InlineData("scope", null, "invalid_request")]
    public async Task Auth_BadRequestWithTrustedRedirect_RedirectsWithErrorAndState(string name, string? value, string error)
    {
        using var response = await ConsentAsync((name, value));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        query["error"].ToString().Should().Be(error);
        query["state"].ToString().Should().Be("xyz-123");
        query.ContainsKey("code").Should().BeFalse();
    }
}
