using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// The MD5 digests SQS returns and the AWS SDKs verify: of the body (UTF-8), and of message attributes in AWS's
/// encoding (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation).
/// </summary>
internal static class SqsMd5
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

    /// <summary>Lower-case hex MD5 of the UTF-8 body.</summary>
    public static string OfBody(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// MD5 of attributes: for each attribute sorted by name (ordinal), the name, the data type and the value, each as a
    /// 4-byte big-endian length and its bytes, with a transport byte (1 string, 2 binary) before the value.
    /// </summary>
    /// <returns>Lower-case hex, or <c>null</c> when there are no attributes.</returns>
    public static string? OfAttributes(IReadOnlyDictionary<string, MessageAttributeValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        foreach (var (name, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Write(buffer, Encoding.UTF8.GetBytes(name));
            var dataType = value.DataType ?? string.Empty;
            Write(buffer, Encoding.UTF8.GetBytes(dataType));
            if (dataType.StartsWith("Binary", StringComparison.Ordinal))
            {
                buffer.WriteByte(BinaryTransport);
                Write(buffer, value.BinaryValue ?? []);
            }
            else
            {
                buffer.WriteByte(StringTransport);
                Write(buffer, Encoding.UTF8.GetBytes(value.StringValue ?? string.Empty));
            }
        }

        return Convert.ToHexStringLower(MD5.HashData(buffer.ToArray()));
    }

    private static void Write(MemoryStream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
