using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// Amazon DynamoDB, one method per operation
/// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html), spoken in
/// JSON 1.0 by <see cref="DynamoDbService"/>. One file per concern: tables (with tags, TTL, backups and endpoints),
/// items, queries and scans, batches, transactions; this file holds what they share: validation of items, expression
/// parameters, projection, capacity and the write that feeds the table's stream.
/// </summary>
/// <remarks>
/// <para>Items, keys and attribute values stay in DynamoDB JSON (<see cref="JsonObject"/>, see <see cref="AttributeValues"/>),
/// the form the expression evaluator reads; every other member is a typed shape (<c>DynamoDbShapes.cs</c>).</para>
/// <para>Not emulated: secondary-index queries (indexes are stored and described, <c>IndexName</c> is rejected),
/// PartiQL, backups, global tables, the legacy parameters (<c>Expected</c>, <c>KeyConditions</c>, <c>QueryFilter</c>,
/// <c>ScanFilter</c>, <c>AttributeUpdates</c>, <c>ConditionalOperator</c>: refused), transaction idempotency
/// (<c>ClientRequestToken</c>), throttling and capacity accounting (consumed capacity is reported as one unit per item
/// touched), time-to-live expiry (the setting is stored). Tables are ACTIVE as soon as they are created; tables and
/// items are held in memory and survive a restart (see <c>DynamoDbSnapshot.cs</c>).</para>
/// </remarks>
internal sealed partial class DynamoDbProvider(DynamoDbStore store, TimeProvider clock)
{
    private const int MaxItemSize = 400 * 1024;

    /// <summary>Validates an item or key map and returns its canonical copy (numbers normalised, names non-empty).</summary>
    private static JsonObject CanonicalItem(JsonObject item)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (name.Length == 0)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: An AttributeName cannot be empty");
            }

            copy[name] = AttributeValues.Canonical(value);
        }

        return copy;
    }

    private static void CheckItemSize(JsonObject item)
    {
        if (AttributeValues.ItemSize(item) > MaxItemSize)
        {
            throw DynamoDbErrors.Validation("Item size has exceeded the maximum allowed size");
        }
    }

    private static Condition? ParseOptionalCondition(string? text, string member, ExpressionAttributes attributes) =>
        text is null ? null : ExpressionParser.ParseCondition(text, member, attributes);

    /// <summary>The paths to keep: from <c>ProjectionExpression</c>, else from the legacy <c>AttributesToGet</c>; <c>null</c> for the whole item.</summary>
    private static IReadOnlyList<DocumentPath>? ParseProjection(string? projectionExpression, IReadOnlyList<string>? attributesToGet, ExpressionAttributes attributes)
    {
        if (projectionExpression is not null)
        {
            return ExpressionParser.ParseProjection(projectionExpression, attributes);
        }

        if (attributesToGet is not null)
        {
            return [.. attributesToGet.Select(n => new DocumentPath([new PathElement(n, 0)]))];
        }

        return null;
    }

    /// <summary>
    /// Reads <c>ReturnValuesOnConditionCheckFailure</c> (<c>NONE</c> or <c>ALL_OLD</c>): whether a failed condition
    /// returns the item as it stood in the error's <c>Item</c> member
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html).
    /// </summary>
    private static bool ReturnValuesOnConditionCheckFailure(string? value) =>
        (value ?? "NONE") switch
        {
            "NONE" => false,
            "ALL_OLD" => true,
            var other => throw DynamoDbErrors.Validation($"1 validation error detected: Value '{other}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"),
        };

    /// <summary>Copies an item keeping only the projected paths (nested maps and lists keep only the selected members).</summary>
    internal static JsonObject Project(JsonObject item, IReadOnlyList<DocumentPath>? projection)
    {
        if (projection is null)
        {
            return (JsonObject)item.DeepClone();
        }

        var result = new JsonObject();
        foreach (var path in projection)
        {
            if (ConditionEvaluator.Resolve(path, item) is not { } value)
            {
                continue;
            }

            // Build the container chain, then place the value; list elements are appended in request order.
            JsonObject container = result;
            JsonNode? slot = null;
            for (var i = 0; i < path.Elements.Count; i++)
            {
                var element = path.Elements[i];
                var isLast = i == path.Elements.Count - 1;
                var nextIsIndex = !isLast && path.Elements[i + 1].Name is null;
                if (isLast)
                {
                    if (element.Name is { } leaf)
                    {
                        container[leaf] = value.DeepClone();
                    }
                    else
                    {
                        ((JsonArray)slot!).Add(value.DeepClone());
                    }

                    break;
                }

                var wantType = nextIsIndex ? "L" : "M";
                JsonObject wrapper;
                if (element.Name is { } name)
                {
                    wrapper = container[name] as JsonObject ?? new JsonObject { [wantType] = nextIsIndex ? new JsonArray() : new JsonObject() };
                    container[name] = wrapper;
                }
                else
                {
                    wrapper = new JsonObject { [wantType] = nextIsIndex ? new JsonArray() : new JsonObject() };
                    ((JsonArray)slot!).Add(wrapper);
                }

                slot = wrapper[wantType];
                if (!nextIsIndex)
                {
                    container = (JsonObject)slot!;
                }
            }
        }

        return result;
    }

    /// <summary>Refuses the legacy (pre-expression) parameters this emulator does not read.</summary>
    /// <param name="members">Each legacy member's name and value as sent (<c>null</c> when absent).</param>
    private static void RejectLegacy(params (string Name, object? Value)[] members)
    {
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                throw DynamoDbErrors.Validation($"The legacy parameter {name} is not supported by this emulator; use the expression parameters instead.");
            }
        }
    }

    /// <summary>The <c>ConsumedCapacity</c> member: present when <c>ReturnConsumedCapacity</c> is <c>TOTAL</c> or <c>INDEXES</c>.</summary>
    private static ConsumedCapacity? Consumed(string? returnConsumedCapacity, DynamoDbTable table, double units) =>
        returnConsumedCapacity is "TOTAL" or "INDEXES" ? new ConsumedCapacity(table.Name, units) : null;

    /// <summary>Stores or deletes an item and appends the stream record. Caller holds the table lock.</summary>
    private void Write(DynamoDbTable table, (KeyValue Hash, KeyValue Range) key, JsonObject? old, JsonObject? item, AwsRequestContext context)
    {
        if (item is null)
        {
            table.Delete(key);
        }
        else
        {
            table.Put(key, item);
        }

        if (table.Stream is not { Enabled: true } stream)
        {
            return;
        }

        if (old is not null && item is not null && AttributeValues.ValueEquals(new JsonObject { ["M"] = old.DeepClone() }, new JsonObject { ["M"] = item.DeepClone() }))
        {
            return; // DynamoDB writes no stream record when an update changes nothing.
        }

        var sequence = store.NextSequence();
        var source = item ?? old!;
        var newImage = stream.ViewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES" && item is not null ? (JsonObject)item.DeepClone() : null;
        var oldImage = stream.ViewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES" && old is not null ? (JsonObject)old.DeepClone() : null;
        var keys = table.KeyAttributesOf(source);
        var record = new StreamRecord(
            clock.GetUtcNow().ToUnixTimeSeconds(),
            keys,
            newImage,
            oldImage,
            DynamoDbStream.FormatSequence(sequence),
            AttributeValues.ItemSize(keys) + (newImage is null ? 0 : AttributeValues.ItemSize(newImage)) + (oldImage is null ? 0 : AttributeValues.ItemSize(oldImage)),
            stream.ViewType);
        stream.Append(sequence, new Record(
            Guid.NewGuid().ToString("N"),
            old is null ? "INSERT" : item is null ? "REMOVE" : "MODIFY",
            "1.1",
            "aws:dynamodb",
            context.Region,
            record));
    }
}
