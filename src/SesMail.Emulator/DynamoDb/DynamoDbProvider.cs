using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using SesMail.Emulator.DynamoDb.Expressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// Amazon DynamoDB, JSON 1.0 protocol, <c>X-Amz-Target: DynamoDB_20120810.{Operation}</c>
/// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html).
/// </summary>
/// <remarks>
/// <para>Operations: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, PutItem, GetItem, DeleteItem,
/// UpdateItem, Query, Scan, BatchGetItem, BatchWriteItem, TagResource, UntagResource, ListTagsOfResource,
/// UpdateTimeToLive, DescribeTimeToLive, UpdateContinuousBackups, DescribeContinuousBackups, DescribeEndpoints.</para>
/// <para>Not emulated: secondary-index queries (indexes are stored and described, <c>IndexName</c> is rejected),
/// transactions, PartiQL, backups, global tables, the legacy parameters (<c>Expected</c>, <c>KeyConditions</c>,
/// <c>QueryFilter</c>, <c>ScanFilter</c>, <c>AttributeUpdates</c>), throttling and capacity accounting (consumed
/// capacity is reported as one unit per item touched). Tables are ACTIVE as soon as they are created; tables
/// and items are held in memory and survive a restart (see <c>DynamoDbSnapshot.cs</c>).</para>
/// </remarks>
internal sealed partial class DynamoDbProvider(DynamoDbStore store, TimeProvider clock) : IJsonService
{
    private const int MaxItemSize = 400 * 1024;
    private const int MaxPageBytes = 1024 * 1024;

    public string TargetPrefix => "DynamoDB_20120810";

    public string SigningName => "dynamodb";

    public string JsonVersion => "1.0";

    public string ErrorNamespace => "com.amazonaws.dynamodb.v20120810";

    public ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        JsonNode? result = operation switch
        {
            "CreateTable" => CreateTable(input, context),
            "DescribeTable" => DescribeTable(input, context),
            "ListTables" => ListTables(input, context),
            "UpdateTable" => UpdateTable(input, context),
            "DeleteTable" => DeleteTable(input, context),
            "PutItem" => PutItem(input, context),
            "GetItem" => GetItem(input, context),
            "DeleteItem" => DeleteItem(input, context),
            "UpdateItem" => UpdateItem(input, context),
            "Query" => Query(input, context),
            "Scan" => Scan(input, context),
            "BatchGetItem" => BatchGetItem(input, context),
            "BatchWriteItem" => BatchWriteItem(input, context),
            "TransactWriteItems" => TransactWriteItems(input, context),
            "TransactGetItems" => TransactGetItems(input, context),
            "TagResource" => TagResource(input, context),
            "UntagResource" => UntagResource(input, context),
            "ListTagsOfResource" => ListTagsOfResource(input, context),
            "UpdateTimeToLive" => UpdateTimeToLive(input, context),
            "DescribeTimeToLive" => DescribeTimeToLive(input, context),
            "UpdateContinuousBackups" => UpdateContinuousBackups(input, context),
            "DescribeContinuousBackups" => DescribeContinuousBackups(input, context),
            "DescribeEndpoints" => new JsonObject
            {
                ["Endpoints"] = new JsonArray(new JsonObject { ["Address"] = new Uri(context.BaseUrl).Authority, ["CachePeriodInMinutes"] = 1440 }),
            },
            _ => throw DynamoDbErrors.UnknownOperation(operation),
        };
        return ValueTask.FromResult(result);
    }

    // ---- Tables ------------------------------------------------------------------------------------------------

    private JsonObject CreateTable(JsonObject input, AwsRequestContext context)
    {
        var name = ValidateTableName(input.RequiredString("TableName", "tableName"));
        var keySchema = input.OptionalArray("KeySchema") ?? throw DynamoDbErrors.Missing("keySchema");
        var definitions = input.OptionalArray("AttributeDefinitions") ?? throw DynamoDbErrors.Missing("attributeDefinitions");

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in definitions.Objects("AttributeDefinitions"))
        {
            var attribute = definition.RequiredString("AttributeName", "attributeDefinitions.member.attributeName");
            var type = definition.RequiredString("AttributeType", "attributeDefinitions.member.attributeType");
            if (type is not ("S" or "N" or "B"))
            {
                throw DynamoDbErrors.Validation($"1 validation error detected: Value '{type}' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
            }

            types[attribute] = type;
        }

        if (keySchema.Count is < 1 or > 2)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{keySchema.ToJsonString()}' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
        }

        var elements = keySchema.Objects("KeySchema")
            .Select(e => (Name: e.RequiredString("AttributeName", "keySchema.member.attributeName"), Type: e.RequiredString("KeyType", "keySchema.member.keyType")))
            .ToList();
        if (elements[0].Type != "HASH" || (elements.Count == 2 && elements[1].Type != "RANGE"))
        {
            throw DynamoDbErrors.Validation(elements.Count(e => e.Type == "HASH") != 1
                ? "Invalid KeySchema: Some index key schema element is not valid"
                : "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }

        if (elements.Count == 2 && elements[0].Name == elements[1].Name)
        {
            throw DynamoDbErrors.Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }

        var indexKeys = new List<string>();
        foreach (var indexList in new[] { input.OptionalArray("GlobalSecondaryIndexes"), input.OptionalArray("LocalSecondaryIndexes") })
        {
            foreach (var index in indexList?.Objects("SecondaryIndexes") ?? [])
            {
                foreach (var element in index.OptionalArray("KeySchema")?.Objects("KeySchema") ?? [])
                {
                    indexKeys.Add(element.RequiredString("AttributeName", "keySchema.member.attributeName"));
                }
            }
        }

        var allKeys = elements.Select(e => e.Name).Concat(indexKeys).Distinct(StringComparer.Ordinal).ToList();
        var undefined = allKeys.Where(k => !types.ContainsKey(k)).ToList();
        if (undefined.Count > 0)
        {
            throw DynamoDbErrors.Validation($"One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", undefined)}], AttributeDefinitions: [{string.Join(", ", types.Keys)}]");
        }

        if (types.Count != allKeys.Count)
        {
            throw DynamoDbErrors.Validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }

        var billing = input.OptionalString("BillingMode") ?? "PROVISIONED";
        var throughput = input.OptionalObject("ProvisionedThroughput");
        (long, long) capacity = (0, 0);
        if (billing == "PROVISIONED")
        {
            if (throughput is null)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }

            capacity = (throughput.OptionalLong("ReadCapacityUnits") ?? 0, throughput.OptionalLong("WriteCapacityUnits") ?? 0);
            if (capacity.Item1 < 1 || capacity.Item2 < 1)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }
        }
        else if (billing == "PAY_PER_REQUEST")
        {
            if (throughput is not null)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
        }
        else
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{billing}' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
        }

        var now = clock.GetUtcNow();
        var table = new DynamoDbTable(
            name,
            $"arn:aws:dynamodb:{context.Region}:{context.AccountId}:table/{name}",
            (elements[0].Name, types[elements[0].Name]),
            elements.Count == 2 ? (elements[1].Name, types[elements[1].Name]) : null,
            now)
        {
            AttributeDefinitions = (JsonArray)definitions.DeepClone(),
            KeySchema = (JsonArray)keySchema.DeepClone(),
            BillingMode = billing,
            Throughput = capacity,
            SseEnabled = input.OptionalObject("SSESpecification")?.OptionalBool("Enabled") == true,
            DeletionProtection = input.OptionalBool("DeletionProtectionEnabled") == true,
        };
        table.GlobalSecondaryIndexes = (JsonArray?)input.OptionalArray("GlobalSecondaryIndexes")?.DeepClone();
        table.LocalSecondaryIndexes = (JsonArray?)input.OptionalArray("LocalSecondaryIndexes")?.DeepClone();
        foreach (var tag in input.OptionalArray("Tags")?.Objects("Tags") ?? [])
        {
            table.Tags[tag.RequiredString("Key", "tags.member.key")] = tag.OptionalString("Value") ?? string.Empty;
        }

        var streamSpec = input.OptionalObject("StreamSpecification");
        if (streamSpec?.OptionalBool("StreamEnabled") == true)
        {
            table.Stream = NewStream(table, RequireViewType(streamSpec), now);
        }

        if (!store.Tables(context.Region).TryAdd(name, table))
        {
            throw DynamoDbErrors.TableExists(name);
        }

        if (table.Stream is { } stream)
        {
            store.Streams[stream.Arn] = stream;
        }

        return new JsonObject { ["TableDescription"] = Describe(table, "ACTIVE") };
    }

    private JsonObject DescribeTable(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"), describeWording: true);
        lock (table.Lock)
        {
            return new JsonObject { ["Table"] = Describe(table, "ACTIVE") };
        }
    }

    private JsonObject ListTables(JsonObject input, AwsRequestContext context)
    {
        var limit = (int)(input.OptionalLong("Limit") ?? 100);
        if (limit is < 1 or > 100)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        }

        var start = input.OptionalString("ExclusiveStartTableName");
        var names = store.Tables(context.Region).Keys
            .Order(StringComparer.Ordinal)
            .Where(n => start is null || string.CompareOrdinal(n, start) > 0)
            .ToList();
        var page = names.Take(limit).ToList();
        var result = new JsonObject { ["TableNames"] = new JsonArray([.. page.Select(n => (JsonNode)n)]) };
        if (names.Count > limit)
        {
            result["LastEvaluatedTableName"] = page[^1];
        }

        return result;
    }

    private JsonObject UpdateTable(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"), describeWording: true);
        lock (table.Lock)
        {
            var billing = input.OptionalString("BillingMode");
            if (billing is not null)
            {
                table.BillingMode = billing;
                if (billing == "PAY_PER_REQUEST")
                {
                    table.Throughput = (0, 0);
                }
            }

            if (input.OptionalObject("ProvisionedThroughput") is { } throughput)
            {
                if (table.BillingMode == "PAY_PER_REQUEST")
                {
                    throw DynamoDbErrors.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
                }

                table.Throughput = (throughput.OptionalLong("ReadCapacityUnits") ?? table.Throughput.Read, throughput.OptionalLong("WriteCapacityUnits") ?? table.Throughput.Write);
            }

            if (input.OptionalBool("DeletionProtectionEnabled") is { } protection)
            {
                table.DeletionProtection = protection;
            }

            if (input.OptionalObject("SSESpecification") is { } sse)
            {
                table.SseEnabled = sse.OptionalBool("Enabled") ?? table.SseEnabled;
            }

            if (input.OptionalObject("StreamSpecification") is { } spec)
            {
                var enable = spec.OptionalBool("StreamEnabled") ?? throw DynamoDbErrors.Missing("streamSpecification.streamEnabled");
                var current = table.Stream is { Enabled: true } ? table.Stream : null;
                if (enable)
                {
                    if (current is not null)
                    {
                        throw DynamoDbErrors.Validation($"Table already has an enabled stream: TableName: {table.Name}");
                    }

                    table.Stream = NewStream(table, RequireViewType(spec), clock.GetUtcNow());
                    store.Streams[table.Stream.Arn] = table.Stream;
                }
                else
                {
                    if (current is null)
                    {
                        throw DynamoDbErrors.Validation($"Table already has no stream enabled: TableName: {table.Name}");
                    }

                    current.Close(store.LastSequence());
                }
            }

            return new JsonObject { ["TableDescription"] = Describe(table, "ACTIVE") };
        }
    }

    private JsonObject DeleteTable(JsonObject input, AwsRequestContext context)
    {
        var name = input.RequiredString("TableName", "tableName");
        var table = store.RequireTable(context.Region, name, describeWording: true);
        lock (table.Lock)
        {
            if (table.DeletionProtection)
            {
                throw DynamoDbErrors.Validation($"Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }

            var description = Describe(table, "DELETING");
            store.Tables(context.Region).TryRemove(table.Name, out _);
            table.Stream?.Close(store.LastSequence());
            table.Clear();
            return new JsonObject { ["TableDescription"] = description };
        }
    }

    private static string ValidateTableName(string name)
    {
        if (name.Length is < 3 or > 255)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length {(name.Length < 3 ? "greater than or equal to 3" : "less than or equal to 255")}");
        }

        if (!TableNamePattern().IsMatch(name))
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }

        return name;
    }

    private static string RequireViewType(JsonObject spec)
    {
        var viewType = spec.OptionalString("StreamViewType")
            ?? throw DynamoDbErrors.Validation("One or more parameter values were invalid: You must specify a StreamViewType when enabling a stream");
        return viewType is "KEYS_ONLY" or "NEW_IMAGE" or "OLD_IMAGE" or "NEW_AND_OLD_IMAGES"
            ? viewType
            : throw DynamoDbErrors.Validation($"1 validation error detected: Value '{viewType}' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
    }

    private DynamoDbStream NewStream(DynamoDbTable table, string viewType, DateTimeOffset now) =>
        new(table.Name, table.Arn, viewType, (JsonArray)table.KeySchema.DeepClone(), now, store.LastSequence() + 1);

    private static JsonObject Describe(DynamoDbTable table, string status)
    {
        var created = table.Created.ToUnixTimeMilliseconds() / 1000.0;
        var description = new JsonObject
        {
            ["AttributeDefinitions"] = table.AttributeDefinitions.DeepClone(),
            ["TableName"] = table.Name,
            ["KeySchema"] = table.KeySchema.DeepClone(),
            ["TableStatus"] = status,
            ["CreationDateTime"] = created,
            ["ProvisionedThroughput"] = new JsonObject
            {
                ["NumberOfDecreasesToday"] = 0,
                ["ReadCapacityUnits"] = table.Throughput.Read,
                ["WriteCapacityUnits"] = table.Throughput.Write,
            },
            ["TableSizeBytes"] = table.SizeBytes,
            ["ItemCount"] = table.ItemCount,
            ["TableArn"] = table.Arn,
            ["TableId"] = table.TableId,
            ["DeletionProtectionEnabled"] = table.DeletionProtection,
        };
        if (table.BillingMode == "PAY_PER_REQUEST")
        {
            description["BillingModeSummary"] = new JsonObject
            {
                ["BillingMode"] = "PAY_PER_REQUEST",
                ["LastUpdateToPayPerRequestDateTime"] = created,
            };
        }

        foreach (var (member, indexes) in new[] { ("GlobalSecondaryIndexes", table.GlobalSecondaryIndexes), ("LocalSecondaryIndexes", table.LocalSecondaryIndexes) })
        {
            if (indexes is null)
            {
                continue;
            }

            var described = new JsonArray();
            foreach (var index in indexes.OfType<JsonObject>())
            {
                var copy = (JsonObject)index.DeepClone();
                var indexName = copy.OptionalString("IndexName") ?? string.Empty;
                copy["IndexArn"] = $"{table.Arn}/index/{indexName}";
                copy["IndexSizeBytes"] = 0;
                copy["ItemCount"] = 0;
                if (member == "GlobalSecondaryIndexes")
                {
                    copy["IndexStatus"] = "ACTIVE";
                    copy["ProvisionedThroughput"] ??= new JsonObject { ["ReadCapacityUnits"] = 0, ["WriteCapacityUnits"] = 0 };
                }

                described.Add(copy);
            }

            description[member] = described;
        }

        if (table.Stream is { } stream)
        {
            if (stream.Enabled)
            {
                description["StreamSpecification"] = new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = stream.ViewType };
            }

            description["LatestStreamLabel"] = stream.Label;
            description["LatestStreamArn"] = stream.Arn;
        }

        if (table.SseEnabled)
        {
            description["SSEDescription"] = new JsonObject
            {
                ["Status"] = "ENABLED",
                ["SSEType"] = "KMS",
                ["KMSMasterKeyArn"] = $"arn:aws:kms:{table.Arn.Split(':')[3]}:{table.Arn.Split(':')[4]}:key/dynamodb-managed",
            };
        }

        return description;
    }

    // ---- Items -------------------------------------------------------------------------------------------------

    private JsonObject PutItem(JsonObject input, AwsRequestContext context)
    {
        RejectLegacy(input, "Expected", "ConditionalOperator");
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"));
        var item = CanonicalItem(input.OptionalObject("Item") ?? throw DynamoDbErrors.Missing("item"));
        return ConditionalWrite(input, context, table, () =>
        {
            var key = table.KeyOf(item, isItem: true);
            CheckItemSize(item);
            return (key, item);
        });
    }

    /// <summary>
    /// The shared part of PutItem and DeleteItem: parses <c>ConditionExpression</c>, <c>ReturnValues</c> (<c>NONE</c> or
    /// <c>ALL_OLD</c>) and <c>ReturnValuesOnConditionCheckFailure</c>, then, under the table lock, checks the condition
    /// against the stored item and replaces it with the target's item (<c>null</c> deletes it). Returns the response
    /// with <c>Attributes</c> (the old item, for <c>ALL_OLD</c>) and one write unit of consumed capacity.
    /// </summary>
    /// <param name="input">The PutItem or DeleteItem request.</param>
    /// <param name="context">The caller's region and account (for stream records).</param>
    /// <param name="table">The table named by the request.</param>
    /// <param name="target">The key and new item, resolved after the request-level validation (so errors keep their order).</param>
    private JsonObject ConditionalWrite(JsonObject input, AwsRequestContext context, DynamoDbTable table, Func<((KeyValue Hash, KeyValue Range) Key, JsonObject? Item)> target)
    {
        var attributes = new ExpressionAttributes(input);
        var condition = ParseOptionalCondition(input, "ConditionExpression", attributes);
        attributes.EnsureAllUsed(condition is not null);
        var returnValues = input.OptionalString("ReturnValues") ?? "NONE";
        if (returnValues is not ("NONE" or "ALL_OLD"))
        {
            throw DynamoDbErrors.Validation("ReturnValues can only be ALL_OLD or NONE");
        }

        var returnOnFailure = ReturnValuesOnConditionCheckFailure(input);
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

        var result = new JsonObject();
        if (returnValues == "ALL_OLD" && old is not null)
        {
            result["Attributes"] = old.DeepClone();
        }

        AddConsumedCapacity(input, result, table, 1);
        return result;
    }

    /// <summary>
    /// Reads <c>ReturnValuesOnConditionCheckFailure</c> (<c>NONE</c> or <c>ALL_OLD</c>): whether a failed condition
    /// returns the item as it stood in the error's <c>Item</c> member
    /// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html).
    /// </summary>
    private static bool ReturnValuesOnConditionCheckFailure(JsonObject input) =>
        (input.OptionalString("ReturnValuesOnConditionCheckFailure") ?? "NONE") switch
        {
            "NONE" => false,
            "ALL_OLD" => true,
            var other => throw DynamoDbErrors.Validation($"1 validation error detected: Value '{other}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"),
        };

    private JsonObject GetItem(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"));
        var keyMap = CanonicalItem(input.OptionalObject("Key") ?? throw DynamoDbErrors.Missing("key"));
        var attributes = new ExpressionAttributes(input);
        var projection = ParseProjection(input, attributes);
        attributes.EnsureAllUsed(projection is not null);
        var key = table.KeyOf(keyMap, isItem: false);
        JsonObject? item;
        lock (table.Lock)
        {
            item = table.Get(key) is { } stored ? Project(stored, projection) : null;
        }

        var result = new JsonObject();
        if (item is not null)
        {
            result["Item"] = item;
        }

        AddConsumedCapacity(input, result, table, input.OptionalBool("ConsistentRead") == true ? 1 : 0.5);
        return result;
    }

    private JsonObject DeleteItem(JsonObject input, AwsRequestContext context)
    {
        RejectLegacy(input, "Expected", "ConditionalOperator");
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"));
        var keyMap = CanonicalItem(input.OptionalObject("Key") ?? throw DynamoDbErrors.Missing("key"));
        return ConditionalWrite(input, context, table, () => (table.KeyOf(keyMap, isItem: false), null));
    }

    private JsonObject UpdateItem(JsonObject input, AwsRequestContext context)
    {
        RejectLegacy(input, "Expected", "ConditionalOperator", "AttributeUpdates");
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"));
        var keyMap = CanonicalItem(input.OptionalObject("Key") ?? throw DynamoDbErrors.Missing("key"));
        var attributes = new ExpressionAttributes(input);
        var updateText = input.OptionalString("UpdateExpression");
        var actions = updateText is null ? [] : ExpressionParser.ParseUpdate(updateText, attributes);
        var condition = ParseOptionalCondition(input, "ConditionExpression", attributes);
        attributes.EnsureAllUsed(updateText is not null || condition is not null);
        var returnValues = input.OptionalString("ReturnValues") ?? "NONE";
        if (returnValues is not ("NONE" or "ALL_OLD" or "UPDATED_OLD" or "ALL_NEW" or "UPDATED_NEW"))
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{returnValues}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }

        var returnOnFailure = ReturnValuesOnConditionCheckFailure(input);
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

        var result = new JsonObject();
        var returned = returnValues switch
        {
            "ALL_OLD" => old,
            "ALL_NEW" => updated,
            "UPDATED_OLD" => Pick(old, touched),
            "UPDATED_NEW" => Pick(updated, touched),
            _ => null,
        };
        if (returned is { Count: > 0 })
        {
            result["Attributes"] = returned.DeepClone();
        }

        AddConsumedCapacity(input, result, table, 1);
        return result;
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
        var record = new JsonObject
        {
            ["ApproximateCreationDateTime"] = clock.GetUtcNow().ToUnixTimeSeconds(),
            ["Keys"] = table.KeyAttributesOf(source),
        };
        if (stream.ViewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES" && item is not null)
        {
            record["NewImage"] = item.DeepClone();
        }

        if (stream.ViewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES" && old is not null)
        {
            record["OldImage"] = old.DeepClone();
        }

        record["SequenceNumber"] = DynamoDbStream.FormatSequence(sequence);
        record["SizeBytes"] = AttributeValues.ItemSize(table.KeyAttributesOf(source))
            + (record["NewImage"] is JsonObject n ? AttributeValues.ItemSize(n) : 0)
            + (record["OldImage"] is JsonObject o ? AttributeValues.ItemSize(o) : 0);
        record["StreamViewType"] = stream.ViewType;
        stream.Append(sequence, new JsonObject
        {
            ["eventID"] = Guid.NewGuid().ToString("N"),
            ["eventName"] = old is null ? "INSERT" : item is null ? "REMOVE" : "MODIFY",
            ["eventVersion"] = "1.1",
            ["eventSource"] = "aws:dynamodb",
            ["awsRegion"] = context.Region,
            ["dynamodb"] = record,
        });
    }

    // ---- Query and Scan ----------------------------------------------------------------------------------------

    private JsonObject Query(JsonObject input, AwsRequestContext context)
    {
        RejectLegacy(input, "KeyConditions", "QueryFilter", "ConditionalOperator", "AttributesToGet");
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"));
        RejectIndex(input);
        var attributes = new ExpressionAttributes(input);
        var keyText = input.OptionalString("KeyConditionExpression")
            ?? throw DynamoDbErrors.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        var keyCondition = KeyCondition.From(ExpressionParser.ParseCondition(keyText, "KeyConditionExpression", attributes), table);
        var filter = ParseOptionalCondition(input, "FilterExpression", attributes);
        var projection = ParseProjection(input, attributes);
        attributes.EnsureAllUsed(true);
        var select = ValidateSelect(input, projection);
        var limit = ValidateLimit(input);
        var forward = input.OptionalBool("ScanIndexForward") ?? true;
        var startKey = ExclusiveStartKey(input, table);
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

            return Page(table, input, candidates, filter, projection, select, limit);
        }
    }

    private JsonObject Scan(JsonObject input, AwsRequestContext context)
    {
        RejectLegacy(input, "ScanFilter", "ConditionalOperator", "AttributesToGet");
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"));
        RejectIndex(input);
        var attributes = new ExpressionAttributes(input);
        var filter = ParseOptionalCondition(input, "FilterExpression", attributes);
        var projection = ParseProjection(input, attributes);
        attributes.EnsureAllUsed(filter is not null || projection is not null);
        var select = ValidateSelect(input, projection);
        var limit = ValidateLimit(input);
        var startKey = ExclusiveStartKey(input, table);
        var segment = input.OptionalLong("Segment");
        var totalSegments = input.OptionalLong("TotalSegments");
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

            return Page(table, input, candidates, filter, projection, select, limit);
        }
    }

    private static JsonObject Page(DynamoDbTable table, JsonObject input, IEnumerable<JsonObject> candidates, Condition? filter, IReadOnlyList<DocumentPath>? projection, string select, int? limit)
    {
        var items = new JsonArray();
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

        var result = new JsonObject();
        if (select != "COUNT")
        {
            result["Items"] = items;
        }

        result["Count"] = count;
        result["ScannedCount"] = scanned;
        if ((stoppedEarly || (limit is { } max && scanned == max && scanned > 0)) && last is not null)
        {
            result["LastEvaluatedKey"] = table.KeyAttributesOf(last);
        }

        AddConsumedCapacity(input, result, table, Math.Max(0.5, Math.Ceiling(bytes / 4096.0) / 2));
        return result;
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string ValidateSelect(JsonObject input, IReadOnlyList<DocumentPath>? projection)
    {
        var select = input.OptionalString("Select");
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

    private static int? ValidateLimit(JsonObject input)
    {
        var limit = input.OptionalLong("Limit");
        if (limit is < 1)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        return (int?)limit;
    }

    private static (KeyValue Hash, KeyValue Range)? ExclusiveStartKey(JsonObject input, DynamoDbTable table)
    {
        if (input.OptionalObject("ExclusiveStartKey") is not { } start)
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

    private static void RejectIndex(JsonObject input)
    {
        if (input.OptionalString("IndexName") is { } index)
        {
            throw DynamoDbErrors.Validation($"The table does not have the specified index: {index} (this emulator does not query secondary indexes)");
        }
    }

    // ---- Batch -------------------------------------------------------------------------------------------------

    private JsonObject BatchGetItem(JsonObject input, AwsRequestContext context)
    {
        var requestItems = input.OptionalObject("RequestItems") ?? throw DynamoDbErrors.Missing("requestItems");
        if (requestItems.Count == 0)
        {
            throw DynamoDbErrors.Validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }

        var total = requestItems.Sum(t => (t.Value as JsonObject)?.OptionalArray("Keys")?.Count ?? 0);
        if (total > 100)
        {
            throw DynamoDbErrors.Validation("Too many items requested for the BatchGetItem call");
        }

        var plan = new List<(DynamoDbTable Table, List<(KeyValue, KeyValue)> Keys, IReadOnlyList<DocumentPath>? Projection, string Name)>();
        foreach (var (tableName, node) in requestItems)
        {
            var request = node as JsonObject ?? throw DynamoDbErrors.Missing("requestItems.member");
            var table = store.RequireTable(context.Region, tableName);
            var keys = request.OptionalArray("Keys") ?? throw DynamoDbErrors.Missing("requestItems.member.keys");
            var attributes = new ExpressionAttributes(request);
            var projection = ParseProjection(request, attributes);
            attributes.EnsureAllUsed(projection is not null);
            var parsed = keys.Select(k => table.KeyOf(CanonicalItem(k as JsonObject ?? []), isItem: false)).ToList();
            if (parsed.Distinct().Count() != parsed.Count)
            {
                throw DynamoDbErrors.Validation("Provided list of item keys contains duplicates");
            }

            plan.Add((table, parsed, projection, tableName));
        }

        var responses = new JsonObject();
        foreach (var (table, keys, projection, name) in plan)
        {
            var found = new JsonArray();
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

        return new JsonObject { ["Responses"] = responses, ["UnprocessedKeys"] = new JsonObject() };
    }

    private JsonObject BatchWriteItem(JsonObject input, AwsRequestContext context)
    {
        var requestItems = input.OptionalObject("RequestItems") ?? throw DynamoDbErrors.Missing("requestItems");
        var total = requestItems.Sum(t => (t.Value as JsonArray)?.Count ?? 0);
        if (requestItems.Count == 0 || total > 25)
        {
            throw DynamoDbErrors.Validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }

        var plan = new List<(DynamoDbTable Table, (KeyValue, KeyValue) Key, JsonObject? Item)>();
        foreach (var (tableName, node) in requestItems)
        {
            var table = store.RequireTable(context.Region, tableName);
            var seen = new HashSet<(KeyValue, KeyValue)>();
            foreach (var request in (node as JsonArray ?? []).OfType<JsonObject>())
            {
                (KeyValue, KeyValue) key;
                JsonObject? item = null;
                if (request.OptionalObject("PutRequest") is { } put)
                {
                    item = CanonicalItem(put.OptionalObject("Item") ?? throw DynamoDbErrors.Missing("requestItems.member.member.putRequest.item"));
                    key = table.KeyOf(item, isItem: true);
                    CheckItemSize(item);
                }
                else if (request.OptionalObject("DeleteRequest") is { } delete)
                {
                    key = table.KeyOf(CanonicalItem(delete.OptionalObject("Key") ?? throw DynamoDbErrors.Missing("requestItems.member.member.deleteRequest.key")), isItem: false);
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

        return new JsonObject { ["UnprocessedItems"] = new JsonObject() };
    }

    // ---- Tags, TTL, backups ------------------------------------------------------------------------------------

    private JsonObject? TagResource(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("ResourceArn", "resourceArn"));
        lock (table.Lock)
        {
            foreach (var tag in input.OptionalArray("Tags")?.Objects("Tags") ?? [])
            {
                table.Tags[tag.RequiredString("Key", "tags.member.key")] = tag.OptionalString("Value") ?? string.Empty;
            }
        }

        return null;
    }

    private JsonObject? UntagResource(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("ResourceArn", "resourceArn"));
        lock (table.Lock)
        {
            foreach (var key in input.OptionalArray("TagKeys")?.Strings("TagKeys") ?? [])
            {
                table.Tags.Remove(key);
            }
        }

        return null;
    }

    private JsonObject ListTagsOfResource(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("ResourceArn", "resourceArn"));
        lock (table.Lock)
        {
            return new JsonObject
            {
                ["Tags"] = new JsonArray([.. table.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
            };
        }
    }

    private JsonObject UpdateTimeToLive(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"), describeWording: true);
        var spec = input.OptionalObject("TimeToLiveSpecification") ?? throw DynamoDbErrors.Missing("timeToLiveSpecification");
        var enabled = spec.OptionalBool("Enabled") ?? throw DynamoDbErrors.Missing("timeToLiveSpecification.enabled");
        var attribute = spec.RequiredString("AttributeName", "timeToLiveSpecification.attributeName");
        lock (table.Lock)
        {
            if (enabled && table.TimeToLiveAttribute is not null)
            {
                throw DynamoDbErrors.Validation("TimeToLive is already enabled");
            }

            if (!enabled && table.TimeToLiveAttribute is null)
            {
                throw DynamoDbErrors.Validation("TimeToLive is already disabled");
            }

            table.TimeToLiveAttribute = enabled ? attribute : null;
        }

        return new JsonObject { ["TimeToLiveSpecification"] = spec.DeepClone() };
    }

    private JsonObject DescribeTimeToLive(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"), describeWording: true);
        var description = new JsonObject { ["TimeToLiveStatus"] = table.TimeToLiveAttribute is null ? "DISABLED" : "ENABLED" };
        if (table.TimeToLiveAttribute is { } attribute)
        {
            description["AttributeName"] = attribute;
        }

        return new JsonObject { ["TimeToLiveDescription"] = description };
    }

    private JsonObject UpdateContinuousBackups(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"), describeWording: true);
        var spec = input.OptionalObject("PointInTimeRecoverySpecification") ?? throw DynamoDbErrors.Missing("pointInTimeRecoverySpecification");
        table.PointInTimeRecovery = spec.OptionalBool("PointInTimeRecoveryEnabled") ?? throw DynamoDbErrors.Missing("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
        return DescribeContinuousBackups(input, context);
    }

    private JsonObject DescribeContinuousBackups(JsonObject input, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, input.RequiredString("TableName", "tableName"), describeWording: true);
        var pitr = new JsonObject { ["PointInTimeRecoveryStatus"] = table.PointInTimeRecovery ? "ENABLED" : "DISABLED" };
        if (table.PointInTimeRecovery)
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            pitr["EarliestRestorableDateTime"] = Math.Min(now, table.Created.ToUnixTimeSeconds());
            pitr["LatestRestorableDateTime"] = now;
            pitr["RecoveryPeriodInDays"] = 35;
        }

        return new JsonObject
        {
            ["ContinuousBackupsDescription"] = new JsonObject
            {
                ["ContinuousBackupsStatus"] = "ENABLED",
                ["PointInTimeRecoveryDescription"] = pitr,
            },
        };
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

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

    private static Condition? ParseOptionalCondition(JsonObject input, string member, ExpressionAttributes attributes) =>
        input.OptionalString(member) is { } text ? ExpressionParser.ParseCondition(text, member, attributes) : null;

    private static IReadOnlyList<DocumentPath>? ParseProjection(JsonObject input, ExpressionAttributes attributes)
    {
        if (input.OptionalString("ProjectionExpression") is { } text)
        {
            return ExpressionParser.ParseProjection(text, attributes);
        }

        if (input.OptionalArray("AttributesToGet") is { } names)
        {
            return [.. names.Strings("AttributesToGet").Select(n => new DocumentPath([new PathElement(n, 0)]))];
        }

        return null;
    }

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

    private static void RejectLegacy(JsonObject input, params string[] members)
    {
        foreach (var member in members)
        {
            if (input.ContainsKey(member) && member != "AttributesToGet")
            {
                throw DynamoDbErrors.Validation($"The legacy parameter {member} is not supported by this emulator; use the expression parameters instead.");
            }
        }
    }

    private static void AddConsumedCapacity(JsonObject input, JsonObject result, DynamoDbTable table, double units)
    {
        if (input.OptionalString("ReturnConsumedCapacity") is "TOTAL" or "INDEXES")
        {
            result["ConsumedCapacity"] = new JsonObject { ["TableName"] = table.Name, ["CapacityUnits"] = units };
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex TableNamePattern();
}
