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

    private JsonObject TransactWriteItems(JsonObject input, AwsRequestContext context)
    {
        var items = TransactItems(input);
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
            var reasons = new JsonArray();
            var writes = new List<(TransactWritePlan Plan, JsonObject? Old, JsonObject? New)>();
            var cancelled = false;
            foreach (var plan in plans)
            {
                var old = plan.Table.Get(plan.Key);
                if (plan.Condition is not null && !ConditionEvaluator.Evaluate(plan.Condition, old))
                {
                    cancelled = true;
                    var reason = new JsonObject { ["Code"] = "ConditionalCheckFailed", ["Message"] = "The conditional request failed" };
                    if (plan.ReturnOldOnFailure && old is not null)
                    {
                        reason["Item"] = old.DeepClone();
                    }

                    reasons.Add(reason);
                    continue;
                }

                reasons.Add(new JsonObject { ["Code"] = "None" });
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

            if (cancelled)
            {
                var codes = string.Join(", ", reasons.Select(r => r!["Code"]!.GetValue<string>()));
                throw new AwsServiceException("TransactionCanceledException", $"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]")
                {
                    JsonMembers = new JsonObject { ["CancellationReasons"] = reasons },
                };
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

        return [];
    }

    private JsonObject TransactGetItems(JsonObject input, AwsRequestContext context)
    {
        var responses = new JsonArray();
        foreach (var element in TransactItems(input))
        {
            if (element.Count != 1 || element.OptionalObject("Get") is not { } get)
            {
                throw DynamoDbErrors.Validation("1 validation error detected: Value at 'transactItems.member.get' failed to satisfy constraint: Member must not be null");
            }

            var table = store.RequireTable(context.Region, get.RequiredString("TableName", "transactItems.member.get.tableName"));
            var attributes = new ExpressionAttributes(get);
            var projection = ParseProjection(get, attributes);
            attributes.EnsureAllUsed(projection is not null);
            var key = table.KeyOf(CanonicalItem(get.OptionalObject("Key") ?? throw DynamoDbErrors.Missing("transactItems.member.get.key")), isItem: false);
            JsonObject? item;
            lock (table.Lock)
            {
                item = table.Get(key) is { } stored ? Project(stored, projection) : null;
            }

            responses.Add(item is null ? new JsonObject() : new JsonObject { ["Item"] = item });
        }

        return new JsonObject { ["Responses"] = responses };
    }

    private static List<JsonObject> TransactItems(JsonObject input)
    {
        var items = input.OptionalArray("TransactItems") ?? throw DynamoDbErrors.Missing("transactItems");
        if (items.Count is < 1 or > MaxTransactItems)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to {MaxTransactItems} and greater than or equal to 1");
        }

        return [.. items.Objects("TransactItems")];
    }

    private TransactWritePlan PlanTransactWrite(JsonObject element, int index, AwsRequestContext context)
    {
        var kinds = new[] { "ConditionCheck", "Put", "Delete", "Update" }.Where(k => element[k] is not null).ToList();
        if (kinds.Count != 1 || element.Count != 1)
        {
            throw DynamoDbErrors.Validation($"TransactItems[{index}] must name exactly one of ConditionCheck, Put, Delete or Update");
        }

        var kind = kinds[0];
        var body = element.OptionalObject(kind)!;
        var table = store.RequireTable(context.Region, body.RequiredString("TableName", $"transactItems.{index + 1}.member.{char.ToLowerInvariant(kind[0])}{kind[1..]}.tableName"));
        var attributes = new ExpressionAttributes(body);
        var condition = ParseOptionalCondition(body, "ConditionExpression", attributes);
        if (kind == "ConditionCheck" && condition is null)
        {
            throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.conditionCheck.conditionExpression");
        }

        IReadOnlyList<UpdateAction> actions = [];
        JsonObject? item = null;
        JsonObject keyMap;
        if (kind == "Put")
        {
            item = CanonicalItem(body.OptionalObject("Item") ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.put.item"));
            CheckItemSize(item);
            keyMap = item;
        }
        else
        {
            keyMap = CanonicalItem(body.OptionalObject("Key") ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.key"));
            if (kind == "Update")
            {
                actions = ExpressionParser.ParseUpdate(body.OptionalString("UpdateExpression") ?? throw DynamoDbErrors.Missing($"transactItems.{index + 1}.member.update.updateExpression"), attributes);
            }
        }

        attributes.EnsureAllUsed(condition is not null || kind == "Update");
        var key = table.KeyOf(keyMap, isItem: kind == "Put");
        return new TransactWritePlan(kind, table, key, keyMap, item, actions, condition, ReturnValuesOnConditionCheckFailure(body));
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
