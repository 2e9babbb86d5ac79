using SesMail.Cli.Hosting;

namespace SesMail.Tests.Cli.Hosting;

[Trait("Kind", "Unit")]
public sealed class StackNamesTests
{
    private readonly StackNames _names = new("test");

    [Fact]
    public void Queues_Test_AreTheSpecNames()
    {
        _names.Queues.Select(q => q.Queue).Should().Equal(
            "ses-email-input-test", "ses-mail-gmail-forwarder-test", "ses-mail-gmail-forwarder-retry-test", "ses-mail-bouncer-test");
        _names.Queues.Select(q => q.DeadLetterQueue).Should().Equal(
            "ses-email-input-dlq-test", "ses-mail-gmail-forwarder-dlq-test", "ses-mail-gmail-forwarder-retry-dlq-test", "ses-mail-bouncer-dlq-test");
    }

    [Theory]
    [InlineData("forwarder")]
    [InlineData("ses-mail-gmail-forwarder-dlq-test")]
    [InlineData("http://127.0.0.1:4566/000000000000/ses-mail-gmail-forwarder-dlq-test")]
    public void ResolveDeadLetterQueue_RoleNameOrUrl_FindsForwarderPair(string value)
    {
        var pair = _names.ResolveDeadLetterQueue(value);

        pair.Queue.Should().Be("ses-mail-gmail-forwarder-test");
        pair.DeadLetterQueue.Should().Be("ses-mail-gmail-forwarder-dlq-test");
    }

    [Fact]
    public void ResolveDeadLetterQueue_SourceQueueName_ExplainsWhichDlqToUse()
    {
        var act = () => _names.ResolveDeadLetterQueue("ses-mail-bouncer-test");

        act.Should().Throw<CliException>().Which.Hint.Should().Contain("ses-mail-bouncer-dlq-test");
    }

    [Fact]
    public void ResolveDeadLetterQueue_Unknown_ListsChoices()
    {
        var act = () => _names.ResolveDeadLetterQueue("ses-mail-gmail-forwarder-dlq-prod");

        act.Should().Throw<CliException>().Which.Hint.Should().Contain("input, forwarder, retry, bouncer");
    }
}
