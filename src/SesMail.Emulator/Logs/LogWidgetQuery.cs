using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SesMail.Emulator.Logs;

/// <summary>
/// The part of CloudWatch Logs Insights query syntax a dashboard <c>log</c> widget uses
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html), run over stored events for the
/// local dashboard page: <c>SOURCE '…'</c> (one or more), <c>fields a, b, @timestamp</c>, <c>filter</c> with
/// <c>=</c>, <c>!=</c>, <c>like "text"</c>, <c>like /regex/</c>, <c>in ["a", "b"]</c> joined by <c>and</c>/<c>or</c>,
/// <c>sort @timestamp desc|asc</c> and <c>limit N</c>. Other commands (<c>stats</c>, <c>parse</c>, …) are refused by
/// name. Fields are read from JSON messages; <c>@timestamp</c>, <c>@message</c>, <c>@logStream</c>, <c>@log</c> are built in.
/// </summary>
internal sealed partial class LogWidgetQuery
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private LogWidgetQuery(List<string> sources, List<string> fields, Func<Func<string, string?>, bool>? filter, bool descending, int limit)
    {
        Sources = sources;
        Fields = fields;
        Filter = filter;
        Descending = descending;
        Limit = limit;
    }

    /// <summary>The log groups named by <c>SOURCE</c>.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The columns (<c>fields</c>), or <c>@timestamp</c> and <c>@message</c> when none are named.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The row filter over a field lookup, or <c>null</c> for all rows.</summary>
    public Func<Func<string, string?>, bool>? Filter { get; }

    /// <summary>Newest first (the default).</summary>
    public bool Descending { get; }

    /// <summary>The most rows (default 1000, at most 10,000).</summary>
    public int Limit { get; }

    /// <summary>Parses a widget query.</summary>
    /// <param name="query">The query, e.g. <c>SOURCE '/aws/lambda/x' | fields @timestamp, action | filter message = "Routing decision" | limit 200</c>.</param>
    /// <param name="extraSources">Log groups named outside the query (the widget's <c>logGroupNames</c>).</param>
    /// <returns>The query.</returns>
    /// <exception cref="FormatException">A command or expression is not supported.</exception>
    public static LogWidgetQuery Parse(string query, IEnumerable<string>? extraSources = null)
    {
        var sources = new List<string>(extraSources ?? []);
        var fields = new List<string>();
        Func<Func<string, string?>, bool>? filter = null;
        var descending = true;
        var limit = 1000;
        foreach (var raw in SplitPipes(query))
        {
            var command = raw.Trim();
            if (command.Length == 0)
            {
                continue;
            }

            var word = command.Split([' ', '\t', '\n'], 2)[0];
            var rest = command[word.Length..].Trim();
            switch (word.ToLowerInvariant())
            {
                case "source":
                    foreach (Match m in SourcePattern().Matches(rest))
                    {
                        sources.Add(m.Groups[1].Value);
                    }

                    break;
                case "fields":
                case "display":
                    fields.AddRange(rest.Split(',').Select(f => f.Trim()).Where(f => f.Length > 0));
                    break;
                case "filter":
                    var parsed = new FilterParser(rest).Parse();
                    filter = filter is null ? parsed : Combine(filter, parsed);
                    break;
                case "sort":
                    descending = !rest.EndsWith("asc", StringComparison.OrdinalIgnoreCase);
                    break;
                case "limit":
                    limit = int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 10_000
                        ? n
                        : throw new FormatException($"limit must be 1 to 10000, not '{rest}'.");
                    break;
                default:
                    throw new FormatException($"The command '{word}' is not supported by the local dashboard (it runs SOURCE, fields, filter, sort and limit).");
            }
        }

        return new LogWidgetQuery(sources, fields.Count == 0 ? ["@timestamp", "@message"] : fields, filter, descending, limit);

        static Func<Func<string, string?>, bool> Combine(Func<Func<string, string?>, bool> a, Func<Func<string, string?>, bool> b) => f => a(f) && b(f);
    }

    /// <summary>Builds the field lookup of one event (JSON members, then the built-in <c>@</c> fields).</summary>
    public static Func<string, string?> Lookup(string logGroup, string logStream, long timestamp, string message)
    {
        JsonObject? json = null;
        if (message.TrimStart().StartsWith('{'))
        {
            try
            {
                json = JsonNode.Parse(message) as JsonObject;
            }
            catch (JsonException)
            {
            }
        }

        return field => field switch
        {
            "@timestamp" => DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            "@message" => message,
            "@logStream" => logStream,
            "@log" => logGroup,
            _ => Member(json, field),
        };
    }

    private static string? Member(JsonObject? json, string path)
    {
        JsonNode? node = json;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString();
    }

    private static List<string> SplitPipes(string query)
    {
        var parts = new List<string>();
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '|')
            {
                parts.Add(query[start..i]);
                start = i + 1;
            }
        }

        parts.Add(query[start..]);
        return parts;
    }

    [GeneratedRegex(@"'([^']+)'|""([^""]+)""")]
    private static partial Regex SourcePattern();

    /// <summary><c>or</c> of <c>and</c> of comparisons, with parentheses and <c>not</c>.</summary>
    private sealed class FilterParser(string text)
    {
        private int _at;

        public Func<Func<string, string?>, bool> Parse()
        {
            var result = ParseOr();
            Skip();
            return _at == text.Length ? result : throw new FormatException($"Cannot read the filter near '{text[_at..]}'.");
        }

        private Func<Func<string, string?>, bool> ParseOr()
        {
            var left = ParseAnd();
            while (TakeWord("or"))
            {
                var l = left;
                var r = ParseAnd();
                left = f => l(f) || r(f);
            }

            return left;
        }

        private Func<Func<string, string?>, bool> ParseAnd()
        {
            var left = ParseUnary();
            while (TakeWord("and"))
            {
                var l = left;
                var r = ParseUnary();
                left = f => l(f) && r(f);
            }

            return left;
        }

        private Func<Func<string, string?>, bool> ParseUnary()
        {
            if (TakeWord("not"))
            {
                var inner = ParseUnary();
                return f => !inner(f);
            }

            Skip();
            if (_at < text.Length && text[_at] == '(')
            {
                _at++;
                var inner = ParseOr();
                Skip();
                if (_at >= text.Length || text[_at] != ')')
                {
                    throw new FormatException("Expected ')' in the filter.");
                }

                _at++;
                return inner;
            }

            var field = ReadWord();
            Skip();
            if (TakeWord("like"))
            {
                Skip();
                if (_at < text.Length && text[_at] == '/')
                {
                    var end = text.IndexOf('/', _at + 1);
                    var regex = new Regex(text[(_at + 1)..end], RegexOptions.None, RegexTimeout);
                    _at = end + 1;
                    return f => f(field) is { } v && regex.IsMatch(v);
                }

                var needle = ReadString();
                return f => f(field)?.Contains(needle, StringComparison.Ordinal) == true;
            }

            if (TakeWord("in"))
            {
                Skip();
                if (_at >= text.Length || text[_at] != '[')
                {
                    throw new FormatException("Expected '[' after in.");
                }

                var end = text.IndexOf(']', _at);
                var values = text[(_at + 1)..end].Split(',').Select(v => v.Trim().Trim('"', '\'')).ToHashSet(StringComparer.Ordinal);
                _at = end + 1;
                return f => f(field) is { } v && values.Contains(v);
            }

            foreach (var op in (string[])["!=", "=", "<=", ">=", "<", ">"])
            {
                if (string.CompareOrdinal(text, _at, op, 0, op.Length) == 0)
                {
                    _at += op.Length;
                    Skip();
                    var value = ReadString();
                    var numeric = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
                    return f =>
                    {
                        var actual = f(field);
                        if (actual is null)
                        {
                            return op == "!=";
                        }

                        if (op is "=" or "!=")
                        {
                            return (actual == value) == (op == "=");
                        }

                        return numeric && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && op switch
                        {
                            "<" => a < number,
                            "<=" => a <= number,
                            ">" => a > number,
                            _ => a >= number,
                        };
                    };
                }
            }

            throw new FormatException($"Expected a comparison after '{field}' in the filter.");
        }

        private string ReadWord()
        {
            Skip();
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '@' or '_' or '.' or '$'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw new FormatException($"Expected a field name near '{text[start..]}'.");
        }

        private string ReadString()
        {
            Skip();
            if (_at < text.Length && text[_at] is '"' or '\'')
            {
                var quote = text[_at];
                var end = text.IndexOf(quote, _at + 1);
                if (end < 0)
                {
                    throw new FormatException("Unterminated string in the filter.");
                }

                var value = text[(_at + 1)..end];
                _at = end + 1;
                return value;
            }

            return ReadWord();
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private bool TakeWord(string word)
        {
            Skip();
            if (string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (_at + word.Length == text.Length || !char.IsLetterOrDigit(text[_at + word.Length])))
            {
                _at += word.Length;
                return true;
            }

            return false;
        }
    }
}
