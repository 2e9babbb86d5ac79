using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>The stand-in's mailbox page in a real browser: paging and search.</summary>
[Trait("Kind", "EndToEnd")]
public sealed class GmailMailboxPageBrowserTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> FillMailboxAsync(int count)
    {
        using var gmail = new GmailStandInDriver(emulator.BaseUrl);
        var mailbox = GmailStandInDriver.NewMailbox("page");
        var token = await gmail.AccessTokenAsync(mailbox, Ct);
        for (var i = 1; i <= count; i++)
        {
            var raw = Encoding.ASCII.GetBytes($"From: Sender {i} <sender{i}@origin.test>\r\nTo: {mailbox}\r\nSubject: Order number {i:D3}\r\nDate: Sun, 18 Jan 2026 09:59:58 +0000\r\nMessage-ID: <m{i}@origin.test>\r\n\r\nbody {i}\r\n");
            var body = JsonContent.Create(new { raw = Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_') });
            using var request = gmail.Authorized(HttpMethod.Post, "/gmail/v1/users/me/messages/import", token, body);
            using var response = await gmail.Http.SendAsync(request, Ct);
            response.EnsureSuccessStatusCode();
        }

        return mailbox;
    }

    [Fact]
    public async Task MailboxPage_SixtyMessages_PagesFiftyAtATimeAndSearches()
    {
        var mailbox = await FillMailboxAsync(60);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(emulator.BaseUrl, "/gmail/").AbsoluteUri);
        await page.SelectOptionAsync("select[name=mailbox]", mailbox);
        await page.ClickAsync("button[type=submit]");
        var section = page.Locator($"section[data-mailbox='{mailbox}']");
        (await section.Locator("h2 small").InnerTextAsync()).Should().Be("(60 messages)");
        (await section.Locator(".count").InnerTextAsync()).Should().Be("Showing 1–50 of 60 (page 1 of 2)");
        (await section.Locator("tbody tr").CountAsync()).Should().Be(50);

        await section.Locator("a[rel=next]").ClickAsync();
        (await section.Locator(".count").InnerTextAsync()).Should().Be("Showing 51–60 of 60 (page 2 of 2)");
        (await section.Locator("tbody tr").CountAsync()).Should().Be(10);
        (await section.Locator("a[rel=prev]").CountAsync()).Should().Be(1);

        await page.FillAsync("input[name=q]", "order number 042");
        await page.ClickAsync("button[type=submit]");
        section = page.Locator($"section[data-mailbox='{mailbox}']");
        (await section.Locator(".count").InnerTextAsync()).Should().StartWith("Showing 1–1 of 1 matching");
        (await section.Locator("tbody tr td a").InnerTextAsync()).Should().Be("Order number 042");
        page.Url.Should().Contain("q=order+number+042").And.Contain("mailbox=");
    }

    [Fact]
    public async Task MailboxPage_OneMessage_SaysOneMessageInTheSingular()
    {
        var mailbox = await FillMailboxAsync(1);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(emulator.BaseUrl, $"/gmail/?mailbox={Uri.EscapeDataString(mailbox)}").AbsoluteUri);

        (await page.Locator($"section[data-mailbox='{mailbox}'] h2 small").InnerTextAsync()).Should().Be("(1 message)");
    }
}
