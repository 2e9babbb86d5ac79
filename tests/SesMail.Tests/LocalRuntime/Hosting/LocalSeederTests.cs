using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Hosting;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.Hosting;

/// <summary>
/// The local demo values written after provisioning, each test on its own emulator so the placeholders are fresh.
/// The OAuth client points at the Gmail stand-in named by <c>GmailApiBaseUrl</c>, which beside LocalStack is not the
/// AWS endpoint.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class LocalSeederTests : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();
    private ProvisioningClients _clients = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.InitializeAsync();
        _clients = ProvisioningClients.Create(_emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
    }

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Seed_GmailStandInApartFromTheAwsEndpoint_OAuthClientPointsAtTheStandIn()
    {
        var stack = await SeedAsync(gmailApiBaseUrl: "http://127.0.0.1:4567");

        var client = JsonNode.Parse(await ParameterAsync(stack, "ClientCredentialsParameter"))!["installed"]!;
        var token = JsonNode.Parse(await ParameterAsync(stack, "RefreshTokenParameter"))!;

        client["token_uri"]!.GetValue<string>().Should().Be("http://127.0.0.1:4567/_sesmail/oauth2/token");
        client["auth_uri"]!.GetValue<string>().Should().Be("http://127.0.0.1:4567/_sesmail/oauth2/auth");
        token["token"]!.GetValue<string>().Should().Be("sesmail-local-refresh:me@example.test");
        token["expires_at_epoch"]!.GetValue<long>().Should().Be(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());
        token["account"]!.GetValue<string>().Should().Be("me@example.test", "the default token names its account, so other accounts' mail parks instead of landing here");
    }

    [Fact]
    public async Task Seed_GmailApiIsGoogles_LeavesTheOAuthPlaceholders()
    {
        var stack = await SeedAsync(gmailApiBaseUrl: "https://gmail.googleapis.com");

        var value = await ParameterAsync(stack, "ClientCredentialsParameter");

        value.Should().Be(stack.Resource("ClientCredentialsParameter").Attribute("Value"), "local OAuth values would only fail against Google");
    }

    [Fact]
    public async Task Seed_RuleAlreadyThere_IsLeftAsTheOperatorWroteIt()
    {
        var stack = await ProvisionAsync("http://127.0.0.1:4567");
        var table = stack.Outputs["RoutingTableName"];
        await _clients.DynamoDb.PutItemAsync(
            new PutItemRequest
            {
                TableName = table,
                Item = new()
                {
                    ["PK"] = new() { S = "ROUTE#*@example.test" }, ["SK"] = new() { S = "RULE#v1" }, ["entity_type"] = new() { S = "ROUTE" },
                    ["recipient"] = new() { S = "*@example.test" }, ["action"] = new() { S = "bounce" }, ["target"] = new() { S = "" },
                    ["enabled"] = new() { BOOL = true },
                },
            },
            Token);

        await Seeder().SeedAsync(stack, Token);

        var rule = await _clients.DynamoDb.GetItemAsync(table, new() { ["PK"] = new() { S = "ROUTE#*@example.test" }, ["SK"] = new() { S = "RULE#v1" } }, Token);
        var demo = await _clients.DynamoDb.GetItemAsync(table, new() { ["PK"] = new() { S = "ROUTE#bounce@example.test" }, ["SK"] = new() { S = "RULE#v1" } }, Token);
        rule.Item["action"].S.Should().Be("bounce", "an operator's rule is never overwritten by the demo rule");
        demo.Item["actions"].L.Should().ContainSingle("the absent demo rule is written, as an actions list")
            .Which.M["type"].S.Should().Be("bounce");
        demo.Item.Should().NotContainKeys("action", "target");
    }

    [Fact]
    public async Task Seed_LoadMailbox_GetsItsOwnRuleAndToken()
    {
        var stack = await SeedAsync(gmailApiBaseUrl: "http://127.0.0.1:4567");
        var table = stack.Outputs["RoutingTableName"];

        var rule = await _clients.DynamoDb.GetItemAsync(table, new() { ["PK"] = new() { S = "ROUTE#load@example.test" }, ["SK"] = new() { S = "RULE#v1" } }, Token);
        var parameter = $"{stack.Outputs["AccountTokenParameterPath"]}/example.test/load";
        var token = JsonNode.Parse((await _clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = parameter, WithDecryption = true }, Token)).Parameter.Value)!;

        var action = rule.Item["actions"].L.Should().ContainSingle().Which.M;
        action["type"].S.Should().Be("forward-to-gmail");
        action["target"].S.Should().Be("load@example.test", "load traffic goes to a mailbox of its own, not the user's");
        token["token"]!.GetValue<string>().Should().Be("sesmail-local-refresh:load@example.test");
        token["account"]!.GetValue<string>().Should().Be("load@example.test");
    }

    [Fact]
    public async Task Seed_LoadAccountTokenAlreadyThere_IsLeftAsItIs()
    {
        var stack = await ProvisionAsync("http://127.0.0.1:4567");
        var parameter = $"{stack.Outputs["AccountTokenParameterPath"]}/example.test/load";
        const string operatorToken = "{\"token\":\"sesmail-local-refresh:ops@example.test\"}";
        await _clients.Ssm.PutParameterAsync(new PutParameterRequest { Name = parameter, Value = operatorToken, Type = "SecureString" }, Token);

        await Seeder().SeedAsync(stack, Token);

        (await _clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = parameter, WithDecryption = true }, Token)).Parameter.Value
            .Should().Be(operatorToken, "a token someone stored is never overwritten by the seed");
    }

    [Fact]
    public async Task Seed_OperatorStoresATokenBetweenTheSeedsReadAndWrite_OperatorsTokenStays()
    {
        var stack = await ProvisionAsync("http://127.0.0.1:4567");
        var parameter = stack.Resource("RefreshTokenParameter").PhysicalId;
        const string operatorToken = "{\"token\":\"sesmail-local-refresh:prod-inbox@example.test\"}";
        using var interleaving = new WriteAfterRead(_clients.Ssm, parameter, operatorToken);
        var seeder = new LocalSeeder(_clients with { Ssm = interleaving }, SeederOptions, SeederTime, NullLogger<LocalSeeder>.Instance);

        await seeder.SeedAsync(stack, Token);

        interleaving.Wrote.Should().BeTrue("the operator's write must land between the seed's read and its write");
        (await ParameterAsync(stack, "RefreshTokenParameter")).Should().Be(operatorToken, "a token stored while the seed ran is not replaced by the seed's");
    }

    private async Task<ResolvedStack> SeedAsync(string gmailApiBaseUrl)
    {
        var stack = await ProvisionAsync(gmailApiBaseUrl);
        await Seeder().SeedAsync(stack, Token);
        return stack;
    }

    private async Task<ResolvedStack> ProvisionAsync(string gmailApiBaseUrl)
    {
        var provisioner = await StackProvisionerTests.ProvisionerAsync(_emulator, _clients, Token);
        var settings = StackProvisionerTests.Settings with { Parameters = new Dictionary<string, string>(StackProvisionerTests.Settings.Parameters) { ["GmailApiBaseUrl"] = gmailApiBaseUrl } };
        return await provisioner.ProvisionAsync(TemplateYamlTests.Load(), settings, Token);
    }

    private LocalRuntimeOptions SeederOptions => new() { EndpointUrl = _emulator.BaseUrl, Seed = new SeedOptions { VerifyDomains = false } };

    private static FakeTimeProvider SeederTime => new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    private LocalSeeder Seeder() => new(_clients, SeederOptions, SeederTime, NullLogger<LocalSeeder>.Instance);

    private async Task<string> ParameterAsync(ResolvedStack stack, string logicalId) =>
        (await _clients.Ssm.GetParameterAsync(new GetParameterRequest { Name = stack.Resource(logicalId).PhysicalId, WithDecryption = true }, Token)).Parameter.Value;
}

/// <summary>
/// An SSM client that, right after the first <c>GetParameter</c> of one parameter answers, stores an operator's value
/// in it through the real client: the interleaving a seed can meet when someone stores a token just after a deploy.
/// </summary>
internal sealed class WriteAfterRead(IAmazonSimpleSystemsManagement inner, string name, string operatorValue)
    : AmazonSimpleSystemsManagementClient(new AnonymousAWSCredentials(), new AmazonSimpleSystemsManagementConfig { ServiceURL = "http://127.0.0.1:9" })
{
    public bool Wrote { get; private set; }

    public override async Task<GetParameterResponse> GetParameterAsync(GetParameterRequest request, CancellationToken cancellationToken = default)
    {
        var response = await inner.GetParameterAsync(request, cancellationToken);
        if (!Wrote && request.Name == name)
        {
            Wrote = true;
            await inner.PutParameterAsync(new PutParameterRequest { Name = name, Value = operatorValue, Type = "SecureString", Overwrite = true }, cancellationToken);
        }

        return response;
    }

    public override Task<PutParameterResponse> PutParameterAsync(PutParameterRequest request, CancellationToken cancellationToken = default) =>
        inner.PutParameterAsync(request, cancellationToken);

    public override Task<GetParameterHistoryResponse> GetParameterHistoryAsync(GetParameterHistoryRequest request, CancellationToken cancellationToken = default) =>
        inner.GetParameterHistoryAsync(request, cancellationToken);
}
