using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SesMail.Emulator.DynamoDb;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Ses;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Persistence;

/// <summary>
/// Snapshots written by an earlier emulator (<c>Fixtures/EmulatorSnapshots/*.state.json</c>, captured before the
/// DynamoDB, EventBridge and SES providers were rewritten over typed shapes) still load: the store restores them and
/// captures them back member for member, and the API answers from them as it did.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class SnapshotCompatibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Fixture(string service) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "EmulatorSnapshots", $"{service}.state.json");

    public static TheoryData<string> Services => ["dynamodb", "events", "ses"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Restore_SnapshotOfEarlierEmulator_CapturesTheSameDocument(string service)
    {
        var saved = JsonNode.Parse(File.ReadAllText(Fixture(service)))!;

        var captured = service switch
        {
            "dynamodb" => RoundTrip(new DynamoDbStore(), saved, DynamoDbSnapshotJsonContext.Default.DynamoDbSnapshot),
            "events" => RoundTrip(new EventBridgeStore(), saved, EventBridgeSnapshotJsonContext.Default.EventBridgeSnapshot),
            _ => RoundTrip(new SesStore(), saved, SesSnapshotJsonContext.Default.SesSnapshot),
        };

        JsonNode.DeepEquals(captured, saved).Should().BeTrue($"the {service} snapshot must read back unchanged; captured:\n{captured}");
    }

    [Fact]
    public async Task Start_DynamoDbSnapshotOfEarlierEmulator_ServesTablesStreamsAndItems()
    {
        await using var emulator = await StartWithAsync("dynamodb");
        var ddb = new AwsJsonClient(emulator.BaseUrl, "DynamoDB_20120810", "1.0", "dynamodb");

        var routing = (await ddb.OkAsync("DescribeTable", new JsonObject { ["TableName"] = "routing" }, Ct))["Table"]!;
        var ledger = (await ddb.OkAsync("DescribeTable", new JsonObject { ["TableName"] = "ledger" }, Ct))["Table"]!;
        var item = await ddb.OkAsync("GetItem", JsonNode.Parse("""{"TableName":"routing","Key":{"PK":{"S":"ROUTE#a@example.test"},"SK":{"S":"RULE#v1"}}}""")!.AsObject(), Ct);
        var ttl = await ddb.OkAsync("DescribeTimeToLive", new JsonObject { ["TableName"] = "routing" }, Ct);
        var tags = await ddb.OkAsync("ListTagsOfResource", new JsonObject { ["ResourceArn"] = routing["TableArn"]!.GetValue<string>() }, Ct);

        routing["ItemCount"]!.GetValue<long>().Should().Be(2);
        routing["BillingModeSummary"]!["BillingMode"]!.GetValue<string>().Should().Be("PAY_PER_REQUEST");
        routing["DeletionProtectionEnabled"]!.GetValue<bool>().Should().BeTrue();
        routing["SSEDescription"]!["Status"]!.GetValue<string>().Should().Be("ENABLED");
        routing["StreamSpecification"]!["StreamViewType"]!.GetValue<string>().Should().Be("NEW_AND_OLD_IMAGES");
        routing["GlobalSecondaryIndexes"]![0]!["IndexName"]!.GetValue<string>().Should().Be("GSI1");
        routing["GlobalSecondaryIndexes"]![0]!["Projection"]!["NonKeyAttributes"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("a", "b");
        routing["LocalSecondaryIndexes"]![0]!["KeySchema"]![1]!["AttributeName"]!.GetValue<string>().Should().Be("LSI1SK");
        ledger["ProvisionedThroughput"]!["WriteCapacityUnits"]!.GetValue<long>().Should().Be(4);
        ledger["StreamSpecification"].Should().BeNull("the ledger's stream was disabled before the snapshot");
        item["Item"]!["n"]!["N"]!.GetValue<string>().Should().Be("12.5");
        item["Item"]!["m"]!["M"]!["x"]!["L"]![0]!["S"]!.GetValue<string>().Should().Be("y");
        ttl["TimeToLiveDescription"]!["AttributeName"]!.GetValue<string>().Should().Be("expires");
        tags["Tags"]!.AsArray().Select(t => t!["Key"]!.GetValue<string>()).Should().Equal("app", "empty");
    }

    [Fact]
    public async Task Start_EventBridgeSnapshotOfEarlierEmulator_ServesRulesAndTargets()
    {
        await using var emulator = await StartWithAsync("events");
        var events = new AwsJsonClient(emulator.BaseUrl, "AWSEvents", "1.1", "events");

        var rule = await events.OkAsync("DescribeRule", new JsonObject { ["Name"] = "route-gmail", ["EventBusName"] = "ses-mail" }, Ct);
        var disabled = await events.OkAsync("DescribeRule", new JsonObject { ["Name"] = "bounce", ["EventBusName"] = "ses-mail" }, Ct);
        var schedule = await events.OkAsync("DescribeRule", new JsonObject { ["Name"] = "nightly" }, Ct);
        var targets = (await events.OkAsync("ListTargetsByRule", new JsonObject { ["Rule"] = "route-gmail", ["EventBusName"] = "ses-mail" }, Ct))["Targets"]!.AsArray();

        rule["Description"]!.GetValue<string>().Should().Be("to gmail");
        rule["RoleArn"]!.GetValue<string>().Should().Be("arn:aws:iam::000000000000:role/r");
        disabled["State"]!.GetValue<string>().Should().Be("DISABLED");
        schedule["ScheduleExpression"]!.GetValue<string>().Should().Be("rate(1 day)");
        targets.Select(t => t!["Id"]!.GetValue<string>()).Should().Equal("gmail", "constant", "shaped", "lambda");
        targets[0]!["RetryPolicy"]!["MaximumEventAgeInSeconds"]!.GetValue<int>().Should().Be(600);
        targets[0]!["DeadLetterConfig"]!["Arn"]!.GetValue<string>().Should().EndWith(":dlq");
        targets[1]!["Input"]!.GetValue<string>().Should().Be("""{"fixed":true}""");
        targets[2]!["InputTransformer"]!["InputPathsMap"]!["src"]!.GetValue<string>().Should().Be("$.source");
        targets[3]!["RoleArn"]!.GetValue<string>().Should().Be("arn:aws:iam::000000000000:role/r");
    }

    [Fact]
    public async Task Start_SesSnapshotOfEarlierEmulator_ServesIdentitiesAndReceiptRules()
    {
        await using var emulator = await StartWithAsync("ses");
        using var ses = new QueryProtocolClient(emulator.BaseUrl, "email", "2010-12-01");

        var active = await ses.CallAsync("DescribeActiveReceiptRuleSet", Ct);
        var identities = await ses.CallAsync("ListIdentities", Ct);

        active.Status.Should().Be(200);
        var rules = active.All("Rules").Single().Elements().ToList();
        rules.Select(r => Child(r, "Name")).Should().Equal("store", "bounce-unknown");
        Child(rules[0], "TlsPolicy").Should().Be("Require");
        rules[0].Descendants().Where(e => e.Name.LocalName == "Actions").Single().Elements()
            .Select(a => a.Elements().Single().Name.LocalName).Should().Equal("S3Action", "AddHeaderAction", "SNSAction", "StopAction");
        rules[1].Descendants().Single(e => e.Name.LocalName == "BounceAction").Elements().Select(e => e.Value)
            .Should().Equal("550", "5.1.1", "no such user", "mailer@example.test");
        identities.All("Identities").Single().Elements().Select(e => e.Value).Should().BeEquivalentTo("example.test", "ops@example.org");
    }

    private static string Child(System.Xml.Linq.XElement element, string name) => element.Elements().First(e => e.Name.LocalName == name).Value;

    private static async Task<RestartableEmulator> StartWithAsync(string service)
    {
        var emulator = new RestartableEmulator();
        Directory.CreateDirectory(Path.Combine(emulator.DataDirectory, service));
        File.Copy(Fixture(service), Path.Combine(emulator.DataDirectory, service, EmulatorPersistence.FileName));
        return await emulator.StartAsync();
    }

    private static JsonNode RoundTrip<TSnapshot>(ISnapshotStore<TSnapshot> store, JsonNode saved, JsonTypeInfo<TSnapshot> type)
        where TSnapshot : class
    {
        store.Restore(saved.Deserialize(type)!);
        return JsonSerializer.SerializeToNode(store.Capture(), type)!;
    }
}
