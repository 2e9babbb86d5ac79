using System.Net;
using System.Net.Http.Headers;
using SesMail.Emulator.Persistence;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>
/// The Gmail stand-in answers <c>users.messages.import</c> only once the message is on the device (docs/DELIVERY.md,
/// "The emulator"), as Gmail answers an import only once it has stored the message: the emulator's disk flushes go
/// through <see cref="IDiskSync"/>, replaced here by one that records them, can hold a folder flush, and can fail.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class GmailDurabilityTests : IAsyncLifetime
{
    private const string Message = "From: a@example.test\r\nTo: b@example.test\r\nSubject: durable\r\n\r\nbody\r\n";
    private readonly string _mailbox = GmailStandInDriver.NewMailbox("durable");
    private readonly RecordingDiskEmulator _emulator = new();
    private GmailStandInDriver _gmail = null!;
    private string _token = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.StartAsync(Ct);
        _gmail = new GmailStandInDriver(_emulator.Url);
        _token = await _gmail.AccessTokenAsync(_mailbox, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _gmail.Dispose();
        await _emulator.DisposeAsync();
    }

    private string Maildir => Path.Combine(_emulator.DataDirectory, "gmail", _mailbox);

    // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/import
    [Fact]
    public async Task Import_FolderFlushHeld_AnswersOnlyAfterMessageMetadataAndFoldersAreFlushed()
    {
        _emulator.Disk.Hold();

        var import = ImportAsync();
        var held = await _emulator.Disk.Held.WaitAsync(Ct);

        held.Should().Be(Path.Combine(Maildir, "new"));
        import.IsCompleted.Should().BeFalse("the answer waits for the folder flushes that make the new names durable");
        var tmp = Path.Combine(Maildir, "tmp");

        // The store asks for both folder flushes at once; the held one can be seen a moment before the other is asked for.
        var metaFlush = "folder " + Path.Combine(Maildir, "meta");
        for (var deadline = DateTime.UtcNow.AddSeconds(5); !_emulator.Disk.Events.Contains(metaFlush) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(10, Ct);
        }

        var events = _emulator.Disk.Events.ToArray();
        events.Should().Contain(e => e.StartsWith("file " + tmp, StringComparison.Ordinal) && e.EndsWith(".sesmail", StringComparison.Ordinal), "the message is flushed before it is renamed into new/");
        events.Should().Contain(e => e.StartsWith("file " + tmp, StringComparison.Ordinal) && e.EndsWith(".json", StringComparison.Ordinal), "so is its metadata before meta/");
        events.Should().Contain(metaFlush);
        (await _gmail.StoredAsync(_mailbox, Ct)).Should().BeEmpty("a message is listed only once it is durable");

        _emulator.Disk.Release();
        using var response = await import;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _emulator.Disk.Folders.Should().Contain([Maildir, Path.Combine(_emulator.DataDirectory, "gmail")], "the first message of a mailbox also makes its Maildir's folders durable");
        (await _gmail.StoredAsync(_mailbox, Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task Import_FolderFlushFails_Answers500BackendErrorAndStoresNothing()
    {
        _emulator.Disk.FailFolders();

        using var response = await ImportAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await GmailStandInDriver.JsonAsync(response, Ct))["error"]!["errors"]![0]!["reason"]!.GetValue<string>().Should().Be("backendError");
        (await _gmail.StoredAsync(_mailbox, Ct)).Should().BeEmpty();
        Directory.EnumerateFiles(Path.Combine(Maildir, "new")).Should().BeEmpty("a restart must not list an import that was refused");
        Directory.EnumerateFiles(Path.Combine(Maildir, "meta")).Should().BeEmpty();
    }

    private Task<HttpResponseMessage> ImportAsync()
    {
        var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(Message));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return _gmail.Http.SendAsync(_gmail.Authorized(HttpMethod.Post, "/upload/gmail/v1/users/me/messages/import?uploadType=media", _token, content), Ct);
    }
}
