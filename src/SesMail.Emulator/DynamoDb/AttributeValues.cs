using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// Helpers over attribute values kept in their DynamoDB JSON form: a JSON object with exactly one member whose name
/// is the type (<c>S</c>, <c>N</c>, <c>B</c>, <c>BOOL</c>, <c>NULL</c>, <c>M</c>, <c>L</c>, <c>SS</c>, <c>NS</c>, <c>BS</c>).
/// </summary>
/// <remarks>https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html</remarks>
internal static class AttributeValues
{
    /// <summary>The ten type descriptors.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS" };

    /// <summary>The type descriptor of a stored value.</summary>
    /// <param name="value">A validated attribute value.</param>
    /// <returns>e.g. <c>S</c>.</returns>
    public static string TypeOf(JsonNode value)
    {
        foreach (var (key, _) in value.AsObject())
        {
            return key;
        }

        return string.Empty;
    }

    /// <summary>The payload of a stored value (the member's value).</summary>
    /// <param name="value">A validated attribute value.</param>
    /// <returns>The payload node.</returns>
    public static JsonNode? Payload(JsonNode value)
    {
        foreach (var (_, payload) in value.AsObject())
        {
            return payload;
        }

        return null;
    }

    /// <summary>Builds an <c>S</c> value.</summary>
    /// <param name="s">The string.</param>
    /// <returns>The attribute value.</returns>
    public static JsonObject String(string s) => new() { ["S"] = s };

    /// <summary>Builds an <c>N</c> value.</summary>
    /// <param name="n">The number.</param>
    /// <returns>The attribute value.</returns>
    public static JsonObject Number(DynamoNumber n) => new() { ["N"] = n.ToString() };

    /// <summary>Validates an incoming attribute value and returns its canonical copy (numbers normalised).</summary>
    /// <param name="node">The value as sent.</param>
    /// <returns>A new canonical value.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> worded as DynamoDB words it.</exception>
    public static JsonObject Canonical(JsonNode? node)
    {
        if (node is not JsonObject obj || obj.Count == 0)
        {
            throw DynamoDbErrors.Validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }

        if (obj.Count > 1)
        {
            throw DynamoDbErrors.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }

        var (type, payload) = obj.First();
        switch (type)
        {
            case "S":
                return new JsonObject { ["S"] = RequireString(payload, type) };
            case "N":
                return new JsonObject { ["N"] = ParseNumber(RequireString(payload, type)).ToString() };
            case "B":
                return new JsonObject { ["B"] = Convert.ToBase64String(DecodeBinary(RequireString(payload, type))) };
            case "BOOL":
                return payload is JsonValue b && b.TryGetValue<bool>(out var flag)
                    ? new JsonObject { ["BOOL"] = flag }
                    : throw DynamoDbErrors.Validation("One or more parameter values were invalid: BOOL attribute value must be true or false");
            case "NULL":
                return payload is JsonValue n && n.TryGetValue<bool>(out var isNull) && isNull
                    ? new JsonObject { ["NULL"] = true }
                    : throw DynamoDbErrors.Validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
            case "M":
                {
                    if (payload is not JsonObject map)
                    {
                        throw DynamoDbErrors.Validation("One or more parameter values were invalid: M attribute value must be a map");
                    }

                    var copy = new JsonObject();
                    foreach (var (name, member) in map)
                    {
                        copy[name] = Canonical(member);
                    }

                    return new JsonObject { ["M"] = copy };
                }

            case "L":
                {
                    if (payload is not JsonArray list)
                    {
                        throw DynamoDbErrors.Validation("One or more parameter values were invalid: L attribute value must be a list");
                    }

                    var copy = new JsonArray();
                    foreach (var member in list)
                    {
                        copy.Add(Canonical(member));
                    }

                    return new JsonObject { ["L"] = copy };
                }

            case "SS":
            case "NS":
            case "BS":
                return new JsonObject { [type] = CanonicalSet(type, payload) };
            default:
                throw DynamoDbErrors.Validation($"Supplied AttributeValue has an unknown datatype '{type}', must contain exactly one of the supported datatypes");
        }
    }

    /// <summary>Parses an <c>N</c> payload or throws DynamoDB's validation error.</summary>
    /// <param name="text">The number text.</param>
    /// <returns>The number.</returns>
    public static DynamoNumber ParseNumber(string text) =>
        DynamoNumber.TryParse(text, out var number, out var error) ? number : throw DynamoDbErrors.Validation(error!);

    /// <summary>Decodes a base64 <c>B</c> payload.</summary>
    /// <param name="text">Base64 text.</param>
    /// <returns>The bytes.</returns>
    public static byte[] DecodeBinary(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw DynamoDbErrors.Validation("One or more parameter values were invalid: Invalid binary value, must be base64 encoded");
        }
    }

    /// <summary>Deep equality as DynamoDB's <c>=</c> sees it: same type and value; sets ignore order; numbers compare by value.</summary>
    /// <param name="a">Left value.</param>
    /// <param name="b">Right value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool ValueEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        var type = TypeOf(a);
        if (type != TypeOf(b))
        {
            return false;
        }

        var pa = Payload(a);
        var pb = Payload(b);
        switch (type)
        {
            case "S":
            case "B":
                return pa!.GetValue<string>() == pb!.GetValue<string>();
            case "N":
                return DynamoNumber.Parse(pa!.GetValue<string>()) == DynamoNumber.Parse(pb!.GetValue<string>());
            case "BOOL":
                return pa!.GetValue<bool>() == pb!.GetValue<bool>();
            case "NULL":
                return true;
            case "SS":
            case "BS":
                {
                    var sa = pa!.AsArray().Select(x => x!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    var sb = pb!.AsArray().Select(x => x!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    return sa.SetEquals(sb);
                }

            case "NS":
                {
                    var sa = pa!.AsArray().Select(x => DynamoNumber.Parse(x!.GetValue<string>())).ToHashSet();
                    var sb = pb!.AsArray().Select(x => DynamoNumber.Parse(x!.GetValue<string>())).ToHashSet();
                    return sa.SetEquals(sb);
                }

            case "L":
                {
                    var la = pa!.AsArray();
                    var lb = pb!.AsArray();
                    return la.Count == lb.Count && la.Zip(lb).All(p => ValueEquals(p.First, p.Second));
                }

            case "M":
                {
                    var ma = pa!.AsObject();
                    var mb = pb!.AsObject();
                    return ma.Count == mb.Count && ma.All(p => mb.TryGetPropertyValue(p.Key, out var other) && ValueEquals(p.Value, other));
                }

            default:
                return false;
        }
    }

    /// <summary>Orders two scalar values of the same type (<c>S</c> by UTF-8 bytes, <c>N</c> numerically, <c>B</c> as unsigned bytes).</summary>
    /// <param name="a">Left value.</param>
    /// <param name="b">Right value.</param>
    /// <returns>The order, or <c>null</c> when the values are not comparable (different or non-scalar types).</returns>
    public static int? Compare(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        var type = TypeOf(a);
        if (type != TypeOf(b))
        {
            return null;
        }

        var pa = Payload(a)!.GetValue<string>();
        var pb = Payload(b)!.GetValue<string>();
        return type switch
        {
            "S" => CompareUtf8(pa, pb),
            "N" => DynamoNumber.Parse(pa).CompareTo(DynamoNumber.Parse(pb)),
            "B" => Convert.FromBase64String(pa).AsSpan().SequenceCompareTo(Convert.FromBase64String(pb)),
            _ => null,
        };
    }

    /// <summary>Compares strings by their UTF-8 encoding (code point order), as DynamoDB sorts <c>S</c> keys.</summary>
    /// <param name="a">Left.</param>
    /// <param name="b">Right.</param>
    /// <returns>The order.</returns>
    public static int CompareUtf8(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb)
            {
                continue;
            }

            // Surrogates encode code points above U+FFFF, which sort after U+E000..U+FFFF in UTF-8.
            var ka = char.IsSurrogate(ca) ? ca + 0x2000 : (ca >= 0xE000 ? ca - 0x800 : ca);
            var kb = char.IsSurrogate(cb) ? cb + 0x2000 : (cb >= 0xE000 ? cb - 0x800 : cb);
            return ka.CompareTo(kb);
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>The approximate stored size in bytes (names plus values), as DynamoDB counts item size.</summary>
    /// <param name="item">An item.</param>
    /// <returns>Size in bytes.</returns>
    public static int ItemSize(JsonObject item)
    {
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + ValueSize(value!);
        }

        return size;
    }

    /// <summary>Human form of a value for error messages: <c>{ S : "x" }</c>-like as DynamoDB prints it.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Text.</returns>
    public static string Describe(JsonNode value)
    {
        var type = TypeOf(value);
        var payload = Payload(value);
        return type switch
        {
            "S" or "N" or "B" => $"{{{type}:{payload!.GetValue<string>()},}}",
            _ => $"{{{type}:{payload?.ToJsonString()},}}",
        };
    }

    private static int ValueSize(JsonNode value)
    {
        var payload = Payload(value);
        return TypeOf(value) switch
        {
            "S" => Encoding.UTF8.GetByteCount(payload!.GetValue<string>()),
            "N" => (payload!.GetValue<string>().Length / 2) + 1,
            "B" => Convert.FromBase64String(payload!.GetValue<string>()).Length,
            "BOOL" or "NULL" => 1,
            "SS" => payload!.AsArray().Sum(x => Encoding.UTF8.GetByteCount(x!.GetValue<string>())),
            "NS" => payload!.AsArray().Sum(x => (x!.GetValue<string>().Length / 2) + 1),
            "BS" => payload!.AsArray().Sum(x => Convert.FromBase64String(x!.GetValue<string>()).Length),
            "L" => 3 + payload!.AsArray().Sum(x => 1 + ValueSize(x!)),
            "M" => 3 + payload!.AsObject().Sum(p => 1 + Encoding.UTF8.GetByteCount(p.Key) + ValueSize(p.Value!)),
            _ => 0,
        };
    }

    private static string RequireString(JsonNode? payload, string type) =>
        payload is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw DynamoDbErrors.Validation($"One or more parameter values were invalid: {type} attribute value must be a string");

    private static JsonArray CanonicalSet(string type, JsonNode? payload)
    {
        if (payload is not JsonArray array)
        {
            throw DynamoDbErrors.Validation($"One or more parameter values were invalid: {type} attribute value must be a list of strings");
        }

        if (array.Count == 0)
        {
            throw DynamoDbErrors.Validation(type switch
            {
                "SS" => "One or more parameter values were invalid: An string set  may not be empty",
                "NS" => "One or more parameter values were invalid: An number set  may not be empty",
                _ => "One or more parameter values were invalid: Binary sets should not be empty",
            });
        }

        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var element in array)
        {
            var text = RequireString(element, type);
            texts.Add(text);
            var canonical = type switch
            {
                "NS" => ParseNumber(text).ToString(),
                "BS" => Convert.ToBase64String(DecodeBinary(text)),
                _ => text,
            };
            if (!seen.Add(canonical))
            {
                throw DynamoDbErrors.Validation($"One or more parameter values were invalid: Input collection [{string.Join(", ", texts.Concat(array.Skip(texts.Count).Select(e => e?.ToString() ?? string.Empty)))}] contains duplicates.");
            }

            result.Add(canonical);
        }

        return result;
    }

    /// <summary>Formats an integer for messages with the invariant culture.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>Text.</returns>
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
