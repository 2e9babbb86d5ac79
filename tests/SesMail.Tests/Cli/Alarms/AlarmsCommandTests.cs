using System.Text.Json.Nodes;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;
using SesMail.Cli.Hosting;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Alarms;

/// <summary><c>sesmail alarms</c> and the hand-written CloudWatch client against an in-process emulator of their own.</summary>
[Trait("Kind", "Contract")]
public sealed class AlarmsCommandTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly AmazonCloudWatchClient _cloudWatch = new(EmulatorFixture.Credentials, new AmazonCloudWatchConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _cloudWatch.Dispose();

    [Fact]
    public async Task Alarms_OneInAlarm_ListsItFirstWithReasonAndExitsTwo()
    {
        await PutAlarmAsync("ses-mail-bouncer-dlq-messages-test");
        await PutAlarmAsync("ses-mail-gmail-forwarder-dlq-messages-test");
        await PutAlarmAsync("someone-elses-alarm");
        await _cloudWatch.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = "ses-mail-gmail-forwarder-dlq-messages-test", StateValue = "ALARM", StateReason = "3 dead letters" }, Token);

        var (code, output, error) = await RunAsync("alarms", "--output", "json");
        var (textCode, text, _) = await RunAsync("alarms");

        code.Should().Be(0, error);
        var alarms = JsonNode.Parse(output)!.AsArray();
        alarms.Select(a => a!["Name"]!.GetValue<string>()).Should().Equal("ses-mail-gmail-forwarder-dlq-messages-test", "ses-mail-bouncer-dlq-messages-test");
        alarms[0]!["State"]!.GetValue<string>().Should().Be("ALARM");
        alarms[0]!["Reason"]!.GetValue<string>().Should().Be("3 dead letters");
        textCode.Should().Be(2);
        text.Should().Contain("ALARM").And.Contain("3 dead letters").And.Contain("INSUFFICIENT_DATA");
    }

    [Fact]
    public async Task Client_PutMetricDataAndDashboards_RoundTripThroughTheQueryProtocol()
    {
        var name = $"client-{Guid.NewGuid():N}";
        await _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = "SESMail/client",
            MetricData = [new MetricDatum { MetricName = "EmailsAccepted", Value = 1, Unit = "Count", Dimensions = [new Dimension { Name = "d", Value = "v" }] }],
        }, Token);
        var put = await _cloudWatch.PutDashboardAsync(new PutDashboardRequest { DashboardName = name, DashboardBody = "{\"widgets\":[]}" }, Token);
        var got = await _cloudWatch.GetDashboardAsync(new GetDashboardRequest { DashboardName = name }, Token);
        var missing = async () => await _cloudWatch.GetDashboardAsync(new GetDashboardRequest { DashboardName = name + "x" }, Token);

        put.DashboardValidationMessages.Should().BeEmpty();
        got.DashboardBody.Should().Be("{\"widgets\":[]}");
        (await missing.Should().ThrowAsync<AmazonCloudWatchException>()).Which.ErrorCode.Should().Be("ResourceNotFound");
    }

    private async Task PutAlarmAsync(string name)
    {
        var json = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
        await json.OkAsync("PutMetricAlarm", new JsonObject
        {
            ["AlarmName"] = name,
            ["Namespace"] = "AWS/SQS",
            ["MetricName"] = "ApproximateNumberOfMessagesVisible",
            ["Statistic"] = "Average",
            ["Period"] = 300,
            ["EvaluationPeriods"] = 1,
            ["Threshold"] = 0,
            ["ComparisonOperator"] = "GreaterThanThreshold",
        }, Token);
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString()], CliConsole.ForText(output, error), Token);
        return (code, output.ToString(), error.ToString());
    }
}
