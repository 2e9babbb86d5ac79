using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Aws.Events;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// Reads the header block of the message SES stored (RFC 5322 §2.1: the header fields, up to the empty line), as
/// bytes, exactly as received: folded where the sender folded, encoded where the sender encoded, with the
/// <c>Received</c>, <c>X-SES-RECEIPT</c> and DKIM fields SES prepended. RFC 3464 §2.1 wants the notification to
/// quote the original's headers, and quoting them from the SES notification's parsed <c>headers</c> would re-fold and
/// re-encode them.
/// </summary>
internal interface IOriginalHeaderSource
{
    /// <summary>The header block (each field with its CRLF, without the empty line), or null when the stored message
    /// cannot be read (then the notification falls back to the notification's parsed headers).</summary>
    /// <param name="ses">The SES notification (its <c>receipt.action</c> names the bucket and key).</param>
    /// <param name="messageId">The SES message id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<byte[]?> ReadAsync(SesNotification? ses, string messageId, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IOriginalHeaderSource"/> over S3 <c>GetObject</c>: the object named by the notification's S3 action
/// (<c>receipt.action.bucketName</c>/<c>objectKey</c>), else <c>s3://{EMAIL_BUCKET}/emails/{messageId}</c>. It reads
/// only as far as the empty line. Any failure (object expired, no permission, S3 down) returns null: the bounce is
/// still owed, and its other parts do not depend on the stored message.
/// </summary>
internal sealed class S3OriginalHeaderSource(IAmazonS3 s3, string? emailBucket, Action<string, Exception> warn) : IOriginalHeaderSource
{
    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(SesNotification? ses, string messageId, CancellationToken cancellationToken)
    {
        var action = ses?.Receipt?.Action;
        var (bucket, key) = action is { Type: "S3", BucketName.Length: > 0, ObjectKey.Length: > 0 }
            ? (action.BucketName, action.ObjectKey)
            : (emailBucket, "emails/" + messageId);
        if (string.IsNullOrEmpty(bucket))
        {
            return null;
        }

        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return await OriginalHeaderBlock.ReadAsync(response.ResponseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            warn($"s3://{bucket}/{key}", error);
            return null;
        }
    }
}

/// <summary>Finds the end of a message's header block in its bytes.</summary>
internal static class OriginalHeaderBlock
{
    /// <summary>At most this many bytes are read looking for the empty line (a header block is rarely over 64 KB).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Reads <paramref name="message"/> up to its empty line and returns the header block before it: every
    /// field line with its line ending, the empty line left out. A message without an empty line is all header; one
    /// whose header block exceeds <see cref="MaxBytes"/> is cut after its last whole line within that.</summary>
    public static async Task<byte[]> ReadAsync(Stream message, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        var scanned = 0;
        while (buffer.Length < MaxBytes)
        {
            var read = await message.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, MaxBytes - buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            if (End(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Math.Max(0, scanned - 3)) is { } end)
            {
                return buffer.GetBuffer().AsSpan(0, end).ToArray();
            }

            scanned = (int)buffer.Length;
        }

        var all = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var lastLine = all.LastIndexOf((byte)'\n');
        return (buffer.Length >= MaxBytes && lastLine >= 0 ? all[..(lastLine + 1)] : all).ToArray();
    }

    /// <summary>The header block of a whole message in memory.</summary>
    public static byte[] Of(ReadOnlySpan<byte> message) => End(message, 0) is { } end ? message[..end].ToArray() : message.ToArray();

    /// <summary>The length of the header block: the offset just after the line ending that precedes the empty line
    /// (CRLF CRLF, or bare LF LF); null when there is none yet.</summary>
    private static int? End(ReadOnlySpan<byte> bytes, int from)
    {
        if (bytes.Length > 0 && (bytes[0] == (byte)'\n' || (bytes.Length > 1 && bytes[0] == (byte)'\r' && bytes[1] == (byte)'\n')))
        {
            return 0; // no header fields at all
        }

        for (var i = Math.Max(from, 1); i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n' || bytes[i - 1] != (byte)'\n' && !(bytes[i - 1] == (byte)'\r' && i >= 2 && bytes[i - 2] == (byte)'\n'))
            {
                continue;
            }

            // bytes[i] ends the empty line; the empty line starts right after the previous '\n'.
            return bytes[i - 1] == (byte)'\r' ? i - 1 : i;
        }

        return null;
    }
}
