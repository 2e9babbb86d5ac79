using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.DynamoDb;

/// <summary>DynamoDB and DynamoDB Streams through the AWS CLI v2 (aws dynamodb …, aws dynamodbstreams …).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class DynamoDbCliTests(EmulatorFixture emulator)
{
    private Task<AwsCli.Result> Aws(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, args, workingDirectory: null, timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Cli_CreatePutQueryUpdate_WorksAndReportsConditionalFailure()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "AWS CLI v2 is not installed at /usr/bin/aws.");
        var table = "cli-" + Guid.NewGuid().ToString("N")[..10];

        var created = await Aws("dynamodb", "create-table", "--table-name", table,
            "--attribute-definitions", "AttributeName=PK,AttributeType=S", "AttributeName=SK,AttributeType=S",
            "--key-schema", "AttributeName=PK,KeyType=HASH", "AttributeName=SK,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        var put = await Aws("dynamodb", "put-item", "--table-name", table,
            "--item", """{"PK":{"S":"ROUTE#*@example.test"},"SK":{"S":"RULE#v1"},"action":{"S":"forward-to-gmail"},"target":{"S":"me@example.test"}}""");
        var query = await Aws("dynamodb", "query", "--table-name", table,
            "--key-condition-expression", "PK = :pk", "--expression-attribute-values", """{":pk":{"S":"ROUTE#*@example.test"}}""");
        var conditional = await Aws("dynamodb", "update-item", "--table-name", table,
            "--key", """{"PK":{"S":"ROUTE#*@example.test"},"SK":{"S":"RULE#v1"}}""",
            "--update-expression", "SET #a = :a", "--condition-expression", "#a = :old",
            "--expression-attribute-names", """{"#a":"action"}""",
            "--expression-attribute-values", """{":a":{"S":"bounce"},":old":{"S":"store"}}""");
        var described = await Aws("dynamodb", "describe-table", "--table-name", table);

        created.ExitCode.Should().Be(0, created.Error);
        created.Json["TableDescription"]!["TableStatus"]!.GetValue<string>().Should().Be("ACTIVE");
        put.ExitCode.Should().Be(0, put.Error);
        query.Json["Count"]!.GetValue<int>().Should().Be(1);
        query.Json["Items"]![0]!["target"]!["S"]!.GetValue<string>().Should().Be("me@example.test");
        conditional.ExitCode.Should().NotBe(0);
        conditional.Error.Should().Contain("ConditionalCheckFailedException").And.Contain("The conditional request failed");
        described.Json["Table"]!["LatestStreamArn"]!.GetValue<string>().Should().Contain($":table/{table}/stream/");
    }

    [Fact]
    public async Task Cli_ErrorCases_ReportDynamoDbErrorCodes()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "AWS CLI v2 is not installed at /usr/bin/aws.");

        var missing = await Aws("dynamodb", "get-item", "--table-name", "cli-no-such-table", "--key", """{"PK":{"S":"x"}}""");
        var badExpression = await Aws("dynamodb", "scan", "--table-name", "cli-no-such-table", "--filter-expression", "a = ");

        missing.ExitCode.Should().NotBe(0);
        missing.Error.Should().Contain("ResourceNotFoundException");
        badExpression.ExitCode.Should().NotBe(0);
        badExpression.Error.Should().Contain("ResourceNotFoundException");
    }

    [Fact]
    public async Task Cli_DynamoDbStreams_ListDescribeIterateAndRead()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "AWS CLI v2 is not installed at /usr/bin/aws.");
        var table = "cli-" + Guid.NewGuid().ToString("N")[..10];
        (await Aws("dynamodb", "create-table", "--table-name", table,
            "--attribute-definitions", "AttributeName=PK,AttributeType=S", "--key-schema", "AttributeName=PK,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_IMAGE")).ExitCode.Should().Be(0);
        (await Aws("dynamodb", "put-item", "--table-name", table, "--item", """{"PK":{"S":"SMTP_USER#alice"},"enabled":{"BOOL":true}}""")).ExitCode.Should().Be(0);

        var streams = await Aws("dynamodbstreams", "list-streams", "--table-name", table);
        var arn = streams.Json["Streams"]![0]!["StreamArn"]!.GetValue<string>();
        var described = await Aws("dynamodbstreams", "describe-stream", "--stream-arn", arn);
        var shard = described.Json["StreamDescription"]!["Shards"]![0]!["ShardId"]!.GetValue<string>();
        var iterator = await Aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON");
        var records = await Aws("dynamodbstreams", "get-records", "--shard-iterator", iterator.Json["ShardIterator"]!.GetValue<string>());

        records.ExitCode.Should().Be(0, records.Error);
        var record = records.Json["Records"]!.AsArray().Should().ContainSingle().Which!;
        record["eventName"]!.GetValue<string>().Should().Be("INSERT");
        record["dynamodb"]!["NewImage"]!["PK"]!["S"]!.GetValue<string>().Should().Be("SMTP_USER#alice");
    }
}
