using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleNotificationService;
using Amazon.SimpleNotificationService.Model;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>Where the edge writes a received message: SES's S3 action (<c>PutObject</c>).</summary>
internal interface IReceivedMailObjectStore
{
    /// <summary>Writes the object; returns only once it is durable.</summary>
    /// <exception cref="Exception">Any failure; the SMTP transaction then answers 451.</exception>
    Task PutAsync(string bucket, string key, Stream content, CancellationToken cancellationToken);
}

/// <summary>Where the edge publishes the <c>Received</c> notification: the S3 action's SNS topic.</summary>
internal interface IReceivedMailNotifier
{
    /// <summary>Publishes the notification JSON; returns only once SNS accepted it.</summary>
    /// <exception cref="Exception">Any failure; the SMTP transaction then answers 451.</exception>
    Task PublishAsync(string topicArn, string message, CancellationToken cancellationToken);
}

/// <summary><see cref="IReceivedMailObjectStore"/> on AWSSDK.S3.</summary>
internal sealed class S3ReceivedMailObjectStore(IAmazonS3 s3) : IReceivedMailObjectStore
{
    public Task PutAsync(string bucket, string key, Stream content, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = "application/octet-stream",
        }, cancellationToken);
}

/// <summary><see cref="IReceivedMailNotifier"/> on the SNS client; the subject is SES's.</summary>
internal sealed class SnsReceivedMailNotifier(IAmazonSimpleNotificationService sns) : IReceivedMailNotifier
{
    public Task PublishAsync(string topicArn, string message, CancellationToken cancellationToken) =>
        sns.PublishAsync(new PublishRequest
        {
            TopicArn = topicArn,
            Message = message,
            Subject = "Amazon SES Email Receipt Notification",
        }, cancellationToken);
}

/// <summary>A read-only, seekable stream over a header block followed by the original message bytes, so the stored
/// object is written without copying the message a third time.</summary>
internal sealed class PrependedStream(byte[] head, ReadOnlyMemory<byte> tail) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => head.Length + tail.Length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            ReadOnlySpan<byte> source = _position < head.Length
                ? head.AsSpan((int)_position)
                : tail.Span[(int)(_position - head.Length)..];
            var n = Math.Min(source.Length, buffer.Length - written);
            source[..n].CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
