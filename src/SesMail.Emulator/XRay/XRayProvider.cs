using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SesMail.LambdaRuntime;

namespace SesMail.Emulator.XRay;

/// <summary>
/// AWS X-Ray's trace retrieval over the local <see cref="TraceStore"/>, so <c>aws xray get-trace-summaries</c>,
/// <c>aws xray batch-get-traces</c> and <c>sesmail trace</c> read what the local stack recorded: <c>BatchGetTraces</c>,
/// <c>GetTraceSummaries</c> and <c>PutTraceSegments</c> (segment documents as the X-Ray daemon sends them). Each span
/// is one segment document (<see cref="TraceStore.SegmentDocument"/>).
/// </summary>
/// <remarks>
/// Not emulated: sampling rules, groups, service graphs, insights, encryption configuration, telemetry records.
/// <c>FilterExpression</c> accepts <c>annotation.KEY = "value"</c> (or <c>annotation[KEY]</c>, a number or
/// <c>true</c>/<c>false</c> as the value) clauses joined all by <c>AND</c> or all by <c>OR</c>; anything else is refused
/// with <c>InvalidRequestException</c>. <c>TimeRangeType</c> <c>TraceId</c> and <c>Event</c> both select traces with a span
/// starting in the range. Results come in one page.
/// </remarks>
internal sealed partial class XRayProvider(TraceStore store, TimeProvider time)
{
    /// <summary><c>BatchGetTraces</c>: https://docs.aws.amazon.com/xray/latest/api/API_BatchGetTraces.html.</summary>
    /// <param name="request">The trace ids (X-Ray form).</param>
    /// <returns>The traces found; unknown or malformed ids in <c>UnprocessedTraceIds</c>.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidRequestException</c> without <c>TraceIds</c>.</exception>
    public BatchGetTracesResult BatchGetTraces(BatchGetTracesRequest request)
    {
        if (request.TraceIds is not { Count: > 0 } ids)
        {
            throw XRayErrors.InvalidRequest("TraceIds must name at least one trace.");
        }

        var traces = new List<XRayTrace>();
        var unprocessed = new List<string>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (XRayTraceHeader.TryParseXRayTraceId(id, out var traceId) && store.Find(traceId) is { Count: > 0 } spans)
            {
                traces.Add(new XRayTrace(XRayTraceHeader.ToXRayTraceId(traceId), Duration(spans), false,
                    [.. spans.Select(s => new XRaySegment(s.SpanId.ToHexString(), TraceStore.SegmentDocument(s)))]));
            }
            else
            {
                unprocessed.Add(id);
            }
        }

        return new BatchGetTracesResult(traces, unprocessed, null);
    }

    /// <summary><c>GetTraceSummaries</c>: https://docs.aws.amazon.com/xray/latest/api/API_GetTraceSummaries.html.</summary>
    /// <param name="request">The time range (epoch seconds) and an optional filter expression.</param>
    /// <returns>The matching traces, newest first, with their annotations.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidRequestException</c> without a time range, with an end before the start, or with a filter expression this emulator does not read.</exception>
    public GetTraceSummariesResult GetTraceSummaries(GetTraceSummariesRequest request)
    {
        if (request.StartTime is not { } start || request.EndTime is not { } end)
        {
            throw XRayErrors.InvalidRequest("StartTime and EndTime are required.");
        }

        if (end < start)
        {
            throw XRayErrors.InvalidRequest("EndTime must not be before StartTime.");
        }

        if (request.TimeRangeType is { } type && type is not ("TraceId" or "Event" or "Service"))
        {
            throw XRayErrors.InvalidRequest($"Invalid TimeRangeType {type}: use TraceId, Event or Service.");
        }

        var filter = Filter.Parse(request.FilterExpression);
        var traces = store.Between(FromSeconds(start), FromSeconds(end)).ToList();
        var summaries = traces.Where(filter.Matches).Select(Summarize).ToList();
        return new GetTraceSummariesResult(summaries, Math.Floor(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0), traces.Count, null);
    }

    /// <summary><c>PutTraceSegments</c>: https://docs.aws.amazon.com/xray/latest/api/API_PutTraceSegments.html.</summary>
    /// <param name="request">Segment documents (JSON text each).</param>
    /// <returns>The documents that could not be read.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidRequestException</c> without documents.</exception>
    public PutTraceSegmentsResult PutTraceSegments(PutTraceSegmentsRequest request)
    {
        if (request.TraceSegmentDocuments is not { Count: > 0 } documents)
        {
            throw XRayErrors.InvalidRequest("TraceSegmentDocuments must hold at least one document.");
        }

        var unprocessed = new List<UnprocessedTraceSegment>();
        foreach (var text in documents)
        {
            string? id = null;
            try
            {
                var document = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("A segment document is a JSON object.");
                id = document["id"]?.GetValue<string>();
                store.Add([.. TraceStore.FromSegmentDocument(document)]);
            }
            catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException)
            {
                unprocessed.Add(new UnprocessedTraceSegment(id, "InvalidSegment", error.Message));
            }
        }

        return new PutTraceSegmentsResult(unprocessed);
    }

    private static TraceSummary Summarize(IReadOnlyList<StoredSpan> spans)
    {
        var root = spans.FirstOrDefault(s => s.ParentSpanId == default || spans.All(p => p.SpanId != s.ParentSpanId)) ?? spans[0];
        var annotations = new Dictionary<string, IReadOnlyList<ValueWithServiceIds>>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            foreach (var (name, value) in span.Attributes)
            {
                var annotation = value switch
                {
                    string s => new AnnotationValue(null, null, s),
                    bool b => new AnnotationValue(null, b, null),
                    long l => new AnnotationValue(l, null, null),
                    double d => new AnnotationValue(d, null, null),
                    _ => null,
                };
                var key = TraceStore.AnnotationKey(name);
                if (annotation is not null && !annotations.ContainsKey(key) && annotations.Count < 50)
                {
                    annotations[key] = [new ValueWithServiceIds(annotation, [new ServiceId(span.Service, null)])];
                }
            }
        }

        return new TraceSummary(
            XRayTraceHeader.ToXRayTraceId(root.TraceId),
            Seconds(spans.Min(s => s.Start)),
            Duration(spans),
            Math.Round((root.End - root.Start).TotalSeconds, 6),
            false,
            spans.Any(s => s.Error),
            false,
            spans.Any(s => s.ParentSpanId != default && spans.All(p => p.SpanId != s.ParentSpanId)),
            annotations,
            [.. spans.Select(s => s.Service).Distinct(StringComparer.Ordinal).Select(s => new ServiceId(s, null))]);
    }

    private static double Duration(IReadOnlyList<StoredSpan> spans) =>
        Math.Round((spans.Max(s => s.End) - spans.Min(s => s.Start)).TotalSeconds, 6);

    private static double Seconds(DateTimeOffset time) => Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3);

    private static DateTimeOffset FromSeconds(double seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));

    [GeneratedRegex("""^\s*annotation(?:\.(?<key>[A-Za-z0-9_]+)|\[(?<key>[A-Za-z0-9_]+)\])\s*=\s*(?:"(?<text>[^"]*)"|(?<literal>[^\s"]+))\s*$""")]
    private static partial Regex Clause();

    [GeneratedRegex(@"\s+(AND|OR)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Conjunction();

    /// <summary>A filter expression of <c>annotation.KEY = value</c> clauses, all joined by AND or all by OR.</summary>
    private sealed class Filter(List<(string Key, string Value)> clauses, bool all)
    {
        public static Filter Parse(string? expression)
        {
            if (string.IsNullOrWhiteSpace(expression))
            {
                return new Filter([], true);
            }

            var parts = Conjunction().Split(expression);
            var operators = parts.Where((_, i) => i % 2 == 1).Select(o => o.ToUpperInvariant()).Distinct().ToList();
            if (operators.Count > 1)
            {
                throw Unsupported(expression);
            }

            var clauses = new List<(string, string)>();
            foreach (var part in parts.Where((_, i) => i % 2 == 0))
            {
                var match = Clause().Match(part);
                if (!match.Success)
                {
                    throw Unsupported(expression);
                }

                clauses.Add((match.Groups["key"].Value, match.Groups["text"].Success ? match.Groups["text"].Value : match.Groups["literal"].Value));
            }

            return new Filter(clauses, operators.Count == 0 || operators[0] == "AND");
        }

        public bool Matches(IReadOnlyList<StoredSpan> spans)
        {
            if (clauses.Count == 0)
            {
                return true;
            }

            bool Holds((string Key, string Value) clause) => spans.Any(s => s.Attributes.Any(a =>
                TraceStore.AnnotationKey(a.Key) == clause.Key && Text(a.Value) == clause.Value));
            return all ? clauses.All(Holds) : clauses.Any(Holds);
        }

        private static string? Text(object? value) => value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => d.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };

        private static Protocols.AwsServiceException Unsupported(string expression) => XRayErrors.InvalidRequest(
            $"Unsupported filter expression '{expression}': this emulator's X-Ray reads annotation.KEY = \"value\" clauses joined all by AND or all by OR.");
    }
}
