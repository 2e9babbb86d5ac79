using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SesMail.Emulator.Hosting;
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
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
    private readonly string _mailbox = GmailStandInDriver.NewMailbox("durable");
    private readonly RecordingDiskSync _disk = new();
    private WebApplication? _app;
    private GmailStandInDriver _gmail = null!;
    private string _token = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Uri url;
        (_app, url) = await EmulatorApp.StartAsync(
            o =>
            {
                o.Port = 0;
                o.DataDirectory = _data;
            },
            Ct,
            services => services.Replace(ServiceDescriptor.Singleton<IDiskSync>(_disk)));
        _gmail = new GmailStandInDriver(url);
        _token = await _gmail.AccessTokenAsync(_mailbox, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _disk.Release();
        _gmail.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Maildir => Path.Combine(_data, "gmail", _mailbox);

    // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/import
    [Fact]
    public async Task Import_FolderFlushHeld_AnswersOnlyAfterMessageMetadataAndFoldersAreFlushed()
    {
        _disk.Hold();

        var import = ImportAsync();
        var held = await _disk.Held.WaitAsync(Ct);

        held.Should().Be(Path.Combine(Maildir, "new"));
        import.IsCompleted.Should().BeFalse("the answer waits for the folder flushes that make the new names durable");
        var tmp = Path.Combine(Maildir, "tmp");
        var events = _disk.Events.ToArray();
        events.Should().Contain(e => e.StartsWith("file " + tmp, StringComparison.Ordinal) && e.EndsWith(".sesmail", StringComparison.Ordinal), "the message is flushed before it is renamed into new/");
        events.Should().Contain(e => e.StartsWith("file " + tmp, StringComparison.Ordinal) && e.EndsWith(".json", StringComparison.Ordinal), "so is its metadata before meta/");
        events.Should().Contain("folder " + Path.Combine(Maildir, "meta"));
        (await _gmail.StoredAsync(_mailbox, Ct)).Should().BeEmpty("a message is listed only once it is durable");

        _disk.Release();
        using var response = await import;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _disk.Folders.Should().Contain([Maildir, Path.Combine(_data, "gmail")], "the first message of a mailbox also makes its Maildir's folders durable");
        (await _gmail.StoredAsync(_mailbox, Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task Import_FolderFlushFails_Answers500BackendErrorAndStoresNothing()
    {
        _disk.FailFolders();

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
