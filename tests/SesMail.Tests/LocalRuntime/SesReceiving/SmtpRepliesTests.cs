using SesMail.LocalRuntime.SesReceiving;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

[Trait("Kind", "Unit")]
public sealed class SmtpRepliesTests
{
    [Theory]
    [InlineData("550 5.1.1 <a@x.test>: Recipient address rejected: no active receipt rule covers it, 4 retry(ies) remaining.", "RCPT", "550 5.1.1 <a@x.test>: Recipient address rejected: no active receipt rule covers it")]
    [InlineData("250 Ok", "RCPT", "250 2.1.5 Ok")]
    [InlineData("250 Ok", "MAIL", "250 2.1.0 Ok")]
    [InlineData("250 Ok", "RSET", "250 2.0.0 Ok")]
    [InlineData("221 Goodbye", "QUIT", "221 2.0.0 Goodbye")]
    [InlineData("503 Bad sequence of commands, 3 retry(ies) remaining.", "DATA", "503 5.5.1 Bad sequence of commands")]
    [InlineData("500 Syntax error, command unrecognized, 4 retry(ies) remaining.", "MAIL", "500 5.5.2 Syntax error, command unrecognized")]
    [InlineData("451 4.3.0 Temporary failure storing the message; please try again later", "DATA", "451 4.3.0 Temporary failure storing the message; please try again later")]
    [InlineData("354 end data with <CR><LF>.<CR><LF>", "DATA", "354 end data with <CR><LF>.<CR><LF>")]
    [InlineData("220 inbound-smtp.ap-southeast-2.amazonaws.com ESMTP ready", null, "220 inbound-smtp.ap-southeast-2.amazonaws.com ESMTP ready")]
    [InlineData("250 inbound-smtp Hello client", "HELO", "250 inbound-smtp Hello client")]
    [InlineData("220 Ready to start TLS", "STARTTLS", "220 2.0.0 Ready to start TLS")]
    [InlineData("421 Timeout while waiting for input.", "RCPT", "421 4.4.2 Timeout while waiting for input.")]
    [InlineData("502 Unrecognized command", "", "502 5.5.1 Unrecognized command")]
    [InlineData("501 expected NOOP/RSET/QUIT/STARTTLS/HELO/EHLO/MAIL", "", "501 5.5.4 expected NOOP/RSET/QUIT/STARTTLS/HELO/EHLO/MAIL")]
    [InlineData("501 Syntax error", "EHLO", "501 5.5.4 Syntax error")]
    public void Rewrite_Reply_IsInOurWordsWithAnEnhancedCode(string line, string? command, string expected) =>
        SmtpReplies.Rewrite(line, command, continuesMultiline: false).Should().Be(expected);

    [Fact]
    public void Rewrite_EndOfMultilineReply_IsLeftAlone() =>
        SmtpReplies.Rewrite("250 SIZE 10485760", "EHLO", continuesMultiline: true).Should().Be("250 SIZE 10485760");
}
