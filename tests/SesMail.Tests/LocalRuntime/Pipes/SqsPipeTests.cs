using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.LocalRuntime.EventSources;
using SesMail.LocalRuntime.Pipes;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.Pipes;

[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class SqsPipeTests(EmulatorFixture emulator)
{
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    [Fact]
    public async Task Process_EnrichmentReturnsArray_PutsEachElementWithTargetSourceAndDeletes()
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, arn, _) = await CreateQueueAsync(ct);
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = """{"notificationType":"Received"}""" }, ct);
        var invoker = new FakeInvoker(_ => FakeInvoker.Ok("""[{"originalMessageId":"m1"}]"""));
        var bus = new FakeBus();
        var (pipe, receiver) = Pipe(url, arn, invoker, bus);

        var delivered = await pipe.ProcessAsync(receiver, await receiver.ReceiveAsync(ct), ct);

        delivered.Should().BeTrue();
        var input = JsonNode.Parse(invoker.Payloads.Single())!.AsArray();
        input.Should().ContainSingle();
        input[0]!["body"]!.GetValue<string>().Should().Be("""{"notificationType":"Received"}""");
        input[0]!["eventSourceARN"]!.GetValue<string>().Should().Be(arn);
        bus.Events.Should().ContainSingle().Which.Should().Be(("arn:bus", new BusEvent("ses.email.router", "Email Routing Decision", """{"originalMessageId":"m1"}""")));
        (await ReceiveAfterVisibilityAsync(url, ct)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("error")]
    [InlineData("eleven")]
    [InlineData("rejected")]
    public async Task Process_Failure_LeavesMessage(string failure)
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, arn, _) = await CreateQueueAsync(ct);
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "{}" }, ct);
        var elevenElements = "[" + string.Join(',', Enumerable.Repeat("{}", 11)) + "]";
        var invoker = new FakeInvoker(_ => failure switch
        {
            "error" => FakeInvoker.Error("router exploded"),
            "eleven" => FakeInvoker.Ok(elevenElements),
            _ => FakeInvoker.Ok("[{}]"),
        });
        var bus = new FakeBus { Reject = failure == "rejected" };
        var (pipe, receiver) = Pipe(url, arn, invoker, bus);

        var delivered = await pipe.ProcessAsync(receiver, await receiver.ReceiveAsync(ct), ct);

        delivered.Should().BeFalse();
        (await ReceiveAfterVisibilityAsync(url, ct)).Should().ContainSingle();
        bus.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_RouterThrows_MessageDeadLetteredAfterMaxReceiveCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var (url, arn, dlqUrl) = await CreateQueueAsync(ct, maxReceiveCount: 3);
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "poison" }, ct);
        var invoker = new FakeInvoker(_ => FakeInvoker.Error("router exploded"));
        var (pipe, _) = Pipe(url, arn, invoker, new FakeBus());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = pipe.RunAsync(stop.Token);

        List<Message> dead = [];
        for (var i = 0; i < 40 && dead.Count == 0; i++)
        {
            dead = (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlqUrl!, WaitTimeSeconds = 1 }, ct)).Messages ?? [];
        }

        await stop.CancelAsync();
        await run;
        dead.Should().ContainSingle().Which.Body.Should().Be("poison");
        invoker.Payloads.Should().HaveCount(3);
    }

    private (SqsPipe Pipe, SqsBatchReceiver Receiver) Pipe(string url, string arn, FakeInvoker invoker, FakeBus bus)
    {
        var settings = new PipeSettings("pipe", arn, url, EmulatorFixture.Region, 1, 0, "router", "arn:bus", "ses.email.router", "Email Routing Decision") { WaitTimeSeconds = 1 };
        var pipe = new SqsPipe(settings, _sqs, invoker, bus, NullLogger.Instance, TimeProvider.System);
        var receiver = new SqsBatchReceiver(_sqs, url, 1, TimeSpan.Zero, TimeProvider.System) { WaitTimeSeconds = 1 };
        return (pipe, receiver);
    }

    private async Task<(string Url, string Arn, string? DlqUrl)> CreateQueueAsync(CancellationToken ct, int? maxReceiveCount = null)
    {
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "1" };
        string? dlqUrl = null;
        if (maxReceiveCount is { } max)
        {
            dlqUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"pipe-dlq-{Guid.NewGuid():N}" }, ct)).QueueUrl;
            var dlqArn = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlqUrl, AttributeNames = ["QueueArn"] }, ct)).Attributes["QueueArn"];
            attributes["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{max}}}""";
        }

        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"pipe-{Guid.NewGuid():N}", Attributes = attributes }, ct)).QueueUrl;
        var arn = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, ct)).Attributes["QueueArn"];
        return (url, arn, dlqUrl);
    }

    private async Task<List<Message>> ReceiveAfterVisibilityAsync(string url, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        return (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, ct)).Messages ?? [];
    }

    private sealed class FakeBus : IEventBusPublisher
    {
        public bool Reject { get; init; }

        public ConcurrentQueue<(string Bus, BusEvent Event)> Events { get; } = new();

        public Task<int> PutEventsAsync(string eventBusNameOrArn, IReadOnlyList<BusEvent> events, CancellationToken cancellationToken)
        {
            if (Reject)
            {
                return Task.FromResult(events.Count);
            }

            foreach (var e in events)
            {
                Events.Enqueue((eventBusNameOrArn, e));
            }

            return Task.FromResult(0);
        }
    }
}
