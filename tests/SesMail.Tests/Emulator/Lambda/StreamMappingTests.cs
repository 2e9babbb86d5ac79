using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>
/// DynamoDB stream event source mappings as Lambda runs them: filter criteria on the stream record, batching,
/// retries, bisection, partial batch responses, the event JSON of AWS's documented example, and a checkpoint that
/// survives a restart.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StreamMappingTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonLambdaClient _lambda = Client(emulator);
    private readonly AmazonDynamoDBClient _dynamo = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _lambda.Dispose();
        _dynamo.Dispose();
    }

    [Fact]
    public async Task Event_ForAnInsert_HasTheShapeOfAwsDocumentedExample()
    {
        var (table, stream) = await TableAsync(_dynamo, "Id", ScalarAttributeType.N);
        var name = Name("ddb-shape");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        await MapAsync(name, stream, batchSize: 1);

        await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["Id"] = new() { N = "101" }, ["Message"] = new() { S = "New item!" } }, Ct);

        var record = (await handler.WaitForAsync(1)).Should().ContainSingle().Subject["Records"]!.AsArray().Should().ContainSingle().Subject!;
        var documented = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events", "dynamodb-stream-event.json"), Ct))!["Records"]![0]!;
        record.AsObject().Select(p => p.Key).Should().BeEquivalentTo(documented.AsObject().Select(p => p.Key));
        record["dynamodb"]!.AsObject().Select(p => p.Key).Should().Contain(documented["dynamodb"]!.AsObject().Select(p => p.Key));
        record["eventSource"]!.GetValue<string>().Should().Be("aws:dynamodb");
        record["eventName"]!.GetValue<string>().Should().Be("INSERT");
        record["eventSourceARN"]!.GetValue<string>().Should().Be(stream);
        record["awsRegion"]!.GetValue<string>().Should().Be(EmulatorFixture.Region);
        JsonNode.DeepEquals(record["dynamodb"]!["Keys"], documented["dynamodb"]!["Keys"]).Should().BeTrue();
        JsonNode.DeepEquals(record["dynamodb"]!["NewImage"], documented["dynamodb"]!["NewImage"]).Should().BeTrue();
        record["dynamodb"]!["StreamViewType"]!.GetValue<string>().Should().Be("NEW_AND_OLD_IMAGES");
        record["dynamodb"]!["SizeBytes"]!.GetValue<int>().Should().BePositive();
    }

    [Fact]
    public async Task FilterCriteria_OnTheStreamRecord_OnlyMatchingRecordsReachTheFunction()
    {
        var (table, stream) = await TableAsync(_dynamo, "pk", ScalarAttributeType.S);
        var name = Name("ddb-filter");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        await MapAsync(name, stream, batchSize: 10, filter: """{"eventName":["INSERT"],"dynamodb":{"NewImage":{"status":{"S":["pending"]}}}}""");

        foreach (var (pk, status) in new[] { ("a", "pending"), ("b", "active"), ("c", "pending") })
        {
            await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk }, ["status"] = new() { S = status } }, Ct);
        }

        await _dynamo.UpdateItemAsync(new UpdateItemRequest { TableName = table, Key = new() { ["pk"] = new() { S = "a" } }, UpdateExpression = "SET n = :n", ExpressionAttributeValues = new() { [":n"] = new() { N = "1" } } }, Ct);
        await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "z" }, ["status"] = new() { S = "pending" } }, Ct);

        var keys = await KeysAsync(handler, 3);
        keys.Should().Equal("a", "c", "z");
    }

    [Fact]
    public async Task BatchSize_GroupsRecordsInStreamOrder()
    {
        var (table, stream) = await TableAsync(_dynamo, "pk", ScalarAttributeType.S);
        var name = Name("ddb-batch");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        await MapAsync(name, stream, batchSize: 3, window: 2);

        foreach (var pk in new[] { "1", "2", "3", "4", "5" })
        {
            await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } }, Ct);
        }

        var keys = await KeysAsync(handler, 5);
        keys.Should().Equal("1", "2", "3", "4", "5");
        handler.Snapshot().Select(e => e["Records"]!.AsArray().Count).Should().OnlyContain(n => n <= 3).And.Contain(3);
    }

    [Fact]
    public async Task FunctionError_IsRetriedMaximumRetryAttemptsTimes_ThenTheRecordIsSkipped()
    {
        var (table, stream) = await TableAsync(_dynamo, "pk", ScalarAttributeType.S);
        var name = Name("ddb-retry");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (e, _) =>
            Keys(e).Contains("poison") ? throw new InvalidOperationException("poison") : "{}");
        await MapAsync(name, stream, batchSize: 1, retries: 2);

        await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "poison" } }, Ct);
        await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "after" } }, Ct);

        var keys = await KeysAsync(handler, 4);
        keys.Should().Equal("poison", "poison", "poison", "after");
    }

    [Fact]
    public async Task BisectBatchOnFunctionError_SplitsUntilTheFailingRecordIsAlone()
    {
        var (table, stream) = await TableAsync(_dynamo, "pk", ScalarAttributeType.S);
        var name = Name("ddb-bisect");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (e, _) =>
            Keys(e).Contains("poison") ? throw new InvalidOperationException("poison") : "{}");
        await MapAsync(name, stream, batchSize: 4, window: 3, retries: 0, bisect: true);

        foreach (var pk in new[] { "a", "b", "poison", "d" })
        {
            await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } }, Ct);
        }

        await handler.WaitForAsync(5);
        await Task.Delay(500, Ct);
        var batches = handler.Snapshot().Select(e => string.Join(",", Keys(e))).ToList();
        batches.Should().Equal("a,b,poison,d", "a,b", "poison,d", "poison", "d");
    }

    [Fact]
    public async Task ReportBatchItemFailures_RetriesFromTheLowestFailedSequenceNumber()
    {
        var (table, stream) = await TableAsync(_dynamo, "pk", ScalarAttributeType.S);
        var name = Name("ddb-partial");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (e, count) =>
        {
            if (count > 1)
            {
                return "{}";
            }

            var failed = e["Records"]!.AsArray().First(r => r!["dynamodb"]!["Keys"]!["pk"]!["S"]!.GetValue<string>() == "b")!;
            return new JsonObject { ["batchItemFailures"] = new JsonArray(new JsonObject { ["itemIdentifier"] = failed["dynamodb"]!["SequenceNumber"]!.GetValue<string>() }) }.ToJsonString();
        });
        await MapAsync(name, stream, batchSize: 3, window: 3, retries: 5, reportFailures: true);

        foreach (var pk in new[] { "a", "b", "c" })
        {
            await _dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } }, Ct);
        }

        await handler.WaitForAsync(2);
        var batches = handler.Snapshot().Select(e => string.Join(",", Keys(e))).ToList();
        batches.Should().Equal("a,b,c", "b,c");
    }

    [Fact]
    public async Task Checkpoint_SurvivesARestart_SoProcessedRecordsAreNotDeliveredAgain()
    {
        await using var restartable = await new RestartableEmulator().StartAsync();
        using var dynamo = new AmazonDynamoDBClient(RestartableEmulator.Credentials, restartable.Configure(new AmazonDynamoDBConfig()));
        var (table, stream) = await TableAsync(dynamo, "pk", ScalarAttributeType.S);
        var name = Name("ddb-restart");
        string uuid;
        using (var lambda = new AmazonLambdaClient(RestartableEmulator.Credentials, new AmazonLambdaConfig { ServiceURL = restartable.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region }))
        {
            await CreateShellFunctionAsync(lambda, name);
            uuid = (await lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = stream, StartingPosition = "TRIM_HORIZON", BatchSize = 1 }, Ct)).UUID!;
        }

        await using (var before = await AttachedHandler.AttachAsync(restartable.BaseUrl, name, (_, _) => "{}"))
        {
            await dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "first" } }, Ct);
            (await KeysAsync(before, 1)).Should().Equal("first");
            await Task.Delay(300, Ct); // the checkpoint follows the answer
        }

        await restartable.RestartAsync();
        using var dynamoAgain = new AmazonDynamoDBClient(RestartableEmulator.Credentials, restartable.Configure(new AmazonDynamoDBConfig()));
        await using var after = await AttachedHandler.AttachAsync(restartable.BaseUrl, name, (_, _) => "{}");
        await dynamoAgain.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "second" } }, Ct);

        (await KeysAsync(after, 1)).Should().Equal("second");
        await Task.Delay(500, Ct);
        after.Snapshot().Should().ContainSingle("the record processed before the restart is not delivered again");
        var store = (SesMail.Emulator.Lambda.LambdaStore)restartable.Services.GetService(typeof(SesMail.Emulator.Lambda.LambdaStore))!;
        store.Checkpoint(uuid).Should().NotBeNull();
    }

    private async Task MapAsync(string function, string stream, int batchSize, int window = 0, int? retries = null, bool? bisect = null, bool reportFailures = false, string? filter = null)
    {
        var request = new CreateEventSourceMappingRequest
        {
            FunctionName = function,
            EventSourceArn = stream,
            StartingPosition = "TRIM_HORIZON",
            BatchSize = batchSize,
            MaximumBatchingWindowInSeconds = window,
            MaximumRetryAttempts = retries,
            BisectBatchOnFunctionError = bisect,
            FunctionResponseTypes = reportFailures ? ["ReportBatchItemFailures"] : null,
            FilterCriteria = filter is null ? null : new FilterCriteria { Filters = [new Filter { Pattern = filter }] },
        };
        (await _lambda.CreateEventSourceMappingAsync(request, Ct)).State.Should().Be("Creating");
    }

    private static async Task<(string Table, string StreamArn)> TableAsync(AmazonDynamoDBClient dynamo, string key, ScalarAttributeType type)
    {
        var name = Name("stream-table");
        var created = await dynamo.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = name,
                AttributeDefinitions = [new AttributeDefinition(key, type)],
                KeySchema = [new KeySchemaElement(key, KeyType.HASH)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
                StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
            },
            Ct);
        return (name, created.TableDescription.LatestStreamArn);
    }

    private static List<string> Keys(JsonNode evt) =>
        [.. evt["Records"]!.AsArray().Select(r => r!["dynamodb"]!["Keys"]!.AsObject().First().Value!.AsObject().First().Value!.GetValue<string>())];

    private static async Task<List<string>> KeysAsync(AttachedHandler handler, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            var keys = handler.Snapshot().SelectMany(Keys).ToList();
            if (keys.Count >= count)
            {
                return keys;
            }

            await Task.Delay(100, Ct);
        }

        return handler.Snapshot().SelectMany(Keys).ToList();
    }
}
