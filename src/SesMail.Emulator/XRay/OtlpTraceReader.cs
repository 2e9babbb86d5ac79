using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace SesMail.Emulator.XRay;

/// <summary>
/// Reads an OTLP/HTTP trace export (<c>POST /v1/traces</c>, https://opentelemetry.io/docs/specs/otlp/#otlphttp) as
/// <see cref="StoredSpan"/>s: the binary protobuf encoding of <c>ExportTraceServiceRequest</c> (what the .NET exporter
/// sends with <c>http/protobuf</c>) or its JSON encoding (hex trace and span ids). Only what the store keeps is read:
/// the resource's <c>service.name</c>, the scope name, and each span's ids, name, kind, times, attributes and status;
/// events and links are skipped.
/// </summary>
internal static class OtlpTraceReader
{
    /// <summary>Reads a protobuf-encoded request.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The spans.</returns>
    /// <exception cref="InvalidProtocolBufferException">The body is not a valid message.</exception>
    public static List<StoredSpan> ReadProtobuf(ReadOnlySpan<byte> body)
    {
        var spans = new List<StoredSpan>();
        var input = new CodedInputStream(body.ToArray());
        while (input.ReadTag() is var tag && tag != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                ReadResourceSpans(input.ReadBytes().Span, spans);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spans;
    }

    /// <summary>Reads a JSON-encoded request.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The spans.</returns>
    /// <exception cref="JsonException">The body is not the OTLP JSON shape.</exception>
    public static List<StoredSpan> ReadJson(ReadOnlySpan<byte> body)
    {
        var spans = new List<StoredSpan>();
        var root = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("The body is not a JSON object.");
        foreach (var resourceSpans in (root["resourceSpans"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var service = "unknown_service";
            foreach (var attribute in (resourceSpans["resource"]?["attributes"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (attribute["key"]?.GetValue<string>() == "service.name" && JsonValue(attribute["value"]) is string name)
                {
                    service = name;
                }
            }

            foreach (var scopeSpans in (resourceSpans["scopeSpans"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var scope = scopeSpans["scope"]?["name"]?.GetValue<string>() ?? string.Empty;
                foreach (var span in (scopeSpans["spans"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var attribute in (span["attributes"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if (attribute["key"]?.GetValue<string>() is { } key)
                        {
                            attributes[key] = JsonValue(attribute["value"]);
                        }
                    }

                    var parent = span["parentSpanId"]?.GetValue<string>();
                    spans.Add(new StoredSpan(
                        ActivityTraceId.CreateFromString(Hex(span, "traceId", 32)),
                        ActivitySpanId.CreateFromString(Hex(span, "spanId", 16)),
                        string.IsNullOrEmpty(parent) ? default : ActivitySpanId.CreateFromString(parent),
                        span["name"]?.GetValue<string>() ?? string.Empty,
                        span["kind"] is JsonValue kind ? kind.GetValue<int>() : 0,
                        Nanos(span["startTimeUnixNano"]),
                        Nanos(span["endTimeUnixNano"]),
                        service,
                        scope,
                        attributes,
                        span["status"]?["code"] is JsonValue code && code.GetValue<int>() == 2,
                        span["status"]?["message"]?.GetValue<string>()));
                }
            }
        }

        return spans;
    }

    private static string Hex(JsonObject span, string name, int length) =>
        span[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { } text && text.Length == length && text.All(char.IsAsciiHexDigit)
            ? text.ToLowerInvariant()
            : throw new JsonException($"A span's {name} must be {length} hex digits.");

    private static void ReadResourceSpans(ReadOnlySpan<byte> bytes, List<StoredSpan> spans)
    {
        var service = "unknown_service";
        var scopes = new List<ByteString>();
        var input = new CodedInputStream(bytes.ToArray());
        while (input.ReadTag() is var tag && tag != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: // Resource
                    foreach (var (key, value) in ReadAttributes(input.ReadBytes(), field: 1))
                    {
                        if (key == "service.name" && value is string name)
                        {
                            service = name;
                        }
                    }

                    break;
                case 2: // ScopeSpans
                    scopes.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var scopeSpans in scopes)
        {
            ReadScopeSpans(scopeSpans, service, spans);
        }
    }

    private static void ReadScopeSpans(ByteString bytes, string service, List<StoredSpan> spans)
    {
        var scope = string.Empty;
        var raw = new List<ByteString>();
        var input = bytes.CreateCodedInput();
        while (input.ReadTag() is var tag && tag != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: // InstrumentationScope
                    var scopeInput = input.ReadBytes().CreateCodedInput();
                    while (scopeInput.ReadTag() is var scopeTag && scopeTag != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(scopeTag) == 1)
                        {
                            scope = scopeInput.ReadString();
                        }
                        else
                        {
                            scopeInput.SkipLastField();
                        }
                    }

                    break;
                case 2: // Span
                    raw.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        spans.AddRange(raw.Select(r => ReadSpan(r, service, scope)));
    }

    private static StoredSpan ReadSpan(ByteString bytes, string service, string scope)
    {
        ActivityTraceId traceId = default;
        ActivitySpanId spanId = default, parent = default;
        var name = string.Empty;
        var kind = 0;
        ulong start = 0, end = 0;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var error = false;
        string? message = null;
        var input = bytes.CreateCodedInput();
        while (input.ReadTag() is var tag && tag != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    traceId = ActivityTraceId.CreateFromBytes(input.ReadBytes().Span);
                    break;
                case 2:
                    spanId = ActivitySpanId.CreateFromBytes(input.ReadBytes().Span);
                    break;
                case 4:
                    var parentBytes = input.ReadBytes();
                    parent = parentBytes.Length == 8 ? ActivitySpanId.CreateFromBytes(parentBytes.Span) : default;
                    break;
                case 5:
                    name = input.ReadString();
                    break;
                case 6:
                    kind = input.ReadEnum();
                    break;
                case 7:
                    start = input.ReadFixed64();
                    break;
                case 8:
                    end = input.ReadFixed64();
                    break;
                case 9:
                    var (key, value) = ReadKeyValue(input.ReadBytes());
                    attributes[key] = value;
                    break;
                case 15:
                    var statusInput = input.ReadBytes().CreateCodedInput();
                    while (statusInput.ReadTag() is var statusTag && statusTag != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(statusTag))
                        {
                            case 2:
                                message = statusInput.ReadString();
                                break;
                            case 3:
                                error = statusInput.ReadEnum() == 2;
                                break;
                            default:
                                statusInput.SkipLastField();
                                break;
                        }
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new StoredSpan(traceId, spanId, parent, name, kind, FromNanos(start), FromNanos(end), service, scope, attributes, error, error ? message : null);
    }

    private static IEnumerable<(string Key, object? Value)> ReadAttributes(ByteString bytes, int field)
    {
        var result = new List<(string, object?)>();
        var input = bytes.CreateCodedInput();
        while (input.ReadTag() is var tag && tag != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field)
            {
                result.Add(ReadKeyValue(input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return result;
    }

    private static (string Key, object? Value) ReadKeyValue(ByteString bytes)
    {
        var key = string.Empty;
        object? value = null;
        var input = bytes.CreateCodedInput();
        while (input.ReadTag() is var tag && tag != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = input.ReadString();
                    break;
                case 2:
                    value = ReadAnyValue(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (key, value);
    }

    private static object? ReadAnyValue(ByteString bytes)
    {
        object? value = null;
        var input = bytes.CreateCodedInput();
        while (input.ReadTag() is var tag && tag != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    value = input.ReadString();
                    break;
                case 2:
                    value = input.ReadBool();
                    break;
                case 3:
                    value = input.ReadInt64();
                    break;
                case 4:
                    value = input.ReadDouble();
                    break;
                case 5: // ArrayValue { repeated AnyValue values = 1; }
                    var items = new List<object?>();
                    var array = input.ReadBytes().CreateCodedInput();
                    while (array.ReadTag() is var itemTag && itemTag != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(itemTag) == 1)
                        {
                            items.Add(ReadAnyValue(array.ReadBytes()));
                        }
                        else
                        {
                            array.SkipLastField();
                        }
                    }

                    value = items.ToArray();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return value;
    }

    private static object? JsonValue(JsonNode? value) => value switch
    {
        JsonObject o when o["stringValue"] is { } s => s.GetValue<string>(),
        JsonObject o when o["boolValue"] is { } b => b.GetValue<bool>(),
        JsonObject o when o["intValue"] is JsonValue i => i.GetValueKind() == JsonValueKind.String ? long.Parse(i.GetValue<string>(), CultureInfo.InvariantCulture) : i.GetValue<long>(),
        JsonObject o when o["doubleValue"] is { } d => d.GetValue<double>(),
        JsonObject o when o["arrayValue"]?["values"] is JsonArray a => a.Select(JsonValue).ToArray(),
        _ => null,
    };

    private static DateTimeOffset Nanos(JsonNode? value) => value is JsonValue v
        ? FromNanos(v.GetValueKind() == JsonValueKind.String ? ulong.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture) : v.GetValue<ulong>())
        : DateTimeOffset.UnixEpoch;

    private static DateTimeOffset FromNanos(ulong nanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));
}
