using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SesMail.Functions;
using SesMail.Functions.Bouncer;
using SesMail.Testing.Functions.Bouncer;
using SesMail.Tests.Functions.Router;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.Bouncer;

internal sealed class BouncerHarness : IDisposable
{
    public BouncerHarness(IRawEmailSender? sender = null, IBounceLedger? ledger = null, Dictionary<string, string>? settings = null)
    {
        var values = settings ?? new Dictionary<string, string>
        {
            ["ENVIRONMENT"] = "test",
            ["AWS_REGION"] = "ap-southeast-2",
            ["DOMAINS"] = "example.test,example.org",
            ["BOUNCE_SENDER"] = "mailer-daemon@example.test",
            ["ROUTING_TABLE_NAME"] = "ses-mail-email-routing-test",
            ["EMAIL_BUCKET"] = "ses-mail-storage-000000000000-test",
        };
        Options = BouncerOptions.From(new FunctionSettings(values));
        Services = new FunctionServices(Options.Aws, Output, new FakeTimeProvider(new DateTimeOffset(2026, 1, 18, 10, 0, 5, TimeSpan.Zero)), () => null);
        Function = new BouncerFunction(Options, Services, ledger ?? Ledger, sender ?? Sender);
    }

    public InMemoryBounceLedger Ledger { get; } = new();

    public CapturingSender Sender { get; } = new();

    public StringWriter Output { get; } = new();

    public BouncerOptions Options { get; }

    public FunctionServices Services { get; }

    public BouncerFunction Function { get; }

    public List<JsonElement> Logs =>
        Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => !l.TryGetProperty("_aws", out _)).ToList();

    public Dictionary<string, double> Metrics =>
        Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("_aws", out _))
            .SelectMany(l => l.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
                .Select(m => m.GetProperty("Name").GetString()!).Select(name => (name, value: l.GetProperty(name).GetDouble())))
            .GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.Sum(p => p.value));

    /// <summary>A bus event with two bounced recipients (one policy, one policy) for the routing fixture message.</summary>
    public static JsonObject BounceEvent(Action<JsonObject>? editMail = null, string messageId = "case-bounce")
    {
        var ses = JsonNode.Parse(EventFixtures.Read("ses-received-s3.json"))!.AsObject();
        ses["mail"]!["messageId"] = messageId;
        ses["receipt"]!["recipients"] = new JsonArray("nobody@example.test", "gone@example.test");
        editMail?.Invoke(ses["mail"]!.AsObject());
        JsonObject Empty() => new() { ["count"] = 0, ["targets"] = new JsonArray() };
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            ["detail-type"] = "Email Routing Decision",
            ["source"] = "ses.email.router",
            ["account"] = "000000000000",
            ["time"] = "2026-01-18T10:00:01Z",
            ["region"] = "ap-southeast-2",
            ["resources"] = new JsonArray(),
            ["detail"] = new JsonObject
            {
                ["originalMessageId"] = messageId,
                ["ses"] = ses,
                ["actions"] = new JsonObject
                {
                    ["store"] = Empty(),
                    ["forward-to-gmail"] = Empty(),
                    ["bounce"] = new JsonObject
                    {
                        ["count"] = 2,
                        ["targets"] = new JsonArray(
                            new JsonObject { ["target"] = "nobody@example.test", ["reason"] = "policy", ["metadata"] = new JsonObject() },
                            new JsonObject { ["target"] = "gone@example.test", ["reason"] = "policy", ["metadata"] = new JsonObject() }),
                    },
                    ["spam"] = Empty(),
                    ["silent-drop"] = Empty(),
                },
            },
        };
    }

    public async Task<JsonObject> InvokeAsync(params JsonObject[] events)
    {
        var records = new JsonArray(events.Select((e, i) => (JsonNode)RouterHarness.SqsRecord(e.ToJsonString(), $"sqs-{i + 1}")).ToArray());
        var input = new JsonObject { ["Records"] = records }.ToJsonString();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        var output = await Function.HandleAsync(stream, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(output);
        return JsonNode.Parse(await reader.ReadToEndAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    public void Dispose() => Function.Dispose();
}
