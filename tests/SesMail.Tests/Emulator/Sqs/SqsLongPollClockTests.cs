using Microsoft.Extensions.Time.Testing;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Tests.Emulator.Sqs;

/// <summary>
/// Long polling on a frozen clock. With <see cref="FakeTimeProvider"/> no time passes unless the test advances it, so a
/// parked <c>ReceiveMessage</c> can only return because the send woke it: the wake-up takes zero clock time, not a poll
/// interval. The wall-clock latency over HTTP is measured by <c>sqs-long-poll</c> in <c>tests/SesMail.Benchmarks</c>.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class SqsLongPollClockTests : IDisposable
{
    private static readonly AwsRequestContext Context = new("ap-southeast-2", "000000000000", "req", "http://127.0.0.1:4566", "AKID");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly SqsStore _store;
    private readonly SqsProvider _sqs;
    private readonly string _queueUrl;

    public SqsLongPollClockTests()
    {
        _store = new SqsStore(_time);
        _sqs = new SqsProvider(_store, _time);
        _queueUrl = _sqs.CreateQueue(new CreateQueueRequest("long-poll", null, null), Context).QueueUrl;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task ParkedReceive_WakesOnSend_WithoutTheClockMoving()
    {
        var receive = _sqs.ReceiveMessageAsync(Receive(waitTimeSeconds: 20), Context, Token).AsTask();
        await Task.Delay(50, Token); // real time, so the receive has certainly parked; the fake clock stands still
        receive.IsCompleted.Should().BeFalse("the queue is empty and the 20 s wait has not begun to run down");
        var startedAt = _time.GetUtcNow();

        _sqs.SendMessage(Send("wake up"), Context);
        var received = await receive.WaitAsync(TimeSpan.FromSeconds(10), Token);

        received.Messages.Should().ContainSingle().Which.Body.Should().Be("wake up");
        _time.GetUtcNow().Should().Be(startedAt, "the send itself woke the receive; no timer had to fire");
    }

    [Fact]
    public async Task ParkedReceive_SeveralWaiters_EachSendWakesOneOfThem()
    {
        var first = _sqs.ReceiveMessageAsync(Receive(waitTimeSeconds: 20), Context, Token).AsTask();
        var second = _sqs.ReceiveMessageAsync(Receive(waitTimeSeconds: 20), Context, Token).AsTask();
        await Task.Delay(50, Token);

        _sqs.SendMessage(Send("one"), Context);
        var winner = await Task.WhenAny(first, second).WaitAsync(TimeSpan.FromSeconds(10), Token);
        var loser = winner == first ? second : first;
        await Task.Delay(50, Token);
        loser.IsCompleted.Should().BeFalse("the one message went to one waiter; the other goes back to waiting");

        _sqs.SendMessage(Send("two"), Context);
        var bodies = new[] { (await winner).Messages!.Single().Body, (await loser.WaitAsync(TimeSpan.FromSeconds(10), Token)).Messages!.Single().Body };

        bodies.Should().BeEquivalentTo(["one", "two"]);
    }

    [Fact]
    public async Task ParkedReceive_VisibilityTimeoutChangedWhileParked_HidesTheMessageForTheNewTimeout()
    {
        var receive = _sqs.ReceiveMessageAsync(Receive(waitTimeSeconds: 20), Context, Token).AsTask();
        await Task.Delay(50, Token);
        _sqs.SetQueueAttributes(new SetQueueAttributesRequest(_queueUrl, new() { ["VisibilityTimeout"] = "3" }), Context);

        _sqs.SendMessage(Send("hidden briefly"), Context);
        (await receive.WaitAsync(TimeSpan.FromSeconds(10), Token)).Messages.Should().ContainSingle();
        _time.Advance(TimeSpan.FromSeconds(3));
        var again = await _sqs.ReceiveMessageAsync(Receive(waitTimeSeconds: 0), Context, Token);

        again.Messages.Should().ContainSingle("the queue's timeout when the message was taken (3 s) applies, not the 30 s it had when the poll began");
    }

    [Fact]
    public async Task ParkedReceive_EmptyQueue_ReturnsWhenTheWaitTimeHasPassed()
    {
        var receive = _sqs.ReceiveMessageAsync(Receive(waitTimeSeconds: 20), Context, Token).AsTask();
        await Task.Delay(50, Token);

        _time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(50, Token);
        receive.IsCompleted.Should().BeFalse("19 of the 20 seconds have passed");

        _time.Advance(TimeSpan.FromSeconds(1));
        var received = await receive.WaitAsync(TimeSpan.FromSeconds(10), Token);

        received.Messages.Should().BeNull("SQS omits Messages when a long poll ends empty");
    }

    private ReceiveMessageRequest Receive(int waitTimeSeconds) => new(_queueUrl, null, null, null, null, null, waitTimeSeconds, null);

    private SendMessageRequest Send(string body) => new(_queueUrl, body, null, null, null, null, null);
}
