using System.Text.Json.Nodes;
using SesMail.Cli.Hosting;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Hosting;

[Trait("Kind", "Unit")]
public sealed class StackNamesTests
{
    private static Dictionary<string, string> Outputs(string environment = "test") =>
        JsonNode.Parse(File.ReadAllText(ResolvedStackFile.For(environment)))!["outputs"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);

    private readonly StackNames _names = StackNames.FromOutputs(Outputs(), "test", "stack-test.json");

    [Fact]
    public void FromOutputs_TemplateOutputs_NameEveryQueueAndItsDlq()
    {
        _names.Queues.Select(q => q.Queue).Should().Equal(
            "ses-email-input-test", "ses-mail-gmail-forwarder-test", "ses-mail-gmail-forwarder-retry-test", "ses-mail-bouncer-test");
        _names.Queues.Select(q => q.DeadLetterQueue).Should().Equal(
            "ses-email-input-dlq-test", "ses-mail-gmail-forwarder-dlq-test", "ses-mail-gmail-forwarder-retry-dlq-test", "ses-mail-bouncer-dlq-test");
        _names.RetryQueue.Should().Be(new QueuePair("retry", "ses-mail-gmail-forwarder-retry-test", "ses-mail-gmail-forwarder-retry-dlq-test"));
        _names.RoutingTable.Should().Be("ses-mail-email-routing-test");
        _names.RefreshTokenParameter.Should().Be("/ses-mail/test/gmail-forwarder/oauth/refresh-token");
        _names.ClientCredentialsParameter.Should().Be("/ses-mail/test/gmail-forwarder/oauth/client-credentials");
    }

    [Fact]
    public void FromOutputs_RenamedTable_TakesTheStacksName()
    {
        var outputs = Outputs();
        outputs["RoutingTableName"] = "my-own-table";

        StackNames.FromOutputs(outputs, "test", "f").RoutingTable.Should().Be("my-own-table");
    }

    [Fact]
    public void FromOutputs_OutputMissing_SaysToDeployTheCurrentTemplate()
    {
        var outputs = Outputs();
        outputs.Remove("RetryDeadLetterQueueUrl");

        var act = () => StackNames.FromOutputs(outputs, "test", "old.json");

        act.Should().Throw<CliException>().WithMessage("The stack (old.json) has no output RetryDeadLetterQueueUrl.")
            .Which.Hint.Should().Contain("template.yaml");
    }

    [Fact]
    public void FromOutputs_OtherEnvironment_IsRefused()
    {
        var act = () => StackNames.FromOutputs(Outputs("prod"), "test", "stack-prod.json");

        act.Should().Throw<CliException>().WithMessage("*is the prod stack, not test*");
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
