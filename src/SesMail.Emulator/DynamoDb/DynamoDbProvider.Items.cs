using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>Single items: <c>PutItem</c>, <c>GetItem</c>, <c>DeleteItem</c>, <c>UpdateItem</c>, with condition expressions and <c>ReturnValues</c>.</summary>
internal sealed partial class DynamoDbProvider
{
    public WriteItemResult PutItem(PutItemRequest request, AwsRequestContext context)
    {
        RejectLegacy(("Expected", request.Expected), ("ConditionalOperator", request.ConditionalOperator));
        var table = RequireTable(request.TableName, context);
        var item = CanonicalItem(request.Item ?? throw DynamoDbErrors.Missing("item"));
        return ConditionalWrite(request, context, table, () =>
        {
            var key = table.KeyOf(item, isItem: true);
            CheckItemSize(item);
            return (key, item);
        });
    }

    public GetItemResult GetItem(GetItemRequest request, AwsRequestContext context)
    {
        var table = RequireTable(request.TableName, context);
        var keyMap = CanonicalItem(request.Key ?? throw DynamoDbErrors.Missing("key"));
        var attributes = new ExpressionAttributes(request.ExpressionAttributeNames, null);
        var projection = ParseProjection(request.ProjectionExpression, request.AttributesToGet, attributes);
        attributes.EnsureAllUsed(projection is not null);
        var key = table.KeyOf(keyMap, isItem: false);
        JsonObject? item;
        lock (table.Lock)
        {
            item = table.Get(key) is { } stored ? Project(stored, projection) : null;
        }

        return new GetItemResult(item, Consumed(request.ReturnConsumedCapacity, table, request.ConsistentRead == true ? 1 : 0.5));
    }

    public WriteItemResult DeleteItem(DeleteItemRequest request, AwsRequestContext context)
    {
        RejectLegacy(("Expected", request.Expected), ("ConditionalOperator", request.ConditionalOperator));
        var table = RequireTable(request.TableName, context);
        var keyMap = CanonicalItem(request.Key ?? throw DynamoDbErrors.Missing("key"));
        return ConditionalWrite(request, context, table, () => (table.KeyOf(keyMap, isItem: false), null));
    }

    public WriteItemResult UpdateItem(UpdateItemRequest request, AwsRequestContext context)
    {
        RejectLegacy(("Expected", request.Expected), ("ConditionalOperator", request.ConditionalOperator), ("AttributeUpdates", request.AttributeUpdates));
        var table = RequireTable(request.TableName, context);
        var keyMap = CanonicalItem(request.Key ?? throw DynamoDbErrors.Missing("key"));
        var attributes = new ExpressionAttributes(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
        var actions = request.UpdateExpression is { } updateText ? ExpressionParser.ParseUpdate(updateText, attributes) : [];
        var condition = ParseOptionalCondition(request.ConditionExpression, "ConditionExpression", attributes);
        attributes.EnsureAllUsed(request.UpdateExpression is not null || condition is not null);
        var returnValues = request.ReturnValues ?? "NONE";
        if (returnValues is not ("NONE" or "ALL_OLD" or "UPDATED_OLD" or "ALL_NEW" or "UPDATED_NEW"))
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{returnValues}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }

        var returnOnFailure = ReturnValuesOnConditionCheckFailure(request.ReturnValuesOnConditionCheckFailure);
        var key = table.KeyOf(keyMap, isItem: false);
        JsonObject? old;
        JsonObject updated;
        ISet<string> touched;
        lock (table.Lock)
        {
            old = table.Get(key);
            if (condition is not null && !ConditionEvaluator.Evaluate(condition, old))
            {
                throw DynamoDbErrors.ConditionalCheckFailed(returnOnFailure ? old : null);
            }

            updated = UpdateApplier.Apply(actions, old, table.KeyAttributes, out touched);
            foreach (var (name, value) in keyMap)
            {
                updated[name] = value!.DeepClone();
            }

            CheckItemSize(updated);
            Write(table, key, old, updated, context);
        }

        var returned = returnValues switch
        {
            "ALL_OLD" => old,
            "ALL_NEW" => updated,
            "UPDATED_OLD" => Pick(old, touched),
            "UPDATED_NEW" => Pick(updated, touched),
            _ => null,
        };
        return new WriteItemResult(
            returned is { Count: > 0 } ? (JsonObject)returned.DeepClone() : null,
            Consumed(request.ReturnConsumedCapacity, table, 1));
    }

    /// <summary>
    /// The shared part of PutItem and DeleteItem: parses <c>ConditionExpression</c>, <c>ReturnValues</c> (<c>NONE</c> or
    /// <c>ALL_OLD</c>) and <c>ReturnValuesOnConditionCheckFailure</c>, then, under the table lock, checks the condition
    /// against the stored item and replaces it with the target's item (<c>null</c> deletes it). Returns
    /// <c>Attributes</c> (the old item, for <c>ALL_OLD</c>) and one write unit of consumed capacity.
    /// </summary>
    /// <param name="request">The PutItem or DeleteItem members that govern the write.</param>
    /// <param name="context">The caller's region and account (for stream records).</param>
    /// <param name="table">The table named by the request.</param>
    /// <param name="target">The key and new item, resolved after the request-level validation (so errors keep their order).</param>
    private WriteItemResult ConditionalWrite(IItemWriteRequest request, AwsRequestContext context, DynamoDbTable table, Func<((KeyValue Hash, KeyValue Range) Key, JsonObject? Item)> target)
    {
        var attributes = new ExpressionAttributes(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
        var condition = ParseOptionalCondition(request.ConditionExpression, "ConditionExpression", attributes);
        attributes.EnsureAllUsed(condition is not null);
        var returnValues = request.ReturnValues ?? "NONE";
        if (returnValues is not ("NONE" or "ALL_OLD"))
        {
            throw DynamoDbErrors.Validation("ReturnValues can only be ALL_OLD or NONE");
        }

        var returnOnFailure = ReturnValuesOnConditionCheckFailure(request.ReturnValuesOnConditionCheckFailure);
        var (key, item) = target();
        JsonObject? old;
        lock (table.Lock)
        {
            old = table.Get(key);
            if (condition is not null && !ConditionEvaluator.Evaluate(condition, old))
            {
                throw DynamoDbErrors.ConditionalCheckFailed(returnOnFailure ? old : null);
            }

            if (item is not null || old is not null)
            {
                Write(table, key, old, item, context);
            }
        }

        return new WriteItemResult(
            returnValues == "ALL_OLD" && old is not null ? (JsonObject)old.DeepClone() : null,
            Consumed(request.ReturnConsumedCapacity, table, 1));
    }

    private static JsonObject? Pick(JsonObject? item, ISet<string> names)
    {
        if (item is null)
        {
            return null;
        }

        var picked = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (names.Contains(name))
            {
                picked[name] = value!.DeepClone();
            }
        }

        return picked;
    }

    /// <summary>The table an item operation names (<c>ResourceNotFoundException</c> worded as the item operations word it).</summary>
    private DynamoDbTable RequireTable(string? tableName, AwsRequestContext context) =>
        store.RequireTable(context.Region, tableName ?? throw DynamoDbErrors.Missing("tableName"));
}
