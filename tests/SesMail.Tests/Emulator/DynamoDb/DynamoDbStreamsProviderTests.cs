using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.DynamoDb;

/// <summary>
/// DynamoDB Streams (JSON 1.0, DynamoDBStreams_20120810.*, signing name dynamodb). AWS SDK for .NET v4 ships no
/// Streams client in AWSSDK.DynamoDBv2 4.1, so reads go through a raw JSON client (and the CLI in the CLI tests);
/// writes use the SDK's DynamoDB client.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class DynamoDbStreamsProviderTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AmazonDynamoDBClient Ddb() => new(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));

    private AwsJsonClient Streams() => new(emulator.BaseUrl, "DynamoDBStreams_20120810", "1.0", "dynamodb");

    private static Dictionary<string, AttributeValue> Item(string pk, string action) => new()
    {
        ["PK"] = new AttributeValue { S = pk },
        ["SK"] = new AttributeValue { S = "RULE#v1" },
        ["action"] = new AttributeValue { S = action },
    };

    private static async Task<string> ShardAsync(AwsJsonClient streams, string streamArn) =>
        (await streams.OkAsync("DescribeStream", new JsonObject { ["StreamArn"] = streamArn }, Ct))["StreamDescription"]!["Shards"]![0]!["ShardId"]!.GetValue<string>();

    private static async Task<string> IteratorAsync(AwsJsonClient streams, string streamArn, string shard, string type, string? sequence = null)
    {
        var input = new JsonObject { ["StreamArn"] = streamArn, ["ShardId"] = shard, ["ShardIteratorType"] = type };
        if (sequence is not null)
        {
            input["SequenceNumber"] = sequence;
        }

        return (await streams.OkAsync("GetShardIterator", input, Ct))["ShardIterator"]!.GetValue<string>();
    }

    private static async Task<JsonObject> RecordsAsync(AwsJsonClient streams, string iterator, int? limit = null)
    {
        var input = new JsonObject { ["ShardIterator"] = iterator };
        if (limit is not null)
        {
            input["Limit"] = limit;
        }

        return await streams.OkAsync("GetRecords", input, Ct);
    }

    private static string Pk(JsonNode? record) => record!["dynamodb"]!["Keys"]!["PK"]!["S"]!.GetValue<string>();

    [Fact]
    public async Task GetRecords_FromTrimHorizon_ReturnsInsertModifyRemoveWithImages()
    {
        using var ddb = Ddb();
        var streams = Streams();
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var streamArn = (await ddb.DescribeTableAsync(table, Ct)).Table.LatestStreamArn;
        await ddb.PutItemAsync(table, Item("ROUTE#a", "bounce"), Ct);
        await ddb.PutItemAsync(table, Item("ROUTE#a", "forward-to-gmail"), Ct);
        await ddb.PutItemAsync(table, Item("ROUTE#a", "forward-to-gmail"), Ct); // no change: no record
        await ddb.DeleteItemAsync(table, new() { ["PK"] = new AttributeValue { S = "ROUTE#a" }, ["SK"] = new AttributeValue { S = "RULE#v1" } }, Ct);
        var shard = await ShardAsync(streams, streamArn);

        var result = await RecordsAsync(streams, await IteratorAsync(streams, streamArn, shard, "TRIM_HORIZON"));

        var records = result["Records"]!.AsArray();
        records.Select(r => r!["eventName"]!.GetValue<string>()).Should().Equal("INSERT", "MODIFY", "REMOVE");
        records[0]!["dynamodb"]!["NewImage"]!["action"]!["S"]!.GetValue<string>().Should().Be("bounce");
        records[0]!["dynamodb"]!["OldImage"].Should().BeNull();
        records[1]!["dynamodb"]!["OldImage"]!["action"]!["S"]!.GetValue<string>().Should().Be("bounce");
        records[1]!["dynamodb"]!["NewImage"]!["action"]!["S"]!.GetValue<string>().Should().Be("forward-to-gmail");
        Pk(records[2]).Should().Be("ROUTE#a");
        records[2]!["dynamodb"]!["NewImage"].Should().BeNull();
        records.Select(r => r!["dynamodb"]!["SequenceNumber"]!.GetValue<string>()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        records.Should().OnlyContain(r => r!["eventSource"]!.GetValue<string>() == "aws:dynamodb" && r["awsRegion"]!.GetValue<string>() == "ap-southeast-2");
        result["NextShardIterator"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task GetShardIterator_Latest_SeesOnlyLaterWrites()
    {
        using var ddb = Ddb();
        var streams = Streams();
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var streamArn = (await ddb.DescribeTableAsync(table, Ct)).Table.LatestStreamArn;
        await ddb.PutItemAsync(table, Item("ROUTE#before", "store"), Ct);
        var shard = await ShardAsync(streams, streamArn);

        var empty = await RecordsAsync(streams, await IteratorAsync(streams, streamArn, shard, "LATEST"));
        await ddb.PutItemAsync(table, Item("ROUTE#after", "store"), Ct);
        var next = await RecordsAsync(streams, empty["NextShardIterator"]!.GetValue<string>());

        empty["Records"]!.AsArray().Should().BeEmpty();
        next["Records"]!.AsArray().Select(Pk).Should().Equal("ROUTE#after");
    }

    [Fact]
    public async Task GetShardIterator_AtAndAfterSequenceNumber_StartAtOrAfterThatRecord()
    {
        using var ddb = Ddb();
        var streams = Streams();
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var streamArn = (await ddb.DescribeTableAsync(table, Ct)).Table.LatestStreamArn;
        foreach (var pk in new[] { "ROUTE#1", "ROUTE#2", "ROUTE#3" })
        {
            await ddb.PutItemAsync(table, Item(pk, "store"), Ct);
        }

        var shard = await ShardAsync(streams, streamArn);
        var all = (await RecordsAsync(streams, await IteratorAsync(streams, streamArn, shard, "TRIM_HORIZON")))["Records"]!.AsArray();
        var second = all[1]!["dynamodb"]!["SequenceNumber"]!.GetValue<string>();

        var at = await RecordsAsync(streams, await IteratorAsync(streams, streamArn, shard, "AT_SEQUENCE_NUMBER", second), limit: 1);
        var after = await RecordsAsync(streams, await IteratorAsync(streams, streamArn, shard, "AFTER_SEQUENCE_NUMBER", second));

        at["Records"]!.AsArray().Select(Pk).Should().Equal("ROUTE#2");
        after["Records"]!.AsArray().Select(Pk).Should().Equal("ROUTE#3");
    }

    [Fact]
    public async Task ListStreams_ForTable_ReturnsItsStreamAndDescribesKeySchema()
    {
        using var ddb = Ddb();
        var streams = Streams();
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);

        var listed = await streams.OkAsync("ListStreams", new JsonObject { ["TableName"] = table }, Ct);
        var arn = listed["Streams"]!.AsArray().Single()!["StreamArn"]!.GetValue<string>();
        var described = (await streams.OkAsync("DescribeStream", new JsonObject { ["StreamArn"] = arn }, Ct))["StreamDescription"]!;

        listed["Streams"]![0]!["TableName"]!.GetValue<string>().Should().Be(table);
        described["StreamStatus"]!.GetValue<string>().Should().Be("ENABLED");
        described["StreamViewType"]!.GetValue<string>().Should().Be("NEW_AND_OLD_IMAGES");
        described["KeySchema"]!.AsArray().Select(k => k!["AttributeName"]!.GetValue<string>()).Should().Equal("PK", "SK");
    }

    [Fact]
    public async Task DescribeStream_Unknown_ReturnsResourceNotFound()
    {
        var (status, body) = await Streams().CallAsync("DescribeStream", new JsonObject { ["StreamArn"] = "arn:aws:dynamodb:ap-southeast-2:000000000000:table/none/stream/2020-01-01T00:00:00.000" }, Ct);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().Be("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
    }

    [Fact]
    public async Task GetRecords_BadIterator_ReturnsValidationException()
    {
        var (status, body) = await Streams().CallAsync("GetRecords", new JsonObject { ["ShardIterator"] = "not-an-iterator" }, Ct);

        status.Should().Be(HttpStatusCode.BadRequest);
        body["__type"]!.GetValue<string>().Should().EndWith("#ValidationException");
    }

    [Fact]
    public async Task GetRecords_KeysOnlyStream_CarriesNoImages()
    {
        using var ddb = Ddb();
        var streams = Streams();
        var table = "t-" + Guid.NewGuid().ToString("N")[..12];
        await ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            KeySchema = [new("PK", KeyType.HASH)],
            AttributeDefinitions = [new("PK", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
        }, Ct);
        await ddb.PutItemAsync(table, new() { ["PK"] = new AttributeValue { S = "k" }, ["v"] = new AttributeValue { N = "1" } }, Ct);
        var streamArn = (await ddb.DescribeTableAsync(table, Ct)).Table.LatestStreamArn;
        var shard = await ShardAsync(streams, streamArn);

        var records = (await RecordsAsync(streams, await IteratorAsync(streams, streamArn, shard, "TRIM_HORIZON")))["Records"]!.AsArray();

        var record = records.Should().ContainSingle().Which!["dynamodb"]!;
        record["Keys"]!["PK"]!["S"]!.GetValue<string>().Should().Be("k");
        record["NewImage"].Should().BeNull();
        record["StreamViewType"]!.GetValue<string>().Should().Be("KEYS_ONLY");
    }
}
