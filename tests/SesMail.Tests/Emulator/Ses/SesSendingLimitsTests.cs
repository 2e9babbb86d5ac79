using System.Text;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.Runtime;
using Amazon.SimpleEmailV2;
using Amazon.SimpleEmailV2.Model;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SesMail.Aws.Ses;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Ses.Smtp;
using SesMail.Tests.Support;
using Message = Amazon.SimpleEmailV2.Model.Message;

namespace SesMail.Tests.Emulator.Ses;

/// <summary>
/// The checks every door to SES sending applies, on an emulator of its own whose clock stands still (so a second lasts
/// as long as the test needs): the IAM user's <c>ses:FromAddress</c> policy through SES v1 (the AWS CLI), SESv2 (the
/// hand-written client) and SMTP (MailKit), the maximum send rate and the 24-hour quota, and SMTP's own refusals.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class SesSendingLimitsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private Uri _url = null!;
    private int _smtpPort;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_app, _url) = await EmulatorApp.StartAsync(
            o =>
            {
                o.Port = 0;
                o.DataDirectory = _data;
                o.DefaultRegion = EmulatorFixture.Region;
                o.SesMaxSendRate = 3;
                o.SesMax24HourSend = 5;
            },
            Token,
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
        var status = _app.Services.GetRequiredService<SesSmtpStatus>();
        await status.Started.WaitAsync(TimeSpan.FromSeconds(30), Token);
        _smtpPort = status.StartTlsPort!.Value;
        using var ses = new QueryProtocolClient(_url, "email", "2010-12-01");
        (await ses.CallAsync("VerifyDomainIdentity", Token, ("Domain", "limits.test"))).Status.Should().Be(200);
    }

    public async ValueTask DisposeAsync()
    {
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

    [Fact]
    public async Task UserWithFromPolicy_ForbiddenFrom_IsDeniedThroughSesV1SesV2AndSmtp()
    {
        var (keyId, secret) = await UserAsync("sender", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"*","Condition":{"StringLike":{"ses:FromAddress":["ok@limits.test"]}}}]}""");
        using var v2 = new AmazonSimpleEmailServiceV2Client(new BasicAWSCredentials(keyId, secret), new AmazonSimpleEmailServiceV2Config { ServiceURL = _url.ToString(), AuthenticationRegion = EmulatorFixture.Region });

        var v1Allowed = await AwsCli.RunAsAsync(_url, (keyId, secret, null), "ses", "send-email", "--from", "ok@limits.test", "--destination", "ToAddresses=a@other.test", "--message", "Subject={Data=s},Body={Text={Data=b}}");
        var v1Denied = await AwsCli.RunAsAsync(_url, (keyId, secret, null), "ses", "send-email", "--from", "no@limits.test", "--destination", "ToAddresses=a@other.test", "--message", "Subject={Data=s},Body={Text={Data=b}}");
        var v2Denied = async () => await v2.SendEmailAsync(Simple("no@limits.test"), Token);
        _time.Advance(TimeSpan.FromSeconds(2));
        var v2Allowed = await v2.SendEmailAsync(Simple("ok@limits.test"), Token);
        using var smtp = await ConnectAsync(keyId, SesSmtpPassword.Derive(secret, EmulatorFixture.Region));
        var smtpDenied = async () => await smtp.SendAsync(Mail("no@limits.test"), Token);

        v1Allowed.ExitCode.Should().Be(0, v1Allowed.Error);
        v1Denied.ExitCode.Should().NotBe(0);
        v1Denied.Error.Should().Contain("AccessDenied").And.Contain("ses:SendEmail");
        var v2Error = (await v2Denied.Should().ThrowAsync<AmazonSimpleEmailServiceV2Exception>()).Which;
        v2Error.ErrorCode.Should().Be("AccessDeniedException");
        ((int)v2Error.StatusCode).Should().Be(403);
        v2Allowed.MessageId.Should().EndWith("-000000");
        var smtpError = (await smtpDenied.Should().ThrowAsync<SmtpCommandException>()).Which;
        ((int)smtpError.StatusCode).Should().Be(554);
        smtpError.Message.Should().StartWith("Access denied: User `arn:aws:iam::000000000000:user/sender");
    }

    [Fact]
    public async Task SendRateAndDailyQuota_WhenUsedUp_RefuseWithThrottlingInEachApisWordsAndSmtp454()
    {
        using var ses = new QueryProtocolClient(_url, "email", "2010-12-01");
        using var v2 = new AmazonSimpleEmailServiceV2Client(EmulatorFixture.Credentials, new AmazonSimpleEmailServiceV2Config { ServiceURL = _url.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var (keyId, secret) = await UserAsync("quota", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*"}]}""");
        using var smtp = await ConnectAsync(keyId, SesSmtpPassword.Derive(secret, EmulatorFixture.Region));

        // Rate 3 a second: three recipients pass, the fourth in the same second is refused everywhere.
        (await ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", Raw("a@limits.test", "1@other.test")), ("Destinations.member.1", "1@other.test"), ("Destinations.member.2", "2@other.test"))).Status.Should().Be(200);
        await smtp.SendAsync(Mail("a@limits.test"), Token);
        var v1Rate = await ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", Raw("a@limits.test", "3@other.test")));
        var v2Rate = async () => await v2.SendEmailAsync(Simple("a@limits.test"), Token);
        var smtpRate = async () => await smtp.SendAsync(Mail("a@limits.test"), Token);

        v1Rate.ErrorCode.Should().Be("Throttling");
        v1Rate.Value("Message").Should().Be("Maximum sending rate exceeded.");
        var v2Error = (await v2Rate.Should().ThrowAsync<AmazonSimpleEmailServiceV2Exception>()).Which;
        v2Error.ErrorCode.Should().Be("TooManyRequestsException");
        ((int)v2Error.StatusCode).Should().Be(429);
        var smtpError = (await smtpRate.Should().ThrowAsync<SmtpCommandException>()).Which;
        ((int)smtpError.StatusCode).Should().Be(454);
        smtpError.Message.Should().Be("Throttling failure: Maximum sending rate exceeded.");

        // A second later the rate allows more, until the 24-hour quota of 5 recipients is used up.
        _time.Advance(TimeSpan.FromSeconds(1));
        (await ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", Raw("a@limits.test", "4@other.test")), ("Destinations.member.1", "4@other.test"), ("Destinations.member.2", "5@other.test"))).Status.Should().Be(200);
        _time.Advance(TimeSpan.FromSeconds(1));
        var daily = await ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", Raw("a@limits.test", "6@other.test")));
        var quota = await ses.CallAsync("GetSendQuota", Token);
        _time.Advance(TimeSpan.FromHours(24));
        var nextDay = await ses.CallAsync("SendRawEmail", Token, ("RawMessage.Data", Raw("a@limits.test", "7@other.test")));

        daily.ErrorCode.Should().Be("Throttling");
        daily.Value("Message").Should().Be("Daily message quota exceeded.");
        quota.Value("Max24HourSend").Should().Be("5.0");
        quota.Value("MaxSendRate").Should().Be("3.0");
        quota.Value("SentLast24Hours").Should().Be("5.0");
        nextDay.Status.Should().Be(200);
    }

    [Fact]
    public async Task Smtp_WithoutAuthOrFromAnUnverifiedDomain_IsRefusedAsSesRefusesIt()
    {
        using var anonymous = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await anonymous.ConnectAsync("127.0.0.1", _smtpPort, SecureSocketOptions.StartTls, Token);
        var unauthenticated = async () => await anonymous.SendAsync(Mail("a@limits.test"), Token);
        var (keyId, secret) = await UserAsync("anyfrom", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*"}]}""");
        using var smtp = await ConnectAsync(keyId, SesSmtpPassword.Derive(secret, EmulatorFixture.Region));
        _time.Advance(TimeSpan.FromSeconds(5));
        var unverified = async () => await smtp.SendAsync(Mail("a@unverified.test"), Token);
        var wrongRegion = async () => await ConnectAsync(keyId, SesSmtpPassword.Derive(secret + "x", EmulatorFixture.Region));

        // MailKit reports the server's 530 as ServiceNotAuthenticatedException.
        (await unauthenticated.Should().ThrowAsync<MailKit.ServiceNotAuthenticatedException>()).Which.Message.Should().Contain("authentication required");
        var rejected = (await unverified.Should().ThrowAsync<SmtpCommandException>()).Which;
        ((int)rejected.StatusCode).Should().Be(554);
        rejected.Message.Should().StartWith("Message rejected: Email address is not verified.");
        await wrongRegion.Should().ThrowAsync<AuthenticationException>();
    }

    [Fact]
    public async Task Smtp_AcceptedAndDeniedMail_EachIsARootSpanOfTheEndpoint()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "SesMail.Emulator",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var (keyId, secret) = await UserAsync("traced", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*","Condition":{"StringLike":{"ses:FromAddress":["ok@limits.test"]}}}]}""");
        using var smtp = await ConnectAsync(keyId, SesSmtpPassword.Derive(secret, EmulatorFixture.Region));

        var reply = await smtp.SendAsync(Mail("ok@limits.test"), Token);
        var denied = async () => await smtp.SendAsync(Mail("no@limits.test"), Token);
        await denied.Should().ThrowAsync<SmtpCommandException>();

        var ours = spans.Where(s => s.DisplayName == "email-smtp send" && (string?)s.GetTagItem("user.id") == "traced").ToList();
        ours.Should().HaveCount(2).And.OnlyContain(s => s.Kind == System.Diagnostics.ActivityKind.Server && s.ParentSpanId == default);
        var accepted = ours.Should().ContainSingle(s => s.Status != System.Diagnostics.ActivityStatusCode.Error).Subject;
        reply.Should().Contain((string)accepted.GetTagItem("aws.ses.message_id")!, "the reply names the message id the span records");
        ours.Should().ContainSingle(s => s.Status == System.Diagnostics.ActivityStatusCode.Error).Which.StatusDescription.Should().Be("AccessDenied");
    }

    private async Task<(string KeyId, string Secret)> UserAsync(string name, string policy)
    {
        using var iam = new AmazonIdentityManagementServiceClient(EmulatorFixture.Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = _url.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Token);
        await iam.PutUserPolicyAsync(new PutUserPolicyRequest { UserName = name, PolicyName = "send", PolicyDocument = policy }, Token);
        var key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = name }, Token)).AccessKey;
        return (key.AccessKeyId, key.SecretAccessKey);
    }

    private async Task<SmtpClient> ConnectAsync(string user, string password)
    {
        var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", _smtpPort, SecureSocketOptions.StartTls, Token);
        await client.AuthenticateAsync(user, password, Token);
        return client;
    }

    private static SendEmailRequest Simple(string from) => new()
    {
        FromEmailAddress = from,
        Destination = new Destination { ToAddresses = ["x@other.test"] },
        Content = new EmailContent { Simple = new Message { Subject = new Content { Data = "s" }, Body = new Body { Text = new Content { Data = "b" } } } },
    };

    private static MimeMessage Mail(string from)
    {
        var message = new MimeMessage { Subject = "limits" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("x@other.test"));
        message.Body = new TextPart("plain") { Text = "hi" };
        return message;
    }

    private static string Raw(string from, string to) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"From: {from}\r\nTo: {to}\r\nSubject: limits\r\n\r\nhi\r\n"));
}
