using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SesMail.Emulator.Logs;

/// <summary>
/// A CloudWatch Logs filter pattern (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html),
/// as <c>FilterLogEvents</c>, metric filters and <c>TestMetricFilter</c> read it. Three forms:
/// <list type="bullet">
/// <item>terms: <c>ERROR</c>, <c>"Failed to process"</c>, <c>ERROR -Exiting</c> (exclude), <c>?ERROR ?WARN</c> (any of),
/// <c>%time.*out%</c> (regular expression); plain terms must all occur, case-sensitively;</item>
/// <item>JSON: <c>{ $.level = "ERROR" }</c>, <c>{ $.latency &gt; 100 &amp;&amp; ($.a = "x*" || $.b != 3) }</c>,
/// <c>IS NULL</c>, <c>IS TRUE</c>, <c>IS FALSE</c>, <c>NOT EXISTS</c>; string values may use <c>*</c> wildcards;</item>
/// <item>space-delimited: <c>[ip, user, ..., status = 4*, bytes &gt; 1000]</c>.</item>
/// </list>
/// An empty pattern matches every event.
/// </summary>
internal abstract class LogFilterPattern
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Parses a pattern.</summary>
    /// <param name="pattern">The pattern text; <c>null</c> or blank matches everything.</param>
    /// <returns>The parsed pattern.</returns>
    /// <exception cref="FormatException">The pattern is malformed; the message says where.</exception>
    public static LogFilterPattern Parse(string? pattern)
    {
        var text = pattern?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return new TermPattern([]);
        }

        return text[0] switch
        {
            '{' => JsonPattern.ParseJson(text),
            '[' => DelimitedPattern.ParseDelimited(text),
            _ => TermPattern.ParseTerms(text),
        };
    }

    /// <summary>Whether the event message matches.</summary>
    /// <param name="message">The log event's message.</param>
    /// <returns><c>true</c> on a match.</returns>
    public abstract bool Matches(string message);

    /// <summary>The values a metric filter can publish (<c>$.field</c> for JSON, <c>$name</c> for space-delimited patterns).</summary>
    /// <param name="message">A matching message.</param>
    /// <returns>Selector → value text.</returns>
    public virtual Dictionary<string, string> Extract(string message) => new(StringComparer.Ordinal);

    /// <summary>Matches <paramref name="value"/> against a literal with <c>*</c> wildcards (or a <c>%regex%</c>).</summary>
    private static bool WildcardMatch(string value, string literal)
    {
        if (literal.Length >= 2 && literal[0] == '%' && literal[^1] == '%')
        {
            return Regex.IsMatch(value, literal[1..^1], RegexOptions.None, RegexTimeout);
        }

        if (!literal.Contains('*', StringComparison.Ordinal))
        {
            return value == literal;
        }

        var regex = "^" + string.Join(".*", literal.Split('*').Select(Regex.Escape)) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.Singleline, RegexTimeout);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Compares a field's text with a literal under one operator.</summary>
    private static bool Compare(string? field, string op, string literal, bool literalIsNumber)
    {
        if (field is null)
        {
            return false;
        }

        switch (op)
        {
            case "=":
                return literalIsNumber && TryNumber(field, out var a) && TryNumber(literal, out var b) ? a == b : WildcardMatch(field, literal);
            case "!=":
                return !(literalIsNumber && TryNumber(field, out var c) && TryNumber(literal, out var d) ? c == d : WildcardMatch(field, literal));
            default:
                if (!TryNumber(field, out var x) || !TryNumber(literal, out var y))
                {
                    return false;
                }

                return op switch
                {
                    "<" => x < y,
                    "<=" => x <= y,
                    ">" => x > y,
                    ">=" => x >= y,
                    _ => false,
                };
        }
    }

    /// <summary>Unstructured terms: all plain terms occur, at least one <c>?</c> term occurs (if any), no <c>-</c> term occurs.</summary>
    private sealed class TermPattern(IReadOnlyList<(char Kind, string Text)> terms) : LogFilterPattern
    {
        public static TermPattern ParseTerms(string text)
        {
            var terms = new List<(char, string)>();
            var i = 0;
            while (i < text.Length)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    i++;
                    continue;
                }

                var kind = ' ';
                if (text[i] is '?' or '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
                {
                    kind = text[i];
                    i++;
                }

                string term;
                if (text[i] == '"')
                {
                    var end = i + 1;
                    var builder = new StringBuilder();
                    while (end < text.Length && text[end] != '"')
                    {
                        if (text[end] == '\\' && end + 1 < text.Length)
                        {
                            end++;
                        }

                        builder.Append(text[end]);
                        end++;
                    }

                    if (end >= text.Length)
                    {
                        throw new FormatException($"unterminated quoted term starting at position {i + 1}");
                    }

                    term = builder.ToString();
                    i = end + 1;
                }
                else if (text[i] == '%')
                {
                    var end = text.IndexOf('%', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"unterminated regular expression starting at position {i + 1}");
                    }

                    term = text[i..(end + 1)];
                    i = end + 1;
                }
                else
                {
                    var end = i;
                    while (end < text.Length && !char.IsWhiteSpace(text[end]))
                    {
                        end++;
                    }

                    term = text[i..end];
                    i = end;
                }

                terms.Add((kind, term));
            }

            return new TermPattern(terms);
        }

        public override bool Matches(string message)
        {
            var anyOptional = false;
            var optionalHit = false;
            foreach (var (kind, text) in terms)
            {
                var hit = text.Length >= 2 && text[0] == '%' && text[^1] == '%'
                    ? Regex.IsMatch(message, text[1..^1], RegexOptions.None, RegexTimeout)
                    : message.Contains(text, StringComparison.Ordinal);
                switch (kind)
                {
                    case '-' when hit:
                        return false;
                    case '?':
                        anyOptional = true;
                        optionalHit |= hit;
                        break;
                    case ' ' when !hit:
                        return false;
                }
            }

            return !anyOptional || optionalHit;
        }
    }

    /// <summary><c>{ … }</c>: a boolean expression over JSON selectors.</summary>
    private sealed class JsonPattern(JsonPattern.Node expression, IReadOnlyList<string> selectors) : LogFilterPattern
    {
        public static JsonPattern ParseJson(string text)
        {
            if (text[^1] != '}')
            {
                throw new FormatException("a JSON pattern must end with '}'");
            }

            var parser = new Parser(text[1..^1]);
            var node = parser.ParseOr();
            parser.SkipSpace();
            if (!parser.AtEnd)
            {
                throw new FormatException($"unexpected '{parser.Rest}'");
            }

            return new JsonPattern(node, parser.Selectors);
        }

        public override bool Matches(string message)
        {
            var root = ParseMessage(message);
            return root is not null && Evaluate(root, expression);
        }

        public override Dictionary<string, string> Extract(string message)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (ParseMessage(message) is not { } json)
            {
                return result;
            }

            foreach (var selector in selectors)
            {
                if (Resolve(json, selector, out var value) && value is JsonValue scalar)
                {
                    result[selector] = Text(scalar);
                }
            }

            return result;
        }

        private static JsonNode? ParseMessage(string message)
        {
            var trimmed = message.AsSpan().TrimStart();
            if (trimmed.Length == 0 || trimmed[0] != '{')
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(message);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static bool Evaluate(JsonNode json, Node node) => node switch
        {
            And and => Evaluate(json, and.Left) && Evaluate(json, and.Right),
            Or or => Evaluate(json, or.Left) || Evaluate(json, or.Right),
            Test test => EvaluateTest(json, test),
            _ => false,
        };

        private static bool EvaluateTest(JsonNode json, Test test)
        {
            var exists = Resolve(json, test.Selector, out var value);
            switch (test.Op)
            {
                case "NOT EXISTS":
                    return !exists;
                case "IS NULL":
                    return exists && value is null;
                case "IS TRUE":
                    return value is JsonValue t && t.GetValueKind() == JsonValueKind.True;
                case "IS FALSE":
                    return value is JsonValue f && f.GetValueKind() == JsonValueKind.False;
            }

            if (!exists || value is not JsonValue scalar)
            {
                return false;
            }

            return Compare(Text(scalar), test.Op, test.Literal!, test.LiteralIsNumber);
        }

        private static string Text(JsonValue scalar) => scalar.GetValueKind() switch
        {
            JsonValueKind.String => scalar.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => scalar.ToJsonString(),
        };

        /// <summary>Follows <c>$.a.b[0].c</c>; <paramref name="value"/> is the node (null for JSON null).</summary>
        private static bool Resolve(JsonNode json, string selector, out JsonNode? value)
        {
            value = json;
            var path = selector[1..];
            var i = 0;
            while (i < path.Length)
            {
                if (path[i] == '.')
                {
                    var end = i + 1;
                    while (end < path.Length && path[end] is not ('.' or '['))
                    {
                        end++;
                    }

                    var name = path[(i + 1)..end];
                    if (value is not JsonObject obj || !obj.TryGetPropertyValue(name, out var child))
                    {
                        value = null;
                        return false;
                    }

                    value = child;
                    i = end;
                }
                else if (path[i] == '[')
                {
                    var end = path.IndexOf(']', i);
                    var index = int.Parse(path[(i + 1)..end], CultureInfo.InvariantCulture);
                    if (value is not JsonArray array || index >= array.Count)
                    {
                        value = null;
                        return false;
                    }

                    value = array[index];
                    i = end + 1;
                }
                else
                {
                    value = null;
                    return false;
                }
            }

            return true;
        }

        internal abstract record Node;

        private sealed record And(Node Left, Node Right) : Node;

        private sealed record Or(Node Left, Node Right) : Node;

        private sealed record Test(string Selector, string Op, string? Literal, bool LiteralIsNumber) : Node;

        private sealed class Parser(string text)
        {
            private int _at;

            public List<string> Selectors { get; } = [];

            public bool AtEnd => _at >= text.Length;

            public string Rest => text[_at..];

            public void SkipSpace()
            {
                while (_at < text.Length && char.IsWhiteSpace(text[_at]))
                {
                    _at++;
                }
            }

            public Node ParseOr()
            {
                var left = ParseAnd();
                while (Take("||"))
                {
                    left = new Or(left, ParseAnd());
                }

                return left;
            }

            private Node ParseAnd()
            {
                var left = ParseUnary();
                while (Take("&&"))
                {
                    left = new And(left, ParseUnary());
                }

                return left;
            }

            private Node ParseUnary()
            {
                if (Take("("))
                {
                    var inner = ParseOr();
                    if (!Take(")"))
                    {
                        throw new FormatException($"expected ')' at '{Rest}'");
                    }

                    return inner;
                }

                SkipSpace();
                if (AtEnd || text[_at] != '$')
                {
                    throw new FormatException($"expected a selector starting with '$' at '{Rest}'");
                }

                var start = _at;
                while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '$' or '.' or '_' or '-' or '[' or ']' or '@' or ':'))
                {
                    _at++;
                }

                var selector = text[start.._at];
                if (selector.Length < 2 || selector[1] is not ('.' or '['))
                {
                    throw new FormatException($"the selector '{selector}' must start with '$.'");
                }

                Selectors.Add(selector);
                foreach (var word in (string[])["IS NULL", "IS TRUE", "IS FALSE", "NOT EXISTS"])
                {
                    if (TakeWord(word))
                    {
                        return new Test(selector, word, null, false);
                    }
                }

                string? op = null;
                foreach (var candidate in (string[])["!=", "<=", ">=", "=", "<", ">"])
                {
                    if (Take(candidate))
                    {
                        op = candidate;
                        break;
                    }
                }

                if (op is null)
                {
                    throw new FormatException($"expected a comparison (=, !=, <, <=, >, >=, IS NULL, NOT EXISTS) after {selector}");
                }

                SkipSpace();
                var (literal, isNumber) = ReadLiteral();
                if (op is "<" or "<=" or ">" or ">=" && !isNumber)
                {
                    throw new FormatException($"'{op}' needs a number, not '{literal}'");
                }

                return new Test(selector, op, literal, isNumber);
            }

            private (string Literal, bool IsNumber) ReadLiteral()
            {
                if (AtEnd)
                {
                    throw new FormatException("expected a value at the end of the pattern");
                }

                if (text[_at] == '"')
                {
                    var builder = new StringBuilder();
                    _at++;
                    while (_at < text.Length && text[_at] != '"')
                    {
                        if (text[_at] == '\\' && _at + 1 < text.Length)
                        {
                            _at++;
                        }

                        builder.Append(text[_at++]);
                    }

                    if (AtEnd)
                    {
                        throw new FormatException("unterminated quoted value");
                    }

                    _at++;
                    return (builder.ToString(), false);
                }

                if (text[_at] == '%')
                {
                    var end = text.IndexOf('%', _at + 1);
                    if (end < 0)
                    {
                        throw new FormatException("unterminated regular expression");
                    }

                    var regex = text[_at..(end + 1)];
                    _at = end + 1;
                    return (regex, false);
                }

                var start = _at;
                while (_at < text.Length && !char.IsWhiteSpace(text[_at]) && text[_at] is not (')' or '&' or '|'))
                {
                    _at++;
                }

                var word = text[start.._at];
                if (word.Length == 0)
                {
                    throw new FormatException($"expected a value at '{Rest}'");
                }

                return (word, TryNumber(word, out _));
            }

            private bool Take(string token)
            {
                SkipSpace();
                if (string.CompareOrdinal(text, _at, token, 0, token.Length) == 0)
                {
                    _at += token.Length;
                    return true;
                }

                return false;
            }

            private bool TakeWord(string phrase)
            {
                SkipSpace();
                var save = _at;
                foreach (var word in phrase.Split(' '))
                {
                    SkipSpace();
                    if (string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
                    {
                        _at = save;
                        return false;
                    }

                    _at += word.Length;
                }

                return true;
            }
        }
    }

    /// <summary><c>[a, b = x, ...]</c>: fields of a space-delimited message, each with an optional condition.</summary>
    private sealed class DelimitedPattern(IReadOnlyList<DelimitedPattern.Field> fields) : LogFilterPattern
    {
        public static DelimitedPattern ParseDelimited(string text)
        {
            if (text[^1] != ']')
            {
                throw new FormatException("a space-delimited pattern must end with ']'");
            }

            var fields = new List<Field>();
            foreach (var raw in SplitTopLevel(text[1..^1]))
            {
                var part = raw.Trim();
                if (part.Length == 0)
                {
                    throw new FormatException("empty field in a space-delimited pattern");
                }

                if (part == "...")
                {
                    fields.Add(new Field(null, []));
                    continue;
                }

                var conditions = new List<(string Op, string Literal, bool IsNumber)>();
                string? name = null;
                foreach (var alternative in part.Split("||", StringSplitOptions.TrimEntries))
                {
                    var match = Regex.Match(alternative, @"^(?<name>[A-Za-z0-9_$.-]+)\s*(?:(?<op>!=|<=|>=|=|<|>)\s*(?<value>.+))?$", RegexOptions.None, RegexTimeout);
                    if (!match.Success)
                    {
                        throw new FormatException($"cannot read the field '{alternative}'");
                    }

                    name ??= match.Groups["name"].Value;
                    if (match.Groups["op"].Success)
                    {
                        var value = match.Groups["value"].Value.Trim();
                        var quoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"';
                        var literal = quoted ? value[1..^1] : value;
                        conditions.Add((match.Groups["op"].Value, literal, !quoted && TryNumber(literal, out _)));
                    }
                }

                fields.Add(new Field(name, conditions));
            }

            if (fields.Count(f => f.Name is null) > 1)
            {
                throw new FormatException("at most one '...' is supported in a space-delimited pattern");
            }

            return new DelimitedPattern(fields);
        }

        public override bool Matches(string message) => Bind(message) is not null;

        public override Dictionary<string, string> Extract(string message)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in Bind(message) ?? [])
            {
                result["$" + name] = value;
            }

            return result;
        }

        /// <summary>Binds the message's tokens to the fields; <c>null</c> when they do not fit or a condition fails.</summary>
        private List<(string Name, string Value)>? Bind(string message)
        {
            var tokens = Tokenize(message);
            var ellipsis = fields.ToList().FindIndex(f => f.Name is null);
            var before = ellipsis < 0 ? fields.Count : ellipsis;
            var after = ellipsis < 0 ? 0 : fields.Count - ellipsis - 1;
            if (ellipsis < 0 ? tokens.Count != fields.Count : tokens.Count < before + after)
            {
                return null;
            }

            var bound = new List<(string, string)>();
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (field.Name is null)
                {
                    continue;
                }

                var token = i < before ? tokens[i] : tokens[tokens.Count - (fields.Count - i)];
                if (field.Conditions.Count > 0 && !field.Conditions.Any(c => Compare(token, c.Op, c.Literal, c.IsNumber)))
                {
                    return null;
                }

                bound.Add((field.Name, token));
            }

            return bound;
        }

        private static List<string> Tokenize(string message)
        {
            var tokens = new List<string>();
            var i = 0;
            while (i < message.Length)
            {
                if (char.IsWhiteSpace(message[i]))
                {
                    i++;
                    continue;
                }

                var close = message[i] switch { '"' => '"', '[' => ']', _ => '\0' };
                if (close != '\0')
                {
                    var end = message.IndexOf(close, i + 1);
                    end = end < 0 ? message.Length : end;
                    tokens.Add(message[(i + 1)..end]);
                    i = end + 1;
                    continue;
                }

                var stop = i;
                while (stop < message.Length && !char.IsWhiteSpace(message[stop]))
                {
                    stop++;
                }

                tokens.Add(message[i..stop]);
                i = stop;
            }

            return tokens;
        }

        private static List<string> SplitTopLevel(string text)
        {
            var parts = new List<string>();
            var quoted = false;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '"')
                {
                    quoted = !quoted;
                }
                else if (text[i] == ',' && !quoted)
                {
                    parts.Add(text[start..i]);
                    start = i + 1;
                }
            }

            parts.Add(text[start..]);
            return parts;
        }

        internal sealed record Field(string? Name, IReadOnlyList<(string Op, string Literal, bool IsNumber)> Conditions);
    }
}
