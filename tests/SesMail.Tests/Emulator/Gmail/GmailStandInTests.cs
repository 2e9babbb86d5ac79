using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>
/// Contract tests of the Gmail API stand-in. Request and response shapes follow the Gmail API reference; each test
/// names the method page it follows.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailStandInTests(EmulatorFixture emulator) : IDisposable
{
    private const string Reference = "https://developers.google.com/workspace/gmail/api/reference/rest/v1/";
    private readonly GmailStandInDriver _gmail = new(emulator.BaseUrl);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _gmail.Dispose();

    // https://developers.google.com/identity/protocols/oauth2/native-app#offline — refreshing an access token.
    [Fact]
    public async Task Token_RefreshTokenGrant_ReturnsBearerAccessToken()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = GmailStandInDriver.RefreshTokenFor("me@example.test"),
            ["client_id"] = "sesmail-local",
            ["client_secret"] = "sesmail-local-secret",
        });

        using var response = await _gmail.Http.PostAsync(new Uri("/_sesmail/oauth2/token", UriKind.Relative), form, Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json["access_token"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        json["token_type"]!.GetValue<string>().Should().Be("Bearer");
        json["expires_in"]!.GetValue<int>().Should().BePositive();
        json["scope"]!.GetValue<string>().Should().Contain("gmail.insert");
    }

    // https://developers.google.com/identity/protocols/oauth2#expiration and RFC 6749 §5.2 — a revoked refresh token.
    [Fact]
    public async Task Token_RevokedRefreshToken_AnswersInvalidGrantUntilRestored()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        await _gmail.RevokeAsync(mailbox, Ct);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = GmailStandInDriver.RefreshTokenFor(mailbox), ["client_id"] = "sesmail-local",
        });
        using var refused = await _gmail.Http.PostAsync(new Uri("/_sesmail/oauth2/token", UriKind.Relative), form, Ct);
        var error = await GmailStandInDriver.JsonAsync(refused, Ct);
        using var list = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/messages", token), Ct);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error["error"]!.GetValue<string>().Should().Be("invalid_grant");
        list.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "revoking a grant also kills the access tokens it issued");

        await _gmail.RestoreAsync(mailbox, Ct);
        (await _gmail.AccessTokenAsync(mailbox, Ct)).Should().NotBeNullOrEmpty();
    }

    // https://developers.google.com/workspace/gmail/api/guides/handle-errors#resolve_a_401_error_invalid_credentials
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    public async Task Import_WithoutValidBearerToken_Returns401InGoogleErrorShape(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/upload/gmail/v1/users/me/messages/import?uploadType=media", UriKind.Relative))
        {
            Content = Rfc822(GmailStandInDriver.Fixture("report.eml")),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _gmail.Http.SendAsync(request, Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        json["error"]!["code"]!.GetValue<int>().Should().Be(401);
        json["error"]!["status"]!.GetValue<string>().Should().Be("UNAUTHENTICATED");
        json["error"]!["errors"]![0]!["domain"]!.GetValue<string>().Should().Be("global");
        json["error"]!["errors"]![0]!["locationType"]!.GetValue<string>().Should().Be("header");
    }

    // users.messages/import — upload URI, uploadType=media; response body is a Message.
    [Fact]
    public async Task ImportMedia_Rfc822Body_StoresBytesExactlyInMaildir()
    {
        _ = Reference + "users.messages/import";
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var bytes = GmailStandInDriver.Fixture("report.eml");

        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=media&internalDateSource=dateHeader", token, Rfc822(bytes)), Ct);
        var message = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var id = message["id"]!.GetValue<string>();
        id.Should().MatchRegex("^[0-9a-f]{16}$");
        message["threadId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        message["internalDate"]!.GetValue<string>().Should().Be(DateTimeOffset.Parse("2026-02-03T10:15:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await _gmail.StoredRawAsync(mailbox, id, Ct)).Should().Equal(bytes);
        var maildirFile = Directory.GetFiles(Path.Combine(emulator.DataDirectory, "gmail", mailbox, "new")).Should().ContainSingle().Subject;
        (await File.ReadAllBytesAsync(maildirFile, Ct)).Should().Equal(bytes);
    }

    // users.messages/import — uploadType=multipart: JSON Message metadata (labelIds) then the message/rfc822 media.
    // The stand-in's control listing (not a Gmail API method): ?since= keeps a watcher's polls small.
    [Fact]
    public async Task ControlMessages_Since_ListsOnlyMessagesStoredFromThatMoment()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        for (var i = 0; i < 2; i++)
        {
            using var response = await _gmail.Http.SendAsync(
                _gmail.Authorized(HttpMethod.Post, $"/upload/gmail/v1/users/{mailbox}/messages/import?uploadType=media", token, Rfc822(GmailStandInDriver.Fixture("report.eml"))), Ct);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var all = await _gmail.StoredAsync(mailbox, Ct);
        var stored = all.Select(m => m!["receivedAt"]!.GetValue<long>()).ToList();
        async Task<int> CountSince(string since) =>
            System.Text.Json.Nodes.JsonNode.Parse(await _gmail.Http.GetStringAsync(new Uri($"/_sesmail/gmail/mailboxes/{Uri.EscapeDataString(mailbox)}/messages?since={since}", UriKind.Relative), Ct))!.AsArray().Count;

        all.Should().HaveCount(2);
        (await CountSince(stored.Min().ToString(System.Globalization.CultureInfo.InvariantCulture))).Should().Be(2);
        (await CountSince((stored.Max() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).Should().Be(0);
        (await CountSince("soon")).Should().Be(2, "a since that is not a number is ignored");
    }

    [Fact]
    public async Task ImportMultipart_MetadataWithLabels_AppliesLabelsAndFlags()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        using var content = new MultipartContent("related", "sesmail-boundary");
        content.Add(new StringContent("{\"labelIds\":[\"INBOX\",\"UNREAD\"]}", Encoding.UTF8, "application/json"));
        content.Add(Rfc822(bytes));

        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, $"/upload/gmail/v1/users/{mailbox}/messages/import?uploadType=multipart&internalDateSource=receivedTime&neverMarkSpam=true&processForCalendar=false", token, content), Ct);
        var message = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        message["labelIds"]!.AsArray().Select(l => l!.GetValue<string>()).Should().Equal("INBOX", "UNREAD");
        var stored = (await _gmail.StoredAsync(mailbox, Ct)).Should().ContainSingle().Subject!;
        stored["neverMarkSpam"]!.GetValue<bool>().Should().BeTrue();
        stored["internalDateSource"]!.GetValue<string>().Should().Be("receivedTime");
        stored["uploadType"]!.GetValue<string>().Should().Be("multipart");
        (await _gmail.StoredRawAsync(mailbox, message["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
    }

    // https://developers.google.com/workspace/gmail/api/guides/uploads#resumable — initiate, PUT chunks (308 Resume Incomplete), finish.
    [Fact]
    public async Task ImportResumable_InTwoChunks_Answers308ThenMessage()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        using var initiate = _gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=resumable&internalDateSource=receivedTime", token,
            new StringContent("{\"labelIds\":[\"INBOX\"]}", Encoding.UTF8, "application/json"));
        initiate.Headers.Add("X-Upload-Content-Type", "message/rfc822");
        initiate.Headers.Add("X-Upload-Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var started = await _gmail.Http.SendAsync(initiate, Ct);
        started.StatusCode.Should().Be(HttpStatusCode.OK);
        var session = started.Headers.Location!;
        session.Query.Should().Contain("upload_id=");

        var half = bytes.Length / 2;
        using var firstChunk = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(bytes, 0, half) };
        firstChunk.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, half - 1, bytes.Length);
        using var incomplete = await _gmail.Http.SendAsync(firstChunk, Ct);
        ((int)incomplete.StatusCode).Should().Be(308);
        incomplete.Headers.GetValues("Range").Should().Equal($"bytes=0-{half - 1}");

        using var lastChunk = new HttpRequestMessage(HttpMethod.Put, session) { Content = new ByteArrayContent(bytes, half, bytes.Length - half) };
        lastChunk.Content.Headers.ContentRange = new ContentRangeHeaderValue(half, bytes.Length - 1, bytes.Length);
        using var finished = await _gmail.Http.SendAsync(lastChunk, Ct);
        var message = await GmailStandInDriver.JsonAsync(finished, Ct);

        finished.StatusCode.Should().Be(HttpStatusCode.OK);
        message["labelIds"]!.AsArray().Select(l => l!.GetValue<string>()).Should().Equal("INBOX");
        (await _gmail.StoredRawAsync(mailbox, message["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
    }

    // users.messages/import — metadata URI: a Message with "raw" (base64url) in a JSON body.
    [Fact]
    public async Task ImportMetadataForm_RawBase64Url_StoresDecodedBytes()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var bytes = GmailStandInDriver.Fixture("report.eml");
        var body = $"{{\"raw\":\"{Base64Url.EncodeToString(bytes)}\",\"labelIds\":[\"INBOX\",\"UNREAD\"]}}";

        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/gmail/v1/users/me/messages/import?internalDateSource=receivedTime", token, new StringContent(body, Encoding.UTF8, "application/json")), Ct);
        var message = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _gmail.StoredRawAsync(mailbox, message["id"]!.GetValue<string>(), Ct)).Should().Equal(bytes);
    }

    // users.messages/insert — insert defaults internalDateSource to receivedTime (import defaults to dateHeader).
    [Fact]
    public async Task InsertMedia_WithoutInternalDateSource_UsesReceivedTime()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);

        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/insert?uploadType=media", token, Rfc822(GmailStandInDriver.Fixture("report.eml"))), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = (await _gmail.StoredAsync(mailbox, Ct)).Should().ContainSingle().Subject!;
        stored["method"]!.GetValue<string>().Should().Be("insert");
        stored["internalDateSource"]!.GetValue<string>().Should().Be("receivedTime");
    }

    // users.messages/import — labelIds must name existing labels; Gmail answers 400 "Invalid label".
    [Fact]
    public async Task ImportMultipart_UnknownLabel_Returns400()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        using var content = new MultipartContent("related", "b");
        content.Add(new StringContent("{\"labelIds\":[\"NO_SUCH_LABEL\"]}", Encoding.UTF8, "application/json"));
        content.Add(Rfc822(GmailStandInDriver.Fixture("report.eml")));

        using var response = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=multipart", token, content), Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        json["error"]!["message"]!.GetValue<string>().Should().Be("Invalid label: NO_SUCH_LABEL");
        (await _gmail.StoredAsync(mailbox, Ct)).Should().BeEmpty();
    }

    // users.messages/list — response {"messages":[{"id","threadId"}],"resultSizeEstimate"}; labelIds filters; deleted=true is Vault-only.
    [Fact]
    public async Task List_AfterImports_ReturnsIdsAndThreadIdsFilteredByLabel()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var inbox = await ImportRawAsync(token, "[\"INBOX\"]", string.Empty);
        await ImportRawAsync(token, "[\"STARRED\"]", string.Empty);
        await ImportRawAsync(token, "[\"INBOX\"]", "&deleted=true");

        using var response = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/messages?labelIds=INBOX", token), Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        json["resultSizeEstimate"]!.GetValue<int>().Should().Be(1);
        var entry = json["messages"]!.AsArray().Should().ContainSingle().Subject!;
        entry["id"]!.GetValue<string>().Should().Be(inbox);
        entry["threadId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    // users.messages/get — format=raw returns "raw" (base64url); metadata returns payload.headers; minimal neither.
    [Fact]
    public async Task Get_EachFormat_ReturnsTheDocumentedFields()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var id = await ImportRawAsync(token, "[\"INBOX\",\"UNREAD\"]", string.Empty);

        using var rawResponse = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, $"/gmail/v1/users/me/messages/{id}?format=raw", token), Ct);
        var raw = await GmailStandInDriver.JsonAsync(rawResponse, Ct);
        using var metadataResponse = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, $"/gmail/v1/users/me/messages/{id}?format=metadata&metadataHeaders=Subject", token), Ct);
        var metadata = await GmailStandInDriver.JsonAsync(metadataResponse, Ct);
        using var minimalResponse = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, $"/gmail/v1/users/me/messages/{id}?format=minimal", token), Ct);
        var minimal = await GmailStandInDriver.JsonAsync(minimalResponse, Ct);

        Base64Url.DecodeFromChars(raw["raw"]!.GetValue<string>()).Should().Equal(GmailStandInDriver.Fixture("report.eml"));
        raw["sizeEstimate"]!.GetValue<long>().Should().Be(GmailStandInDriver.Fixture("report.eml").Length);
        var header = metadata["payload"]!["headers"]!.AsArray().Should().ContainSingle().Subject!;
        header["name"]!.GetValue<string>().Should().Be("Subject");
        header["value"]!.GetValue<string>().Should().StartWith("Quarterly report");
        minimal.ContainsKey("payload").Should().BeFalse();
        minimal.ContainsKey("raw").Should().BeFalse();
        minimal["labelIds"]!.AsArray().Should().HaveCount(2);
    }

    // users.messages/get — an unknown id answers 404 with Google's error envelope.
    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var token = await _gmail.AccessTokenAsync(GmailStandInDriver.NewMailbox(), Ct);

        using var response = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/messages/0000000000000000", token), Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        json["error"]!["status"]!.GetValue<string>().Should().Be("NOT_FOUND");
    }

    // users.labels/list — {"labels":[{"id","name","type":"system",…}]}.
    [Fact]
    public async Task LabelsList_ReturnsSystemLabels()
    {
        var token = await _gmail.AccessTokenAsync(GmailStandInDriver.NewMailbox(), Ct);

        using var response = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/labels", token), Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        var labels = json["labels"]!.AsArray();
        labels.Select(l => l!["id"]!.GetValue<string>()).Should().Contain(["INBOX", "UNREAD", "SPAM", "TRASH"]);
        labels.Should().OnlyContain(l => l!["type"]!.GetValue<string>() == "system");
    }

    // https://developers.google.com/workspace/gmail/api/guides/handle-errors#exponential-backoff — 429 with Retry-After, then success.
    [Fact]
    public async Task FaultSwitch_429ForNextCall_ThenSucceeds()
    {
        var mailbox = GmailStandInDriver.NewMailbox();
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        await _gmail.SetFaultAsync(429, 1, 2, Ct);
        try
        {
            using var limited = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/labels", token), Ct);
            var json = await GmailStandInDriver.JsonAsync(limited, Ct);
            using var next = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/labels", token), Ct);

            ((int)limited.StatusCode).Should().Be(429);
            limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
            json["error"]!["errors"]![0]!["reason"]!.GetValue<string>().Should().Be("rateLimitExceeded");
            json["error"]!["status"]!.GetValue<string>().Should().Be("RESOURCE_EXHAUSTED");
            next.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            await _gmail.ClearFaultAsync(Ct);
        }
    }

    // https://developers.google.com/identity/protocols/oauth2 — access tokens expire; Gmail then answers 401.
    [Fact]
    public async Task AccessToken_AfterLifetime_Returns401()
    {
        await _gmail.ControlAsync(HttpMethod.Put, "/_sesmail/gmail/access-token-lifetime", "{\"seconds\":0}", Ct);
        string token;
        try
        {
            token = await _gmail.AccessTokenAsync(GmailStandInDriver.NewMailbox(), Ct);
        }
        finally
        {
            await _gmail.ControlAsync(HttpMethod.Put, "/_sesmail/gmail/access-token-lifetime", "{\"seconds\":3599}", Ct);
        }

        using var response = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/labels", token), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    // users.messages/import — userId other than "me" or the token's own address is refused.
    [Fact]
    public async Task Import_ForAnotherUser_Returns403()
    {
        var token = await _gmail.AccessTokenAsync(GmailStandInDriver.NewMailbox(), Ct);

        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/someone-else@example.test/messages/import?uploadType=media", token, Rfc822(GmailStandInDriver.Fixture("report.eml"))), Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task MailboxPage_ListsMessageAndEncodesHostileSubject()
    {
        var mailbox = GmailStandInDriver.NewMailbox("page");
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var id = await ImportRawAsync(token, "[\"INBOX\",\"UNREAD\"]", string.Empty);

        var index = await _gmail.Http.GetStringAsync(new Uri("/gmail/", UriKind.Relative), Ct);
        var view = await _gmail.Http.GetStringAsync(new Uri($"/gmail/view/{Uri.EscapeDataString(mailbox)}/{id}", UriKind.Relative), Ct);

        index.Should().Contain(mailbox).And.Contain("Alice Example").And.Contain("UNREAD")
            .And.Contain("&lt;script&gt;").And.NotContain("<script>alert");
        view.Should().Contain("the report is attached in spirit").And.NotContain("first 262,144").And.Contain("&lt;report-42@sender.test&gt;").And.NotContain("<script>alert");
    }

    private async Task<string> ImportRawAsync(string token, string labelIdsJson, string extraQuery)
    {
        var body = $"{{\"raw\":\"{Base64Url.EncodeToString(GmailStandInDriver.Fixture("report.eml"))}\",\"labelIds\":{labelIdsJson}}}";
        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/gmail/v1/users/me/messages/import?internalDateSource=receivedTime" + extraQuery, token, new StringContent(body, Encoding.UTF8, "application/json")), Ct);
        response.EnsureSuccessStatusCode();
        return (await GmailStandInDriver.JsonAsync(response, Ct))["id"]!.GetValue<string>();
    }

    private static ByteArrayContent Rfc822(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return content;
    }
}
