using System.Globalization;
using System.Text;

namespace SesMail.Emulator.CloudWatch;

/// <summary>A value of metric math: a number, one time series, or an array of time series.</summary>
internal abstract record MathValue;

/// <summary>A number.</summary>
internal sealed record MathScalar(double Value) : MathValue;

/// <summary>One time series: period start (epoch seconds) → value.</summary>
internal sealed record MathSeries(string Label, SortedDictionary<long, double> Points) : MathValue;

/// <summary>Several time series (<c>METRICS()</c>, <c>[m1, m2]</c>).</summary>
internal sealed record MathArray(IReadOnlyList<MathSeries> Items) : MathValue;

/// <summary>An expression that cannot be parsed or evaluated; the message names the expression and the cause.</summary>
internal sealed class MetricMathException(string message) : Exception(message);

/// <summary>
/// CloudWatch metric math (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html)
/// over the queries of one <c>GetMetricData</c> call or one alarm: ids of other queries, numbers, <c>+ - * / ^</c>,
/// comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>), <c>AND</c>/<c>&amp;&amp;</c>, <c>OR</c>/<c>||</c>, <c>NOT</c>/<c>!</c>,
/// array literals <c>[m1, m2]</c>, and the functions <c>ABS</c>, <c>AVG</c>, <c>CEIL</c>, <c>DATAPOINT_COUNT</c>,
/// <c>DIFF</c>, <c>DIFF_TIME</c>, <c>FILL</c> (value, <c>REPEAT</c>, <c>LINEAR</c>), <c>FIRST</c>, <c>FLOOR</c>,
/// <c>IF</c>, <c>LAST</c>, <c>LOG</c>, <c>LOG10</c>, <c>MAX</c>, <c>METRICS</c>, <c>MIN</c>, <c>PERIOD</c>,
/// <c>RATE</c>, <c>REMOVE_EMPTY</c>, <c>STDDEV</c>, <c>SUM</c>. Any other function (<c>SEARCH</c>,
/// <c>ANOMALY_DETECTION_BAND</c>, <c>INSIGHT_RULE_METRIC</c>, <c>LAMBDA</c>, …) is refused by name.
/// </summary>
/// <remarks>
/// Series arithmetic keeps the timestamps present in both operands; a scalar applies to every point; a result that is
/// not a finite number (division by zero) drops that point. Aggregate functions of one series return a number, of an
/// array a series, as CloudWatch defines them.
/// </remarks>
internal sealed class MetricMath
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "ABS", "AVG", "CEIL", "DATAPOINT_COUNT", "DIFF", "DIFF_TIME", "FILL", "FIRST", "FLOOR", "IF", "LAST", "LOG", "LOG10",
        "MAX", "METRICS", "MIN", "PERIOD", "RATE", "REMOVE_EMPTY", "STDDEV", "SUM",
    };

    private readonly IReadOnlyDictionary<string, Query> _queries;
    private readonly Dictionary<string, MathValue> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<long> _grid;
    private readonly int _period;

    /// <summary>Prepares the queries of one request.</summary>
    /// <param name="queries">Each query's id, and either its metric's series (already fetched) or its expression.</param>
    /// <param name="grid">Every period start of the requested range, ascending (for <c>FILL</c>).</param>
    /// <param name="period">The period in seconds (for <c>PERIOD</c>, <c>RATE</c>).</param>
    public MetricMath(IReadOnlyList<Query> queries, IReadOnlyList<long> grid, int period)
    {
        _queries = queries.ToDictionary(q => q.Id, StringComparer.Ordinal);
        _grid = grid;
        _period = period;
    }

    /// <summary>One query of the request.</summary>
    /// <param name="Id">Its id.</param>
    /// <param name="Label">Its label (or the id).</param>
    /// <param name="Series">For a metric query, its data; <c>null</c> for an expression.</param>
    /// <param name="Expression">For an expression query, its text.</param>
    internal sealed record Query(string Id, string Label, MathSeries? Series, string? Expression);

    /// <summary>Checks that an expression parses and uses only supported functions and known ids.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="ids">The ids of the request's queries.</param>
    /// <returns>The ids the expression refers to.</returns>
    /// <exception cref="MetricMathException">The expression is malformed or unsupported.</exception>
    public static IReadOnlyList<string> Validate(string expression, IReadOnlySet<string> ids)
    {
        var references = new List<string>();
        Collect(new Parser(expression).ParseAll(), references);
        foreach (var id in references.Where(r => !ids.Contains(r)))
        {
            throw new MetricMathException($"Unrecognized identifier \"{id}\" in expression \"{expression}\".");
        }

        return references;

        static void Collect(Node node, List<string> into)
        {
            switch (node)
            {
                case IdNode id:
                    into.Add(id.Id);
                    break;
                case BinaryNode binary:
                    Collect(binary.Left, into);
                    Collect(binary.Right, into);
                    break;
                case UnaryNode unary:
                    Collect(unary.Operand, into);
                    break;
                case CallNode call:
                    call.Arguments.ForEach(a => Collect(a, into));
                    break;
                case ArrayNode array:
                    array.Items.ForEach(a => Collect(a, into));
                    break;
            }
        }
    }

    /// <summary>The value of a query (evaluating the expressions it depends on first).</summary>
    /// <param name="id">The query id.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="MetricMathException">A cycle, an unknown id, or an expression error.</exception>
    public MathValue Evaluate(string id)
    {
        if (_values.TryGetValue(id, out var known))
        {
            return known;
        }

        if (!_queries.TryGetValue(id, out var query))
        {
            throw new MetricMathException($"Unrecognized identifier \"{id}\".");
        }

        if (query.Series is { } series)
        {
            return _values[id] = series;
        }

        if (!_evaluating.Add(id))
        {
            throw new MetricMathException($"The expression of \"{id}\" refers to itself (circular dependency).");
        }

        var value = Eval(new Parser(query.Expression!).ParseAll());
        _evaluating.Remove(id);
        if (value is MathSeries s)
        {
            value = s with { Label = query.Label };
        }

        return _values[id] = value;
    }

    private MathValue Eval(Node node) => node switch
    {
        NumberNode n => new MathScalar(n.Value),
        IdNode id => Evaluate(id.Id),
        ArrayNode array => new MathArray([.. array.Items.Select(Eval).SelectMany(Flatten)]),
        UnaryNode { Op: "-" } unary => Map(Eval(unary.Operand), v => -v),
        UnaryNode { Op: "NOT" } unary => Map(Eval(unary.Operand), v => v == 0 ? 1 : 0),
        BinaryNode binary => Binary(binary.Op, Eval(binary.Left), Eval(binary.Right)),
        CallNode call => Call(call),
        _ => throw new MetricMathException("Unsupported expression."),
    };

    private static IEnumerable<MathSeries> Flatten(MathValue value) => value switch
    {
        MathSeries s => [s],
        MathArray a => a.Items,
        _ => throw new MetricMathException("An array may hold only time series."),
    };

    private static MathValue Map(MathValue value, Func<double, double> f) => value switch
    {
        MathScalar s => new MathScalar(f(s.Value)),
        MathSeries s => MapSeries(s, f),
        MathArray a => new MathArray([.. a.Items.Select(s => MapSeries(s, f))]),
        _ => value,
    };

    private static MathSeries MapSeries(MathSeries series, Func<double, double> f)
    {
        var points = new SortedDictionary<long, double>();
        foreach (var (t, v) in series.Points)
        {
            var r = f(v);
            if (double.IsFinite(r))
            {
                points[t] = r;
            }
        }

        return new MathSeries(series.Label, points);
    }

    private static MathValue Binary(string op, MathValue left, MathValue right)
    {
        Func<double, double, double> f = op switch
        {
            "+" => (a, b) => a + b,
            "-" => (a, b) => a - b,
            "*" => (a, b) => a * b,
            "/" => (a, b) => a / b,
            "^" => Math.Pow,
            "==" => (a, b) => a == b ? 1 : 0,
            "!=" => (a, b) => a != b ? 1 : 0,
            "<" => (a, b) => a < b ? 1 : 0,
            "<=" => (a, b) => a <= b ? 1 : 0,
            ">" => (a, b) => a > b ? 1 : 0,
            ">=" => (a, b) => a >= b ? 1 : 0,
            "AND" => (a, b) => a != 0 && b != 0 ? 1 : 0,
            "OR" => (a, b) => a != 0 || b != 0 ? 1 : 0,
            _ => throw new MetricMathException($"Unsupported operator {op}."),
        };

        return (left, right) switch
        {
            (MathScalar a, MathScalar b) => new MathScalar(f(a.Value, b.Value)),
            (MathSeries a, MathScalar b) => MapSeries(a, v => f(v, b.Value)),
            (MathScalar a, MathSeries b) => MapSeries(b, v => f(a.Value, v)),
            (MathSeries a, MathSeries b) => Zip(a, b, f),
            (MathArray a, MathArray) => throw new MetricMathException($"Cannot apply {op} to two arrays of time series."),
            (MathArray a, _) => new MathArray([.. a.Items.Select(s => (MathSeries)Binary(op, s, right))]),
            (_, MathArray b) => new MathArray([.. b.Items.Select(s => (MathSeries)Binary(op, left, s))]),
            _ => throw new MetricMathException($"Unsupported operands for {op}."),
        };
    }

    private static MathSeries Zip(MathSeries a, MathSeries b, Func<double, double, double> f)
    {
        var points = new SortedDictionary<long, double>();
        foreach (var (t, v) in a.Points)
        {
            if (b.Points.TryGetValue(t, out var w) && f(v, w) is var r && double.IsFinite(r))
            {
                points[t] = r;
            }
        }

        return new MathSeries(a.Label, points);
    }

    private MathValue Call(CallNode call)
    {
        var name = call.Name;
        var args = call.Arguments;
        switch (name)
        {
            case "METRICS":
            {
                var filter = args.Count == 0 ? null : args[0] is StringNode s ? s.Value : throw new MetricMathException("METRICS takes an optional string filter.");
                return new MathArray([.. _queries.Values
                    .Where(q => q.Series is not null && (filter is null || q.Id.Contains(filter, StringComparison.Ordinal) || q.Label.Contains(filter, StringComparison.Ordinal)))
                    .Select(q => (MathSeries)Evaluate(q.Id))]);
            }

            case "IF":
                return If(args);
            case "FILL":
                return Fill(args);
            case "PERIOD":
                Arity(call, 1);
                return new MathScalar(_period);
        }

        Arity(call, 1);
        var value = Eval(args[0]);
        return name switch
        {
            "ABS" => Map(value, Math.Abs),
            "CEIL" => Map(value, Math.Ceiling),
            "FLOOR" => Map(value, Math.Floor),
            "LOG" => Map(value, Math.Log),
            "LOG10" => Map(value, Math.Log10),
            "SUM" => Aggregate(value, v => v.Sum()),
            "AVG" => Aggregate(value, v => v.Average()),
            "MIN" => Aggregate(value, v => v.Min()),
            "MAX" => Aggregate(value, v => v.Max()),
            "STDDEV" => Aggregate(value, StdDev),
            "DATAPOINT_COUNT" => value is MathSeries ds ? new MathScalar(ds.Points.Count) : Aggregate(value, v => v.Count()),
            "DIFF" => PerSeries(value, s => Consecutive(s, (t0, v0, t1, v1) => v1 - v0)),
            "DIFF_TIME" => PerSeries(value, s => Consecutive(s, (t0, v0, t1, v1) => t1 - t0)),
            "RATE" => PerSeries(value, s => Consecutive(s, (t0, v0, t1, v1) => (v1 - v0) / (t1 - t0))),
            "REMOVE_EMPTY" => value is MathArray ra ? new MathArray([.. ra.Items.Where(s => s.Points.Count > 0)]) : value,
            "FIRST" => value is MathArray fa ? (MathValue?)fa.Items.FirstOrDefault() ?? new MathArray([]) : value,
            "LAST" => value is MathArray la ? (MathValue?)la.Items.LastOrDefault() ?? new MathArray([]) : value,
            _ => throw new MetricMathException($"Unsupported function {name}."),
        };
    }

    private static void Arity(CallNode call, int count)
    {
        if (call.Arguments.Count != count)
        {
            throw new MetricMathException($"{call.Name} takes {count} argument{(count == 1 ? string.Empty : "s")}, not {call.Arguments.Count}.");
        }
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }

    /// <summary>One series → a number; an array → a series of the per-timestamp aggregate.</summary>
    private static MathValue Aggregate(MathValue value, Func<IEnumerable<double>, double> f)
    {
        switch (value)
        {
            case MathScalar s:
                return s;
            case MathSeries s:
                return s.Points.Count == 0 ? new MathSeries(s.Label, []) : new MathScalar(f(s.Points.Values));
            case MathArray a:
                var points = new SortedDictionary<long, double>();
                foreach (var t in a.Items.SelectMany(s => s.Points.Keys).Distinct())
                {
                    var r = f(a.Items.Where(s => s.Points.ContainsKey(t)).Select(s => s.Points[t]));
                    if (double.IsFinite(r))
                    {
                        points[t] = r;
                    }
                }

                return new MathSeries(string.Empty, points);
            default:
                return value;
        }
    }

    private static MathValue PerSeries(MathValue value, Func<MathSeries, MathSeries> f) => value switch
    {
        MathSeries s => f(s),
        MathArray a => new MathArray([.. a.Items.Select(f)]),
        _ => throw new MetricMathException("This function needs a time series."),
    };

    private static MathSeries Consecutive(MathSeries series, Func<long, double, long, double, double> f)
    {
        var points = new SortedDictionary<long, double>();
        long? previousT = null;
        double previousV = 0;
        foreach (var (t, v) in series.Points)
        {
            if (previousT is { } pt && f(pt, previousV, t, v) is var r && double.IsFinite(r))
            {
                points[t] = r;
            }

            previousT = t;
            previousV = v;
        }

        return new MathSeries(series.Label, points);
    }

    private MathValue If(List<Node> args)
    {
        if (args.Count is not (2 or 3))
        {
            throw new MetricMathException($"IF takes 2 or 3 arguments, not {args.Count}.");
        }

        var condition = Eval(args[0]);
        var then = Eval(args[1]);
        var otherwise = args.Count == 3 ? Eval(args[2]) : null;
        if (condition is MathScalar c)
        {
            return c.Value != 0 ? then : otherwise ?? new MathSeries(string.Empty, []);
        }

        return PerSeries(condition, cond =>
        {
            var points = new SortedDictionary<long, double>();
            foreach (var (t, v) in cond.Points)
            {
                var chosen = v != 0 ? then : otherwise;
                double? value = chosen switch
                {
                    MathScalar s => s.Value,
                    MathSeries s when s.Points.TryGetValue(t, out var x) => x,
                    _ => null,
                };
                if (value is { } x2 && double.IsFinite(x2))
                {
                    points[t] = x2;
                }
            }

            return new MathSeries(then is MathSeries ts ? ts.Label : cond.Label, points);
        });
    }

    private MathValue Fill(List<Node> args)
    {
        if (args.Count != 2)
        {
            throw new MetricMathException($"FILL takes 2 arguments, not {args.Count}.");
        }

        var value = Eval(args[0]);
        var mode = args[1] is KeywordNode k ? k.Word : null;
        var with = mode is null ? Eval(args[1]) : null;
        return PerSeries(value, series =>
        {
            var points = new SortedDictionary<long, double>(series.Points);
            var known = series.Points.ToList();
            foreach (var t in _grid.Where(t => !series.Points.ContainsKey(t)))
            {
                double? fill = mode switch
                {
                    "REPEAT" => known.LastOrDefault(p => p.Key < t) is { Key: > 0 } before ? before.Value
                        : known.FirstOrDefault(p => p.Key > t) is { Key: > 0 } after ? after.Value : null,
                    "LINEAR" => Linear(known, t),
                    _ => with switch
                    {
                        MathScalar s => s.Value,
                        MathSeries s when s.Points.TryGetValue(t, out var x) => x,
                        _ => null,
                    },
                };
                if (fill is { } f)
                {
                    points[t] = f;
                }
            }

            return new MathSeries(series.Label, points);
        });
    }

    private static double? Linear(List<KeyValuePair<long, double>> known, long t)
    {
        var before = known.LastOrDefault(p => p.Key < t);
        var after = known.FirstOrDefault(p => p.Key > t);
        if (before.Key == 0 || after.Key == 0)
        {
            return before.Key != 0 ? before.Value : after.Key != 0 ? after.Value : null;
        }

        return before.Value + ((after.Value - before.Value) * (t - before.Key) / (after.Key - before.Key));
    }

    private abstract record Node;

    private sealed record NumberNode(double Value) : Node;

    private sealed record StringNode(string Value) : Node;

    private sealed record KeywordNode(string Word) : Node;

    private sealed record IdNode(string Id) : Node;

    private sealed record UnaryNode(string Op, Node Operand) : Node;

    private sealed record BinaryNode(string Op, Node Left, Node Right) : Node;

    private sealed record CallNode(string Name, List<Node> Arguments) : Node;

    private sealed record ArrayNode(List<Node> Items) : Node;

    /// <summary>Precedence climbing: OR &lt; AND &lt; NOT &lt; comparison &lt; + - &lt; * / &lt; unary - &lt; ^.</summary>
    private sealed class Parser(string text)
    {
        private int _at;

        public Node ParseAll()
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new MetricMathException("The expression is empty.");
            }

            var node = ParseOr();
            Skip();
            if (_at < text.Length)
            {
                throw new MetricMathException($"Syntax error in expression \"{text}\" at position {_at + 1}: unexpected '{text[_at..]}'.");
            }

            return node;
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (TakeSymbol("||") || TakeWord("OR"))
            {
                left = new BinaryNode("OR", left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (TakeSymbol("&&") || TakeWord("AND"))
            {
                left = new BinaryNode("AND", left, ParseNot());
            }

            return left;
        }

        private Node ParseNot()
        {
            if (TakeWord("NOT") || (Peek('!') && !PeekSymbol("!=") && TakeSymbol("!")))
            {
                return new UnaryNode("NOT", ParseNot());
            }

            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var left = ParseAdditive();
            foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
            {
                if (TakeSymbol(op))
                {
                    return new BinaryNode(op, left, ParseAdditive());
                }
            }

            return left;
        }

        private Node ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (true)
            {
                if (TakeSymbol("+"))
                {
                    left = new BinaryNode("+", left, ParseMultiplicative());
                }
                else if (TakeSymbol("-"))
                {
                    left = new BinaryNode("-", left, ParseMultiplicative());
                }
                else
                {
                    return left;
                }
            }
        }

        private Node ParseMultiplicative()
        {
            var left = ParseUnary();
            while (true)
            {
                if (TakeSymbol("*"))
                {
                    left = new BinaryNode("*", left, ParseUnary());
                }
                else if (TakeSymbol("/"))
                {
                    left = new BinaryNode("/", left, ParseUnary());
                }
                else
                {
                    return left;
                }
            }
        }

        private Node ParseUnary() => TakeSymbol("-") ? new UnaryNode("-", ParseUnary()) : ParsePower();

        private Node ParsePower()
        {
            var left = ParsePrimary();
            return TakeSymbol("^") ? new BinaryNode("^", left, ParseUnary()) : left;
        }

        private Node ParsePrimary()
        {
            Skip();
            if (_at >= text.Length)
            {
                throw new MetricMathException($"Syntax error in expression \"{text}\": it ends too early.");
            }

            var c = text[_at];
            if (c == '(')
            {
                _at++;
                var inner = ParseOr();
                Expect(')');
                return inner;
            }

            if (c == '[')
            {
                _at++;
                var items = new List<Node>();
                if (!TakeSymbol("]"))
                {
                    do
                    {
                        items.Add(ParseOr());
                    }
                    while (TakeSymbol(","));
                    Expect(']');
                }

                return new ArrayNode(items);
            }

            if (c == '"' || c == '\'')
            {
                var end = text.IndexOf(c, _at + 1);
                if (end < 0)
                {
                    throw new MetricMathException($"Syntax error in expression \"{text}\": unterminated string.");
                }

                var value = text[(_at + 1)..end];
                _at = end + 1;
                return new StringNode(value);
            }

            if (char.IsAsciiDigit(c) || c == '.')
            {
                var start = _at;
                while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '.' or 'e' or 'E'
                    || (text[_at] is '+' or '-' && text[_at - 1] is 'e' or 'E')))
                {
                    _at++;
                }

                return double.TryParse(text[start.._at], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new NumberNode(number)
                    : throw new MetricMathException($"Syntax error in expression \"{text}\": '{text[start.._at]}' is not a number.");
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _at;
                while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
                {
                    _at++;
                }

                var word = text[start.._at];
                Skip();
                if (_at < text.Length && text[_at] == '(')
                {
                    if (!Functions.Contains(word))
                    {
                        throw new MetricMathException($"Unsupported function {word} in expression \"{text}\": SesMail.Emulator's metric math supports {string.Join(", ", Functions.Order(StringComparer.Ordinal))}.");
                    }

                    _at++;
                    var args = new List<Node>();
                    if (!TakeSymbol(")"))
                    {
                        do
                        {
                            args.Add(ParseOr());
                        }
                        while (TakeSymbol(","));
                        Expect(')');
                    }

                    return new CallNode(word, args);
                }

                if (word is "REPEAT" or "LINEAR")
                {
                    return new KeywordNode(word);
                }

                if (!char.IsAsciiLetterLower(word[0]))
                {
                    throw new MetricMathException($"Unrecognized identifier \"{word}\" in expression \"{text}\": query ids start with a lowercase letter.");
                }

                return new IdNode(word);
            }

            throw new MetricMathException($"Syntax error in expression \"{text}\" at position {_at + 1}: unexpected '{c}'.");
        }

        private void Expect(char c)
        {
            Skip();
            if (_at >= text.Length || text[_at] != c)
            {
                throw new MetricMathException($"Syntax error in expression \"{text}\": expected '{c}'.");
            }

            _at++;
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private bool Peek(char c)
        {
            Skip();
            return _at < text.Length && text[_at] == c;
        }

        private bool PeekSymbol(string symbol)
        {
            Skip();
            return string.CompareOrdinal(text, _at, symbol, 0, symbol.Length) == 0;
        }

        private bool TakeSymbol(string symbol)
        {
            if (!PeekSymbol(symbol))
            {
                return false;
            }

            // "<" must not take the first half of "<=", nor "-"/"+" part of nothing else; "!" must not take "!=".
            _at += symbol.Length;
            return true;
        }

        private bool TakeWord(string word)
        {
            Skip();
            if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0
                && (_at + word.Length == text.Length || !char.IsAsciiLetterOrDigit(text[_at + word.Length]) && text[_at + word.Length] != '_')
                && !(_at + word.Length < text.Length && text[_at + word.Length] == '('))
            {
                _at += word.Length;
                return true;
            }

            return false;
        }
    }

    /// <summary>Renders a value for a state reason (<c>[1.0 (03/12/26 10:00:00)]</c>-style lists use this).</summary>
    public static string Describe(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    /// <summary>A compact text of a series, for debugging and reason data.</summary>
    public static string Describe(MathSeries series)
    {
        var builder = new StringBuilder(series.Label).Append(':');
        foreach (var (t, v) in series.Points)
        {
            builder.Append(' ').Append(t.ToString(CultureInfo.InvariantCulture)).Append('=').Append(Describe(v));
        }

        return builder.ToString();
    }
}
