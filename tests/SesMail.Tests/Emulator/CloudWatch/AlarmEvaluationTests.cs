using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Protocols;

namespace SesMail.Tests.Emulator.CloudWatch;

/// <summary>Alarm evaluation on a fake clock: thresholds, missing data each way, M of N, metric math, composite alarms, actions.</summary>
[Trait("Kind", "Unit")]
public sealed class AlarmEvaluationTests
{
    private const string Topic = "arn:aws:sns:ap-southeast-2:000000000000:alarms";
    private static readonly AwsRequestContext Context = new("ap-southeast-2", "000000000000", "r", "http://127.0.0.1", null);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero));
    private readonly RecordingNotifier _notifier = new();
    private readonly CloudWatchProvider _cloudWatch;
    private readonly AlarmEvaluator _evaluator;

    public AlarmEvaluationTests()
    {
        var options = new EmulatorOptions { DefaultRegion = "ap-southeast-2" };
        var metrics = new MetricStore(_time);
        var queries = new MetricQueries(metrics);
        var alarms = new AlarmStore();
        _evaluator = new AlarmEvaluator(alarms, queries, _notifier, options, _time, NullLogger<AlarmEvaluator>.Instance);
        _cloudWatch = new CloudWatchProvider(metrics, queries, alarms, _evaluator, new DashboardStore(), options, _time);
    }

    [Fact]
    public async Task Evaluate_DatapointAboveThreshold_GoesToAlarmAndNotifiesTheTopic()
    {
        PutAlarm("dlq", "Depth", threshold: 0, missing: "notBreaching");
        Put("Depth", 3);

        await EvaluateAsync();

        var alarm = Describe("dlq");
        alarm.StateValue.Should().Be("ALARM");
        alarm.StateReason.Should().Be("Threshold Crossed: 1 datapoint [3.0 (03/12/26 10:00:00)] was greater than the threshold (0.0).");
        var (topic, subject, message, email) = _notifier.Sent.Should().ContainSingle().Subject;
        topic.Should().Be(Topic);
        subject.Should().Be("ALARM: \"dlq\" in Asia Pacific (Sydney)");
        var json = JsonNode.Parse(message)!;
        json["NewStateValue"]!.GetValue<string>().Should().Be("ALARM");
        json["OldStateValue"]!.GetValue<string>().Should().Be("INSUFFICIENT_DATA");
        json["AlarmArn"]!.GetValue<string>().Should().Be("arn:aws:cloudwatch:ap-southeast-2:000000000000:alarm:dlq");
        json["Trigger"]!["MetricName"]!.GetValue<string>().Should().Be("Depth");
        json["Trigger"]!["Statistic"]!.GetValue<string>().Should().Be("MAXIMUM");
        email.Should().Contain("has entered the ALARM state").And.Contain("State Change:               INSUFFICIENT_DATA -> ALARM");
    }

    [Fact]
    public async Task Evaluate_DatapointAtThreshold_IsOk()
    {
        PutAlarm("dlq", "Depth", threshold: 0, missing: "notBreaching");
        Put("Depth", 0);

        await EvaluateAsync();

        Describe("dlq").StateValue.Should().Be("OK");
        _notifier.Sent.Should().ContainSingle().Which.Subject.Should().StartWith("OK:");
    }

    [Theory]
    [InlineData("missing", "INSUFFICIENT_DATA")]
    [InlineData("notBreaching", "OK")]
    [InlineData("breaching", "ALARM")]
    public async Task Evaluate_NoData_FollowsTreatMissingData(string treatment, string expected)
    {
        PutAlarm("token", "TokenSecondsUntilExpiration", threshold: 21_600, op: "LessThanThreshold", missing: treatment, statistic: "Minimum");

        await EvaluateAsync();

        Describe("token").StateValue.Should().Be(expected);
    }

    [Fact]
    public async Task Evaluate_NoDataWithIgnore_KeepsTheCurrentState()
    {
        PutAlarm("quiet", "Depth", threshold: 0, missing: "ignore");
        await _cloudWatch.SetAlarmStateAsync(new SetAlarmStateRequest("quiet", "ALARM", "by hand", null), Context, TestContext.Current.CancellationToken);

        await EvaluateAsync();

        Describe("quiet").StateValue.Should().Be("ALARM");
        Describe("quiet").StateReason.Should().Be("by hand");
    }

    [Fact]
    public async Task Evaluate_MissingTreatment_JudgesTheMostRecentDatapointsPresent()
    {
        PutAlarm("sparse", "Depth", threshold: 0, missing: "missing", evaluationPeriods: 1);
        Put("Depth", 5);
        _time.Advance(TimeSpan.FromMinutes(2)); // one empty minute in between: "missing" looks back to the last datapoint

        await EvaluateAsync();

        Describe("sparse").StateValue.Should().Be("ALARM");
    }

    [Fact]
    public async Task Evaluate_DataStops_NotBreachingReturnsToOk()
    {
        PutAlarm("dlq", "Depth", threshold: 0, missing: "notBreaching");
        Put("Depth", 1);
        await EvaluateAsync();
        _time.Advance(TimeSpan.FromMinutes(2));

        await EvaluateAsync();

        Describe("dlq").StateValue.Should().Be("OK");
        _notifier.Sent.Select(s => s.Subject[..s.Subject.IndexOf(':', StringComparison.Ordinal)]).Should().Equal("ALARM", "OK");
    }

    [Theory]
    [InlineData(new double[] { 5, 0, 5 }, "ALARM")]
    [InlineData(new double[] { 5, 0, 0 }, "OK")]
    [InlineData(new double[] { 0, 0, 5 }, "OK")]
    public async Task Evaluate_TwoOfThree_NeedsTwoBreachingDatapoints(double[] minutes, string expected)
    {
        PutAlarm("m-of-n", "Depth", threshold: 1, missing: "notBreaching", evaluationPeriods: 3, datapointsToAlarm: 2);
        for (var i = 0; i < minutes.Length; i++)
        {
            if (i > 0)
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            Put("Depth", minutes[i]); // the last one lands in the current, still-open minute
        }

        await EvaluateAsync();

        Describe("m-of-n").StateValue.Should().Be(expected);
    }

    [Fact]
    public async Task Evaluate_MetricMathRate_AlarmsOnTheExpression()
    {
        var queries = new List<MetricDataQuery>
        {
            new("bounce", Stat("OutboundBounce", "Sum"), null, null, false, null, null),
            new("send", Stat("OutboundSend", "Sum"), null, null, false, null, null),
            new("rate", null, "IF(send > 0, bounce / send * 100, 0)", "Bounce rate", true, null, null),
        };
        _cloudWatch.PutMetricAlarm(new PutMetricAlarmRequest("bounce-rate", null, true, [Topic], [Topic], null, null, null, null, null, null, null, null,
            1, null, 5, "GreaterThanThreshold", "notBreaching", null, queries, null, null), Context);
        Put("OutboundSend", 10);
        Put("OutboundBounce", 1);

        await EvaluateAsync();

        Describe("bounce-rate").StateValue.Should().Be("ALARM");
        JsonNode.Parse(_notifier.Sent.Single().Message)!["Trigger"]!["Metrics"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public async Task Evaluate_CompositeRule_FollowsItsChildren()
    {
        PutAlarm("a", "A", threshold: 0, missing: "notBreaching", actions: false);
        PutAlarm("b", "B", threshold: 0, missing: "notBreaching", actions: false);
        _cloudWatch.PutCompositeAlarm(new PutCompositeAlarmRequest(true, [Topic], null, "combined", "ALARM(\"a\") AND NOT ALARM(b)", null, null, null, null, null, null), Context);
        Put("A", 1);

        await EvaluateAsync();
        var whileOnlyA = State("combined");
        Put("B", 1);
        await EvaluateAsync();
        var whenBothAlarm = State("combined");

        whileOnlyA.Should().Be("ALARM");
        whenBothAlarm.Should().Be("OK");
        var first = JsonNode.Parse(_notifier.Sent[0].Message)!;
        first["AlarmRule"]!.GetValue<string>().Should().Be("ALARM(\"a\") AND NOT ALARM(b)");
        first["TriggeringChildren"]![0]!["Arn"]!.GetValue<string>().Should().EndWith(":alarm:a");
    }

    [Fact]
    public void PutCompositeAlarm_UnknownChild_IsRefused()
    {
        var put = () => _cloudWatch.PutCompositeAlarm(new PutCompositeAlarmRequest(true, null, null, "c", "ALARM(nope)", null, null, null, null, null, null), Context);

        put.Should().Throw<AwsServiceException>().WithMessage("*[nope]*do not exist*");
    }

    [Fact]
    public async Task DisableAlarmActions_StateChanges_NotifyNobody()
    {
        PutAlarm("dlq", "Depth", threshold: 0, missing: "notBreaching");
        _cloudWatch.DisableAlarmActions(new AlarmNamesRequest(["dlq"]), Context);
        Put("Depth", 2);

        await EvaluateAsync();

        Describe("dlq").StateValue.Should().Be("ALARM");
        _notifier.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task DescribeAlarmHistory_AfterChanges_ListsNewestFirst()
    {
        PutAlarm("dlq", "Depth", threshold: 0, missing: "notBreaching");
        Put("Depth", 2);
        await EvaluateAsync();

        var history = _cloudWatch.DescribeAlarmHistory(new DescribeAlarmHistoryRequest("dlq", null, null, null, null, null, null, null), Context);

        history.AlarmHistoryItems.Select(h => h.HistoryItemType).Should().Equal("Action", "StateUpdate", "ConfigurationUpdate");
        history.AlarmHistoryItems[1].HistorySummary.Should().Be("Alarm updated from INSUFFICIENT_DATA to ALARM");
    }

    [Fact]
    public void PutMetricAlarm_DatapointsToAlarmAboveEvaluationPeriods_IsRefused()
    {
        var put = () => PutAlarm("bad", "Depth", threshold: 0, missing: "missing", evaluationPeriods: 1, datapointsToAlarm: 2);

        put.Should().Throw<AwsServiceException>().Which.QueryErrorCode.Should().Be("ValidationError");
    }

    private static MetricStat Stat(string name, string stat) => new(new Metric("SESMail/test", name, null), 60, stat, null);

    private void PutAlarm(string name, string metric, double threshold, string missing, string op = "GreaterThanThreshold", string statistic = "Maximum",
        int evaluationPeriods = 1, int? datapointsToAlarm = null, bool actions = true) =>
        _cloudWatch.PutMetricAlarm(new PutMetricAlarmRequest(name, null, true, actions ? [Topic] : null, actions ? [Topic] : null, null, metric, "SESMail/test", statistic, null,
            null, 60, null, evaluationPeriods, datapointsToAlarm, threshold, op, missing, null, null, null, null), Context);

    private void Put(string metric, double value) =>
        _cloudWatch.PutMetricData(new PutMetricDataRequest("SESMail/test", [new MetricDatumInput(metric, null, _time.GetUtcNow(), value, null, null, null, "Count", null)], null, null), Context);

    private Task EvaluateAsync() => _evaluator.EvaluateAsync(TestContext.Current.CancellationToken);

    private MetricAlarmDescription Describe(string name) =>
        _cloudWatch.DescribeAlarms(new DescribeAlarmsRequest([name], null, null, null, null, null, null, null, null), Context).MetricAlarms.Single();

    private string State(string name) =>
        _cloudWatch.DescribeAlarms(new DescribeAlarmsRequest([name], null, ["CompositeAlarm"], null, null, null, null, null, null), Context).CompositeAlarms.Single().StateValue;

    private sealed class RecordingNotifier : IAlarmNotifier
    {
        public List<(string Topic, string Subject, string Message, string Email)> Sent { get; } = [];

        public Task NotifyAsync(string topicArn, string subject, string message, string emailText, CancellationToken cancellationToken)
        {
            Sent.Add((topicArn, subject, message, emailText));
            return Task.CompletedTask;
        }
    }
}
