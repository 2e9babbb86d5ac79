using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl.Jsonata;

/// <summary>
/// A parsed JSONata expression of the subset this emulator evaluates (docs/DEVELOPMENT.md, "Step Functions": the
/// exact list). Parsing refuses anything outside the subset with a <see cref="FormatException"/> that names the
/// construct, so <c>CreateStateMachine</c> can answer <c>InvalidDefinition</c> instead of running it wrongly.
/// </summary>
/// <remarks>
/// Subset: literals (numbers, strings in single or double quotes, <c>true</c>, <c>false</c>, <c>null</c>), field
/// paths (<c>a.b</c>, backquoted names), variables (<c>$x</c>, <c>$states</c>, <c>$</c> the context), array and
/// object constructors, ranges <c>[1..5]</c>, predicates and indexes <c>a[0]</c>, <c>a[-1]</c>, <c>a[b &gt; 1]</c>,
/// operators <c>+ - * / %</c>, <c>&amp;</c>, <c>= != &lt; &lt;= &gt; &gt;=</c>, <c>in</c>, <c>and</c>, <c>or</c>,
/// unary minus, the conditional <c>c ? a : b</c>, parentheses, and calls of the functions in
/// <see cref="JsonataFunctions.Names"/>. Not in the subset: lambdas (<c>function</c>), variable binding
/// (<c>:=</c>), blocks with <c>;</c>, the chain operator <c>~&gt;</c>, regular expressions, <c>**</c>, the parent
/// operator, <c>@</c>/<c>#</c> bindings, transforms (<c>|…|</c>), sort (<c>^(…)</c>) and the keep-array <c>[]</c>.
/// </remarks>
public sealed class JsonataExpression
{
    private readonly Node _root;

    private JsonataExpression(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The expression text (without <c>{% %}</c>).</summary>
    public string Text { get; }

    /// <summary>Parses an expression.</summary>
    /// <param name="text">The text between <c>{%</c> and <c>%}</c>.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="FormatException">Syntax error, or a construct or function outside the subset (named in the message).</exception>
    public static JsonataExpression Parse(string text)
    {
        var parser = new Parser(Lexer.Tokenize(text), text);
        var root = parser.ParseExpression(0);
        parser.ExpectEnd();
        return new JsonataExpression(text, root);
    }

    /// <summary>Evaluates the expression.</summary>
    /// <param name="context">The context value <c>$</c> (Step Functions binds the state input).</param>
    /// <param name="variables">Variables by name without <c>$</c> (<c>states</c> and workflow variables).</param>
    /// <param name="now">The current time for <c>$now()</c> and <c>$millis()</c>.</param>
    /// <returns>The result; <see cref="JsonataValue.Undefined"/> when the expression yields nothing.</returns>
    /// <exception cref="AslRuntimeException"><c>States.QueryEvaluationError</c> for type errors.</exception>
    public JsonataValue Evaluate(JsonNode? context, IReadOnlyDictionary<string, JsonNode?> variables, DateTimeOffset now) =>
        _root.Evaluate(new Scope(JsonataValue.Of(context), variables, now));

    internal sealed record Scope(JsonataValue Context, IReadOnlyDictionary<string, JsonNode?> Variables, DateTimeOffset Now)
    {
        public Scope With(JsonataValue context) => this with { Context = context };
    }

    internal abstract record Node
    {
        public abstract JsonataValue Evaluate(Scope scope);
    }

    private sealed record LiteralNode(JsonNode? Value) : Node
    {
        public override JsonataValue Evaluate(Scope scope) => JsonataValue.Of(Value?.DeepClone());
    }

    private sealed record VariableNode(string Name) : Node
    {
        public override JsonataValue Evaluate(Scope scope) =>
            Name.Length == 0 ? scope.Context
            : scope.Variables.TryGetValue(Name, out var value) ? JsonataValue.Of(value) : JsonataValue.Undefined;
    }

    private sealed record FieldNode(string Name) : Node
    {
        public override JsonataValue Evaluate(Scope scope) => Navigate(scope.Context, Name);

        public static JsonataValue Navigate(JsonataValue from, string name)
        {
            if (!from.IsDefined)
            {
                return JsonataValue.Undefined;
            }

            return from.Node switch
            {
                JsonObject obj => obj.TryGetPropertyValue(name, out var v) ? JsonataValue.Of(v) : JsonataValue.Undefined,
                JsonArray array => JsonataValue.Sequence(array.Select(item => Navigate(JsonataValue.Of(item), name))),
                _ => JsonataValue.Undefined,
            };
        }
    }

    /// <summary><c>left.right</c>: evaluates <c>right</c> with each value of <c>left</c> as the context.</summary>
    private sealed record PathNode(Node Left, Node Right) : Node
    {
        public override JsonataValue Evaluate(Scope scope)
        {
            var left = Left.Evaluate(scope);
            if (!left.IsDefined)
            {
                return JsonataValue.Undefined;
            }

            if (Right is FieldNode field)
            {
                return FieldNode.Navigate(left, field.Name);
            }

            return left.Node is JsonArray array
                ? JsonataValue.Sequence(array.Select(item => Right.Evaluate(scope.With(JsonataValue.Of(item)))))
                : Right.Evaluate(scope.With(left));
        }
    }

    /// <summary><c>left[predicate]</c>: an index when the predicate is a number, a filter otherwise.</summary>
    private sealed record PredicateNode(Node Left, Node Predicate) : Node
    {
        public override JsonataValue Evaluate(Scope scope)
        {
            var left = Left.Evaluate(scope);
            if (!left.IsDefined)
            {
                return JsonataValue.Undefined;
            }

            var items = left.Node is JsonArray array ? array.ToList() : [left.Node];
            if (Predicate is LiteralNode { Value: JsonValue } literal && JsonValues.AsNumber(literal.Value) is { } constant)
            {
                var at = (int)Math.Floor(constant);
                at = at < 0 ? items.Count + at : at;
                return at >= 0 && at < items.Count ? JsonataValue.Of(items[at]) : JsonataValue.Undefined;
            }

            var kept = new List<JsonataValue>();
            for (var i = 0; i < items.Count; i++)
            {
                var test = Predicate.Evaluate(scope.With(JsonataValue.Of(items[i])));
                if (test.IsDefined && JsonValues.AsNumber(test.Node) is { } index)
                {
                    var at = (int)Math.Floor(index);
                    if ((at < 0 ? items.Count + at : at) == i)
                    {
                        kept.Add(JsonataValue.Of(items[i]));
                    }
                }
                else if (JsonataFunctions.Truthy(test))
                {
                    kept.Add(JsonataValue.Of(items[i]));
                }
            }

            return JsonataValue.Sequence(kept);
        }
    }

    private sealed record ArrayNode(IReadOnlyList<Node> Items) : Node
    {
        public override JsonataValue Evaluate(Scope scope)
        {
            var result = new JsonArray();
            foreach (var item in Items)
            {
                if (item is RangeNode range)
                {
                    foreach (var n in range.Expand(scope))
                    {
                        result.Add(JsonValues.Number(n));
                    }

                    continue;
                }

                // As JSONata's evaluateArray: a nested array constructor stays one item; any other array value
                // (a path's sequence, a variable holding an array) is appended item by item.
                var value = item.Evaluate(scope);
                if (!value.IsDefined)
                {
                    continue;
                }

                if (item is not ArrayNode && value.Node is JsonArray values)
                {
                    foreach (var element in values)
                    {
                        result.Add(element?.DeepClone());
                    }
                }
                else
                {
                    result.Add(value.Node?.DeepClone());
                }
            }

            return JsonataValue.Of(result);
        }
    }

    private sealed record RangeNode(Node From, Node To) : Node
    {
        public override JsonataValue Evaluate(Scope scope) => throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, "A range a..b is only allowed inside an array constructor.");

        public IEnumerable<long> Expand(Scope scope)
        {
            var from = JsonataFunctions.RequireNumber(From.Evaluate(scope), "..");
            var to = JsonataFunctions.RequireNumber(To.Evaluate(scope), "..");
            if (to - from > 10_000_000)
            {
                throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, "The range is larger than 10000000 items.");
            }

            for (var i = (long)from; i <= (long)to; i++)
            {
                yield return i;
            }
        }
    }

    private sealed record ObjectNode(IReadOnlyList<(Node Key, Node Value)> Members) : Node
    {
        public override JsonataValue Evaluate(Scope scope)
        {
            var result = new JsonObject();
            foreach (var (keyNode, valueNode) in Members)
            {
                var key = keyNode.Evaluate(scope);
                var name = JsonValues.AsString(key.Node) ?? throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, "An object key must be a string.");
                var value = valueNode.Evaluate(scope);
                if (value.IsDefined)
                {
                    result[name] = value.Node?.DeepClone();
                }
            }

            return JsonataValue.Of(result);
        }
    }

    private sealed record UnaryMinusNode(Node Operand) : Node
    {
        public override JsonataValue Evaluate(Scope scope)
        {
            var value = Operand.Evaluate(scope);
            return value.IsDefined ? JsonataValue.Of(JsonValues.Number(-JsonataFunctions.RequireNumber(value, "-"))) : JsonataValue.Undefined;
        }
    }

    private sealed record BinaryNode(string Operator, Node Left, Node Right) : Node
    {
        public override JsonataValue Evaluate(Scope scope)
        {
            if (Operator == "and")
            {
                return JsonataValue.Of(JsonValue.Create(JsonataFunctions.Truthy(Left.Evaluate(scope)) && JsonataFunctions.Truthy(Right.Evaluate(scope))));
            }

            if (Operator == "or")
            {
                return JsonataValue.Of(JsonValue.Create(JsonataFunctions.Truthy(Left.Evaluate(scope)) || JsonataFunctions.Truthy(Right.Evaluate(scope))));
            }

            var left = Left.Evaluate(scope);
            var right = Right.Evaluate(scope);
            return Operator switch
            {
                "&" => JsonataValue.Of(JsonValue.Create(JsonataFunctions.StringOf(left) + JsonataFunctions.StringOf(right))),
                "+" or "-" or "*" or "/" or "%" => Arithmetic(left, right),
                "=" => JsonataValue.Of(JsonValue.Create(left.IsDefined && right.IsDefined && JsonataFunctions.DeepEqual(left.Node, right.Node))),
                "!=" => JsonataValue.Of(JsonValue.Create(left.IsDefined && right.IsDefined && !JsonataFunctions.DeepEqual(left.Node, right.Node))),
                "in" => JsonataValue.Of(JsonValue.Create(left.IsDefined && right.IsDefined && (right.Node is JsonArray array ? array.Any(i => JsonataFunctions.DeepEqual(i, left.Node)) : JsonataFunctions.DeepEqual(right.Node, left.Node)))),
                _ => Compare(left, right),
            };
        }

        private JsonataValue Arithmetic(JsonataValue left, JsonataValue right)
        {
            if (!left.IsDefined || !right.IsDefined)
            {
                return JsonataValue.Undefined;
            }

            var a = JsonataFunctions.RequireNumber(left, Operator);
            var b = JsonataFunctions.RequireNumber(right, Operator);
            var result = Operator switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => a / b,
                _ => a % b,
            };
            return double.IsFinite(result)
                ? JsonataValue.Of(JsonValues.Number(result))
                : throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, $"The result of {Operator} is not a finite number.");
        }

        private JsonataValue Compare(JsonataValue left, JsonataValue right)
        {
            if (!left.IsDefined || !right.IsDefined)
            {
                return JsonataValue.Of(JsonValue.Create(false));
            }

            int order;
            if (JsonValues.AsNumber(left.Node) is { } a && JsonValues.AsNumber(right.Node) is { } b)
            {
                order = a.CompareTo(b);
            }
            else if (JsonValues.AsString(left.Node) is { } s && JsonValues.AsString(right.Node) is { } t)
            {
                order = string.CompareOrdinal(s, t);
            }
            else
            {
                throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, $"The operator {Operator} compares two numbers or two strings.");
            }

            return JsonataValue.Of(JsonValue.Create(Operator switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                _ => order >= 0,
            }));
        }
    }

    private sealed record ConditionalNode(Node Condition, Node Then, Node? Else) : Node
    {
        public override JsonataValue Evaluate(Scope scope) =>
            JsonataFunctions.Truthy(Condition.Evaluate(scope)) ? Then.Evaluate(scope) : Else?.Evaluate(scope) ?? JsonataValue.Undefined;
    }

    private sealed record CallNode(string Name, IReadOnlyList<Node> Arguments) : Node
    {
        public override JsonataValue Evaluate(Scope scope) =>
            JsonataFunctions.Call(Name, [.. Arguments.Select(a => a.Evaluate(scope))], scope.Now);
    }

    private enum TokenKind
    {
        Number,
        String,
        Name,
        Variable,
        Operator,
        End,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position);

    private static class Lexer
    {
        private static readonly string[] Operators = ["..", "!=", "<=", ">=", ":=", "~>", "**", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "?", "+", "-", "*", "/", "%", "&", "=", "<", ">", "|", "^", "@", "#"];

        public static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? throw new FormatException("A JSONata comment /* is not closed.") : end + 2;
                    continue;
                }

                if (c is '"' or '\'')
                {
                    tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), i));
                    continue;
                }

                if (c == '`')
                {
                    var end = text.IndexOf('`', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException("A backquoted JSONata name is not closed.");
                    }

                    tokens.Add(new Token(TokenKind.Name, text[(i + 1)..end], i));
                    i = end + 1;
                    continue;
                }

                if (char.IsDigit(c))
                {
                    var start = i;
                    while (i < text.Length && char.IsDigit(text[i]))
                    {
                        i++;
                    }

                    if (i + 1 < text.Length && text[i] == '.' && char.IsDigit(text[i + 1]))
                    {
                        i++;
                        while (i < text.Length && char.IsDigit(text[i]))
                        {
                            i++;
                        }
                    }

                    if (i < text.Length && text[i] is 'e' or 'E')
                    {
                        i++;
                        if (i < text.Length && text[i] is '+' or '-')
                        {
                            i++;
                        }

                        while (i < text.Length && char.IsDigit(text[i]))
                        {
                            i++;
                        }
                    }

                    tokens.Add(new Token(TokenKind.Number, text[start..i], start));
                    continue;
                }

                if (c == '$')
                {
                    var start = ++i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Variable, text[start..i], start - 1));
                    continue;
                }

                if (char.IsLetter(c) || c == '_')
                {
                    var start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Name, text[start..i], start));
                    continue;
                }

                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                    ?? throw new FormatException($"The character '{c}' at position {i} is not part of the supported JSONata subset.");
                tokens.Add(new Token(TokenKind.Operator, op, i));
                i += op.Length;
            }

            tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
            return tokens;
        }

        private static string ReadString(string text, ref int i)
        {
            var quote = text[i++];
            var value = new StringBuilder();
            while (i < text.Length && text[i] != quote)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                    switch (text[i])
                    {
                        case 'n': value.Append('\n'); break;
                        case 't': value.Append('\t'); break;
                        case 'r': value.Append('\r'); break;
                        case 'b': value.Append('\b'); break;
                        case 'f': value.Append('\f'); break;
                        case 'u' when i + 4 < text.Length:
                            value.Append((char)int.Parse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 4;
                            break;
                        default: value.Append(text[i]); break;
                    }

                    i++;
                    continue;
                }

                value.Append(text[i++]);
            }

            if (i >= text.Length)
            {
                throw new FormatException("A JSONata string is not closed.");
            }

            i++;
            return value.ToString();
        }
    }

    /// <summary>A Pratt parser over the token list.</summary>
    private sealed class Parser(List<Token> tokens, string text)
    {
        private int _at;

        private Token Current => tokens[_at];

        public void ExpectEnd()
        {
            if (Current.Kind != TokenKind.End)
            {
                throw Unsupported(Current);
            }
        }

        public Node ParseExpression(int minimum)
        {
            var left = ParsePrefix();
            while (true)
            {
                var token = Current;
                var op = token.Kind switch
                {
                    TokenKind.Operator => token.Text,
                    TokenKind.Name when token.Text is "and" or "or" or "in" => token.Text,
                    _ => null,
                };
                if (op is null || Precedence(op) is not { } precedence || precedence <= minimum)
                {
                    return left;
                }

                _at++;
                switch (op)
                {
                    case ".":
                        left = new PathNode(left, ParseStep());
                        break;
                    case "[":
                        if (Current is { Kind: TokenKind.Operator, Text: "]" })
                        {
                            throw new FormatException("The keep-array operator [] is not part of the supported JSONata subset.");
                        }

                        var predicate = ParseExpression(0);
                        Expect("]");
                        left = new PredicateNode(left, predicate);
                        break;
                    case "?":
                        var then = ParseExpression(0);
                        Node? otherwise = null;
                        if (Current is { Kind: TokenKind.Operator, Text: ":" })
                        {
                            _at++;
                            otherwise = ParseExpression(0);
                        }

                        left = new ConditionalNode(left, then, otherwise);
                        break;
                    case "..":
                        left = new RangeNode(left, ParseExpression(precedence));
                        break;
                    default:
                        left = new BinaryNode(op, left, ParseExpression(precedence));
                        break;
                }
            }
        }

        private static int? Precedence(string op) => op switch
        {
            "." => 75,
            "[" => 80,
            "*" or "/" or "%" => 60,
            "+" or "-" => 50,
            "&" => 50,
            "=" or "!=" or "<" or "<=" or ">" or ">=" or "in" => 40,
            "and" => 30,
            "or" => 25,
            ".." => 20,
            "?" => 20,
            _ => null,
        };

        private Node ParseStep()
        {
            var token = Current;
            if (token.Kind == TokenKind.Name)
            {
                _at++;
                return new FieldNode(token.Text);
            }

            if (token is { Kind: TokenKind.Operator, Text: "(" })
            {
                return ParsePrefix();
            }

            if (token.Kind == TokenKind.Variable)
            {
                return ParsePrefix();
            }

            throw Unsupported(token);
        }

        private Node ParsePrefix()
        {
            var token = Current;
            _at++;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    return new LiteralNode(JsonValues.Number(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture)));
                case TokenKind.String:
                    return new LiteralNode(JsonValue.Create(token.Text));
                case TokenKind.Name:
                    return token.Text switch
                    {
                        "true" => new LiteralNode(JsonValue.Create(true)),
                        "false" => new LiteralNode(JsonValue.Create(false)),
                        "null" => new LiteralNode(null),
                        "function" => throw new FormatException("Lambda functions (function($x){…}) are not part of the supported JSONata subset."),
                        _ => new FieldNode(token.Text),
                    };
                case TokenKind.Variable:
                    if (Current is { Kind: TokenKind.Operator, Text: "(" })
                    {
                        _at++;
                        if (!JsonataFunctions.Names.Contains(token.Text))
                        {
                            throw new FormatException($"The JSONata function ${token.Text} is not part of the supported subset (supported: {string.Join(", ", JsonataFunctions.Names.Order(StringComparer.Ordinal).Select(n => "$" + n))}).");
                        }

                        var arguments = new List<Node>();
                        if (Current is not { Kind: TokenKind.Operator, Text: ")" })
                        {
                            do
                            {
                                if (Current is { Kind: TokenKind.Operator, Text: "?" })
                                {
                                    throw new FormatException("Partial function application (?) is not part of the supported JSONata subset.");
                                }

                                arguments.Add(ParseExpression(0));
                            }
                            while (TryTake(","));
                        }

                        Expect(")");
                        return new CallNode(token.Text, arguments);
                    }

                    if (Current is { Kind: TokenKind.Operator, Text: ":=" })
                    {
                        throw new FormatException("Variable binding (:=) is not part of the supported JSONata subset; use the state's Assign field.");
                    }

                    return new VariableNode(token.Text);
                case TokenKind.Operator:
                    switch (token.Text)
                    {
                        case "-":
                            return new UnaryMinusNode(ParseExpression(70));
                        case "(":
                            var inner = ParseExpression(0);
                            if (Current is { Kind: TokenKind.Operator, Text: ";" })
                            {
                                throw new FormatException("Blocks of several expressions (a; b) are not part of the supported JSONata subset.");
                            }

                            Expect(")");
                            return inner;
                        case "[":
                            var items = new List<Node>();
                            if (!TryTake("]"))
                            {
                                do
                                {
                                    items.Add(ParseExpression(0));
                                }
                                while (TryTake(","));
                                Expect("]");
                            }

                            return new ArrayNode(items);
                        case "{":
                            var members = new List<(Node, Node)>();
                            if (!TryTake("}"))
                            {
                                do
                                {
                                    var key = ParseExpression(0);
                                    Expect(":");
                                    members.Add((key, ParseExpression(0)));
                                }
                                while (TryTake(","));
                                Expect("}");
                            }

                            return new ObjectNode(members);
                    }

                    break;
            }

            throw Unsupported(token);
        }

        private bool TryTake(string op)
        {
            if (Current is { Kind: TokenKind.Operator } token && token.Text == op)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void Expect(string op)
        {
            if (!TryTake(op))
            {
                throw Unsupported(Current, $"'{op}' was expected");
            }
        }

        private FormatException Unsupported(Token token, string? expected = null)
        {
            var construct = token.Text switch
            {
                "~>" => "The chain operator ~>",
                "**" => "The descendant wildcard **",
                "*" => "The wildcard *",
                "%" => "The parent operator %",
                "@" => "The context binding operator @",
                "#" => "The positional binding operator #",
                "|" => "The transform operator |…|",
                "^" => "The order-by operator ^(…)",
                "/" => "Regular expressions /…/",
                ":=" => "Variable binding :=",
                ";" => "Blocks of several expressions (a; b)",
                _ => null,
            };
            return construct is not null
                ? new FormatException($"{construct} is not part of the supported JSONata subset (at position {token.Position} of '{text}').")
                : new FormatException($"Unexpected '{(token.Kind == TokenKind.End ? "end of expression" : token.Text)}' at position {token.Position} of the JSONata expression '{text}'{(expected is null ? string.Empty : $": {expected}")}.");
        }
    }
}

/// <summary>A JSONata result: a JSON value (possibly JSON <c>null</c>) or nothing (<see cref="Undefined"/>).</summary>
/// <param name="IsDefined">Whether there is a value.</param>
/// <param name="Node">The value when defined.</param>
public readonly record struct JsonataValue(bool IsDefined, JsonNode? Node)
{
    /// <summary>No value.</summary>
    public static JsonataValue Undefined => default;

    /// <summary>A defined value.</summary>
    /// <param name="node">The value (<c>null</c> is JSON null).</param>
    /// <returns>The result.</returns>
    public static JsonataValue Of(JsonNode? node) => new(true, node);

    /// <summary>A sequence flattened as JSONata flattens path results: nothing, one value, or an array.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The result.</returns>
    public static JsonataValue Sequence(IEnumerable<JsonataValue> values)
    {
        var items = new List<JsonNode?>();
        foreach (var value in values.Where(v => v.IsDefined))
        {
            if (value.Node is JsonArray array)
            {
                items.AddRange(array.Select(i => i?.DeepClone()));
            }
            else
            {
                items.Add(value.Node?.DeepClone());
            }
        }

        return items.Count switch
        {
            0 => Undefined,
            1 => Of(items[0]),
            _ => Of(new JsonArray([.. items])),
        };
    }
}
