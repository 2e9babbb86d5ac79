using System.Security.Cryptography;
using System.Text;

namespace SesMail.Aws.Ses;

/// <summary>
/// The Amazon SES SMTP password of an IAM access key, "version 4": a SigV4 signing key derived from the secret access
/// key for a fixed date, the region and service <c>ses</c>, then a signature of <c>SendRawEmail</c>; the password is
/// Base64 of the version byte <c>0x04</c> followed by the 32 signature bytes. The SMTP user name is the access key id.
/// The password is only valid at the SMTP endpoint of the region it was derived for
/// (<see href="https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html#smtp-credentials-convert">Obtaining
/// Amazon SES SMTP credentials by converting existing AWS credentials</see>; docs/SENDING.md).
/// </summary>
public static class SesSmtpPassword
{
    /// <summary>The version byte SES puts in front of the signature (<c>0x04</c>: the SigV4-derived form).</summary>
    public const byte Version = 0x04;

    // The constants of AWS's documented algorithm: a fixed date, the service, the terminal string and the message.
    private const string Date = "11111111";
    private const string Service = "ses";
    private const string Terminal = "aws4_request";
    private const string Message = "SendRawEmail";

    /// <summary>Derives the SMTP password of a secret access key for one region.</summary>
    /// <param name="secretAccessKey">The IAM secret access key (40 characters for keys IAM issues).</param>
    /// <param name="region">The region whose SMTP endpoint the password is for, e.g. <c>ap-southeast-2</c>.</param>
    /// <returns>The password: 44 Base64 characters (33 bytes).</returns>
    /// <exception cref="ArgumentException">The secret or the region is empty.</exception>
    public static string Derive(string secretAccessKey, string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var signature = Sign(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Date);
        foreach (var part in new[] { region, Service, Terminal, Message })
        {
            signature = Sign(signature, part);
        }

        var password = new byte[1 + signature.Length];
        password[0] = Version;
        signature.CopyTo(password, 1);
        return Convert.ToBase64String(password);
    }

    /// <summary>Whether <paramref name="password"/> is the SMTP password of the secret for the region (compared in constant time).</summary>
    /// <param name="password">The password a client gave.</param>
    /// <param name="secretAccessKey">The access key's secret.</param>
    /// <param name="region">The region of the SMTP endpoint.</param>
    /// <returns><c>true</c> when they match.</returns>
    public static bool Matches(string password, string secretAccessKey, string region)
    {
        var expected = Encoding.ASCII.GetBytes(Derive(secretAccessKey, region));
        var given = Encoding.UTF8.GetBytes(password);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static byte[] Sign(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}
