using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>
/// The stand-in's <c>messages.list</c> search (<c>q=rfc822msgid:</c>, as the Gmail search box's operator,
/// https://support.google.com/mail/answer/7190) and its fault switch's disturbances: answers lost after the work,
/// late answers, slow uploads, faults limited to some methods.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class GmailStandInFaultTests(EmulatorFixture emulator) : IDisposable
{
    private readonly GmailStandInDriver _gmail = new(emulator.BaseUrl);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _gmail.ClearFaultAsync(CancellationToken.None).GetAwaiter().GetResult();
        _gmail.Dispose();
    }

    [Theory]
    [InlineData("rfc822msgid:{0}")]
    [InlineData("rfc822msgid:<{0}>")]
    [InlineData("rfc822msgid:\"{0}\"")]
    [InlineData("RFC822MSGID:{0}")]
    public async Task List_Rfc822MsgIdQuery_FindsOnlyTheMessageWithThatMessageId(string query)
    {
        var mailbox = GmailStandInDriver.NewMailbox("search");
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var wanted = $"{Guid.NewGuid():N}@sender.test";
        var id = await ImportAsync(token, Message(wanted));
        await ImportAsync(token, Message($"{Guid.NewGuid():N}@sender.test"));

        var list = await ListAsync(token, string.Format(System.Globalization.CultureInfo.InvariantCulture, query, wanted));

        list["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Should().Equal(id);
        list["resultSizeEstimate"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task List_Rfc822MsgIdOfNoMessage_AnswersWithoutMessages()
    {
        var token = await _gmail.AccessTokenAsync(GmailStandInDriver.NewMailbox("search"), Ct);

        var list = await ListAsync(token, "rfc822msgid:nothing@sender.test");

        list.ContainsKey("messages").Should().BeFalse("Gmail leaves messages out when nothing matches");
        list["resultSizeEstimate"]!.GetValue<int>().Should().Be(0);
    }

    [Theory]
    [InlineData("from:someone@sender.test")]
    [InlineData("invoice")]
    [InlineData("rfc822msgid:")]
    public async Task List_OtherQueryTerm_IsRefusedNotIgnored(string query)
    {
        var token = await _gmail.AccessTokenAsync(GmailStandInDriver.NewMailbox("search"), Ct);

        using var response = await _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/messages?q=" + Uri.EscapeDataString(query), token), Ct);
        var json = await GmailStandInDriver.JsonAsync(response, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        json["error"]!["errors"]![0]!["reason"]!.GetValue<string>().Should().Be("invalidArgument");
        json["error"]!["message"]!.GetValue<string>().Should().Contain("rfc822msgid:");
    }

    [Fact]
    public async Task Import_AbortAfterCommit_StoresTheMessageButBreaksTheConnection()
    {
        var mailbox = GmailStandInDriver.NewMailbox("lost");
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var messageId = $"{Guid.NewGuid():N}@sender.test";
        await _gmail.SetFaultAsync("""{"abort":true,"afterCommit":true,"count":1,"methods":["import"]}""", Ct);

        var act = () => ImportAsync(token, Message(messageId));

        await act.Should().ThrowAsync<HttpRequestException>();
        (await _gmail.StoredAsync(mailbox, Ct)).Should().ContainSingle("the work was done; only the answer was lost");
        (await ListAsync(token, "rfc822msgid:" + messageId))["messages"]!.AsArray().Should().ContainSingle("list was not disturbed, only import");
    }

    [Fact]
    public async Task Import_StatusBeforeCommit_StoresNothing()
    {
        var mailbox = GmailStandInDriver.NewMailbox("refused");
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        await _gmail.SetFaultAsync("""{"status":500,"count":1,"methods":["import"]}""", Ct);

        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=media", token, Rfc822(Message("x@sender.test"))), Ct);

        ((int)response.StatusCode).Should().Be(500);
        (await _gmail.StoredAsync(mailbox, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_DelayAfterCommit_AnswersLateWithTheStoredMessage()
    {
        var mailbox = GmailStandInDriver.NewMailbox("late");
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        await _gmail.SetFaultAsync("""{"delayMs":300,"afterCommit":true,"count":1,"methods":["import"]}""", Ct);
        using var impatient = new HttpClient { BaseAddress = emulator.BaseUrl, Timeout = TimeSpan.FromMilliseconds(100) };

        var act = () => impatient.SendAsync(_gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=media", token, Rfc822(Message("late@sender.test"))), Ct);

        await act.Should().ThrowAsync<TaskCanceledException>("the caller timed out");
        await WaitForAsync(async () => (await _gmail.StoredAsync(mailbox, Ct)).Count == 1);
        (await _gmail.StoredAsync(mailbox, Ct)).Should().ContainSingle("the message was stored before the late answer");
    }

    [Fact]
    public async Task Import_SlowUpload_IsReadAtTheGivenPaceAndStored()
    {
        var mailbox = GmailStandInDriver.NewMailbox("slow");
        var token = await _gmail.AccessTokenAsync(mailbox, Ct);
        var bytes = Message("slow@sender.test", padding: 40_000);
        await _gmail.SetFaultAsync("""{"uploadBytesPerSecond":80000,"count":1,"methods":["import"]}""", Ct);
        var clock = Stopwatch.StartNew();

        var id = await ImportAsync(token, bytes);

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(400), "about 40 KB at 80 KB/s takes half a second at least");
        (await _gmail.StoredRawAsync(mailbox, id, Ct)).Should().Equal(bytes);
    }

    [Theory]
    [InlineData("""{"count":1}""", "needs status")]
    [InlineData("""{"status":503,"abort":true}""", "exclude each other")]
    [InlineData("""{"status":429,"methods":["send"]}""", "send is not one of")]
    [InlineData("""{"uploadBytesPerSecond":0}""", "at least 1")]
    public async Task SetFault_Meaningless_IsRefusedWithTheReason(string json, string reason)
    {
        using var response = await _gmail.Http.PostAsync("/_sesmail/gmail/faults", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain(reason);
    }

    private static byte[] Message(string messageId, int padding = 0) => Encoding.ASCII.GetBytes(
        $"From: a@sender.test\r\nTo: b@example.test\r\nSubject: search\r\nMessage-ID: <{messageId}>\r\nDate: Tue, 03 Feb 2026 10:15:00 +0000\r\n\r\nbody {new string('x', padding)}\r\n");

    private async Task<string> ImportAsync(string token, byte[] bytes)
    {
        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=media", token, Rfc822(bytes)), Ct);
        response.EnsureSuccessStatusCode();
        return (await GmailStandInDriver.JsonAsync(response, Ct))["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> ListAsync(string token, string query)
    {
        using var response = await _gmail.Http.SendAsync(
            _gmail.Authorized(HttpMethod.Get, "/gmail/v1/users/me/messages?includeSpamTrash=true&q=" + Uri.EscapeDataString(query), token), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await GmailStandInDriver.JsonAsync(response, Ct);
    }

    private static ByteArrayContent Rfc822(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return content;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }
    }
}
