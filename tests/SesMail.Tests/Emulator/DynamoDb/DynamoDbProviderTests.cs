using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.DynamoDb;

/// <summary>DynamoDB operations through the AWS SDK for .NET v4 client.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class DynamoDbProviderTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonDynamoDBClient Client() =>
        new(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));

    /// <summary>A routing-style table (PK/SK strings, on demand, NEW_AND_OLD_IMAGES stream) with a unique name.</summary>
    internal static async Task<string> CreateRoutingTableAsync(IAmazonDynamoDB ddb, string? name = null)
    {
        name ??= "t-" + Guid.NewGuid().ToString("N")[..12];
        await ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
            AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        }, TestContext.Current.CancellationToken);
        return name;
    }

    private static Dictionary<string, AttributeValue> Rule(string pattern, string action, string target = "") => new()
    {
        ["PK"] = new AttributeValue { S = $"ROUTE#{pattern}" },
        ["SK"] = new AttributeValue { S = "RULE#v1" },
        ["entity_type"] = new AttributeValue { S = "ROUTE" },
        ["action"] = new AttributeValue { S = action },
        ["target"] = new AttributeValue { S = target },
        ["enabled"] = new AttributeValue { BOOL = true },
    };

    private static Dictionary<string, AttributeValue> Key(string pk, string sk = "RULE#v1") => new()
    {
        ["PK"] = new AttributeValue { S = pk },
        ["SK"] = new AttributeValue { S = sk },
    };

    [Fact]
    public async Task CreateTable_WithStream_IsActiveAndDescribesLatestStreamArn()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var table = (await ddb.DescribeTableAsync(name, Ct)).Table;

        table.TableStatus.Should().Be(TableStatus.ACTIVE);
        table.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)).Should().Equal(("PK", "HASH"), ("SK", "RANGE"));
        table.BillingModeSummary.BillingMode.Should().Be(BillingMode.PAY_PER_REQUEST);
        table.StreamSpecification.StreamViewType.Should().Be(StreamViewType.NEW_AND_OLD_IMAGES);
        table.LatestStreamArn.Should().StartWith($"arn:aws:dynamodb:ap-southeast-2:000000000000:table/{name}/stream/");
        table.TableArn.Should().Be($"arn:aws:dynamodb:ap-southeast-2:000000000000:table/{name}");
    }

    [Fact]
    public async Task CreateTable_Twice_ThrowsResourceInUse()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var act = () => CreateRoutingTableAsync(ddb, name);

        (await act.Should().ThrowAsync<ResourceInUseException>()).Which.Message.Should().Be($"Table already exists: {name}");
    }

    [Fact]
    public async Task DescribeTable_Missing_ThrowsResourceNotFound()
    {
        using var ddb = Client();

        var act = () => ddb.DescribeTableAsync("no-such-table", Ct);

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Message.Should().Contain("no-such-table");
    }

    [Fact]
    public async Task ListTables_AfterCreateAndDelete_ReflectsBoth()
    {
        using var ddb = Client();
        var kept = await CreateRoutingTableAsync(ddb);
        var deleted = await CreateRoutingTableAsync(ddb);

        var deleteResponse = await ddb.DeleteTableAsync(deleted, Ct);
        var names = await ddb.ListTablesAsync(new ListTablesRequest(), Ct);

        deleteResponse.TableDescription.TableStatus.Should().Be(TableStatus.DELETING);
        names.TableNames.Should().Contain(kept).And.NotContain(deleted);
        names.TableNames.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task PutItem_ThenGetItem_ReturnsItemWithProjection()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("*@example.test", "forward-to-gmail", "me@example.test"), Ct);

        var full = await ddb.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("ROUTE#*@example.test"), ConsistentRead = true }, Ct);
        var projected = await ddb.GetItemAsync(new GetItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#*@example.test"),
            ProjectionExpression = "#a, target",
            ExpressionAttributeNames = new() { ["#a"] = "action" },
        }, Ct);

        full.Item["action"].S.Should().Be("forward-to-gmail");
        full.Item["enabled"].BOOL.Should().BeTrue();
        projected.Item.Keys.Should().BeEquivalentTo("action", "target");
    }

    [Fact]
    public async Task GetItem_Absent_ReturnsNoItem()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var response = await ddb.GetItemAsync(name, Key("ROUTE#nobody@example.test"), Ct);

        response.IsItemSet.Should().BeFalse();
    }

    [Fact]
    public async Task GetItem_MissingTable_ThrowsResourceNotFound()
    {
        using var ddb = Client();

        var act = () => ddb.GetItemAsync("missing-table", Key("x"), Ct);

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Message.Should().Be("Requested resource not found");
    }

    [Fact]
    public async Task PutItem_WithAttributeNotExistsOnExistingItem_ThrowsConditionalCheckFailed()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("a@example.test", "bounce"), Ct);

        var act = () => ddb.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Rule("a@example.test", "store"),
            ConditionExpression = "attribute_not_exists(PK)",
        }, Ct);

        (await act.Should().ThrowAsync<ConditionalCheckFailedException>()).Which.Message.Should().Be("The conditional request failed");
        (await ddb.GetItemAsync(name, Key("ROUTE#a@example.test"), Ct)).Item["action"].S.Should().Be("bounce");
    }

    [Fact]
    public async Task TransactWriteItems_AllConditionsHold_AppliesEveryWriteAndTransactGetReadsThem()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("old@example.test", "bounce"), Ct);
        await ddb.PutItemAsync(name, Rule("gone@example.test", "bounce"), Ct);

        await ddb.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = Rule("new@example.test", "forward"), ConditionExpression = "attribute_not_exists(PK)" } },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = name,
                        Key = Key("ROUTE#old@example.test"),
                        UpdateExpression = "SET #a = :a",
                        ExpressionAttributeNames = new() { ["#a"] = "action" },
                        ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = "store" } },
                    },
                },
                new TransactWriteItem { Delete = new Delete { TableName = name, Key = Key("ROUTE#gone@example.test") } },
            ],
        }, Ct);
        var read = await ddb.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems =
            [
                new TransactGetItem { Get = new Get { TableName = name, Key = Key("ROUTE#new@example.test") } },
                new TransactGetItem { Get = new Get { TableName = name, Key = Key("ROUTE#old@example.test"), ProjectionExpression = "#a", ExpressionAttributeNames = new() { ["#a"] = "action" } } },
                new TransactGetItem { Get = new Get { TableName = name, Key = Key("ROUTE#gone@example.test") } },
            ],
        }, Ct);

        read.Responses.Should().HaveCount(3);
        read.Responses[0].Item["action"].S.Should().Be("forward");
        read.Responses[1].Item.Should().ContainSingle().Which.Value.S.Should().Be("store");
        read.Responses[2].Item.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task TransactWriteItems_OneConditionFails_CancelsEveryWriteWithReasons()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("taken@example.test", "bounce"), Ct);

        var act = () => ddb.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = Rule("fresh@example.test", "forward") } },
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck
                    {
                        TableName = name,
                        Key = Key("ROUTE#taken@example.test"),
                        ConditionExpression = "attribute_not_exists(PK)",
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    },
                },
            ],
        }, Ct);
        var twice = () => ddb.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = Rule("dup@example.test", "forward") } },
                new TransactWriteItem { Delete = new Delete { TableName = name, Key = Key("ROUTE#dup@example.test") } },
            ],
        }, Ct);

        var cancelled = (await act.Should().ThrowAsync<TransactionCanceledException>()).Which;
        cancelled.CancellationReasons.Select(r => r.Code).Should().Equal("None", "ConditionalCheckFailed");
        cancelled.CancellationReasons[1].Item["action"].S.Should().Be("bounce");
        (await ddb.GetItemAsync(name, Key("ROUTE#fresh@example.test"), Ct)).Item.Should().BeNullOrEmpty("a cancelled transaction writes nothing");
        (await twice.Should().ThrowAsync<AmazonDynamoDBException>()).Which.ErrorCode.Should().Be("ValidationException");
    }

    [Fact]
    public async Task ConditionalWrites_ReturnValuesOnConditionCheckFailureAllOld_ReturnTheItemInTheError()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("a@example.test", "bounce"), Ct);

        var put = () => ddb.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Rule("a@example.test", "store"),
            ConditionExpression = "attribute_not_exists(PK)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }, Ct);
        var update = () => ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#a@example.test"),
            UpdateExpression = "SET #a = :s",
            ConditionExpression = "#a = :s",
            ExpressionAttributeNames = new() { ["#a"] = "action" },
            ExpressionAttributeValues = new() { [":s"] = new AttributeValue { S = "store" } },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }, Ct);
        var delete = () => ddb.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#a@example.test"),
            ConditionExpression = "attribute_not_exists(PK)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.NONE,
        }, Ct);
        var missing = () => ddb.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#none@example.test"),
            ConditionExpression = "attribute_exists(PK)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }, Ct);

        (await put.Should().ThrowAsync<ConditionalCheckFailedException>()).Which.Item["action"].S.Should().Be("bounce");
        (await update.Should().ThrowAsync<ConditionalCheckFailedException>()).Which.Item.Should().ContainKey("PK").And.ContainKey("enabled");
        (await delete.Should().ThrowAsync<ConditionalCheckFailedException>()).Which.Item.Should().BeNullOrEmpty();
        (await missing.Should().ThrowAsync<ConditionalCheckFailedException>()).Which.Item.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task PutItem_KeyTypeMismatch_ThrowsValidationWithDynamoDbWording()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        var item = Rule("x", "store");
        item["PK"] = new AttributeValue { N = "1" };

        var act = () => ddb.PutItemAsync(name, item, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message
            .Should().Be("One or more parameter values were invalid: Type mismatch for key PK expected: S actual: N");
    }

    [Fact]
    public async Task PutItem_EmptyStringKey_ThrowsValidation()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        var item = Rule("x", "store");
        item["SK"] = new AttributeValue { S = string.Empty };

        var act = () => ddb.PutItemAsync(name, item, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message
            .Should().Be("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: SK");
    }

    [Fact]
    public async Task PutItem_UnusedExpressionValue_ThrowsValidation()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var act = () => ddb.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Rule("y", "store"),
            ConditionExpression = "attribute_not_exists(PK)",
            ExpressionAttributeValues = new() { [":unused"] = new AttributeValue { S = "x" } },
        }, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message
            .Should().Be("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    }

    [Fact]
    public async Task UpdateItem_SetAddRemove_ReturnsAllNew()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("u@example.test", "bounce"), Ct);

        var response = await ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#u@example.test"),
            UpdateExpression = "SET #a = :a, hits = if_not_exists(hits, :zero) + :one, tags = list_append(if_not_exists(tags, :empty), :t) REMOVE target ADD seen :s",
            ConditionExpression = "attribute_exists(PK) AND #a = :old",
            ExpressionAttributeNames = new() { ["#a"] = "action" },
            ExpressionAttributeValues = new()
            {
                [":a"] = new AttributeValue { S = "forward-to-gmail" },
                [":old"] = new AttributeValue { S = "bounce" },
                [":zero"] = new AttributeValue { N = "0" },
                [":one"] = new AttributeValue { N = "1" },
                [":empty"] = new AttributeValue { L = [] },
                [":t"] = new AttributeValue { L = [new AttributeValue { S = "x" }] },
                [":s"] = new AttributeValue { SS = ["a", "b"] },
            },
            ReturnValues = ReturnValue.ALL_NEW,
        }, Ct);

        response.Attributes["action"].S.Should().Be("forward-to-gmail");
        response.Attributes["hits"].N.Should().Be("1");
        response.Attributes["tags"].L.Select(v => v.S).Should().Equal("x");
        response.Attributes["seen"].SS.Should().BeEquivalentTo("a", "b");
        response.Attributes.Should().NotContainKey("target");
    }

    [Fact]
    public async Task UpdateItem_UpdatedOld_ReturnsOnlyTouchedAttributes()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("o@example.test", "bounce"), Ct);

        var response = await ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#o@example.test"),
            UpdateExpression = "SET #a = :a",
            ExpressionAttributeNames = new() { ["#a"] = "action" },
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = "store" } },
            ReturnValues = ReturnValue.UPDATED_OLD,
        }, Ct);

        response.Attributes.Should().ContainSingle().Which.Value.S.Should().Be("bounce");
    }

    [Fact]
    public async Task UpdateItem_ReservedWordWithoutPlaceholder_ThrowsValidation()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var act = () => ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#r@example.test"),
            UpdateExpression = "SET action = :a",
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { S = "store" } },
        }, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message
            .Should().Be("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: action");
    }

    [Fact]
    public async Task UpdateItem_KeyAttribute_ThrowsValidation()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var act = () => ddb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#k@example.test"),
            UpdateExpression = "SET SK = :v",
            ExpressionAttributeValues = new() { [":v"] = new AttributeValue { S = "other" } },
        }, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message
            .Should().Be("One or more parameter values were invalid: Cannot update attribute SK. This attribute is part of the key");
    }

    [Fact]
    public async Task DeleteItem_WithFailingCondition_KeepsItem()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        await ddb.PutItemAsync(name, Rule("d@example.test", "bounce"), Ct);

        var failing = () => ddb.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = Key("ROUTE#d@example.test"),
            ConditionExpression = "#a = :v",
            ExpressionAttributeNames = new() { ["#a"] = "action" },
            ExpressionAttributeValues = new() { [":v"] = new AttributeValue { S = "store" } },
        }, Ct);
        await failing.Should().ThrowAsync<ConditionalCheckFailedException>();
        var deleted = await ddb.DeleteItemAsync(new DeleteItemRequest { TableName = name, Key = Key("ROUTE#d@example.test"), ReturnValues = ReturnValue.ALL_OLD }, Ct);

        deleted.Attributes["action"].S.Should().Be("bounce");
        (await ddb.GetItemAsync(name, Key("ROUTE#d@example.test"), Ct)).IsItemSet.Should().BeFalse();
    }

    [Fact]
    public async Task Query_WithRangeConditionFilterLimitAndPaging_PagesInSortOrder()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        for (var i = 0; i < 7; i++)
        {
            var item = Key("USER#1", $"MSG#{i:D2}");
            item["n"] = new AttributeValue { N = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            await ddb.PutItemAsync(name, item, Ct);
        }

        await ddb.PutItemAsync(name, Key("USER#2", "MSG#00"), Ct);
        var request = new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "PK = :pk AND begins_with(SK, :prefix)",
            FilterExpression = "n <> :three",
            ExpressionAttributeValues = new()
            {
                [":pk"] = new AttributeValue { S = "USER#1" },
                [":prefix"] = new AttributeValue { S = "MSG#" },
                [":three"] = new AttributeValue { N = "3" },
            },
            Limit = 4,
        };

        var first = await ddb.QueryAsync(request, Ct);
        request.ExclusiveStartKey = first.LastEvaluatedKey;
        var second = await ddb.QueryAsync(request, Ct);

        first.Items.Select(i => i["SK"].S).Should().Equal("MSG#00", "MSG#01", "MSG#02");
        first.ScannedCount.Should().Be(4);
        first.LastEvaluatedKey["SK"].S.Should().Be("MSG#03");
        second.Items.Select(i => i["SK"].S).Should().Equal("MSG#04", "MSG#05", "MSG#06");
    }

    [Fact]
    public async Task Query_BackwardWithCount_CountsWithoutItems()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        foreach (var sk in new[] { "a", "b", "c" })
        {
            await ddb.PutItemAsync(name, Key("P", sk), Ct);
        }

        var backward = await ddb.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "PK = :p AND SK BETWEEN :lo AND :hi",
            ExpressionAttributeValues = new() { [":p"] = new AttributeValue { S = "P" }, [":lo"] = new AttributeValue { S = "a" }, [":hi"] = new AttributeValue { S = "b" } },
            ScanIndexForward = false,
        }, Ct);
        var count = await ddb.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "PK = :p",
            ExpressionAttributeValues = new() { [":p"] = new AttributeValue { S = "P" } },
            Select = Select.COUNT,
        }, Ct);

        backward.Items.Select(i => i["SK"].S).Should().Equal("b", "a");
        count.Count.Should().Be(3);
        (count.Items ?? []).Should().BeEmpty();
    }

    [Fact]
    public async Task Query_WithoutPartitionKey_ThrowsValidation()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var act = () => ddb.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "SK = :s",
            ExpressionAttributeValues = new() { [":s"] = new AttributeValue { S = "x" } },
        }, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message.Should().Be("Query condition missed key schema element: PK");
    }

    [Fact]
    public async Task Scan_WithFilterAndPaging_VisitsEveryMatchingItemOnce()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        for (var i = 0; i < 10; i++)
        {
            var item = Rule($"user{i}@example.test", i % 2 == 0 ? "forward-to-gmail" : "bounce");
            await ddb.PutItemAsync(name, item, Ct);
        }

        var seen = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await ddb.ScanAsync(new ScanRequest
            {
                TableName = name,
                FilterExpression = "entity_type = :route AND #a = :fwd",
                ExpressionAttributeNames = new() { ["#a"] = "action" },
                ExpressionAttributeValues = new() { [":route"] = new AttributeValue { S = "ROUTE" }, [":fwd"] = new AttributeValue { S = "forward-to-gmail" } },
                Limit = 3,
                ExclusiveStartKey = start,
            }, Ct);
            seen.AddRange(page.Items.Select(i => i["PK"].S));
            start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (start is not null);

        seen.Should().HaveCount(5).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task BatchWriteItem_ThenBatchGetItem_ReturnsWrittenItems()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        await ddb.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [name] = [.. Enumerable.Range(0, 5).Select(i => new WriteRequest(new PutRequest(Rule($"b{i}", "store"))))],
            },
        }, Ct);
        await ddb.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [name] = [new WriteRequest(new DeleteRequest(Key("ROUTE#b0")))] },
        }, Ct);
        var response = await ddb.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = [Key("ROUTE#b0"), Key("ROUTE#b1"), Key("ROUTE#b4")] } },
        }, Ct);

        response.Responses[name].Select(i => i["PK"].S).Should().BeEquivalentTo("ROUTE#b1", "ROUTE#b4");
    }

    [Fact]
    public async Task BatchWriteItem_DuplicateKeys_ThrowsValidation()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);

        var act = () => ddb.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [name] = [new WriteRequest(new PutRequest(Rule("dup", "store"))), new WriteRequest(new DeleteRequest(Key("ROUTE#dup")))] },
        }, Ct);

        (await act.Should().ThrowAsync<AmazonDynamoDBException>()).Which.Message.Should().Be("Provided list of item keys contains duplicates");
    }

    [Fact]
    public async Task UpdateTable_DisableThenEnableStream_CreatesNewStreamArn()
    {
        using var ddb = Client();
        var name = await CreateRoutingTableAsync(ddb);
        var before = (await ddb.DescribeTableAsync(name, Ct)).Table.LatestStreamArn;

        await ddb.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = false } }, Ct);
        await Task.Delay(5, Ct); // stream labels have millisecond resolution
        var enabled = await ddb.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
        }, Ct);

        enabled.TableDescription.LatestStreamArn.Should().NotBe(before);
        enabled.TableDescription.StreamSpecification.StreamViewType.Should().Be(StreamViewType.KEYS_ONLY);
    }
}
