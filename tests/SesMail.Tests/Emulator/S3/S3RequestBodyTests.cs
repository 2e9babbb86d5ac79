using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.S3;

namespace SesMail.Tests.Emulator.S3;

[Trait("Kind", "Unit")]
public sealed class S3RequestBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequest Request(string body, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.ASCII.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static Task<S3ReceivedBody> ReadAsync(HttpRequest request, Stream? into = null) =>
        S3RequestBody.CopyToAsync(request, into ?? new MemoryStream(), null, long.MaxValue, Ct);

    private static string Crc32(string text) => S3Checksums.Compute(S3ChecksumAlgorithm.CRC32, Encoding.ASCII.GetBytes(text));

    [Fact]
    public async Task CopyTo_UnsignedTrailerWithMatchingCrc32_DecodesAndReturnsChecksum()
    {
        var request = Request($"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:{Crc32("hello world")}\r\n\r\n",
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"), ("Content-Encoding", "aws-chunked"),
            ("x-amz-trailer", "x-amz-checksum-crc32"), ("x-amz-decoded-content-length", "11"));
        var output = new MemoryStream();

        var received = await ReadAsync(request, output);

        Encoding.ASCII.GetString(output.ToArray()).Should().Be("hello world");
        received.Size.Should().Be(11);
        received.ChecksumAlgorithm.Should().Be(S3ChecksumAlgorithm.CRC32);
        received.Checksum.Should().Be("DUoRhQ==");
        received.Md5Hex.Should().Be(Convert.ToHexStringLower(MD5.HashData("hello world"u8)));
    }

    [Fact]
    public async Task CopyTo_TrailerChecksumMismatch_ThrowsBadDigest()
    {
        var request = Request("b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n",
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"), ("x-amz-trailer", "x-amz-checksum-crc32"));

        var act = () => ReadAsync(request);

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("BadDigest");
    }

    [Fact]
    public async Task CopyTo_DeclaredTrailerMissing_ThrowsInvalidRequest()
    {
        var request = Request("b\r\nhello world\r\n0\r\n\r\n",
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"), ("x-amz-trailer", "x-amz-checksum-crc32"));

        var act = () => ReadAsync(request);

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("InvalidRequest");
    }

    [Fact]
    public async Task CopyTo_DecodedLengthMismatch_ThrowsIncompleteBody()
    {
        var request = Request("5;chunk-signature=00\r\nhello\r\n0;chunk-signature=00\r\n\r\n",
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), ("x-amz-decoded-content-length", "6"));

        var act = () => ReadAsync(request);

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("IncompleteBody");
    }

    [Fact]
    public async Task CopyTo_ContentMd5NotBase64_ThrowsInvalidDigest()
    {
        var act = () => ReadAsync(Request("hello", ("Content-MD5", "not-md5")));

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("InvalidDigest");
    }

    [Fact]
    public async Task CopyTo_ContentMd5Mismatch_ThrowsBadDigest()
    {
        var act = () => ReadAsync(Request("hello", ("Content-MD5", Convert.ToBase64String(MD5.HashData("other"u8)))));

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("BadDigest");
    }

    [Fact]
    public async Task CopyTo_PayloadSha256Mismatch_ThrowsXAmzContentSha256Mismatch()
    {
        var act = () => ReadAsync(Request("hello", ("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData("other"u8)))));

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("XAmzContentSHA256Mismatch");
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", "DUoRhQ==")]
    [InlineData("x-amz-checksum-crc32c", "yZRlqg==")]
    [InlineData("x-amz-checksum-sha1", "Kq5sNclPz7QV2+lfQIuc6R7oRu0=")]
    [InlineData("x-amz-checksum-sha256", "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")]
    public async Task CopyTo_ChecksumHeaderMatches_Accepts(string header, string value)
    {
        var received = await ReadAsync(Request("hello world", (header, value)));

        received.Checksum.Should().Be(value);
    }

    [Fact]
    public async Task CopyTo_Crc64NvmeHeader_MatchesReferenceValue()
    {
        // CRC-64/NVME check value for "123456789" is 0xAE8B14860A799888.
        var received = await ReadAsync(Request("123456789", ("x-amz-checksum-crc64nvme", Convert.ToBase64String(Convert.FromHexString("AE8B14860A799888")))));

        received.ChecksumAlgorithm.Should().Be(S3ChecksumAlgorithm.CRC64NVME);
    }

    [Fact]
    public async Task CopyTo_MalformedChecksumHeader_ThrowsInvalidRequest()
    {
        var act = () => ReadAsync(Request("hello world", ("x-amz-checksum-crc32", "xyz")));

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.Code.Should().Be("InvalidRequest");
    }
}
