using System.Text;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>Evaluates parsed conditions and operands against an item held in DynamoDB JSON form.</summary>
/// <remarks>
/// Semantics follow https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html:
/// a comparison with an absent attribute or with a value of another type is false (<c>&lt;&gt;</c> is then true);
/// ordering comparisons apply to <c>S</c> (UTF-8 byte order), <c>N</c> (numeric) and <c>B</c> (unsigned bytes) only.
/// </remarks>
internal static class ConditionEvaluator
{
    /// <summary>Evaluates a condition; a missing item (<c>null</c>) behaves as an item with no attributes.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="item">The item, or <c>null</c>.</param>
    /// <returns>The truth value.</returns>
    public static bool Evaluate(Condition condition, JsonObject? item) => condition switch
    {
        AndCondition and => Evaluate(and.Left, item) && Evaluate(and.Right, item),
        OrCondition or => Evaluate(or.Left, item) || Evaluate(or.Right, item),
        NotCondition not => !Evaluate(not.Operand, item),
        ComparisonCondition c => Compare(c.Operator, Value(c.Left, item), Value(c.Right, item)),
        BetweenCondition b => AttributeValues.Compare(Value(b.Value, item), Value(b.Low, item)) is >= 0
            && AttributeValues.Compare(Value(b.Value, item), Value(b.High, item)) is <= 0,
        InCondition i => Value(i.Value, item) is { } v && i.Candidates.Any(c => AttributeValues.ValueEquals(v, Value(c, item))),
        FunctionCondition f => Function(f, item),
        _ => false,
    };

    /// <summary>The value of an operand, or <c>null</c> when it refers to an absent attribute.</summary>
    /// <param name="operand">A condition operand (path, value or size).</param>
    /// <param name="item">The item.</param>
    /// <returns>The attribute value or <c>null</c>.</returns>
    public static JsonNode? Value(Operand operand, JsonObject? item) => operand switch
    {
        ValueOperand v => v.Value,
        PathOperand p => Resolve(p.Path, item),
        SizeOperand s => Size(Resolve(s.Path, item)),
        _ => null,
    };

    /// <summary>Follows a document path.</summary>
    /// <param name="path">The path.</param>
    /// <param name="item">The item.</param>
    /// <returns>The attribute value at the path, or <c>null</c>.</returns>
    public static JsonNode? Resolve(DocumentPath path, JsonObject? item)
    {
        if (item is null || !item.TryGetPropertyValue(path.Attribute, out var current) || current is null)
        {
            return null;
        }

        for (var i = 1; i < path.Elements.Count; i++)
        {
            var element = path.Elements[i];
            var payload = AttributeValues.Payload(current!);
            if (element.Name is { } name)
            {
                if (AttributeValues.TypeOf(current!) != "M" || !payload!.AsObject().TryGetPropertyValue(name, out current))
                {
                    return null;
                }
            }
            else
            {
                if (AttributeValues.TypeOf(current!) != "L" || element.Index >= payload!.AsArray().Count)
                {
                    return null;
                }

                current = payload.AsArray()[element.Index];
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static bool Compare(string op, JsonNode? left, JsonNode? right)
    {
        if (op == "=")
        {
            return AttributeValues.ValueEquals(left, right);
        }

        if (op == "<>")
        {
            return !AttributeValues.ValueEquals(left, right);
        }

        var order = AttributeValues.Compare(left, right);
        return order is { } o && op switch
        {
            "<" => o < 0,
            "<=" => o <= 0,
            ">" => o > 0,
            ">=" => o >= 0,
            _ => false,
        };
    }

    private static JsonObject? Size(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var payload = AttributeValues.Payload(value)!;
        long? size = AttributeValues.TypeOf(value) switch
        {
            "S" => payload.GetValue<string>().Length,
            "B" => Convert.FromBase64String(payload.GetValue<string>()).Length,
            "SS" or "NS" or "BS" or "L" => payload.AsArray().Count,
            "M" => payload.AsObject().Count,
            _ => null,
        };
        return size is { } n ? AttributeValues.Number(DynamoNumber.Parse(AttributeValues.Invariant(n))) : null;
    }

    private static bool Function(FunctionCondition f, JsonObject? item)
    {
        switch (f.Name)
        {
            case "attribute_exists":
                return Value(f.Arguments[0], item) is not null;
            case "attribute_not_exists":
                return Value(f.Arguments[0], item) is null;
            case "attribute_type":
                {
                    var value = Value(f.Arguments[0], item);
                    var type = Value(f.Arguments[1], item);
                    return value is not null && type is not null && AttributeValues.TypeOf(type) == "S"
                        && AttributeValues.TypeOf(value) == AttributeValues.Payload(type)!.GetValue<string>();
                }

            case "begins_with":
                {
                    var value = Value(f.Arguments[0], item);
                    var prefix = Value(f.Arguments[1], item);
                    if (value is null || prefix is null || AttributeValues.TypeOf(value) != AttributeValues.TypeOf(prefix))
                    {
                        return false;
                    }

                    var a = AttributeValues.Payload(value)!.GetValue<string>();
                    var b = AttributeValues.Payload(prefix)!.GetValue<string>();
                    return AttributeValues.TypeOf(value) switch
                    {
                        "S" => a.StartsWith(b, StringComparison.Ordinal),
                        "B" => Convert.FromBase64String(a).AsSpan().StartsWith(Convert.FromBase64String(b)),
                        _ => false,
                    };
                }

            case "contains":
                {
                    var value = Value(f.Arguments[0], item);
                    var operand = Value(f.Arguments[1], item);
                    if (value is null || operand is null)
                    {
                        return false;
                    }

                    var payload = AttributeValues.Payload(value)!;
                    var operandType = AttributeValues.TypeOf(operand);
                    return AttributeValues.TypeOf(value) switch
                    {
                        "S" => operandType == "S" && payload.GetValue<string>().Contains(AttributeValues.Payload(operand)!.GetValue<string>(), StringComparison.Ordinal),
                        "B" => operandType == "B" && Convert.FromBase64String(payload.GetValue<string>()).AsSpan().IndexOf(Convert.FromBase64String(AttributeValues.Payload(operand)!.GetValue<string>())) >= 0,
                        "SS" => operandType == "S" && payload.AsArray().Any(e => e!.GetValue<string>() == AttributeValues.Payload(operand)!.GetValue<string>()),
                        "BS" => operandType == "B" && payload.AsArray().Any(e => e!.GetValue<string>() == AttributeValues.Payload(operand)!.GetValue<string>()),
                        "NS" => operandType == "N" && payload.AsArray().Any(e => DynamoNumber.Parse(e!.GetValue<string>()) == DynamoNumber.Parse(AttributeValues.Payload(operand)!.GetValue<string>())),
                        "L" => payload.AsArray().Any(e => AttributeValues.ValueEquals(e, operand)),
                        _ => false,
                    };
                }

            default:
                return false;
        }
    }

    /// <summary>UTF-8 length of a string, used by size limits.</summary>
    /// <param name="s">The string.</param>
    /// <returns>Bytes.</returns>
    public static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}
