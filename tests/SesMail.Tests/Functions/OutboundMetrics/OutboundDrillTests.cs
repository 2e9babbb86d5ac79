using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.OutboundMetrics;

/// <summary>
/// The outbound drill in this process: mail sent through the emulator's SES SMTP endpoint with an SMTP user's
/// credentials, its SES events (the mailbox simulator's bounces) published to the outbound topic, counted by the
/// outbound metrics publisher, and the template's bounce-rate alarm evaluated by the emulator's CloudWatch.
/// </summary>
[Trait("Kind", "EndToEnd")]
public sealed class OutboundDrillTests(SendingStack stack) : IClassFixture<SendingStack>
{
    private const string BounceAlarm = "ses-mail-outbound-high-bounce-rate-test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BounceDrill_TenBouncesInAHundredSends_MetricsCountThemAndTheBounceRateAlarmGoesToAlarm()
    {
        var (username, password) = await stack.AddSmtpUserAsync("drill", "drill@example.test");
        using var client = await stack.ConnectAsync(username, password);

        // A tiny sample first: one bounce in two sends is 50 %, but under 20 sends the rate is not judged.
        await client.SendAsync(SendingStack.Message("drill@example.test", "bounce@simulator.amazonses.com", "0"), Ct);
        await client.SendAsync(SendingStack.Message("drill@example.test", "someone@other.test", "1"), Ct);
        await SendingStack.EventuallyAsync(async () => await stack.SumAsync("OutboundSend") >= 2 && await stack.SumAsync("OutboundBounce") >= 1, TimeSpan.FromSeconds(60), "two sends and a bounce counted");
        (await stack.AlarmStateAsync(BounceAlarm)).Should().Be("OK", "one bounce among two sends must not page anyone");

        for (var i = 2; i < 100; i++)
        {
            var to = i % 10 == 0 ? "bounce@simulator.amazonses.com" : i % 10 == 5 ? "success@simulator.amazonses.com" : $"reader{i}@other.test";
            await client.SendAsync(SendingStack.Message("drill@example.test", to, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);
        }

        await SendingStack.EventuallyAsync(async () => await stack.SumAsync("OutboundSend") >= 100 && await stack.SumAsync("OutboundBounce") >= 10, TimeSpan.FromSeconds(90), "100 sends and 10 bounces counted");
        (await stack.SumAsync("OutboundSend")).Should().Be(100);
        (await stack.SumAsync("OutboundBounce")).Should().Be(10);
        (await stack.SumAsync("OutboundBounceHard")).Should().Be(10);
        (await stack.SumAsync("OutboundDelivery")).Should().Be(90);
        (await stack.AlarmStateAsync(BounceAlarm)).Should().Be("ALARM");
        (await stack.AlarmStateAsync("ses-mail-outbound-high-complaint-rate-test")).Should().Be("OK");
    }
}
