using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SesMail.Emulator.Hosting;
using SmtpServer;
using SmtpServer.Net;

namespace SesMail.Emulator.Ses.Smtp;

/// <summary>Where the SES SMTP endpoint listens, once it does (read by <c>GET /_sesmail/ses/smtp</c> and by tests).</summary>
internal sealed class SesSmtpStatus
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The STARTTLS port (the counterpart of 587), or <c>null</c> while it does not listen.</summary>
    public int? StartTlsPort { get; private set; }

    /// <summary>The implicit-TLS port (the counterpart of 465), or <c>null</c> while it does not listen.</summary>
    public int? TlsPort { get; private set; }

    /// <summary>Why the endpoint does not listen, or <c>null</c>.</summary>
    public string? Failure { get; private set; }

    /// <summary>Completes when every configured port listens, or the endpoint gave up (see <see cref="Failure"/>).</summary>
    public Task Started => _started.Task;

    internal void SetListening(int port, bool implicitTls)
    {
        if (implicitTls)
        {
            TlsPort = port;
        }
        else
        {
            StartTlsPort = port;
        }
    }

    internal void SetStarted() => _started.TrySetResult();

    internal void SetFailed(string reason)
    {
        Failure = reason;
        _started.TrySetResult();
    }
}

/// <summary>
/// The local counterpart of SES's SMTP interface, <c>email-smtp.{region}.amazonaws.com</c>
/// (https://docs.aws.amazon.com/ses/latest/dg/send-email-smtp.html): an ESMTP server (SmtpServer) on 127.0.0.1 with a
/// STARTTLS port (<see cref="EmulatorOptions.SesSmtpPort"/>, default 2587) and an implicit-TLS port
/// (<see cref="EmulatorOptions.SesSmtpTlsPort"/>, default 2465). Clients must authenticate (<c>AUTH PLAIN</c> or
/// <c>LOGIN</c>, only over TLS) with an IAM access key id and its SES SMTP password (<see cref="SesSmtpAuthenticator"/>);
/// each message is then authorized and sent as <c>SendRawEmail</c> (<see cref="SesSmtpMessageStore"/>). docs/SENDING.md.
/// </summary>
/// <remarks>
/// The TLS certificate is self-signed, made by the first TLS session for <c>email-smtp.{region}.amazonaws.com</c>, <c>localhost</c> and
/// 127.0.0.1: clients must be told to accept it (local use only). A port that is taken is logged and left out; the
/// emulator runs on without it.
/// </remarks>
internal sealed partial class SesSmtpEndpoint(
    EmulatorOptions options,
    SesSmtpStatus status,
    SesSmtpAuthenticator authenticator,
    SesSmtpMessageStore store,
    ILogger<SesSmtpEndpoint> logger) : BackgroundService
{
    /// <summary>The STARTTLS port used when none is configured.</summary>
    public const int DefaultPort = 2587;

    /// <summary>The implicit-TLS port used when none is configured.</summary>
    public const int DefaultTlsPort = 2465;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ports = new List<(int Port, bool ImplicitTls)>();
        foreach (var (configured, fallback, implicitTls) in new[] { (options.SesSmtpPort, DefaultPort, false), (options.SesSmtpTlsPort, DefaultTlsPort, true) })
        {
            var port = configured ?? (options.Port == 0 ? 0 : fallback);
            if (port < 0)
            {
                continue;
            }

            try
            {
                ports.Add((Bind(port), implicitTls));
            }
            catch (SocketException error)
            {
                LogPortTaken(logger, options.BindAddress, port, error.Message);
            }
        }

        if (ports.Count == 0)
        {
            status.SetFailed("no SES SMTP port could be bound (or both are turned off with -1)");
            return;
        }

        var serverName = $"email-smtp.{options.DefaultRegion}.amazonaws.com";
        using var certificate = new LazyCertificate(serverName);
        var builder = new SmtpServerOptionsBuilder().ServerName(serverName).MaxMessageSize(SesProvider.MaxSendSize, MaxMessageSizeHandling.Strict).MaxAuthenticationAttempts(3);
        foreach (var (port, implicitTls) in ports)
        {
            builder.Endpoint(e => e
                .Endpoint(new IPEndPoint(IPAddress.Parse(options.BindAddress), port))
                .IsSecure(implicitTls)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false)
                .SessionTimeout(TimeSpan.FromMinutes(5))
                .Certificate(certificate));
            status.SetListening(port, implicitTls);
        }

        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(authenticator);
        provider.Add(store);
        var server = new SmtpServer.SmtpServer(builder.Build(), provider);
        var running = server.StartAsync(stoppingToken);
        status.SetStarted();
        LogListening(logger, options.BindAddress, status.StartTlsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off", status.TlsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off");
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Checks that a port is free (0: picks one) and returns it; SmtpServer binds it again right after.</summary>
    private int Bind(int port)
    {
        using var probe = new TcpListener(IPAddress.Parse(options.BindAddress), port);
        probe.Start();
        var bound = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return bound;
    }

    /// <summary>
    /// The endpoint's self-signed certificate, made by the first TLS session rather than at start-up: its RSA-2048 key
    /// costs 0.15–0.4 s of CPU, which slowed the emulator's start on a small machine (docs/DEVELOPMENT.md, "Measuring
    /// the pipeline"). Sessions starting together share one generation.
    /// </summary>
    private sealed class LazyCertificate(string hostName) : ICertificateFactory, IDisposable
    {
        private readonly Lazy<X509Certificate2> _certificate = new(() => CreateCertificate(hostName), LazyThreadSafetyMode.ExecutionAndPublication);

        public X509Certificate GetServerCertificate(ISessionContext sessionContext) => _certificate.Value;

        public void Dispose()
        {
            if (_certificate.IsValueCreated)
            {
                _certificate.Value.Dispose();
            }
        }
    }

    private static X509Certificate2 CreateCertificate(string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostName);
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SES SMTP endpoint listening on {Address}: STARTTLS port {StartTlsPort}, implicit TLS port {TlsPort}")]
    private static partial void LogListening(ILogger logger, string address, string startTlsPort, string tlsPort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES SMTP endpoint: {Address}:{Port} is taken ({Reason}); that port is left out (set Emulator:SesSmtpPort / Emulator:SesSmtpTlsPort)")]
    private static partial void LogPortTaken(ILogger logger, string address, int port, string reason);
}
