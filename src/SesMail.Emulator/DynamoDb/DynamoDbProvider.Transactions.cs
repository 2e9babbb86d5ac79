using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// <c>TransactWriteItems</c> (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html)
/// and <c>TransactGetItems</c> (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html).
/// </summary>
/// <remarks>
/// All-or-nothing: every table the transaction touches is locked (in name order, so two transactions cannot
/// deadlock), every condition is checked, and only then are the writes applied. A failed condition cancels the whole
/// transaction with <c>TransactionCanceledException</c> and one <c>CancellationReasons</c> entry per item.
/// <c>ClientRequestToken</c> idempotency is not emulated (a repeated token runs again).
/// </remarks>
internal sealed partial class DynamoDbProvider
{
    private const int MaxTransactItems = 100;

    public EmptyResult TransactWriteItems(TransactWriteItemsRequest request, AwsRequestContext context)
    {
        var items = TransactItems(request.TransactItems);
        var plans = items.Select((element, i) => PlanTransactWrite(element, i, context)).ToList();
        var duplicate = plans.GroupBy(p => (p.Table.Name, p.Key)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw DynamoDbErrors.Validation("Transaction request cannot include multiple operations on one item");
        }

        var tables = plans.Select(p => p.Table).DistinctBy(t => t.Name).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        foreach (var table in tables)
        {
            table.Lock.Enter();
        }

        try
        {
            var reasons = new List<CancellationReason>();
            var writes = new List<(TransactWritePlan Plan, JsonObject? Old, JsonObject? New)>();
            foreach (var plan in plans)
            {
                var old = plan.Table.Get(plan.Key);
                if (plan.Condition is not null && !ConditionEvaluator.Evaluate(plan.Condition, old))
                {
                    reasons.Add(new CancellationReason("ConditionalCheckFailed", "The conditional request failed", plan.ReturnOldOnFailure ? (JsonObject?)old?.DeepClone() : null));
                    continue;
                }

                reasons.Add(new CancellationReason("None", null, null));
                var updated = plan.Kind switch
                {
                    "Put" => plan.Item,
                    "Delete" => null,
                    "Update" => ApplyTransactUpdate(plan, old),
                    _ => old,
                };
                if (plan.Kind != "ConditionCheck")
                {
                    writes.Add((plan, old, updated));
                }
            }

            if (reasons.Any(r => r.Code != "None"))
            {
                throw DynamoDbErrors.TransactionCanceled(reasons);
            }

            foreach (var (plan, old, updated) in writes)
            {
                if (updated is not null || old is not null)
                {
                    Write(plan.Table, plan.Key, old, updated, context);
                }
            }
        }
        finally
        {
            foreach (var table in tables)
            {
                table.Lock.Exit();
            }
        }

        return EmptyResult.Instance;
    }

    public TransactGetItemsResult TransactGetItems(TransactGetItemsRequest request, AwsRequestContext context)
    {
        var responses = new List<ItemResponse>();
        foreach (var element in TransactItems(request.TransactItems))
        {
            var get = element.Get ?? throw DynamoDbErrors.Validation("1 validation error detected: Value at 'transactItems.member.get' failed to satisfy constraint: Member must not be null");
            var table = store.RequireTable(context.Region, get.TableName ?? throw DynamoDbErrors.Missing("transactItems.member.get.tableName"));
            var attributes = new ExpressionAttributes(get.ExpressionAttributeNames, null);
            var projection = ParseProjection(get.ProjectionExpression, null, attributes);
            attributes.EnsureAllUsed(projection is not null);
            var key = table.KeyOf(CanonicalItem(get.Key ?? throw DynamoDbErrors.Missing("transactItems.member.get.key")), isItem: false);
            JsonObject? item;
            lock (table.Lock)
            {
                item = table.Get(key) is { } stored ? Project(stored, projection) : null;
            }

            responses.Add(new ItemResponse(item));
        }

        return new TransactGetItemsResult(responses);
    }

    private static IReadOnlyList<T> TransactItems<T>(IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            throw DynamoDbErrors.Missing("transactItems");
        }

        if (items.Count is < 1 or > MaxTransactItems)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to {MaxTransactItems} and greater than or equal to 1");
        }

        return items;
    }

    private TransactWritePlan PlanTransactWrite(TransactWriteItem element, int index, AwsRequestContext context)
    {
        var kinds = new (string Kind, TransactWriteOperation? Body)[]
        {
            ("ConditionCheck", element.ConditionCheck), ("Put", element.Put), ("Delete", element.Delete), ("Update", element.Update),
        }.Where(k => k.Body is not null).ToList();
        if (kinds.Count != 1)
        {
            throw DynamoDbErrors.Validation($"TransactItems[{index}] must name exactly one of ConditionCheck, Put, Delete or Update");
        }

        var (kind, body) = (kinds[0].Kind, kinds[0].Body!);
        var table = store.RequireTable(context.Region, body.TableName ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.{char.ToLowerInvariant(kind[0])}{kind[1..]}.tableName"));
        var attributes = new ExpressionAttributes(body.ExpressionAttributeNames, body.ExpressionAttributeValues);
        var condition = ParseOptionalCondition(body.ConditionExpression, "ConditionExpression", attributes);
        if (kind == "ConditionCheck" && condition is null)
        {
            throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.conditionCheck.conditionExpression");
        }

        IReadOnlyList<UpdateAction> actions = [];
        JsonObject? item = null;
        JsonObject keyMap;
        if (kind == "Put")
        {
            item = CanonicalItem(body.Item ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.put.item"));
            CheckItemSize(item);
            keyMap = item;
        }
        else
        {
            keyMap = CanonicalItem(body.Key ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.key"));
            if (kind == "Update")
            {
                actions = ExpressionParser.ParseUpdate(body.UpdateExpression ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.update.updateExpression"), attributes);
            }
        }

        attributes.EnsureAllUsed(condition is not null || kind == "Update");
        var key = table.KeyOf(keyMap, isItem: kind == "Put");
        return new TransactWritePlan(kind, table, key, keyMap, item, actions, condition, ReturnValuesOnConditionCheckFailure(body.ReturnValuesOnConditionCheckFailure));
    }

    private static JsonObject ApplyTransactUpdate(TransactWritePlan plan, JsonObject? old)
    {
        var updated = UpdateApplier.Apply(plan.Actions, old, plan.Table.KeyAttributes, out _);
        foreach (var (name, value) in plan.KeyMap)
        {
            if (plan.Table.KeyAttributes.Contains(name))
            {
                updated[name] = value!.DeepClone();
            }
        }

        CheckItemSize(updated);
        return updated;
    }

    /// <summary>One parsed element of a <c>TransactWriteItems</c> request.</summary>
    private sealed record TransactWritePlan(
        string Kind,
        DynamoDbTable Table,
        (KeyValue Hash, KeyValue Range) Key,
        JsonObject KeyMap,
        JsonObject? Item,
        IReadOnlyList<UpdateAction> Actions,
        Condition? Condition,
        bool ReturnOldOnFailure);
}
