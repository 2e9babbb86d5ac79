using System.Diagnostics;

namespace SesMail.LambdaRuntime;

/// <summary>
/// The span of one invocation as the function's runtime sees it (OpenTelemetry FaaS semantic conventions,
/// https://opentelemetry.io/docs/specs/semconv/faas/aws-lambda/): kind <c>Server</c>, named after the function, the
/// child of the span the Lambda service names in <c>Lambda-Runtime-Trace-Id</c>, with <c>faas.invocation_id</c>,
/// <c>faas.coldstart</c>, <c>cloud.resource_id</c> (the invoked ARN), <c>cloud.provider</c> and <c>cloud.platform</c>.
/// </summary>
/// <remarks>
/// The activity source is <see cref="SourceName"/>. When nothing listens to it the invocation still gets an
/// unrecorded <see cref="Activity"/> carrying the caller's trace, so what the handler calls (HTTP, AWS SDK) carries
/// the trace on; that costs one object per invocation and nothing else.
/// </remarks>
public static class LambdaTelemetry
{
    /// <summary>The activity source name.</summary>
    public const string SourceName = "SesMail.Lambda";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the invocation's span (the caller disposes it when the handler has answered).</summary>
    /// <param name="invocation">The invocation.</param>
    /// <param name="coldStart">Whether it is the environment's first invocation.</param>
    /// <returns>The span, or <c>null</c> when the invocation has no trace header and nothing listens.</returns>
    public static Activity? StartInvocation(NextInvocation invocation, bool coldStart)
    {
        var parent = XRayTraceHeader.TryParse(invocation.TraceId, out var header) ? header.ToActivityContext() : default;
        var name = FunctionName(invocation.FunctionArn);
        var activity = Source.StartActivity(name, ActivityKind.Server, parent);
        if (activity is null)
        {
            if (parent == default)
            {
                return null;
            }

            activity = new Activity(name);
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.Start();
            return activity;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("faas.invocation_id", invocation.RequestId);
            activity.SetTag("faas.coldstart", coldStart);
            activity.SetTag("cloud.resource_id", invocation.FunctionArn);
            activity.SetTag("cloud.provider", "aws");
            activity.SetTag("cloud.platform", "aws_lambda");
        }

        return activity;
    }

    /// <summary>Marks the span failed with the handler's exception.</summary>
    /// <param name="activity">The invocation's span.</param>
    /// <param name="error">What the handler threw.</param>
    public static void Fail(Activity? activity, Exception error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        if (activity.IsAllDataRequested)
        {
            activity.AddException(error);
        }
    }

    /// <summary>The trace header that names <paramref name="activity"/> as the parent, else <paramref name="fallback"/>.</summary>
    /// <param name="activity">The invocation's span, or <c>null</c>.</param>
    /// <param name="fallback">The header the invocation came with.</param>
    /// <returns>The header for <c>_X_AMZN_TRACE_ID</c>.</returns>
    public static string? HeaderFor(Activity? activity, string? fallback) =>
        activity is null ? fallback : XRayTraceHeader.From(activity.Context).ToString();

    /// <summary>The function's name in an ARN (<c>arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]</c>).</summary>
    /// <param name="arn">The ARN.</param>
    /// <returns>The name, or the text as given when it is not such an ARN.</returns>
    public static string FunctionName(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length >= 7 && parts[5] == "function" ? parts[6] : arn;
    }
}
