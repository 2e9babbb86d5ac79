using System.Globalization;
using System.Text.Json;
using Amazon.XRay;
using Amazon.XRay.Model;

namespace SesMail.Cli.Trace;

/// <summary>One span of a message's path, as <c>sesmail trace</c> shows it.</summary>
/// <param name="Id">The span (segment) id.</param>
/// <param name="ParentId">The parent span shown above it, or <c>null</c> for a root.</param>
/// <param name="Depth">Its depth in the tree (0 for a root).</param>
/// <param name="Name">The span name.</param>
/// <param name="Service">The process that recorded it (<c>runtime</c>, <c>emulator</c>, …).</param>
/// <param name="Kind">OpenTelemetry span kind (<c>server</c>, <c>client</c>, <c>producer</c>, <c>consumer</c>, <c>internal</c>).</param>
/// <param name="OffsetMs">Milliseconds from the trace's first span's start.</param>
/// <param name="DurationMs">The span's duration in milliseconds.</param>
/// <param name="Error">Whether it ended in an error.</param>
/// <param name="Attributes">Its <c>sesmail.*</c> attributes (and the error text, as <c>error</c>).</param>
internal sealed record TraceSpanView(
    string Id, string? ParentId, int Depth, string Name, string Service, string Kind, double OffsetMs, double DurationMs, bool Error,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>One trace of a message.</summary>
/// <param name="TraceId">The X-Ray trace id.</param>
/// <param name="Start">When its first span started (UTC).</param>
/// <param name="DurationMs">First start to last end, in milliseconds.</param>
/// <param name="Spans">The spans in tree order (parents before children, siblings by start).</param>
internal sealed record TraceView(string TraceId, DateTimeOffset Start, double DurationMs, IReadOnlyList<TraceSpanView> Spans);

/// <summary>
/// Finds the traces of one message through X-Ray's API (the emulator's trace store locally, X-Ray in AWS) and lays
/// them out as trees: <c>GetTraceSummaries</c> with <c>annotation.sesmail_message_id</c> (an SES message id) or
/// <c>annotation.sesmail_mail_message_id</c> (a <c>Message-ID</c> header, recognised by its <c>@</c>), then
/// <c>BatchGetTraces</c>. HTTP spans (ASP.NET Core, HttpClient) are folded into the span above unless all are asked for.
/// </summary>
internal static class MessageTrace
{
    private static readonly HashSet<string> HttpScopes = new(StringComparer.Ordinal) { "Microsoft.AspNetCore", "System.Net.Http" };

    /// <summary>The filter expression that finds a message's traces.</summary>
    /// <param name="id">An SES message id, or a <c>Message-ID</c> header value (with or without angle brackets).</param>
    /// <returns>The expression.</returns>
    public static string FilterFor(string id)
    {
        var value = id.Trim();
        if (value.Contains('@', StringComparison.Ordinal))
        {
            return $"annotation.sesmail_mail_message_id = \"{value.Trim('<', '>').Trim().Replace("\"", string.Empty, StringComparison.Ordinal)}\"";
        }

        return $"annotation.sesmail_message_id = \"{value.Replace("\"", string.Empty, StringComparison.Ordinal)}\"";
    }

    /// <summary>Reads the message's traces, newest first.</summary>
    /// <param name="xray">The X-Ray client.</param>
    /// <param name="id">The SES message id or <c>Message-ID</c>.</param>
    /// <param name="since">How far back to look.</param>
    /// <param name="now">The current time.</param>
    /// <param name="all">Whether to keep HTTP spans.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The traces.</returns>
    public static async Task<IReadOnlyList<TraceView>> ReadAsync(IAmazonXRay xray, string id, TimeSpan since, DateTimeOffset now, bool all, CancellationToken cancellationToken)
    {
        var summaries = await xray.GetTraceSummariesAsync(
            new GetTraceSummariesRequest { StartTime = (now - since).UtcDateTime, EndTime = now.UtcDateTime, FilterExpression = FilterFor(id) },
            cancellationToken).ConfigureAwait(false);
        var ids = summaries.TraceSummaries.Select(s => s.Id).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var views = new List<TraceView>();
        foreach (var chunk in ids.Chunk(5))
        {
            var traces = await xray.BatchGetTracesAsync(new BatchGetTracesRequest { TraceIds = [.. chunk] }, cancellationToken).ConfigureAwait(false);
            views.AddRange(traces.Traces.Select(t => Build(t, all)));
        }

        return [.. views.OrderByDescending(v => v.Start)];
    }

    /// <summary>Lays out one trace's segment documents as a tree.</summary>
    /// <param name="trace">The trace.</param>
    /// <param name="all">Whether to keep HTTP spans.</param>
    /// <returns>The view.</returns>
    public static TraceView Build(Amazon.XRay.Model.Trace trace, bool all)
    {
        var spans = trace.Segments.Select(s => Read(s.Document ?? "{}")).Where(s => s.Id.Length > 0).ToList();
        var byId = spans.ToDictionary(s => s.Id, StringComparer.Ordinal);
        string? Shown(string? parent)
        {
            while (parent is not null && byId.TryGetValue(parent, out var span) && !all && HttpScopes.Contains(span.Scope))
            {
                parent = span.Parent;
            }

            return parent is not null && byId.ContainsKey(parent) ? parent : null;
        }

        var kept = spans.Where(s => all || !HttpScopes.Contains(s.Scope)).ToList();
        var children = kept.GroupBy(s => Shown(s.Parent) ?? string.Empty).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList(), StringComparer.Ordinal);
        var start = spans.Count == 0 ? 0 : spans.Min(s => s.Start);
        var end = spans.Count == 0 ? 0 : spans.Max(s => s.End);
        var ordered = new List<TraceSpanView>();
        void Walk(string parent, int depth)
        {
            foreach (var span in children.GetValueOrDefault(parent) ?? [])
            {
                ordered.Add(new TraceSpanView(
                    span.Id, parent.Length == 0 ? null : parent, depth, span.Name, span.Service, span.Kind,
                    Math.Round((span.Start - start) * 1000, 1), Math.Round((span.End - span.Start) * 1000, 1), span.Error, span.Attributes));
                Walk(span.Id, depth + 1);
            }
        }

        Walk(string.Empty, 0);
        return new TraceView(trace.Id ?? string.Empty, DateTimeOffset.UnixEpoch.AddTicks((long)(start * TimeSpan.TicksPerSecond)), Math.Round((end - start) * 1000, 1), ordered);
    }

    private static SpanDocument Read(string document)
    {
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        string Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
        double Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
        var otel = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("otel", out var o) ? o : default;
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (otel.ValueKind == JsonValueKind.Object && otel.TryGetProperty("attributes", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var attribute in values.EnumerateObject().Where(a => a.Name.StartsWith("sesmail.", StringComparison.Ordinal) && a.Name != "sesmail.message_id"))
            {
                attributes[attribute.Name] = attribute.Value.ValueKind switch
                {
                    JsonValueKind.String => attribute.Value.GetString()!,
                    JsonValueKind.Array => string.Join(", ", attribute.Value.EnumerateArray().Select(v => v.ToString())),
                    _ => attribute.Value.ToString(),
                };
            }
        }

        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.True;
        if (error && root.TryGetProperty("cause", out var cause) && cause.TryGetProperty("exceptions", out var exceptions) && exceptions.GetArrayLength() > 0)
        {
            attributes["error"] = Text(exceptions[0], "message");
        }

        var parent = Text(root, "parent_id");
        return new SpanDocument(
            Text(root, "id"),
            parent.Length == 0 ? null : parent,
            Text(root, "name"),
            otel.ValueKind == JsonValueKind.Object ? Text(otel, "service") : Text(root, "origin"),
            otel.ValueKind == JsonValueKind.Object ? Text(otel, "scope") : string.Empty,
            otel.ValueKind == JsonValueKind.Object ? Text(otel, "kind") : string.Empty,
            Number("start_time"),
            Math.Max(Number("start_time"), Number("end_time")),
            error,
            attributes);
    }

    private sealed record SpanDocument(
        string Id, string? Parent, string Name, string Service, string Scope, string Kind, double Start, double End, bool Error, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>A millisecond figure as shown.</summary>
    /// <param name="ms">Milliseconds.</param>
    /// <returns>E.g. <c>12.5 ms</c>.</returns>
    public static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
}
