using Microsoft.Extensions.Time.Testing;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Logs;
using SesMail.Emulator.Protocols;

namespace SesMail.Tests.Emulator.Logs;

/// <summary>CloudWatch Logs operations on a fake clock: paging tokens, retention, the in-process sink, EMF and metric filters.</summary>
[Trait("Kind", "Unit")]
public sealed class LogsProviderTests
{
    private static readonly AwsRequestContext Context = new("ap-southeast-2", "000000000000", "r", "http://127.0.0.1", null);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingPublisher _metrics = new();
    private readonly LogsProvider _logs;

    public LogsProviderTests() =>
        _logs = new LogsProvider(new LogsStore(), _metrics, new EmulatorOptions { DefaultRegion = "ap-southeast-2" }, _time);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void GetLogEvents_PagesForwardFromHead_AndReturnsTheSameTokenAtTheEnd()
    {
        Stream("g", "s", Enumerable.Range(0, 5).Select(i => $"line {i}").ToArray());

        var first = _logs.GetLogEvents(new GetLogEventsRequest("g", null, "s", null, null, null, 2, true, null), Context);
        var second = _logs.GetLogEvents(new GetLogEventsRequest("g", null, "s", null, null, first.NextForwardToken, 2, null, null), Context);
        var third = _logs.GetLogEvents(new GetLogEventsRequest("g", null, "s", null, null, second.NextForwardToken, 2, null, null), Context);
        var end = _logs.GetLogEvents(new GetLogEventsRequest("g", null, "s", null, null, third.NextForwardToken, 2, null, null), Context);

        first.Events.Select(e => e.Message).Should().Equal("line 0", "line 1");
        second.Events.Select(e => e.Message).Should().Equal("line 2", "line 3");
        third.Events.Select(e => e.Message).Should().Equal("line 4");
        end.Events.Should().BeEmpty();
        end.NextForwardToken.Should().Be(third.NextForwardToken);
        first.NextForwardToken.Should().StartWith("f/").And.EndWith("/s");
    }

    [Fact]
    public void GetLogEvents_ByDefault_ReturnsTheNewestEventsAndPagesBackward()
    {
        Stream("g", "s", Enumerable.Range(0, 5).Select(i => $"line {i}").ToArray());

        var latest = _logs.GetLogEvents(new GetLogEventsRequest("g", null, "s", null, null, null, 2, null, null), Context);
        var before = _logs.GetLogEvents(new GetLogEventsRequest("g", null, "s", null, null, latest.NextBackwardToken, 2, null, null), Context);

        latest.Events.Select(e => e.Message).Should().Equal("line 3", "line 4");
        before.Events.Select(e => e.Message).Should().Equal("line 1", "line 2");
    }

    [Fact]
    public void FilterLogEvents_AcrossStreams_InterleavesByTimeAndPagesWithNextToken()
    {
        Create("g", "a", "b");
        Put("g", "a", (Now - 3000, "ERROR one"), (Now - 1000, "ERROR three"));
        Put("g", "b", (Now - 2000, "ERROR two"), (Now - 500, "INFO four"));

        var page1 = _logs.FilterLogEvents(new FilterLogEventsRequest("g", null, null, null, null, null, "ERROR", null, 2, null, null), Context);
        var page2 = _logs.FilterLogEvents(new FilterLogEventsRequest("g", null, null, null, null, null, "ERROR", page1.NextToken, 2, null, null), Context);

        page1.Events.Select(e => (e.LogStreamName, e.Message)).Should().Equal(("a", "ERROR one"), ("b", "ERROR two"));
        page1.NextToken.Should().NotBeNull();
        page2.Events.Select(e => e.Message).Should().Equal("ERROR three");
        page2.NextToken.Should().BeNull();
        page1.Events.Select(e => e.EventId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void FilterLogEvents_InvalidPattern_IsRefusedWithInvalidParameterException()
    {
        Create("g", "s");

        var filter = () => _logs.FilterLogEvents(new FilterLogEventsRequest("g", null, null, null, null, null, "{ $.x = }", null, null, null, null), Context);

        filter.Should().Throw<AwsServiceException>().Which.Code.Should().Be("InvalidParameterException");
    }

    [Fact]
    public void PutRetentionPolicy_OnTheClock_DropsEventsOlderThanTheRetention()
    {
        Stream("g", "s", "old");
        _logs.PutRetentionPolicy(new PutRetentionPolicyRequest("g", 1), Context);
        _time.Advance(TimeSpan.FromHours(23));
        Put("g", "s", (Now, "new"));

        var beforeExpiry = Messages("g");
        _time.Advance(TimeSpan.FromHours(2));
        var afterExpiry = Messages("g");

        beforeExpiry.Should().Equal("old", "new");
        afterExpiry.Should().Equal("new");
    }

    [Fact]
    public void PutRetentionPolicy_UnsupportedDays_IsRefused()
    {
        Create("g");

        var put = () => _logs.PutRetentionPolicy(new PutRetentionPolicyRequest("g", 2), Context);

        put.Should().Throw<AwsServiceException>().Which.Code.Should().Be("InvalidParameterException");
    }

    [Fact]
    public void PutLogEvents_OutOfOrderOrMissingStream_IsRefusedAsAwsDoes()
    {
        Create("g", "s");

        var unordered = () => _logs.PutLogEvents(new PutLogEventsRequest("g", "s", [new(Now, "b"), new(Now - 1, "a")], null), Context);
        var missing = () => _logs.PutLogEvents(new PutLogEventsRequest("g", "nope", [new(Now, "a")], null), Context);
        var tooOld = _logs.PutLogEvents(new PutLogEventsRequest("g", "s", [new(Now - (15 * 86_400_000L), "old"), new(Now - (15 * 86_400_000L) + 1, "old2")], null), Context);

        unordered.Should().Throw<AwsServiceException>().WithMessage("*chronological order*");
        missing.Should().Throw<AwsServiceException>().Which.Code.Should().Be("ResourceNotFoundException");
        tooOld.RejectedLogEventsInfo!.TooOldLogEventEndIndex.Should().Be(1);
    }

    [Fact]
    public void CreateLogGroup_Twice_IsResourceAlreadyExists()
    {
        Create("g");

        var again = () => _logs.CreateLogGroup(new CreateLogGroupRequest("g", null, null, null), Context);

        again.Should().Throw<AwsServiceException>().Which.Code.Should().Be("ResourceAlreadyExistsException");
    }

    [Fact]
    public void Append_ThroughTheSink_CreatesGroupAndStreamAndIsReadable()
    {
        _logs.Append("/aws/lambda/ses-mail-router-enrichment-test", "2026/12/03/[$LATEST]abc", [new LogEventEntry(_time.GetUtcNow(), "START RequestId: 1")]);

        var groups = _logs.DescribeLogGroups(new DescribeLogGroupsRequest("/aws/lambda/", null, null, null, null, null, null), Context);
        var events = _logs.FilterLogEvents(new FilterLogEventsRequest("/aws/lambda/ses-mail-router-enrichment-test", null, null, null, null, null, "START", null, null, null, null), Context);

        groups.LogGroups.Select(g => g.LogGroupName).Should().Equal("/aws/lambda/ses-mail-router-enrichment-test");
        events.Events.Single().LogStreamName.Should().Be("2026/12/03/[$LATEST]abc");
    }

    [Fact]
    public void PutLogEvents_EmbeddedMetricFormatExample_BecomesAMetric()
    {
        // The example of the EMF specification page (CloudWatch_Embedded_Metric_Format_Specification.html).
        Create("g", "s");
        var emf = $$"""
            {"_aws":{"Timestamp":{{Now}},"CloudWatchMetrics":[{"Namespace":"lambda-function-metrics","Dimensions":[["functionVersion"]],"Metrics":[{"Name":"time","Unit":"Milliseconds","StorageResolution":60}]}]},"functionVersion":"$LATEST","time":100,"requestId":"989ffbf8-9ace-4817-a57c-e4dd734019ee"}
            """;

        Put("g", "s", (Now, emf));

        var datum = _metrics.Data.Should().ContainSingle().Subject;
        datum.Namespace.Should().Be("lambda-function-metrics");
        datum.MetricName.Should().Be("time");
        datum.Dimensions.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("functionVersion", "$LATEST"));
        datum.Value.Should().Be(100);
        datum.Unit.Should().Be("Milliseconds");
        datum.Timestamp.Should().Be(_time.GetUtcNow());
    }

    [Fact]
    public void PutMetricFilter_MatchingEvents_PublishTheirValue()
    {
        Create("g", "s");
        _logs.PutMetricFilter(new PutMetricFilterRequest("g", "errors", "{ $.level = \"ERROR\" }", [new MetricTransformation("PipeErrors", "SESMail/test", "1", 0, null, "Count")], null), Context);

        Put("g", "s", (Now, "{\"level\":\"ERROR\"}"), (Now, "{\"level\":\"INFO\"}"));
        var described = _logs.DescribeMetricFilters(new DescribeMetricFiltersRequest("g", null, null, null, null, null), Context);

        _metrics.Data.Select(d => (d.MetricName, d.Value)).Should().Equal(("PipeErrors", 1.0), ("PipeErrors", 0.0));
        described.MetricFilters.Single().FilterName.Should().Be("errors");
    }

    [Fact]
    public void DescribeLogStreams_OrderedByLastEventTime_Descending()
    {
        Create("g", "early", "late");
        Put("g", "late", (Now, "x"));
        Put("g", "early", (Now - 5000, "y"));

        var streams = _logs.DescribeLogStreams(new DescribeLogStreamsRequest("g", null, null, "LastEventTime", true, null, null), Context);

        streams.LogStreams.Select(s => s.LogStreamName).Should().Equal("late", "early");
        streams.LogStreams[0].LastEventTimestamp.Should().Be(Now);
    }

    private void Create(string group, params string[] streams)
    {
        _logs.CreateLogGroup(new CreateLogGroupRequest(group, null, null, null), Context);
        foreach (var stream in streams)
        {
            _logs.CreateLogStream(new LogStreamRequest(group, stream), Context);
        }
    }

    private void Stream(string group, string stream, params string[] messages)
    {
        Create(group, stream);
        Put(group, stream, [.. messages.Select((m, i) => (Now - ((messages.Length - i) * 10L), m))]);
    }

    private void Put(string group, string stream, params (long Timestamp, string Message)[] events) =>
        _logs.PutLogEvents(new PutLogEventsRequest(group, stream, [.. events.Select(e => new InputLogEvent(e.Timestamp, e.Message))], null), Context);

    private List<string> Messages(string group) =>
        [.. _logs.FilterLogEvents(new FilterLogEventsRequest(group, null, null, null, null, null, null, null, null, null, null), Context).Events.Select(e => e.Message)];

    private sealed class RecordingPublisher : IMetricPublisher
    {
        public List<MetricDatum> Data { get; } = [];

        public void Publish(MetricDatum datum) => Data.Add(datum);
    }
}
