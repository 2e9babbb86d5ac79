using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SesMail.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.CloudWatch;

/// <summary>CloudWatch metrics, alarms and dashboards through the AWS CLI v2 (2.9 speaks the Query protocol to CloudWatch).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class CloudWatchCliTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Metrics_WithCli_PutListStatisticsAndMetricMath()
    {
        var ns = $"SESMail/cli{Guid.NewGuid():N}";
        await RunAsync("cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "OutboundSend", "--value", "20", "--unit", "Count");
        await RunAsync("cloudwatch", "put-metric-data", "--namespace", ns, "--metric-data",
            "MetricName=OutboundBounce,Value=2,Unit=Count",
            "MetricName=Latency,Values=[10,20,30],Counts=[1,1,2],Unit=Milliseconds",
            "MetricName=Batch,StatisticValues={SampleCount=4,Sum=20,Minimum=2,Maximum=8},Dimensions=[{Name=QueueName,Value=q1}]");
        var (start, end) = Window();

        var listed = await RunJsonAsync("cloudwatch", "list-metrics", "--namespace", ns);
        var filtered = await RunJsonAsync("cloudwatch", "list-metrics", "--namespace", ns, "--dimensions", "Name=QueueName");
        var latency = await RunJsonAsync("cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Latency", "--start-time", start, "--end-time", end,
            "--period", "300", "--statistics", "SampleCount", "Sum", "Maximum", "--extended-statistics", "p50");
        var batch = await RunJsonAsync("cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Batch", "--dimensions", "Name=QueueName,Value=q1",
            "--start-time", start, "--end-time", end, "--period", "300", "--statistics", "Average");
        var queries = new JsonArray(
            Query("send", ns, "OutboundSend", "Sum", returnData: false),
            Query("bounce", ns, "OutboundBounce", "Sum", returnData: false),
            new JsonObject { ["Id"] = "rate", ["Expression"] = "IF(send > 0, bounce / send * 100, 0)", ["Label"] = "Bounce rate" },
            new JsonObject { ["Id"] = "total", ["Expression"] = "SUM(METRICS())" });
        var math = await RunJsonAsync("cloudwatch", "get-metric-data", "--metric-data-queries", queries.ToJsonString(), "--start-time", start, "--end-time", end);
        var unsupported = await AwsCli.RunAsync(emulator.BaseUrl, "cloudwatch", "get-metric-data", "--start-time", start, "--end-time", end,
            "--metric-data-queries", "[{\"Id\":\"x\",\"Expression\":\"SEARCH('{AWS/SQS}', 'Sum', 300)\"}]");

        listed["Metrics"]!.AsArray().Select(m => m!["MetricName"]!.GetValue<string>()).Should().BeEquivalentTo("OutboundSend", "OutboundBounce", "Latency", "Batch");
        filtered["Metrics"]!.AsArray().Should().ContainSingle();
        var point = latency["Datapoints"]!.AsArray().Single()!;
        point["SampleCount"]!.GetValue<double>().Should().Be(4);
        point["Sum"]!.GetValue<double>().Should().Be(90);
        point["Maximum"]!.GetValue<double>().Should().Be(30);
        point["ExtendedStatistics"]!["p50"]!.GetValue<double>().Should().Be(20);
        point["Unit"]!.GetValue<string>().Should().Be("Milliseconds");
        batch["Datapoints"]![0]!["Average"]!.GetValue<double>().Should().Be(5);
        var results = math["MetricDataResults"]!.AsArray();
        results.Select(r => r!["Id"]!.GetValue<string>()).Should().Equal("rate", "total");
        results[0]!["Label"]!.GetValue<string>().Should().Be("Bounce rate");
        results[0]!["Values"]![0]!.GetValue<double>().Should().Be(10);
        results[1]!["Values"]![0]!.GetValue<double>().Should().Be(22);
        unsupported.ExitCode.Should().NotBe(0);
        unsupported.Error.Should().Contain("ValidationError").And.Contain("Unsupported function SEARCH");
    }

    [Fact]
    public async Task PutMetricData_AwsNamespace_IsRefusedWithInvalidParameterValue()
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, "cloudwatch", "put-metric-data", "--namespace", "AWS/SQS", "--metric-name", "x", "--value", "1");

        result.ExitCode.Should().NotBe(0);
        result.Error.Should().Contain("InvalidParameterValue");
    }

    [Fact]
    public async Task Alarms_WithCli_StateChangeMailsTheEmailSubscriber()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var mailbox = $"ops-{suffix}@example.test";
        var topic = (await RunJsonAsync("sns", "create-topic", "--name", $"alarms-{suffix}"))["TopicArn"]!.GetValue<string>();
        await RunAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "email", "--notification-endpoint", mailbox);
        var name = $"dlq-{suffix}";
        await RunAsync("cloudwatch", "put-metric-alarm", "--alarm-name", name, "--alarm-description", "Dead letters", "--namespace", "AWS/SQS",
            "--metric-name", "ApproximateNumberOfMessagesVisible", "--dimensions", $"Name=QueueName,Value=dlq-{suffix}", "--statistic", "Average",
            "--period", "300", "--evaluation-periods", "1", "--threshold", "0", "--comparison-operator", "GreaterThanThreshold",
            "--treat-missing-data", "ignore", "--alarm-actions", topic, "--ok-actions", topic); // ignore: the minute's evaluation keeps the state set by hand
        await RunAsync("cloudwatch", "put-composite-alarm", "--alarm-name", $"any-{suffix}", "--alarm-rule", $"ALARM(\"{name}\")");

        await RunAsync("cloudwatch", "set-alarm-state", "--alarm-name", name, "--state-value", "ALARM", "--state-reason", "drill");
        var described = await RunJsonAsync("cloudwatch", "describe-alarms", "--alarm-names", name, $"any-{suffix}", "--alarm-types", "MetricAlarm", "CompositeAlarm");
        var history = await RunJsonAsync("cloudwatch", "describe-alarm-history", "--alarm-name", name, "--history-item-type", "StateUpdate");
        await RunAsync("cloudwatch", "disable-alarm-actions", "--alarm-names", name);
        var disabled = await RunJsonAsync("cloudwatch", "describe-alarms", "--alarm-names", name);
        await RunAsync("cloudwatch", "delete-alarms", "--alarm-names", $"any-{suffix}", name);
        var afterDelete = await RunJsonAsync("cloudwatch", "describe-alarms", "--alarm-names", name);
        var missing = await AwsCli.RunAsync(emulator.BaseUrl, "cloudwatch", "set-alarm-state", "--alarm-name", name, "--state-value", "OK", "--state-reason", "x");

        var alarm = described["MetricAlarms"]!.AsArray().Single()!;
        alarm["StateValue"]!.GetValue<string>().Should().Be("ALARM");
        alarm["StateReason"]!.GetValue<string>().Should().Be("drill");
        alarm["AlarmArn"]!.GetValue<string>().Should().Be($"arn:aws:cloudwatch:ap-southeast-2:000000000000:alarm:{name}");
        described["CompositeAlarms"]!.AsArray().Single()!["StateValue"]!.GetValue<string>().Should().Be("ALARM");
        history["AlarmHistoryItems"]!.AsArray().Select(h => h!["HistorySummary"]!.GetValue<string>()).Should().Contain("Alarm updated from INSUFFICIENT_DATA to ALARM");
        disabled["MetricAlarms"]![0]!["ActionsEnabled"]!.GetValue<bool>().Should().BeFalse();
        afterDelete["MetricAlarms"]!.AsArray().Should().BeEmpty();
        missing.Error.Should().Contain("ResourceNotFound");
        var mail = emulator.Services.GetRequiredService<GmailMaildir>().List(mailbox).Should().ContainSingle().Subject;
        mail.Subject.Should().Be($"ALARM: \"{name}\" in Asia Pacific (Sydney)");
        mail.From.Should().Contain("no-reply@sns.amazonaws.com");
    }

    [Fact]
    public async Task Dashboards_WithCli_PutGetListAndDelete()
    {
        var name = $"dash-{Guid.NewGuid():N}";
        const string body = "{\"widgets\":[{\"type\":\"metric\",\"x\":0,\"y\":0,\"width\":12,\"height\":6,\"properties\":{\"metrics\":[[\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\",\"QueueName\",\"q\"]],\"period\":300,\"stat\":\"Average\",\"region\":\"ap-southeast-2\",\"title\":\"Depth\"}}]}";

        var put = await RunJsonAsync("cloudwatch", "put-dashboard", "--dashboard-name", name, "--dashboard-body", body);
        var got = await RunJsonAsync("cloudwatch", "get-dashboard", "--dashboard-name", name);
        var listed = await RunJsonAsync("cloudwatch", "list-dashboards", "--dashboard-name-prefix", name);
        var invalid = await AwsCli.RunAsync(emulator.BaseUrl, "cloudwatch", "put-dashboard", "--dashboard-name", name, "--dashboard-body", "{\"widgets\":{}}");
        await RunAsync("cloudwatch", "delete-dashboards", "--dashboard-names", name);
        var gone = await AwsCli.RunAsync(emulator.BaseUrl, "cloudwatch", "get-dashboard", "--dashboard-name", name);

        put["DashboardValidationMessages"]!.AsArray().Should().BeEmpty();
        got["DashboardBody"]!.GetValue<string>().Should().Be(body);
        got["DashboardArn"]!.GetValue<string>().Should().Be($"arn:aws:cloudwatch::000000000000:dashboard/{name}");
        listed["DashboardEntries"]!.AsArray().Single()!["Size"]!.GetValue<long>().Should().Be(body.Length);
        invalid.Error.Should().Contain("InvalidParameterInput");
        gone.Error.Should().Contain("ResourceNotFound");
    }

    private static (string Start, string End) Window()
    {
        var now = DateTimeOffset.UtcNow;
        return (now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonObject Query(string id, string ns, string metric, string stat, bool returnData) => new()
    {
        ["Id"] = id,
        ["MetricStat"] = new JsonObject { ["Metric"] = new JsonObject { ["Namespace"] = ns, ["MetricName"] = metric }, ["Period"] = 3600, ["Stat"] = stat },
        ["ReturnData"] = returnData,
    };

    private async Task RunAsync(params string[] args)
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, args);
        result.ExitCode.Should().Be(0, result.Error);
    }

    private async Task<JsonNode> RunJsonAsync(params string[] args)
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, args);
        result.ExitCode.Should().Be(0, result.Error);
        return result.Json;
    }
}
