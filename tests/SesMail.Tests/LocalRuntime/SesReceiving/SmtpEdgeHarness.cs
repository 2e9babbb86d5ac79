using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SesMail.LocalRuntime.SesReceiving;
using SesMail.LocalRuntime.SesReceiving.Authentication;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>Records S3 puts; can be told to fail (a backend outage).</summary>
internal sealed class RecordingObjectStore : IReceivedMailObjectStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    public Exception? Failure { get; set; }

    public async Task PutAsync(string bucket, string key, Stream content, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Objects[$"{bucket}/{key}"] = copy.ToArray();
    }
}

/// <summary>Records SNS publishes; can be told to fail.</summary>
internal sealed class RecordingNotifier : IReceivedMailNotifier
{
    public ConcurrentQueue<(string TopicArn, string Message)> Published { get; } = new();

    public Exception? Failure { get; set; }

    public Task PublishAsync(string topicArn, string message, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        Published.Enqueue((topicArn, message));
        return Task.CompletedTask;
    }
}

/// <summary>
/// The SMTP edge started in-process on a free loopback port against the in-process emulator's SES (an active rule set
/// in its own region), with S3 and SNS either recorded (fakes) or real (the emulator), and DNS from a local zone.
/// </summary>
internal sealed class SmtpEdgeHarness : IAsyncDisposable
{
    public const string Bucket = "ses-mail-storage-000000000000-test";
    public const string Topic = "arn:aws:sns:ap-southeast-2:000000000000:ses-email-processing-test";

    private readonly IHost _host;

    private SmtpEdgeHarness(IHost host, IPEndPoint endpoint, string region)
    {
        _host = host;
        Endpoint = endpoint;
        Region = region;
    }

    public IPEndPoint Endpoint { get; }

    public string Region { get; }

    public IServiceProvider Services => _host.Services;

    public RecordingObjectStore? Objects => _host.Services.GetService<IReceivedMailObjectStore>() as RecordingObjectStore;

    public RecordingNotifier? Notifier => _host.Services.GetService<IReceivedMailNotifier>() as RecordingNotifier;

    /// <summary>Creates an active rule set (S3 action with topic, scan on) in <paramref name="region"/> and starts the edge.</summary>
    public static async Task<SmtpEdgeHarness> StartAsync(
        EmulatorFixture emulator,
        string region,
        LocalZoneDnsResolver? zone = null,
        bool fakeBackends = true,
        string[]? recipients = null,
        Action<SmtpEdgeOptions>? configure = null,
        CancellationToken cancellationToken = default,
        string bucket = Bucket,
        string topic = Topic,
        IPipelineBacklog? backlog = null)
    {
        using var ses = new AmazonSimpleEmailServiceClient(EmulatorFixture.Credentials,
            new AmazonSimpleEmailServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = region });
        var set = $"edge-{Guid.NewGuid():N}"[..16];
        await ses.CreateReceiptRuleSetAsync(new CreateReceiptRuleSetRequest { RuleSetName = set }, cancellationToken);
        await ses.CreateReceiptRuleAsync(new CreateReceiptRuleRequest
        {
            RuleSetName = set,
            Rule = new ReceiptRule
            {
                Name = "receive",
                Enabled = true,
                ScanEnabled = true,
                Recipients = [.. recipients ?? ["example.test", ".sub.example.test"]],
                Actions = [new ReceiptAction { S3Action = new S3Action { BucketName = bucket, ObjectKeyPrefix = "emails/", TopicArn = topic } }],
            },
        }, cancellationToken);
        await ses.SetActiveReceiptRuleSetAsync(new SetActiveReceiptRuleSetRequest { RuleSetName = set }, cancellationToken);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = emulator.BaseUrl.ToString(),
            ["SesMail:Region"] = region,
            ["SesMail:Smtp:Port"] = "0",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IDnsResolver>(zone ?? new LocalZoneDnsResolver());
        if (fakeBackends)
        {
            builder.Services.AddSingleton<IReceivedMailObjectStore, RecordingObjectStore>();
            builder.Services.AddSingleton<IReceivedMailNotifier, RecordingNotifier>();
        }

        if (backlog is not null)
        {
            builder.Services.AddSingleton(backlog);
        }

        builder.Services.AddSesReceivingEdge(configuration, o =>
        {
            o.StartTls = true;
            configure?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var endpoint = await host.Services.GetRequiredService<SmtpEdgeStatus>().Listening.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new SmtpEdgeHarness(host, endpoint, region);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>A minimal SMTP client that sends exact bytes (no line-ending fix-up), for byte-for-byte checks.</summary>
internal static class RawSmtp
{
    /// <summary>Sends one message; returns every reply line, in order (the last one answers DATA's end).</summary>
    public static async Task<List<string>> SendAsync(IPEndPoint endpoint, string mailFrom, IEnumerable<string> recipients, byte[] data, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint, cancellationToken);
        await using var stream = client.GetStream();
        var replies = new List<string>();
        var reader = new StreamReader(stream, Encoding.ASCII);

        async Task<string> ReplyAsync()
        {
            string line;
            do
            {
                line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("connection closed");
                replies.Add(line);
            }
            while (line.Length > 3 && line[3] == '-');
            return line;
        }

        async Task<string> CommandAsync(string command)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
            return await ReplyAsync();
        }

        await ReplyAsync();
        await CommandAsync("EHLO client.origin.test");
        await CommandAsync($"MAIL FROM:<{mailFrom}>");
        var accepted = 0;
        foreach (var recipient in recipients)
        {
            if ((await CommandAsync($"RCPT TO:<{recipient}>")).StartsWith('2'))
            {
                accepted++;
            }
        }

        if (accepted == 0)
        {
            await CommandAsync("QUIT");
            return replies;
        }

        if (!(await CommandAsync("DATA")).StartsWith("354", StringComparison.Ordinal))
        {
            return replies;
        }

        await stream.WriteAsync(DotStuff(data), cancellationToken);
        var terminator = data.Length > 0 && data[^1] == '\n' && (data.Length < 2 || data[^2] == '\r') ? ".\r\n" : "\r\n.\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(terminator), cancellationToken);
        await ReplyAsync();
        await CommandAsync("QUIT");
        return replies;
    }

    /// <summary>Sends <paramref name="input"/> as is, half-closes, and returns every reply line until the server closes.</summary>
    public static async Task<List<string>> ConverseAsync(IPEndPoint endpoint, byte[] input, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint, cancellationToken);
        await using var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(input, cancellationToken);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server closed the connection before reading everything (a refusal): read what it answered.
        }

        return await ReadAllAsync(stream, cancellationToken);
    }

    /// <summary>Every reply line until the server closes (a reset counts as closing).</summary>
    public static async Task<List<string>> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        var replies = new List<string>();
        var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                replies.Add(line);
            }
        }
        catch (IOException)
        {
        }

        return replies;
    }

    private static byte[] DotStuff(byte[] data)
    {
        using var output = new MemoryStream();
        var lineStart = true;
        foreach (var b in data)
        {
            if (lineStart && b == '.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            lineStart = b == '\n';
        }

        return output.ToArray();
    }
}
