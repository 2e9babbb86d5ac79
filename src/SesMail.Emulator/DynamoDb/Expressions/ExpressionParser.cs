using System.Globalization;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>
/// A recursive-descent parser for DynamoDB's expression language: condition, filter and key-condition expressions,
/// projection expressions and update expressions. Placeholders are resolved while parsing.
/// </summary>
/// <remarks>
/// <para>Grammar (keywords case-insensitive, function names case-sensitive; precedence low to high: OR, AND, NOT,
/// then comparisons, IN, BETWEEN and functions), after
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html and
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html:</para>
/// <code>
/// condition   ::= disjunction
/// disjunction ::= conjunction ( "OR" conjunction )*
/// conjunction ::= negation ( "AND" negation )*
/// negation    ::= "NOT" negation | primary
/// primary     ::= "(" condition ")"
///               | function "(" operand ( "," operand )* ")"          ; attribute_exists, attribute_not_exists,
///                                                                    ; attribute_type, begins_with, contains
///               | operand comparator operand                        ; = &lt;&gt; &lt; &lt;= &gt; &gt;=
///               | operand "BETWEEN" operand "AND" operand
///               | operand "IN" "(" operand ( "," operand )* ")"
/// operand     ::= path | value | "size" "(" path ")"
/// path        ::= name ( "." name | "[" digits "]" )*
/// name        ::= identifier | "#" word                             ; #word from ExpressionAttributeNames
/// value       ::= ":" word                                          ; from ExpressionAttributeValues
///
/// projection  ::= path ( "," path )*
///
/// update      ::= clause+                                           ; each clause keyword at most once
/// clause      ::= "SET" set ( "," set )* | "REMOVE" path ( "," path )*
///               | "ADD" path value ( "," path value )* | "DELETE" path value ( "," path value )*
/// set         ::= path "=" setvalue
/// setvalue    ::= setoperand ( ( "+" | "-" ) setoperand )?
/// setoperand  ::= path | value | "if_not_exists" "(" path "," setvalue ")" | "list_append" "(" setvalue "," setvalue ")"
/// </code>
/// <para>Key-condition expressions use the condition grammar; <see cref="KeyCondition"/> then checks the
/// restrictions (equality on the partition key, one sort-key condition, AND only).</para>
/// </remarks>
internal sealed class ExpressionParser
{
    private static readonly HashSet<string> BooleanFunctions = new(StringComparer.Ordinal)
    {
        "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
    };

    private static readonly HashSet<string> Comparators = new(StringComparer.Ordinal) { "=", "<>", "<", "<=", ">", ">=" };

    private readonly string _text;
    private readonly string _kind;
    private readonly ExpressionAttributes _attributes;
    private readonly List<Token> _tokens;
    private int _position;

    private ExpressionParser(string text, string kind, ExpressionAttributes attributes)
    {
        _text = text;
        _kind = kind;
        _attributes = attributes;
        _tokens = Tokenize(text, kind);
    }

    /// <summary>Parses a condition (ConditionExpression, FilterExpression or KeyConditionExpression).</summary>
    /// <param name="text">The expression.</param>
    /// <param name="kind">The request member name, used in messages.</param>
    /// <param name="attributes">The request's placeholders.</param>
    /// <returns>The condition tree.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> for syntax and placeholder errors.</exception>
    public static Condition ParseCondition(string text, string kind, ExpressionAttributes attributes)
    {
        var parser = new ExpressionParser(text, kind, attributes);
        parser.RequireNonEmpty();
        var condition = parser.ParseDisjunction();
        parser.ExpectEnd();
        return condition;
    }

    /// <summary>Parses a ProjectionExpression.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="attributes">The request's placeholders.</param>
    /// <returns>The paths.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> for syntax and placeholder errors.</exception>
    public static IReadOnlyList<DocumentPath> ParseProjection(string text, ExpressionAttributes attributes)
    {
        var parser = new ExpressionParser(text, "ProjectionExpression", attributes);
        parser.RequireNonEmpty();
        var paths = new List<DocumentPath> { parser.ParsePath() };
        while (parser.TryTake(","))
        {
            paths.Add(parser.ParsePath());
        }

        parser.ExpectEnd();
        for (var i = 0; i < paths.Count; i++)
        {
            for (var j = i + 1; j < paths.Count; j++)
            {
                if (paths[i].Overlaps(paths[j]))
                {
                    throw DynamoDbErrors.Validation($"Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {paths[i]}, path two: {paths[j]}");
                }
            }
        }

        return paths;
    }

    /// <summary>Parses an UpdateExpression.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="attributes">The request's placeholders.</param>
    /// <returns>The actions in written order.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> for syntax, placeholder, operand-type and overlap errors.</exception>
    public static IReadOnlyList<UpdateAction> ParseUpdate(string text, ExpressionAttributes attributes)
    {
        var parser = new ExpressionParser(text, "UpdateExpression", attributes);
        parser.RequireNonEmpty();
        var actions = new List<UpdateAction>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!parser.AtEnd)
        {
            var keyword = parser.Peek();
            var clause = keyword.Kind == TokenKind.Identifier ? keyword.Text.ToUpperInvariant() : string.Empty;
            if (clause is not ("SET" or "REMOVE" or "ADD" or "DELETE"))
            {
                throw parser.SyntaxError(keyword);
            }

            parser._position++;
            if (!seen.Add(clause))
            {
                throw DynamoDbErrors.Validation($"Invalid UpdateExpression: The \"{clause}\" section can only be used once in an update expression;");
            }

            do
            {
                var path = parser.ParsePath();
                switch (clause)
                {
                    case "SET":
                        parser.Expect("=");
                        actions.Add(new UpdateAction(UpdateActionKind.Set, path, parser.ParseSetValue()));
                        break;
                    case "REMOVE":
                        actions.Add(new UpdateAction(UpdateActionKind.Remove, path, null));
                        break;
                    default:
                        {
                            var token = parser.Next();
                            if (token.Kind != TokenKind.Value)
                            {
                                throw parser.SyntaxError(token);
                            }

                            var value = new ValueOperand(token.Text, attributes.Value(token.Text, "UpdateExpression"));
                            var type = AttributeValues.TypeOf(value.Value);
                            var allowed = clause == "ADD" ? type is "N" or "SS" or "NS" or "BS" : type is "SS" or "NS" or "BS";
                            if (!allowed)
                            {
                                throw DynamoDbErrors.Validation($"Invalid UpdateExpression: Incorrect operand type for operator or function; operator: {clause}, operand type: {TypeName(type)}, typeSet: {(clause == "ADD" ? "ALLOWED_FOR_ADD_OPERAND" : "ALLOWED_FOR_DELETE_OPERAND")}");
                            }

                            actions.Add(new UpdateAction(clause == "ADD" ? UpdateActionKind.Add : UpdateActionKind.Delete, path, value));
                            break;
                        }
                }
            }
            while (parser.TryTake(","));
        }

        for (var i = 0; i < actions.Count; i++)
        {
            for (var j = i + 1; j < actions.Count; j++)
            {
                if (actions[i].Path.Overlaps(actions[j].Path))
                {
                    throw DynamoDbErrors.Validation($"Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {actions[i].Path}, path two: {actions[j].Path}");
                }
            }
        }

        return actions;
    }

    /// <summary>DynamoDB's long type names used in operand-type messages.</summary>
    /// <param name="type">A type descriptor.</param>
    /// <returns>e.g. <c>STRING</c>.</returns>
    public static string TypeName(string type) => type switch
    {
        "S" => "STRING",
        "N" => "NUMBER",
        "B" => "BINARY",
        "BOOL" => "BOOLEAN",
        "NULL" => "NULL",
        "M" => "MAP",
        "L" => "LIST",
        "SS" => "STRING_SET",
        "NS" => "NUMBER_SET",
        "BS" => "BINARY_SET",
        _ => type,
    };

    private bool AtEnd => _position >= _tokens.Count;

    private Condition ParseDisjunction()
    {
        var left = ParseConjunction();
        while (TryTakeKeyword("OR"))
        {
            left = new OrCondition(left, ParseConjunction());
        }

        return left;
    }

    private Condition ParseConjunction()
    {
        var left = ParseNegation();
        while (TryTakeKeyword("AND"))
        {
            left = new AndCondition(left, ParseNegation());
        }

        return left;
    }

    private Condition ParseNegation() => TryTakeKeyword("NOT") ? new NotCondition(ParseNegation()) : ParsePrimary();

    private Condition ParsePrimary()
    {
        var token = Peek();
        if (token.Is("("))
        {
            _position++;
            var inner = ParseDisjunction();
            Expect(")");
            return inner;
        }

        if (token.Kind == TokenKind.Identifier && PeekAt(1).Is("(") && BooleanFunctions.Contains(token.Text))
        {
            _position += 2;
            var arguments = ParseArguments();
            var function = new FunctionCondition(token.Text, arguments);
            ValidateFunction(function);
            var after = AtEnd ? null : (Token?)Peek();
            if (after is { } a && Comparators.Contains(a.Text) && a.Kind == TokenKind.Punctuation)
            {
                throw DynamoDbErrors.Validation($"Invalid {_kind}: The function is not allowed to be used this way in an expression; function: {token.Text}");
            }

            return function;
        }

        var left = ParseOperand();
        var op = Next();
        if (op.Kind == TokenKind.Punctuation && Comparators.Contains(op.Text))
        {
            var right = ParseOperand();
            if (op.Text is not ("=" or "<>"))
            {
                CheckComparable(op.Text, left);
                CheckComparable(op.Text, right);
            }

            return new ComparisonCondition(left, op.Text, right);
        }

        if (op.IsKeyword("BETWEEN"))
        {
            var low = ParseOperand();
            ExpectKeyword("AND");
            var high = ParseOperand();
            CheckComparable("BETWEEN", left);
            CheckComparable("BETWEEN", low);
            CheckComparable("BETWEEN", high);
            if (low is ValueOperand lv && high is ValueOperand hv && AttributeValues.Compare(lv.Value, hv.Value) is > 0)
            {
                throw DynamoDbErrors.Validation($"Invalid {_kind}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: AttributeValue: {AttributeValues.Describe(lv.Value)}, upper operand: AttributeValue: {AttributeValues.Describe(hv.Value)}");
            }

            return new BetweenCondition(left, low, high);
        }

        if (op.IsKeyword("IN"))
        {
            Expect("(");
            var candidates = new List<Operand> { ParseOperand() };
            while (TryTake(","))
            {
                candidates.Add(ParseOperand());
            }

            Expect(")");
            if (candidates.Count > 100)
            {
                throw DynamoDbErrors.Validation($"Invalid {_kind}: The IN operator is provided with too many operands; number of operands: {candidates.Count}");
            }

            return new InCondition(left, candidates);
        }

        throw SyntaxError(op);
    }

    private List<Operand> ParseArguments()
    {
        var arguments = new List<Operand> { ParseOperand() };
        while (TryTake(","))
        {
            arguments.Add(ParseOperand());
        }

        Expect(")");
        return arguments;
    }

    private void ValidateFunction(FunctionCondition function)
    {
        var expected = function.Name is "attribute_exists" or "attribute_not_exists" ? 1 : 2;
        if (function.Arguments.Count != expected)
        {
            throw DynamoDbErrors.Validation($"Invalid {_kind}: Incorrect number of operands for operator or function; operator or function: {function.Name}, number of operands: {function.Arguments.Count}");
        }

        if (function.Arguments[0] is not PathOperand && function.Name != "contains" && function.Name != "begins_with")
        {
            throw DynamoDbErrors.Validation($"Invalid {_kind}: Operator or function requires a document path; operator or function: {function.Name}");
        }

        if (function.Name == "attribute_type" && function.Arguments[1] is ValueOperand typeValue)
        {
            var name = AttributeValues.TypeOf(typeValue.Value) == "S" ? AttributeValues.Payload(typeValue.Value)!.GetValue<string>() : null;
            if (name is null || !AttributeValues.Types.Contains(name))
            {
                throw DynamoDbErrors.Validation($"Invalid {_kind}: Invalid attribute type name found; type: {name ?? AttributeValues.TypeOf(typeValue.Value)}, valid types: {{ B,NULL,SS,BOOL,L,BS,N,NS,S,M }}");
            }
        }

        if (function.Name == "begins_with")
        {
            foreach (var argument in function.Arguments)
            {
                if (argument is ValueOperand v && AttributeValues.TypeOf(v.Value) is not ("S" or "B"))
                {
                    throw DynamoDbErrors.Validation($"Invalid {_kind}: Incorrect operand type for operator or function; operator or function: begins_with, operand type: {AttributeValues.TypeOf(v.Value)}");
                }
            }
        }
    }

    private void CheckComparable(string op, Operand operand)
    {
        if (operand is ValueOperand v && AttributeValues.TypeOf(v.Value) is not ("S" or "N" or "B"))
        {
            throw DynamoDbErrors.Validation($"Invalid {_kind}: Incorrect operand type for operator or function; operator or function: {op}, operand type: {AttributeValues.TypeOf(v.Value)}");
        }
    }

    private Operand ParseOperand()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Value)
        {
            _position++;
            return new ValueOperand(token.Text, _attributes.Value(token.Text, _kind));
        }

        if (token.Kind == TokenKind.Identifier && PeekAt(1).Is("("))
        {
            if (token.Text == "size")
            {
                _position += 2;
                var path = ParsePath();
                Expect(")");
                return new SizeOperand(path);
            }

            if (BooleanFunctions.Contains(token.Text))
            {
                throw DynamoDbErrors.Validation($"Invalid {_kind}: The function is not allowed to be used this way in an expression; function: {token.Text}");
            }

            if (token.Text is "if_not_exists" or "list_append")
            {
                throw DynamoDbErrors.Validation($"Invalid {_kind}: The function is not allowed in a {(_kind == "UpdateExpression" ? "update" : "condition")} expression; function: {token.Text}");
            }

            throw DynamoDbErrors.Validation($"Invalid {_kind}: Invalid function name; function: {token.Text}");
        }

        return new PathOperand(ParsePath());
    }

    private Operand ParseSetValue()
    {
        var left = ParseSetOperand();
        if (TryTake("+"))
        {
            return new ArithmeticOperand(left, '+', ParseSetOperand());
        }

        if (TryTake("-"))
        {
            return new ArithmeticOperand(left, '-', ParseSetOperand());
        }

        return left;
    }

    private Operand ParseSetOperand()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Identifier && PeekAt(1).Is("("))
        {
            _position += 2;
            switch (token.Text)
            {
                case "if_not_exists":
                    {
                        var path = ParsePath();
                        Expect(",");
                        var fallback = ParseSetValue();
                        Expect(")");
                        return new IfNotExistsOperand(path, fallback);
                    }

                case "list_append":
                    {
                        var first = ParseSetValue();
                        Expect(",");
                        var second = ParseSetValue();
                        Expect(")");
                        foreach (var operand in new[] { first, second })
                        {
                            if (operand is ValueOperand v && AttributeValues.TypeOf(v.Value) != "L")
                            {
                                throw DynamoDbErrors.Validation($"Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: {AttributeValues.TypeOf(v.Value)}");
                            }
                        }

                        return new ListAppendOperand(first, second);
                    }

                case "size":
                case "attribute_exists":
                case "attribute_not_exists":
                case "attribute_type":
                case "begins_with":
                case "contains":
                    throw DynamoDbErrors.Validation($"Invalid UpdateExpression: The function is not allowed in a update expression; function: {token.Text}");
                default:
                    throw DynamoDbErrors.Validation($"Invalid UpdateExpression: Invalid function name; function: {token.Text}");
            }
        }

        if (token.Kind == TokenKind.Value)
        {
            _position++;
            return new ValueOperand(token.Text, _attributes.Value(token.Text, _kind));
        }

        return new PathOperand(ParsePath());
    }

    private DocumentPath ParsePath()
    {
        var elements = new List<PathElement> { new(ParseName(), 0) };
        while (!AtEnd)
        {
            if (TryTake("."))
            {
                elements.Add(new PathElement(ParseName(), 0));
            }
            else if (Peek().Is("["))
            {
                _position++;
                var index = Next();
                if (index.Kind != TokenKind.Number || !int.TryParse(index.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                {
                    throw SyntaxError(index);
                }

                Expect("]");
                elements.Add(new PathElement(null, i));
            }
            else
            {
                break;
            }
        }

        return new DocumentPath(elements);
    }

    private string ParseName()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Name:
                return _attributes.Name(token.Text, _kind);
            case TokenKind.Identifier:
                if (ReservedWords.Contains(token.Text))
                {
                    throw DynamoDbErrors.Validation($"Invalid {_kind}: Attribute name is a reserved keyword; reserved keyword: {token.Text}");
                }

                return token.Text;
            default:
                throw SyntaxError(token);
        }
    }

    private void RequireNonEmpty()
    {
        if (_tokens.Count == 0)
        {
            throw DynamoDbErrors.Validation($"Invalid {_kind}: The expression can not be empty;");
        }
    }

    private Token Peek() => _position < _tokens.Count ? _tokens[_position] : Token.EndOfInput(_text.Length);

    private Token PeekAt(int offset) => _position + offset < _tokens.Count ? _tokens[_position + offset] : Token.EndOfInput(_text.Length);

    private Token Next()
    {
        var token = Peek();
        _position++;
        return token;
    }

    private bool TryTake(string punctuation)
    {
        if (!AtEnd && Peek().Is(punctuation))
        {
            _position++;
            return true;
        }

        return false;
    }

    private bool TryTakeKeyword(string keyword)
    {
        if (!AtEnd && Peek().IsKeyword(keyword))
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string punctuation)
    {
        var token = Next();
        if (!token.Is(punctuation))
        {
            throw SyntaxError(token);
        }
    }

    private void ExpectKeyword(string keyword)
    {
        var token = Next();
        if (!token.IsKeyword(keyword))
        {
            throw SyntaxError(token);
        }
    }

    private void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw SyntaxError(Peek());
        }
    }

    private Protocols.AwsServiceException SyntaxError(Token token)
    {
        var index = _tokens.IndexOf(token);
        var start = index > 0 ? _tokens[index - 1].Start : (index == 0 ? token.Start : (_tokens.Count > 0 ? _tokens[^1].Start : 0));
        var end = index >= 0 ? (index + 1 < _tokens.Count ? _tokens[index + 1].End : token.End) : _text.Length;
        var near = _text[start..Math.Max(start, end)];
        var shown = token.Kind == TokenKind.End ? "<EOF>" : token.Text;
        return DynamoDbErrors.Validation($"Invalid {_kind}: Syntax error; token: \"{shown}\", near: \"{near}\"");
    }

    private static List<Token> Tokenize(string text, string kind)
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

            var start = i;
            if (c is '#' or ':')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                if (i == start + 1)
                {
                    throw DynamoDbErrors.Validation($"Invalid {kind}: Syntax error; token: \"{c}\", near: \"{text[Math.Max(0, start - 1)..Math.Min(text.Length, start + 2)]}\"");
                }

                tokens.Add(new Token(c == '#' ? TokenKind.Name : TokenKind.Value, text[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if ((c is '<' or '>') && i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>')))
            {
                i += 2;
                tokens.Add(new Token(TokenKind.Punctuation, text[start..i], start));
            }
            else if (c is '=' or '<' or '>' or '(' or ')' or ',' or '.' or '[' or ']' or '+' or '-')
            {
                i++;
                tokens.Add(new Token(TokenKind.Punctuation, text[start..i], start));
            }
            else
            {
                throw DynamoDbErrors.Validation($"Invalid {kind}: Syntax error; token: \"{c}\", near: \"{text[Math.Max(0, start - 1)..Math.Min(text.Length, start + 2)]}\"");
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Identifier,
        Name,
        Value,
        Number,
        Punctuation,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Start)
    {
        public int End => Start + Text.Length;

        public static Token EndOfInput(int at) => new(TokenKind.End, string.Empty, at);

        public bool Is(string punctuation) => Kind == TokenKind.Punctuation && Text == punctuation;

        public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
    }
}
