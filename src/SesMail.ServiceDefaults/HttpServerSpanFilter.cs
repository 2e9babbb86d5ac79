using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;

namespace SesMail.ServiceDefaults;

/// <summary>
/// Leaves out of the export the HTTP server spans that only repeat their caller's HTTP client span: an ASP.NET Core
/// server span whose parent is a span of another process (so the caller recorded the request as a client span with
/// the same method, route and status), which ended without an error and under which nothing started a span of its own.
/// Such spans are about a third of the spans one mail makes in the local pipeline (one per AWS or Gmail API call), and
/// the dashboard's span intake was the largest CPU cost left per message (docs/DEVELOPMENT.md, "Measuring the
/// pipeline"). Root server spans (a call from the AWS CLI), failed requests and requests with child spans are kept.
/// </summary>
/// <remarks>
/// The span is still created, so the trace context flows on unchanged; it is only marked not recorded when it ends,
/// which the export processors after this one honour (OpenTelemetry's batch and simple export processors skip an
/// activity whose <see cref="Activity.Recorded"/> is <c>false</c>; the trace store's processor asks
/// <see cref="IsLeftOut"/>). Register it before the exporters.
/// <c>SesMail:Tracing:HttpServerSpans=true</c> keeps every server span (docs/TRACING.md).
/// </remarks>
public sealed class HttpServerSpanFilter : BaseProcessor<Activity>
{
    /// <summary>The configuration key that keeps every HTTP server span when <c>true</c>.</summary>
    public const string KeepAllKey = "SesMail:Tracing:HttpServerSpans";

    /// <summary>The activity source ASP.NET Core's hosting layer creates server spans with.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string HasChildProperty = "sesmail.has_child";
    private const string LeftOutProperty = "sesmail.left_out";

    /// <summary>Whether a process leaves repeated server spans out: unless <see cref="KeepAllKey"/> is <c>true</c>.</summary>
    /// <param name="configuration">The process's configuration.</param>
    /// <returns><c>true</c> when the filter is to be registered.</returns>
    public static bool IsOn(IConfiguration configuration) =>
        !string.Equals(configuration[KeepAllKey], "true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override void OnStart(Activity data)
    {
        // A span started under the request (an outgoing call the handler made with the request's span current) needs
        // its parent in the trace.
        if (data.Parent is { } parent && IsHttpServerSpan(parent))
        {
            parent.SetCustomProperty(HasChildProperty, true);
        }
    }

    /// <inheritdoc/>
    public override void OnEnd(Activity data)
    {
        if (IsRepeatOfClientSpan(data))
        {
            LeaveOut(data);
        }
    }

    /// <summary>Leaves a finished span out of every exporter: clears its recorded flag and marks it for <see cref="IsLeftOut"/>.</summary>
    /// <param name="activity">The finished span.</param>
    public static void LeaveOut(Activity activity)
    {
        activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        activity.SetCustomProperty(LeftOutProperty, true);
    }

    /// <summary>
    /// Whether this filter left a finished span out. Read by <see cref="TraceStoreExportProcessor"/>, which looks past
    /// the <see cref="Activity.Recorded"/> flag (a trace the dashboard's sampler did not pick is still stored).
    /// </summary>
    /// <param name="activity">The finished span.</param>
    /// <returns><c>true</c> when no exporter is to have it.</returns>
    public static bool IsLeftOut(Activity activity) => activity.GetCustomProperty(LeftOutProperty) is not null;

    /// <summary>Whether a finished span is a server span this filter leaves out.</summary>
    /// <param name="activity">The span.</param>
    /// <returns><c>true</c> when it only repeats the caller's client span.</returns>
    public static bool IsRepeatOfClientSpan(Activity activity) =>
        IsHttpServerSpan(activity)
        && activity.HasRemoteParent
        && activity.Status != ActivityStatusCode.Error
        && activity.GetCustomProperty(HasChildProperty) is null;

    private static bool IsHttpServerSpan(Activity activity) =>
        activity.Kind == ActivityKind.Server && activity.Source.Name == AspNetCoreSource;
}
