using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleNotificationService.Model;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Hosting;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime;

/// <summary>
/// What the local runtime does on its next start against an emulator that kept its state: provisioning the template
/// again changes nothing, the operator's routing rule is still there, and a message flows through the pipe once.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class EmulatorRestartTests
{
    [Fact]
    public async Task Provision_AfterEmulatorRestart_ChangesNothingAndPipeDeliversOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var template = TemplateYamlTests.Load();
        await using var emulator = await new RestartableEmulator().StartAsync();
        var before = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var first = await (await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, before, ct)).ProvisionAsync(template, StackProvisionerTests.Settings, ct);
        await before.DynamoDb.PutItemAsync(new PutItemRequest { TableName = first.Outputs["RoutingTableName"], Item = Rule() }, ct);

        await emulator.RestartAsync();

        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, clients, ct)).ProvisionAsync(template, StackProvisionerTests.Settings, ct);
        // This emulator listens on a new port after each restart and queue URLs carry it, so a function whose
        // environment holds a queue URL (the forwarder's RETRY_QUEUE_URL) is rightly updated; nothing else may be.
        stack.Resources.Values.Where(r => r.Status is ResourceStatus.Created or ResourceStatus.Updated)
            .Where(r => !(r.LogicalId == "ForwarderFunction" && r.Note == "changed: Environment."))
            .Select(r => $"{r.LogicalId}: {r.Status} {r.Note}").Should().BeEmpty();
        foreach (var topic in stack.Resources.Values.Where(r => r.Type == "AWS::SNS::Topic"))
        {
            var subscriptions = (await clients.Sns.ListSubscriptionsByTopicAsync(new ListSubscriptionsByTopicRequest { TopicArn = topic.PhysicalId }, ct)).Subscriptions;
            subscriptions.Should().OnlyHaveUniqueItems(s => $"{s.Protocol} {s.Endpoint}");
        }

        var rule = await clients.DynamoDb.GetItemAsync(new GetItemRequest { TableName = stack.Outputs["RoutingTableName"], Key = new() { ["PK"] = new() { S = "ROUTE#*@example.test" }, ["SK"] = new() { S = "RULE#v1" } } }, ct);
        rule.Item["target"].S.Should().Be("me@example.test");

        var (received, more) = await PipeDriver.RouteFixtureAsync(template, stack, emulator.BaseUrl, clients, ct);

        var envelope = JsonNode.Parse(received.Should().ContainSingle().Subject.Body)!;
        envelope["detail"]!["actions"]!["forward-to-gmail"]!["targets"]![0]!["destination"]!.GetValue<string>().Should().Be("me@example.test");
        more.Should().BeEmpty();
    }

    [Fact]
    public async Task Seed_AfterEmulatorRestart_KeepsTheOperatorsTokenAndRules()
    {
        var ct = TestContext.Current.CancellationToken;
        var template = TemplateYamlTests.Load();
        var settings = StackProvisionerTests.Settings with { Parameters = new Dictionary<string, string>(StackProvisionerTests.Settings.Parameters) { ["GmailApiBaseUrl"] = "http://127.0.0.1:4567" } };
        const string operatorToken = "{\"token\":\"sesmail-local-refresh:ops@example.test\",\"created_at\":\"2026-11-29T10:00:00Z\"}";
        await using var emulator = await new RestartableEmulator().StartAsync();
        var before = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var first = await (await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, before, ct)).ProvisionAsync(template, settings, ct);
        await Seeder(before, emulator).SeedAsync(first, ct);
        var tokenName = first.Resource("RefreshTokenParameter").PhysicalId;
        var operatorVersion = (await before.Ssm.PutParameterAsync(new PutParameterRequest { Name = tokenName, Value = operatorToken, Overwrite = true }, ct)).Version;
        var operatorRule = Rule();
        operatorRule["PK"] = new() { S = "ROUTE#ops@example.test" };
        operatorRule["recipient"] = new() { S = "ops@example.test" };
        await before.DynamoDb.PutItemAsync(new PutItemRequest { TableName = first.Outputs["RoutingTableName"], Item = operatorRule }, ct);
        var itemsBefore = (await before.DynamoDb.ScanAsync(new ScanRequest { TableName = first.Outputs["RoutingTableName"] }, ct)).Items.Count;

        await emulator.RestartAsync();

        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator.BaseUrl, clients, ct)).ProvisionAsync(template, settings, ct);
        await Seeder(clients, emulator).SeedAsync(stack, ct);

        var token = await clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = tokenName, WithDecryption = true }, ct);
        var items = (await clients.DynamoDb.ScanAsync(new ScanRequest { TableName = stack.Outputs["RoutingTableName"] }, ct)).Items;
        token.Parameter.Value.Should().Be(operatorToken);
        token.Parameter.Version.Should().Be(operatorVersion, "nothing wrote the parameter after the restart");
        items.Should().HaveCount(itemsBefore);
        items.Should().Contain(i => i["PK"].S == "ROUTE#ops@example.test");
    }

    private static LocalSeeder Seeder(ProvisioningClients clients, RestartableEmulator emulator) => new(
        clients,
        new LocalRuntimeOptions { EndpointUrl = emulator.BaseUrl, Seed = new SeedOptions { VerifyDomains = false } },
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero)),
        NullLogger<LocalSeeder>.Instance);

    private static Dictionary<string, AttributeValue> Rule() => new()
    {
        ["PK"] = new() { S = "ROUTE#*@example.test" }, ["SK"] = new() { S = "RULE#v1" }, ["entity_type"] = new() { S = "ROUTE" },
        ["recipient"] = new() { S = "*@example.test" }, ["action"] = new() { S = "forward-to-gmail" }, ["target"] = new() { S = "me@example.test" },
        ["enabled"] = new() { BOOL = true },
    };
}
