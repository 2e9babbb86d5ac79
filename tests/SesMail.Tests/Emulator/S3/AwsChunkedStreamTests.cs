using System.Text;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.S3;

namespace SesMail.Tests.Emulator.S3;

[Trait("Kind", "Unit")]
public sealed class AwsChunkedStreamTests
{
    private const string Signature = "chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Returns at most <c>step</c> bytes per read, so every header, CRLF and trailer is split across reads.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);
    }

    private static async Task<(byte[] Data, AwsChunkedStream Decoder)> DecodeAsync(string body, int step = int.MaxValue, int readSize = 8192)
    {
        var decoder = new AwsChunkedStream(new TrickleStream(Encoding.ASCII.GetBytes(body), step), bufferSize: 256);
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await decoder.ReadAsync(buffer, Ct)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return (output.ToArray(), decoder);
    }

    [Fact]
    public async Task Read_SignedChunks_ReturnsPayloadWithoutFraming()
    {
        var body = $"5;{Signature}\r\nhello\r\n6;{Signature}\r\n world\r\n0;{Signature}\r\n\r\n";

        var (data, decoder) = await DecodeAsync(body);

        Encoding.ASCII.GetString(data).Should().Be("hello world");
        decoder.DecodedLength.Should().Be(11);
        decoder.Completed.Should().BeTrue();
        decoder.Trailers.Should().BeEmpty();
    }

    [Fact]
    public async Task Read_UnsignedWithTrailer_ExposesTrailingChecksum()
    {
        var body = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";

        var (data, decoder) = await DecodeAsync(body);

        Encoding.ASCII.GetString(data).Should().Be("hello world");
        decoder.Trailers.Should().ContainKey("x-amz-checksum-crc32").WhoseValue.Should().Be("DUoRhQ==");
    }

    [Fact]
    public async Task Read_SignedWithTrailerAndTrailerSignature_ExposesBothTrailers()
    {
        var body = $"b;{Signature}\r\nhello world\r\n0;{Signature}\r\nx-amz-checksum-crc32c:yZRlqg==\r\nx-amz-trailer-signature:abc123\r\n\r\n";

        var (data, decoder) = await DecodeAsync(body);

        Encoding.ASCII.GetString(data).Should().Be("hello world");
        decoder.Trailers["x-amz-checksum-crc32c"].Should().Be("yZRlqg==");
        decoder.Trailers["x-amz-trailer-signature"].Should().Be("abc123");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 5)]
    public async Task Read_SplitAcrossReads_ReturnsSamePayload(int step, int readSize)
    {
        var payload = string.Concat(Enumerable.Range(0, 300).Select(i => (char)('a' + (i % 26))));
        var body = $"100;{Signature}\r\n{payload[..256]}\r\n2c;{Signature}\r\n{payload[256..]}\r\n0;{Signature}\r\nx-amz-checksum-sha256:abc=\r\n\r\n";

        var (data, decoder) = await DecodeAsync(body, step, readSize);

        Encoding.ASCII.GetString(data).Should().Be(payload);
        decoder.Trailers["x-amz-checksum-sha256"].Should().Be("abc=");
    }

    [Fact]
    public async Task Read_FinalChunkWithoutClosingEmptyLine_IsAccepted()
    {
        var (data, decoder) = await DecodeAsync("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==");

        Encoding.ASCII.GetString(data).Should().Be("abc");
        decoder.Trailers["x-amz-checksum-crc32"].Should().Be("NSRBwg==");
    }

    [Fact]
    public async Task Read_TruncatedChunk_ThrowsIncompleteBody()
    {
        var act = () => DecodeAsync("a\r\nhello");

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("IncompleteBody");
    }

    [Fact]
    public async Task Read_MissingFinalChunk_ThrowsIncompleteBody()
    {
        var act = () => DecodeAsync("5\r\nhello\r\n");

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("IncompleteBody");
    }

    [Fact]
    public async Task Read_NonHexSize_ThrowsInvalidRequest()
    {
        var act = () => DecodeAsync("zz;chunk-signature=x\r\nhello\r\n0\r\n\r\n");

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("InvalidRequest");
    }

    [Fact]
    public async Task Read_ChunkLongerThanDeclared_ThrowsInvalidRequest()
    {
        var act = () => DecodeAsync("3\r\nhello\r\n0\r\n\r\n");

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("InvalidRequest");
    }
}
