using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>
/// A checked KeyConditionExpression: equality on the partition key and at most one sort-key condition
/// (<c>=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>BETWEEN</c>, <c>begins_with</c>), joined by AND
/// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html).
/// </summary>
internal sealed class KeyCondition
{
    private readonly string? _rangeName;
    private readonly Condition? _range;

    private KeyCondition(KeyValue hash, string? rangeName, Condition? range)
    {
        Hash = hash;
        _rangeName = rangeName;
        _range = range;
    }

    /// <summary>The partition key value queried.</summary>
    public KeyValue Hash { get; }

    /// <summary>Checks a parsed condition against the table's key schema.</summary>
    /// <param name="condition">The parsed KeyConditionExpression.</param>
    /// <param name="table">The table.</param>
    /// <returns>The key condition.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> worded as DynamoDB words it.</exception>
    public static KeyCondition From(Condition condition, DynamoDbTable table)
    {
        var parts = new List<Condition>();
        Flatten(condition, parts);
        KeyValue? hash = null;
        Condition? range = null;
        foreach (var part in parts)
        {
            var (path, values) = part switch
            {
                ComparisonCondition c when c.Operator == "<>" => throw Invalid("<>"),
                ComparisonCondition c when c.Left is PathOperand p && c.Right is ValueOperand v => (p.Path, new[] { v }),
                ComparisonCondition c when c.Right is PathOperand p && c.Left is ValueOperand v => (p.Path, new[] { v }),
                BetweenCondition b when b.Value is PathOperand p && b.Low is ValueOperand lo && b.High is ValueOperand hi => (p.Path, new[] { lo, hi }),
                FunctionCondition f when f.Name == "begins_with" && f.Arguments[0] is PathOperand p && f.Arguments[1] is ValueOperand v => (p.Path, new[] { v }),
                FunctionCondition f => throw Invalid(f.Name),
                InCondition => throw Invalid("IN"),
                _ => throw DynamoDbErrors.Validation("Invalid KeyConditionExpression: The expression must compare a key attribute with an expression attribute value"),
            };

            if (path.Elements.Count != 1)
            {
                throw DynamoDbErrors.Validation("Invalid KeyConditionExpression: Key condition expressions must not use nested attributes");
            }

            var name = path.Attribute;
            if (name == table.HashKey.Name)
            {
                if (hash is not null)
                {
                    throw DynamoDbErrors.Validation("KeyConditionExpressions must only contain one condition per key");
                }

                if (part is not ComparisonCondition { Operator: "=" })
                {
                    throw DynamoDbErrors.Validation("Query key condition not supported");
                }

                CheckType(values, table.HashKey.Type);
                hash = KeyValue.From(values[0].Value);
                if (hash.Value.Text.Length == 0)
                {
                    throw DynamoDbErrors.Validation($"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: {name}");
                }
            }
            else if (table.RangeKey is { } r && name == r.Name)
            {
                if (range is not null)
                {
                    throw DynamoDbErrors.Validation("KeyConditionExpressions must only contain one condition per key");
                }

                CheckType(values, r.Type);
                range = part;
            }
            else
            {
                throw DynamoDbErrors.Validation($"Query condition missed key schema element: {table.HashKey.Name}");
            }
        }

        if (hash is null)
        {
            throw DynamoDbErrors.Validation($"Query condition missed key schema element: {table.HashKey.Name}");
        }

        return new KeyCondition(hash.Value, table.RangeKey?.Name, range);
    }

    /// <summary>Whether an item of the queried partition satisfies the sort-key condition.</summary>
    /// <param name="item">The item.</param>
    /// <returns>Whether it matches.</returns>
    public bool MatchesRange(JsonObject item) => _range is null || ConditionEvaluator.Evaluate(_range, item);

    private static void CheckType(ValueOperand[] values, string keyType)
    {
        foreach (var value in values)
        {
            if (AttributeValues.TypeOf(value.Value) != keyType)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
            }
        }
    }

    private static void Flatten(Condition condition, List<Condition> parts)
    {
        switch (condition)
        {
            case AndCondition and:
                Flatten(and.Left, parts);
                Flatten(and.Right, parts);
                break;
            case OrCondition:
                throw Invalid("OR");
            case NotCondition:
                throw Invalid("NOT");
            default:
                parts.Add(condition);
                break;
        }
    }

    private static Protocols.AwsServiceException Invalid(string op) =>
        DynamoDbErrors.Validation($"Invalid operator used in KeyConditionExpression: {op}");
}
