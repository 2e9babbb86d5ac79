using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SesMail.Emulator.Sns;

/// <summary>
/// Signs notifications as SNS does with <c>SignatureVersion</c> 1 (SHA1withRSA over the canonical string of
/// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message-verify-message-signature.html), with a
/// key pair made at start-up; its self-signed certificate is served at <see cref="CertificatePath"/>, so a verifier
/// that fetches <c>SigningCertURL</c> can check the signature.
/// </summary>
internal sealed class SnsSigner : IDisposable
{
    /// <summary>The emulator path serving the certificate (PEM).</summary>
    public const string CertificatePath = "/_sesmail/sns/SimpleNotificationService-sesmail.pem";

    private readonly RSA _key = RSA.Create(2048);

    public SnsSigner()
    {
        var request = new CertificateRequest("CN=sns.sesmail.local", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        CertificatePem = certificate.ExportCertificatePem();
    }

    /// <summary>The signing certificate in PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>Signs a <c>Notification</c>: Message, MessageId, Subject (when present), Timestamp, TopicArn, Type, each as name and value lines.</summary>
    /// <returns>The base64 signature.</returns>
    public string SignNotification(string message, string messageId, string? subject, string timestamp, string topicArn, string type)
    {
        var text = new StringBuilder()
            .Append("Message\n").Append(message).Append('\n')
            .Append("MessageId\n").Append(messageId).Append('\n');
        if (subject is not null)
        {
            text.Append("Subject\n").Append(subject).Append('\n');
        }

        text.Append("Timestamp\n").Append(timestamp).Append('\n')
            .Append("TopicArn\n").Append(topicArn).Append('\n')
            .Append("Type\n").Append(type).Append('\n');
        return Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text.ToString()), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
    }

    public void Dispose() => _key.Dispose();
}
