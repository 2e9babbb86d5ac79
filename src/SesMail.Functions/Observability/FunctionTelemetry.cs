using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SesMail.Functions.Observability;

/// <summary>
/// The functions' spans and meters (docs/TRACING.md): activity source and meter <see cref="SourceName"/>, and the SES
/// message id as the correlation id of the work in progress. Spans carry <c>sesmail.message_id</c>; the meter has one
/// counter per EMF metric, of the same name, with the attribute <c>service</c>. Without a listener each call costs
/// a check and nothing else.
/// </summary>
internal static class FunctionTelemetry
{
    /// <summary>The activity source and meter name.</summary>
    public const string SourceName = "SesMail.Functions";

    /// <summary>The attribute naming the SES message id on every span of ours about one message.</summary>
    public const string MessageIdAttribute = "sesmail.message_id";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly ConcurrentDictionary<string, Counter<double>> Counters = new(StringComparer.Ordinal);
    private static readonly AsyncLocal<string?> Correlation = new();

    /// <summary>The SES message id the current work is about (what every log line of it carries as <c>messageId</c>), or <c>null</c>.</summary>
    public static string? CorrelationId => Correlation.Value;

    /// <summary>Makes <paramref name="messageId"/> the correlation id until the returned scope is disposed.</summary>
    /// <param name="messageId">The SES message id, or <c>null</c>/empty to leave it unchanged.</param>
    /// <returns>The scope.</returns>
    public static CorrelationScope Correlate(string? messageId)
    {
        var previous = Correlation.Value;
        if (!string.IsNullOrEmpty(messageId))
        {
            Correlation.Value = messageId;
        }

        return new CorrelationScope(previous);
    }

    /// <summary>Starts a span about one message, child of the current span (the invocation's).</summary>
    /// <param name="name">Low-cardinality name, e.g. <c>route</c>.</param>
    /// <param name="kind">Internal for a decision, Client for a call out.</param>
    /// <param name="messageId">The SES message id, or <c>null</c>.</param>
    /// <returns>The span, or <c>null</c> when nothing listens.</returns>
    public static Activity? Start(string name, ActivityKind kind, string? messageId)
    {
        var activity = Source.StartActivity(name, kind);
        if (activity is { IsAllDataRequested: true } && !string.IsNullOrEmpty(messageId))
        {
            activity.SetTag(MessageIdAttribute, messageId);
        }

        return activity;
    }

    /// <summary>Marks a span failed with an exception.</summary>
    /// <param name="activity">The span, or <c>null</c>.</param>
    /// <param name="error">What failed.</param>
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

    /// <summary>Adds to the counter named as the EMF metric (nothing when no meter listener is enabled for it).</summary>
    /// <param name="metric">The EMF metric name, e.g. <c>GmailForwardSuccess</c>.</param>
    /// <param name="value">The amount.</param>
    /// <param name="service">The function's service name.</param>
    public static void Count(string metric, double value, string service)
    {
        var counter = Counters.GetOrAdd(metric, static name => Meter.CreateCounter<double>(name, "{count}", "SesMail function metric, the same as the EMF metric of that name"));
        if (counter.Enabled)
        {
            counter.Add(value, new KeyValuePair<string, object?>("service", service));
        }
    }

    /// <summary>Restores the previous correlation id.</summary>
    /// <param name="previous">The id to restore.</param>
    internal readonly struct CorrelationScope(string? previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => Correlation.Value = previous;
    }
}
