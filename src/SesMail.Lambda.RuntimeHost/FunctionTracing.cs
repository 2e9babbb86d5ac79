using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SesMail.LambdaRuntime;

namespace SesMail.Lambda.RuntimeHost;

/// <summary>
/// The function's spans (<c>SesMail.*</c> activity sources: the invocation and what the handler records) exported over
/// OTLP when the environment names an endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>),
/// as the ADOT collector layer expects in AWS and as the emulator's Lambda service sets it locally (its trace store,
/// docs/TRACING.md). The batch is flushed when each invocation's span ends, before the response is posted, because an
/// execution environment may be frozen between invocations.
/// </summary>
internal static class FunctionTracing
{
    /// <summary>Starts the tracer provider, or returns <c>null</c> when no OTLP endpoint is configured.</summary>
    /// <returns>The provider to dispose at exit (flushes what is left).</returns>
    public static TracerProvider? StartFromEnvironment()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .AddSource("SesMail.*")
            .ConfigureResource(resource => resource.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "lambda"))
            .AddProcessor(new FlushAtInvocationEnd(new OtlpTraceExporter(new OtlpExporterOptions())))
            .Build();
    }

    /// <summary>A batch processor that exports everything when an invocation's span ends.</summary>
    private sealed class FlushAtInvocationEnd(BaseExporter<Activity> exporter) : BatchActivityExportProcessor(exporter)
    {
        public override void OnEnd(Activity data)
        {
            base.OnEnd(data);
            if (data.Source.Name == LambdaTelemetry.SourceName)
            {
                ForceFlush(2000);
            }
        }
    }
}
