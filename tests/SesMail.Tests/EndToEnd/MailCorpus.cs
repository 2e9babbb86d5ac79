using System.Text;

namespace SesMail.Tests.EndToEnd;

/// <summary>
/// The messages the end-to-end tests send: our edge cases in Fixtures/Mail, and mail written by others —
/// Debian's <c>spamassassin</c> package ships <c>sample-nonspam.txt</c> and <c>sample-spam.txt</c> (GTUBE) in
/// /usr/share/doc/spamassassin/examples (<c>.ci/run</c> installs the package).
/// </summary>
internal static class MailCorpus
{
    public const string Sender = "e2e@sender.test";

    private static readonly string[] SpamAssassinFolders = ["/usr/share/doc/spamassassin/examples"];

    /// <summary>
    /// Names of the messages that must arrive in the mailbox byte for byte: every fixture except the virus and spam
    /// drills (files carrying the EICAR or GTUBE test string), which must be dropped instead.
    /// </summary>
    public static TheoryData<string> Deliverable()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(FixtureFolder, "*.eml").Order(StringComparer.Ordinal))
        {
            if (!IsDrill(file))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        data.Add("spamassassin:sample-nonspam.txt");
        return data;
    }

    /// <summary>Whether a fixture carries the EICAR or GTUBE test string, in its raw text or in a decoded MIME part.</summary>
    private static bool IsDrill(string file)
    {
        static bool HasTestString(string text) =>
            text.Contains(Eicar, StringComparison.Ordinal) || text.Contains(Gtube, StringComparison.Ordinal);

        if (HasTestString(Encoding.Latin1.GetString(File.ReadAllBytes(file))))
        {
            return true;
        }

        using var stream = File.OpenRead(file);
        var message = MimeKit.MimeMessage.Load(stream);
        foreach (var part in message.BodyParts.OfType<MimeKit.MimePart>())
        {
            using var decoded = new MemoryStream();
            part.Content?.DecodeTo(decoded);
            if (HasTestString(Encoding.Latin1.GetString(decoded.ToArray())))
            {
                return true;
            }
        }

        return false;
    }

    public static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mail");

    /// <summary>The bytes to send and the envelope recipients for a corpus entry; null when the entry is not on this machine.</summary>
    public static (byte[] Bytes, IReadOnlyList<string> Recipients)? Load(string name)
    {
        if (name.StartsWith("spamassassin:", StringComparison.Ordinal))
        {
            var file = SpamAssassinFolders.Select(f => Path.Combine(f, name["spamassassin:".Length..])).FirstOrDefault(File.Exists);
            // These files have LF line endings; on the wire SMTP carries CRLF, as any MTA would send them.
            return file is null ? null : (ToCrLf(File.ReadAllBytes(file)), ["corpus@example.test"]);
        }

        var bytes = File.ReadAllBytes(Path.Combine(FixtureFolder, name));
        IReadOnlyList<string> recipients = name == "many-recipients.eml"
            ? [.. Enumerable.Range(1, 50).Select(i => $"user{i:00}@example.test")]
            : ["corpus@example.test"];
        return (bytes, recipients);
    }

    public static string SpamAssassinMissing =>
        "Debian's spamassassin samples are not on this machine: apt-get install spamassassin (.ci/run does).";

    /// <summary>A message with a generated attachment of about <paramref name="attachmentBytes"/> bytes (base64), CRLF.</summary>
    public static byte[] WithAttachment(int attachmentBytes, string marker)
    {
        var random = new Random(42);
        var payload = new byte[attachmentBytes];
        random.NextBytes(payload);
        var text = new StringBuilder()
            .Append("From: Big <big@sender.test>\r\nTo: corpus@example.test\r\n")
            .Append("Subject: ").Append(marker).Append("\r\n")
            .Append("Date: Sun, 29 Nov 2026 11:00:00 +0000\r\nMessage-ID: <").Append(marker).Append("@sender.test>\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n")
            .Append("--big\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nA large attachment follows.\r\n")
            .Append("--big\r\nContent-Type: application/octet-stream; name=\"payload.bin\"\r\nContent-Transfer-Encoding: base64\r\n")
            .Append("Content-Disposition: attachment; filename=\"payload.bin\"\r\n\r\n");
        var base64 = Convert.ToBase64String(payload);
        for (var i = 0; i < base64.Length; i += 76)
        {
            text.Append(base64, i, Math.Min(76, base64.Length - i)).Append("\r\n");
        }

        text.Append("--big--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A plain message whose body carries <paramref name="body"/> (EICAR, GTUBE, …).</summary>
    public static byte[] Plain(string subject, string messageId, string body) => Encoding.ASCII.GetBytes(
        $"From: Drill <drill@sender.test>\r\nTo: corpus@example.test\r\nSubject: {subject}\r\nDate: Sun, 29 Nov 2026 11:30:00 +0000\r\n" +
        $"Message-ID: <{messageId}@sender.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{body}\r\n");

    /// <summary>The EICAR anti-virus test string, assembled here so no file in the repository trips a scanner.</summary>
    public static string Eicar => string.Concat("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    /// <summary>The GTUBE spam test string.</summary>
    public static string Gtube => string.Concat("XJS*C4JDBQADN1.NSBN3*2IDNEN*", "GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X");

    public static byte[] ToCrLf(byte[] data)
    {
        using var output = new MemoryStream(data.Length + data.Length / 20);
        byte previous = 0;
        foreach (var b in data)
        {
            if (b == '\n' && previous != '\r')
            {
                output.WriteByte((byte)'\r');
            }

            output.WriteByte(b);
            previous = b;
        }

        return output.ToArray();
    }
}
