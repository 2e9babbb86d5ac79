using System.Text.Json.Nodes;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>SQS event source mappings run by the emulator: the SQS event, filters, partial batch responses, trace headers.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SqsMappingTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonLambdaClient _lambda = Client(emulator);
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _lambda.Dispose();
        _sqs.Dispose();
    }

    [Fact]
    public async Task Mapping_ReportBatchItemFailures_DeletesTheRestAndLeavesTheFailedMessage()
    {
        var (url, arn) = await QueueAsync(visibility: 5); // long enough that a slow machine deletes before a message reappears
        var name = Name("sqs-partial");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (e, _) =>
        {
            var failed = e["Records"]!.AsArray()
                .Where(r => r!["body"]!.GetValue<string>() == "bad" && r["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>() == "1")
                .Select(r => (JsonNode)new JsonObject { ["itemIdentifier"] = r!["messageId"]!.GetValue<string>() });
            return new JsonObject { ["batchItemFailures"] = new JsonArray([.. failed]) }.ToJsonString();
        });
        foreach (var body in new[] { "good-1", "bad", "good-2" })
        {
            await _sqs.SendMessageAsync(url, body, Ct);
        }

        await _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, BatchSize = 10, MaximumBatchingWindowInSeconds = 1, FunctionResponseTypes = ["ReportBatchItemFailures"] }, Ct);

        List<string> bodies = [];
        for (var i = 0; i < 300 && bodies.Count < 4; i++)
        {
            await Task.Delay(100, Ct);
            bodies = handler.Snapshot().SelectMany(e => e["Records"]!.AsArray().Select(r => r!["body"]!.GetValue<string>())).ToList();
        }

        await Task.Delay(6000, Ct); // a message left on the queue by mistake would come back within this
        var events = handler.Snapshot();
        bodies = events.SelectMany(e => e["Records"]!.AsArray().Select(r => r!["body"]!.GetValue<string>())).ToList();
        bodies.Count(b => b == "bad").Should().Be(2, "the failed message reappears after its visibility timeout");
        bodies.Count(b => b.StartsWith("good", StringComparison.Ordinal)).Should().Be(2, "succeeded messages are deleted");
        var record = events[0]["Records"]![0]!;
        record["eventSource"]!.GetValue<string>().Should().Be("aws:sqs");
        record["eventSourceARN"]!.GetValue<string>().Should().Be(arn);
        record["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>().Should().Be("1");
        record["md5OfBody"]!.GetValue<string>().Should().HaveLength(32);
    }

    [Fact]
    public async Task Mapping_FilterCriteria_DeletesMessagesThatDoNotMatch()
    {
        var (url, arn) = await QueueAsync(visibility: 30);
        var name = Name("sqs-filter");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        await _sqs.SendMessageAsync(url, """{"kind":"other","n":1}""", Ct);
        await _sqs.SendMessageAsync(url, """{"kind":"mail","n":2}""", Ct);
        await _sqs.SendMessageAsync(url, "plain text", Ct);

        await _lambda.CreateEventSourceMappingAsync(
            new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, BatchSize = 1, FilterCriteria = new() { Filters = [new() { Pattern = """{"body":{"kind":["mail"]}}""" }] } }, Ct);

        var events = await handler.WaitForAsync(1);
        await Task.Delay(1500, Ct);
        events = handler.Snapshot();
        events.Should().ContainSingle().Which["Records"]![0]!["body"]!.GetValue<string>().Should().Contain("\"n\":2");
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], Ct);
        attributes.ApproximateNumberOfMessages.Should().Be(0, "messages that match no filter are deleted, as Lambda does");
        attributes.ApproximateNumberOfMessagesNotVisible.Should().Be(0);
    }

    [Fact]
    public async Task Mapping_MessageWithAwsTraceHeader_InvokesWithinThatTrace()
    {
        var (url, arn) = await QueueAsync(visibility: 30);
        var name = Name("sqs-trace");
        await CreateShellFunctionAsync(_lambda, name);
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        await _sqs.SendMessageAsync(
            new SendMessageRequest { QueueUrl = url, MessageBody = "traced", MessageSystemAttributes = new() { ["AWSTraceHeader"] = new() { DataType = "String", StringValue = trace } } }, Ct);

        await _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, BatchSize = 1 }, Ct);

        (await handler.WaitForAsync(1)).Should().ContainSingle();
        SesMail.LambdaRuntime.XRayTraceHeader.TryParse(handler.Traces.Should().ContainSingle().Subject, out var given).Should().BeTrue();
        given.XRayTraceId.Should().Be("1-5759e988-bd862e3fe1be46a994272793", "the function continues the message's trace");
        given.Sampled.Should().BeTrue();
    }

    [Fact]
    public async Task CreateEventSourceMapping_InvalidInput_IsRefusedWithLambdasErrors()
    {
        var (_, arn) = await QueueAsync(visibility: 30);
        var name = Name("sqs-invalid");
        await CreateShellFunctionAsync(_lambda, name);

        var window = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, BatchSize = 50 }, Ct));
        var streamOnly = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, StartingPosition = "LATEST" }, Ct));
        var noQueue = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn + "-missing" }, Ct));
        var pattern = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateEventSourceMappingAsync(
            new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, FilterCriteria = new() { Filters = [new() { Pattern = "[1]" }] } }, Ct));
        await _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn, Enabled = false }, Ct);
        var duplicate = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = arn }, Ct));

        window.ErrorCode.Should().Be("InvalidParameterValueException");
        window.Message.Should().Contain("Maximum batch window in seconds must be greater than 0");
        streamOnly.ErrorCode.Should().Be("InvalidParameterValueException");
        noQueue.ErrorCode.Should().Be("InvalidParameterValueException");
        pattern.ErrorCode.Should().Be("InvalidParameterValueException");
        duplicate.ErrorCode.Should().Be("ResourceConflictException");
    }

    private async Task<(string Url, string Arn)> QueueAsync(int visibility)
    {
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = Name("esm-queue"), Attributes = new() { ["VisibilityTimeout"] = visibility.ToString(System.Globalization.CultureInfo.InvariantCulture) } }, Ct)).QueueUrl;
        var arn = (await _sqs.GetQueueAttributesAsync(url, ["QueueArn"], Ct)).QueueARN;
        return (url, arn);
    }
}
