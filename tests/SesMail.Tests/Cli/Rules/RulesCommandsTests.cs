using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Time.Testing;
using SesMail.Cli.Hosting;
using SesMail.Functions.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Rules;

/// <summary>
/// <c>sesmail rules add|list|get|test|migrate</c> with rules that hold several actions, against an in-process emulator
/// of their own (the routing table and the token parameters): a Gmail account without a token is refused unless
/// <c>--force</c>, <c>rules test</c> shows every action and the rule-cache time, and <c>migrate</c> rewrites old items
/// once.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class RulesCommandsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string Table = "ses-mail-email-routing-test";
    private const string DefaultToken = "/ses-mail/test/gmail-forwarder/oauth/refresh-token";
    private const string AccountsPath = "/ses-mail/test/gmail-forwarder/oauth/accounts";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 15, 0, 0, TimeSpan.Zero);

    private readonly AmazonDynamoDBClient _dynamoDb = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
    private readonly AmazonSimpleSystemsManagementClient _ssm = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSimpleSystemsManagementConfig()));
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly string _domain = $"d{Guid.NewGuid():N}.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        try
        {
            await _dynamoDb.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = Table,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)],
                    KeySchema = [new("PK", KeyType.HASH), new("SK", KeyType.RANGE)],
                },
                Ct);
        }
        catch (Amazon.DynamoDBv2.Model.ResourceInUseException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _dynamoDb.Dispose();
        _ssm.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Address(string local) => $"{local}@{_domain}";

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.ForArguments(args)], CliConsole.ForText(output, error), new CliHost(_clock), Ct);
        return (code, output.ToString(), error.ToString());
    }

    private Task PutTokenAsync(string parameter, string mailbox, string? account) => _ssm.PutParameterAsync(
        new PutParameterRequest
        {
            Name = parameter,
            Type = "SecureString",
            Overwrite = true,
            Value = new JsonObject { ["token"] = $"sesmail-local-refresh:{mailbox}", ["expires_at_epoch"] = Now.AddDays(7).ToUnixTimeSeconds(), ["account"] = account }.ToJsonString(),
        },
        Ct);

    private Task PutAccountTokenAsync(string account) => PutTokenAsync(GmailAccounts.ParameterName(AccountsPath, account), account, account);

    private async Task<Dictionary<string, AttributeValue>> ItemAsync(string pattern) =>
        (await _dynamoDb.GetItemAsync(Table, new Dictionary<string, AttributeValue> { ["PK"] = new($"ROUTE#{pattern}"), ["SK"] = new("RULE#v1") }, Ct)).Item;

    [Fact]
    public async Task Add_TwoForwardsAndStore_StoresOneActionsListThatListGetAndTestShow()
    {
        var a = Address("a");
        var b = Address("b");
        await PutTokenAsync(DefaultToken, a, a);
        await PutAccountTokenAsync(b);
        var pattern = Address("team");

        var added = await RunAsync("rules", "add", pattern, "--forward", a, "--forward", b.ToUpperInvariant(), "--forward", b, "--store", "--output", "json");

        added.Code.Should().Be(0, added.Error);
        var item = await ItemAsync(pattern);
        item.Should().NotContainKeys("action", "target");
        item["actions"].L.Select(e => (e.M["type"].S, e.M["target"].S)).Should().Equal(
            ("forward-to-gmail", a), ("forward-to-gmail", b.ToUpperInvariant()), ("store", ""));
        var json = JsonDocument.Parse(added.Out).RootElement;
        json.GetProperty("actions").GetArrayLength().Should().Be(3, "the same account named twice is forwarded to once");
        json.GetProperty("singleActionItem").GetBoolean().Should().BeFalse();

        var shown = await RunAsync("rules", "get", pattern);
        shown.Out.Should().Contain($"forward-to-gmail {a}").And.Contain("store");

        var tested = await RunAsync("rules", "test", pattern, "--output", "json");
        tested.Code.Should().Be(0, tested.Error);
        var report = JsonDocument.Parse(tested.Out).RootElement;
        report.GetProperty("actions").EnumerateArray().Select(x => (x.GetProperty("type").GetString(), x.GetProperty("target").GetString(), x.TryGetProperty("accountProblem", out _)))
            .Should().Equal(("forward-to-gmail", a, false), ("forward-to-gmail", b.ToUpperInvariant(), false), ("store", "", false));
        report.GetProperty("cacheSeconds").GetInt32().Should().Be(60);
    }

    [Fact]
    public async Task Add_ForwardToAccountWithoutToken_IsRefusedWithTheCommandThatAddsOneAndStoresNothing()
    {
        var a = Address("a");
        var sales = Address("sales-team");
        await PutTokenAsync(DefaultToken, a, a);
        var pattern = Address("sales");

        var (code, _, error) = await RunAsync("rules", "add", pattern, "--action", "forward-to-gmail", "--target", sales);

        code.Should().Be(1);
        error.Should().Contain($"no Gmail token for {sales}").And.Contain("belongs to " + a)
            .And.Contain($"sesmail token refresh --account {sales} --env test").And.Contain("--force");
        (await ItemAsync(pattern)).Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task Add_WithForce_AddsTheRuleWarnsAndTestSaysTheMailIsParked()
    {
        var a = Address("a");
        var sales = Address("sales-team");
        await PutTokenAsync(DefaultToken, a, a);
        var pattern = Address("sales");

        var added = await RunAsync("rules", "add", pattern, "--forward", sales, "--force");

        added.Code.Should().Be(0, added.Error);
        added.Error.Should().Contain("warning: added with --force").And.Contain("GmailTokenMissing");
        (await ItemAsync(pattern))["actions"].L.Single().M["target"].S.Should().Be(sales);

        var tested = await RunAsync("rules", "test", pattern);
        tested.Out.Should().Contain($"→ forward-to-gmail {sales}  [NO TOKEN: mail is parked]").And.Contain($"sesmail token refresh --account {sales} --env test");
    }

    [Fact]
    public async Task Add_DefaultTokenRecordsNoAccount_IsRefusedBecauseNobodyKnowsWhoseItIs()
    {
        await PutTokenAsync(DefaultToken, "someone@example.test", null);
        var me = Address("me");

        var (code, _, error) = await RunAsync("rules", "add", Address("x"), "--forward", me);

        code.Should().Be(1);
        error.Should().Contain("records no account").And.Contain($"sesmail token refresh --login-hint {me}");
    }

    [Theory]
    [InlineData("--target", "a@example.test")]
    [InlineData("--disabled")]
    public async Task Add_NoAction_IsAUsageErrorNamingTheOptions(params string[] extra)
    {
        var (code, _, error) = await RunAsync(["rules", "add", Address("x"), .. extra]);

        code.Should().Be(2);
        error.Should().Contain("--forward");
    }

    [Fact]
    public async Task Migrate_DryRunThenRun_RewritesOldItemsOnceAndRoutingIsUnchanged()
    {
        var a = Address("a");
        await PutTokenAsync(DefaultToken, a, a);
        var old = Address("old");
        var bounce = Address("gone");
        await _dynamoDb.PutItemAsync(Table, new Dictionary<string, AttributeValue>
        {
            ["PK"] = new($"ROUTE#{old}"), ["SK"] = new("RULE#v1"), ["entity_type"] = new("ROUTE"),
            ["action"] = new("forward-to-gmail"), ["target"] = new(a), ["updated_at"] = new("2025-01-18T10:00:00Z"),
        }, Ct);
        await _dynamoDb.PutItemAsync(Table, new Dictionary<string, AttributeValue>
        {
            ["PK"] = new($"ROUTE#{bounce}"), ["SK"] = new("RULE#v1"), ["entity_type"] = new("ROUTE"),
        }, Ct);
        var before = JsonDocument.Parse((await RunAsync("rules", "test", old, "--output", "json")).Out).RootElement.GetProperty("actions").GetRawText();

        var dry = await RunAsync("rules", "migrate", "--dry-run", "--output", "json");

        dry.Code.Should().Be(0, dry.Error);
        var planned = JsonDocument.Parse(dry.Out).RootElement;
        planned.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        planned.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("pattern").GetString()).Should().Contain([old, bounce]);
        (await ItemAsync(old)).Should().ContainKey("action").And.NotContainKey("actions");

        var run = await RunAsync("rules", "migrate");

        run.Code.Should().Be(0, run.Error);
        run.Out.Should().Contain($"Rewrote {old}");
        var migrated = await ItemAsync(old);
        migrated.Should().NotContainKeys("action", "target");
        migrated["actions"].L.Single().M["target"].S.Should().Be(a);
        migrated["updated_at"].S.Should().Be("2025-01-18T10:00:00Z", "the rule's meaning did not change");
        (await ItemAsync(bounce))["actions"].L.Single().M["type"].S.Should().Be("bounce", "a missing action is read as bounce, and migrated as such");
        JsonDocument.Parse((await RunAsync("rules", "test", old, "--output", "json")).Out).RootElement.GetProperty("actions").GetRawText().Should().Be(before);

        var again = await RunAsync("rules", "migrate", "--output", "json");
        JsonDocument.Parse(again.Out).RootElement.GetProperty("rules").GetArrayLength().Should().Be(0, "migrating twice changes nothing");
    }

    [Fact]
    public async Task Test_RuleJustChanged_SaysHowLongRoutersMayKeepTheOldOneAndWaitWaitsItOut()
    {
        var pattern = Address("fresh");
        (await RunAsync("rules", "add", pattern, "--store")).Code.Should().Be(0);
        _clock.Advance(TimeSpan.FromSeconds(15));

        var now = await RunAsync("rules", "test", pattern);

        now.Out.Should().Contain("for up to 45 s more (rule cache 60 s); add --wait");

        var waiting = RunAsync("rules", "test", pattern, "--wait", "--output", "json");
        while (!waiting.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20, Ct);
        }

        var waited = await waiting;
        waited.Code.Should().Be(0, waited.Error);
        waited.Error.Should().Contain("Waiting 45 s");
        JsonDocument.Parse(waited.Out).RootElement.GetProperty("cacheSecondsLeft").GetDouble().Should().Be(0);
    }
}
