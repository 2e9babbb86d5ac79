using System.Text;
using MimeKit;
using SesMail.Emulator.Gmail;

namespace SesMail.Tests.Emulator.Gmail;

/// <summary>The stand-in's <c>snippet</c>: which part it comes from, how it is decoded, and its length.</summary>
[Trait("Kind", "Unit")]
public sealed class GmailSnippetTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<string> SnippetAsync(string raw) =>
        await GmailSnippet.FromAsync(await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(raw)), Token), Token);

    private const string Head = "From: a@sender.test\r\nTo: b@example.test\r\nSubject: s\r\nMIME-Version: 1.0\r\n";

    [Fact]
    public async Task LongPlainBody_FirstTwoHundredCharactersWithWhiteSpaceCollapsed()
    {
        var words = string.Join(" \r\n\t ", Enumerable.Range(0, 20_000).Select(i => "w" + i));
        var expected = string.Join(" ", Enumerable.Range(0, 20_000).Select(i => "w" + i))[..GmailSnippet.Length];

        var snippet = await SnippetAsync(Head + "Content-Type: text/plain; charset=us-ascii\r\n\r\n   \r\n" + words + "\r\n");

        snippet.Should().Be(expected);
    }

    [Fact]
    public async Task ShortBody_TrailingWhiteSpaceRemoved()
    {
        (await SnippetAsync(Head + "Content-Type: text/plain\r\n\r\n  Hello,\r\n\r\n  world.  \r\n\r\n")).Should().Be("Hello, world.");
    }

    [Fact]
    public async Task Alternative_TakesThePlainTextNotTheHtml()
    {
        var snippet = await SnippetAsync(Head + "Content-Type: multipart/alternative; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain words\r\n" +
            "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html words</p>\r\n--b--\r\n");

        snippet.Should().Be("plain words");
    }

    [Fact]
    public async Task Mixed_SkipsAPlainTextAttachmentAndFindsTheNestedBody()
    {
        var snippet = await SnippetAsync(Head + "Content-Type: multipart/mixed; boundary=m\r\n\r\n" +
            "--m\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nattached notes\r\n" +
            "--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n" +
            "--a\r\nContent-Type: text/plain\r\n\r\nthe body\r\n--a\r\nContent-Type: text/html\r\n\r\n<b>the body</b>\r\n--a--\r\n--m--\r\n");

        snippet.Should().Be("the body");
    }

    [Fact]
    public async Task Related_TakesTheRootNamedByStart_NotAPlainTextResourceBeforeIt()
    {
        var snippet = await SnippetAsync(Head + "Content-Type: multipart/related; boundary=r; start=\"<root@x>\"\r\n\r\n" +
            "--r\r\nContent-Type: text/plain\r\nContent-ID: <notes@x>\r\n\r\nreferenced notes\r\n" +
            "--r\r\nContent-Type: multipart/alternative; boundary=a\r\nContent-ID: <root@x>\r\n\r\n" +
            "--a\r\nContent-Type: text/plain\r\n\r\nthe body\r\n--a\r\nContent-Type: text/html\r\n\r\n<b>the body</b><img src=cid:logo@x>\r\n--a--\r\n" +
            "--r\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n\r\nxx\r\n--r--\r\n");

        snippet.Should().Be("the body");
    }

    [Fact]
    public async Task RelatedWithAnHtmlRoot_HasNoSnippetFromItsResources()
    {
        var snippet = await SnippetAsync(Head + "Content-Type: multipart/related; boundary=r\r\n\r\n" +
            "--r\r\nContent-Type: text/html\r\n\r\n<p>html only</p>\r\n" +
            "--r\r\nContent-Type: text/plain\r\nContent-ID: <notes@x>\r\n\r\nreferenced notes\r\n--r--\r\n");

        snippet.Should().BeEmpty("the root is the first part, an HTML page; the plain text after it is a resource it refers to");
    }

    [Fact]
    public async Task Base64Utf8Body_IsDecoded()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("Grüße aus Köln — 😀"));

        var snippet = await SnippetAsync(Head + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n");

        snippet.Should().Be("Grüße aus Köln — 😀");
    }

    [Fact]
    public async Task NoCharsetAndNotUtf8_ReadAsIso88591()
    {
        (await SnippetAsync(Head + "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\u00e9 cr\u00e8me\r\n")).Should().Be("Café crème");
    }

    [Fact]
    public async Task HtmlOnly_Empty()
    {
        (await SnippetAsync(Head + "Content-Type: text/html\r\n\r\n<p>only html</p>\r\n")).Should().BeEmpty();
    }
}
