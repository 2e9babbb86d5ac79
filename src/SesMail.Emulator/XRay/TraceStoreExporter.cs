using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace SesMail.Emulator.XRay;

/// <summary>
/// Puts the emulator's own finished spans (those its tracer provider records: <c>SesMail.*</c> sources and HTTP)
/// into the <see cref="TraceStore"/>, in process, behind a batch processor, so the local X-Ray answers with them
/// without any OTLP round trip.
/// </summary>
internal sealed class TraceStoreExporter(TraceStore store) : BaseExporter<Activity>
{
    private string? _service;

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Activity> batch)
    {
        _service ??= ParentProvider?.GetResource().Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string ?? "emulator";
        var spans = new List<StoredSpan>();
        foreach (var activity in batch)
        {
            spans.Add(ToSpan(activity, _service));
        }

        store.Add(spans);
        return ExportResult.Success;
    }

    /// <summary>The stored form of a finished activity.</summary>
    /// <param name="activity">The activity.</param>
    /// <param name="service">The service name.</param>
    /// <returns>The span.</returns>
    internal static StoredSpan ToSpan(Activity activity, string service)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in activity.TagObjects)
        {
            attributes[key] = value switch
            {
                int i => (long)i,
                float f => (double)f,
                string or bool or long or double or null => value,
                System.Collections.IEnumerable items and not string => items.Cast<object?>().Select(v => v is int i ? (long)i : v).ToArray(),
                _ => value.ToString(),
            };
        }

        return new StoredSpan(
            activity.TraceId,
            activity.SpanId,
            activity.ParentSpanId,
            activity.DisplayName,
            (int)activity.Kind + 1,
            activity.StartTimeUtc,
            activity.StartTimeUtc + activity.Duration,
            service,
            activity.Source.Name,
            attributes,
            activity.Status == ActivityStatusCode.Error,
            activity.StatusDescription);
    }
}
