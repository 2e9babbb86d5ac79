using SesMail.Cli.Queues;

namespace SesMail.Tests.Cli.Queues;

[Trait("Kind", "Unit")]
public sealed class QueueHealthTests
{
    [Theory]
    [InlineData(0, 0, null, null, "ok")]
    [InlineData(1, 0, 300L, 1, "ok")]
    [InlineData(0, 1, 301L, null, "warning")]
    [InlineData(1, 0, 5L, 2, "warning")]
    [InlineData(0, 1, null, null, "ok")]
    public void Evaluate_WorkQueue_WarnsWhenOldOrRepeatedlyReceived(long visible, long inFlight, long? age, int? received, string expected)
    {
        var verdict = QueueHealth.Evaluate(QueueKind.Work, "forwarder", new QueueFigures(visible, inFlight, 0, age, received), "test");

        verdict.Level.ToString().ToLowerInvariant().Should().Be(expected);
        (verdict.Fix is null).Should().Be(expected == "ok");
    }

    [Fact]
    public void Evaluate_DeadLetterQueueWithOneMessage_IsAnAlarmWithTheRedriveCommand()
    {
        var verdict = QueueHealth.Evaluate(QueueKind.DeadLetter, "bouncer", new QueueFigures(0, 1, 0, 90, null), "prod");

        verdict.Level.Should().Be(QueueHealthLevel.Alarm);
        verdict.Reason.Should().Be("1 message in the DLQ, the oldest 1 min 30 s old: mail that failed every attempt");
        verdict.Fix.Should().EndWith("sesmail dlq redrive --queue bouncer --env prod");
    }

    [Fact]
    public void Evaluate_RetryQueueWithParkedMail_WarnsAndNamesTokenRefresh()
    {
        var verdict = QueueHealth.Evaluate(QueueKind.Retry, "retry", new QueueFigures(0, 0, 2, null, null), "test");

        verdict.Level.Should().Be(QueueHealthLevel.Warning);
        verdict.Reason.Should().StartWith("2 messages parked");
        verdict.Fix.Should().Be("sesmail token refresh");
    }

    [Fact]
    public void Evaluate_EmptyDeadLetterAndRetryQueues_AreOk()
    {
        QueueHealth.Evaluate(QueueKind.DeadLetter, "input", new QueueFigures(0, 0, 0, null, null), "test").Level.Should().Be(QueueHealthLevel.Ok);
        QueueHealth.Evaluate(QueueKind.Retry, "retry", new QueueFigures(0, 0, 0, null, null), "test").Level.Should().Be(QueueHealthLevel.Ok);
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(540, "9 min")]
    [InlineData(545, "9 min 5 s")]
    [InlineData(10920, "3 h 2 min")]
    [InlineData(187200, "2 d 4 h")]
    public void Age_Seconds_ReadsAsPeopleSayIt(long seconds, string expected) => QueueHealth.Age(seconds).Should().Be(expected);
}
