using System.Net;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using SesMail.LocalRuntime.SesReceiving;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.Tests.LocalRuntime.SesReceiving;

/// <summary>The SMTP edge's DKIM signer: MimeKit's canonicalization with .NET's RSA signature.</summary>
[Trait("Kind", "Unit")]
public sealed class RsaDkimSignerTests
{
    private static readonly Lazy<RSA> Key = new(() => RSA.Create(1024));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static MailAuthenticator Authenticator() =>
        new(LocalZoneDnsResolver.Parse($"""
            origin.test TXT "v=spf1 ip4:192.0.2.10 -all"
            sel._domainkey.origin.test TXT "v=DKIM1; k=rsa; p={Convert.ToBase64String(Key.Value.ExportSubjectPublicKeyInfo())}"
            """), "inbound-smtp.test");

    private static RsaDkimSigner Signer() => new(Key.Value, "origin.test", "sel")
    {
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple,
    };

    private static MimeMessage SignedMessage(RsaDkimSigner signer, int n)
    {
        var message = new MimeMessage { Subject = $"Hello {n}", Date = DateTimeOffset.UnixEpoch, MessageId = $"m{n}@origin.test" };
        message.From.Add(MailboxAddress.Parse("sender@origin.test"));
        message.To.Add(MailboxAddress.Parse("support@example.test"));
        message.Body = new TextPart("plain") { Text = $"Signed body {n}.\r\n" };
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        return MimeMessage.Load(new MemoryStream(buffer.ToArray()));
    }

    [Fact]
    public async Task Sign_RsaSha256_VerifiesAgainstThePublishedKey()
    {
        var message = SignedMessage(Signer(), 1);

        var verdicts = await Authenticator().AuthenticateAsync(IPAddress.Parse("192.0.2.10"), "mx.origin.test", "sender@origin.test", message, Token);

        message.Headers[HeaderId.DkimSignature].Should().Contain("a=rsa-sha256").And.Contain("d=origin.test").And.Contain("s=sel");
        verdicts.Dkim.Should().Be("PASS");
    }

    [Fact]
    public async Task Sign_ManyThreadsWithOneSigner_EverySignatureVerifies()
    {
        var signer = Signer();
        var messages = await Task.WhenAll(Enumerable.Range(0, 32).Select(n => Task.Run(() => SignedMessage(signer, n), Token)));

        foreach (var message in messages)
        {
            var verdicts = await Authenticator().AuthenticateAsync(IPAddress.Parse("192.0.2.10"), "mx.origin.test", "sender@origin.test", message, Token);
            verdicts.Dkim.Should().Be("PASS", message.Subject);
        }
    }

    [Fact]
    public async Task Sign_BodyAlteredAfterSigning_FailsVerification()
    {
        var signed = SignedMessage(Signer(), 2);
        using var buffer = new MemoryStream();
        signed.WriteTo(FormatOptions.Default, buffer, Token);
        var altered = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer.ToArray()).Replace("Signed body 2.", "Altered body.", StringComparison.Ordinal))), Token);

        var verdicts = await Authenticator().AuthenticateAsync(IPAddress.Parse("192.0.2.10"), "mx.origin.test", "sender@origin.test", altered, Token);

        verdicts.Dkim.Should().Be("FAIL");
    }
}
