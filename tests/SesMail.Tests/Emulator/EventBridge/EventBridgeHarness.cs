using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Emulator.EventBridge;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>An EventBridge provider wired to a <see cref="FakeSqsDelivery"/>, called through its JSON binding without HTTP.</summary>
internal sealed class EventBridgeHarness
{
    public const string Region = "ap-southeast-2";

    public EventBridgeHarness()
    {
        var services = new ServiceCollection().AddSingleton<ISqsDelivery>(Sqs).BuildServiceProvider();
        Service = new EventBridgeService(new EventBridgeProvider(new EventBridgeStore(), TimeProvider.System, services, NullLogger<EventBridgeProvider>.Instance));
    }

    public FakeSqsDelivery Sqs { get; } = new();

    public EventBridgeService Service { get; }

    public static string QueueArn(string name) => $"arn:aws:sqs:{Region}:000000000000:{name}";

    public async Task<JsonObject> CallAsync(string operation, JsonObject input)
    {
        var context = new AwsRequestContext(Region, "000000000000", Guid.NewGuid().ToString(), "http://127.0.0.1:4566", "AKID");
        var result = await Service.InvokeAsync(operation, input, context, TestContext.Current.CancellationToken);
        return result as JsonObject ?? [];
    }
}
