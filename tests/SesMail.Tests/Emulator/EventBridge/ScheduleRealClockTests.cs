using System.Text.Json.Nodes;
using SesMail.Tests.Emulator.StepFunctions;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>The emulator's own scheduler on the real clock: a rate(1 minute) rule fires its target about a minute after it is created.</summary>
[Collection(StepFunctionsCollection.Name)]
[Trait("Kind", "EndToEnd")]
public sealed class ScheduleRealClockTests(StepFunctionsEmulator emulator)
{
    [Fact]
    public async Task RateOneMinute_OnTheRealClock_FiresOnceAfterAMinute()
    {
        var token = TestContext.Current.CancellationToken;
        var name = $"realclock-{Guid.NewGuid():N}"[..22];
        var queueUrl = (await emulator.Sqs.OkAsync("CreateQueue", new JsonObject { ["QueueName"] = name }, token))["QueueUrl"]!.GetValue<string>();
        var events = new AwsJsonClient(emulator.BaseUrl, "AWSEvents", "1.1", "events");
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = name, ["ScheduleExpression"] = "rate(1 minute)" }, token);
        await events.OkAsync("PutTargets", new JsonObject { ["Rule"] = name, ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = $"arn:aws:sqs:ap-southeast-2:000000000000:{name}", ["Input"] = """{"tick":true}""" }) }, token);
        var created = DateTime.UtcNow;

        JsonNode? message = null;
        while (message is null && DateTime.UtcNow - created < TimeSpan.FromSeconds(150))
        {
            var received = await emulator.Sqs.OkAsync("ReceiveMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["WaitTimeSeconds"] = 5 }, token);
            message = received["Messages"]?[0];
        }

        var firedAfter = DateTime.UtcNow - created;
        await events.OkAsync("DisableRule", new JsonObject { ["Name"] = name }, token);

        message.Should().NotBeNull("a rate(1 minute) rule fires within about a minute");
        message!["Body"]!.GetValue<string>().Should().Be("""{"tick":true}""");
        firedAfter.Should().BeGreaterThan(TimeSpan.FromSeconds(55), "the first firing comes a minute after the rule is seen, not at once");
    }
}
