using System.Diagnostics;
using SesMail.LambdaRuntime;

namespace SesMail.Emulator.XRay;

/// <summary>
/// How the emulated services carry a trace across their asynchronous hops, as AWS does with X-Ray: the caller's trace
/// comes in as <c>X-Amzn-Trace-Id</c> (or, an extension of the emulator, as W3C <c>traceparent</c>), each hop the
/// service performs on its own (SNS → SQS delivery, an EventBridge rule's target, a pipe, an event source mapping, a
/// Lambda invocation) is a span of the activity source <see cref="SourceName"/>, and the next hop gets the trace with
/// that span as its parent, in X-Ray's header form (the SQS <c>AWSTraceHeader</c> system attribute, the PutEvents
/// entry's <c>TraceHeader</c>, <c>Lambda-Runtime-Trace-Id</c>). With nothing listening no span is made and the
/// incoming header travels on unchanged.
/// </summary>
internal static class EmulatorTracing
{
    /// <summary>The activity source of the emulated services.</summary>
    public const string SourceName = "SesMail.Emulator";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The caller's trace as an X-Ray header: <c>X-Amzn-Trace-Id</c> when it is well formed, else the caller's span from
    /// the W3C <c>traceparent</c> ASP.NET Core read, else <c>null</c>.
    /// </summary>
    /// <param name="request">The HTTP request.</param>
    /// <returns>The header, or <c>null</c>.</returns>
    public static string? IncomingHeader(HttpRequest request)
    {
        if (request.Headers.TryGetValue(XRayTraceHeader.HttpHeaderName, out var values)
            && XRayTraceHeader.TryParse(values.ToString(), out var header))
        {
            return header.ToString();
        }

        if (Activity.Current is { HasRemoteParent: true } current)
        {
            // The caller's span, not the request's server span: the server span only repeats the caller's client span
            // and is left out of the export (HttpServerSpanFilter), so the hop's span hangs under the client span.
            return new XRayTraceHeader(current.TraceId, current.ParentSpanId, current.Recorded).ToString();
        }

        return null;
    }

    /// <summary>
    /// Starts a span of one hop whose parent is the trace named by <paramref name="parentHeader"/>; without a header it
    /// is the root of a new trace (never the child of whatever activity happens to be ambient in a background loop).
    /// </summary>
    /// <param name="name">Span name, e.g. <c>ses-email-input-test send</c>.</param>
    /// <param name="kind">Producer for a send, Consumer for a poller's processing, Internal otherwise.</param>
    /// <param name="parentHeader">The X-Ray header of the parent, or <c>null</c>.</param>
    /// <returns>The started span, or <c>null</c> when nothing listens.</returns>
    public static Activity? Start(string name, ActivityKind kind, string? parentHeader)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = XRayTraceHeader.TryParse(parentHeader, out var header) ? header.ToActivityContext() : default;
        if (parent == default)
        {
            Activity.Current = null;
        }

        return Source.StartActivity(name, kind, parent);
    }

    /// <summary>The X-Ray header for the next hop: <paramref name="activity"/> as the parent, else <paramref name="fallback"/> unchanged.</summary>
    /// <param name="activity">The hop's span, or <c>null</c>.</param>
    /// <param name="fallback">The header the hop came with.</param>
    /// <returns>The header, or <c>null</c>.</returns>
    public static string? HeaderOf(Activity? activity, string? fallback) =>
        activity is null ? fallback : XRayTraceHeader.From(activity.Context).ToString();

    /// <summary>Messaging attributes (https://opentelemetry.io/docs/specs/semconv/messaging/) of a send or a receive.</summary>
    /// <param name="activity">The span, or <c>null</c>.</param>
    /// <param name="system"><c>aws_sqs</c>, <c>aws_sns</c> or <c>aws_eventbridge</c>.</param>
    /// <param name="operation"><c>send</c>, <c>publish</c>, <c>receive</c> or <c>process</c>.</param>
    /// <param name="destination">The queue, topic or bus name.</param>
    /// <param name="arn">The resource's ARN (<c>cloud.resource_id</c>).</param>
    /// <returns>The same span.</returns>
    public static Activity? Messaging(this Activity? activity, string system, string operation, string destination, string? arn)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", operation);
            activity.SetTag("messaging.destination.name", destination);
            activity.SetTag("cloud.resource_id", arn);
        }

        return activity;
    }

    /// <summary>Marks a span failed.</summary>
    /// <param name="activity">The span, or <c>null</c>.</param>
    /// <param name="problem">What went wrong.</param>
    public static void Fail(this Activity? activity, string problem) => activity?.SetStatus(ActivityStatusCode.Error, problem);

    /// <summary>The name part of an ARN (<c>…:queue-name</c>, <c>…:event-bus/name</c>, <c>…:pipe/name</c>).</summary>
    /// <param name="arn">The ARN.</param>
    /// <returns>Its last <c>:</c> or <c>/</c> part.</returns>
    public static string NameOf(string arn) => arn[(arn.LastIndexOfAny([':', '/']) + 1)..];
}
