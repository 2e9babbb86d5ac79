using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SesMail.LambdaRuntime;

namespace SesMail.Emulator.XRay;

/// <summary>One span as the trace store keeps it (from OTLP, from the emulator's own activities, or from an X-Ray segment).</summary>
/// <param name="TraceId">The trace.</param>
/// <param name="SpanId">The span.</param>
/// <param name="ParentSpanId">The parent span, or <c>default</c> for a root.</param>
/// <param name="Name">The span name.</param>
/// <param name="Kind">OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0 unspecified).</param>
/// <param name="Start">Start time.</param>
/// <param name="End">End time.</param>
/// <param name="Service">The resource's <c>service.name</c>.</param>
/// <param name="Scope">The instrumentation scope (activity source) name.</param>
/// <param name="Attributes">Attributes: string, bool, long, double, or an array of those.</param>
/// <param name="Error">Whether the span's status is an error.</param>
/// <param name="StatusMessage">The error description, or <c>null</c>.</param>
internal sealed record StoredSpan(
    ActivityTraceId TraceId,
    ActivitySpanId SpanId,
    ActivitySpanId ParentSpanId,
    string Name,
    int Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Service,
    string Scope,
    IReadOnlyDictionary<string, object?> Attributes,
    bool Error,
    string? StatusMessage);

/// <summary>
/// The local trace store behind the emulator's X-Ray API (docs/TRACING.md): spans grouped by trace, in memory, the
/// newest <see cref="MaxTraces"/> traces (older ones are dropped whole). Thread-safe. Not persisted: a restart of the
/// emulator starts it empty, as traces are for looking at what just happened.
/// </summary>
internal sealed class TraceStore(TimeProvider time)
{
    /// <summary>How many traces are kept.</summary>
    public const int MaxTraces = 5000;

    /// <summary>How many spans one trace keeps (X-Ray's own limit on a trace's segments is of this order).</summary>
    public const int MaxSpansPerTrace = 2000;

    private readonly ConcurrentDictionary<ActivityTraceId, StoredTrace> _traces = new();
    private readonly ConcurrentQueue<ActivityTraceId> _order = new();

    /// <summary>Adds spans (a span seen twice is kept once).</summary>
    /// <param name="spans">The spans.</param>
    public void Add(IEnumerable<StoredSpan> spans)
    {
        foreach (var span in spans)
        {
            var trace = _traces.GetOrAdd(span.TraceId, id =>
            {
                _order.Enqueue(id);
                return new StoredTrace(id, time.GetUtcNow());
            });
            trace.Add(span);
        }

        while (_traces.Count > MaxTraces && _order.TryDequeue(out var oldest))
        {
            _traces.TryRemove(oldest, out _);
        }
    }

    /// <summary>A trace's spans, ordered by start time, or <c>null</c> when the store has no such trace.</summary>
    /// <param name="traceId">The trace.</param>
    /// <returns>The spans.</returns>
    public IReadOnlyList<StoredSpan>? Find(ActivityTraceId traceId) => _traces.TryGetValue(traceId, out var trace) ? trace.Spans() : null;

    /// <summary>Every trace with a span that started within the range, newest first.</summary>
    /// <param name="from">Range start.</param>
    /// <param name="to">Range end.</param>
    /// <returns>The traces' spans.</returns>
    public IEnumerable<IReadOnlyList<StoredSpan>> Between(DateTimeOffset from, DateTimeOffset to) =>
        _traces.Values.Select(t => t.Spans()).Where(s => s.Count > 0 && s.Any(x => x.Start >= from && x.Start <= to)).OrderByDescending(s => s[0].Start);

    /// <summary>The X-Ray annotation key of an attribute name: characters other than letters, digits and <c>_</c> become <c>_</c>.</summary>
    /// <param name="name">E.g. <c>sesmail.message_id</c>.</param>
    /// <returns>E.g. <c>sesmail_message_id</c>.</returns>
    public static string AnnotationKey(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            key.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return key.ToString();
    }

    /// <summary>
    /// The X-Ray segment document of a span (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html):
    /// <c>name</c>, <c>id</c>, <c>trace_id</c>, <c>parent_id</c>, <c>start_time</c>/<c>end_time</c> (epoch seconds),
    /// <c>origin</c> (the service), <c>error</c>/<c>cause</c>, scalar attributes as <c>annotations</c> (keys as
    /// <see cref="AnnotationKey"/>), and under <c>metadata.otel</c> the span kind, scope, service and every attribute
    /// with its own name.
    /// </summary>
    /// <param name="span">The span.</param>
    /// <returns>The document (JSON text).</returns>
    public static string SegmentDocument(StoredSpan span)
    {
        var annotations = new JsonObject();
        var attributes = new JsonObject();
        foreach (var (name, value) in span.Attributes)
        {
            attributes[name] = ToJson(value);
            if (value is string or bool or long or double && annotations.Count < 50)
            {
                annotations[AnnotationKey(name)] = ToJson(value);
            }
        }

        var document = new JsonObject
        {
            ["name"] = span.Name.Length <= 200 ? span.Name : span.Name[..200],
            ["id"] = span.SpanId.ToHexString(),
            ["trace_id"] = XRayTraceHeader.ToXRayTraceId(span.TraceId),
            ["start_time"] = Seconds(span.Start),
            ["end_time"] = Seconds(span.End),
            ["origin"] = span.Service,
        };
        if (span.ParentSpanId != default)
        {
            document["parent_id"] = span.ParentSpanId.ToHexString();
        }

        if (span.Error)
        {
            document["error"] = true;
            document["cause"] = new JsonObject { ["exceptions"] = new JsonArray(new JsonObject { ["message"] = span.StatusMessage ?? "error" }) };
        }

        document["annotations"] = annotations;
        document["metadata"] = new JsonObject
        {
            ["otel"] = new JsonObject
            {
                ["kind"] = KindName(span.Kind),
                ["scope"] = span.Scope,
                ["service"] = span.Service,
                ["attributes"] = attributes,
            },
        };
        return document.ToJsonString();
    }

    /// <summary>Reads an X-Ray segment document (and its subsegments) into spans (<c>PutTraceSegments</c>).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The spans.</returns>
    /// <exception cref="FormatException">The document lacks a valid <c>trace_id</c>, <c>id</c>, <c>name</c> or <c>start_time</c>.</exception>
    public static IEnumerable<StoredSpan> FromSegmentDocument(JsonObject document)
    {
        var trace = document["trace_id"]?.GetValue<string>();
        if (!XRayTraceHeader.TryParseXRayTraceId(trace, out var traceId))
        {
            throw new FormatException($"Invalid trace_id {trace}.");
        }

        return FromSegment(document, traceId, default, document["name"]?.GetValue<string>() ?? string.Empty);
    }

    private static IEnumerable<StoredSpan> FromSegment(JsonObject segment, ActivityTraceId traceId, ActivitySpanId parent, string service)
    {
        var id = segment["id"]?.GetValue<string>();
        var name = segment["name"]?.GetValue<string>();
        if (id is not { Length: 16 } || !id.All(char.IsAsciiHexDigit) || string.IsNullOrEmpty(name) || segment["start_time"] is not JsonValue start)
        {
            throw new FormatException("A segment needs name, a 16-hex-digit id and start_time.");
        }

        if (segment["parent_id"]?.GetValue<string>() is { Length: 16 } parentText && parentText.All(char.IsAsciiHexDigit))
        {
            parent = ActivitySpanId.CreateFromString(parentText.ToLowerInvariant());
        }

        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (segment["annotations"] is JsonObject annotations)
        {
            foreach (var (key, value) in annotations)
            {
                attributes[key] = value is JsonValue v ? v.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
                    System.Text.Json.JsonValueKind.Number => v.GetValue<double>(),
                    System.Text.Json.JsonValueKind.True => true,
                    System.Text.Json.JsonValueKind.False => false,
                    _ => null,
                } : null;
            }
        }

        var spanId = ActivitySpanId.CreateFromString(id.ToLowerInvariant());
        var startTime = FromSeconds(start.GetValue<double>());
        var endTime = segment["end_time"] is JsonValue end ? FromSeconds(end.GetValue<double>()) : startTime;
        var error = segment["error"]?.GetValue<bool>() == true || segment["fault"]?.GetValue<bool>() == true;
        yield return new StoredSpan(traceId, spanId, parent, name, parent == default ? 2 : 1, startTime, endTime, service, "xray", attributes, error, null);
        foreach (var child in (segment["subsegments"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var span in FromSegment(child, traceId, spanId, service))
            {
                yield return span;
            }
        }
    }

    private static string KindName(int kind) => kind switch
    {
        1 => "internal",
        2 => "server",
        3 => "client",
        4 => "producer",
        5 => "consumer",
        _ => "unspecified",
    };

    private static double Seconds(DateTimeOffset time) => Math.Round(time.ToUnixTimeMilliseconds() / 1000.0 + (time.Ticks % TimeSpan.TicksPerMillisecond) / 1e7, 6);

    private static DateTimeOffset FromSeconds(double seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        long l => l,
        int i => i,
        double d => d,
        IEnumerable<object?> items => new JsonArray([.. items.Select(ToJson)]),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private sealed class StoredTrace(ActivityTraceId id, DateTimeOffset firstSeen)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<ActivitySpanId, StoredSpan> _spans = [];

        public ActivityTraceId Id { get; } = id;

        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public void Add(StoredSpan span)
        {
            lock (_lock)
            {
                if (_spans.Count < MaxSpansPerTrace || _spans.ContainsKey(span.SpanId))
                {
                    _spans[span.SpanId] = span;
                }
            }
        }

        public List<StoredSpan> Spans()
        {
            lock (_lock)
            {
                return [.. _spans.Values.OrderBy(s => s.Start)];
            }
        }
    }
}
