using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl.Jsonata;

/// <summary>
/// The JSONata functions of the subset (https://docs.jsonata.org/overview.html, and the ones Step Functions adds:
/// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html). Names are listed in
/// <see cref="Names"/>; a call of any other function is refused when the definition is created.
/// </summary>
public static class JsonataFunctions
{
    /// <summary>The functions of the subset, without their <c>$</c>.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        // JSONata: string
        "string", "length", "substring", "substringBefore", "substringAfter", "uppercase", "lowercase", "trim", "pad",
        "contains", "split", "join", "replace", "base64encode", "base64decode",
        // JSONata: numeric and aggregation
        "number", "abs", "floor", "ceil", "round", "power", "sqrt", "random", "sum", "max", "min", "average", "count",
        // JSONata: boolean, array, object, date
        "boolean", "not", "exists", "append", "reverse", "distinct", "sort", "keys", "lookup", "merge", "type",
        "now", "millis", "toMillis", "fromMillis",
        // Step Functions' own
        "partition", "range", "hash", "uuid", "parse",
    };

    /// <summary>JSONata's truthiness: false for undefined, null, false, 0, "", empty arrays and objects.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its boolean meaning.</returns>
    public static bool Truthy(JsonataValue value) => value.IsDefined && value.Node switch
    {
        null => false,
        JsonArray array => array.Any(i => Truthy(JsonataValue.Of(i))),
        JsonObject obj => obj.Count > 0,
        _ => JsonValues.Kind(value.Node) switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => JsonValues.AsNumber(value.Node) != 0,
            JsonValueKind.String => JsonValues.AsString(value.Node)!.Length > 0,
            _ => false,
        },
    };

    /// <summary>Deep equality, numbers by value.</summary>
    /// <param name="a">One value.</param>
    /// <param name="b">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool DeepEqual(JsonNode? a, JsonNode? b) =>
        JsonValues.AsNumber(a) is { } x && JsonValues.AsNumber(b) is { } y ? x == y : JsonNode.DeepEquals(a, b);

    /// <summary>A value as <c>$string</c> writes it (undefined is the empty string).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string StringOf(JsonataValue value) => value.IsDefined ? JsonValues.ToText(value.Node) : string.Empty;

    /// <summary>Requires a number.</summary>
    /// <param name="value">The value.</param>
    /// <param name="where">The operator or function, for the message.</param>
    /// <returns>The number.</returns>
    /// <exception cref="AslRuntimeException">Not a number.</exception>
    public static double RequireNumber(JsonataValue value, string where) =>
        JsonValues.AsNumber(value.Node) ?? throw Fail($"{where} expects a number, not {(value.IsDefined ? JsonValues.ToJson(value.Node) : "undefined")}");

    internal static JsonataValue Call(string name, IReadOnlyList<JsonataValue> args, DateTimeOffset now)
    {
        JsonataValue Arg(int i) => i < args.Count ? args[i] : JsonataValue.Undefined;
        string Str(int i) => JsonValues.AsString(Arg(i).Node) ?? throw Fail($"${name} expects a string as argument {i + 1}");
        double Num(int i) => RequireNumber(Arg(i), "$" + name);
        JsonataValue Text(string s) => JsonataValue.Of(JsonValue.Create(s));
        JsonataValue Number(double d) => JsonataValue.Of(JsonValues.Number(d));
        JsonataValue Bool(bool b) => JsonataValue.Of(JsonValue.Create(b));
        List<JsonNode?> Items(int i) => !Arg(i).IsDefined ? [] : Arg(i).Node is JsonArray array ? [.. array] : [Arg(i).Node];
        List<double> Numbers(int i) => [.. Items(i).Select(n => JsonValues.AsNumber(n) ?? throw Fail($"${name} expects an array of numbers"))];

        if (args.Count > 0 && !Arg(0).IsDefined && name is not ("exists" or "string" or "count" or "boolean" or "not" or "append" or "now" or "millis" or "uuid" or "random" or "merge"))
        {
            return JsonataValue.Undefined;
        }

        return name switch
        {
            "string" => args.Count == 0 || !Arg(0).IsDefined ? JsonataValue.Undefined : Text(StringOf(Arg(0))),
            "length" => Number(new StringInfo(Str(0)).LengthInTextElements),
            "substring" => Text(Substring(Str(0), (int)Num(1), args.Count > 2 ? (int)Num(2) : null)),
            "substringBefore" => Text(Str(0).IndexOf(Str(1), StringComparison.Ordinal) is var b && b >= 0 ? Str(0)[..b] : Str(0)),
            "substringAfter" => Text(Str(0).IndexOf(Str(1), StringComparison.Ordinal) is var a && a >= 0 ? Str(0)[(a + Str(1).Length)..] : Str(0)),
            "uppercase" => Text(Str(0).ToUpperInvariant()),
            "lowercase" => Text(Str(0).ToLowerInvariant()),
            "trim" => Text(string.Join(' ', Str(0).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))),
            "pad" => Text(Num(1) >= 0 ? Str(0).PadRight((int)Num(1), args.Count > 2 ? Str(2)[0] : ' ') : Str(0).PadLeft((int)-Num(1), args.Count > 2 ? Str(2)[0] : ' ')),
            "contains" => Bool(Str(0).Contains(Str(1), StringComparison.Ordinal)),
            "split" => JsonataValue.Of(new JsonArray([.. Str(0).Split(Str(1)).Take(args.Count > 2 ? (int)Num(2) : int.MaxValue).Select(p => (JsonNode?)JsonValue.Create(p))])),
            "join" => Text(string.Join(args.Count > 1 ? Str(1) : string.Empty, Items(0).Select(i => JsonValues.AsString(i) ?? throw Fail("$join expects an array of strings")))),
            "replace" => Text(Str(0).Replace(Str(1), Str(2), StringComparison.Ordinal)),
            "base64encode" => Text(Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(0)))),
            "base64decode" => Text(Encoding.UTF8.GetString(Convert.FromBase64String(Str(0)))),
            "number" => Arg(0).Node switch
            {
                _ when JsonValues.AsNumber(Arg(0).Node) is { } n => Number(n),
                _ when JsonValues.AsBoolean(Arg(0).Node) is { } flag => Number(flag ? 1 : 0),
                _ when JsonValues.AsString(Arg(0).Node) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => Number(parsed),
                _ => throw Fail($"$number cannot cast {JsonValues.ToJson(Arg(0).Node)} to a number"),
            },
            "abs" => Number(Math.Abs(Num(0))),
            "floor" => Number(Math.Floor(Num(0))),
            "ceil" => Number(Math.Ceiling(Num(0))),
            "round" => Number(Math.Round(Num(0), args.Count > 1 ? (int)Num(1) : 0, MidpointRounding.ToEven)),
            "power" => Number(Math.Pow(Num(0), Num(1))),
            "sqrt" => Number(Math.Sqrt(Num(0))),
            "random" => Number(Random.Shared.NextDouble()),
            "sum" => Number(Numbers(0).Sum()),
            "max" => Numbers(0) is { Count: > 0 } maxes ? Number(maxes.Max()) : JsonataValue.Undefined,
            "min" => Numbers(0) is { Count: > 0 } mins ? Number(mins.Min()) : JsonataValue.Undefined,
            "average" => Numbers(0) is { Count: > 0 } all ? Number(all.Average()) : JsonataValue.Undefined,
            "count" => Number(Items(0).Count),
            "boolean" => Arg(0).IsDefined ? Bool(Truthy(Arg(0))) : JsonataValue.Undefined,
            "not" => Arg(0).IsDefined ? Bool(!Truthy(Arg(0))) : JsonataValue.Undefined,
            "exists" => Bool(Arg(0).IsDefined),
            "append" => !Arg(0).IsDefined ? Arg(1) : !Arg(1).IsDefined ? Arg(0) : JsonataValue.Of(new JsonArray([.. Items(0).Concat(Items(1)).Select(n => n?.DeepClone())])),
            "reverse" => JsonataValue.Of(new JsonArray([.. Items(0).Select(n => n?.DeepClone()).Reverse()])),
            "distinct" => JsonataValue.Of(Distinct(Items(0))),
            "sort" => JsonataValue.Of(Sort(Items(0))),
            "keys" => JsonataValue.Sequence(Items(0).OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Select(k => JsonataValue.Of(JsonValue.Create(k)))),
            "lookup" => JsonataValue.Sequence(Items(0).OfType<JsonObject>().Select(o => o.TryGetPropertyValue(Str(1), out var v) ? JsonataValue.Of(v) : JsonataValue.Undefined)),
            "merge" => JsonataValue.Of(Merge(Items(0))),
            "type" => Text(JsonValues.Kind(Arg(0).Node) switch
            {
                JsonValueKind.Null => "null",
                JsonValueKind.Number => "number",
                JsonValueKind.String => "string",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Array => "array",
                _ => "object",
            }),
            "now" => Text(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            "millis" => Number(now.ToUnixTimeMilliseconds()),
            "toMillis" => DateTimeOffset.TryParse(Str(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsedTime)
                ? Number(parsedTime.ToUnixTimeMilliseconds())
                : throw Fail($"$toMillis cannot read '{Str(0)}' as an ISO 8601 timestamp"),
            "fromMillis" => Text(DateTimeOffset.FromUnixTimeMilliseconds((long)Num(0)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            "partition" => JsonataValue.Of(Partition(Items(0), (int)Num(1))),
            "range" => JsonataValue.Of(Range(Num(0), Num(1), Num(2))),
            "hash" => Text(Hash(Str(0), args.Count > 1 ? Str(1) : "SHA-256")),
            "uuid" => Text(Guid.NewGuid().ToString()),
            "parse" => Parse(Str(0)),
            _ => throw Fail($"${name} is not part of the supported JSONata subset"),
        };
    }

    private static string Substring(string text, int start, int? length)
    {
        var elements = StringInfo.ParseCombiningCharacters(text).Length;
        start = start < 0 ? Math.Max(0, elements + start) : Math.Min(start, elements);
        var take = length is { } l ? Math.Max(0, Math.Min(l, elements - start)) : elements - start;
        return new StringInfo(text).SubstringByTextElements(start, take);
    }

    private static JsonArray Distinct(List<JsonNode?> items)
    {
        var result = new JsonArray();
        foreach (var item in items.Where(item => !result.Any(r => DeepEqual(r, item))))
        {
            result.Add(item?.DeepClone());
        }

        return result;
    }

    private static JsonArray Sort(List<JsonNode?> items)
    {
        if (items.All(i => JsonValues.AsNumber(i) is not null))
        {
            return new([.. items.OrderBy(i => JsonValues.AsNumber(i)).Select(i => i?.DeepClone())]);
        }

        if (items.All(i => JsonValues.AsString(i) is not null))
        {
            return new([.. items.OrderBy(i => JsonValues.AsString(i), StringComparer.Ordinal).Select(i => i?.DeepClone())]);
        }

        throw Fail("$sort without a comparator sorts an array of numbers or of strings");
    }

    private static JsonObject Merge(List<JsonNode?> items)
    {
        var result = new JsonObject();
        foreach (var obj in items)
        {
            foreach (var (key, value) in obj as JsonObject ?? throw Fail("$merge expects an array of objects"))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonArray Partition(List<JsonNode?> items, int size)
    {
        if (size < 1)
        {
            throw Fail("$partition expects a positive chunk size");
        }

        return new([.. items.Chunk(size).Select(chunk => (JsonNode?)new JsonArray([.. chunk.Select(i => i?.DeepClone())]))]);
    }

    private static JsonArray Range(double start, double end, double step)
    {
        if (step == 0)
        {
            throw Fail("$range expects a step other than 0");
        }

        var result = new JsonArray();
        for (var i = start; step > 0 ? i < end : i > end; i += step)
        {
            if (result.Count == 1000)
            {
                throw Fail("$range produces at most 1000 items");
            }

            result.Add(JsonValues.Number(i));
        }

        return result;
    }

    private static string Hash(string text, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw Fail($"$hash does not know the algorithm '{algorithm}' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        });
    }

    private static JsonataValue Parse(string text)
    {
        try
        {
            return JsonataValue.Of(JsonValues.Parse(text));
        }
        catch (JsonException error)
        {
            throw Fail($"$parse cannot read the string as JSON ({error.Message})");
        }
    }

    private static AslRuntimeException Fail(string message) => new(AslErrorNames.QueryEvaluationError, message + ".");
}
