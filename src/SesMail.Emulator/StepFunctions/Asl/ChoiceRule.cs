using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SesMail.Emulator.StepFunctions.Asl.Jsonata;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// A Choice rule (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html): in JSONPath states a
/// <c>Variable</c> with one comparison operator, or <c>And</c>/<c>Or</c>/<c>Not</c>; in JSONata states a
/// <c>Condition</c> expression. Every operator of the page is supported, with its <c>…Path</c> variant:
/// <c>String{Equals,LessThan,GreaterThan,LessThanEquals,GreaterThanEquals,Matches}</c>,
/// <c>Numeric{…}</c>, <c>BooleanEquals</c>, <c>Timestamp{…}</c>, <c>IsNull</c>, <c>IsPresent</c>,
/// <c>IsNumeric</c>, <c>IsString</c>, <c>IsBoolean</c>, <c>IsTimestamp</c>.
/// </summary>
public abstract record ChoiceRule
{
    private static readonly string[] Kinds = ["String", "Numeric", "Boolean", "Timestamp"];
    private static readonly string[] Comparisons = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];

    /// <summary>Every comparison operator name (without and with the <c>Path</c> suffix).</summary>
    public static readonly IReadOnlySet<string> Operators = BuildOperators();

    /// <summary>Evaluates the rule.</summary>
    /// <param name="input">The Choice state's effective input.</param>
    /// <param name="resolve">Resolves a path (input, context, variable); <c>null</c> when absent.</param>
    /// <returns>Whether the rule matches.</returns>
    public abstract bool Matches(JsonNode? input, Func<JsonPath, (bool Found, JsonNode? Value)> resolve);

    /// <summary>Parses a JSONPath rule (top level or nested).</summary>
    /// <param name="rule">The rule object.</param>
    /// <param name="location">Its location, for diagnostics.</param>
    /// <param name="diagnostics">Where problems are reported.</param>
    /// <returns>The rule, or <c>null</c> when invalid.</returns>
    public static ChoiceRule? Parse(JsonObject rule, string location, List<AslDiagnostic> diagnostics)
    {
        static bool Report(List<AslDiagnostic> d, string message, string at)
        {
            d.Add(new("ERROR", "SCHEMA_VALIDATION_FAILED", message, at));
            return false;
        }

        var combinators = new[] { "And", "Or", "Not" }.Where(rule.ContainsKey).ToList();
        var operators = rule.Select(p => p.Key).Where(Operators.Contains).ToList();
        foreach (var (key, _) in rule)
        {
            if (key is not ("Variable" or "Next" or "Comment" or "And" or "Or" or "Not" or "Assign") && !Operators.Contains(key))
            {
                Report(diagnostics, $"The field '{key}' is not supported in a Choice rule", $"{location}/{key}");
                return null;
            }
        }

        if (combinators.Count + operators.Count != 1)
        {
            Report(diagnostics, "A Choice rule must have exactly one comparison operator, or one of And, Or, Not", location);
            return null;
        }

        if (combinators.Count == 1)
        {
            if (rule.ContainsKey("Variable"))
            {
                Report(diagnostics, "A Choice rule with And, Or or Not has no Variable", location);
                return null;
            }

            var name = combinators[0];
            if (name == "Not")
            {
                return rule["Not"] is JsonObject inner && Parse(inner, $"{location}/Not", diagnostics) is { } parsed
                    ? new NotRule(parsed)
                    : Fail(diagnostics, "Not takes one rule object", $"{location}/Not");
            }

            if (rule[name] is not JsonArray { Count: > 0 } list)
            {
                return Fail(diagnostics, $"{name} takes a non-empty array of rules", $"{location}/{name}");
            }

            var rules = new List<ChoiceRule>();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not JsonObject item || Parse(item, $"{location}/{name}[{i}]", diagnostics) is not { } parsedItem)
                {
                    return null;
                }

                rules.Add(parsedItem);
            }

            return name == "And" ? new AndRule(rules) : new OrRule(rules);
        }

        var op = operators[0];
        if (JsonValues.AsString(rule["Variable"]) is not { } variableText || !JsonPath.TryParse(variableText, out var variable))
        {
            return Fail(diagnostics, "A comparison needs a Variable that is a valid JSONPath", $"{location}/Variable");
        }

        var operand = rule[op];
        if (op.EndsWith("Path", StringComparison.Ordinal) && op is not "IsPresent")
        {
            return JsonValues.AsString(operand) is { } pathText && JsonPath.TryParse(pathText, out var path)
                ? new CompareRule(variable!, op[..^4], null, path)
                : Fail(diagnostics, $"{op} takes a valid JSONPath", $"{location}/{op}");
        }

        var expected = op switch
        {
            "IsNull" or "IsPresent" or "IsNumeric" or "IsString" or "IsBoolean" or "IsTimestamp" or "BooleanEquals" => JsonValueKind.True,
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) => JsonValueKind.Number,
            _ => JsonValueKind.String,
        };
        var kind = JsonValues.Kind(operand);
        var valid = expected == JsonValueKind.True ? kind is JsonValueKind.True or JsonValueKind.False : kind == expected;
        if (!valid)
        {
            return Fail(diagnostics, $"{op} takes a {(expected == JsonValueKind.True ? "boolean" : expected.ToString().ToLowerInvariant())}", $"{location}/{op}");
        }

        if (op.StartsWith("Timestamp", StringComparison.Ordinal) && !TryTimestamp(JsonValues.AsString(operand)!, out _))
        {
            return Fail(diagnostics, $"{op} takes an RFC 3339 timestamp such as 2016-08-18T17:33:00Z", $"{location}/{op}");
        }

        return op.StartsWith("Is", StringComparison.Ordinal)
            ? new TypeTestRule(variable!, op, JsonValues.AsBoolean(operand)!.Value)
            : new CompareRule(variable!, op, operand?.DeepClone(), null);

        static ChoiceRule? Fail(List<AslDiagnostic> d, string message, string at)
        {
            Report(d, message, at);
            return null;
        }
    }

    /// <summary>Reads an RFC 3339 timestamp as Step Functions accepts it (uppercase T, offset or Z).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The instant.</param>
    /// <returns>Whether it is a timestamp.</returns>
    public static bool TryTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        return text.Length >= 20 && text[10] == 'T' && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static HashSet<string> BuildOperators()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in Kinds)
        {
            foreach (var comparison in Comparisons)
            {
                if (kind == "Boolean" && comparison != "Equals")
                {
                    continue;
                }

                names.Add(kind + comparison);
                names.Add(kind + comparison + "Path");
            }
        }

        names.Add("StringMatches");
        foreach (var test in new[] { "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp" })
        {
            names.Add(test);
        }

        return names;
    }

    private sealed record AndRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule
    {
        public override bool Matches(JsonNode? input, Func<JsonPath, (bool Found, JsonNode? Value)> resolve) => Rules.All(r => r.Matches(input, resolve));
    }

    private sealed record OrRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule
    {
        public override bool Matches(JsonNode? input, Func<JsonPath, (bool Found, JsonNode? Value)> resolve) => Rules.Any(r => r.Matches(input, resolve));
    }

    private sealed record NotRule(ChoiceRule Rule) : ChoiceRule
    {
        public override bool Matches(JsonNode? input, Func<JsonPath, (bool Found, JsonNode? Value)> resolve) => !Rule.Matches(input, resolve);
    }

    private sealed record TypeTestRule(JsonPath Variable, string Test, bool Expected) : ChoiceRule
    {
        public override bool Matches(JsonNode? input, Func<JsonPath, (bool Found, JsonNode? Value)> resolve)
        {
            var (found, value) = resolve(Variable);
            if (Test == "IsPresent")
            {
                return found == Expected;
            }

            if (!found)
            {
                return false; // a missing Variable is a runtime error for other tests; Step Functions treats it as not matching here
            }

            var actual = Test switch
            {
                "IsNull" => value is null,
                "IsNumeric" => JsonValues.Kind(value) == JsonValueKind.Number,
                "IsString" => JsonValues.Kind(value) == JsonValueKind.String,
                "IsBoolean" => JsonValues.Kind(value) is JsonValueKind.True or JsonValueKind.False,
                _ => JsonValues.AsString(value) is { } s && TryTimestamp(s, out _),
            };
            return actual == Expected;
        }
    }

    private sealed record CompareRule(JsonPath Variable, string Operator, JsonNode? Literal, JsonPath? OperandPath) : ChoiceRule
    {
        public override bool Matches(JsonNode? input, Func<JsonPath, (bool Found, JsonNode? Value)> resolve)
        {
            var (found, value) = resolve(Variable);
            if (!found)
            {
                throw AslRuntimeException.Runtime($"Invalid path '{Variable.Text}': The choice state's condition path references an invalid value.");
            }

            JsonNode? operand = Literal;
            if (OperandPath is not null)
            {
                var (operandFound, operandValue) = resolve(OperandPath);
                if (!operandFound)
                {
                    throw AslRuntimeException.Runtime($"Invalid path '{OperandPath.Text}': The choice state's condition path references an invalid value.");
                }

                operand = operandValue;
            }

            if (Operator == "StringMatches")
            {
                return JsonValues.AsString(value) is { } text && JsonValues.AsString(operand) is { } pattern && Wildcard(pattern).IsMatch(text);
            }

            int? order;
            if (Operator.StartsWith("String", StringComparison.Ordinal))
            {
                order = JsonValues.AsString(value) is { } a && JsonValues.AsString(operand) is { } b ? string.CompareOrdinal(a, b) : null;
            }
            else if (Operator.StartsWith("Numeric", StringComparison.Ordinal))
            {
                order = JsonValues.AsNumber(value) is { } a && JsonValues.AsNumber(operand) is { } b ? a.CompareTo(b) : null;
            }
            else if (Operator.StartsWith("Boolean", StringComparison.Ordinal))
            {
                order = JsonValues.AsBoolean(value) is { } a && JsonValues.AsBoolean(operand) is { } b ? (a == b ? 0 : 1) : null;
            }
            else
            {
                order = JsonValues.AsString(value) is { } a && TryTimestamp(a, out var x) && JsonValues.AsString(operand) is { } b && TryTimestamp(b, out var y) ? x.CompareTo(y) : null;
            }

            if (order is not { } o)
            {
                return false; // a value of the wrong type never matches
            }

            var suffix = Operator[Kinds.First(k => Operator.StartsWith(k, StringComparison.Ordinal)).Length..];
            return suffix switch
            {
                "Equals" => o == 0,
                "LessThan" => o < 0,
                "GreaterThan" => o > 0,
                "LessThanEquals" => o <= 0,
                "GreaterThanEquals" => o >= 0,
                _ => false,
            };
        }

        /// <summary><c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are literal.</summary>
        private static Regex Wildcard(string pattern)
        {
            var regex = new System.Text.StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\' && i + 1 < pattern.Length)
                {
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                }
                else if (pattern[i] == '*')
                {
                    regex.Append(".*");
                }
                else
                {
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                }
            }

            return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }
}

/// <summary>A JSONata Choice rule: <c>Condition</c> is an expression whose result must be a boolean.</summary>
/// <param name="Condition">The parsed expression.</param>
public sealed record JsonataChoiceCondition(JsonataExpression Condition);
