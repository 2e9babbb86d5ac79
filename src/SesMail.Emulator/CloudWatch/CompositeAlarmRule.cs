namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// A composite alarm's <c>AlarmRule</c> (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html):
/// <c>ALARM(name)</c>, <c>OK(name)</c>, <c>INSUFFICIENT_DATA(name)</c>, <c>TRUE</c>, <c>FALSE</c>, combined with
/// <c>AND</c>, <c>OR</c>, <c>NOT</c> and parentheses. A name may be quoted (<c>"a b"</c>) and may be an alarm ARN.
/// </summary>
internal sealed class CompositeAlarmRule
{
    private readonly Node _root;

    private CompositeAlarmRule(Node root, IReadOnlyList<string> alarms)
    {
        _root = root;
        Alarms = alarms;
    }

    /// <summary>The alarm names (or ARNs) the rule reads, in order of appearance.</summary>
    public IReadOnlyList<string> Alarms { get; }

    /// <summary>Parses a rule.</summary>
    /// <param name="rule">The rule text (at most 10,240 characters).</param>
    /// <returns>The rule.</returns>
    /// <exception cref="FormatException">The rule is malformed.</exception>
    public static CompositeAlarmRule Parse(string rule)
    {
        var parser = new Parser(rule);
        var root = parser.ParseOr();
        parser.Skip();
        if (!parser.AtEnd)
        {
            throw new FormatException($"Unexpected '{parser.Rest}' in the alarm rule.");
        }

        return new CompositeAlarmRule(root, parser.Alarms);
    }

    /// <summary>Evaluates the rule.</summary>
    /// <param name="stateOf">The state of a named alarm (<c>ALARM</c>, <c>OK</c>, <c>INSUFFICIENT_DATA</c>).</param>
    /// <returns>Whether the rule is TRUE (the composite alarm is in ALARM).</returns>
    public bool Evaluate(Func<string, string> stateOf) => Eval(_root, stateOf);

    private static bool Eval(Node node, Func<string, string> stateOf) => node switch
    {
        Constant c => c.Value,
        StateTest t => stateOf(t.Alarm) == t.State,
        Not n => !Eval(n.Operand, stateOf),
        And a => Eval(a.Left, stateOf) && Eval(a.Right, stateOf),
        Or o => Eval(o.Left, stateOf) || Eval(o.Right, stateOf),
        _ => false,
    };

    private abstract record Node;

    private sealed record Constant(bool Value) : Node;

    private sealed record StateTest(string State, string Alarm) : Node;

    private sealed record Not(Node Operand) : Node;

    private sealed record And(Node Left, Node Right) : Node;

    private sealed record Or(Node Left, Node Right) : Node;

    private sealed class Parser(string text)
    {
        private int _at;

        public List<string> Alarms { get; } = [];

        public bool AtEnd => _at >= text.Length;

        public string Rest => text[_at..];

        public void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (TakeWord("OR"))
            {
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (TakeWord("AND"))
            {
                left = new And(left, ParseNot());
            }

            return left;
        }

        private Node ParseNot() => TakeWord("NOT") ? new Not(ParseNot()) : ParsePrimary();

        private Node ParsePrimary()
        {
            Skip();
            if (TakeChar('('))
            {
                var inner = ParseOr();
                if (!TakeChar(')'))
                {
                    throw new FormatException("Expected ')' in the alarm rule.");
                }

                return inner;
            }

            if (TakeWord("TRUE"))
            {
                return new Constant(true);
            }

            if (TakeWord("FALSE"))
            {
                return new Constant(false);
            }

            foreach (var state in (string[])["INSUFFICIENT_DATA", "ALARM", "OK"])
            {
                if (TakeWord(state))
                {
                    if (!TakeChar('('))
                    {
                        throw new FormatException($"Expected '(' after {state} in the alarm rule.");
                    }

                    Skip();
                    string name;
                    if (!AtEnd && text[_at] is '"' or '\'')
                    {
                        var quote = text[_at];
                        var end = text.IndexOf(quote, _at + 1);
                        if (end < 0)
                        {
                            throw new FormatException("Unterminated quoted alarm name in the alarm rule.");
                        }

                        name = text[(_at + 1)..end];
                        _at = end + 1;
                    }
                    else
                    {
                        var end = text.IndexOf(')', _at);
                        if (end < 0)
                        {
                            throw new FormatException($"Expected ')' after the alarm name in {state}(…).");
                        }

                        name = text[_at..end].Trim();
                        _at = end;
                    }

                    if (!TakeChar(')') || name.Length == 0)
                    {
                        throw new FormatException($"{state}(…) needs one alarm name or ARN.");
                    }

                    Alarms.Add(name);
                    return new StateTest(state, name);
                }
            }

            throw new FormatException($"Unexpected '{(AtEnd ? "end of rule" : Rest)}' in the alarm rule: expected ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT or '('.");
        }

        private bool TakeChar(char c)
        {
            Skip();
            if (!AtEnd && text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        private bool TakeWord(string word)
        {
            Skip();
            if (string.CompareOrdinal(text, _at, word, 0, word.Length) == 0
                && (_at + word.Length == text.Length || !(char.IsAsciiLetterOrDigit(text[_at + word.Length]) || text[_at + word.Length] == '_')))
            {
                _at += word.Length;
                return true;
            }

            return false;
        }
    }
}
