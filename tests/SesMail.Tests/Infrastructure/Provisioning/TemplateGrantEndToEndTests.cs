using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;
using SesMail.Tests.Emulator;
using SesMail.Tests.Support;

namespace SesMail.Tests.Infrastructure.Provisioning;

/// <summary>
/// The template's grants proved by running it: a copy of the template without the forwarder's table grant
/// (<c>ForwarderRole</c>'s <c>ImportLedger</c> statement) is provisioned into an emulator of its own, the forwarder's
/// mapping runs the real function out of process as its role, and the forward fails with the DynamoDB
/// <c>AccessDeniedException</c> in the function's log group, as it would in AWS.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class TemplateGrantEndToEndTests
{
    [Fact]
    public async Task Forward_TemplateWithoutForwarderTableGrant_FailsWithAccessDeniedExceptionInTheFunctionsLog()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = new EmulatorFixture();
        await emulator.InitializeAsync();
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var text = await File.ReadAllTextAsync(TemplateYamlTests.TemplatePath, ct);
        var withoutGrant = WithoutStatement(text, "ImportLedger");
        var standIn = emulator.BaseUrl.GetLeftPart(UriPartial.Authority);
        var settings = StackProvisionerTests.Settings with
        {
            Parameters = new Dictionary<string, string>(StackProvisionerTests.Settings.Parameters) { ["GmailApiBaseUrl"] = standIn },
        };
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator, clients, ct)).ProvisionAsync(TemplateIncludes.ExpandFromDirectory(TemplateReader.Parse(withoutGrant), Path.GetDirectoryName(TemplateYamlTests.TemplatePath)!), settings, ct);
        await SeedOAuthAsync(clients, stack, standIn, "me@example.test", ct);
        var routingEvent = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events", "eventbridge-routing-event.json"), ct);

        await clients.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = stack.Outputs["ForwarderQueueUrl"], MessageBody = routingEvent }, ct);
        var logGroup = $"/aws/lambda/{stack.Resource("ForwarderFunction").PhysicalId}";
        var logs = new AwsJsonClient(emulator.BaseUrl, "Logs_20140328", "1.1", "logs");
        List<string> denied = [];
        for (var i = 0; i < 120 && denied.Count == 0; i++)
        {
            await Task.Delay(500, ct);
            var (status, body) = await logs.CallAsync("FilterLogEvents", new JsonObject { ["logGroupName"] = logGroup, ["filterPattern"] = "AccessDeniedException" }, ct);
            denied = status == System.Net.HttpStatusCode.OK ? [.. (body["events"] as JsonArray ?? []).Select(e => e!["message"]!.GetValue<string>())] : [];
        }

        withoutGrant.Should().NotBe(text, "the copy lacks the ImportLedger statement");
        denied.Should().NotBeEmpty("the forwarder's ledger claim is refused without the table grant");
        var line = JsonNode.Parse(denied[0])!;
        line["level"]!.GetValue<string>().Should().Be("ERROR");
        line["error_code"]!.GetValue<string>().Should().Be("AccessDeniedException");
        line["messageId"]!.GetValue<string>().Should().Be("o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1");
        line["exception"]!.GetValue<string>().Should()
            .Contain($"assumed-role/{stack.Resource("ForwarderRole").PhysicalId}/{stack.Resource("ForwarderFunction").PhysicalId} is not authorized to perform: dynamodb:PutItem")
            .And.Contain($":table/{stack.Outputs["RoutingTableName"]}");
    }

    /// <summary>The template text without the policy statement whose <c>Sid</c> is <paramref name="sid"/> (its lines up to the next statement).</summary>
    private static string WithoutStatement(string text, string sid)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.Trim() == $"- Sid: {sid}");
        var indent = lines[start].IndexOf('-', StringComparison.Ordinal);
        var end = start + 1;
        while (end < lines.Count && (lines[end].Trim().Length == 0 || lines[end].TakeWhile(c => c == ' ').Count() > indent || lines[end].TrimStart().StartsWith('#')))
        {
            end++;
        }

        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }

    /// <summary>The OAuth client and default refresh token the Gmail stand-in accepts, as the local runtime seeds them.</summary>
    private static async Task SeedOAuthAsync(ProvisioningClients clients, ResolvedStack stack, string standIn, string mailbox, CancellationToken ct)
    {
        var client = new JsonObject
        {
            ["installed"] = new JsonObject
            {
                ["client_id"] = "sesmail-local",
                ["client_secret"] = "sesmail-local-secret",
                ["token_uri"] = $"{standIn}/_sesmail/oauth2/token",
                ["auth_uri"] = $"{standIn}/_sesmail/oauth2/auth",
                ["redirect_uris"] = new JsonArray("http://localhost"),
            },
        };
        var expires = DateTimeOffset.UtcNow.AddDays(7);
        var token = new JsonObject
        {
            ["token"] = $"sesmail-local-refresh:{mailbox}",
            ["created_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["expires_at"] = expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["expires_at_epoch"] = expires.ToUnixTimeSeconds(),
            ["account"] = mailbox,
        };
        foreach (var (logicalId, value) in new[] { ("ClientCredentialsParameter", client), ("RefreshTokenParameter", token) })
        {
            await clients.Ssm.PutParameterAsync(new PutParameterRequest { Name = stack.Resource(logicalId).PhysicalId, Value = value.ToJsonString(), Type = "SecureString", Overwrite = true }, ct);
        }
    }
}
