using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.EventBridge;
using Amazon.EventBridge.Model;
using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Amazon.XRay;
using Amazon.XRay.Model;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SesMail.LambdaRuntime;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.XRay;

/// <summary>
/// The emulator's trace store through X-Ray's API with the project's X-Ray client (docs/TRACING.md): spans arrive by
/// OTLP/HTTP (protobuf from the OpenTelemetry exporter, or JSON) or as X-Ray segment documents, and come back as
/// segment documents; and the trace carried by SNS → SQS and EventBridge → SQS deliveries.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class XRayProviderTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonXRayClient _xray = new(EmulatorFixture.Credentials, new AmazonXRayConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _xray.Dispose();

    [Fact]
    public async Task OtlpProtobufExport_FromOpenTelemetryExporter_ReadableAsSegments()
    {
        var messageId = Guid.NewGuid().ToString("N");
        using var source = new ActivitySource($"OtlpReceiverTest.{messageId}");
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .ConfigureResource(r => r.AddService("otlp-test"))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(emulator.BaseUrl, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using var parent = source.StartActivity("parent", ActivityKind.Server, default(ActivityContext))!;
            parent.SetTag("sesmail.message_id", messageId);
            parent.SetTag("sesmail.count", 3);
            parent.SetTag("sesmail.list", new[] { "a", "b" });
            using (var child = source.StartActivity("child", ActivityKind.Client)!)
            {
                child.SetStatus(ActivityStatusCode.Error, "boom");
            }

            parent.Stop();
            provider.ForceFlush();
        }

        var summaries = await SummariesAsync($"annotation.sesmail_message_id = \"{messageId}\"");
        var summary = summaries.TraceSummaries.Should().ContainSingle().Subject;
        var traces = await _xray.BatchGetTracesAsync(new BatchGetTracesRequest { TraceIds = [summary.Id!, "1-00000001-000000000000000000000001"] }, Token);

        summary.HasError.Should().BeTrue();
        summary.Annotations["sesmail_message_id"].Single().AnnotationValue!.StringValue.Should().Be(messageId);
        traces.UnprocessedTraceIds.Should().Equal("1-00000001-000000000000000000000001");
        var documents = traces.Traces.Should().ContainSingle().Subject.Segments.Select(s => JsonNode.Parse(s.Document!)!).ToList();
        var parentDocument = documents.Single(d => d["name"]!.GetValue<string>() == "parent");
        var childDocument = documents.Single(d => d["name"]!.GetValue<string>() == "child");
        parentDocument["trace_id"]!.GetValue<string>().Should().Be(summary.Id);
        parentDocument["origin"]!.GetValue<string>().Should().Be("otlp-test");
        parentDocument["annotations"]!["sesmail_count"]!.GetValue<long>().Should().Be(3);
        parentDocument["metadata"]!["otel"]!["attributes"]!["sesmail.list"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("a", "b");
        parentDocument["metadata"]!["otel"]!["kind"]!.GetValue<string>().Should().Be("server");
        childDocument["parent_id"]!.GetValue<string>().Should().Be(parentDocument["id"]!.GetValue<string>());
        childDocument["error"]!.GetValue<bool>().Should().BeTrue();
        childDocument["end_time"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(childDocument["start_time"]!.GetValue<double>());
    }

    [Fact]
    public async Task OtlpJsonExport_IsStored()
    {
        var trace = ActivityTraceId.CreateRandom();
        var span = ActivitySpanId.CreateRandom();
        var now = DateTimeOffset.UtcNow;
        var nanos = (now.ToUnixTimeMilliseconds() * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-test"}}]},
            "scopeSpans":[{"scope":{"name":"json"},"spans":[{"traceId":"{{{trace.ToHexString()}}}","spanId":"{{{span.ToHexString()}}}","name":"json span","kind":4,
            "startTimeUnixNano":"{{{nanos}}}","endTimeUnixNano":"{{{nanos}}}","attributes":[{"key":"sesmail.n","value":{"intValue":"7"}}]}]}]}]}
            """;
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(emulator.BaseUrl, "/v1/traces"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);
        using var refused = await http.PostAsync(new Uri(emulator.BaseUrl, "/v1/traces"), new StringContent("{", System.Text.Encoding.UTF8, "application/json"), Token);

        response.IsSuccessStatusCode.Should().BeTrue();
        refused.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        var traces = await _xray.BatchGetTracesAsync(new BatchGetTracesRequest { TraceIds = [XRayTraceHeader.ToXRayTraceId(trace)] }, Token);
        var document = JsonNode.Parse(traces.Traces.Single().Segments.Single().Document!)!;
        document["name"]!.GetValue<string>().Should().Be("json span");
        document["origin"]!.GetValue<string>().Should().Be("json-test");
        document["annotations"]!["sesmail_n"]!.GetValue<long>().Should().Be(7);
        document["metadata"]!["otel"]!["kind"]!.GetValue<string>().Should().Be("producer");
    }

    [Fact]
    public async Task PutTraceSegments_SegmentWithSubsegment_FoundByAnnotationAndReadBack()
    {
        var header = XRayTraceHeader.NewRoot(DateTimeOffset.UtcNow, sampled: true);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var marker = Guid.NewGuid().ToString("N");
        var document = new JsonObject
        {
            ["name"] = "daemon-service",
            ["id"] = "70de5b6f19ff9a0a",
            ["trace_id"] = header.XRayTraceId,
            ["start_time"] = start,
            ["end_time"] = start + 0.25,
            ["annotations"] = new JsonObject { ["marker"] = marker },
            ["subsegments"] = new JsonArray(new JsonObject { ["name"] = "DynamoDB", ["id"] = "53995c3f42cd8ad8", ["start_time"] = start + 0.1, ["end_time"] = start + 0.2 }),
        };

        var put = await _xray.PutTraceSegmentsAsync(new PutTraceSegmentsRequest { TraceSegmentDocuments = [document.ToJsonString(), "{\"name\":\"bad\"}"] }, Token);
        var summaries = await SummariesAsync($"annotation.marker = \"{marker}\"");
        var traces = await _xray.BatchGetTracesAsync(new BatchGetTracesRequest { TraceIds = [header.XRayTraceId] }, Token);

        put.UnprocessedTraceSegments.Should().ContainSingle().Which.ErrorCode.Should().Be("InvalidSegment");
        summaries.TraceSummaries.Should().ContainSingle().Which.Id.Should().Be(header.XRayTraceId);
        summaries.TraceSummaries[0].Duration.Should().BeApproximately(0.25, 0.001);
        var segments = traces.Traces.Single().Segments.Select(s => JsonNode.Parse(s.Document!)!).ToList();
        segments.Select(s => s["name"]!.GetValue<string>()).Should().BeEquivalentTo("daemon-service", "DynamoDB");
        segments.Single(s => s["name"]!.GetValue<string>() == "DynamoDB")["parent_id"]!.GetValue<string>().Should().Be("70de5b6f19ff9a0a");
    }

    [Theory]
    [InlineData("service(\"router\")")]
    [InlineData("annotation.a = \"x\" AND annotation.b = \"y\" OR annotation.c = \"z\"")]
    [InlineData("responsetime > 5")]
    public async Task GetTraceSummaries_FilterThisEmulatorDoesNotRead_IsRefused(string filter)
    {
        var act = () => SummariesAsync(filter);

        (await act.Should().ThrowAsync<AmazonXRayException>()).Which.ErrorCode.Should().Be("InvalidRequestException");
    }

    [Fact]
    public async Task GetTraceSummaries_NoTimeRange_IsRefused()
    {
        var act = () => _xray.GetTraceSummariesAsync(new GetTraceSummariesRequest(), Token);

        (await act.Should().ThrowAsync<AmazonXRayException>()).Which.ErrorCode.Should().Be("InvalidRequestException");
    }

    [Fact]
    public async Task SnsPublish_TracedCaller_SqsMessageContinuesTheTraceThroughPublishAndSendSpans()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        using var sns = new AmazonSimpleNotificationServiceClient(EmulatorFixture.Credentials, new AmazonSimpleNotificationServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        var topic = (await sns.CreateTopicAsync(new CreateTopicRequest { Name = $"traced-{suffix}" }, Token)).TopicArn;
        var queue = (await sqs.CreateQueueAsync($"traced-{suffix}", Token)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queue, AttributeNames = ["QueueArn"] }, Token)).QueueARN;
        await sns.SubscribeAsync(new SubscribeRequest { TopicArn = topic, Protocol = "sqs", Endpoint = queueArn, Attributes = new() { ["RawMessageDelivery"] = "true" } }, Token);

        var caller = Recorded("caller");
        try
        {
            await sns.PublishAsync(new PublishRequest { TopicArn = topic, Message = "traced" }, Token);
        }
        finally
        {
            caller.Stop();
        }

        var header = await ReceiveTraceHeaderAsync(sqs, queue);
        header.TraceId.Should().Be(caller.TraceId);
        var names = await SpanNamesAsync(caller.TraceId, 2);
        names.Keys.Should().Contain([$"traced-{suffix} publish", $"traced-{suffix} send"]);
        names.Should().ContainKey($"traced-{suffix} send").WhoseValue.Should().Be(header.ParentId.ToHexString(), "the message's parent is the delivery span");
    }

    [Fact]
    public async Task PutEvents_EntryTraceHeader_RuleTargetMessageContinuesTheTrace()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        using var events = new AmazonEventBridgeClient(EmulatorFixture.Credentials, new AmazonEventBridgeConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        var queue = (await sqs.CreateQueueAsync($"bus-target-{suffix}", Token)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queue, AttributeNames = ["QueueArn"] }, Token)).QueueARN;
        await events.PutRuleAsync(new PutRuleRequest { Name = $"traced-{suffix}", EventPattern = $"{{\"source\":[\"traced.{suffix}\"]}}" }, Token);
        await events.PutTargetsAsync(new PutTargetsRequest { Rule = $"traced-{suffix}", Targets = [new Target { Id = "q", Arn = queueArn }] }, Token);
        var sent = XRayTraceHeader.NewRoot(DateTimeOffset.UtcNow, sampled: true);

        await events.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = $"traced.{suffix}", DetailType = "t", Detail = "{}", TraceHeader = sent.ToString() }],
        }, Token);

        var header = await ReceiveTraceHeaderAsync(sqs, queue);
        header.TraceId.Should().Be(sent.TraceId);
        var names = await SpanNamesAsync(sent.TraceId, 2);
        names.Should().ContainKey("default publish");
        names.Should().ContainKey($"bus-target-{suffix} send").WhoseValue.Should().Be(header.ParentId.ToHexString());
    }

    [Fact]
    public async Task ManagedRuntimeInvocation_InProcessOfItsOwn_ExportsTheFunctionSpanToTheStore()
    {
        var name = $"traced-router-{Guid.NewGuid():N}"[..30];
        using var lambda = new Amazon.Lambda.AmazonLambdaClient(EmulatorFixture.Credentials, new Amazon.Lambda.AmazonLambdaConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var created = await lambda.CreateFunctionAsync(new Amazon.Lambda.Model.CreateFunctionRequest
        {
            FunctionName = name,
            Runtime = "dotnet10",
            Role = "arn:aws:iam::000000000000:role/test-function",
            Handler = "SesMail.Functions::SesMail.Functions.Router.RouterFunction::HandleAsync",
            Timeout = 30,
            Code = new Amazon.Lambda.Model.FunctionCode { ZipFile = new MemoryStream(SesMail.LocalRuntime.Packaging.FunctionPackage.ManagedZip()) },
            Environment = new Amazon.Lambda.Model.Environment
            {
                Variables = new() { ["ENVIRONMENT"] = "test", ["ROUTING_TABLE_NAME"] = "t", ["EMAIL_BUCKET"] = "b", ["INTEGRATION_TEST_TOKEN_PARAMETER"] = "/p" },
            },
        }, Token);
        var invoker = (SesMail.Emulator.Lambda.ILambdaInvoker)emulator.Services.GetService(typeof(SesMail.Emulator.Lambda.ILambdaInvoker))!;
        var caller = XRayTraceHeader.NewRoot(DateTimeOffset.UtcNow, sampled: true);

        var result = await invoker.InvokeAsync(new SesMail.Emulator.Lambda.LambdaInvocationRequest(created.FunctionArn!, "[]"u8.ToArray(), TraceHeader: caller.ToString()), Token);

        result.FunctionError.Should().BeNull(System.Text.Encoding.UTF8.GetString(result.Payload.Span));
        var names = await SpanNamesAsync(caller.TraceId, 2);
        names.Keys.Should().Contain([$"{name} invoke", name], "the Lambda service's span and the function's own, exported from the function's process");
        var found = await _xray.BatchGetTracesAsync(new BatchGetTracesRequest { TraceIds = [caller.XRayTraceId] }, Token);
        var function = found.Traces.Single().Segments.Select(s => JsonNode.Parse(s.Document!)!).Single(d => d["name"]!.GetValue<string>() == name);
        function["origin"]!.GetValue<string>().Should().Be(name, "the function's process names itself after the function");
        function["parent_id"]!.GetValue<string>().Should().Be(names[$"{name} invoke"]);
    }

    private static Activity Recorded(string name)
    {
        var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return activity.Start();
    }

    private static async Task<XRayTraceHeader> ReceiveTraceHeaderAsync(AmazonSQSClient sqs, string queue)
    {
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 5, MessageSystemAttributeNames = ["AWSTraceHeader"] }, Token);
        XRayTraceHeader.TryParse(received.Messages.Should().ContainSingle().Subject.Attributes["AWSTraceHeader"], out var header).Should().BeTrue();
        return header;
    }

    /// <summary>Span name → span id of a trace in the store, once it holds at least <paramref name="count"/> spans of the emulator.</summary>
    private async Task<Dictionary<string, string>> SpanNamesAsync(ActivityTraceId trace, int count)
    {
        var names = new Dictionary<string, string>();
        for (var i = 0; i < 40 && names.Count(n => !n.Key.StartsWith("POST", StringComparison.Ordinal)) < count; i++)
        {
            var found = await _xray.BatchGetTracesAsync(new BatchGetTracesRequest { TraceIds = [XRayTraceHeader.ToXRayTraceId(trace)] }, Token);
            names = found.Traces.SelectMany(t => t.Segments).Select(s => JsonNode.Parse(s.Document!)!)
                .GroupBy(d => d["name"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.First()["id"]!.GetValue<string>());
            await Task.Delay(250, Token);
        }

        return names;
    }

    private Task<GetTraceSummariesResponse> SummariesAsync(string filter) =>
        _xray.GetTraceSummariesAsync(new GetTraceSummariesRequest { StartTime = DateTime.UtcNow.AddMinutes(-10), EndTime = DateTime.UtcNow.AddMinutes(1), FilterExpression = filter }, Token);
}
