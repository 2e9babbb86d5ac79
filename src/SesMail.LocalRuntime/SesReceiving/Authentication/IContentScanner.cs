using System.Text;
using MimeKit;

namespace SesMail.LocalRuntime.SesReceiving.Authentication;

/// <summary>Spam and virus scanning of a received message (what SES does when a rule has <c>ScanEnabled</c>).</summary>
internal interface IContentScanner
{
    /// <summary>Scans the raw bytes and, when it parsed, the decoded parts.</summary>
    /// <returns>Spam and virus verdict statuses (<c>PASS</c>, <c>FAIL</c>, <c>GRAY</c>, <c>PROCESSING_FAILED</c>).</returns>
    ValueTask<(string Spam, string Virus)> ScanAsync(ReadOnlyMemory<byte> raw, MimeMessage? message, CancellationToken cancellationToken);
}

/// <summary>
/// The default scanner: passes everything except the industry test strings, so drills are possible —
/// EICAR (https://www.eicar.org/download-anti-malware-testfile/) → virus <c>FAIL</c>;
/// GTUBE (https://spamassassin.apache.org/gtube/) → spam <c>FAIL</c>. Looks in the raw bytes and in every part with a
/// transfer encoding (RFC 2045 section 6: base64, quoted-printable, uuencode), decoded, so a base64 attachment counts;
/// 7bit, 8bit and binary parts are not copied again, since their bytes are in the raw message as they are.
/// </summary>
internal sealed class TestStringContentScanner : IContentScanner
{
    internal static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
    internal static readonly byte[] Gtube = Encoding.ASCII.GetBytes("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X");

    public ValueTask<(string Spam, string Virus)> ScanAsync(ReadOnlyMemory<byte> raw, MimeMessage? message, CancellationToken cancellationToken)
    {
        var spam = raw.Span.IndexOf(Gtube) >= 0;
        var virus = raw.Span.IndexOf(Eicar) >= 0;
        if (message is not null && !(spam && virus))
        {
            foreach (var part in message.BodyParts.OfType<MimePart>())
            {
                if (part.Content is null || part.Content.Encoding is ContentEncoding.Default or ContentEncoding.SevenBit or ContentEncoding.EightBit or ContentEncoding.Binary)
                {
                    continue; // nothing to decode: the part's bytes are the raw bytes already searched
                }

                using var decoded = new MemoryStream();
                try
                {
                    part.Content.DecodeTo(decoded, cancellationToken);
                }
                catch (Exception error) when (error is FormatException or IOException or InvalidOperationException)
                {
                    continue;
                }

                var span = decoded.GetBuffer().AsSpan(0, (int)decoded.Length);
                spam |= span.IndexOf(Gtube) >= 0;
                virus |= span.IndexOf(Eicar) >= 0;
            }
        }

        return ValueTask.FromResult((spam ? VerdictStatus.Fail : VerdictStatus.Pass, virus ? VerdictStatus.Fail : VerdictStatus.Pass));
    }
}
