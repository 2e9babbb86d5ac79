using System.Text.Json;
using System.Text.RegularExpressions;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>
/// Tables: <c>CreateTable</c>, <c>DescribeTable</c>, <c>ListTables</c>, <c>UpdateTable</c>, <c>DeleteTable</c>, and what
/// hangs off a table: tags (<c>TagResource</c>, <c>UntagResource</c>, <c>ListTagsOfResource</c>), time to live
/// (<c>UpdateTimeToLive</c>, <c>DescribeTimeToLive</c>), continuous backups (<c>UpdateContinuousBackups</c>,
/// <c>DescribeContinuousBackups</c>) and <c>DescribeEndpoints</c>.
/// </summary>
internal sealed partial class DynamoDbProvider
{
    public TableDescriptionResult CreateTable(CreateTableRequest request, AwsRequestContext context)
    {
        var name = ValidateTableName(request.TableName ?? throw DynamoDbErrors.Missing("tableName"));
        var keySchema = request.KeySchema ?? throw DynamoDbErrors.Missing("keySchema");
        var definitions = request.AttributeDefinitions ?? throw DynamoDbErrors.Missing("attributeDefinitions");

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            var attribute = definition.AttributeName ?? throw DynamoDbErrors.Missing("attributeDefinitions.member.attributeName");
            var type = definition.AttributeType ?? throw DynamoDbErrors.Missing("attributeDefinitions.member.attributeType");
            if (type is not ("S" or "N" or "B"))
            {
                throw DynamoDbErrors.Validation($"1 validation error detected: Value '{type}' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
            }

            types[attribute] = type;
        }

        if (keySchema.Count is < 1 or > 2)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{JsonSerializer.Serialize(keySchema, DynamoDbJsonContext.Default.IReadOnlyListKeySchemaElement)}' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
        }

        var elements = keySchema
            .Select(e => (Name: e.AttributeName ?? throw DynamoDbErrors.Missing("keySchema.member.attributeName"), Type: e.KeyType ?? throw DynamoDbErrors.Missing("keySchema.member.keyType")))
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

        var indexKeys = (request.GlobalSecondaryIndexes ?? []).SelectMany(i => i.KeySchema ?? [])
            .Concat((request.LocalSecondaryIndexes ?? []).SelectMany(i => i.KeySchema ?? []))
            .Select(e => e.AttributeName ?? throw DynamoDbErrors.Missing("keySchema.member.attributeName"))
            .ToList();
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

        var billing = request.BillingMode ?? "PROVISIONED";
        var throughput = request.ProvisionedThroughput;
        (long, long) capacity = (0, 0);
        if (billing == "PROVISIONED")
        {
            if (throughput is null)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }

            capacity = (throughput.ReadCapacityUnits ?? 0, throughput.WriteCapacityUnits ?? 0);
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
            AttributeDefinitions = definitions,
            KeySchema = keySchema,
            BillingMode = billing,
            Throughput = capacity,
            SseEnabled = request.SSESpecification?.Enabled == true,
            DeletionProtection = request.DeletionProtectionEnabled == true,
            GlobalSecondaryIndexes = request.GlobalSecondaryIndexes,
            LocalSecondaryIndexes = request.LocalSecondaryIndexes,
        };
        foreach (var tag in request.Tags ?? [])
        {
            table.Tags[tag.Key ?? throw DynamoDbErrors.Missing("tags.member.key")] = tag.Value ?? string.Empty;
        }

        if (request.StreamSpecification is { StreamEnabled: true } streamSpec)
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

        return new TableDescriptionResult(Describe(table, "ACTIVE"));
    }

    public DescribeTableResult DescribeTable(TableRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        lock (table.Lock)
        {
            return new DescribeTableResult(Describe(table, "ACTIVE"));
        }
    }

    public ListTablesResult ListTables(ListTablesRequest request, AwsRequestContext context)
    {
        var limit = request.Limit ?? 100;
        if (limit is < 1 or > 100)
        {
            throw DynamoDbErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        }

        var start = request.ExclusiveStartTableName;
        var names = store.Tables(context.Region).Keys
            .Order(StringComparer.Ordinal)
            .Where(n => start is null || string.CompareOrdinal(n, start) > 0)
            .ToList();
        var page = names.Take(limit).ToList();
        return new ListTablesResult(page, names.Count > limit ? page[^1] : null);
    }

    public TableDescriptionResult UpdateTable(UpdateTableRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        lock (table.Lock)
        {
            if (request.BillingMode is { } billing)
            {
                table.BillingMode = billing;
                if (billing == "PAY_PER_REQUEST")
                {
                    table.Throughput = (0, 0);
                }
            }

            if (request.ProvisionedThroughput is { } throughput)
            {
                if (table.BillingMode == "PAY_PER_REQUEST")
                {
                    throw DynamoDbErrors.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
                }

                table.Throughput = (throughput.ReadCapacityUnits ?? table.Throughput.Read, throughput.WriteCapacityUnits ?? table.Throughput.Write);
            }

            if (request.DeletionProtectionEnabled is { } protection)
            {
                table.DeletionProtection = protection;
            }

            if (request.SSESpecification is { } sse)
            {
                table.SseEnabled = sse.Enabled ?? table.SseEnabled;
            }

            if (request.StreamSpecification is { } spec)
            {
                var enable = spec.StreamEnabled ?? throw DynamoDbErrors.Missing("streamSpecification.streamEnabled");
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

            return new TableDescriptionResult(Describe(table, "ACTIVE"));
        }
    }

    public TableDescriptionResult DeleteTable(TableRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        lock (table.Lock)
        {
            if (table.DeletionProtection)
            {
                throw DynamoDbErrors.Validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
            }

            var description = Describe(table, "DELETING");
            store.Tables(context.Region).TryRemove(table.Name, out _);
            table.Stream?.Close(store.LastSequence());
            table.Clear();
            return new TableDescriptionResult(description);
        }
    }

    // ---- Tags, time to live, backups, endpoints --------------------------------------------------------------

    public EmptyResult TagResource(TagResourceRequest request, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, request.ResourceArn ?? throw DynamoDbErrors.Missing("resourceArn"));
        lock (table.Lock)
        {
            foreach (var tag in request.Tags ?? [])
            {
                table.Tags[tag.Key ?? throw DynamoDbErrors.Missing("tags.member.key")] = tag.Value ?? string.Empty;
            }
        }

        return EmptyResult.Instance;
    }

    public EmptyResult UntagResource(UntagResourceRequest request, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, request.ResourceArn ?? throw DynamoDbErrors.Missing("resourceArn"));
        lock (table.Lock)
        {
            foreach (var key in request.TagKeys ?? [])
            {
                table.Tags.Remove(key);
            }
        }

        return EmptyResult.Instance;
    }

    public ListTagsOfResourceResult ListTagsOfResource(ListTagsOfResourceRequest request, AwsRequestContext context)
    {
        var table = store.RequireTable(context.Region, request.ResourceArn ?? throw DynamoDbErrors.Missing("resourceArn"));
        lock (table.Lock)
        {
            return new ListTagsOfResourceResult([.. table.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Tag(t.Key, t.Value))]);
        }
    }

    public UpdateTimeToLiveResult UpdateTimeToLive(UpdateTimeToLiveRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        var spec = request.TimeToLiveSpecification ?? throw DynamoDbErrors.Missing("timeToLiveSpecification");
        var enabled = spec.Enabled ?? throw DynamoDbErrors.Missing("timeToLiveSpecification.enabled");
        var attribute = spec.AttributeName ?? throw DynamoDbErrors.Missing("timeToLiveSpecification.attributeName");
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

        return new UpdateTimeToLiveResult(spec);
    }

    public DescribeTimeToLiveResult DescribeTimeToLive(TableRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        var attribute = table.TimeToLiveAttribute;
        return new DescribeTimeToLiveResult(new TimeToLiveDescription(attribute is null ? "DISABLED" : "ENABLED", attribute));
    }

    public ContinuousBackupsResult UpdateContinuousBackups(UpdateContinuousBackupsRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        var spec = request.PointInTimeRecoverySpecification ?? throw DynamoDbErrors.Missing("pointInTimeRecoverySpecification");
        table.PointInTimeRecovery = spec.PointInTimeRecoveryEnabled ?? throw DynamoDbErrors.Missing("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
        return DescribeContinuousBackups(new TableRequest(request.TableName), context);
    }

    public ContinuousBackupsResult DescribeContinuousBackups(TableRequest request, AwsRequestContext context)
    {
        var table = RequireTableToDescribe(request.TableName, context);
        PointInTimeRecoveryDescription recovery;
        if (table.PointInTimeRecovery)
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            recovery = new PointInTimeRecoveryDescription("ENABLED", Math.Min(now, table.Created.ToUnixTimeSeconds()), now, 35);
        }
        else
        {
            recovery = new PointInTimeRecoveryDescription("DISABLED", null, null, null);
        }

        return new ContinuousBackupsResult(new ContinuousBackupsDescription("ENABLED", recovery));
    }

    /// <summary><c>DescribeEndpoints</c>: the emulator's own address, cached for a day.</summary>
    public static DescribeEndpointsResult DescribeEndpoints(AwsRequestContext context) =>
        new([new EndpointEntry(new Uri(context.BaseUrl).Authority, 1440)]);

    // ---- Helpers -----------------------------------------------------------------------------------------------

    /// <summary>The table named by a table operation, with DescribeTable's wording (<c>Table: X not found</c>) when it does not exist.</summary>
    private DynamoDbTable RequireTableToDescribe(string? tableName, AwsRequestContext context) =>
        store.RequireTable(context.Region, tableName ?? throw DynamoDbErrors.Missing("tableName"), describeWording: true);

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

    private static string RequireViewType(StreamSpecification spec)
    {
        var viewType = spec.StreamViewType
            ?? throw DynamoDbErrors.Validation("One or more parameter values were invalid: You must specify a StreamViewType when enabling a stream");
        return viewType is "KEYS_ONLY" or "NEW_IMAGE" or "OLD_IMAGE" or "NEW_AND_OLD_IMAGES"
            ? viewType
            : throw DynamoDbErrors.Validation($"1 validation error detected: Value '{viewType}' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]");
    }

    private DynamoDbStream NewStream(DynamoDbTable table, string viewType, DateTimeOffset now) =>
        new(table.Name, table.Arn, viewType, table.KeySchema, now, store.LastSequence() + 1);

    private static TableDescription Describe(DynamoDbTable table, string status)
    {
        var created = table.Created.ToUnixTimeMilliseconds() / 1000.0;
        var stream = table.Stream;
        var arnParts = table.Arn.Split(':');
        return new TableDescription(
            table.AttributeDefinitions,
            table.Name,
            table.KeySchema,
            status,
            created,
            new ProvisionedThroughputDescription(0, table.Throughput.Read, table.Throughput.Write),
            table.SizeBytes,
            table.ItemCount,
            table.Arn,
            table.TableId,
            table.DeletionProtection,
            table.BillingMode == "PAY_PER_REQUEST" ? new BillingModeSummary("PAY_PER_REQUEST", created) : null,
            table.GlobalSecondaryIndexes?.Select(i => new GlobalSecondaryIndexDescription(
                i.IndexName, i.KeySchema, i.Projection, i.ProvisionedThroughput ?? new ProvisionedThroughput(0, 0), i.OnDemandThroughput, i.WarmThroughput,
                $"{table.Arn}/index/{i.IndexName}", 0, 0, "ACTIVE")).ToList(),
            table.LocalSecondaryIndexes?.Select(i => new LocalSecondaryIndexDescription(
                i.IndexName, i.KeySchema, i.Projection, $"{table.Arn}/index/{i.IndexName}", 0, 0)).ToList(),
            stream is { Enabled: true } ? new StreamSpecification(true, stream.ViewType) : null,
            stream?.Label,
            stream?.Arn,
            table.SseEnabled ? new SSEDescription("ENABLED", "KMS", $"arn:aws:kms:{arnParts[3]}:{arnParts[4]}:key/dynamodb-managed") : null);
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex TableNamePattern();
}
