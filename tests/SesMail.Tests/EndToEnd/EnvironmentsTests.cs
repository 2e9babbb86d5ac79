using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Amazon.SimpleEmail.Model;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SesMail.Cli.Deploy;
using SesMail.Cli.Hosting;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Hosting;
using SesMail.LocalRuntime.SesReceiving;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.EndToEnd;

/// <summary>
/// Several environments in one emulator: the local runtime deploys and runs <c>ses-mail-test</c>; <c>sesmail deploy
/// --env prod</c> deploys <c>ses-mail-prod</c> beside it, which joins test's active receipt rule set (one active set per
/// region); the runtime picks the new stack up, and mail for each environment's domain, sent through the one SMTP edge,
/// goes through that environment's own pipeline (bucket, queues, router, forwarder, OAuth token) into its own mailbox.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class EnvironmentsTests : IAsyncLifetime
{
    private const string ProdMailbox = "prod-inbox@example.test";
    private readonly EmulatorFixture _emulator = new();
    private WebApplication? _runtime;
    private int _smtpPort;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.InitializeAsync();
        _smtpPort = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = _emulator.BaseUrl.ToString().TrimEnd('/'),
            ["SesMail:Environment"] = "test",
            ["SesMail:Region"] = EmulatorFixture.Region,
            ["SesMail:StackFile"] = string.Empty,
            ["SesMail:StackPollInterval"] = "00:00:00.500",
            ["SesMail:Smtp:Port"] = _smtpPort.ToString(CultureInfo.InvariantCulture),
            ["SesMail:Smtp:StartTls"] = "false",
            ["SesMail:Smtp:DnsMode"] = "offline",
            ["SesMail:Smtp:RuleRefreshInterval"] = "00:00:00.500",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddLocalRuntime(builder.Configuration);
        _runtime = builder.Build();
        await _runtime.StartAsync(Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await _runtime.Services.GetRequiredService<LocalRuntimeState>().Stack.WaitAsync(timeout.Token);
        await _runtime.Services.GetRequiredService<SmtpEdgeStatus>().Listening.WaitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.StopAsync(CancellationToken.None);
            await _runtime.DisposeAsync();
        }

        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task DeployProd_BesideRunningTest_EachDomainsMailGoesThroughItsOwnPipeline()
    {
        var clients = ProvisioningClients.Create(_emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var publish = Path.Combine(_emulator.DataDirectory, "publish");
        Directory.CreateDirectory(publish);
        await File.WriteAllTextAsync(Path.Combine(publish, "SesMail.Functions.dll"), "package", Token);
        var package = Path.Combine(_emulator.DataDirectory, "functions.zip");
        FunctionPackage.Zip(publish, package);

        var (code, output, error) = await CliAsync("deploy", "--env", "prod", "--package", package, "--parameter", "Domains=prod.example.test");

        code.Should().Be(0, error + output);
        output.Should().Contain("ses-mail-receipt-rules-test is the active receipt rule set: ses-mail-prod adds its rule to it (shared-account mode)");
        var active = await clients.Ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), Token);
        active.Metadata!.Name.Should().Be("ses-mail-receipt-rules-test");
        active.Rules.Select(r => (r.Name, string.Join(",", r.Recipients))).Should().BeEquivalentTo(
            [("ses-mail-receive-emails-test", "example.test"), ("ses-mail-receive-emails-prod", "prod.example.test")]);

        await clients.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = "ses-mail-email-routing-prod",
            Item = new()
            {
                ["PK"] = new() { S = "ROUTE#*@prod.example.test" }, ["SK"] = new() { S = "RULE#v1" }, ["entity_type"] = new() { S = "ROUTE" },
                ["recipient"] = new() { S = "*@prod.example.test" }, ["action"] = new() { S = "forward-to-gmail" }, ["target"] = new() { S = ProdMailbox },
                ["enabled"] = new() { BOOL = true },
            },
        }, Token);
        var expires = DateTimeOffset.UtcNow.AddDays(7);
        await clients.Ssm.PutParameterAsync(new PutParameterRequest
        {
            Name = "/ses-mail/prod/gmail-forwarder/oauth/refresh-token",
            Type = "SecureString",
            Overwrite = true,
            Value = new JsonObject
            {
                ["token"] = GmailStandInDriver.RefreshTokenFor(ProdMailbox),
                ["created_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["expires_at"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["expires_at_epoch"] = expires.ToUnixTimeSeconds(),
            }.ToJsonString(),
        }, Token);
        await ProdFunctionsAttachedAsync();
        var testSubject = $"test-env {Guid.NewGuid():N}";
        var prodSubject = $"prod-env {Guid.NewGuid():N}";

        await RawSmtp.SendAsync(_smtpPort, "sender@sender.test", ["hello@example.test"], Message("hello@example.test", testSubject), Token);
        await RawSmtp.SendAsync(_smtpPort, "sender@sender.test", ["hello@prod.example.test"], Message("hello@prod.example.test", prodSubject), Token);

        using var gmail = new GmailStandInDriver(_emulator.BaseUrl);
        var testInbox = await SubjectsEventuallyAsync(gmail, "me@example.test", testSubject);
        var prodInbox = await SubjectsEventuallyAsync(gmail, ProdMailbox, prodSubject);
        testInbox.Should().Contain(testSubject).And.NotContain(prodSubject);
        prodInbox.Should().Contain(prodSubject).And.NotContain(testSubject);
        (await StoredSubjectsAsync(clients, "ses-mail-storage-000000000000-prod")).Should().Contain(prodSubject).And.NotContain(testSubject);
        (await StoredSubjectsAsync(clients, "ses-mail-storage-000000000000-test")).Should().Contain(testSubject).And.NotContain(prodSubject);

        var refused = await CliAsync("destroy", "--env", "test");
        refused.Code.Should().Be(1);
        refused.Error.Should().Contain("also holds ses-mail-receive-emails-prod");
        var destroyed = await CliAsync("destroy", "--env", "prod");
        destroyed.Code.Should().Be(0, destroyed.Error);
        (await clients.Ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), Token)).Rules.Select(r => r.Name)
            .Should().Equal("ses-mail-receive-emails-test");
    }

    /// <summary>
    /// Waits until the runtime has picked up ses-mail-prod and its pollers are attached to every prod function. This
    /// test deploys a placeholder package, so an invocation that came before the runtime attached would run that package
    /// out of process, fail, and leave its message invisible for the queue's visibility timeout, longer than the wait
    /// below (a real package would simply run). A user's mail meets a working package; the test's must meet the runtime.
    /// </summary>
    private async Task ProdFunctionsAttachedAsync()
    {
        var store = _emulator.Services.GetRequiredService<SesMail.Emulator.Lambda.LambdaStore>();
        var executor = _emulator.Services.GetRequiredService<SesMail.Emulator.Lambda.Runtime.LambdaExecutor>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            var prod = store.InRegion(EmulatorFixture.Region).Where(f => f.Name.EndsWith("-prod", StringComparison.Ordinal)).Select(f => f.Name).ToList();
            var detached = prod.Where(name => !executor.IsAttached(EmulatorFixture.Region, name)).ToList();
            if (prod.Count > 0 && detached.Count == 0)
            {
                return;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"the runtime should attach to every prod function (not attached: {string.Join(", ", detached)})");
            await Task.Delay(100, Token);
        }
    }

    private async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", _emulator.BaseUrl.ToString(), "--region", EmulatorFixture.Region], CliConsole.ForText(output, error), Token);
        return (code, output.ToString(), error.ToString());
    }

    private static byte[] Message(string to, string subject) => Encoding.ASCII.GetBytes(
        $"From: Sender <sender@sender.test>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@sender.test>\r\nDate: {DateTimeOffset.UtcNow:R}\r\n\r\nHello from {subject}.\r\n");

    private static async Task<List<string>> SubjectsEventuallyAsync(GmailStandInDriver gmail, string mailbox, string subject)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            List<string> subjects = [];
            try
            {
                var stored = await gmail.StoredAsync(mailbox, Token);
                foreach (var message in stored)
                {
                    var raw = Encoding.UTF8.GetString(await gmail.StoredRawAsync(mailbox, message!["id"]!.GetValue<string>(), Token));
                    subjects.Add(raw.Split("\r\n").FirstOrDefault(l => l.StartsWith("Subject: ", StringComparison.Ordinal))?["Subject: ".Length..] ?? string.Empty);
                }
            }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
            }

            if (subjects.Contains(subject) || DateTimeOffset.UtcNow > deadline)
            {
                return subjects;
            }

            await Task.Delay(250, Token);
        }
    }

    private static async Task<List<string>> StoredSubjectsAsync(ProvisioningClients clients, string bucket)
    {
        var subjects = new List<string>();
        var objects = await clients.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "emails/" }, Token);
        foreach (var item in objects.S3Objects ?? [])
        {
            using var response = await clients.S3.GetObjectAsync(bucket, item.Key, Token);
            using var reader = new StreamReader(response.ResponseStream);
            var text = await reader.ReadToEndAsync(Token);
            subjects.Add(text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Subject: ", StringComparison.Ordinal))?["Subject: ".Length..] ?? string.Empty);
        }

        return subjects;
    }
}
