using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Time.Testing;
using SesMail.Cli.Hosting;
using SesMail.Cli.Queues;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Queues;

/// <summary><c>sesmail queues</c> and <c>sesmail dlq redrive</c> against an in-process emulator of their own.</summary>
[Trait("Kind", "Contract")]
public sealed class QueueCommandsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
    private readonly StackNames _names = StackNames.FromOutputs(
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ResolvedStackFile.For()))!["outputs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()),
        "test",
        ResolvedStackFile.For());

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _sqs.Dispose();

    private Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunAtAsync(TimeSpan.Zero, args);

    /// <summary>Runs the CLI with its clock <paramref name="ahead"/> of the emulator's (messages look that much older).</summary>
    private async Task<(int Code, string Out, string Error)> RunAtAsync(TimeSpan ahead, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(new FakeTimeProvider(DateTimeOffset.UtcNow + ahead));
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.ForArguments(args)], CliConsole.ForText(output, error), host, Token);
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Row(string output, string name) =>
        JsonDocument.Parse(output).RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    private async Task<Dictionary<string, string>> CreateStackQueuesAsync()
    {
        var urls = new Dictionary<string, string>();
        foreach (var pair in _names.Queues)
        {
            urls[pair.DeadLetterQueue] = (await _sqs.CreateQueueAsync(pair.DeadLetterQueue, Token)).QueueUrl;
            urls[pair.Queue] = (await _sqs.CreateQueueAsync(pair.Queue, Token)).QueueUrl;
        }

        foreach (var url in urls.Values)
        {
            await _sqs.PurgeQueueAsync(url, Token);
        }

        return urls;
    }

    [Fact]
    public async Task QueuesAndRedrive_MessagesInForwarderDlq_AreReportedThenMovedBack()
    {
        var urls = await CreateStackQueuesAsync();
        var dlq = urls["ses-mail-gmail-forwarder-dlq-test"];
        for (var i = 0; i < 3; i++)
        {
            await _sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = dlq,
                    MessageBody = $"{{\"detail\":{{\"originalMessageId\":\"m{i}\"}}}}",
                    MessageAttributes = new() { ["origin"] = new MessageAttributeValue { DataType = "String", StringValue = "test" } },
                },
                Token);
        }

        var (code, output, _) = await RunAsync("queues", "--output", "json");
        code.Should().Be(0);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        rows.Should().HaveCount(8);
        var dlqRow = rows.Single(r => r.GetProperty("name").GetString() == "ses-mail-gmail-forwarder-dlq-test");
        dlqRow.GetProperty("visible").GetInt64().Should().Be(3);
        dlqRow.GetProperty("healthy").GetBoolean().Should().BeFalse();

        var table = await RunAsync("queues");
        table.Out.Should().Contain("forwarder DLQ").And.Contain("alarm").And.Contain("sesmail dlq redrive --queue forwarder");
        dlqRow.GetProperty("health").GetString().Should().Be("alarm");

        var redrive = await RunAsync("dlq", "redrive", "--queue", "forwarder", "--max", "2", "--rate", "0", "--output", "json");
        redrive.Code.Should().Be(0, redrive.Error);
        JsonDocument.Parse(redrive.Out).RootElement.GetProperty("RedrivenCount").GetInt32().Should().Be(2);

        var rest = await RunAsync("dlq", "redrive", "--queue", "ses-mail-gmail-forwarder-dlq-test", "--rate", "0", "--output", "json");
        JsonDocument.Parse(rest.Out).RootElement.GetProperty("RedrivenCount").GetInt32().Should().Be(1);

        var moved = new List<Message>();
        while (moved.Count < 3)
        {
            var batch = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = urls["ses-mail-gmail-forwarder-test"], MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] }, Token);
            batch.Messages.Should().NotBeNullOrEmpty();
            moved.AddRange(batch.Messages!);
        }

        moved.Select(m => m.Body).Should().BeEquivalentTo(Enumerable.Range(0, 3).Select(i => $"{{\"detail\":{{\"originalMessageId\":\"m{i}\"}}}}"));
        moved.Should().OnlyContain(m => m.MessageAttributes["origin"].StringValue == "test");
        var left = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlq, AttributeNames = ["ApproximateNumberOfMessages"] }, Token);
        left.ApproximateNumberOfMessages.Should().Be(0);
    }

    [Fact]
    public async Task Queues_StackNotProvisioned_SaysSo()
    {
        var (code, _, error) = await RunAsync("queues", "--env", "prod");

        code.Should().Be(1);
        error.Should().Contain("none of the prod stack's queues exist").And.Contain("hint:");
    }

    [Fact]
    public async Task Queues_WorkQueueMessageTenMinutesOld_ShowsItsAgeAndWarning()
    {
        var urls = await CreateStackQueuesAsync();
        await _sqs.SendMessageAsync(urls["ses-mail-bouncer-test"], "{}", Token);

        var (code, output, error) = await RunAtAsync(TimeSpan.FromMinutes(10), "queues", "--output", "json");

        code.Should().Be(0, error);
        var row = Row(output, "ses-mail-bouncer-test");
        row.GetProperty("oldestAgeSeconds").GetInt64().Should().BeInRange(599, 610);
        row.GetProperty("oldestAgeSource").GetString().Should().Be("sample");
        row.GetProperty("maxReceiveCount").GetInt32().Should().Be(0);
        row.GetProperty("health").GetString().Should().Be("warning");
        row.GetProperty("reason").GetString().Should().Contain("10 min old");
        Row(output, "ses-mail-bouncer-dlq-test").GetProperty("health").GetString().Should().Be("ok");
    }

    [Fact]
    public async Task Queues_MessageReceivedThreeTimes_ShowsTheCountAndWarningButKeepsTheMessage()
    {
        var urls = await CreateStackQueuesAsync();
        var queue = urls["ses-mail-gmail-forwarder-test"];
        await _sqs.SendMessageAsync(queue, "{}", Token);
        for (var i = 0; i < 3; i++)
        {
            (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, VisibilityTimeout = 0 }, Token)).Messages.Should().ContainSingle();
        }

        var (code, output, _) = await RunAsync("queues", "--output", "json");
        var table = await RunAsync("queues");

        code.Should().Be(0);
        var row = Row(output, "ses-mail-gmail-forwarder-test");
        row.GetProperty("maxReceiveCount").GetInt32().Should().Be(3);
        row.GetProperty("oldestAgeSeconds").GetInt64().Should().BeLessThan(60);
        row.GetProperty("health").GetString().Should().Be("warning");
        row.GetProperty("reason").GetString().Should().Contain("received 3 times");
        table.Out.Should().Contain("4×", "the JSON run's sample was a fourth receive").And.Contain("forwarder: a message was received 4 times");
        var left = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queue, AttributeNames = ["ApproximateNumberOfMessages"] }, Token);
        left.ApproximateNumberOfMessages.Should().Be(1, "a sample receives with visibility timeout 0 and deletes nothing");
    }

    [Fact]
    public async Task Queues_ParkedRetryMessage_WarnsAndNamesTokenRefresh()
    {
        var urls = await CreateStackQueuesAsync();
        await _sqs.SendMessageAsync(urls["ses-mail-gmail-forwarder-retry-test"], "{}", Token);

        var (_, output, _) = await RunAsync("queues", "--output", "json");
        var table = await RunAsync("queues");

        var row = Row(output, "ses-mail-gmail-forwarder-retry-test");
        row.GetProperty("kind").GetString().Should().Be("retry");
        row.GetProperty("health").GetString().Should().Be("warning");
        row.GetProperty("fix").GetString().Should().Be("sesmail token refresh");
        table.Out.Should().Contain("retry: 1 message parked").And.Contain("fix: sesmail token refresh");
    }

    [Fact]
    public async Task Queues_QueueWithRedrivePolicy_IsSampledOnlyWithPeek()
    {
        var urls = await CreateStackQueuesAsync();
        var queue = urls["ses-email-input-test"];
        var dlqArn = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = urls["ses-email-input-dlq-test"], AttributeNames = ["QueueArn"] }, Token)).QueueARN;
        await _sqs.SetQueueAttributesAsync(queue, new Dictionary<string, string> { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"3\"}}" }, Token);
        try
        {
            await _sqs.SendMessageAsync(queue, "{}", Token);

            var plain = Row((await RunAtAsync(TimeSpan.FromMinutes(10), "queues", "--output", "json")).Out, "ses-email-input-test");
            var peeked = Row((await RunAtAsync(TimeSpan.FromMinutes(10), "queues", "--peek", "--output", "json")).Out, "ses-email-input-test");

            plain.GetProperty("sampled").GetInt32().Should().Be(0, "a sample would use up one of the message's 3 deliveries");
            plain.TryGetProperty("oldestAgeSeconds", out _).Should().BeFalse();
            peeked.GetProperty("sampled").GetInt32().Should().Be(1);
            peeked.GetProperty("oldestAgeSeconds").GetInt64().Should().BeInRange(599, 610);
            peeked.GetProperty("health").GetString().Should().Be("warning");
        }
        finally
        {
            await _sqs.SetQueueAttributesAsync(queue, new Dictionary<string, string> { ["RedrivePolicy"] = "" }, Token);
        }
    }

    [Fact]
    public async Task ReadAll_InFlightMessageWithMetricAge_UsesTheMetric()
    {
        var urls = await CreateStackQueuesAsync();
        var queue = urls["ses-mail-gmail-forwarder-test"];
        await _sqs.SendMessageAsync(queue, "{}", Token);
        (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, VisibilityTimeout = 600 }, Token)).Messages.Should().ContainSingle();
        var metric = new FixedAgeMetric(new() { ["ses-mail-gmail-forwarder-test"] = 540 });

        var reading = await new QueueHealthReader(_sqs, metric, TimeProvider.System).ReadAllAsync(_names, peekAll: false, Token);

        var row = reading.Queues.Single(r => r.Name == "ses-mail-gmail-forwarder-test");
        row.InFlight.Should().Be(1);
        row.OldestAgeSeconds.Should().Be(540);
        row.OldestAgeSource.Should().Be("metric");
        row.Health.Should().Be(QueueHealthLevel.Warning);
        metric.Asked.Should().Equal("ses-mail-gmail-forwarder-test"); // empty queues are not asked about
    }

    [Fact]
    public async Task ReadAll_EndpointWithoutCloudWatch_FallsBackAndSaysWhy()
    {
        await CreateStackQueuesAsync();
        await _sqs.SendMessageAsync((await _sqs.GetQueueUrlAsync("ses-mail-bouncer-dlq-test", Token)).QueueUrl, "{}", Token);
        var metric = new FixedAgeMetric([]) { Failure = new Amazon.Runtime.AmazonServiceException("no such service", null, Amazon.Runtime.ErrorType.Unknown, "UnknownOperation", "", System.Net.HttpStatusCode.BadRequest) };

        var reading = await new QueueHealthReader(_sqs, metric, TimeProvider.System).ReadAllAsync(_names, peekAll: false, Token);

        reading.MetricUnavailable.Should().Contain("UnknownOperation");
        var dlq = reading.Queues.Single(r => r.Name == "ses-mail-bouncer-dlq-test");
        dlq.OldestAgeSource.Should().Be("sample");
        dlq.Health.Should().Be(QueueHealthLevel.Alarm);
    }

    private sealed class FixedAgeMetric(Dictionary<string, long> ages) : IQueueAgeMetric
    {
        public List<string> Asked { get; } = [];

        public Amazon.Runtime.AmazonServiceException? Failure { get; init; }

        public Task<long?> OldestAgeSecondsAsync(string queueName, CancellationToken cancellationToken)
        {
            Asked.Add(queueName);
            return Failure is not null ? Task.FromException<long?>(Failure) : Task.FromResult(ages.TryGetValue(queueName, out var age) ? (long?)age : null);
        }
    }
}
