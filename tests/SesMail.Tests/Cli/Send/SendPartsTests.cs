using MimeKit;
using SesMail.Cli.Hosting;
using SesMail.Cli.Send;

namespace SesMail.Tests.Cli.Send;

[Trait("Kind", "Unit")]
public sealed class SendPartsTests
{
    [Theory]
    [InlineData("20KB", 20480)]
    [InlineData("20 kb", 20480)]
    [InlineData("1.5MB", 1572864)]
    [InlineData("5000", 5000)]
    [InlineData("512B", 512)]
    [InlineData("2k", 2048)]
    public void ByteSizeParse_KnownUnits_ReturnsBytes(string text, int bytes) =>
        ByteSize.Parse(text, "--size").Should().Be(bytes);

    [Theory]
    [InlineData("twenty")]
    [InlineData("-1KB")]
    [InlineData("41MB")]
    public void ByteSizeParse_Invalid_Throws(string text)
    {
        var act = () => ByteSize.Parse(text, "--size");

        act.Should().Throw<CliException>().Which.ExitCode.Should().Be(2);
    }

    [Theory]
    [InlineData(null, "127.0.0.1", 2525)]
    [InlineData("localhost", "localhost", 2525)]
    [InlineData("10.0.0.5:25", "10.0.0.5", 25)]
    [InlineData("[::1]:2526", "::1", 2526)]
    public void SmtpTargetParse_Forms_AreRead(string? text, string host, int port) =>
        SmtpTarget.Parse(text).Should().Be(new SmtpTarget(host, port));

    [Fact]
    public void SmtpTargetParse_BadPort_Throws()
    {
        var act = () => SmtpTarget.Parse("host:smtp");

        act.Should().Throw<CliException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(20480)]
    [InlineData(1048576)]
    public void TestMessageCreate_WithSize_IsThatSizeOnTheWire(int size)
    {
        var message = TestMessage.Create("a@sender.test", ["b@example.test"], "subject", "hello", size);

        var length = TestMessage.Measure(message);

        if (size == 0)
        {
            length.Should().BeLessThan(1024);
        }
        else
        {
            length.Should().BeInRange(size - 8, size + 8);
        }
    }

    [Fact]
    public void EnvelopeFor_FileWithoutOptions_UsesHeaders()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alice@sender.test"));
        message.To.Add(MailboxAddress.Parse("a@example.test"));
        message.Cc.Add(MailboxAddress.Parse("b@example.test"));

        var envelope = Envelope.For(message, null, []);

        envelope.Sender.Address.Should().Be("alice@sender.test");
        envelope.Recipients.Select(r => r.Address).Should().Equal("a@example.test", "b@example.test");
    }

    [Fact]
    public void EnvelopeFor_NoRecipients_Throws()
    {
        var act = () => Envelope.For(new MimeMessage(), null, []);

        act.Should().Throw<CliException>().Which.Hint.Should().Contain("--to");
    }
}
