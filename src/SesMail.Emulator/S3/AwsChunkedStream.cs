using System.Globalization;
using System.Text;

namespace SesMail.Emulator.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> request body as a forward-only stream: each chunk is
/// <c>hex-size[;chunk-signature=…]\r\n&lt;data&gt;\r\n</c>, the last has size 0 and may be followed by trailing headers
/// (<c>x-amz-checksum-crc32:…</c>, <c>x-amz-trailer-signature:…</c>) and an empty line. Covers
/// <c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>, <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c> and
/// <c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER</c>
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html,
/// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html).
/// </summary>
/// <remarks>
/// Chunk and trailer signatures are read and ignored: the emulator accepts any credentials. Only a small read-ahead
/// buffer is held; chunk data is copied straight into the caller's buffer when possible.
/// </remarks>
internal sealed class AwsChunkedStream : Stream
{
    private const int MaxLineLength = 16 * 1024;
    private readonly Stream _inner;
    private readonly byte[] _buffer;
    private readonly Dictionary<string, string> _trailers = new(StringComparer.OrdinalIgnoreCase);
    private int _start;
    private int _end;
    private long _chunkRemaining;
    private State _state = State.Header;

    /// <summary>Wraps an encoded body.</summary>
    /// <param name="inner">The raw request body.</param>
    /// <param name="bufferSize">Read-ahead buffer size in bytes.</param>
    public AwsChunkedStream(Stream inner, int bufferSize = 64 * 1024)
    {
        _inner = inner;
        _buffer = new byte[Math.Max(bufferSize, 256)];
    }

    private enum State
    {
        Header,
        Data,
        DataEnd,
        Done,
    }

    /// <summary>Trailing headers, available once the stream has been read to its end.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers;

    /// <summary>Decoded bytes returned so far.</summary>
    public long DecodedLength { get; private set; }

    /// <summary>Whether the terminating zero-size chunk has been read.</summary>
    public bool Completed => _state == State.Done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => DecodedLength; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (_state)
            {
                case State.Header:
                    var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
                        ?? throw S3Errors.IncompleteBody("The aws-chunked body ended before its final zero-length chunk.");
                    if (header.Length == 0)
                    {
                        continue; // tolerate a stray empty line between chunks
                    }

                    _chunkRemaining = ParseChunkSize(header);
                    if (_chunkRemaining == 0)
                    {
                        await ReadTrailersAsync(cancellationToken).ConfigureAwait(false);
                        _state = State.Done;
                        return 0;
                    }

                    _state = State.Data;
                    continue;

                case State.Data:
                    var want = (int)Math.Min(_chunkRemaining, destination.Length);
                    int read;
                    if (_end > _start)
                    {
                        read = Math.Min(want, _end - _start);
                        _buffer.AsSpan(_start, read).CopyTo(destination.Span);
                        _start += read;
                    }
                    else
                    {
                        read = await _inner.ReadAsync(destination[..want], cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            throw S3Errors.IncompleteBody("The aws-chunked body ended in the middle of a chunk.");
                        }
                    }

                    _chunkRemaining -= read;
                    DecodedLength += read;
                    if (_chunkRemaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    return read;

                case State.DataEnd:
                    var end = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
                        ?? throw S3Errors.IncompleteBody("The aws-chunked body ended after chunk data without its CRLF.");
                    if (end.Length != 0)
                    {
                        throw S3Errors.InvalidChunk("Chunk data is longer than its declared size (expected CRLF after the data).");
                    }

                    _state = State.Header;
                    continue;

                default:
                    return 0;
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static long ParseChunkSize(string header)
    {
        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var hex = (semicolon < 0 ? header : header[..semicolon]).Trim();
        if (hex.Length is 0 or > 15 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
        {
            throw S3Errors.InvalidChunk($"The aws-chunked chunk header '{Truncate(header)}' does not start with a hexadecimal size.");
        }

        return size;
    }

    private async ValueTask ReadTrailersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(line))
            {
                return; // empty line or end of body ends the trailer section
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw S3Errors.InvalidChunk($"The aws-chunked trailer line '{Truncate(line)}' is not 'name:value'.");
            }

            _trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    /// <summary>Reads one CRLF- (or LF-) terminated ASCII line; <c>null</c> at end of body with nothing buffered.</summary>
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                var line = Encoding.ASCII.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }

            scanned = _end - _start;
            if (scanned >= MaxLineLength)
            {
                throw S3Errors.InvalidChunk("An aws-chunked header or trailer line is longer than 16 KiB.");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await _inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return null;
                }

                var rest = Encoding.ASCII.GetString(_buffer, _start, _end - _start).TrimEnd('\r');
                _start = _end;
                return rest;
            }

            _end += read;
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
