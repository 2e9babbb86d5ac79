using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace SesMail.Emulator.S3;

/// <summary>What was received and verified from a request body.</summary>
/// <param name="Size">Decoded length in bytes.</param>
/// <param name="Md5">MD5 of the decoded bytes (the ETag of a single-part object).</param>
/// <param name="ChecksumAlgorithm">The additional checksum the caller asked for, if any.</param>
/// <param name="Checksum">Its base64 value, computed and (when the caller sent one) verified.</param>
internal sealed record S3ReceivedBody(long Size, byte[] Md5, S3ChecksumAlgorithm? ChecksumAlgorithm, string? Checksum)
{
    /// <summary>The MD5 as lowercase hex, S3's ETag without quotes.</summary>
    public string Md5Hex => Convert.ToHexStringLower(Md5);
}

/// <summary>
/// Reads an S3 request body in any encoding the AWS SDKs and CLI send — plain, or <c>aws-chunked</c> signed or
/// unsigned, with or without a trailing checksum — streams the decoded bytes to a destination, and verifies
/// <c>Content-MD5</c>, <c>x-amz-content-sha256</c> (when it is a hex digest), <c>x-amz-checksum-*</c> (header or
/// trailer) and <c>x-amz-decoded-content-length</c>.
/// </summary>
internal static class S3RequestBody
{
    /// <summary>64 KiB: under the 85,000-byte large object heap threshold, so a buffer the pool cannot supply is a cheap
    /// small-object allocation, not a large-object one that brings a full collection closer.</summary>
    internal const int BufferSize = 64 * 1024;

    /// <summary>Streams the decoded body to <paramref name="destination"/> and verifies it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="destination">Where decoded bytes go (a temp file, or memory for small XML bodies).</param>
    /// <param name="defaultAlgorithm">Checksum to compute when the request names none (a multipart upload's algorithm).</param>
    /// <param name="maxLength">Largest body accepted, in bytes.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    /// <returns>Size and digests of the decoded body.</returns>
    /// <exception cref="SesMail.Emulator.Protocols.AwsServiceException">
    /// <c>InvalidDigest</c>, <c>BadDigest</c>, <c>XAmzContentSHA256Mismatch</c>, <c>InvalidRequest</c>, <c>IncompleteBody</c>.
    /// </exception>
    public static async Task<S3ReceivedBody> CopyToAsync(
        HttpRequest request, Stream destination, S3ChecksumAlgorithm? defaultAlgorithm, long maxLength, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        var contentSha256 = headers["x-amz-content-sha256"].ToString();
        var chunked = contentSha256.StartsWith("STREAMING-", StringComparison.Ordinal)
            || headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.OrdinalIgnoreCase);

        long? expected = request.ContentLength;
        if (chunked)
        {
            var decoded = headers["x-amz-decoded-content-length"].ToString();
            expected = decoded.Length == 0 ? null
                : long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d
                : throw S3Errors.InvalidArgument("x-amz-decoded-content-length is not a number.", "x-amz-decoded-content-length", decoded);
        }

        byte[]? contentMd5 = null;
        var md5Header = headers.ContentMD5.ToString();
        if (md5Header.Length > 0)
        {
            contentMd5 = new byte[16];
            if (!Convert.TryFromBase64String(md5Header, contentMd5, out var written) || written != 16)
            {
                throw S3Errors.InvalidDigest();
            }
        }

        var (algorithm, expectedChecksum, fromTrailer) = ExpectedChecksum(request, defaultAlgorithm);
        byte[]? expectedSha256 = contentSha256.Length == 64 && contentSha256.All(Uri.IsHexDigit) && !chunked ? Convert.FromHexString(contentSha256) : null;

        var decoder = chunked ? new AwsChunkedStream(request.Body) : null;
        var source = (Stream?)decoder ?? request.Body;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var checksum = algorithm is { } a ? S3Checksums.CreateHasher(a) : null;
        using var sha256 = expectedSha256 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxLength)
                {
                    throw new SesMail.Emulator.Protocols.AwsServiceException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", System.Net.HttpStatusCode.BadRequest);
                }

                var span = buffer.AsSpan(0, read);
                md5.AppendData(span);
                checksum?.Append(span);
                sha256?.AppendData(span);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (expected is { } length && total != length)
        {
            throw S3Errors.IncompleteBody($"You did not provide the number of bytes specified by the Content-Length HTTP header (expected {length}, received {total}).");
        }

        var digest = md5.GetHashAndReset();
        if (contentMd5 is not null && !contentMd5.AsSpan().SequenceEqual(digest))
        {
            throw S3Errors.BadDigest("The Content-MD5 you specified did not match what we received.");
        }

        if (sha256 is not null)
        {
            var computed = sha256.GetHashAndReset();
            if (!computed.AsSpan().SequenceEqual(expectedSha256))
            {
                throw S3Errors.ContentSha256Mismatch(contentSha256, Convert.ToHexStringLower(computed));
            }
        }

        string? value = null;
        if (algorithm is { } alg)
        {
            value = Convert.ToBase64String(checksum!.GetHashAndReset());
            if (fromTrailer || expectedChecksum is null)
            {
                if (decoder is not null && decoder.Trailers.TryGetValue(S3Checksums.HeaderName(alg), out var trailer))
                {
                    expectedChecksum = trailer;
                }
                else if (fromTrailer)
                {
                    throw S3Errors.InvalidRequest($"The request declared x-amz-trailer: {S3Checksums.HeaderName(alg)} but the body carried no such trailer.");
                }
            }

            if (expectedChecksum is not null)
            {
                if (!S3Checksums.IsWellFormed(alg, expectedChecksum))
                {
                    throw S3Errors.InvalidRequest($"Value for {S3Checksums.HeaderName(alg)} header is invalid.");
                }

                if (!string.Equals(expectedChecksum, value, StringComparison.Ordinal))
                {
                    throw S3Errors.BadDigest($"The {alg} you specified did not match the calculated checksum.");
                }
            }
        }

        return new S3ReceivedBody(total, digest, algorithm, value);
    }

    /// <summary>Reads a small body (an XML document) into memory, verified like any other.</summary>
    public static async Task<byte[]> ReadSmallAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        await CopyToAsync(request, memory, null, 16 * 1024 * 1024, cancellationToken).ConfigureAwait(false);
        return memory.ToArray();
    }

    private static (S3ChecksumAlgorithm? Algorithm, string? Value, bool FromTrailer) ExpectedChecksum(HttpRequest request, S3ChecksumAlgorithm? defaultAlgorithm)
    {
        var headers = request.Headers;
        foreach (var algorithm in S3Checksums.All)
        {
            var value = headers[S3Checksums.HeaderName(algorithm)].ToString();
            if (value.Length > 0)
            {
                return (algorithm, value, false);
            }
        }

        foreach (var name in headers["x-amz-trailer"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (S3Checksums.TryParseHeader(name, out var algorithm))
            {
                return (algorithm, null, true);
            }
        }

        var sdk = headers["x-amz-sdk-checksum-algorithm"].ToString();
        if (sdk.Length > 0)
        {
            return S3Checksums.TryParse(sdk, out var algorithm)
                ? (algorithm, null, false)
                : throw S3Errors.InvalidRequest($"Checksum algorithm '{sdk}' is not supported; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.");
        }

        return (defaultAlgorithm, null, false);
    }
}
