using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions;
using SesMail.Functions.Router;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;
using SesMail.Tests.Functions.Routing;

namespace SesMail.Tests.Functions.Router;

/// <summary>A router wired to in-memory rules, a recording tagger and a captured output.</summary>
internal sealed class RouterHarness : IDisposable
{
    public RouterHarness(IRoutingRuleStore? rules = null, string? token = "secret-token")
    {
        Rules = rules ?? DynamoDbJson.RulesFixture();
        Tokens = new FixedTokenSource(token);
        var settings = new FunctionSettings(new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = "test",
            ["AWS_REGION"] = "ap-southeast-2",
            ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
            ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-test",
            ["INTEGRATION_TEST_TOKEN_PARAMETER"] = "/ses-mail/test/integration-test-token",
        });
        Options = RouterOptions.From(settings);
        Services = new FunctionServices(Options.Aws, Output, new FakeTimeProvider(new DateTimeOffset(2026, 1, 18, 10, 0, 1, TimeSpan.Zero)), () => null);
        Function = new RouterFunction(Options, Services, Rules, Tagger, Tokens);
    }

    public IRoutingRuleStore Rules { get; }

    public FixedTokenSource Tokens { get; }

    public RecordingTagger Tagger { get; } = new();

    public StringWriter Output { get; } = new();

    public RouterOptions Options { get; }

    public FunctionServices Services { get; }

    public RouterFunction Function { get; }

    /// <summary>Log lines (objects without <c>_aws</c>).</summary>
    public List<JsonElement> Logs => Lines().Where(l => !l.TryGetProperty("_aws", out _)).ToList();

    /// <summary>The EMF document's metric values.</summary>
    public Dictionary<string, double> Metrics =>
        Lines().Where(l => l.TryGetProperty("_aws", out _))
            .SelectMany(l => l.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
                .Select(m => m.GetProperty("Name").GetString()!).Select(name => (name, value: l.GetProperty(name).GetDouble())))
            .GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.Sum(p => p.value));

    public static JsonObject SqsRecord(string body, string messageId = "sqs-1") => new()
    {
        ["messageId"] = messageId,
        ["receiptHandle"] = "handle-" + messageId,
        ["body"] = body,
        ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1", ["SentTimestamp"] = "1768730400000" },
        ["messageAttributes"] = new JsonObject(),
        ["md5OfBody"] = "d41d8cd98f00b204e9800998ecf8427e",
        ["eventSource"] = "aws:sqs",
        ["eventSourceARN"] = "arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test",
        ["awsRegion"] = "ap-southeast-2",
    };

    public static string SnsEnvelope(string message) => new JsonObject
    {
        ["Type"] = "Notification",
        ["MessageId"] = "2b8e5c1d-0000-4000-8000-000000000001",
        ["TopicArn"] = "arn:aws:sns:ap-southeast-2:000000000000:ses-email-processing-test",
        ["Subject"] = "Amazon SES Email Receipt Notification",
        ["Message"] = message,
        ["Timestamp"] = "2026-01-18T10:00:00.500Z",
        ["SignatureVersion"] = "1",
        ["Signature"] = "EXAMPLE",
        ["SigningCertURL"] = "https://sns.ap-southeast-2.amazonaws.com/cert.pem",
        ["UnsubscribeURL"] = "https://sns.ap-southeast-2.amazonaws.com/?Action=Unsubscribe",
    }.ToJsonString();

    public async Task<JsonArray> InvokeAsync(params string[] bodies)
    {
        var batch = new JsonArray(bodies.Select((body, i) => (JsonNode)SqsRecord(body, $"sqs-{i + 1}")).ToArray());
        return await InvokeRawAsync(batch.ToJsonString());
    }

    public async Task<JsonArray> InvokeRawAsync(string input)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        var output = await Function.HandleAsync(stream, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(output);
        return JsonNode.Parse(await reader.ReadToEndAsync(TestContext.Current.CancellationToken))!.AsArray();
    }

    public void Dispose() => Function.Dispose();

    private List<JsonElement> Lines() =>
        Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}
