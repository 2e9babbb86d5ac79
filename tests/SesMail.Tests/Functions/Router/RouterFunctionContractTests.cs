using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using SesMail.Functions;
using SesMail.Functions.Router;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;
using SesMail.Tests.Emulator.DynamoDb;
using SesMail.Tests.Functions.Routing;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.Router;

/// <summary>The router reading its rules from the emulator's DynamoDB through the AWS SDK.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class RouterFunctionContractTests(EmulatorFixture emulator)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RouterFunction Create(string table, StringWriter output)
    {
        var options = RouterOptions.From(new FunctionSettings(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = emulator.BaseUrl.ToString(),
            ["AWS_REGION"] = EmulatorFixture.Region,
            ["ENVIRONMENT"] = "test",
            ["ROUTING_TABLE_NAME"] = table,
            ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
            ["INTEGRATION_TEST_TOKEN_PARAMETER"] = "/ses-mail/test/integration-test-token",
        }));
        return new RouterFunction(options, new FunctionServices(options.Aws, output, traceHeader: () => null), tagger: new RecordingTagger(), testTokens: new FixedTokenSource(null));
    }

    private static async Task<JsonArray> InvokeAsync(RouterFunction function, string notification)
    {
        var input = new JsonArray(RouterHarness.SqsRecord(notification)).ToJsonString();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        using var reader = new StreamReader(await function.HandleAsync(stream, Ct));
        return JsonNode.Parse(await reader.ReadToEndAsync(Ct))!.AsArray();
    }

    [Fact]
    public async Task HandleAsync_RulesInDynamoDb_MatchesExpectedDetail()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        foreach (var item in DynamoDbJson.ReadItems(EventFixtures.Read("Router/rules.json")))
        {
            await ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = item }, Ct);
        }

        var output = new StringWriter();
        using var function = Create(table, output);

        var result = await InvokeAsync(function, EventFixtures.Read("Router/mixed-recipients.ses.json"));

        var detail = result.Single()!.AsObject();
        detail.Remove("ses");
        EventFixtures.ShouldBeSameJson(detail.ToJsonString(), EventFixtures.Read("Router/mixed-recipients.expected.json"));
    }

    [Fact]
    public async Task HandleAsync_TableMissing_ThrowsResourceNotFound()
    {
        var output = new StringWriter();
        using var function = Create("no-such-table-" + Guid.NewGuid().ToString("N")[..8], output);

        var act = () => InvokeAsync(function, EventFixtures.Read("Router/forward-single.ses.json"));

        await act.Should().ThrowAsync<ResourceNotFoundException>();
        output.ToString().Should().Contain("\"RouterEnrichmentFailure\":1");
    }

    [Fact]
    public async Task GetAsync_RuleWrittenByToItem_ReadsBack()
    {
        using var ddb = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = await DynamoDbProviderTests.CreateRoutingTableAsync(ddb);
        var rule = new RoutingRule("*@example.test", RoutingActionNames.ForwardToGmail, "me@example.test", false, RoutingTarget.EmptyMetadata);
        await ddb.PutItemAsync(new PutItemRequest { TableName = table, Item = rule.ToItem(DateTimeOffset.UtcNow) }, Ct);
        var store = new DynamoDbRoutingRuleStore(ddb, table);

        var read = await store.GetAsync("ROUTE#*@example.test", Ct);
        var missing = await store.GetAsync("ROUTE#nobody@example.test", Ct);

        read.Should().NotBeNull();
        read!.Enabled.Should().BeFalse();
        read.Target.Should().Be("me@example.test");
        missing.Should().BeNull();
    }
}
