using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.S3;

/// <summary>
/// Amazon S3's rules, one method per operation
/// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html), typed in and
/// typed out: buckets and their configuration documents (<c>S3Provider.Buckets.cs</c>), objects
/// (<c>S3Provider.Objects.cs</c>) and multipart uploads (<c>S3Provider.Multipart.cs</c>). <see cref="S3Service"/> binds
/// them to REST-XML (paths, query flags, headers, XML bodies, aws-chunked bodies); state lives in <see cref="S3Store"/>.
/// </summary>
/// <remarks>
/// Not emulated: versioning (the status is stored and returned, but only the current version is kept, and no
/// <c>x-amz-version-id</c> is issued), ACL and policy enforcement (documents are stored and returned), lifecycle
/// expiry (rules are stored, nothing expires), SSE (the headers are accepted), signature verification
/// (any credentials are accepted), presigned POST forms, and the object sub-resources the binding refuses with
/// <c>NotImplemented</c> (retention, legal hold, attributes, restore, select, torrent, rename).
/// </remarks>
internal sealed partial class S3Provider(S3Store store, TimeProvider clock)
{
    /// <summary>Largest object or part accepted in one request (S3's single-PUT limit is 5 GiB).</summary>
    private const long MaxSinglePut = 5L * 1024 * 1024 * 1024;

    /// <summary>Largest user metadata (names and values, UTF-8) S3 accepts on one object.</summary>
    private const int MaxMetadataBytes = 2048;

    /// <summary>The current time, to the millisecond (S3's resolution).</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>Checks what a new object is stored with: at most 2 KB of user metadata and a valid tag set.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>MetadataTooLarge</c> or <c>InvalidTag</c>.</exception>
    private static S3ObjectAttributes Validate(S3ObjectAttributes attributes)
    {
        ValidateTags(attributes.Tags);
        ValidateMetadata(attributes.Metadata);
        return attributes;
    }

    /// <summary>At most 2 KB of user metadata (names and values, UTF-8).</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>MetadataTooLarge</c>.</exception>
    private static void ValidateMetadata(Dictionary<string, string> metadata)
    {
        if (metadata.Sum(m => Encoding.UTF8.GetByteCount(m.Key) + Encoding.UTF8.GetByteCount(m.Value)) > MaxMetadataBytes)
        {
            throw new Protocols.AwsServiceException("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size", System.Net.HttpStatusCode.BadRequest);
        }
    }

    /// <summary>S3's tag-set rules: at most 10 tags, unique keys of 1 to 128 characters, values up to 256.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidTag</c>.</exception>
    private static List<S3Tag> ValidateTags(List<S3Tag> tags)
    {
        if (tags.Count > 10)
        {
            throw S3Errors.InvalidTag("Object tags cannot be greater than 10");
        }

        if (tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            throw S3Errors.InvalidTag("Cannot provide multiple Tags with the same key");
        }

        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > 128)
            {
                throw S3Errors.InvalidTag("The TagKey you have provided is invalid");
            }

            if (tag.Value.Length > 256)
            {
                throw S3Errors.InvalidTag("The TagValue you have provided is invalid");
            }
        }

        return tags;
    }

    /// <summary>Whether an If-Match/If-None-Match list (quoted ETags, comma-separated, or <c>*</c>) names <paramref name="etag"/>.</summary>
    private static bool EtagMatches(string header, string etag) =>
        header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(candidate => candidate == "*" || S3Xml.Unquote(candidate) == etag);

    private static DateTimeOffset Seconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>A <c>bytes=</c> range resolved against the size; <c>null</c> for none or an ignorable one.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidRange</c> (416) for a range that starts past the end.</exception>
    private static (long Start, long End)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (spec.Contains(',', StringComparison.Ordinal) || dash < 0)
        {
            return null; // S3 serves the whole object for multiple or malformed ranges
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                throw S3Errors.InvalidRange(size, header);
            }

            return (Math.Max(0, size - suffix), size - 1);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }
        }

        if (start >= size)
        {
            throw S3Errors.InvalidRange(size, header);
        }

        return (start, Math.Min(end, size - 1));
    }

    /// <summary>Opens a copy source and checks its <c>x-amz-copy-source-if-*</c> conditions.</summary>
    private (S3ObjectRecord Record, FileStream Content) OpenCopySource(S3CopySource source, S3Conditions conditions)
    {
        var (record, content) = S3Store.OpenObject(store.RequireBucket(source.Bucket), source.Key);
        try
        {
            if (conditions.IfMatch.Length > 0 && !EtagMatches(conditions.IfMatch, record.ETag))
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
            }

            if (conditions.IfNoneMatch.Length > 0 && EtagMatches(conditions.IfNoneMatch, record.ETag))
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
            }

            var modified = Seconds(record.LastModified);
            if (conditions.IfUnmodifiedSince is { } unmodifiedSince && conditions.IfMatch.Length == 0 && modified > unmodifiedSince)
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
            }

            if (conditions.IfModifiedSince is { } modifiedSince && conditions.IfNoneMatch.Length == 0 && modified <= modifiedSince)
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Modified-Since");
            }

            return (record, content);
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>Copies <paramref name="count"/> bytes from <paramref name="source"/> into a new temp file, hashing on the way.</summary>
    private async Task<(string TempPath, string Md5Hex, string? Checksum)> CopyToTempAsync(
        FileStream source, long offset, long count, S3ChecksumAlgorithm? algorithm, CancellationToken cancellationToken)
    {
        var temp = store.NewTempPath();
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var checksum = algorithm is { } a ? S3Checksums.CreateHasher(a) : null;
            var buffer = ArrayPool<byte>.Shared.Rent(S3RequestBody.BufferSize);
            try
            {
                await using var target = S3Store.CreateTempFile(temp);
                source.Position = offset;
                while (count > 0)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    md5.AppendData(buffer.AsSpan(0, read));
                    checksum?.Append(buffer.AsSpan(0, read));
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    count -= read;
                }

                store.FlushToDisk(target);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (temp, Convert.ToHexStringLower(md5.GetHashAndReset()), checksum is null ? null : Convert.ToBase64String(checksum.GetHashAndReset()));
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }
    }
}
