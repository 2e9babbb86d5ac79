using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>Whether the SMTP edge listens, and where (read by <c>/health</c> and by tests).</summary>
public sealed class SmtpEdgeStatus
{
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bound endpoint once the listener accepts connections (faults if it cannot start).</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    /// <summary>The bound endpoint, or <c>null</c> before it listens.</summary>
    public IPEndPoint? Endpoint => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : null;

    /// <summary>Why the edge is not listening, or <c>null</c>.</summary>
    public string? Failure { get; private set; }

    internal void SetListening(IPEndPoint endpoint) => _listening.TrySetResult(endpoint);

    internal void SetFailed(Exception error)
    {
        Failure = error.Message;
        _listening.TrySetException(error);
    }
}

/// <summary>The SES receiving edge as a hosted service: an ESMTP server (SmtpServer) plus the rule-set refresher.</summary>
internal sealed partial class SmtpEdgeService(
    SmtpEdgeOptions options,
    SmtpEdgeStatus status,
    ReceiptRuleCatalog catalog,
    ReceiptRuleMailboxFilter filter,
    ReceivedMessageStore store,
    TimeProvider time,
    ILogger<SmtpEdgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refresher = catalog.RunAsync(stoppingToken);
        try
        {
            var endpoint = new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port);
            var serverName = options.ServerName ?? $"inbound-smtp.{options.Region ?? "ap-southeast-2"}.amazonaws.com";
            var builder = new SmtpServerOptionsBuilder()
                .ServerName(serverName)
                .MaxMessageSize(options.MaxMessageSize, MaxMessageSizeHandling.Strict)
                .Endpoint(e =>
                {
                    e.Endpoint(endpoint).IsSecure(false).AllowUnsecureAuthentication(false).SessionTimeout(TimeSpan.FromMinutes(5));
                    if (options.StartTls)
                    {
                        e.Certificate(CreateCertificate(serverName));
                    }
                });

            var provider = new SmtpServer.ComponentModel.ServiceProvider();
            provider.Add(filter);
            provider.Add(store);
            provider.Add(new ReportingListenerFactory(status, options));
            provider.Add(new SesSmtpCommandFactory());
            var server = new SmtpServer.SmtpServer(builder.Build(), provider);
            server.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) =>
            {
                c.Context.Properties[SmtpReplies.CommandKey] = c.Command.Name;
                if (!c.Context.Properties.TryGetValue(CommandRate.Key, out var rate))
                {
                    c.Context.Properties[CommandRate.Key] = rate = new CommandRate(options.MaxCommandsPerMinute, time);
                }

                if (!((CommandRate)rate).TryTake())
                {
                    throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)421,
                        $"4.7.0 {serverName} Too many commands (at most {options.MaxCommandsPerMinute} a minute), closing transmission channel"), true);
                }

                switch (c.Command)
                {
                    case EhloCommand ehlo:
                        c.Context.Properties[ReceivedMessageStore.HeloKey] = ehlo.DomainOrAddress;
                        break;
                    case HeloCommand helo:
                        c.Context.Properties[ReceivedMessageStore.HeloKey] = helo.DomainOrAddress;
                        break;
                }
            };
            server.SessionFaulted += (_, e) => OnSessionFaulted(e.Context, e.Exception, serverName);

            var running = server.StartAsync(stoppingToken);
            var bound = await Task.WhenAny(status.Listening, running).ConfigureAwait(false);
            if (bound == status.Listening)
            {
                LogListening(logger, status.Endpoint!.ToString(), options.StartTls);
            }

            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            status.SetFailed(error);
            LogStartFailed(logger, error, options.BindAddress, options.Port);
        }

        await refresher.ConfigureAwait(false);
    }

    /// <summary>
    /// A session ended by an exception. SmtpServer 11's parser throws on some malformed commands (a MAIL or RCPT
    /// naming one ESMTP parameter twice, e.g. <c>SIZE=1 SIZE=2</c>) instead of answering 501; the session cannot go
    /// on, so the client gets <c>421 4.5.2</c> (RFC 5321 §3.8: a server closing the channel says so) rather than a
    /// silent close. Other faults are logged as failures.
    /// </summary>
    private void OnSessionFaulted(ISessionContext context, Exception error, string serverName)
    {
        if (IsDisconnect(error))
        {
            return;
        }

        if (!ThrownByParser(error))
        {
            LogSessionFaulted(logger, error);
            return;
        }

        LogUnparsable(logger, error.Message);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            SmtpLimitReplies.WriteAsync(context.Pipe.Output, $"421 4.5.2 {serverName} Command could not be parsed, closing transmission channel", timeout.Token)
                .AsTask().GetAwaiter().GetResult();
        }
        catch (Exception write) when (IsDisconnect(write) || write is InvalidOperationException)
        {
            // The client went away first.
        }
    }

    private static bool ThrownByParser(Exception error) =>
        new System.Diagnostics.StackTrace(error).GetFrames().Any(f => f.GetMethod()?.DeclaringType == typeof(SmtpParser));

    private static bool IsDisconnect(Exception error) => error switch
    {
        IOException or System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException => true,
        System.Security.Authentication.AuthenticationException => true,
        _ => error.InnerException is { } inner && IsDisconnect(inner),
    };

    /// <summary>A self-signed certificate for STARTTLS, generated at start (local use only).</summary>
    internal static X509Certificate2 CreateCertificate(string hostName)
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

    private sealed class ReportingListenerFactory(SmtpEdgeStatus status, SmtpEdgeOptions options) : ReplyRewritingListenerFactory(options)
    {
        protected override void OnEndpointStarted(EndpointEventArgs args)
        {
            base.OnEndpointStarted(args);
            if (args.LocalEndPoint is IPEndPoint endpoint)
            {
                status.SetListening(endpoint);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SES receiving edge listening on smtp://{Endpoint} (STARTTLS {StartTls})")]
    private static partial void LogListening(ILogger logger, string endpoint, bool startTls);

    [LoggerMessage(Level = LogLevel.Error, Message = "SES receiving edge could not listen on {Address}:{Port}; set SesMail:Smtp:Port to a free port")]
    private static partial void LogStartFailed(ILogger logger, Exception error, string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "SES receiving: closed a session whose command SmtpServer could not parse ({Reason})")]
    private static partial void LogUnparsable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES receiving: an SMTP session failed")]
    private static partial void LogSessionFaulted(ILogger logger, Exception error);
}

/// <summary><c>/health</c> entry <c>ses-smtp-edge</c>: healthy once the SMTP listener accepts connections.</summary>
internal sealed class SmtpEdgeHealthCheck(SmtpEdgeStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Endpoint is { } endpoint
            ? HealthCheckResult.Healthy($"listening on smtp://{endpoint}")
            : HealthCheckResult.Unhealthy(status.Failure is { } failure ? $"SMTP edge failed: {failure}" : "SMTP edge starting"));
}
