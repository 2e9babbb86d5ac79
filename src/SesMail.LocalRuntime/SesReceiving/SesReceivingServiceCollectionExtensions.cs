using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleEmail;
using Amazon.SimpleNotificationService;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>Registers the SES receiving edge (issue 6): one call from <c>AddLocalRuntime</c>.</summary>
public static class SesReceivingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SMTP edge as a hosted service with its options (<c>SesMail:Smtp:*</c>), the SES, S3 and SNS clients
    /// it calls (endpoint <c>AWS_ENDPOINT_URL</c>, region <c>SesMail:Region</c>; dummy credentials when an endpoint is
    /// set; S3 and SNS act as the service principal <c>ses.amazonaws.com</c> when <see cref="Hosting.RoleCredentials"/> is
    /// registered, so the edge holds only what the bucket and topic policies grant SES), the SQS client and backlog its flow control reads, the DNS resolver for SPF/DKIM/DMARC, the default test-string scanner, and the <c>/health</c> check
    /// <c>ses-smtp-edge</c> (tag <c>ready</c>). Clients already registered are used as they are.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="configure">Last-word changes to the options (tests: port 0, a local DNS zone).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSesReceivingEdge(this IServiceCollection services, IConfiguration configuration, Action<SmtpEdgeOptions>? configure = null)
    {
        var options = new SmtpEdgeOptions();
        configuration.GetSection(SmtpEdgeOptions.SectionName).Bind(options);
        options.Region ??= configuration["SesMail:Region"] is { Length: > 0 } region ? region : "ap-southeast-2";
        configure?.Invoke(options);
        if (!options.Enabled)
        {
            return services;
        }

        var endpoint = configuration["AWS_ENDPOINT_URL"] is { Length: > 0 } url ? url : null;
        AWSCredentials? credentials = endpoint is null ? null : new BasicAWSCredentials("sesmail-local", "sesmail-local");

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.TryAddSingleton<IAmazonSimpleEmailService>(_ => new AmazonSimpleEmailServiceClient(credentials,
            new AmazonSimpleEmailServiceConfig { ServiceURL = endpoint, AuthenticationRegion = options.Region, RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region) }));
        AWSCredentials? AsSes(IServiceProvider s) => s.GetService<Hosting.RoleCredentials>()?.ForService("ses.amazonaws.com", null) ?? credentials;
        services.TryAddSingleton<IAmazonSimpleNotificationService>(s => new AmazonSimpleNotificationServiceClient(AsSes(s),
            new AmazonSimpleNotificationServiceConfig { ServiceURL = endpoint, AuthenticationRegion = options.Region, RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region) }));
        services.TryAddSingleton<IAmazonS3>(s =>
        {
            var ses = AsSes(s);
            var config = new AmazonS3Config { ForcePathStyle = true, AuthenticationRegion = options.Region };
            if (endpoint is not null)
            {
                config.ServiceURL = endpoint;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
            }

            return ses is null ? new AmazonS3Client(config) : new AmazonS3Client(ses, config);
        });

        services.TryAddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(credentials,
            new AmazonSQSConfig { ServiceURL = endpoint, AuthenticationRegion = options.Region, RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region) }));
        services.TryAddSingleton<IPipelineBacklog>(s => new SqsPipelineBacklog(s.GetRequiredService<IAmazonSQS>(), s.GetRequiredService<TimeProvider>(),
            s.GetRequiredService<ILogger<SqsPipelineBacklog>>(), s.GetService<Hosting.LocalRuntimeState>()));
        services.AddSingleton<InFlowGate>();
        services.TryAddSingleton<IReceivedMailObjectStore, S3ReceivedMailObjectStore>();
        services.TryAddSingleton<IReceivedMailNotifier, SnsReceivedMailNotifier>();
        services.TryAddSingleton<IContentScanner, TestStringContentScanner>();
        services.TryAddSingleton(_ => ReceivingDns.Create(options));
        services.AddSingleton(s => new MailAuthenticator(s.GetRequiredService<ARSoft.Tools.Net.Dns.IDnsResolver>(),
            options.ServerName ?? $"inbound-smtp.{options.Region}.amazonaws.com"));
        services.AddSingleton<ReceiptRuleCatalog>();
        services.AddSingleton<ReceiptRuleMailboxFilter>();
        services.AddSingleton<ReceivedMessageProcessor>();
        services.AddSingleton<ReceivedMessageStore>();
        services.AddSingleton<SmtpEdgeStatus>();
        services.AddHostedService<SmtpEdgeService>();
        services.AddHealthChecks().AddCheck<SmtpEdgeHealthCheck>("ses-smtp-edge", tags: ["ready"]);
        return services;
    }
}
