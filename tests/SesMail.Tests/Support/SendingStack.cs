using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SesMail.Cli.Hosting;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Ses.Smtp;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Invocation;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;

namespace SesMail.Tests.Support;

/// <summary>
/// The sending side of the local stack in this process: an emulator of its own (IAM enforced, a send rate high enough
/// for drills) with the template provisioned, <c>example.test</c> verified with the outbound configuration set as its
/// default, the stack's functions attached as the local runtime attaches them, and a stack file for the <c>sesmail</c>
/// CLI. Its clock runs at real speed from just after the start of an hour, so the hourly rate alarms see one period.
/// </summary>
public sealed class SendingStack : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private WebApplication? _app;
    private Task? _functions;

    /// <summary>The emulator's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The emulator's data folder (deleted on dispose).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sesmail-sending", Guid.NewGuid().ToString("N"));

    /// <summary>The provisioned stack.</summary>
    internal ResolvedStack Stack { get; private set; } = null!;

    /// <summary>Clients signed as the account's root.</summary>
    internal ProvisioningClients Clients { get; private set; } = null!;

    /// <summary>The SES SMTP endpoint's STARTTLS port.</summary>
    public int SmtpPort { get; private set; }

    /// <summary>The SES SMTP endpoint's implicit-TLS port.</summary>
    public int SmtpTlsPort { get; private set; }

    /// <summary>The emulator's services (alarm evaluation).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The stack file the CLI reads.</summary>
    public string StackFile => Path.Combine(DataDirectory, "stack-test.json");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        (_app, BaseUrl) = await EmulatorApp.StartAsync(
            options =>
            {
                options.Port = 0;
                options.DataDirectory = DataDirectory;
                options.DefaultRegion = EmulatorFixture.Region;
                options.SesMaxSendRate = 10_000;
            },
            ct,
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new OffsetClock(hour.AddSeconds(5) - now))));
        var status = _app.Services.GetRequiredService<SesSmtpStatus>();
        await status.Started.WaitAsync(TimeSpan.FromSeconds(30), ct);
        SmtpPort = status.StartTlsPort ?? throw new InvalidOperationException(status.Failure);
        SmtpTlsPort = status.TlsPort ?? throw new InvalidOperationException(status.Failure);

        Clients = ProvisioningClients.Create(BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var template = TemplateYamlTests.Load();
        Stack = await (await StackProvisionerTests.ProvisionerAsync(BaseUrl, Clients, ct)).ProvisionAsync(template, StackProvisionerTests.Settings, ct);
        await Clients.Ses.VerifyDomainIdentityAsync(new Amazon.SimpleEmail.Model.VerifyDomainIdentityRequest { Domain = "example.test" }, ct);
        await Clients.SesV2!.PutEmailIdentityConfigurationSetAttributesAsync(
            new Amazon.SimpleEmailV2.Model.PutEmailIdentityConfigurationSetAttributesRequest { EmailIdentity = "example.test", ConfigurationSetName = Stack.Outputs["OutboundConfigurationSetName"] }, ct);
        Directory.CreateDirectory(DataDirectory);
        await File.WriteAllTextAsync(StackFile, Stack.ToJson(), ct);

        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _functions = new AttachedFunctions(BaseUrl, NullLoggerFactory.Instance) { Pollers = 4 }.RunAsync(template, Stack, attached, _stop.Token);
        await attached.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
    }

    /// <summary>Runs <c>sesmail</c> against this stack.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>Exit code, standard output and standard error.</returns>
    public async Task<(int Code, string Out, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", BaseUrl.ToString(), "--stack-file", StackFile], CliConsole.ForText(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Adds an SMTP user through the CLI and returns its SMTP user name and password.</summary>
    /// <param name="name">The user name.</param>
    /// <param name="from">The From patterns.</param>
    /// <returns>The credentials.</returns>
    public async Task<(string Username, string Password)> AddSmtpUserAsync(string name, params string[] from)
    {
        var (code, output, error) = await CliAsync(["smtp-users", "add", name, .. from.SelectMany(f => new[] { "--from", f }), "--reveal", "--output", "json"]);
        code.Should().Be(0, error);
        var json = JsonNode.Parse(output)!;
        return (json["SmtpUsername"]!.GetValue<string>(), json["SmtpPassword"]!.GetValue<string>());
    }

    /// <summary>Connects a MailKit client (STARTTLS or implicit TLS, the self-signed certificate accepted) and logs in.</summary>
    /// <param name="username">The SMTP user name.</param>
    /// <param name="password">The SMTP password.</param>
    /// <param name="implicitTls">Implicit TLS on the TLS port instead of STARTTLS.</param>
    /// <param name="mechanism">Restricts AUTH to <c>PLAIN</c> or <c>LOGIN</c>; <c>null</c> lets MailKit choose.</param>
    /// <returns>The connected, authenticated client.</returns>
    public async Task<SmtpClient> ConnectAsync(string username, string password, bool implicitTls = false, string? mechanism = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 60_000 };
        await client.ConnectAsync("127.0.0.1", implicitTls ? SmtpTlsPort : SmtpPort, implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls, ct);
        if (mechanism is not null)
        {
            foreach (var other in client.AuthenticationMechanisms.Where(m => m != mechanism).ToList())
            {
                client.AuthenticationMechanisms.Remove(other);
            }
        }

        await client.AuthenticateAsync(username, password, ct);
        return client;
    }

    /// <summary>A plain-text message.</summary>
    /// <param name="from">The From address.</param>
    /// <param name="to">The To address.</param>
    /// <param name="subject">The subject.</param>
    /// <returns>The message.</returns>
    public static MimeMessage Message(string from, string to, string subject = "hello")
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = "Sent through the local SES SMTP endpoint." };
        return message;
    }

    /// <summary>The SES outbox's envelope of a message id, or <c>null</c>.</summary>
    /// <param name="messageId">The SES message id.</param>
    /// <returns>The envelope JSON.</returns>
    public async Task<JsonObject?> OutboxAsync(string messageId)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        using var response = await http.GetAsync(new Uri($"/_sesmail/ses/messages/{messageId}", UriKind.Relative), TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken) : null;
    }

    /// <summary>The sum of a metric of <c>SESMail/test</c> over the last two hours, as CloudWatch's GetMetricStatistics answers it.</summary>
    /// <param name="metric">The metric name.</param>
    /// <returns>The sum (0 when there is no datapoint).</returns>
    public async Task<double> SumAsync(string metric)
    {
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var cloudWatch = new SesMail.Tests.Emulator.AwsJsonClient(BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
        var result = await cloudWatch.OkAsync("GetMetricStatistics", new JsonObject
        {
            ["Namespace"] = "SESMail/test",
            ["MetricName"] = metric,
            ["StartTime"] = now.AddHours(-2).ToString("o"),
            ["EndTime"] = now.AddMinutes(5).ToString("o"),
            ["Period"] = 86_400,
            ["Statistics"] = new JsonArray("Sum"),
        }, TestContext.Current.CancellationToken);
        return (result["Datapoints"] as JsonArray ?? []).Sum(d => d!["Sum"]!.GetValue<double>());
    }

    /// <summary>Waits until <paramref name="done"/> holds (polling), or fails the test after <paramref name="limit"/>.</summary>
    /// <param name="done">The condition.</param>
    /// <param name="limit">How long to wait.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <returns>A task.</returns>
    public static async Task EventuallyAsync(Func<Task<bool>> done, TimeSpan limit, string what)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (!await done())
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"{what} within {limit.TotalSeconds:0} s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Evaluates every alarm now and returns the state of one.</summary>
    /// <param name="alarm">The alarm name.</param>
    /// <returns>Its state value.</returns>
    public async Task<string> AlarmStateAsync(string alarm)
    {
        await Services.GetRequiredService<AlarmEvaluator>().EvaluateAsync(TestContext.Current.CancellationToken);
        var described = await Clients.CloudWatch!.DescribeAlarmsAsync(new Amazon.CloudWatch.Model.DescribeAlarmsRequest { AlarmNames = [alarm] }, TestContext.Current.CancellationToken);
        return described.MetricAlarms.Single().StateValue;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_functions is not null)
        {
            try
            {
                await _functions.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception error) when (error is OperationCanceledException or TimeoutException)
            {
            }
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stop.Dispose();
        TestFolders.DeleteQuietly(DataDirectory);
    }

    /// <summary>The system clock moved by a fixed offset: real-speed timers, shifted timestamps.</summary>
    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
