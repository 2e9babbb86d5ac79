using System.Text;
using MimeKit;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.Tests.LocalRuntime.SesReceiving.Authentication;

/// <summary>The default scanner fails only the industry test strings.</summary>
[Trait("Kind", "Unit")]
public sealed class TestStringContentScannerTests
{
    private static async Task<(string Spam, string Virus)> ScanAsync(string fixture)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mail", fixture), TestContext.Current.CancellationToken);
        var message = await MimeMessage.LoadAsync(new MemoryStream(bytes), TestContext.Current.CancellationToken);
        return await new TestStringContentScanner().ScanAsync(bytes, message, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Scan_Base64EicarAttachment_FailsVirusOnly() =>
        (await ScanAsync("eicar.eml")).Should().Be(("PASS", "FAIL"));

    [Fact]
    public async Task Scan_Gtube_FailsSpamOnly() =>
        (await ScanAsync("gtube.eml")).Should().Be(("FAIL", "PASS"));

    [Fact]
    public async Task Scan_OrdinaryMail_PassesBoth() =>
        (await ScanAsync("plain.eml")).Should().Be(("PASS", "PASS"));

    [Fact]
    public async Task Scan_QuotedPrintableGtubeSplitBySoftBreak_IsFoundInTheDecodedPart()
    {
        var gtube = Encoding.ASCII.GetString(TestStringContentScanner.Gtube);
        var bytes = Encoding.ASCII.GetBytes(
            "From: a@sender.test\r\nTo: b@example.test\r\nSubject: qp\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n" +
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + gtube[..20] + "=\r\n" + gtube[20..] + "\r\n");
        var message = await MimeMessage.LoadAsync(new MemoryStream(bytes), TestContext.Current.CancellationToken);

        var verdict = await new TestStringContentScanner().ScanAsync(bytes, message, TestContext.Current.CancellationToken);

        bytes.AsSpan().IndexOf(TestStringContentScanner.Gtube).Should().Be(-1, "the raw bytes must not hold the string whole");
        verdict.Should().Be(("FAIL", "PASS"));
    }

    [Fact]
    public async Task Scan_UnparsedBytes_StillFindsRawTestString() =>
        (await new TestStringContentScanner().ScanAsync(Encoding.ASCII.GetBytes("junk " + Encoding.ASCII.GetString(TestStringContentScanner.Gtube)), null, TestContext.Current.CancellationToken))
            .Spam.Should().Be("FAIL");
}
