using SesMail.Cli.Hosting;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Hosting;

[Trait("Kind", "Unit")]
public sealed class CliAppTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    private Task<int> RunAsync(params string[] args) =>
        CliApp.RunAsync(args, CliConsole.ForText(_out, _error), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("rules", "list")]
    [InlineData("rules", "test")]
    [InlineData("rules", "migrate")]
    [InlineData("send")]
    [InlineData("mail", "list")]
    [InlineData("mail", "get")]
    [InlineData("queues")]
    [InlineData("dlq", "redrive")]
    [InlineData("load")]
    [InlineData("token", "status")]
    [InlineData("token", "set-client")]
    [InlineData("token", "refresh")]
    [InlineData("package")]
    [InlineData("deploy")]
    [InlineData("destroy")]
    [InlineData("status")]
    public void Parse_EveryCommand_TakesTheGlobalOptions(params string[] command)
    {
        var root = CliApp.Build(CliConsole.ForText(_out, _error));
        string[] args = [.. command, "--endpoint", "http://127.0.0.1:1", "--profile", "p", "--env", "prod", "--output", "json"];

        var result = root.Parse(args);

        result.Errors.Where(e => !e.Message.Contains("Required", StringComparison.OrdinalIgnoreCase)).Should().BeEmpty();
        result.CommandResult.Command.Name.Should().Be(command[^1]);
    }

    [Fact]
    public async Task RulesAdd_WithoutAction_IsAUsageError()
    {
        var code = await RunAsync("rules", "add", "*@example.test");

        code.Should().NotBe(0);
        _error.ToString().Should().Contain("--action");
    }

    [Fact]
    public async Task RulesAdd_ForwardWithoutTarget_SaysWhatToPassBeforeCallingAws()
    {
        var code = await RunAsync("rules", "add", "*@example.test", "--action", "forward-to-gmail", "--endpoint", "http://127.0.0.1:1");

        code.Should().Be(2);
        _error.ToString().Should().Contain("--target").And.Contain("hint:");
    }

    [Theory]
    [InlineData(new[] { "bogus" }, "sesmail --help")]
    [InlineData(new[] { "rules", "bogus" }, "sesmail rules --help")]
    public async Task Parse_UnknownCommand_PrintsAShortErrorNamingItAndPointsAtHelp(string[] args, string help)
    {
        var code = await RunAsync(args);

        code.Should().Be(2, "a usage error");
        _error.ToString().Should().Contain("Unrecognized command or argument 'bogus'").And.Contain($"hint: run '{help}'");
        _error.ToString().Should().NotContain("Required command was not provided", "a command was given, just not a known one");
        _out.ToString().Should().BeEmpty("a usage error is written to standard error only");
        _error.ToString().Should().NotStartWith(Environment.NewLine).And.NotContain("Usage:", "the whole help is not printed for a typo");
    }

    [Fact]
    public async Task Parse_MisspelledCommand_SuggestsTheCommand()
    {
        var code = await RunAsync("statsu");

        code.Should().Be(2);
        _error.ToString().Should().Contain("Did you mean 'status'?");
        _out.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Status_NothingListening_ExitsOneAndSaysHowToStartTheStack()
    {
        var code = await RunAsync("status", "--endpoint", "http://127.0.0.1:1");

        code.Should().Be(1);
        _error.ToString().Should().Contain("the SesMail emulator does not answer at http://127.0.0.1:1").And.Contain("dotnet run --project src/SesMail.AppHost");
        _out.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Queues_NothingListening_SaysHowToStartTheStack()
    {
        var code = await RunAsync("queues", "--endpoint", "http://127.0.0.1:1", "--stack-file", ResolvedStackFile.For());

        code.Should().Be(1);
        _error.ToString().Should().Contain("nothing answers at http://127.0.0.1:1").And.Contain("dotnet run --project src/SesMail.AppHost");
    }

    [Fact]
    public async Task Send_NothingListening_NamesTheSmtpPort()
    {
        var code = await RunAsync("send", "--smtp", "127.0.0.1:1");

        code.Should().Be(1);
        _error.ToString().Should().Contain("nothing answers SMTP at 127.0.0.1:1");
    }

    [Fact]
    public async Task Send_Accepted_NamesTheTraceCommandForItsMessageId()
    {
        await using var sink = await SesMail.Cli.Load.BareSmtpSink.StartAsync(1024 * 1024, TestContext.Current.CancellationToken);

        var code = await RunAsync("send", "--smtp", sink.Target.ToString(), "--to", "bounce@example.test");

        code.Should().Be(0, _error.ToString());
        var sent = System.Text.RegularExpressions.Regex.Match(_out.ToString(), @"Sent (\S+@\S+) \(");
        sent.Success.Should().BeTrue(_out.ToString());
        _out.ToString().Should().Contain($"Where it went: sesmail trace '{sent.Groups[1].Value}'", "a rule may bounce or store the message instead of forwarding it");
    }

    [Fact]
    public async Task DlqRedrive_NegativeRate_IsAUsageError()
    {
        var code = await RunAsync("dlq", "redrive", "--queue", "forwarder", "--rate", "-1");

        code.Should().NotBe(0);
        _error.ToString().Should().Contain("--rate");
    }

    [Fact]
    public async Task MailList_AgainstRealAws_ExplainsThereIsNoStandIn()
    {
        var code = await RunAsync("mail", "list", "--profile", "someone");

        code.Should().Be(1);
        _error.ToString().Should().Contain("real Gmail");
    }
}
