using System.Security.Cryptography;
using System.Text;

namespace SesMail.Benchmarks;

/// <summary>
/// A forward-only, non-seekable stream of a deterministic RFC 5322 message of an exact length (headers, then numbered
/// 78-character lines), generated on the fly like an S3 <c>GetObject</c> response body: nothing is held in memory.
/// </summary>
internal sealed class SyntheticMessageStream(long length) : Stream
{
    private static readonly byte[] Header = Encoding.ASCII.GetBytes(
        "From: Big Sender <big@sender.test>\r\nTo: me@example.test\r\nSubject: A large message\r\n" +
        "Date: Tue, 03 Feb 2026 10:15:00 +0000\r\nMessage-ID: <big@sender.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");

    private static readonly byte[] Line = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog; 0123456789 abcdefghijklmnopqrstu\r\n");

    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    /// <summary>SHA-256 (hex) of the message of <paramref name="length"/> bytes.</summary>
    public static string Sha256(long length)
    {
        using var stream = new SyntheticMessageStream(length);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < length)
        {
            byte value;
            if (_position < Header.Length)
            {
                value = Header[_position];
            }
            else
            {
                value = Line[(_position - Header.Length) % Line.Length];
            }

            buffer[written++] = value;
            _position++;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
