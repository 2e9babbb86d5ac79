using System.Text.Json.Nodes;
using SesMail.Tests.Emulator;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.CloudWatch;

/// <summary>Log groups and events, metrics, alarms and dashboards across an emulator restart.</summary>
[Trait("Kind", "Contract")]
public sealed class MonitoringPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LogsMetricsAlarmsAndDashboards_ThenRestart_AreAllStillThere()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        var now = DateTimeOffset.UtcNow;
        await Logs(emulator).OkAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = "/aws/lambda/kept" }, Token);
        await Logs(emulator).OkAsync("PutRetentionPolicy", new JsonObject { ["logGroupName"] = "/aws/lambda/kept", ["retentionInDays"] = 30 }, Token);
        await Logs(emulator).OkAsync("CreateLogStream", new JsonObject { ["logGroupName"] = "/aws/lambda/kept", ["logStreamName"] = "s" }, Token);
        await Logs(emulator).OkAsync("PutLogEvents", new JsonObject
        {
            ["logGroupName"] = "/aws/lambda/kept",
            ["logStreamName"] = "s",
            ["logEvents"] = new JsonArray(new JsonObject { ["timestamp"] = now.ToUnixTimeMilliseconds(), ["message"] = "kept line" }),
        }, Token);
        await Monitoring(emulator).OkAsync("PutMetricData", new JsonObject
        {
            ["Namespace"] = "SESMail/test",
            ["MetricData"] = new JsonArray(new JsonObject { ["MetricName"] = "EmailsAccepted", ["Value"] = 7, ["Timestamp"] = now.ToUnixTimeSeconds() }),
        }, Token);
        await Monitoring(emulator).OkAsync("PutMetricAlarm", new JsonObject
        {
            ["AlarmName"] = "kept-alarm", ["Namespace"] = "SESMail/test", ["MetricName"] = "EmailsAccepted", ["Statistic"] = "Sum", ["Period"] = 300,
            ["EvaluationPeriods"] = 1, ["Threshold"] = 100, ["ComparisonOperator"] = "GreaterThanThreshold",
        }, Token);
        await Monitoring(emulator).OkAsync("SetAlarmState", new JsonObject { ["AlarmName"] = "kept-alarm", ["StateValue"] = "ALARM", ["StateReason"] = "before restart" }, Token);
        await Monitoring(emulator).OkAsync("PutDashboard", new JsonObject { ["DashboardName"] = "kept", ["DashboardBody"] = "{\"widgets\":[]}" }, Token);

        await emulator.RestartAsync();

        var groups = await Logs(emulator).OkAsync("DescribeLogGroups", new JsonObject(), Token);
        var events = await Logs(emulator).OkAsync("FilterLogEvents", new JsonObject { ["logGroupName"] = "/aws/lambda/kept" }, Token);
        var data = await Monitoring(emulator).OkAsync("GetMetricStatistics", new JsonObject
        {
            ["Namespace"] = "SESMail/test", ["MetricName"] = "EmailsAccepted", ["StartTime"] = now.AddHours(-1).ToUnixTimeSeconds(),
            ["EndTime"] = now.AddHours(1).ToUnixTimeSeconds(), ["Period"] = 3600, ["Statistics"] = new JsonArray("Sum"),
        }, Token);
        var alarms = await Monitoring(emulator).OkAsync("DescribeAlarms", new JsonObject { ["AlarmNames"] = new JsonArray("kept-alarm") }, Token);
        var dashboard = await Monitoring(emulator).OkAsync("GetDashboard", new JsonObject { ["DashboardName"] = "kept" }, Token);

        groups["logGroups"]![0]!["retentionInDays"]!.GetValue<int>().Should().Be(30);
        events["events"]![0]!["message"]!.GetValue<string>().Should().Be("kept line");
        data["Datapoints"]![0]!["Sum"]!.GetValue<double>().Should().Be(7);
        alarms["MetricAlarms"]![0]!["StateReason"]!.GetValue<string>().Should().Be("before restart");
        dashboard["DashboardBody"]!.GetValue<string>().Should().Be("{\"widgets\":[]}");
    }

    private static AwsJsonClient Logs(RestartableEmulator emulator) => new(emulator.BaseUrl, "Logs_20140328", "1.1", "logs");

    private static AwsJsonClient Monitoring(RestartableEmulator emulator) => new(emulator.BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
}
