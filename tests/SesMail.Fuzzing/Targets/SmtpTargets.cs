using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SesMail.Functions.Router;
using SesMail.LocalRuntime.SesReceiving;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// A whole SMTP session against the SES receiving edge (SmtpServer with SesMail's commands, reply rewriting, receipt
/// rule filter and message store) on a loopback port: the input is what the client sends, byte for byte, then the
/// client half-closes. Findings: a reply line that is not <c>DDD[ -]text</c>; a 4xx/5xx (outside the greeting and
/// HELO/EHLO) without an RFC 3463 enhanced code; a session that does not end within 10 s of the client's close; a
/// session fault other than the connection going away; a message the store failed to keep (the fakes never fail).
/// </summary>
internal sealed partial class SmtpSessionTarget : IFuzzTarget
{
    private readonly SmtpEdgeHost _edge = SmtpEdgeHost.Shared;

    public string Name => "smtp";

    public string Description => "client bytes of one SMTP session -> SES receiving edge on loopback; well-formed replies with RFC 3463 codes, no hang, no fault";

    public void Run(ReadOnlySpan<byte> input)
    {
        _edge.Errors.Clear();
        var replies = _edge.Converse(input.ToArray(), TimeSpan.FromSeconds(10));
        var lines = replies.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 && i == lines.Length - 1)
            {
                break;
            }

            if (!ReplyLine().IsMatch(line))
            {
                throw new FuzzFinding($"Malformed reply line '{line}' in: {replies}");
            }

            var final = line.Length == 3 || line[3] == ' ';
            if (i > 0 && final && line[0] is '4' or '5' && !EnhancedCode().IsMatch(line))
            {
                throw new FuzzFinding($"Refusal without an RFC 3463 code: '{line}' in: {replies}");
            }
        }

        if (_edge.Errors.First is { } error)
        {
            throw new FuzzFinding($"The edge logged a failure: {error}");
        }
    }

    [GeneratedRegex(@"^[2-5]\d\d([ -].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReplyLine();

    [GeneratedRegex(@"^\d\d\d[ -][245]\.\d{1,3}\.\d{1,3}( |$)", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedCode();
}

/// <summary>
/// What the edge does with the DATA it accepted (<see cref="ReceivedMessageProcessor"/>): MIME parsing, SPF/DKIM/DMARC
/// (DNS answers nothing), the SES header block, the stored object and the <c>Received</c> notification. Findings: an
/// exception; a stored object that does not end with the message exactly as received; a notification the router
/// cannot read.
/// </summary>
internal sealed class SesReceivingTarget : IFuzzTarget
{
    private readonly SmtpEdgeHost _edge = SmtpEdgeHost.Shared;

    public string Name => "ses-receiving";

    public string Description => "raw message (DATA) -> ReceivedMessageProcessor -> stored object + SES notification -> router's reader";

    public void Run(ReadOnlySpan<byte> input)
    {
        var message = input.ToArray();
        var processor = _edge.Services.GetRequiredService<ReceivedMessageProcessor>();
        var envelope = new SmtpEnvelope(IPAddress.Loopback, "client.origin.test", "sender@origin.test", ["user@example.test", "other@example.test"]);
        var store = (MemoryObjectStore)_edge.Services.GetRequiredService<IReceivedMailObjectStore>();
        var notifier = (MemoryNotifier)_edge.Services.GetRequiredService<IReceivedMailNotifier>();
        processor.ProcessAsync(envelope, message, CancellationToken.None).GetAwaiter().GetResult();
        if (store.Last is not { } stored || !stored.AsSpan().EndsWith(message))
        {
            throw new FuzzFinding("The stored object does not end with the message as received");
        }

        var notification = RouterFunction.ReadNotification(notifier.Last ?? throw new FuzzFinding("No notification was published"));
        if (notification.Mail?.Destination is not { Count: 2 })
        {
            throw new FuzzFinding("The notification lost the envelope recipients");
        }
    }
}

/// <summary>Keeps the last object, and proves the content stream can be read to its end.</summary>
internal sealed class MemoryObjectStore : IReceivedMailObjectStore
{
    public byte[]? Last { get; private set; }

    public async Task PutAsync(string bucket, string key, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        Last = copy.ToArray();
    }
}

internal sealed class MemoryNotifier : IReceivedMailNotifier
{
    public string? Last { get; private set; }

    public Task PublishAsync(string topicArn, string message, CancellationToken cancellationToken)
    {
        Last = message;
        return Task.CompletedTask;
    }
}

/// <summary>The SES receiving edge in-process on a free loopback port, with in-memory S3/SNS, an empty DNS zone and an
/// active rule set covering <c>example.test</c> (S3 action with topic, scan on).</summary>
internal sealed class SmtpEdgeHost
{
    private static readonly Lazy<SmtpEdgeHost> Instance = new(() => new SmtpEdgeHost());
    private readonly IHost _host;

    private SmtpEdgeHost()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
            ["SesMail:Region"] = "ap-southeast-2",
            ["SesMail:Smtp:Port"] = "0",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(Errors);
        builder.Services.AddSingleton<IDnsResolver>(new LocalZoneDnsResolver());
        builder.Services.AddSingleton<IReceivedMailObjectStore, MemoryObjectStore>();
        builder.Services.AddSingleton<IReceivedMailNotifier, MemoryNotifier>();
        builder.Services.AddSingleton(RuleSet.Create());
        builder.Services.AddSesReceivingEdge(configuration, o => o.StartTls = true);
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        Endpoint = _host.Services.GetRequiredService<SmtpEdgeStatus>().Listening.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
    }

    public static SmtpEdgeHost Shared => Instance.Value;

    public IPEndPoint Endpoint { get; }

    public IServiceProvider Services => _host.Services;

    public FailureLog Errors { get; } = new();

    /// <summary>Sends <paramref name="input"/>, half-closes, and returns everything the server wrote until it closed.</summary>
    /// <exception cref="FuzzFinding">The server kept the connection open past <paramref name="timeout"/>.</exception>
    public string Converse(byte[] input, TimeSpan timeout)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(Endpoint);
        client.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        var received = new MemoryStream();
        var reader = Task.Run(() =>
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = client.Receive(buffer)) > 0)
                {
                    received.Write(buffer, 0, read);
                }
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.ConnectionReset or SocketError.TimedOut or SocketError.WouldBlock)
            {
                if (error.SocketErrorCode != SocketError.ConnectionReset)
                {
                    return false;
                }
            }

            return true;
        });
        try
        {
            for (var sent = 0; sent < input.Length;)
            {
                sent += client.Send(input, sent, input.Length - sent, SocketFlags.None);
            }

            client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server hung up before reading everything (after 421, or a TLS failure): that is its right.
        }

        if (!reader.GetAwaiter().GetResult())
        {
            throw new FuzzFinding($"The session did not end within {timeout.TotalSeconds} s of the client's close; replies so far: {Encoding.ASCII.GetString(received.ToArray())}");
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>A DescribeActiveReceiptRuleSet answer without a network: one rule for <c>example.test</c>.</summary>
    internal class RuleSet : DispatchProxy
    {
        public static IAmazonSimpleEmailService Create() => DispatchProxy.Create<IAmazonSimpleEmailService, RuleSet>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IAmazonSimpleEmailService.DescribeActiveReceiptRuleSetAsync) => Task.FromResult(new DescribeActiveReceiptRuleSetResponse
            {
                Metadata = new ReceiptRuleSetMetadata { Name = "fuzz" },
                Rules =
                [
                    new ReceiptRule
                    {
                        Name = "receive",
                        Enabled = true,
                        ScanEnabled = true,
                        Recipients = ["example.test", ".sub.example.test"],
                        Actions = [new ReceiptAction { S3Action = new S3Action { BucketName = "fuzz", ObjectKeyPrefix = "emails/", TopicArn = "arn:aws:sns:ap-southeast-2:000000000000:fuzz" } }],
                    },
                ],
            }),
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }

    /// <summary>Warnings and errors that carry an exception other than the connection going away.</summary>
    internal sealed class FailureLog : ILoggerProvider, ILogger
    {
        private string? _first;

        public string? First => _first;

        public void Clear() => _first = null;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && !IsDisconnect(exception))
            {
                _first ??= $"{formatter(state, exception)}: {exception}";
            }
        }

        public void Dispose()
        {
        }

        private static bool IsDisconnect(Exception error) => error switch
        {
            IOException or SocketException or OperationCanceledException or ObjectDisposedException => true,
            System.Security.Authentication.AuthenticationException => true,
            _ => error.InnerException is { } inner && IsDisconnect(inner),
        };
    }
}
