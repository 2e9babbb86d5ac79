using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Cli.Hosting;
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

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString(), "--stack-file", ResolvedStackFile.ForArguments(args)], CliConsole.ForText(output, error), Token);
        return (code, output.ToString(), error.ToString());
    }

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
        table.Out.Should().Contain("forwarder DLQ").And.Contain("messages in DLQ").And.Contain("sesmail dlq redrive --queue forwarder");

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
}
