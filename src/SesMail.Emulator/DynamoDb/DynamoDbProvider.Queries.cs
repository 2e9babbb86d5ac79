using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// <c>Query</c> (one partition in sort-key order) and <c>Scan</c> (the whole table in key order, optionally one
/// segment of a parallel scan): key conditions, filters, projections, <c>Select</c>, <c>Limit</c> and paging by
/// <c>ExclusiveStartKey</c>/<c>LastEvaluatedKey</c>, with pages of at most 1 MB as DynamoDB cuts them.
/// </summary>
internal sealed partial class DynamoDbProvider
{
    private const int MaxPageBytes = 1024 * 1024;

    public QueryResult Query(QueryRequest request, AwsRequestContext context)
    {
        RejectLegacy(("KeyConditions", request.KeyConditions), ("QueryFilter", request.QueryFilter), ("ConditionalOperator", request.ConditionalOperator));
        var table = RequireTable(request.TableName, context);
        RejectIndex(request.IndexName);
        var attributes = new ExpressionAttributes(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
        var keyText = request.KeyConditionExpression
            ?? throw DynamoDbErrors.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        var keyCondition = KeyCondition.From(ExpressionParser.ParseCondition(keyText, "KeyConditionExpression", attributes), table);
        var filter = ParseOptionalCondition(request.FilterExpression, "FilterExpression", attributes);
        var projection = ParseProjection(request.ProjectionExpression, request.AttributesToGet, attributes);
        attributes.EnsureAllUsed(true);
        var select = ValidateSelect(request.Select, projection);
        var limit = ValidateLimit(request.Limit);
        var forward = request.ScanIndexForward ?? true;
        var startKey = ExclusiveStartKey(request.ExclusiveStartKey, table);
        if (startKey is { } s && s.Hash.CompareTo(keyCondition.Hash) != 0)
        {
            throw DynamoDbErrors.Validation("The provided starting key is invalid: The provided starting key does not match the range key predicate");
        }

        lock (table.Lock)
        {
            var candidates = table.Partition(keyCondition.Hash, forward).Where(keyCondition.MatchesRange);
            if (startKey is { } start)
            {
                candidates = candidates.Where(i =>
                {
                    var order = table.KeyOf(i, isItem: true).Range.CompareTo(start.Range);
                    return forward ? order > 0 : order < 0;
                });
            }

            return Page(table, request.ReturnConsumedCapacity, candidates, filter, projection, select, limit);
        }
    }

    public QueryResult Scan(ScanRequest request, AwsRequestContext context)
    {
        RejectLegacy(("ScanFilter", request.ScanFilter), ("ConditionalOperator", request.ConditionalOperator));
        var table = RequireTable(request.TableName, context);
        RejectIndex(request.IndexName);
        var attributes = new ExpressionAttributes(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
        var filter = ParseOptionalCondition(request.FilterExpression, "FilterExpression", attributes);
        var projection = ParseProjection(request.ProjectionExpression, request.AttributesToGet, attributes);
        attributes.EnsureAllUsed(filter is not null || projection is not null);
        var select = ValidateSelect(request.Select, projection);
        var limit = ValidateLimit(request.Limit);
        var startKey = ExclusiveStartKey(request.ExclusiveStartKey, table);
        var segment = request.Segment;
        var totalSegments = request.TotalSegments;
        if ((segment is null) != (totalSegments is null))
        {
            throw DynamoDbErrors.Validation(segment is null
                ? "The TotalSegments parameter is non-null, but the Segment parameter is null"
                : "The Segment parameter is non-null, but the TotalSegments parameter is null");
        }

        if (totalSegments is { } total && (total is < 1 or > 1_000_000 || segment < 0 || segment >= total))
        {
            throw DynamoDbErrors.Validation($"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {total}");
        }

        lock (table.Lock)
        {
            IEnumerable<JsonObject> candidates = table.All();
            if (startKey is { } start)
            {
                candidates = candidates.Where(i =>
                {
                    var key = table.KeyOf(i, isItem: true);
                    var order = key.Hash.CompareTo(start.Hash);
                    return order > 0 || (order == 0 && key.Range.CompareTo(start.Range) > 0);
                });
            }

            if (totalSegments is { } segments)
            {
                candidates = candidates.Where(i => (uint)StableHash(table.KeyOf(i, isItem: true).Hash.Text) % segments == segment);
            }

            return Page(table, request.ReturnConsumedCapacity, candidates, filter, projection, select, limit);
        }
    }

    /// <summary>Reads candidates until <c>Limit</c> items or 1 MB were examined, filters and projects them.</summary>
    private static QueryResult Page(DynamoDbTable table, string? returnConsumedCapacity, IEnumerable<JsonObject> candidates, Condition? filter, IReadOnlyList<DocumentPath>? projection, string select, int? limit)
    {
        var items = new List<JsonObject>();
        var count = 0;
        var scanned = 0;
        var bytes = 0;
        JsonObject? last = null;
        var stoppedEarly = false;
        using var enumerator = candidates.GetEnumerator();
        while (enumerator.MoveNext())
        {
            if ((limit is { } l && scanned >= l) || bytes >= MaxPageBytes)
            {
                stoppedEarly = true;
                break;
            }

            var item = enumerator.Current;
            scanned++;
            bytes += AttributeValues.ItemSize(item);
            last = item;
            if (filter is not null && !ConditionEvaluator.Evaluate(filter, item))
            {
                continue;
            }

            count++;
            if (select != "COUNT")
            {
                items.Add(Project(item, projection));
            }
        }

        var lastKey = (stoppedEarly || (limit is { } max && scanned == max && scanned > 0)) && last is not null ? table.KeyAttributesOf(last) : null;
        return new QueryResult(
            select == "COUNT" ? null : items,
            count,
            scanned,
            lastKey,
            Consumed(returnConsumedCapacity, table, Math.Max(0.5, Math.Ceiling(bytes / 4096.0) / 2)));
    }

    /// <summary>A hash of the partition key text that is the same in every process (segments of a parallel scan).</summary>
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string ValidateSelect(string? select, IReadOnlyList<DocumentPath>? projection)
    {
        if (select is null)
        {
            return projection is null ? "ALL_ATTRIBUTES" : "SPECIFIC_ATTRIBUTES";
        }

        if (select is not ("ALL_ATTRIBUTES" or "ALL_PROJECTED_ATTRIBUTES" or "SPECIFIC_ATTRIBUTES" or "COUNT"))
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{select}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }

        if (select == "ALL_PROJECTED_ATTRIBUTES")
        {
            throw DynamoDbErrors.Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }

        if (projection is not null && select != "SPECIFIC_ATTRIBUTES")
        {
            throw DynamoDbErrors.Validation($"Cannot specify the ProjectionExpression when choosing to get {select}");
        }

        return select;
    }

    private static int? ValidateLimit(int? limit) =>
        limit is < 1
            ? throw DynamoDbErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
            : limit;

    private static (KeyValue Hash, KeyValue Range)? ExclusiveStartKey(JsonObject? start, DynamoDbTable table)
    {
        if (start is null)
        {
            return null;
        }

        try
        {
            return table.KeyOf(CanonicalItem(start), isItem: false);
        }
        catch (AwsServiceException error) when (error.Code == "ValidationException")
        {
            throw DynamoDbErrors.Validation($"The provided starting key is invalid: {error.Message}");
        }
    }

    private static void RejectIndex(string? indexName)
    {
        if (indexName is not null)
        {
            throw DynamoDbErrors.Validation($"The table does not have the specified index: {indexName} (this emulator does not query secondary indexes)");
        }
    }
}
