using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// A compiled EventBridge event pattern and its matcher
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html and
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
/// </summary>
/// <remarks>
/// <para>Language: a pattern is a JSON object whose members name event fields. A member's value is either a nested
/// object (a pattern for the nested event object) or a non-empty array of alternatives (OR). Alternatives are
/// literals (string, number, <c>true</c>, <c>false</c>, <c>null</c>; numbers compare by value) or one-member
/// objects: <c>prefix</c>, <c>suffix</c> (both also with <c>{"equals-ignore-case": …}</c>), <c>equals-ignore-case</c>,
/// <c>wildcard</c> (<c>*</c> any run, <c>\*</c> a star), <c>anything-but</c> (a literal, a list of literals, or
/// <c>prefix</c>/<c>suffix</c>/<c>equals-ignore-case</c>/<c>wildcard</c>), <c>numeric</c> (one or two comparisons
/// <c>=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>), <c>exists</c>, <c>cidr</c>. A <c>$or</c> member holds a list of
/// sub-patterns of which at least one must match, alongside the other members.</para>
/// <para>Matching: every member must match. An event array matches when any of its elements matches (for nested
/// patterns, all members must match within the same array element). Operators other than <c>exists: false</c>
/// never match an absent field; <c>exists</c> tests leaf values (an object is not a leaf).</para>
/// </remarks>
internal sealed class EventPattern
{
    private readonly ObjectPattern _root;

    private EventPattern(ObjectPattern root) => _root = root;

    /// <summary>Parses and validates a pattern.</summary>
    /// <param name="json">The pattern text.</param>
    /// <returns>The compiled pattern.</returns>
    /// <exception cref="AwsServiceException"><c>InvalidEventPatternException</c> when the text is not a valid pattern.</exception>
    public static EventPattern Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            throw Invalid($"Filter is not valid JSON: {error.Message}");
        }

        if (node is not JsonObject obj)
        {
            throw Invalid("Filter is not an object");
        }

        return new EventPattern(ParseObject(obj, string.Empty));
    }

    /// <summary>Whether the event (the whole envelope, with <c>detail</c> as an object) matches.</summary>
    /// <param name="evt">The event.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(JsonNode? evt) => _root.Matches(evt);

    private static AwsServiceException Invalid(string reason) =>
        new("InvalidEventPatternException", $"Event pattern is not valid. Reason: {reason}");

    private static ObjectPattern ParseObject(JsonObject obj, string path)
    {
        var fields = new List<(string Name, object Pattern)>();
        var alternatives = new List<ObjectPattern>();
        foreach (var (name, value) in obj)
        {
            var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
            if (name == "$or")
            {
                if (value is not JsonArray options || options.Count < 2 || options.Any(o => o is not JsonObject))
                {
                    throw Invalid($"\"$or\" must be an array of at least two objects at \"{fieldPath}\"");
                }

                alternatives.AddRange(options.Select(o => ParseObject((JsonObject)o!, path)));
                continue;
            }

            switch (value)
            {
                case JsonObject nested:
                    if (nested.Count == 0)
                    {
                        throw Invalid($"Empty objects are not allowed at \"{fieldPath}\"");
                    }

                    fields.Add((name, ParseObject(nested, fieldPath)));
                    break;
                case JsonArray array:
                    if (array.Count == 0)
                    {
                        throw Invalid($"Empty arrays are not allowed at \"{fieldPath}\"");
                    }

                    fields.Add((name, array.Select(a => ParseMatcher(a, fieldPath)).ToList()));
                    break;
                default:
                    throw Invalid($"\"{name}\" must be an object or an array");
            }
        }

        return new ObjectPattern(fields, alternatives);
    }

    private static Matcher ParseMatcher(JsonNode? node, string path)
    {
        switch (node)
        {
            case null:
                return new ExactMatcher(null);
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => new ExactMatcher(value),
                    _ => throw Invalid($"Unsupported value at \"{path}\""),
                };
            case JsonObject obj when obj.Count == 1:
                {
                    var (op, operand) = obj.First();
                    return op switch
                    {
                        "prefix" => new AffixMatcher(true, AffixOperand(operand, "prefix", path, out var ic), ic),
                        "suffix" => new AffixMatcher(false, AffixOperand(operand, "suffix", path, out var ic2), ic2),
                        "equals-ignore-case" => new EqualsIgnoreCaseMatcher([RequireString(operand, op, path)]),
                        "wildcard" => new WildcardMatcher(ValidateWildcard(RequireString(operand, op, path), path)),
                        "anything-but" => ParseAnythingBut(operand, path),
                        "numeric" => ParseNumeric(operand, path),
                        "exists" => operand is JsonValue e && e.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                            ? new ExistsMatcher(e.GetValue<bool>())
                            : throw Invalid($"exists match pattern must be either true or false at \"{path}\""),
                        "cidr" => ParseCidr(operand, path),
                        _ => throw Invalid($"Unrecognized match type {op} at \"{path}\""),
                    };
                }

            case JsonObject:
                throw Invalid($"Match objects must have exactly one member at \"{path}\"");
            default:
                throw Invalid($"Nested arrays are not allowed at \"{path}\"");
        }
    }

    private static string AffixOperand(JsonNode? operand, string op, string path, out bool ignoreCase)
    {
        ignoreCase = false;
        if (operand is JsonObject { Count: 1 } inner && inner.ContainsKey("equals-ignore-case"))
        {
            ignoreCase = true;
            return RequireString(inner["equals-ignore-case"], op, path);
        }

        return RequireString(operand, op, path);
    }

    private static string RequireString(JsonNode? operand, string op, string path) =>
        operand is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Invalid($"{op} match pattern must be a string at \"{path}\"");

    private static string ValidateWildcard(string pattern, string path)
    {
        if (pattern.Contains("**", StringComparison.Ordinal))
        {
            throw Invalid($"Consecutive wildcard characters at pos {pattern.IndexOf("**", StringComparison.Ordinal) + 1} at \"{path}\"");
        }

        return pattern;
    }

    private static AnythingButMatcher ParseAnythingBut(JsonNode? operand, string path)
    {
        switch (operand)
        {
            case JsonValue value when value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number:
                return new AnythingButMatcher([new ExactMatcher(value)]);
            case JsonArray array when array.Count > 0 && array.All(a => a is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number):
                return new AnythingButMatcher([.. array.Select(a => (Matcher)new ExactMatcher(a))]);
            case JsonObject { Count: 1 } obj:
                {
                    var (op, inner) = obj.First();
                    return op switch
                    {
                        "prefix" => new AnythingButMatcher([new AffixMatcher(true, RequireString(inner, op, path), false)]),
                        "suffix" => new AnythingButMatcher([new AffixMatcher(false, RequireString(inner, op, path), false)]),
                        "equals-ignore-case" => new AnythingButMatcher([new EqualsIgnoreCaseMatcher(StringList(inner, op, path))]),
                        "wildcard" => new AnythingButMatcher([.. StringList(inner, op, path).Select(w => (Matcher)new WildcardMatcher(ValidateWildcard(w, path)))]),
                        _ => throw Invalid($"Unsupported anything-but pattern: {op} at \"{path}\""),
                    };
                }

            default:
                throw Invalid($"Value of anything-but must be an array or single string/number value at \"{path}\"");
        }
    }

    private static List<string> StringList(JsonNode? operand, string op, string path) =>
        operand is JsonArray array && array.Count > 0
            ? [.. array.Select(a => RequireString(a, op, path))]
            : [RequireString(operand, op, path)];

    private static NumericMatcher ParseNumeric(JsonNode? operand, string path)
    {
        if (operand is not JsonArray array || array.Count is not (2 or 4))
        {
            throw Invalid($"Value of numeric must be an array of one or two comparisons at \"{path}\"");
        }

        var comparisons = new List<(string Op, double Value)>();
        for (var i = 0; i < array.Count; i += 2)
        {
            var op = array[i] is JsonValue o && o.GetValueKind() == JsonValueKind.String ? o.GetValue<string>() : null;
            if (op is not ("=" or "<" or "<=" or ">" or ">="))
            {
                throw Invalid($"Unrecognized numeric range operator: {array[i]?.ToJsonString()} at \"{path}\"");
            }

            if (array[i + 1] is not JsonValue n || n.GetValueKind() != JsonValueKind.Number)
            {
                throw Invalid($"Value of {op} must be numeric at \"{path}\"");
            }

            if (op == "=" && array.Count == 4)
            {
                throw Invalid($"Bad numeric range operator: = cannot be combined at \"{path}\"");
            }

            comparisons.Add((op, double.Parse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        if (comparisons.Count == 2)
        {
            var lower = comparisons.FirstOrDefault(c => c.Op is ">" or ">=");
            var upper = comparisons.FirstOrDefault(c => c.Op is "<" or "<=");
            if (lower.Op is null || upper.Op is null)
            {
                throw Invalid($"Bad numeric range: need one lower and one upper bound at \"{path}\"");
            }

            if (lower.Value > upper.Value)
            {
                throw Invalid($"Bad numeric range: bottom must be less than top at \"{path}\"");
            }
        }

        return new NumericMatcher(comparisons);
    }

    private static CidrMatcher ParseCidr(JsonNode? operand, string path)
    {
        var text = RequireString(operand, "cidr", path);
        return IPNetwork.TryParse(text, out var network)
            ? new CidrMatcher(network)
            : throw Invalid($"Nonstandard IP address: {text} at \"{path}\"");
    }

    private static List<JsonNode?> Leaves(JsonNode? value)
    {
        var leaves = new List<JsonNode?>();
        switch (value)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    if (element is JsonArray)
                    {
                        leaves.AddRange(Leaves(element));
                    }
                    else if (element is not JsonObject)
                    {
                        leaves.Add(element);
                    }
                }

                break;
            case JsonObject:
                break;
            default:
                leaves.Add(value);
                break;
        }

        return leaves;
    }

    private sealed class ObjectPattern(List<(string Name, object Pattern)> fields, List<ObjectPattern> alternatives)
    {
        public bool Matches(JsonNode? node)
        {
            if (node is JsonArray array)
            {
                var objects = array.OfType<JsonObject>().ToList();
                return objects.Count == 0 ? MatchesObject(null) : objects.Any(MatchesObject);
            }

            return MatchesObject(node as JsonObject);
        }

        private bool MatchesObject(JsonObject? obj)
        {
            foreach (var (name, pattern) in fields)
            {
                JsonNode? value = null;
                var present = obj is not null && obj.TryGetPropertyValue(name, out value);
                if (pattern is ObjectPattern nested)
                {
                    if (!nested.Matches(present ? value : null))
                    {
                        return false;
                    }

                    continue;
                }

                var leaves = present ? Leaves(value) : [];
                var matchers = (List<Matcher>)pattern;
                if (!matchers.Any(m => m is ExistsMatcher exists ? exists.Expected == (leaves.Count > 0) : leaves.Any(m.Matches)))
                {
                    return false;
                }
            }

            return alternatives.Count == 0 || alternatives.Any(a => a.MatchesObject(obj));
        }
    }

    private abstract class Matcher
    {
        public abstract bool Matches(JsonNode? leaf);

        protected static string? AsString(JsonNode? leaf) =>
            leaf is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        protected static double? AsNumber(JsonNode? leaf) =>
            leaf is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? ToDouble(v) : null;

        protected static double ToDouble(JsonNode number) => double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private sealed class ExactMatcher(JsonNode? expected) : Matcher
    {
        public override bool Matches(JsonNode? leaf)
        {
            if (expected is null)
            {
                return leaf is null;
            }

            if (leaf is null)
            {
                return false;
            }

            var kind = expected.GetValueKind();
            return kind switch
            {
                JsonValueKind.String => AsString(leaf) == expected.GetValue<string>(),
                JsonValueKind.Number => AsNumber(leaf) is { } n && n.Equals(ToDouble(expected)),
                _ => leaf.GetValueKind() == kind,
            };
        }
    }

    private sealed class AffixMatcher(bool prefix, string affix, bool ignoreCase) : Matcher
    {
        public override bool Matches(JsonNode? leaf)
        {
            var s = AsString(leaf);
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return s is not null && (prefix ? s.StartsWith(affix, comparison) : s.EndsWith(affix, comparison));
        }
    }

    private sealed class EqualsIgnoreCaseMatcher(List<string> values) : Matcher
    {
        public override bool Matches(JsonNode? leaf) =>
            AsString(leaf) is { } s && values.Any(v => string.Equals(v, s, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class WildcardMatcher(string pattern) : Matcher
    {
        public override bool Matches(JsonNode? leaf) => AsString(leaf) is { } s && Match(pattern, 0, s, 0);

        private static bool Match(string p, int pi, string s, int si)
        {
            while (pi < p.Length)
            {
                var c = p[pi];
                if (c == '\\' && pi + 1 < p.Length)
                {
                    if (si >= s.Length || s[si] != p[pi + 1])
                    {
                        return false;
                    }

                    pi += 2;
                    si++;
                }
                else if (c == '*')
                {
                    for (var k = si; k <= s.Length; k++)
                    {
                        if (Match(p, pi + 1, s, k))
                        {
                            return true;
                        }
                    }

                    return false;
                }
                else
                {
                    if (si >= s.Length || s[si] != c)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                }
            }

            return si == s.Length;
        }
    }

    private sealed class AnythingButMatcher(List<Matcher> excluded) : Matcher
    {
        public override bool Matches(JsonNode? leaf) => !excluded.Any(e => e.Matches(leaf));
    }

    private sealed class NumericMatcher(List<(string Op, double Value)> comparisons) : Matcher
    {
        public override bool Matches(JsonNode? leaf) =>
            AsNumber(leaf) is { } n && comparisons.All(c => c.Op switch
            {
                "=" => n.Equals(c.Value),
                "<" => n < c.Value,
                "<=" => n <= c.Value,
                ">" => n > c.Value,
                ">=" => n >= c.Value,
                _ => false,
            });
    }

    private sealed class ExistsMatcher(bool expected) : Matcher
    {
        public bool Expected { get; } = expected;

        public override bool Matches(JsonNode? leaf) => Expected;
    }

    private sealed class CidrMatcher(IPNetwork network) : Matcher
    {
        public override bool Matches(JsonNode? leaf) =>
            AsString(leaf) is { } s && IPAddress.TryParse(s, out var address) && network.Contains(address);
    }

    /// <summary>Formats a double for messages.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Text.</returns>
    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>UTF-8 byte count used for PutEvents' size limit.</summary>
    /// <param name="text">Text or <c>null</c>.</param>
    /// <returns>Bytes.</returns>
    internal static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
