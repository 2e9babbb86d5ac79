using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SesMail.Cli.Hosting;
using SesMail.Tests.Emulator.Gmail;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Mail;

/// <summary><c>sesmail mail list</c> against an in-process emulator's Gmail stand-in.</summary>
[Trait("Kind", "Contract")]
public sealed class MailCommandsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", emulator.BaseUrl.ToString()], CliConsole.ForText(output, error), Ct);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<string> FillMailboxAsync(int count)
    {
        using var gmail = new GmailStandInDriver(emulator.BaseUrl);
        var mailbox = GmailStandInDriver.NewMailbox("list");
        var token = await gmail.AccessTokenAsync(mailbox, Ct);
        for (var i = 1; i <= count; i++)
        {
            var from = i % 2 == 1 ? "alice@origin.test" : "bob@origin.test";
            var raw = Encoding.ASCII.GetBytes($"From: {from}\r\nTo: {mailbox}\r\nSubject: Note {i}\r\nMessage-ID: <n{i}@origin.test>\r\n\r\nbody\r\n");
            using var request = gmail.Authorized(HttpMethod.Post, "/gmail/v1/users/me/messages/import", token,
                JsonContent.Create(new { raw = Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_') }));
            using var response = await gmail.Http.SendAsync(request, Ct);
            response.EnsureSuccessStatusCode();
            await Task.Delay(5, Ct); // distinct receivedAt milliseconds, so "newest first" is well defined
        }

        return mailbox;
    }

    [Fact]
    public async Task MailList_SecondPageOfThree_SaysWhichOfHowManyAndTheNextCommand()
    {
        var mailbox = await FillMailboxAsync(7);

        var json = await RunAsync("mail", "list", "--mailbox", mailbox, "--limit", "3", "--page", "2", "--output", "json");
        var table = await RunAsync("mail", "list", "--mailbox", mailbox, "--limit", "3", "--page", "2");

        json.Code.Should().Be(0, json.Error);
        var page = JsonDocument.Parse(json.Out).RootElement;
        page.GetProperty("total").GetInt32().Should().Be(7);
        page.GetProperty("pageCount").GetInt32().Should().Be(3);
        page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).Should().Equal("Note 4", "Note 3", "Note 2");
        table.Out.Should().Contain("showing 4–6 of 7 (page 2 of 3).").And.Contain("Next page: sesmail mail list --page 3 --limit 3");
    }

    [Fact]
    public async Task MailList_FromAndSubjectFilters_CountOnlyMatches()
    {
        var mailbox = await FillMailboxAsync(5);

        var (code, output, error) = await RunAsync("mail", "list", "--mailbox", mailbox, "--from", "ALICE", "--subject", "note", "--since", "1h", "--output", "json");

        code.Should().Be(0, error);
        var page = JsonDocument.Parse(output).RootElement;
        page.GetProperty("total").GetInt32().Should().Be(3);
        page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("subject").GetString()).Should().Equal("Note 5", "Note 3", "Note 1");
    }

    [Fact]
    public async Task MailList_BadSince_IsAUsageError()
    {
        var (code, _, error) = await RunAsync("mail", "list", "--since", "last tuesday");

        code.Should().Be(2);
        error.Should().Contain("--since").And.Contain("hint:");
    }
}
