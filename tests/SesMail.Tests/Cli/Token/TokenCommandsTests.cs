using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using SesMail.Cli.Hosting;
using SesMail.Functions.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Token;

/// <summary>
/// <c>sesmail token status|set-client|refresh</c> against an in-process emulator of their own (SSM and the Gmail
/// stand-in); the test plays the browser of the consent flow with an HTTP client.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class TokenCommandsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string TokenParameter = "/ses-mail/test/gmail-forwarder/oauth/refresh-token";
    private const string ClientParameter = "/ses-mail/test/gmail-forwarder/oauth/client-credentials";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);

    private readonly AmazonSimpleSystemsManagementClient _ssm = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSimpleSystemsManagementConfig()));
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly List<Task<HttpResponseMessage>> _browser = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _ssm.Dispose();

    private async Task<(int Code, string Out, string Error)> RunAsync(Func<Uri, Uri>? browse, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(_clock, browse is null ? null : url =>
        {
            _browser.Add(FollowAsync(browse(url)));
            return true;
        });
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.ForArguments(args)], CliConsole.ForText(output, error), host, Ct);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>The browser: consent page of the stand-in, then its redirect to the CLI's callback listener.</summary>
    private static async Task<HttpResponseMessage> FollowAsync(Uri url)
    {
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await browser.GetAsync(url, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }

    private Task PutAsync(string name, string value) =>
        _ssm.PutParameterAsync(new PutParameterRequest { Name = name, Value = value, Type = "SecureString", Overwrite = true }, Ct);

    private async Task<string> GetAsync(string name) =>
        (await _ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, Ct)).Parameter.Value;

    private Task PutLocalClientAsync(string secret = "sesmail-local-secret") => PutAsync(
        ClientParameter,
        new JsonObject
        {
            ["installed"] = new JsonObject
            {
                ["client_id"] = "sesmail-local",
                ["client_secret"] = secret,
                ["token_uri"] = new Uri(emulator.BaseUrl, "/_sesmail/oauth2/token").AbsoluteUri,
                ["auth_uri"] = new Uri(emulator.BaseUrl, "/_sesmail/oauth2/auth").AbsoluteUri,
                ["redirect_uris"] = new JsonArray("http://localhost"),
            },
        }.ToJsonString());

    private Task PutTokenExpiringInAsync(TimeSpan left)
    {
        var expires = Now + left;
        return PutAsync(TokenParameter, $"{{\"token\":\"sesmail-local-refresh:me@example.test\",\"created_at\":\"{expires.AddDays(-7):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"expires_at\":\"{expires:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"expires_at_epoch\":{expires.ToUnixTimeSeconds()}}}");
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Token", name);

    // ---------------------------------------------------------------- status

    [Theory]
    [InlineData(3 * 24 * 3600, "ok", 0)]
    [InlineData(20 * 3600, "warning", 0)]
    [InlineData(5 * 3600, "critical", 0)]
    [InlineData(-60, "expired", 3)]
    public async Task Status_StoredToken_ReportsStateSecondsAndExitCode(int secondsLeft, string state, int exitCode)
    {
        await PutTokenExpiringInAsync(TimeSpan.FromSeconds(secondsLeft));
        _clock.Advance(TimeSpan.FromMilliseconds(500));

        var (code, output, error) = await RunAsync("token", "status", "--offline", "--output", "json");

        code.Should().Be(exitCode, error);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("state").GetString().Should().Be(state);
        json.GetProperty("checked").GetBoolean().Should().BeFalse();
        json.GetProperty("parameter").GetString().Should().Be(TokenParameter);
        json.GetProperty("tokenSecondsUntilExpiration").GetDouble().Should().Be(secondsLeft - 0.5);
        json.GetProperty("expiresAtEpoch").GetDouble().Should().Be((Now + TimeSpan.FromSeconds(secondsLeft)).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Status_Table_ShowsTimesAndWhatToRun()
    {
        await PutLocalClientAsync();
        await PutTokenExpiringInAsync(TimeSpan.FromHours(2));

        var (code, output, _) = await RunAsync("token", "status");

        code.Should().Be(0);
        output.Should().Contain("critical: expires within 6 h").And.Contain("7,200 (in 2 h 0 min)").And.NotContain("7,200.")
            .And.Contain("sesmail token refresh --env test").And.Contain((Now + TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
    }

    [Fact]
    public async Task Status_RevokedBeforeItsStoredExpiry_ReportsRevokedParkedMailAndExits3()
    {
        var token = await PutProdTokenAsync(TimeSpan.FromDays(3));
        await RevokeAsync(token);
        await ParkProdMailAsync(2);

        var (code, output, error) = await RunAsync("token", "status", "--env", "prod", "--output", "json");
        var table = await RunAsync("token", "status", "--env", "prod");

        code.Should().Be(3, error);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("state").GetString().Should().Be("revoked");
        json.GetProperty("checked").GetBoolean().Should().BeTrue();
        json.GetProperty("tokenEndpointError").GetString().Should().Be("invalid_grant: Token has been expired or revoked.");
        json.GetProperty("tokenEndpoint").GetString().Should().EndWith("/_sesmail/oauth2/token");
        json.GetProperty("parkedMessages").GetInt64().Should().Be(2);
        json.GetProperty("retryQueue").GetString().Should().Be("ses-mail-gmail-forwarder-retry-prod");
        json.GetProperty("next").GetString().Should().Be("sesmail token refresh --env prod");
        json.TryGetProperty("account", out _).Should().BeFalse("the default token records no Gmail account");
        table.Code.Should().Be(3);
        table.Out.Should().Contain("revoked").And.Contain("2 in ses-mail-gmail-forwarder-retry-prod").And.Contain("Fix: sesmail token refresh --env prod");
    }

    [Fact]
    public async Task Status_RefusedAfterItsStoredExpiry_ReportsExpiredAndExits3()
    {
        var token = await PutProdTokenAsync(TimeSpan.FromMinutes(-5));
        await RevokeAsync(token);

        var (code, output, _) = await RunAsync("token", "status", "--env", "prod", "--output", "json");

        code.Should().Be(3);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("state").GetString().Should().Be("expired");
        json.GetProperty("tokenEndpointError").GetString().Should().StartWith("invalid_grant");
    }

    [Fact]
    public async Task Status_TokenTheEndpointAccepts_IsOkEvenOfflineDatesSayExpired()
    {
        await PutProdTokenAsync(TimeSpan.FromDays(3));
        var live = await RunAsync("token", "status", "--env", "prod", "--output", "json");
        await PutProdTokenAsync(TimeSpan.FromMinutes(-5));
        var published = await RunAsync("token", "status", "--env", "prod", "--output", "json");
        var offline = await RunAsync("token", "status", "--env", "prod", "--offline", "--output", "json");

        live.Code.Should().Be(0, live.Error);
        JsonDocument.Parse(live.Out).RootElement.GetProperty("state").GetString().Should().Be("ok");
        JsonDocument.Parse(live.Out).RootElement.TryGetProperty("tokenEndpointError", out _).Should().BeFalse();
        published.Code.Should().Be(0, "Google still issues access tokens for it (a published app's token does not expire after 7 days)");
        JsonDocument.Parse(published.Out).RootElement.GetProperty("message").GetString().Should().Contain("published");
        offline.Code.Should().Be(3);
        JsonDocument.Parse(offline.Out).RootElement.GetProperty("state").GetString().Should().Be("expired");
    }

    [Fact]
    public async Task Status_NoOAuthClientStored_ReportsInvalidClientAndTheSetClientCommand()
    {
        await PutProdTokenAsync(TimeSpan.FromDays(3));
        await PutAsync("/ses-mail/prod/gmail-forwarder/oauth/client-credentials", "PLACEHOLDER");

        var (code, output, _) = await RunAsync("token", "status", "--env", "prod", "--output", "json");

        code.Should().Be(3);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("state").GetString().Should().Be("invalid-client");
        json.GetProperty("next").GetString().Should().StartWith("sesmail token set-client --file client_secret.json --env prod");
    }

    /// <summary>A prod stack (parameters and retry queue of its own) whose token is valid in the stand-in.</summary>
    private async Task<string> PutProdTokenAsync(TimeSpan left)
    {
        var token = $"sesmail-local-refresh:status-{Guid.NewGuid():N}@example.test";
        var expires = Now + left;
        await PutAsync(
            "/ses-mail/prod/gmail-forwarder/oauth/refresh-token",
            $"{{\"token\":\"{token}\",\"created_at\":\"{expires.AddDays(-7):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"expires_at\":\"{expires:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"expires_at_epoch\":{expires.ToUnixTimeSeconds()}}}");
        await PutAsync("/ses-mail/prod/gmail-forwarder/oauth/client-credentials", (await GetClientJsonAsync()));
        return token;
    }

    private async Task<string> GetClientJsonAsync()
    {
        await PutLocalClientAsync();
        return await GetAsync(ClientParameter);
    }

    private async Task RevokeAsync(string refreshToken)
    {
        using var http = new HttpClient();
        using var body = new StringContent(new JsonObject { ["refreshToken"] = refreshToken }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        (await http.PostAsync(new Uri(emulator.BaseUrl, "/_sesmail/gmail/revoked-refresh-tokens"), body, Ct)).EnsureSuccessStatusCode();
    }

    private async Task ParkProdMailAsync(int count)
    {
        using var sqs = new Amazon.SQS.AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new Amazon.SQS.AmazonSQSConfig()));
        var retry = (await sqs.CreateQueueAsync("ses-mail-gmail-forwarder-retry-prod", Ct)).QueueUrl;
        await sqs.PurgeQueueAsync(retry, Ct);
        for (var i = 0; i < count; i++)
        {
            await sqs.SendMessageAsync(retry, "{\"detail\":{}}", Ct);
        }
    }

    [Fact]
    public async Task Status_TemplatePlaceholder_SaysNeverRefreshedAndExits3()
    {
        await PutAsync(TokenParameter, "PLACEHOLDER - run the OAuth refresh to store a token");

        var (code, output, _) = await RunAsync("token", "status");

        code.Should().Be(3);
        output.Should().Contain("placeholder").And.Contain("sesmail token set-client").And.Contain("sesmail token refresh --env test");
    }

    [Fact]
    public async Task Status_ParameterMissing_SaysWhichAndExits1()
    {
        try
        {
            await _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = "/ses-mail/prod/gmail-forwarder/oauth/refresh-token" }, Ct);
        }
        catch (ParameterNotFoundException)
        {
        }

        var (code, _, error) = await RunAsync("token", "status", "--env", "prod");

        code.Should().Be(1);
        error.Should().Contain("/ses-mail/prod/gmail-forwarder/oauth/refresh-token does not exist").And.Contain("hint:");
    }

    // ---------------------------------------------------------------- set-client

    [Fact]
    public async Task SetClient_DesktopClientFile_IsStoredAsSecureStringVerbatim()
    {
        var (code, output, error) = await RunAsync("token", "set-client", "--file", Fixture("client_secret_desktop.json"), "--output", "json");

        code.Should().Be(0, error);
        JsonDocument.Parse(output).RootElement.GetProperty("clientType").GetString().Should().Be("installed");
        var stored = await _ssm.GetParameterAsync(new GetParameterRequest { Name = ClientParameter, WithDecryption = true }, Ct);
        stored.Parameter.Type.Should().Be(ParameterType.SecureString);
        stored.Parameter.Value.Should().Be((await File.ReadAllTextAsync(Fixture("client_secret_desktop.json"), Ct)).Trim());
        GmailClientSecrets.Parse(stored.Parameter.Value).ClientSecret.Should().Be("GOCSPX-example-not-a-real-secret");
    }

    [Theory]
    [InlineData("client_secret_no_secret.json", "client_secret")]
    [InlineData("client_secret_web_no_id.json", "client_id")]
    [InlineData("client_secret_wrong_shape.json", "\"installed\" or \"web\"")]
    public async Task SetClient_InvalidFile_NamesTheMissingFieldAndStoresNothing(string file, string named)
    {
        await PutAsync(ClientParameter, "before");

        var (code, _, error) = await RunAsync("token", "set-client", "--file", Fixture(file));

        code.Should().Be(1);
        error.Should().Contain(named).And.Contain("Nothing was stored").And.Contain("hint:");
        (await GetAsync(ClientParameter)).Should().Be("before");
    }

    [Fact]
    public async Task SetClient_FileMissing_SaysSo()
    {
        var (code, _, error) = await RunAsync("token", "set-client", "--file", Fixture("nope.json"));

        code.Should().Be(1);
        error.Should().Contain("cannot read").And.Contain("nope.json");
    }

    // ---------------------------------------------------------------- refresh

    [Fact]
    public async Task Refresh_ConsentAgainstStandIn_StoresASevenDayTokenThatGmailAccepts()
    {
        await PutLocalClientAsync();
        await PutAsync(TokenParameter, "PLACEHOLDER - run the OAuth refresh to store a token");
        var mailbox = $"owner-{Guid.NewGuid():N}@example.test";
        var port = LoopbackPort.Free();

        var (code, output, error) = await RunAsync(url => url, "token", "refresh", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--login-hint", mailbox, "--timeout", "60");

        code.Should().Be(0, error + output);
        _browser.Should().ContainSingle();
        using (var callback = await _browser[0])
        {
            callback.StatusCode.Should().Be(HttpStatusCode.OK);
            (await callback.Content.ReadAsStringAsync(Ct)).Should().Contain("authorisation received");
            callback.RequestMessage!.RequestUri!.Port.Should().Be(port);
        }

        output.Should().Contain("/_sesmail/oauth2/auth?").And.Contain("Stored a new refresh token").And.Contain("sesmail queues").And.Contain("retry processor");
        var consentUrl = new Uri(output.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/_sesmail/oauth2/auth?", StringComparison.Ordinal)));
        var query = QueryHelpers.ParseQuery(consentUrl.Query);
        query["redirect_uri"].ToString().Should().Be($"http://localhost:{port}/");
        query["scope"].ToString().Should().Be("https://www.googleapis.com/auth/gmail.insert");
        query["access_type"].ToString().Should().Be("offline");

        var stored = JsonNode.Parse(await GetAsync(TokenParameter))!.AsObject();
        stored["token"]!.GetValue<string>().Should().Be($"sesmail-local-refresh:{mailbox}");
        stored["created_at"]!.GetValue<string>().Should().Be("2026-11-29T15:00:00Z");
        stored["expires_at"]!.GetValue<string>().Should().Be("2026-12-06T15:00:00Z");
        stored["expires_at_epoch"]!.GetValue<long>().Should().Be(Now.AddDays(7).ToUnixTimeSeconds());
        (await _ssm.GetParameterAsync(new GetParameterRequest { Name = TokenParameter }, Ct)).Parameter.Type.Should().Be(ParameterType.SecureString);

        // The forwarder's own token source and a Gmail call with the stored token.
        using var source = new GoogleRefreshTokenSource(GmailClientSecrets.Parse(await GetAsync(ClientParameter)), stored["token"]!.GetValue<string>());
        var accessToken = await source.GetAccessTokenAsync(forceRefresh: false, Ct);
        using var gmail = new HttpClient { BaseAddress = emulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/gmail/v1/users/me/labels", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var labels = await gmail.SendAsync(request, Ct);
        labels.StatusCode.Should().Be(HttpStatusCode.OK);

        var status = await RunAsync("token", "status", "--output", "json");
        status.Code.Should().Be(0);
        JsonDocument.Parse(status.Out).RootElement.GetProperty("tokenSecondsUntilExpiration").GetDouble().Should().Be(7 * 24 * 3600);
    }

    [Fact]
    public async Task Refresh_AnswerWithoutRefreshToken_ExplainsPermissionsPageAndStoresNothing()
    {
        await PutLocalClientAsync();
        await PutAsync(TokenParameter, "before");

        // A consent without access_type=offline: the token endpoint then answers without a refresh token.
        var (code, _, error) = await RunAsync(
            url => new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), QueryHelpers.ParseQuery(url.Query).Where(p => p.Key != "access_type").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())))),
            "token", "refresh", "--port", "0", "--timeout", "60");

        code.Should().Be(1);
        error.Should().Contain("without a refresh token").And.Contain("https://myaccount.google.com/permissions");
        (await GetAsync(TokenParameter)).Should().Be("before");
    }

    [Fact]
    public async Task Refresh_WrongClientSecret_SaysTheClientWasRefusedAndStoresNothing()
    {
        await PutLocalClientAsync(secret: "not-the-secret");
        await PutAsync(TokenParameter, "before");

        var (code, _, error) = await RunAsync(url => url, "token", "refresh", "--port", "0", "--timeout", "60");

        code.Should().Be(1);
        error.Should().Contain("refused the OAuth client sesmail-local").And.Contain("invalid_client").And.Contain("sesmail token set-client");
        (await GetAsync(TokenParameter)).Should().Be("before");
    }

    [Fact]
    public async Task Refresh_ClientParameterIsPlaceholder_SaysToRunSetClient()
    {
        await PutAsync(ClientParameter, "PLACEHOLDER - upload the Google client_secret.json");

        var (code, _, error) = await RunAsync(url => url, "token", "refresh", "--port", "0");

        code.Should().Be(1);
        error.Should().Contain("does not hold a usable OAuth client").And.Contain("sesmail token set-client --file");
        _browser.Should().BeEmpty();
    }

    [Fact]
    public async Task Refresh_NoBrowserComesBack_TimesOutWithAHint()
    {
        await PutLocalClientAsync();

        var (code, output, error) = await RunAsync("token", "refresh", "--port", "0", "--no-browser", "--timeout", "1");

        code.Should().Be(1);
        output.Should().Contain("/_sesmail/oauth2/auth?");
        error.Should().Contain("no answer reached http://localhost:").And.Contain("--timeout");
    }

    [Fact]
    public async Task Refresh_Interrupted_Exits130AndStoresNothing()
    {
        await PutLocalClientAsync();
        await PutAsync(TokenParameter, "before");
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        interrupt.CancelAfter(TimeSpan.FromSeconds(1));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(
            ["token", "refresh", "--port", "0", "--no-browser", "--timeout", "60", "--endpoint", emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.For()],
            CliConsole.ForText(output, error),
            new CliHost(_clock),
            interrupt.Token).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        code.Should().Be(130, error.ToString());
        (await GetAsync(TokenParameter)).Should().Be("before");
    }

    [Fact]
    public async Task Refresh_ConsentDenied_SaysSoAndStoresNothing()
    {
        await PutLocalClientAsync();
        await PutAsync(TokenParameter, "before");

        // The user clicks "Cancel": Google redirects to the callback with error=access_denied (RFC 6749 §4.1.2.1).
        var (code, output, error) = await RunAsync(
            url =>
            {
                var query = QueryHelpers.ParseQuery(url.Query);
                return new Uri(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?> { ["error"] = "access_denied" }));
            },
            "token", "refresh", "--port", "0", "--timeout", "60");

        code.Should().Be(1, output);
        error.Should().Contain("consent was denied", output).And.Contain("access_denied");
        (await GetAsync(TokenParameter)).Should().Be("before");
    }

    [Fact]
    public async Task Refresh_JsonWithParkedMail_ReportsTheRetryQueueDepthStartsTheRetryProcessorAndKeepsStdoutJson()
    {
        await PutLocalClientAsync();
        using var sqs = new Amazon.SQS.AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new Amazon.SQS.AmazonSQSConfig()));
        var retry = (await sqs.CreateQueueAsync("ses-mail-gmail-forwarder-retry-test", Ct)).QueueUrl;
        await sqs.PurgeQueueAsync(retry, Ct);
        await sqs.SendMessageAsync(retry, "{\"detail\":{}}", Ct);
        await sqs.SendMessageAsync(retry, "{\"detail\":{}}", Ct);
        var sfn = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "AWSStepFunctions", "1.0", "states");
        var retryProcessor = (await sfn.OkAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = "ses-mail-gmail-forwarder-retry-processor-test",
            ["definition"] = """{"StartAt":"Replay","States":{"Replay":{"Type":"Pass","End":true}}}""",
            ["roleArn"] = "arn:aws:iam::000000000000:role/ses-mail-gmail-forwarder-retry-processor-test",
        }, Ct))["stateMachineArn"]!.GetValue<string>();

        var (code, output, error) = await RunAsync(url => url, "token", "refresh", "--port", "0", "--timeout", "60", "--output", "json");
        var executions = (await sfn.OkAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = retryProcessor }, Ct))["executions"]!.AsArray();

        code.Should().Be(0, error);
        error.Should().Contain("/_sesmail/oauth2/auth?", "the prompt goes to standard error when standard output is JSON");
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("retryQueue").GetString().Should().Be("ses-mail-gmail-forwarder-retry-test");
        json.GetProperty("retryQueueDepth").GetInt64().Should().Be(2);
        json.GetProperty("retryProcessorExecutionArn").GetString().Should().Be($"{retryProcessor.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal)}:token-refresh-20261129-150000");
        executions.Select(e => e!["name"]!.GetValue<string>()).Should().Equal(["token-refresh-20261129-150000"], "the refresh starts the retry processor once, named after the UTC time");
        json.GetProperty("expiresAtEpoch").GetInt64().Should().Be(Now.AddDays(7).ToUnixTimeSeconds());
        output.Should().NotContain("sesmail-local-refresh", "the token itself is a secret");
    }
    // ---------------------------------------------------------------- several accounts

    private const string AccountsPath = "/ses-mail/test/gmail-forwarder/oauth/accounts";

    private static string TokenJson(string mailbox, DateTimeOffset expires, string? account) =>
        new JsonObject
        {
            ["token"] = $"sesmail-local-refresh:{mailbox}",
            ["created_at"] = expires.AddDays(-7).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["expires_at"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["expires_at_epoch"] = expires.ToUnixTimeSeconds(),
            ["account"] = account,
        }.ToJsonString();

    [Fact]
    public async Task Refresh_Account_StoresThatAccountsOwnTokenRecordingItAndLeavesTheDefault()
    {
        await PutLocalClientAsync();
        await PutAsync(TokenParameter, "before");
        var account = $"Sales-{Guid.NewGuid():N}@Example.test";
        var lower = account.ToLowerInvariant();
        var parameter = $"{AccountsPath}/example.test/{lower[..lower.IndexOf('@', StringComparison.Ordinal)]}";
        try
        {
            var (code, output, error) = await RunAsync(url => url, "token", "refresh", "--account", account, "--port", "0", "--timeout", "60", "--output", "json");

            code.Should().Be(0, error);
            var consentUrl = new Uri(error.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/_sesmail/oauth2/auth?", StringComparison.Ordinal)));
            QueryHelpers.ParseQuery(consentUrl.Query)["login_hint"].ToString().Should().Be(lower, "the consent pre-selects the account");
            var json = JsonDocument.Parse(output).RootElement;
            json.GetProperty("parameter").GetString().Should().Be(parameter);
            json.GetProperty("account").GetString().Should().Be(lower);
            var stored = JsonNode.Parse(await GetAsync(parameter))!.AsObject();
            stored["token"]!.GetValue<string>().Should().Be($"sesmail-local-refresh:{lower}", "the stand-in granted the hinted mailbox");
            stored["account"]!.GetValue<string>().Should().Be(lower);
            (await GetAsync(TokenParameter)).Should().Be("before", "an account's token never replaces the default token");
        }
        finally
        {
            await _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = parameter }, Ct);
        }
    }

    [Fact]
    public async Task Refresh_WithoutAccount_RecordsTheAccountTheDefaultTokenAlreadyRecords()
    {
        await PutLocalClientAsync();
        var owner = $"owner-{Guid.NewGuid():N}@example.test";
        await PutAsync(TokenParameter, TokenJson(owner, Now.AddHours(-1), owner));

        var (code, output, error) = await RunAsync(url => url, "token", "refresh", "--port", "0", "--timeout", "60");

        code.Should().Be(0, error);
        output.Should().Contain($"login_hint={Uri.EscapeDataString(owner)}").And.Contain($"for {owner}");
        var stored = JsonNode.Parse(await GetAsync(TokenParameter))!.AsObject();
        stored["token"]!.GetValue<string>().Should().Be($"sesmail-local-refresh:{owner}");
        stored["account"]!.GetValue<string>().Should().Be(owner);
    }

    [Theory]
    [InlineData("me+tag@gmail.com")]
    [InlineData("not-an-address")]
    public async Task Refresh_AccountSsmCannotName_IsAUsageErrorBeforeTheBrowser(string account)
    {
        await PutLocalClientAsync();

        var (code, _, error) = await RunAsync(url => url, "token", "refresh", "--account", account, "--port", "0");

        code.Should().Be(2);
        error.Should().Contain(account).And.Contain("hint:");
        _browser.Should().BeEmpty();
    }

    [Fact]
    public async Task Status_SeveralAccounts_ListsEveryAccountWithItsExpiryAndExits3WhenOneExpired()
    {
        var a = $"a-{Guid.NewGuid():N}@example.test";
        var b = $"b-{Guid.NewGuid():N}@gmail.com";
        await PutAsync(TokenParameter, TokenJson(a, Now.AddDays(3), a));
        var parameterB = GmailAccounts.ParameterName(AccountsPath, b);
        try
        {
            await PutAsync(parameterB, TokenJson(b, Now.AddDays(2), b));
            // --offline: the stored dates only (these tokens are not the stand-in's).
            var ok = await RunAsync("token", "status", "--offline", "--output", "json");

            ok.Code.Should().Be(0, ok.Error);
            var json = JsonDocument.Parse(ok.Out).RootElement;
            json.GetProperty("account").GetString().Should().Be(a);
            var listed = json.GetProperty("accounts").EnumerateArray().Single(e => e.GetProperty("account").GetString() == b);
            listed.GetProperty("parameter").GetString().Should().Be(parameterB);
            listed.GetProperty("state").GetString().Should().Be("ok");
            listed.GetProperty("tokenSecondsUntilExpiration").GetDouble().Should().Be(2 * 24 * 3600);

            await PutAsync(parameterB, TokenJson(b, Now.AddMinutes(-5), b));
            var expired = await RunAsync("token", "status", "--offline");

            expired.Code.Should().Be(3, "mail for an account with an expired token is being parked");
            expired.Out.Should().Contain(b).And.Contain("expired").And.Contain($"sesmail token refresh --account {b} --env test");
        }
        finally
        {
            await _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = parameterB }, Ct);
        }
    }
}
