using System.Text;
using System.Text.Json.Nodes;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using SesMail.Emulator.Hosting;
using MimeKit;
using SesMail.Aws.Ses;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Ses.Smtp;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>
/// SES answers a send only once the message is in the outbox on the device (docs/DELIVERY.md, "The emulator"): the
/// emulator's disk flushes go through <see cref="IDiskSync"/>, replaced here by one that records them, can hold a
/// folder flush, and can fail.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class SesOutboxDurabilityTests : IAsyncLifetime
{
    private readonly RecordingDiskEmulator _emulator = new();
    private QueryProtocolClient _ses = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.StartAsync(Ct, o => o.DefaultRegion = EmulatorFixture.Region);
        _ses = new QueryProtocolClient(_emulator.Url, "email", "2010-12-01");
        (await _ses.CallAsync("VerifyDomainIdentity", Ct, ("Domain", "durable.test"))).Status.Should().Be(200);
    }

    public async ValueTask DisposeAsync()
    {
        _ses.Dispose();
        await _emulator.DisposeAsync();
    }

    private string Outbox => Path.Combine(_emulator.DataDirectory, "ses", "outbox");

    [Fact]
    public async Task SendRawEmail_FolderFlushHeld_AnswersOnlyAfterMessageEnvelopeAndFolderAreFlushed()
    {
        _emulator.Disk.Hold();

        var send = SendAsync();
        var held = await _emulator.Disk.Held.WaitAsync(Ct);

        held.Should().Be(Outbox);
        send.IsCompleted.Should().BeFalse("the answer waits for the folder flush that makes the new names durable");
        var events = _emulator.Disk.Events.ToArray();
        events.Should().Contain(e => e.StartsWith("file " + Outbox, StringComparison.Ordinal) && e.EndsWith(".eml.tmp", StringComparison.Ordinal), "the message is flushed before it is renamed into place");
        events.Should().Contain(e => e.StartsWith("file " + Outbox, StringComparison.Ordinal) && e.EndsWith(".json.tmp", StringComparison.Ordinal), "so is its envelope");
        (await ListAsync()).Should().BeEmpty("a send is listed only once it is durable");

        _emulator.Disk.Release();
        var sent = await send;
        sent.Status.Should().Be(200);
        (await ListAsync()).Should().ContainSingle().Which!["messageId"]!.GetValue<string>().Should().Be(sent.Value("MessageId"));
    }

    [Fact]
    public async Task SendRawEmail_FolderFlushFails_Answers500InternalFailureAndKeepsNothing()
    {
        _emulator.Disk.FailFolders();

        var sent = await SendAsync();

        sent.Status.Should().Be(500);
        sent.ErrorCode.Should().Be("InternalFailure");
        (await ListAsync()).Should().BeEmpty();
        Directory.EnumerateFiles(Outbox).Should().BeEmpty("a restart must not list a send that was refused");
    }

    [Fact]
    public async Task SmtpSend_FolderFlushFails_Answers451SoTheClientRetriesAndTheRetryIsKept()
    {
        var status = _emulator.App.Services.GetRequiredService<SesSmtpStatus>();
        await status.Started.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        using var iam = new AmazonIdentityManagementServiceClient(EmulatorFixture.Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = _emulator.Url.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        await iam.CreateUserAsync(new CreateUserRequest { UserName = "sender" }, Ct);
        await iam.PutUserPolicyAsync(new PutUserPolicyRequest { UserName = "sender", PolicyName = "send", PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*"}]}""" }, Ct);
        var key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "sender" }, Ct)).AccessKey;
        using var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await smtp.ConnectAsync("127.0.0.1", status.StartTlsPort!.Value, SecureSocketOptions.StartTls, Ct);
        await smtp.AuthenticateAsync(key.AccessKeyId, SesSmtpPassword.Derive(key.SecretAccessKey, EmulatorFixture.Region), Ct);
        var message = new MimeMessage { Subject = "durable over smtp" };
        message.From.Add(MailboxAddress.Parse("a@durable.test"));
        message.To.Add(MailboxAddress.Parse("b@else.test"));
        message.Body = new TextPart("plain") { Text = "body" };
        _emulator.Disk.FailFolders();

        var refused = await FluentActions.Awaiting(() => smtp.SendAsync(message, Ct)).Should().ThrowAsync<SmtpCommandException>();

        ((int)refused.Which.StatusCode).Should().Be(451, "451 is transient: the client keeps the message, where a 554 would bounce it");
        (await ListAsync()).Should().BeEmpty();
        _emulator.Disk.Heal();
        var reply = await smtp.SendAsync(message, Ct);
        reply.Should().StartWith("Ok ");
        (await ListAsync()).Should().ContainSingle().Which!["messageId"]!.GetValue<string>().Should().Be(reply["Ok ".Length..]);
    }

    private Task<QueryProtocolClient.Answer> SendAsync() =>
        _ses.CallAsync("SendRawEmail", Ct, ("RawMessage.Data", Convert.ToBase64String(Encoding.ASCII.GetBytes("From: a@durable.test\r\nTo: b@else.test\r\nSubject: durable\r\n\r\nbody\r\n"))));

    private async Task<JsonArray> ListAsync()
    {
        using var http = new HttpClient { BaseAddress = _emulator.Url };
        return JsonNode.Parse(await http.GetStringAsync(new Uri("/_sesmail/ses/messages", UriKind.Relative), Ct))!["messages"]!.AsArray();
    }
}
