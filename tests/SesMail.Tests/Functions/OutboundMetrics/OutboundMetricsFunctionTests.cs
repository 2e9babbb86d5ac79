using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;
using SesMail.Aws.Events;
using SesMail.Functions;
using SesMail.Functions.OutboundMetrics;

namespace SesMail.Tests.Functions.OutboundMetrics;

/// <summary>The outbound metrics publisher's counting and publishing, with CloudWatch recorded in memory.</summary>
[Trait("Kind", "Unit")]
public sealed class OutboundMetricsFunctionTests : IDisposable
{
    private readonly RecordingCloudWatch _cloudWatch = new();
    private readonly StringWriter _log = new();
    private readonly OutboundMetricsFunction _function;

    public OutboundMetricsFunctionTests()
    {
        var options = OutboundMetricsOptions.From(new FunctionSettings(new Dictionary<string, string> { ["ENVIRONMENT"] = "test", ["AWS_REGION"] = "ap-southeast-2" }));
        _function = new OutboundMetricsFunction(options, new FunctionServices(options.Aws, _log), _cloudWatch);
    }

    public void Dispose()
    {
        _function.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Handle_EachEventType_CountsItsMetricsAndPublishesOnlyNonZeroInOneNamespace()
    {
        await HandleAsync(
            """{"eventType":"Send","mail":{}}""",
            """{"eventType":"send"}""",
            """{"eventType":"Delivery"}""",
            """{"eventType":"Bounce","bounce":{"bounceType":"Permanent"}}""",
            """{"eventType":"Bounce","bounce":{"bounceType":"Transient"}}""",
            """{"eventType":"Bounce","bounce":{"bounceType":"Undetermined"}}""",
            """{"eventType":"COMPLAINT"}""",
            """{"eventType":"Reject"}""",
            """{"eventType":"Open"}""",
            "not json");

        var request = _cloudWatch.Requests.Should().ContainSingle().Subject;
        request.Namespace.Should().Be("SESMail/test");
        request.MetricData.Should().OnlyContain(d => d.Unit == "Count" && d.Dimensions.Count == 0);
        request.MetricData.ToDictionary(d => d.MetricName, d => d.Value).Should().BeEquivalentTo(new Dictionary<string, double>
        {
            ["OutboundSend"] = 2,
            ["OutboundDelivery"] = 1,
            ["OutboundBounce"] = 3,
            ["OutboundBounceHard"] = 1,
            ["OutboundBounceSoft"] = 1,
            ["OutboundComplaint"] = 1,
            ["OutboundReject"] = 1,
        });
        _log.ToString().Should().Contain("SNS message is not an SES event; skipped");
    }

    [Fact]
    public async Task Handle_NoCountableEvent_CallsCloudWatchNotAtAll()
    {
        await HandleAsync("""{"eventType":"Click"}""");

        _cloudWatch.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Handle_PutMetricDataFails_TheInvocationFailsSoLambdaRetries()
    {
        _cloudWatch.Failure = new AmazonCloudWatchException("throttled", "Throttling", "r", System.Net.HttpStatusCode.BadRequest);

        var handle = () => HandleAsync("""{"eventType":"Send"}""");

        await handle.Should().ThrowAsync<AmazonCloudWatchException>();
    }

    private async Task HandleAsync(params string[] messages)
    {
        var records = messages.Select((m, i) => new SnsEvent.SnsRecord("aws:sns", "1.0", "arn:aws:sns:ap-southeast-2:000000000000:t:s",
            new SnsEvent.SnsMessage("Notification", $"m{i}", "arn:aws:sns:ap-southeast-2:000000000000:t", null, m, "2026-12-03T10:00:00.000Z", "1", "sig", "http://x/cert", "http://x/unsubscribe", new Dictionary<string, SnsEnvelope.SnsMessageAttribute>()))).ToList();
        using var input = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new SnsEvent(records), LambdaEventsJsonContext.Default.SnsEvent));
        await using var output = await _function.HandleAsync(input);
        JsonNode.Parse(Encoding.UTF8.GetString(((MemoryStream)output).ToArray()))!.AsObject().Should().BeEmpty();
    }

    private sealed class RecordingCloudWatch : IAmazonCloudWatch
    {
        public List<PutMetricDataRequest> Requests { get; } = [];

        public Exception? Failure { get; set; }

        public Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Requests.Add(request);
            return Task.FromResult(new PutMetricDataResponse());
        }

        public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SetAlarmStateResponse> SetAlarmStateAsync(SetAlarmStateRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PutMetricAlarmResponse> PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PutCompositeAlarmResponse> PutCompositeAlarmAsync(PutCompositeAlarmRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<GetDashboardResponse> GetDashboardAsync(GetDashboardRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PutDashboardResponse> PutDashboardAsync(PutDashboardRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
