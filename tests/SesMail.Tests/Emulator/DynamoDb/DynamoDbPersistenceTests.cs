using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Emulator.Persistence;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.DynamoDb;

/// <summary>DynamoDB tables and items across an emulator restart, through the AWS SDK for .NET.</summary>
[Trait("Kind", "Contract")]
public sealed class DynamoDbPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutItem_ThenRestart_GetItemQueryAndDescribeTableSeeTheSameTable()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        string streamArn;
        using (var ddb = Client(emulator))
        {
            var created = await ddb.CreateTableAsync(RulesTable(), Token);
            streamArn = created.TableDescription.LatestStreamArn;
            await ddb.PutItemAsync(new PutItemRequest { TableName = "rules", Item = Rule("ROUTE#*@example.test", "RULE#v1", "forward-to-gmail", 1.50m) }, Token);
            await ddb.PutItemAsync(new PutItemRequest { TableName = "rules", Item = Rule("ROUTE#*@example.test", "RULE#v2", "bounce", 2m) }, Token);
            await ddb.PutItemAsync(new PutItemRequest { TableName = "rules", Item = Rule("ROUTE#gone@example.test", "RULE#v1", "bounce", 3m) }, Token);
            await ddb.DeleteItemAsync(new DeleteItemRequest { TableName = "rules", Key = Key("ROUTE#gone@example.test", "RULE#v1") }, Token);
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var item = await after.GetItemAsync(new GetItemRequest { TableName = "rules", Key = Key("ROUTE#*@example.test", "RULE#v1") }, Token);
        var query = await after.QueryAsync(new QueryRequest
        {
            TableName = "rules",
            KeyConditionExpression = "PK = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = "ROUTE#*@example.test" } },
            ScanIndexForward = false,
        }, Token);
        var gone = await after.GetItemAsync(new GetItemRequest { TableName = "rules", Key = Key("ROUTE#gone@example.test", "RULE#v1") }, Token);
        var described = await after.DescribeTableAsync("rules", Token);

        item.IsItemSet.Should().BeTrue();
        item.Item["action"].S.Should().Be("forward-to-gmail");
        item.Item["weight"].N.Should().Be("1.5");
        item.Item["tags"].SS.Should().BeEquivalentTo("a", "b");
        item.Item["meta"].M["enabled"].BOOL.Should().BeTrue();
        query.Items.Select(i => i["SK"].S).Should().Equal("RULE#v2", "RULE#v1");
        gone.IsItemSet.Should().BeFalse();
        described.Table.ItemCount.Should().Be(2);
        described.Table.BillingModeSummary.BillingMode.Value.Should().Be("PAY_PER_REQUEST");
        described.Table.StreamSpecification.StreamEnabled.Should().BeTrue();
        described.Table.StreamSpecification.StreamViewType.Value.Should().Be("NEW_AND_OLD_IMAGES");
        described.Table.LatestStreamArn.Should().Be(streamArn);
    }

    [Fact]
    public async Task CreateTable_AfterRestartOnPersistedTable_ThrowsResourceInUseAndKeepsItems()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        using (var ddb = Client(emulator))
        {
            await ddb.CreateTableAsync(RulesTable(), Token);
            await ddb.PutItemAsync(new PutItemRequest { TableName = "rules", Item = Rule("ROUTE#a", "RULE#v1", "bounce", 1m) }, Token);
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        var act = () => after.CreateTableAsync(RulesTable(), Token);
        await act.Should().ThrowAsync<ResourceInUseException>();
        var scan = await after.ScanAsync(new ScanRequest { TableName = "rules" }, Token);
        scan.Items.Should().ContainSingle();
    }

    [Fact]
    public async Task Start_WithCorruptSnapshot_StartsEmptyAndKeepsTheFileAside()
    {
        await using var emulator = new RestartableEmulator();
        var folder = Path.Combine(emulator.DataDirectory, "dynamodb");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, EmulatorPersistence.FileName), "{\"Sequence\":1,\"Tables\":[{\"TableName\":", Token);

        await emulator.StartAsync();

        using var ddb = Client(emulator);
        (await ddb.ListTablesAsync(new ListTablesRequest(), Token)).TableNames.Should().BeEmpty();
        await ddb.CreateTableAsync(RulesTable(), Token);
        Directory.GetFiles(folder, EmulatorPersistence.FileName + ".corrupt-*").Should().ContainSingle()
            .Which.Should().Match(p => File.ReadAllText(p).StartsWith("{\"Sequence\":1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithSnapshotBrokenInItsSecondTable_StartsWithNoTableAtAll()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        using (var ddb = Client(emulator))
        {
            foreach (var name in new[] { "first", "second" })
            {
                var table = RulesTable();
                table.TableName = name;
                await ddb.CreateTableAsync(table, Token);
                await ddb.PutItemAsync(new PutItemRequest { TableName = name, Item = Rule($"ROUTE#{name}", "RULE#v1", "bounce", 1m) }, Token);
            }
        }

        await emulator.StopAsync();
        var path = Path.Combine(emulator.DataDirectory, "dynamodb", EmulatorPersistence.FileName);
        var json = await File.ReadAllTextAsync(path, Token);
        json.Should().Contain("{\"S\":\"ROUTE#second\"}");
        await File.WriteAllTextAsync(path, json.Replace("{\"S\":\"ROUTE#second\"}", "{\"N\":\"not a number\"}", StringComparison.Ordinal), Token);
        await emulator.StartAsync();

        using var after = Client(emulator);
        (await after.ListTablesAsync(new ListTablesRequest(), Token)).TableNames.Should().BeEmpty();
        Directory.GetFiles(Path.GetDirectoryName(path)!, EmulatorPersistence.FileName + ".corrupt-*").Should().ContainSingle();
    }

    [Fact]
    public async Task PutItem_WithPersistenceOff_WritesNothingAndIsGoneAfterRestart()
    {
        await using var emulator = await new RestartableEmulator(persistence: false).StartAsync();
        using (var ddb = Client(emulator))
        {
            await ddb.CreateTableAsync(RulesTable(), Token);
            await ddb.PutItemAsync(new PutItemRequest { TableName = "rules", Item = Rule("ROUTE#a", "RULE#v1", "bounce", 1m) }, Token);
        }

        await emulator.RestartAsync();

        using var after = Client(emulator);
        (await after.ListTablesAsync(new ListTablesRequest(), Token)).TableNames.Should().BeEmpty();
        Directory.Exists(Path.Combine(emulator.DataDirectory, "dynamodb")).Should().BeFalse();
    }

    private static CreateTableRequest RulesTable() => new()
    {
        TableName = "rules",
        AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)],
        KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
        BillingMode = BillingMode.PAY_PER_REQUEST,
        StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
    };

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) =>
        new() { ["PK"] = new AttributeValue { S = pk }, ["SK"] = new AttributeValue { S = sk } };

    private static Dictionary<string, AttributeValue> Rule(string pk, string sk, string action, decimal weight)
    {
        var item = Key(pk, sk);
        item["action"] = new AttributeValue { S = action };
        item["weight"] = new AttributeValue { N = weight.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        item["tags"] = new AttributeValue { SS = ["a", "b"] };
        item["meta"] = new AttributeValue { M = new() { ["enabled"] = new AttributeValue { BOOL = true } } };
        return item;
    }

    private static AmazonDynamoDBClient Client(RestartableEmulator emulator) =>
        new(RestartableEmulator.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
}
