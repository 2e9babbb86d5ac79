using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// <c>BatchGetItem</c> (at most 100 keys) and <c>BatchWriteItem</c> (at most 25 puts and deletes). Every request is
/// validated before anything is read or written; each item is then handled under its table's lock, and nothing is ever
/// returned unprocessed (no throttling here).
/// </summary>
internal sealed partial class DynamoDbProvider
{
    public BatchGetItemResult BatchGetItem(BatchGetItemRequest request, AwsRequestContext context)
    {
        var requestItems = request.RequestItems ?? throw DynamoDbErrors.Missing("requestItems");
        if (requestItems.Count == 0)
        {
            throw DynamoDbErrors.Validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        if (requestItems.Sum(t => t.Value.Keys?.Count ?? 0) > 100)
        {
            throw DynamoDbErrors.Validation("Too many items requested for the BatchGetItem call");
        }

        var plan = new List<(DynamoDbTable Table, List<(KeyValue, KeyValue)> Keys, IReadOnlyList<DocumentPath>? Projection, string Name)>();
        foreach (var (tableName, keysAndAttributes) in requestItems)
        {
            var table = store.RequireTable(context.Region, tableName);
            var keys = keysAndAttributes.Keys ?? throw DynamoDbErrors.Missing("requestItems.member.keys");
            var attributes = new ExpressionAttributes(keysAndAttributes.ExpressionAttributeNames, null);
            var projection = ParseProjection(keysAndAttributes.ProjectionExpression, keysAndAttributes.AttributesToGet, attributes);
            attributes.EnsureAllUsed(projection is not null);
            var parsed = keys.Select(k => table.KeyOf(CanonicalItem(k), isItem: false)).ToList();
            if (parsed.Distinct().Count() != parsed.Count)
            {
                throw DynamoDbErrors.Validation("Provided list of item keys contains duplicates");
            }

            plan.Add((table, parsed, projection, tableName));
        }

        var responses = new Dictionary<string, IReadOnlyList<JsonObject>>(StringComparer.Ordinal);
        foreach (var (table, keys, projection, name) in plan)
        {
            var found = new List<JsonObject>();
            lock (table.Lock)
            {
                foreach (var key in keys)
                {
                    if (table.Get(key) is { } item)
                    {
                        found.Add(Project(item, projection));
                    }
                }
            }

            responses[name] = found;
        }

        return new BatchGetItemResult(responses, new Dictionary<string, KeysAndAttributes>());
    }

    public BatchWriteItemResult BatchWriteItem(BatchWriteItemRequest request, AwsRequestContext context)
    {
        var requestItems = request.RequestItems ?? throw DynamoDbErrors.Missing("requestItems");
        var total = requestItems.Sum(t => t.Value.Count);
        if (requestItems.Count == 0 || total > 25)
        {
            throw DynamoDbErrors.Validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }

        var plan = new List<(DynamoDbTable Table, (KeyValue, KeyValue) Key, JsonObject? Item)>();
        foreach (var (tableName, writes) in requestItems)
        {
            var table = store.RequireTable(context.Region, tableName);
            var seen = new HashSet<(KeyValue, KeyValue)>();
            foreach (var write in writes)
            {
                (KeyValue, KeyValue) key;
                JsonObject? item = null;
                if (write.PutRequest is { } put)
                {
                    item = CanonicalItem(put.Item ?? throw DynamoDbErrors.Missing("requestItems.member.member.putRequest.item"));
                    key = table.KeyOf(item, isItem: true);
                    CheckItemSize(item);
                }
                else if (write.DeleteRequest is { } delete)
                {
                    key = table.KeyOf(CanonicalItem(delete.Key ?? throw DynamoDbErrors.Missing("requestItems.member.member.deleteRequest.key")), isItem: false);
                }
                else
                {
                    throw DynamoDbErrors.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }

                if (!seen.Add(key))
                {
                    throw DynamoDbErrors.Validation("Provided list of item keys contains duplicates");
                }

                plan.Add((table, key, item));
            }
        }

        foreach (var (table, key, item) in plan)
        {
            lock (table.Lock)
            {
                var old = table.Get(key);
                if (item is not null || old is not null)
                {
                    Write(table, key, old, item, context);
                }
            }
        }

        return new BatchWriteItemResult(new Dictionary<string, IReadOnlyList<WriteRequest>>());
    }
}
