using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// A JSONPath as Step Functions evaluates it in <c>InputPath</c>, <c>OutputPath</c>, <c>ItemsPath</c>, <c>.$</c>
/// fields and intrinsic arguments (https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html):
/// root <c>$</c> (the state's data), <c>$$</c> (the context object) or <c>$name</c> (a workflow variable); then
/// <c>.name</c>, <c>['name']</c>, <c>[n]</c> (negative counts from the end), <c>[a,b]</c>, <c>[start:end:step]</c>,
/// <c>*</c> / <c>[*]</c>, <c>..name</c> (recursive descent) and filters <c>[?(@.x &gt; 1 &amp;&amp; @.y == 'a')]</c>.
/// </summary>
/// <remarks>
/// As in Step Functions (Jayway semantics), a definite path (names and single indexes only) yields one value and fails
/// when it is absent; an indefinite path (wildcards, slices, unions, filters, recursive descent) yields an array of
/// every match, possibly empty. A reference path (<see cref="IsReferencePath"/>) is the subset <c>ResultPath</c>
/// accepts: <c>$</c>, names and indexes.
/// </remarks>
public sealed class JsonPath
{
    private readonly List<Segment> _segments;

    private JsonPath(string text, PathRoot root, string? variable, List<Segment> segments)
    {
        Text = text;
        Root = root;
        Variable = variable;
        _segments = segments;
        IsDefinite = segments.All(s => s is NameSegment or IndexSegment);
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>What the path starts from.</summary>
    public PathRoot Root { get; }

    /// <summary>The workflow variable's name when <see cref="Root"/> is <see cref="PathRoot.Variable"/>.</summary>
    public string? Variable { get; }

    /// <summary>Whether the path selects at most one value (names and single indexes only).</summary>
    public bool IsDefinite { get; }

    /// <summary>Whether the path is a reference path: <c>$</c> root, names and non-negative indexes only.</summary>
    public bool IsReferencePath => Root == PathRoot.Data && _segments.All(s => s is NameSegment || s is IndexSegment { Index: >= 0 });

    /// <summary>Parses a path.</summary>
    /// <param name="text">For example <c>$.detail.items[0]</c>, <c>$$.Execution.Id</c>, <c>$retries</c>.</param>
    /// <returns>The parsed path.</returns>
    /// <exception cref="FormatException">The text is not a path this evaluator understands.</exception>
    public static JsonPath Parse(string text)
    {
        var reader = new Reader(text);
        if (!reader.TryTake('$'))
        {
            throw new FormatException($"The JSONPath '{text}' does not start with '$'.");
        }

        var root = PathRoot.Data;
        string? variable = null;
        if (reader.TryTake('$'))
        {
            root = PathRoot.Context;
        }
        else if (reader.Peek is { } c && (char.IsLetter(c) || c == '_'))
        {
            root = PathRoot.Variable;
            variable = reader.Name();
        }

        var segments = new List<Segment>();
        while (!reader.AtEnd)
        {
            segments.Add(ParseSegment(reader, text));
        }

        return new JsonPath(text, root, variable, segments);
    }

    /// <summary>Whether <paramref name="text"/> parses as a path.</summary>
    /// <param name="text">The candidate.</param>
    /// <param name="path">The parsed path, or <c>null</c>.</param>
    /// <returns><c>true</c> when it parses.</returns>
    public static bool TryParse(string text, out JsonPath? path)
    {
        try
        {
            path = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            path = null;
            return false;
        }
    }

    /// <summary>Every node the path selects from <paramref name="root"/>, in document order.</summary>
    /// <param name="root">The value the path's root stands for.</param>
    /// <returns>The matches (nodes of <paramref name="root"/>, not copies); empty when nothing matches.</returns>
    public IReadOnlyList<JsonNode?> SelectAll(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var segment in _segments)
        {
            current = current.SelectMany(segment.Apply).ToList();
        }

        return current.ToList();
    }

    /// <summary>Evaluates the path as Step Functions does: one value for a definite path, an array for an indefinite one.</summary>
    /// <param name="root">The value the root stands for.</param>
    /// <param name="value">A copy of the selected value (or the array of matches).</param>
    /// <returns><c>false</c> when a definite path selects nothing.</returns>
    public bool TryEvaluate(JsonNode? root, out JsonNode? value)
    {
        var matches = SelectAll(root);
        if (IsDefinite)
        {
            if (matches.Count == 0)
            {
                value = null;
                return false;
            }

            value = matches[0]?.DeepClone();
            return true;
        }

        value = new JsonArray([.. matches.Select(m => m?.DeepClone())]);
        return true;
    }

    /// <summary>Puts <paramref name="value"/> at this reference path inside a copy of <paramref name="target"/>, creating objects on the way.</summary>
    /// <param name="target">The state's raw input.</param>
    /// <param name="value">The value to place.</param>
    /// <returns>The combined document.</returns>
    /// <exception cref="AslRuntimeException"><c>States.ResultPathMatchFailure</c> when the path crosses a value that is not an object.</exception>
    public JsonNode? Place(JsonNode? target, JsonNode? value)
    {
        if (_segments.Count == 0)
        {
            return value?.DeepClone();
        }

        var copy = target?.DeepClone() ?? new JsonObject();
        JsonNode current = copy;
        for (var i = 0; i < _segments.Count; i++)
        {
            var last = i == _segments.Count - 1;
            switch (_segments[i], current)
            {
                case (NameSegment name, JsonObject obj):
                    if (last)
                    {
                        obj[name.Name] = value?.DeepClone();
                    }
                    else
                    {
                        if (obj[name.Name] is not JsonNode next)
                        {
                            next = new JsonObject();
                            obj[name.Name] = next;
                        }

                        current = next;
                    }

                    break;
                case (IndexSegment index, JsonArray array) when index.Index < array.Count:
                    if (last)
                    {
                        array[index.Index] = value?.DeepClone();
                    }
                    else
                    {
                        current = array[index.Index] ?? throw ResultPathFailure(target);
                    }

                    break;
                default:
                    throw ResultPathFailure(target);
            }
        }

        return copy;

        AslRuntimeException ResultPathFailure(JsonNode? input) => new(AslErrorNames.ResultPathMatchFailure,
            $"Unable to apply step \"{Text}\" to input {input?.ToJsonString() ?? "null"}");
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static Segment ParseSegment(Reader reader, string text)
    {
        if (reader.TryTake('.'))
        {
            if (reader.TryTake('.'))
            {
                return new RecursiveSegment(reader.TryTake('*') ? null : reader.TryTake('[') ? ParseBracketName(reader, text) : reader.Name());
            }

            return reader.TryTake('*') ? new WildcardSegment() : new NameSegment(reader.Name());
        }

        if (reader.TryTake('['))
        {
            reader.SkipSpaces();
            Segment segment;
            if (reader.TryTake('*'))
            {
                segment = new WildcardSegment();
            }
            else if (reader.TryTake('?'))
            {
                reader.SkipSpaces();
                reader.Expect('(');
                var filter = FilterParser.Parse(reader);
                reader.SkipSpaces();
                reader.Expect(')');
                segment = new FilterSegment(filter);
            }
            else if (reader.Peek is '\'' or '"')
            {
                var names = new List<string> { reader.Quoted() };
                reader.SkipSpaces();
                while (reader.TryTake(','))
                {
                    reader.SkipSpaces();
                    names.Add(reader.Quoted());
                    reader.SkipSpaces();
                }

                segment = names.Count == 1 ? new NameSegment(names[0]) : new UnionSegment([.. names.Select(n => (Segment)new NameSegment(n))]);
            }
            else
            {
                segment = ParseIndexes(reader, text);
            }

            reader.SkipSpaces();
            reader.Expect(']');
            return segment;
        }

        throw new FormatException($"The JSONPath '{text}' has an unexpected '{reader.Peek}' at position {reader.Position}.");
    }

    private static string ParseBracketName(Reader reader, string text)
    {
        reader.SkipSpaces();
        var name = reader.Quoted();
        reader.SkipSpaces();
        reader.Expect(']');
        return name.Length == 0 ? throw new FormatException($"The JSONPath '{text}' has an empty name.") : name;
    }

    private static Segment ParseIndexes(Reader reader, string text)
    {
        int? first = reader.OptionalInteger();
        reader.SkipSpaces();
        if (reader.TryTake(':'))
        {
            var end = reader.OptionalInteger();
            int? step = null;
            if (reader.TryTake(':'))
            {
                step = reader.OptionalInteger();
            }

            return new SliceSegment(first, end, step ?? 1);
        }

        if (first is null)
        {
            throw new FormatException($"The JSONPath '{text}' has an empty or invalid bracket at position {reader.Position}.");
        }

        var indexes = new List<Segment> { new IndexSegment(first.Value) };
        while (reader.TryTake(','))
        {
            reader.SkipSpaces();
            indexes.Add(new IndexSegment(reader.OptionalInteger() ?? throw new FormatException($"The JSONPath '{text}' has an invalid index list.")));
            reader.SkipSpaces();
        }

        return indexes.Count == 1 ? indexes[0] : new UnionSegment([.. indexes]);
    }

    private abstract record Segment
    {
        public abstract IEnumerable<JsonNode?> Apply(JsonNode? node);
    }

    private sealed record NameSegment(string Name) : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) =>
            node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value) ? [value] : [];
    }

    private sealed record IndexSegment(int Index) : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            if (node is not JsonArray array)
            {
                return [];
            }

            var at = Index < 0 ? array.Count + Index : Index;
            return at >= 0 && at < array.Count ? [array[at]] : [];
        }
    }

    private sealed record WildcardSegment : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) => node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
    }

    private sealed record UnionSegment(IReadOnlyList<Segment> Parts) : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) => Parts.SelectMany(p => p.Apply(node));
    }

    private sealed record SliceSegment(int? Start, int? End, int Step) : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            if (node is not JsonArray array || Step == 0)
            {
                yield break;
            }

            var count = array.Count;
            int Normal(int? value, int fallback) => value is null ? fallback : value < 0 ? Math.Max(0, count + value.Value) : Math.Min(count, value.Value);
            if (Step > 0)
            {
                for (var i = Normal(Start, 0); i < Normal(End, count); i += Step)
                {
                    yield return array[i];
                }
            }
            else
            {
                for (var i = Start is null ? count - 1 : Math.Min(count - 1, Normal(Start, count - 1)); i >= (End is null ? 0 : Normal(End, 0) + 1); i += Step)
                {
                    yield return array[i];
                }
            }
        }
    }

    private sealed record RecursiveSegment(string? Name) : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            var results = new List<JsonNode?>();
            Walk(node, results);
            return results;
        }

        private void Walk(JsonNode? node, List<JsonNode?> results)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (Name is null || key == Name)
                        {
                            results.Add(value);
                        }
                    }

                    foreach (var (_, value) in obj)
                    {
                        Walk(value, results);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (Name is null)
                        {
                            results.Add(item);
                        }
                    }

                    foreach (var item in array)
                    {
                        Walk(item, results);
                    }

                    break;
            }
        }
    }

    private sealed record FilterSegment(Filter Filter) : Segment
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) => node switch
        {
            JsonArray array => array.Where(Filter.Matches),
            JsonObject obj => obj.Select(p => p.Value).Where(Filter.Matches),
            _ => [],
        };
    }

    /// <summary>A filter expression over the current item <c>@</c>.</summary>
    private abstract record Filter
    {
        public abstract bool Matches(JsonNode? item);
    }

    private sealed record AndFilter(Filter Left, Filter Right) : Filter
    {
        public override bool Matches(JsonNode? item) => Left.Matches(item) && Right.Matches(item);
    }

    private sealed record OrFilter(Filter Left, Filter Right) : Filter
    {
        public override bool Matches(JsonNode? item) => Left.Matches(item) || Right.Matches(item);
    }

    private sealed record NotFilter(Filter Inner) : Filter
    {
        public override bool Matches(JsonNode? item) => !Inner.Matches(item);
    }

    private sealed record ExistsFilter(JsonPath Path) : Filter
    {
        public override bool Matches(JsonNode? item)
        {
            var found = Path.SelectAll(item);
            return found.Count > 0 && !(found[0] is JsonValue v && v.GetValueKind() == JsonValueKind.False);
        }
    }

    private sealed record CompareFilter(JsonPath Path, string Operator, JsonNode? Literal) : Filter
    {
        public override bool Matches(JsonNode? item)
        {
            var found = Path.SelectAll(item);
            if (found.Count == 0)
            {
                return false;
            }

            var left = found[0];
            if (Operator is "==" or "!=")
            {
                var equal = JsonNode.DeepEquals(left, Literal) || (JsonValues.AsNumber(left) is { } a && JsonValues.AsNumber(Literal) is { } b && a == b);
                return Operator == "==" ? equal : !equal;
            }

            int? order = (JsonValues.AsNumber(left), JsonValues.AsNumber(Literal)) switch
            {
                ({ } x, { } y) => x.CompareTo(y),
                _ => JsonValues.AsString(left) is { } s && JsonValues.AsString(Literal) is { } t ? string.CompareOrdinal(s, t) : null,
            };
            return order is { } o && Operator switch
            {
                "<" => o < 0,
                "<=" => o <= 0,
                ">" => o > 0,
                ">=" => o >= 0,
                _ => false,
            };
        }
    }

    private static class FilterParser
    {
        public static Filter Parse(Reader reader)
        {
            var left = ParseAnd(reader);
            reader.SkipSpaces();
            while (reader.TryTakeText("||"))
            {
                left = new OrFilter(left, ParseAnd(reader));
                reader.SkipSpaces();
            }

            return left;
        }

        private static Filter ParseAnd(Reader reader)
        {
            var left = ParseUnary(reader);
            reader.SkipSpaces();
            while (reader.TryTakeText("&&"))
            {
                left = new AndFilter(left, ParseUnary(reader));
                reader.SkipSpaces();
            }

            return left;
        }

        private static Filter ParseUnary(Reader reader)
        {
            reader.SkipSpaces();
            if (reader.TryTake('!'))
            {
                return new NotFilter(ParseUnary(reader));
            }

            if (reader.TryTake('('))
            {
                var inner = Parse(reader);
                reader.SkipSpaces();
                reader.Expect(')');
                return inner;
            }

            reader.Expect('@');
            var start = reader.Position;
            var segments = new List<Segment>();
            while (reader.Peek is '.' or '[')
            {
                segments.Add(ParseSegment(reader, reader.Text));
            }

            var path = new JsonPath("@" + reader.Text[start..reader.Position], PathRoot.Data, null, segments);
            reader.SkipSpaces();
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (reader.TryTakeText(op))
                {
                    reader.SkipSpaces();
                    return new CompareFilter(path, op, reader.Literal());
                }
            }

            return new ExistsFilter(path);
        }
    }

    /// <summary>A cursor over the path text.</summary>
    private sealed class Reader(string text)
    {
        public string Text { get; } = text;

        public int Position { get; private set; }

        public bool AtEnd => Position >= Text.Length;

        public char? Peek => AtEnd ? null : Text[Position];

        public bool TryTake(char c)
        {
            if (Peek == c)
            {
                Position++;
                return true;
            }

            return false;
        }

        public bool TryTakeText(string s)
        {
            if (string.CompareOrdinal(Text, Position, s, 0, s.Length) == 0)
            {
                Position += s.Length;
                return true;
            }

            return false;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw new FormatException($"The JSONPath '{Text}' expects '{c}' at position {Position}.");
            }
        }

        public void SkipSpaces()
        {
            while (Peek is ' ')
            {
                Position++;
            }
        }

        public string Name()
        {
            var start = Position;
            while (!AtEnd && Text[Position] is not ('.' or '[' or ' ' or ')' or '=' or '!' or '<' or '>' or '&' or '|' or ']' or ','))
            {
                Position++;
            }

            return Position == start ? throw new FormatException($"The JSONPath '{Text}' has an empty name at position {start}.") : Text[start..Position];
        }

        public string Quoted()
        {
            var quote = Peek ?? throw new FormatException($"The JSONPath '{Text}' ends inside a bracket.");
            Expect(quote);
            var value = new StringBuilder();
            while (!AtEnd && Text[Position] != quote)
            {
                if (Text[Position] == '\\' && Position + 1 < Text.Length)
                {
                    Position++;
                }

                value.Append(Text[Position++]);
            }

            Expect(quote);
            return value.ToString();
        }

        public int? OptionalInteger()
        {
            SkipSpaces();
            var start = Position;
            TryTake('-');
            while (Peek is >= '0' and <= '9')
            {
                Position++;
            }

            return Position == start ? null : int.Parse(Text.AsSpan(start, Position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        public JsonNode? Literal()
        {
            if (Peek is '\'' or '"')
            {
                return JsonValue.Create(Quoted());
            }

            foreach (var (word, value) in new (string, JsonNode?)[] { ("true", JsonValue.Create(true)), ("false", JsonValue.Create(false)), ("null", null) })
            {
                if (TryTakeText(word))
                {
                    return value;
                }
            }

            var start = Position;
            while (Peek is { } c && (char.IsDigit(c) || c is '-' or '+' or '.' or 'e' or 'E'))
            {
                Position++;
            }

            return Position > start && double.TryParse(Text.AsSpan(start, Position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? JsonValues.Number(number)
                : throw new FormatException($"The JSONPath '{Text}' has an invalid literal at position {start}.");
        }
    }
}

/// <summary>What a <see cref="JsonPath"/> starts from.</summary>
public enum PathRoot
{
    /// <summary><c>$</c>: the state's input, result or item.</summary>
    Data,

    /// <summary><c>$$</c>: the context object.</summary>
    Context,

    /// <summary><c>$name</c>: a workflow variable.</summary>
    Variable,
}
