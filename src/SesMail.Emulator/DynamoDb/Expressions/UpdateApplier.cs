using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb.Expressions;

/// <summary>Applies parsed update actions to an item (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).</summary>
/// <remarks>
/// All right-hand sides are evaluated against the item as it was before the update (so <c>SET a = b, b = a</c> swaps);
/// then SET, REMOVE, ADD and DELETE are applied. Runtime errors use DynamoDB's wording.
/// </remarks>
internal static class UpdateApplier
{
    /// <summary>Applies the actions.</summary>
    /// <param name="actions">The parsed actions.</param>
    /// <param name="old">The item before the update (not modified), or <c>null</c> when it does not exist.</param>
    /// <param name="keyAttributes">The table's key attribute names, which may not be updated.</param>
    /// <param name="updated">The top-level attribute names the update touched.</param>
    /// <returns>The new item (the key attributes are added by the caller when the item is new).</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>ValidationException</c> on type errors, invalid paths or key updates.</exception>
    public static JsonObject Apply(IReadOnlyList<UpdateAction> actions, JsonObject? old, IReadOnlyCollection<string> keyAttributes, out ISet<string> updated)
    {
        updated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (keyAttributes.Contains(action.Path.Attribute))
            {
                throw DynamoDbErrors.Validation($"One or more parameter values were invalid: Cannot update attribute {action.Path.Attribute}. This attribute is part of the key");
            }

            updated.Add(action.Path.Attribute);
        }

        // Evaluate every SET value against the old item first.
        var values = new Dictionary<UpdateAction, JsonObject>();
        foreach (var action in actions.Where(a => a.Kind == UpdateActionKind.Set))
        {
            values[action] = EvaluateSetValue(action.Value!, old);
        }

        var item = old is null ? [] : (JsonObject)old.DeepClone();
        foreach (var action in actions.Where(a => a.Kind == UpdateActionKind.Set))
        {
            Set(item, action.Path, values[action]);
        }

        // REMOVE: list elements from highest index down so earlier indexes stay valid.
        foreach (var action in actions.Where(a => a.Kind == UpdateActionKind.Remove)
                     .OrderByDescending(a => a.Path.Elements[^1].Name is null ? a.Path.Elements[^1].Index : -1))
        {
            Remove(item, action.Path);
        }

        foreach (var action in actions.Where(a => a.Kind is UpdateActionKind.Add or UpdateActionKind.Delete))
        {
            var operand = ((ValueOperand)action.Value!).Value;
            var current = ConditionEvaluator.Resolve(action.Path, item);
            if (action.Kind == UpdateActionKind.Add)
            {
                Set(item, action.Path, current is null ? (JsonObject)operand.DeepClone() : AddValues(current, operand));
            }
            else if (current is not null)
            {
                var remaining = Difference(current, operand);
                if (remaining is null)
                {
                    Remove(item, action.Path);
                }
                else
                {
                    Set(item, action.Path, remaining);
                }
            }
        }

        return item;
    }

    private static JsonObject EvaluateSetValue(Operand operand, JsonObject? item)
    {
        switch (operand)
        {
            case ValueOperand v:
                return (JsonObject)v.Value.DeepClone();
            case PathOperand p:
                return ConditionEvaluator.Resolve(p.Path, item)?.DeepClone() as JsonObject
                    ?? throw DynamoDbErrors.Validation("The provided expression refers to an attribute that does not exist in the item");
            case IfNotExistsOperand f:
                return ConditionEvaluator.Resolve(f.Path, item)?.DeepClone() as JsonObject ?? EvaluateSetValue(f.Fallback, item);
            case ListAppendOperand l:
                {
                    var first = EvaluateSetValue(l.First, item);
                    var second = EvaluateSetValue(l.Second, item);
                    if (AttributeValues.TypeOf(first) != "L" || AttributeValues.TypeOf(second) != "L")
                    {
                        throw DynamoDbErrors.Validation("An operand in the update expression has an incorrect data type");
                    }

                    var list = new JsonArray();
                    foreach (var e in AttributeValues.Payload(first)!.AsArray().Concat(AttributeValues.Payload(second)!.AsArray()))
                    {
                        list.Add(e!.DeepClone());
                    }

                    return new JsonObject { ["L"] = list };
                }

            case ArithmeticOperand a:
                {
                    var left = EvaluateSetValue(a.Left, item);
                    var right = EvaluateSetValue(a.Right, item);
                    if (AttributeValues.TypeOf(left) != "N" || AttributeValues.TypeOf(right) != "N")
                    {
                        throw DynamoDbErrors.Validation("An operand in the update expression has an incorrect data type");
                    }

                    var x = DynamoNumber.Parse(AttributeValues.Payload(left)!.GetValue<string>());
                    var y = DynamoNumber.Parse(AttributeValues.Payload(right)!.GetValue<string>());
                    return AttributeValues.Canonical(AttributeValues.Number(a.Operator == '+' ? x + y : x - y));
                }

            default:
                throw DynamoDbErrors.Validation("Invalid UpdateExpression: unsupported operand");
        }
    }

    private static void Set(JsonObject item, DocumentPath path, JsonObject value)
    {
        if (path.Elements.Count == 1)
        {
            item[path.Attribute] = value;
            return;
        }

        var parent = ConditionEvaluator.Resolve(new DocumentPath([.. path.Elements.Take(path.Elements.Count - 1)]), item);
        var last = path.Elements[^1];
        if (parent is null)
        {
            throw InvalidPath();
        }

        var payload = AttributeValues.Payload(parent)!;
        if (last.Name is { } name)
        {
            if (AttributeValues.TypeOf(parent) != "M")
            {
                throw InvalidPath();
            }

            payload.AsObject()[name] = value;
        }
        else
        {
            if (AttributeValues.TypeOf(parent) != "L")
            {
                throw InvalidPath();
            }

            var list = payload.AsArray();
            if (last.Index < list.Count)
            {
                list[last.Index] = value;
            }
            else
            {
                list.Add(value);
            }
        }
    }

    private static void Remove(JsonObject item, DocumentPath path)
    {
        if (path.Elements.Count == 1)
        {
            item.Remove(path.Attribute);
            return;
        }

        var parent = ConditionEvaluator.Resolve(new DocumentPath([.. path.Elements.Take(path.Elements.Count - 1)]), item);
        if (parent is null)
        {
            return;
        }

        var last = path.Elements[^1];
        var payload = AttributeValues.Payload(parent)!;
        if (last.Name is { } name && AttributeValues.TypeOf(parent) == "M")
        {
            payload.AsObject().Remove(name);
        }
        else if (last.Name is null && AttributeValues.TypeOf(parent) == "L" && last.Index < payload.AsArray().Count)
        {
            payload.AsArray().RemoveAt(last.Index);
        }
        else if (AttributeValues.TypeOf(parent) is not ("M" or "L"))
        {
            throw InvalidPath();
        }
    }

    private static JsonObject AddValues(JsonNode current, JsonObject operand)
    {
        var type = AttributeValues.TypeOf(current);
        if (type != AttributeValues.TypeOf(operand))
        {
            throw DynamoDbErrors.Validation("An operand in the update expression has an incorrect data type");
        }

        if (type == "N")
        {
            var sum = DynamoNumber.Parse(AttributeValues.Payload(current)!.GetValue<string>()) + DynamoNumber.Parse(AttributeValues.Payload(operand)!.GetValue<string>());
            return AttributeValues.Canonical(AttributeValues.Number(sum));
        }

        var set = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in AttributeValues.Payload(current)!.AsArray().Concat(AttributeValues.Payload(operand)!.AsArray()))
        {
            var text = e!.GetValue<string>();
            if (seen.Add(text))
            {
                set.Add(text);
            }
        }

        return new JsonObject { [type] = set };
    }

    private static JsonObject? Difference(JsonNode current, JsonObject operand)
    {
        var type = AttributeValues.TypeOf(current);
        if (type != AttributeValues.TypeOf(operand))
        {
            throw DynamoDbErrors.Validation("An operand in the update expression has an incorrect data type");
        }

        var remove = AttributeValues.Payload(operand)!.AsArray().Select(e => e!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var remaining = new JsonArray();
        foreach (var e in AttributeValues.Payload(current)!.AsArray())
        {
            var text = e!.GetValue<string>();
            if (!remove.Contains(text))
            {
                remaining.Add(text);
            }
        }

        return remaining.Count == 0 ? null : new JsonObject { [type] = remaining };
    }

    private static Protocols.AwsServiceException InvalidPath() =>
        DynamoDbErrors.Validation("The document path provided in the update expression is invalid for update");
}
