using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SesMail.ServiceDefaults;

/// <summary>
/// Cross-cutting defaults for every SesMail process: OpenTelemetry logs, traces and metrics (exported over OTLP
/// only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as Aspire does, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
/// <c>grpc</c> or <c>http/protobuf</c>; traces sampled by <see cref="ReservoirSampler"/>), every trace also to the local
/// trace store when <c>SesMail:TraceStore</c> names the emulator (docs/TRACING.md), and a liveness health check.
/// </summary>
public static class Extensions
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> and meter name prefix every SesMail component uses.</summary>
    public const string TelemetryPrefix = "SesMail";

    /// <summary>The configuration key naming the emulator whose trace store (<c>{url}/v1/traces</c>) also gets every span.</summary>
    public const string TraceStoreKey = "SesMail:TraceStore";

    /// <summary>
    /// Log categories that write a line per HTTP request (ASP.NET Core's "Request starting/finished" and routing,
    /// <c>HttpClient</c>'s "Start processing/Received HTTP response"). They are shown from <c>Warning</c> up unless the
    /// configuration names a level for them (<c>Logging:LogLevel:Microsoft.AspNetCore=Information</c>, or
    /// <c>Logging__LogLevel__Microsoft.AspNetCore=Debug</c> in the environment), so the dashboard's structured logs show
    /// one line per message per hop (with its SES message id), not one per AWS API call.
    /// </summary>
    public static readonly IReadOnlyList<string> PerRequestLogCategories = ["Microsoft.AspNetCore", "System.Net.Http.HttpClient"];

    /// <summary>Adds telemetry and health checks.</summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        foreach (var category in PerRequestLogCategories)
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{TelemetryPrefix}.*"))
            .WithTracing(tracing => tracing
                .AddSource($"{TelemetryPrefix}.*")
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal) &&
                    !context.Request.Path.StartsWithSegments("/_sesmail/health", StringComparison.Ordinal) &&
                    !context.Request.Path.StartsWithSegments("/v1/traces", StringComparison.Ordinal) &&
                    !context.Request.Path.StartsWithSegments(LambdaRuntimeApiPath, StringComparison.Ordinal))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => !IsLambdaRuntimeApi(request.RequestUri)));

        if (HttpServerSpanFilter.IsOn(builder.Configuration))
        {
            // Before the trace stores' processors (this process's and the emulator's own); UseOtlpExporter's always runs last.
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new HttpServerSpanFilter()));
        }

        // Read (and a bad value refused) whether or not this process exports over OTLP.
        var sampler = ReservoirSampler.FromConfiguration(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // The dashboard gets a sample of the traces under load; the trace store below gets all (docs/TRACING.md).
            // UseOtlpExporter's processor runs after these whatever the order of registration (its pipeline weight).
            if (sampler is not null)
            {
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(sampler).AddProcessor(new FailedSpanProcessor()));
            }

            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        if (Uri.TryCreate(builder.Configuration[TraceStoreKey], UriKind.Absolute, out var store))
        {
            // A second trace exporter of its own (http/protobuf), beside whatever OTEL_EXPORTER_OTLP_* configure.
            var exporter = new OtlpTraceExporter(new OtlpExporterOptions
            {
                Endpoint = new Uri(store, "/v1/traces"),
                Protocol = OtlpExportProtocol.HttpProtobuf,
            });
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new TraceStoreExportProcessor(exporter, scheduledDelayMilliseconds: 1000)));
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>The path prefix of the Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).</summary>
    public const string LambdaRuntimeApiPrefix = "/2018-06-01/runtime/";

    // The same prefix as a path for the server-side filter, made once instead of trimmed on every request.
    private static readonly PathString LambdaRuntimeApiPath = new(LambdaRuntimeApiPrefix.TrimEnd('/'));

    /// <summary>
    /// Whether a request goes to a Lambda Runtime API (<c>GET …/invocation/next</c>, <c>POST …/response</c>): an attached
    /// runtime's pollers make two per invocation, each the root of a trace of its own, which would outnumber the mail's
    /// traces in the dashboard and push them out of the local trace store. They are not traced, on either side (the
    /// emulator's server spans for the same requests are filtered by path); the invocation's own span, a child of the
    /// trace the event carries, is.
    /// </summary>
    /// <param name="uri">The request URI.</param>
    /// <returns><c>true</c> for a Runtime API request.</returns>
    public static bool IsLambdaRuntimeApi(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && uri.AbsolutePath.StartsWith(LambdaRuntimeApiPrefix, StringComparison.Ordinal);

    /// <summary>Maps <c>/health</c> (all checks) and <c>/alive</c> (liveness only).</summary>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
