using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// A parsed call of a Step Functions intrinsic function, e.g. <c>States.Format('Hello {}', $.name)</c>
/// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html). Every function of that page is
/// implemented: <c>States.Format</c>, <c>StringToJson</c>, <c>JsonToString</c>, <c>Array</c>, <c>ArrayPartition</c>,
/// <c>ArrayContains</c>, <c>ArrayRange</c>, <c>ArrayGetItem</c>, <c>ArrayLength</c>, <c>ArrayUnique</c>,
/// <c>Base64Encode</c>, <c>Base64Decode</c>, <c>Hash</c>, <c>JsonMerge</c>, <c>MathRandom</c>, <c>MathAdd</c>,
/// <c>StringSplit</c>, <c>UUID</c>.
/// </summary>
/// <remarks>
/// Arguments are string literals in single quotes (escapes <c>\'</c>, <c>\{</c>, <c>\}</c>, <c>\\</c>), numbers,
/// <c>true</c>/<c>false</c>/<c>null</c>, paths (<c>$.x</c>, <c>$$.Execution.Id</c>, <c>$variable</c>) and nested calls.
/// A failure at run time is <c>States.Runtime</c>.
/// </remarks>
public sealed class IntrinsicFunction
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["States.Format"] = (1, int.MaxValue),
        ["States.StringToJson"] = (1, 1),
        ["States.JsonToString"] = (1, 1),
        ["States.Array"] = (0, int.MaxValue),
        ["States.ArrayPartition"] = (2, 2),
        ["States.ArrayContains"] = (2, 2),
        ["States.ArrayRange"] = (3, 3),
        ["States.ArrayGetItem"] = (2, 2),
        ["States.ArrayLength"] = (1, 1),
        ["States.ArrayUnique"] = (1, 1),
        ["States.Base64Encode"] = (1, 1),
        ["States.Base64Decode"] = (1, 1),
        ["States.Hash"] = (2, 2),
        ["States.JsonMerge"] = (3, 3),
        ["States.MathRandom"] = (2, 3),
        ["States.MathAdd"] = (2, 2),
        ["States.StringSplit"] = (2, 2),
        ["States.UUID"] = (0, 0),
    };

    private const char EscapedOpen = '\uE000';
    private const char EscapedClose = '\uE001';

    private readonly IReadOnlyList<Argument> _arguments;

    private IntrinsicFunction(string name, IReadOnlyList<Argument> arguments)
    {
        Name = name;
        _arguments = arguments;
    }

    /// <summary>The function name, e.g. <c>States.Format</c>.</summary>
    public string Name { get; }

    /// <summary>Every path the call reads (for validation).</summary>
    public IEnumerable<JsonPath> Paths => _arguments.SelectMany(a => a switch
    {
        PathArgument p => [p.Path],
        CallArgument c => c.Call.Paths,
        _ => Enumerable.Empty<JsonPath>(),
    });

    /// <summary>Whether a <c>.$</c> value is an intrinsic call rather than a path.</summary>
    /// <param name="text">The value.</param>
    /// <returns><c>true</c> when it starts with <c>States.</c>.</returns>
    public static bool IsCall(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    /// <summary>Parses a call.</summary>
    /// <param name="text">The call text.</param>
    /// <returns>The call.</returns>
    /// <exception cref="FormatException">Malformed call, unknown function or wrong number of arguments.</exception>
    public static IntrinsicFunction Parse(string text)
    {
        var position = 0;
        var call = ParseCall(text, ref position);
        SkipSpaces(text, ref position);
        return position == text.Length ? call : throw new FormatException($"Unexpected text after the intrinsic function call in '{text}'.");
    }

    /// <summary>Evaluates the call.</summary>
    /// <param name="resolve">Resolves a path argument (throws <see cref="AslRuntimeException"/> when it selects nothing).</param>
    /// <returns>The result.</returns>
    /// <exception cref="AslRuntimeException"><c>States.Runtime</c> for invalid arguments.</exception>
    public JsonNode? Evaluate(Func<JsonPath, JsonNode?> resolve)
    {
        var args = _arguments.Select(a => a switch
        {
            LiteralArgument l => l.Value?.DeepClone(),
            PathArgument p => resolve(p.Path),
            CallArgument c => c.Call.Evaluate(resolve),
            _ => null,
        }).ToList();
        return Name switch
        {
            "States.Format" => Format(_arguments[0] is LiteralArgument { FormatTemplate: { } raw } ? [JsonValue.Create(raw), .. args.Skip(1)] : args),
            "States.StringToJson" => StringToJson(args[0]),
            "States.JsonToString" => JsonValue.Create(JsonValues.ToJson(args[0])),
            "States.Array" => new JsonArray([.. args.Select(a => a?.DeepClone())]),
            "States.ArrayPartition" => ArrayPartition(RequireArray(args[0], 1), RequireInteger(args[1], 2)),
            "States.ArrayContains" => JsonValue.Create(RequireArray(args[0], 1).Any(item => JsonNode.DeepEquals(item, args[1]))),
            "States.ArrayRange" => ArrayRange(RequireInteger(args[0], 1), RequireInteger(args[1], 2), RequireInteger(args[2], 3)),
            "States.ArrayGetItem" => ArrayGetItem(RequireArray(args[0], 1), RequireInteger(args[1], 2)),
            "States.ArrayLength" => JsonValue.Create(RequireArray(args[0], 1).Count),
            "States.ArrayUnique" => ArrayUnique(RequireArray(args[0], 1)),
            "States.Base64Encode" => Base64Encode(RequireString(args[0], 1)),
            "States.Base64Decode" => Base64Decode(RequireString(args[0], 1)),
            "States.Hash" => Hash(args[0], RequireString(args[1], 2)),
            "States.JsonMerge" => JsonMerge(args),
            "States.MathRandom" => MathRandom(args),
            "States.MathAdd" => JsonValues.Number(checked(RequireInteger(args[0], 1) + RequireInteger(args[1], 2))),
            "States.StringSplit" => StringSplit(RequireString(args[0], 1), RequireString(args[1], 2)),
            "States.UUID" => JsonValue.Create(Guid.NewGuid().ToString()),
            _ => throw AslRuntimeException.Runtime($"The intrinsic function {Name} is not known."),
        };
    }

    private JsonNode Format(List<JsonNode?> args)
    {
        var template = RequireString(args[0], 1);
        var output = new StringBuilder();
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Count)
                {
                    throw Fail("the template has more placeholders {} than there are arguments");
                }

                var value = args[next++];
                if (JsonValues.Kind(value) is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw Fail("only string, number, boolean and null arguments can be formatted");
                }

                output.Append(JsonValues.ToText(value));
                i++;
            }
            else
            {
                output.Append(template[i] switch { EscapedOpen => '{', EscapedClose => '}', var c => c });
            }
        }

        return next == args.Count ? JsonValue.Create(output.ToString()) : throw Fail("there are more arguments than placeholders {} in the template");
    }

    private JsonNode? StringToJson(JsonNode? value)
    {
        try
        {
            return JsonValues.Parse(RequireString(value, 1));
        }
        catch (JsonException error)
        {
            throw Fail($"the string is not JSON ({error.Message})");
        }
    }

    private JsonArray ArrayPartition(JsonArray array, long size)
    {
        if (size < 1)
        {
            throw Fail("the chunk size must be a positive integer");
        }

        var result = new JsonArray();
        for (var i = 0; i < array.Count; i += (int)size)
        {
            result.Add(new JsonArray([.. array.Skip(i).Take((int)size).Select(n => n?.DeepClone())]));
        }

        return result;
    }

    private JsonArray ArrayRange(long start, long end, long step)
    {
        if (step == 0)
        {
            throw Fail("the step must not be 0");
        }

        var result = new JsonArray();
        for (var i = start; step > 0 ? i <= end : i >= end; i += step)
        {
            if (result.Count == 1000)
            {
                throw Fail("the range has more than 1000 items");
            }

            result.Add(JsonValues.Number(i));
        }

        return result;
    }

    private JsonNode? ArrayGetItem(JsonArray array, long index) =>
        index >= 0 && index < array.Count ? array[(int)index]?.DeepClone() : throw Fail($"the index {index} is outside the array of {array.Count} items");

    private static JsonArray ArrayUnique(JsonArray array)
    {
        var result = new JsonArray();
        foreach (var item in array)
        {
            if (!result.Any(r => JsonNode.DeepEquals(r, item)))
            {
                result.Add(item?.DeepClone());
            }
        }

        return result;
    }

    private JsonValue Base64Encode(string text) =>
        text.Length <= 10_000 ? JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text))) : throw Fail("the input is longer than 10000 characters");

    private JsonValue Base64Decode(string text)
    {
        if (text.Length > 10_000)
        {
            throw Fail("the input is longer than 10000 characters");
        }

        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Fail("the input is not Base64");
        }
    }

    private JsonValue Hash(JsonNode? data, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonValues.ToText(data));
        if (bytes.Length > 10_000)
        {
            throw Fail("the input is longer than 10000 characters");
        }

        var hash = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw Fail($"the algorithm '{algorithm}' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private JsonObject JsonMerge(List<JsonNode?> args)
    {
        if (args[0] is not JsonObject left || args[1] is not JsonObject right)
        {
            throw Fail("both arguments to merge must be JSON objects");
        }

        if (JsonValues.AsBoolean(args[2]) != false)
        {
            throw Fail("only a shallow merge (third argument false) is supported, as in Step Functions");
        }

        var merged = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    private JsonValue MathRandom(List<JsonNode?> args)
    {
        var start = RequireInteger(args[0], 1);
        var end = RequireInteger(args[1], 2);
        if (end <= start)
        {
            throw Fail("the end must be greater than the start");
        }

        var random = args.Count == 3 ? new Random((int)RequireInteger(args[2], 3)) : Random.Shared;
        return JsonValues.Number(random.NextInt64(start, end));
    }

    private static JsonArray StringSplit(string text, string delimiters) =>
        new([.. text.Split([.. delimiters], StringSplitOptions.RemoveEmptyEntries).Select(part => (JsonNode?)JsonValue.Create(part))]);

    private JsonArray RequireArray(JsonNode? value, int position) =>
        value as JsonArray ?? throw Fail($"argument {position} must be an array, not {JsonValues.Kind(value)}");

    private string RequireString(JsonNode? value, int position) =>
        JsonValues.AsString(value) ?? throw Fail($"argument {position} must be a string, not {JsonValues.Kind(value)}");

    private long RequireInteger(JsonNode? value, int position) =>
        JsonValues.AsNumber(value) is { } d && d == Math.Floor(d) ? (long)d : throw Fail($"argument {position} must be an integer, not {JsonValues.ToJson(value)}");

    private AslRuntimeException Fail(string reason) => AslRuntimeException.Runtime($"The intrinsic function {Name} failed: {reason}.");

    private static IntrinsicFunction ParseCall(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '.'))
        {
            position++;
        }

        var name = text[start..position];
        if (!Arity.TryGetValue(name, out var arity))
        {
            throw new FormatException($"'{name}' is not an intrinsic function (the functions are {string.Join(", ", Arity.Keys)}).");
        }

        SkipSpaces(text, ref position);
        if (position >= text.Length || text[position] != '(')
        {
            throw new FormatException($"The intrinsic function {name} needs '(' after its name.");
        }

        position++;
        var arguments = new List<Argument>();
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == ')')
        {
            position++;
        }
        else
        {
            while (true)
            {
                arguments.Add(ParseArgument(text, ref position));
                SkipSpaces(text, ref position);
                if (position >= text.Length)
                {
                    throw new FormatException($"The intrinsic function {name} is not closed with ')'.");
                }

                if (text[position++] == ')')
                {
                    break;
                }

                if (text[position - 1] != ',')
                {
                    throw new FormatException($"The arguments of {name} must be separated by ','.");
                }
            }
        }

        return arguments.Count < arity.Min || arguments.Count > arity.Max
            ? throw new FormatException($"The intrinsic function {name} takes {(arity.Min == arity.Max ? arity.Min.ToString(CultureInfo.InvariantCulture) : arity.Max == int.MaxValue ? $"at least {arity.Min}" : $"{arity.Min} to {arity.Max}")} arguments, not {arguments.Count}.")
            : new IntrinsicFunction(name, arguments);
    }

    private static Argument ParseArgument(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        if (position >= text.Length)
        {
            throw new FormatException("An intrinsic function argument is missing.");
        }

        var c = text[position];
        if (c == '\'')
        {
            position++;
            var value = new StringBuilder();
            var template = new StringBuilder();
            while (position < text.Length && text[position] != '\'')
            {
                if (text[position] == '\\' && position + 1 < text.Length)
                {
                    position++;
                    template.Append(text[position] switch { '{' => EscapedOpen, '}' => EscapedClose, var other => other });
                }
                else
                {
                    template.Append(text[position]);
                }

                value.Append(text[position++]);
            }

            if (position >= text.Length)
            {
                throw new FormatException("A string argument is not closed with a single quote.");
            }

            position++;
            return new LiteralArgument(JsonValue.Create(value.ToString()), template.ToString());
        }

        if (c == '$')
        {
            var start = position;
            var depth = 0;
            char? quote = null;
            while (position < text.Length)
            {
                var ch = text[position];
                if (quote is not null)
                {
                    if (ch == quote)
                    {
                        quote = null;
                    }
                }
                else if (ch is '\'' or '"')
                {
                    quote = ch;
                }
                else if (ch is '[' or '(')
                {
                    depth++;
                }
                else if (ch is ']' || (ch == ')' && depth > 0))
                {
                    depth--;
                }
                else if (depth == 0 && ch is ',' or ')' or ' ')
                {
                    break;
                }

                position++;
            }

            return new PathArgument(JsonPath.Parse(text[start..position]));
        }

        if (text.AsSpan(position).StartsWith("States.", StringComparison.Ordinal))
        {
            return new CallArgument(ParseCall(text, ref position));
        }

        var end = position;
        while (end < text.Length && text[end] is not (',' or ')' or ' '))
        {
            end++;
        }

        var token = text[position..end];
        position = end;
        return token switch
        {
            "true" => new LiteralArgument(JsonValue.Create(true)),
            "false" => new LiteralArgument(JsonValue.Create(false)),
            "null" => new LiteralArgument(null),
            _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => new LiteralArgument(JsonValues.Number(number)),
            _ => throw new FormatException($"'{token}' is not a valid intrinsic function argument (strings are written in single quotes)."),
        };
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }

    private abstract record Argument;

    /// <summary>A literal; for strings, <paramref name="FormatTemplate"/> keeps escaped braces apart from placeholders.</summary>
    private sealed record LiteralArgument(JsonNode? Value, string? FormatTemplate = null) : Argument;

    private sealed record PathArgument(JsonPath Path) : Argument;

    private sealed record CallArgument(IntrinsicFunction Call) : Argument;
}
