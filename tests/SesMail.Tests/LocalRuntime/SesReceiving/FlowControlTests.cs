using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SesMail.Infrastructure.Provisioning;
using SesMail.LocalRuntime.Hosting;
using SesMail.LocalRuntime.SesReceiving;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Support;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>
/// The SMTP edge's flow control (docs/DELIVERY.md, "When mail arrives faster than it is delivered"): MAIL FROM waits
/// while the pipeline's working queues hold <c>BacklogLimit</c> messages, for at most <c>InFlowDelay</c>, and nothing
/// is refused; the backlog is read from SQS over the queues the stack's pipe and event source mappings consume.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class FlowControlTests(EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static byte[] Mail => Encoding.ASCII.GetBytes("From: a@origin.test\r\nTo: support@example.test\r\nSubject: flow\r\n\r\nbody\r\n");

    private Task<SmtpEdgeHarness> StartAsync(FakeBacklog backlog, Action<SmtpEdgeOptions> configure) =>
        SmtpEdgeHarness.StartAsync(emulator, "ap-northeast-3", configure: configure, cancellationToken: Token, backlog: backlog);

    [Fact]
    public async Task MailFrom_WhileBacklogIsAtLimit_WaitsUntilItDrops()
    {
        var backlog = new FakeBacklog { Count = 10 };
        await using var edge = await StartAsync(backlog, o => { o.BacklogLimit = 5; o.InFlowDelay = TimeSpan.FromMinutes(5); });
        using var client = new TcpClient();
        await client.ConnectAsync(edge.Endpoint, Token);
        await using var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        await reader.ReadLineAsync(Token); // greeting
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HELO client.origin.test\r\nMAIL FROM:<a@origin.test>\r\n"), Token);
        (await reader.ReadLineAsync(Token)).Should().StartWith("250");

        var mailReply = reader.ReadLineAsync(Token).AsTask();
        while (backlog.Reads < 3)
        {
            await Task.Delay(20, Token);
        }

        mailReply.IsCompleted.Should().BeFalse("MAIL FROM is held while the pipeline holds 10 messages against a limit of 5");
        backlog.Count = 4;
        (await mailReply.WaitAsync(TimeSpan.FromSeconds(30), Token)).Should().StartWith("250", "the backlog dropped below the limit");
    }

    [Fact]
    public async Task MailFrom_WhenBacklogStaysAtLimit_IsAcceptedAfterInFlowDelay()
    {
        var backlog = new FakeBacklog { Count = 10 };
        await using var edge = await StartAsync(backlog, o => { o.BacklogLimit = 5; o.InFlowDelay = TimeSpan.FromMilliseconds(300); });

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "a@origin.test", ["support@example.test"], Mail, Token);

        replies[^2].Should().StartWith("250", "flow control slows mail down and never refuses it");
        edge.Objects!.Objects.Should().ContainSingle();
        backlog.Reads.Should().BeGreaterThan(1, "the edge read the backlog again while it waited");
    }

    [Fact]
    public async Task MailFrom_WithLimitZero_DoesNotReadTheBacklog()
    {
        var backlog = new FakeBacklog { Count = 10_000 };
        await using var edge = await StartAsync(backlog, o => o.BacklogLimit = 0);

        var replies = await RawSmtp.SendAsync(edge.Endpoint, "a@origin.test", ["support@example.test"], Mail, Token);

        replies[^2].Should().StartWith("250");
        backlog.Reads.Should().Be(0);
    }

    [Fact]
    public void WorkingQueues_OfTheTemplate_AreTheSourcesOfThePipeAndTheEventSourceMappings()
    {
        var stack = EnvironmentNamesTests.Resolve("test");

        var queues = SqsPipelineBacklog.WorkingQueues(stack);

        queues.Should().BeEquivalentTo(
            [stack.Resource("InputQueue").PhysicalId, stack.Resource("ForwarderQueue").PhysicalId, stack.Resource("BouncerQueue").PhysicalId],
            "the retry queue and the dead-letter queues hold mail nothing is working on");
    }

    [Fact]
    public async Task SqsBacklog_CountsVisibleAndInFlightMessagesOfWorkingQueues_AndReadsAgainAfter250Ms()
    {
        using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        var name = $"flow-{Guid.NewGuid():N}"[..20];
        var working = (await sqs.CreateQueueAsync(name, Token)).QueueUrl;
        var deadLetter = (await sqs.CreateQueueAsync(name + "-dlq", Token)).QueueUrl;
        var state = new LocalRuntimeState();
        state.SetStack(new RuntimeStack(TemplateYamlTests.Load(), Stack(working, deadLetter)));
        var time = new FakeTimeProvider();
        var backlog = new SqsPipelineBacklog(sqs, time, NullLogger<SqsPipelineBacklog>.Instance, state);
        foreach (var i in Enumerable.Range(0, 3))
        {
            await sqs.SendMessageAsync(working, $"m{i}", Token);
        }

        await sqs.SendMessageAsync(deadLetter, "parked", Token);
        (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = working, MaxNumberOfMessages = 1 }, Token)).Messages.Should().ContainSingle();

        backlog.Read().Should().BeNull("the first call starts a read and does not wait for it");
        (await ReadUntilAsync(backlog, n => n is not null)).Should().Be(3, "two visible and one in flight; the dead-letter queue is not a working queue");

        await sqs.SendMessageAsync(working, "m3", Token);
        await Task.Delay(300, Token);
        backlog.Read().Should().Be(3, "a reading is reused for 250 ms (of the backlog's clock)");
        time.Advance(TimeSpan.FromMilliseconds(251));
        (await ReadUntilAsync(backlog, n => n == 4)).Should().Be(4);
    }

    [Fact]
    public async Task SqsBacklog_BeforeTheStackExists_IsUnknown()
    {
        using var sqs = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        var backlog = new SqsPipelineBacklog(sqs, TimeProvider.System, NullLogger<SqsPipelineBacklog>.Instance, new LocalRuntimeState());

        backlog.Read();
        await Task.Delay(300, Token);

        backlog.Read().Should().BeNull("the edge accepts without flow control until it knows the queues");
    }

    /// <summary>Reads until <paramref name="done"/> holds (a background read has landed), for at most 30 s.</summary>
    private static async Task<int?> ReadUntilAsync(SqsPipelineBacklog backlog, Func<int?, bool> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var count = backlog.Read();
            if (done(count))
            {
                return count;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>A stack of a pipe reading one queue, and a second queue nothing reads.</summary>
    private static ResolvedStack Stack(string working, string deadLetter)
    {
        static ResolvedResource Queue(string id, string url) => new(id, "AWS::SQS::Queue", url,
            new Dictionary<string, JsonNode> { ["Arn"] = $"arn:aws:sqs:{EmulatorFixture.Region}:000000000000:{url[(url.LastIndexOf('/') + 1)..]}" }, ResourceStatus.Created);
        var queue = Queue("Working", working);
        var dlq = Queue("DeadLetter", deadLetter);
        var pipe = new ResolvedResource("Pipe", "AWS::Pipes::Pipe", "pipe", new Dictionary<string, JsonNode>(), ResourceStatus.Created,
            Properties: new JsonObject { ["Source"] = queue.Attribute("Arn") });
        return new ResolvedStack("flow", "000000000000", EmulatorFixture.Region, new Dictionary<string, string>(),
            new Dictionary<string, ResolvedResource> { ["Working"] = queue, ["DeadLetter"] = dlq, ["Pipe"] = pipe }, new Dictionary<string, string>());
    }

    [Fact]
    public async Task Gate_WhenThePipelineCatchesUpWithoutNewMail_LogsTheAllClearByItself()
    {
        var time = new FakeTimeProvider();
        var backlog = new FakeBacklog { Count = 10 };
        var logger = new CapturingLogger();
        using var gate = new InFlowGate(new SmtpEdgeOptions { BacklogLimit = 10, InFlowDelay = TimeSpan.FromSeconds(1) }, backlog, time, logger);

        var wait = gate.WaitAsync(Token);
        for (var i = 0; i < 40 && !wait.IsCompleted; i++)
        {
            time.Advance(SqsPipelineBacklog.SampleInterval);
            await Task.Delay(10, Token);
        }

        await wait;
        logger.Lines.Should().ContainSingle(l => l.Level == LogLevel.Warning && l.Text.Contains("holds 10 messages", StringComparison.Ordinal));

        backlog.Count = 4;
        time.Advance(InFlowGate.CaughtUpCheckInterval / 2);
        await Task.Delay(100, Token);
        logger.Lines.Should().NotContain(l => l.Level == LogLevel.Information, "the check runs once a second");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!logger.Lines.Any(l => l.Level == LogLevel.Information) && DateTime.UtcNow < deadline)
        {
            time.Advance(InFlowGate.CaughtUpCheckInterval / 2);
            await Task.Delay(20, Token);
        }

        logger.Lines.Should().ContainSingle(l => l.Level == LogLevel.Information && l.Text.Contains("caught up (4 messages", StringComparison.Ordinal),
            "no transaction came after the backlog dropped, and the edge still said it had caught up");
        var reads = backlog.Reads;
        time.Advance(InFlowGate.CaughtUpCheckInterval * 5);
        await Task.Delay(100, Token);
        backlog.Reads.Should().Be(reads, "once caught up the edge stops reading the backlog by itself");
    }

    /// <summary>Keeps each log line's level and formatted text.</summary>
    private sealed class CapturingLogger : ILogger<InFlowGate>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

        public IReadOnlyList<(LogLevel Level, string Text)> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue((logLevel, formatter(state, exception)));
    }

    /// <summary>A backlog the test sets, counting how often the edge reads it.</summary>
    private sealed class FakeBacklog : IPipelineBacklog
    {
        private int _reads;

        public volatile int Count;

        public int Reads => Volatile.Read(ref _reads);

        public int? Read()
        {
            Interlocked.Increment(ref _reads);
            return Count;
        }
    }
}
