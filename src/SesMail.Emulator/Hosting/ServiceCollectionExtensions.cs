using Microsoft.Extensions.DependencyInjection.Extensions;
using SesMail.Emulator.CloudFormation;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Gmail;
using SesMail.Emulator.Iam;
using SesMail.Emulator.Kms;
using SesMail.Emulator.Lambda;
using SesMail.Emulator.Lambda.EventSources;
using SesMail.Emulator.Lambda.Runtime;
using SesMail.Emulator.Logs;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Pipes;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Protocols.Authorization;
using SesMail.Emulator.S3;
using SesMail.Emulator.Sns;
using SesMail.Emulator.Ses;
using SesMail.Emulator.Ses.Smtp;
using SesMail.Emulator.Sqs;
using SesMail.Emulator.Ssm;
using SesMail.Emulator.StepFunctions;
using SesMail.Emulator.StepFunctions.Asl;
using SesMail.Emulator.Sts;
using SesMail.Emulator.XRay;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SesMail.ServiceDefaults;

namespace SesMail.Emulator.Hosting;

/// <summary>The emulator's composition root: every service registers here, one line each.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Registers the protocol layer and every emulated service.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The resolved emulator options.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEmulator(this IServiceCollection services, EmulatorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDiskSync, DiskSync>(); // every file store's flushes: S3, the Gmail stand-in, SES's outbox, snapshots (docs/DELIVERY.md)
        services.AddSingleton<AwsRequestDispatcher>();
        services.AddSingleton<RequestAuthorizer>().AddSingleton<ResourceDirectory>().AddSingleton<PrincipalPolicies>(); // docs/SECURITY.md
        services.AddSingleton<EmulatorPersistence>().AddSingleton<IStateChanges>(s => s.GetRequiredService<EmulatorPersistence>());
        services.AddHostedService(s => s.GetRequiredService<EmulatorPersistence>()); // flushes every snapshot at shutdown

        // Services, one line each. JSON services implement IJsonService, Query services IQueryService,
        // S3 implements IRestXmlService, Lambda and Pipes IRestJsonService; internal endpoints (/_sesmail/..., Gmail) are mapped in MapEmulator.
        services.AddAwsService<IamService>().AddSingleton<IamStore>().AddSingleton<IamProvider>()
            .AddSnapshot<IamStore, IamSnapshot>(() => IamSnapshotJsonContext.Default.IamSnapshot, "iam");
        services.AddAwsService<StsService>().AddSingleton<StsSessionStore>().AddSingleton<StsProvider>()
            .AddSnapshot<StsSessionStore, StsSnapshot>(() => StsSnapshotJsonContext.Default.StsSnapshot, "sts");
        services.AddAwsService<S3Service>().AddSingleton<S3Provider>().AddSingleton<S3Store>();
        services.AddAwsService<SnsService>().AddSingleton<SnsStore>().AddSingleton<SnsProvider>().AddSingleton<SnsSigner>().AddSingleton<ISnsEmailDelivery, GmailStandInEmailDelivery>().AddSingleton<SnsLambdaDelivery>()
            .AddSnapshot<SnsStore, SnsSnapshot>(() => SnsSnapshotJsonContext.Default.SnsSnapshot, "sns");
        services.AddAwsService<SesService>().AddSingleton<SesProvider>().AddSingleton<SesStore>().AddSingleton<SesOutbox>()
            .AddSingleton<SesSending>().AddSingleton<SesSendingQuota>().AddSingleton<SesEventPublisher>()
            .AddAwsService<SesV2Service>().AddSingleton<SesV2Provider>()
            .AddSingleton<SesSmtpStatus>().AddSingleton<SesSmtpAuthenticator>().AddSingleton<SesSmtpMessageStore>().AddHostedService<SesSmtpEndpoint>()
            .AddSnapshot<SesStore, SesSnapshot>(() => SesSnapshotJsonContext.Default.SesSnapshot, "ses", signingName: "email");
        services.AddGmailStandIn();
        services.AddSingleton<Faults.AwsFaultSwitch>();
        services.AddAwsService<KmsService>().AddSingleton<KmsStore>().AddSingleton<KmsProvider>();
        services.AddAwsService<SsmService>().AddSingleton<SsmStore>().AddSingleton<SsmProvider>()
            .AddSnapshot<SsmStore, SsmSnapshot>(() => SsmSnapshotJsonContext.Default.SsmSnapshot, "ssm");
        services.AddAwsService<SqsService>().AddSingleton<SqsStore>().AddSingleton<SqsProvider>().AddSingleton<ISqsDelivery>(s => s.GetRequiredService<SqsProvider>())
            .AddSnapshot<SqsStore, SqsSnapshot>(() => SqsSnapshotJsonContext.Default.SqsSnapshot, "sqs");
        services.AddAwsService<DynamoDbService>().AddSingleton<DynamoDbStore>().AddSingleton<DynamoDbProvider>()
            .AddSnapshot<DynamoDbStore, DynamoDbSnapshot>(() => DynamoDbSnapshotJsonContext.Default.DynamoDbSnapshot, "dynamodb");
        services.AddAwsService<DynamoDbStreamsService>().AddSingleton<DynamoDbStreamsProvider>();
        services.AddAwsService<EventBridgeService>().AddSingleton<EventBridgeStore>().AddSingleton<EventBridgeProvider>()
            .AddSnapshot<EventBridgeStore, EventBridgeSnapshot>(() => EventBridgeSnapshotJsonContext.Default.EventBridgeSnapshot, "events")
            .AddSingleton<ScheduleRunner>().AddHostedService(s => s.GetRequiredService<ScheduleRunner>());
        services.AddAwsService<StepFunctionsService>().AddSingleton<StepFunctionsProvider>().AddSingleton<StepFunctionsStore>()
            .AddSingleton<StepFunctionsExecutor>().AddHostedService(s => s.GetRequiredService<StepFunctionsExecutor>())
            .AddSingleton<IAslTaskRunner, StepFunctionsTaskRunner>().AddSingleton<InProcessAwsCaller>()
            .AddSnapshot<StepFunctionsStore, StepFunctionsSnapshot>(() => StepFunctionsSnapshotJsonContext.Default.StepFunctionsSnapshot, "states");
        services.AddAwsService<LogsService>().AddSingleton<LogsStore>().AddSingleton<LogsProvider>().AddSingleton<ILogSink>(s => s.GetRequiredService<LogsProvider>())
            .AddSnapshot<LogsStore, LogsSnapshot>(() => LogsSnapshotJsonContext.Default.LogsSnapshot, "logs");
        services.AddAwsService<CloudWatchService>().AddSingleton<CloudWatchProvider>().AddSingleton<IMetricPublisher>(s => s.GetRequiredService<CloudWatchProvider>())
            .AddSingleton<MetricStore>().AddSingleton<AlarmStore>().AddSingleton<DashboardStore>().AddSingleton<MetricQueries>()
            .AddSingleton<AlarmEvaluator>().AddHostedService(s => s.GetRequiredService<AlarmEvaluator>()).AddSingleton<IAlarmNotifier, SnsAlarmNotifier>()
            .AddSingleton<CloudWatchState>().AddSnapshot<CloudWatchState, CloudWatchSnapshot>(() => CloudWatchSnapshotJsonContext.Default.CloudWatchSnapshot, "cloudwatch", signingName: "monitoring")
            .AddSingleton<SqsMetricsPublisher>().AddHostedService(s => s.GetRequiredService<SqsMetricsPublisher>());

        services.AddAwsService<LambdaService>().AddSingleton<LambdaStore>().AddSingleton<LambdaProvider>().AddSingleton<LambdaExecutor>()
            .AddSingleton<FunctionCredentials>().AddSingleton<RoleSessions>().AddSingleton<EventSourceCatalog>().AddSingleton<ILambdaInvoker, LambdaInvoker>()
            .AddSingleton<EventSourceMappingHost>().AddHostedService(s => s.GetRequiredService<EventSourceMappingHost>())
            .AddSnapshot<LambdaStore, LambdaSnapshot>(() => LambdaSnapshotJsonContext.Default.LambdaSnapshot, "lambda");
        services.AddAwsService<PipesService>().AddSingleton<PipesStore>().AddSingleton<PipesProvider>()
            .AddSingleton<PipeRunner>().AddHostedService(s => s.GetRequiredService<PipeRunner>())
            .AddSnapshot<PipesStore, PipesSnapshot>(() => PipesSnapshotJsonContext.Default.PipesSnapshot, "pipes");
        services.AddAwsService<XRayService>().AddSingleton<XRayProvider>().AddSingleton<TraceStore>() // docs/TRACING.md
            .ConfigureOpenTelemetryTracerProvider((s, tracing) => tracing.AddProcessor(new TraceStoreExportProcessor(new TraceStoreExporter(s.GetRequiredService<TraceStore>()), scheduledDelayMilliseconds: 500)));
        services.AddAwsService<CloudFormationService>().AddSingleton<CloudFormationProvider>().AddSingleton<CloudFormationStore>().AddSingleton<CloudFormationEngine>().AddHostedService(s => s.GetRequiredService<CloudFormationEngine>())
            .AddSnapshot<CloudFormationStore, CloudFormationSnapshot>(() => CloudFormationStateJsonContext.Default.CloudFormationSnapshot, "cloudformation");

        // In-process seams between services (docs/ARCHITECTURE.md): the one door to a function, and the metrics and
        // logs AWS writes on a service's behalf. Placeholders until the owning service registers its own above.
        services.TryAddSingleton<ILambdaInvoker, UnavailableLambdaInvoker>();
        services.TryAddSingleton<IMetricPublisher, NullMetricPublisher>();
        services.TryAddSingleton<ILogSink, NullLogSink>();
        return services;
    }

    /// <summary>Registers a service binding once and exposes it under each protocol interface it implements.</summary>
    /// <typeparam name="TService">A class implementing <see cref="IJsonService"/>, <see cref="IQueryService"/>, <see cref="IRestXmlService"/> and/or <see cref="IRestJsonService"/>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    internal static IServiceCollection AddAwsService<TService>(this IServiceCollection services)
        where TService : class
    {
        services.AddSingleton<TService>();
        if (typeof(IJsonService).IsAssignableFrom(typeof(TService)))
        {
            services.AddSingleton(s => (IJsonService)s.GetRequiredService<TService>());
        }

        if (typeof(IQueryService).IsAssignableFrom(typeof(TService)))
        {
            services.AddSingleton(s => (IQueryService)s.GetRequiredService<TService>());
        }

        if (typeof(IRestXmlService).IsAssignableFrom(typeof(TService)))
        {
            services.AddSingleton(s => (IRestXmlService)s.GetRequiredService<TService>());
        }

        if (typeof(IRestJsonService).IsAssignableFrom(typeof(TService)))
        {
            services.AddSingleton(s => (IRestJsonService)s.GetRequiredService<TService>());
        }

        return services;
    }

    /// <summary>Maps the health endpoint, the internal endpoints and the AWS catch-all.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapEmulator(this WebApplication app)
    {
        app.MapGet("/_sesmail/health", (AwsRequestDispatcher dispatcher) =>
            Results.Json(new EmulatorHealth("running", dispatcher.ServiceNames), EmulatorHostingJsonContext.Default.EmulatorHealth));

        app.MapGet(SnsSigner.CertificatePath, (SnsSigner signer) => Results.Text(signer.CertificatePem, "application/x-pem-file"));
        app.MapSesOutbox();
        app.MapServiceCredentials();
        app.MapGmailStandIn();
        Faults.AwsFaultEndpoints.MapAwsFaults(app);
        app.MapLambdaEndpoints();
        app.MapCloudWatchDashboards();
        app.MapOtlpTraceReceiver();

        // Everything else is an AWS API call: X-Amz-Target (JSON), Action= (Query), or S3 REST.
        // "{**path}" rather than the default "{*path:nonfile}": S3 keys such as "emails/a.eml" look like file names.
        app.MapFallback("{**path}", (HttpContext context, AwsRequestDispatcher dispatcher) => dispatcher.DispatchAsync(context));
        return app;
    }
}
