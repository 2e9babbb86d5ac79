using System.Net;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using SesMail.LocalRuntime.SesReceiving.Authentication;

namespace SesMail.Tests.LocalRuntime.SesReceiving.Authentication;

/// <summary>SPF, DKIM and DMARC verdicts answered by a local DNS zone.</summary>
[Trait("Kind", "Unit")]
public sealed class MailAuthenticatorTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");
    private static readonly Lazy<AsymmetricCipherKeyPair> Key = new(() =>
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 1024));
        return generator.GenerateKeyPair();
    });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string PublicKeyRecord() =>
        "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Key.Value.Public).GetEncoded());

    private static LocalZoneDnsResolver Zone(string? dmarc = "v=DMARC1; p=reject") =>
        LocalZoneDnsResolver.Parse($"""
            # SPF allows only 192.0.2.10 for origin.test
            origin.test TXT "v=spf1 ip4:192.0.2.10 -all"
            softer.test TXT "v=spf1 ?all"
            sel._domainkey.origin.test TXT "{PublicKeyRecord()}"
            {(dmarc is null ? string.Empty : $"_dmarc.origin.test TXT \"{dmarc}\"")}
            """);

    private static MimeMessage Parse(byte[] bytes) => MimeMessage.Load(new MemoryStream(bytes));

    private static byte[] Message(string from = "sender@origin.test", bool sign = false, bool tamper = false)
    {
        var message = new MimeMessage { Subject = "Hello", Date = DateTimeOffset.UnixEpoch, MessageId = "m1@origin.test" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@example.test"));
        message.Body = new TextPart("plain") { Text = "Signed body.\r\n" };
        if (sign)
        {
            var signer = new DkimSigner(Key.Value.Private, "origin.test", "sel")
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            message.Prepare(EncodingConstraint.SevenBit);
            signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        }

        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        var text = Encoding.ASCII.GetString(buffer.ToArray());
        return Encoding.ASCII.GetBytes(tamper ? text.Replace("Signed body.", "Altered body.", StringComparison.Ordinal) : text);
    }

    [Fact]
    public async Task Authenticate_SpfAllowedIpAndValidSignature_PassesAll()
    {
        var authenticator = new MailAuthenticator(Zone(), "inbound-smtp.test");

        var verdicts = await authenticator.AuthenticateAsync(Client, "mx.origin.test", "sender@origin.test", Parse(Message(sign: true)), Token);

        verdicts.Spf.Should().Be("PASS");
        verdicts.SpfResult.Should().Be("pass");
        verdicts.Dkim.Should().Be("PASS");
        verdicts.DkimDomains.Should().Equal("origin.test");
        verdicts.Dmarc.Should().Be("PASS");
        verdicts.DmarcPolicy.Should().BeNull();
    }

    [Fact]
    public async Task Authenticate_WrongIpAndTamperedBodyWithRejectPolicy_FailsWithDmarcPolicyReject()
    {
        var authenticator = new MailAuthenticator(Zone(), "inbound-smtp.test");

        var verdicts = await authenticator.AuthenticateAsync(IPAddress.Parse("198.51.100.7"), "evil.test", "sender@origin.test", Parse(Message(sign: true, tamper: true)), Token);

        verdicts.Spf.Should().Be("FAIL");
        verdicts.Dkim.Should().Be("FAIL");
        verdicts.Dmarc.Should().Be("FAIL");
        verdicts.DmarcPolicy.Should().Be("reject");
    }

    [Fact]
    public async Task Authenticate_SpfPassButUnalignedFrom_FailsDmarcWithQuarantine()
    {
        var zone = Zone().Add("_dmarc.other.test", "TXT", "v=DMARC1; p=quarantine");
        var authenticator = new MailAuthenticator(zone, "inbound-smtp.test");

        var verdicts = await authenticator.AuthenticateAsync(Client, "mx.origin.test", "bounce@origin.test", Parse(Message(from: "ceo@other.test")), Token);

        verdicts.Spf.Should().Be("PASS");
        verdicts.Dkim.Should().Be("GRAY");
        verdicts.Dmarc.Should().Be("FAIL");
        verdicts.DmarcPolicy.Should().Be("quarantine");
    }

    [Fact]
    public async Task Authenticate_NoRecords_IsGray()
    {
        var authenticator = new MailAuthenticator(new LocalZoneDnsResolver(), "inbound-smtp.test");

        var verdicts = await authenticator.AuthenticateAsync(Client, "mx.nowhere.test", "a@nowhere.test", Parse(Message(from: "a@nowhere.test")), Token);

        verdicts.Spf.Should().Be("GRAY");
        verdicts.Dkim.Should().Be("GRAY");
        verdicts.Dmarc.Should().Be("GRAY");
    }

    [Fact]
    public async Task Authenticate_Offline_YieldsProcessingFailedOrGrayWithoutThrowing()
    {
        var authenticator = new MailAuthenticator(new OfflineDnsResolver(), "inbound-smtp.test");

        var verdicts = await authenticator.AuthenticateAsync(Client, "mx.origin.test", "sender@origin.test", Parse(Message(sign: true)), Token);

        verdicts.Spf.Should().BeOneOf("PROCESSING_FAILED", "GRAY");
        verdicts.Dkim.Should().Be("PROCESSING_FAILED");
        verdicts.Dmarc.Should().Be("PROCESSING_FAILED");
        verdicts.DmarcPolicy.Should().BeNull();
    }

    [Fact]
    public async Task Authenticate_NullSenderAndUnparsedMessage_DoesNotThrow()
    {
        var authenticator = new MailAuthenticator(Zone(), "inbound-smtp.test");

        var verdicts = await authenticator.AuthenticateAsync(Client, null, string.Empty, null, Token);

        verdicts.Spf.Should().Be("GRAY");
        verdicts.Dkim.Should().Be("GRAY");
        verdicts.Dmarc.Should().Be("GRAY");
    }

    [Fact]
    public void ParseZone_BadLine_NamesTheLine()
    {
        var parse = () => LocalZoneDnsResolver.Parse("ok.test TXT \"v=spf1 -all\"\nbroken line");

        parse.Should().Throw<FormatException>().WithMessage("*line 2*");
    }
}
