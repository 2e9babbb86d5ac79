using System.Diagnostics;
using OpenTelemetry;

namespace SesMail.ServiceDefaults;

/// <summary>
/// A batch export processor for the local trace store: it exports every span the process records, whether or not its
/// trace was sampled for the dashboard (<see cref="ReservoirSampler"/>), so the store, and with it <c>sesmail trace</c>
/// and X-Ray's <c>GetTraceSummaries</c>, has every message's trace. Only the spans <see cref="HttpServerSpanFilter"/>
/// leaves out are skipped, as every exporter skips them (docs/TRACING.md, "Sampling").
/// </summary>
/// <remarks>
/// OpenTelemetry's own <see cref="BatchActivityExportProcessor"/> exports only spans whose
/// <see cref="Activity.Recorded"/> flag is set, which is the sampling decision; this one looks past it.
/// </remarks>
/// <param name="exporter">The exporter that writes to the store (OTLP to the emulator, or the emulator's in-process one).</param>
/// <param name="scheduledDelayMilliseconds">How long a batch waits before it is exported, in milliseconds.</param>
public sealed class TraceStoreExportProcessor(BaseExporter<Activity> exporter, int scheduledDelayMilliseconds)
    : BatchActivityExportProcessor(exporter, scheduledDelayMilliseconds: scheduledDelayMilliseconds)
{
    /// <inheritdoc/>
    public override void OnEnd(Activity data)
    {
        // OnExport queues the span for the next batch, as the base's OnEnd does for a sampled one; a span ending while
        // the provider shuts down may be dropped, which the base would also do.
        if (!HttpServerSpanFilter.IsLeftOut(data))
        {
            OnExport(data);
        }
    }
}

/// <summary>
/// Sends a failed span to the dashboard even when its trace was not sampled (<see cref="ReservoirSampler"/>): a span
/// that ends with status <see cref="ActivityStatusCode.Error"/> gets its <see cref="Activity.Recorded"/> flag, so the
/// OTLP exporter after this processor exports it. The trace's other spans stay out; the whole trace is in the local
/// trace store. Register it before the exporters.
/// </summary>
/// <remarks>
/// The flag is changed after the span ended, when its context has already been handed on; a span started from that
/// context later would count as sampled. Nothing in SesMail starts a span under one that has ended.
/// </remarks>
public sealed class FailedSpanProcessor : BaseProcessor<Activity>
{
    /// <inheritdoc/>
    public override void OnEnd(Activity data)
    {
        if (data.Status == ActivityStatusCode.Error && !data.Recorded)
        {
            data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
        }
    }
}
