using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SesMail.Emulator.CloudWatch;
using SesMail.Emulator.Sqs;
using SesMail.Emulator.Sqs.Shapes;
using SesMail.Emulator.Protocols;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.CloudWatch;

/// <summary>
/// The JSON protocols current SDKs send: CloudWatch's query-compatible JSON 1.0
/// (<c>GraniteServiceVersion20100801.*</c>, epoch-second timestamps, <c>x-amzn-query-error</c>) and Logs' JSON 1.1.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class CloudWatchJsonProtocolTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task PutAndGetMetricData_OverJson_UseEpochSecondTimestamps()
    {
        var client = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "GraniteServiceVersion20100801", "1.0", "monitoring");
        var ns = $"SESMail/json{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var ct = TestContext.Current.CancellationToken;

        await client.OkAsync("PutMetricData", new JsonObject
        {
            ["Namespace"] = ns,
            ["MetricData"] = new JsonArray(new JsonObject { ["MetricName"] = "EmailsAccepted", ["Value"] = 3, ["Timestamp"] = now, ["Unit"] = "Count" }),
        }, ct);
        var data = await client.OkAsync("GetMetricData", new JsonObject
        {
            ["StartTime"] = now - 3600,
            ["EndTime"] = now + 600,
            ["MetricDataQueries"] = new JsonArray(new JsonObject
            {
                ["Id"] = "accepted",
                ["MetricStat"] = new JsonObject { ["Metric"] = new JsonObject { ["Namespace"] = ns, ["MetricName"] = "EmailsAccepted" }, ["Period"] = 60, ["Stat"] = "Sum" },
            }),
        }, ct);

        var result = data["MetricDataResults"]![0]!;
        result["Values"]![0]!.GetValue<double>().Should().Be(3);
        result["Timestamps"]![0]!.GetValue<double>().Should().Be(now / 60 * 60);
    }

    [Fact]
    public async Task Error_OverJson_CarriesTheShapeNameAndTheQueryCode()
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        using var content = new StringContent("{\"DashboardName\":\"missing-dashboard\"}", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801.GetDashboard");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-southeast-2/monitoring/aws4_request, SignedHeaders=host, Signature=0");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body["__type"]!.GetValue<string>().Should().EndWith("#DashboardNotFoundError");
        response.Headers.GetValues("x-amzn-query-error").Single().Should().Be("ResourceNotFound;Sender");
    }

    [Fact]
    public async Task LogsOperations_OverJson_CreatePutAndFilter()
    {
        var client = new SesMail.Tests.Emulator.AwsJsonClient(emulator.BaseUrl, "Logs_20140328", "1.1", "logs");
        var group = $"/sesmail/json-{Guid.NewGuid():N}";
        var ct = TestContext.Current.CancellationToken;

        await client.OkAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = group }, ct);
        await client.OkAsync("CreateLogStream", new JsonObject { ["logGroupName"] = group, ["logStreamName"] = "s" }, ct);
        await client.OkAsync("PutLogEvents", new JsonObject
        {
            ["logGroupName"] = group,
            ["logStreamName"] = "s",
            ["logEvents"] = new JsonArray(new JsonObject { ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["message"] = "{\"action\":\"bounce\"}" }),
        }, ct);
        var found = await client.OkAsync("FilterLogEvents", new JsonObject { ["logGroupName"] = group, ["filterPattern"] = "{ $.action = \"b*\" }" }, ct);
        var (status, error) = await client.CallAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = group }, ct);
        var (unknownStatus, unknown) = await client.CallAsync("StartQuery", new JsonObject(), ct);

        found["events"]!.AsArray().Should().ContainSingle();
        status.Should().Be(HttpStatusCode.BadRequest);
        error["__type"]!.GetValue<string>().Should().EndWith("ResourceAlreadyExistsException");
        unknownStatus.Should().Be(HttpStatusCode.BadRequest);
        unknown["__type"]!.GetValue<string>().Should().EndWith("UnknownOperationException");
    }
}

/// <summary>The <c>AWS/SQS</c> metrics the emulator publishes from its queues each minute.</summary>
[Trait("Kind", "Unit")]
public sealed class SqsMetricsPublisherTests
{
    [Fact]
    public void PublishAll_AfterTraffic_PublishesDepthAgeAndCountsPerQueueName()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        using var store = new SqsStore(time);
        var sqs = new SqsProvider(store, time);
        var context = new AwsRequestContext("ap-southeast-2", "000000000000", "r", "http://127.0.0.1", null);
        var url = sqs.CreateQueue(new CreateQueueRequest("ses-mail-bouncer-dlq-test", null, null), context).QueueUrl;
        sqs.SendMessage(new SendMessageRequest(url, "one", null, null, null, null, null), context);
        sqs.SendMessage(new SendMessageRequest(url, "two", null, null, null, null, null), context);
        time.Advance(TimeSpan.FromSeconds(90));
        var metrics = new RecordingPublisher();

        new SqsMetricsPublisher(store, metrics, time).PublishAll();

        var byName = metrics.Data.ToDictionary(d => d.MetricName);
        byName["ApproximateNumberOfMessagesVisible"].Value.Should().Be(2);
        byName["ApproximateAgeOfOldestMessage"].Value.Should().Be(90);
        byName["ApproximateAgeOfOldestMessage"].Unit.Should().Be("Seconds");
        byName["NumberOfMessagesSent"].Value.Should().Be(2);
        metrics.Data.Should().OnlyContain(d => d.Namespace == "AWS/SQS" && d.Region == "ap-southeast-2"
            && d.Dimensions.Single().Key == "QueueName" && d.Dimensions.Single().Value == "ses-mail-bouncer-dlq-test");
    }

    private sealed class RecordingPublisher : IMetricPublisher
    {
        public List<MetricDatum> Data { get; } = [];

        public void Publish(MetricDatum datum) => Data.Add(datum);
    }
}
