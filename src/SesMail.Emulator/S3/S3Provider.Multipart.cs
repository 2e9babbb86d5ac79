using System.Buffers;
using System.Security.Cryptography;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.S3;

/// <summary>
/// Multipart upload (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html): create, upload part
/// (also by copy), complete with the <c>{md5-of-part-md5s}-{N}</c> ETag and a full-object or composite checksum,
/// abort, list parts, list uploads.
/// </summary>
internal sealed partial class S3Provider
{
    private const long MinPartSize = 5L * 1024 * 1024;

    public async Task<CreateMultipartUploadResult> CreateMultipartUploadAsync(CreateMultipartUploadRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        S3ChecksumAlgorithm? algorithm = null;
        if (request.ChecksumAlgorithm.Length > 0)
        {
            algorithm = S3Checksums.TryParse(request.ChecksumAlgorithm, out var parsed) ? parsed
                : throw S3Errors.InvalidRequest($"Checksum algorithm '{request.ChecksumAlgorithm}' is not supported; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.");
        }

        var type = request.ChecksumType.ToUpperInvariant();
        if (algorithm is null)
        {
            type = string.Empty;
        }
        else if (type.Length == 0)
        {
            type = algorithm == S3ChecksumAlgorithm.CRC64NVME ? "FULL_OBJECT" : "COMPOSITE";
        }
        else if (type is not ("FULL_OBJECT" or "COMPOSITE")
            || (type == "FULL_OBJECT" && algorithm is S3ChecksumAlgorithm.SHA1 or S3ChecksumAlgorithm.SHA256)
            || (type == "COMPOSITE" && algorithm == S3ChecksumAlgorithm.CRC64NVME))
        {
            throw S3Errors.InvalidRequest($"The {type} checksum type cannot be used with the {algorithm} checksum algorithm.");
        }

        ValidateMetadata(request.Attributes.Metadata);
        ValidateTags(request.Attributes.Tags);
        var upload = new S3UploadRecord
        {
            UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '_').Replace('/', '_'), // no '-': the CLI would read a leading one as an option
            Key = request.Key,
            Initiated = Now(),
            ChecksumType = type.Length == 0 ? null : type,
            Template = new S3ObjectRecord
            {
                Key = request.Key,
                DataFile = string.Empty,
                Size = 0,
                ETag = string.Empty,
                LastModified = Now(),
                Headers = request.Attributes.Headers,
                Metadata = request.Attributes.Metadata,
                Tags = request.Attributes.Tags,
                ChecksumAlgorithm = algorithm,
                StorageClass = request.Attributes.StorageClass ?? "STANDARD",
            },
        };
        await store.CreateUploadAsync(b, upload).ConfigureAwait(false);
        return new CreateMultipartUploadResult(request.Bucket, request.Key, upload.UploadId, algorithm, upload.ChecksumType);
    }

    public async Task<UploadPartResult> UploadPartAsync(UploadPartRequest request, CancellationToken cancellationToken)
    {
        var b = store.RequireBucket(request.Bucket);
        var partNumber = ValidatePartNumber(request.PartNumber);
        var upload = S3Store.RequireUpload(b, request.UploadId, request.Key);
        var temp = store.NewTempPath();
        try
        {
            S3ReceivedBody body;
            await using (var file = S3Store.CreateTempFile(temp))
            {
                body = await request.Body.CopyToAsync(file, upload.Template.ChecksumAlgorithm, MaxSinglePut, cancellationToken).ConfigureAwait(false);
                store.FlushToDisk(file);
            }

            var checksum = body.ChecksumAlgorithm == upload.Template.ChecksumAlgorithm ? body.Checksum : null;
            await store.CommitPartAsync(b, upload.UploadId, new S3PartRecord(partNumber, body.Size, body.Md5Hex, Now(), checksum), temp).ConfigureAwait(false);
            return new UploadPartResult(body.Md5Hex, body.ChecksumAlgorithm, body.Checksum);
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }
    }

    public async Task<CopyResult> UploadPartCopyAsync(UploadPartCopyRequest request, CancellationToken cancellationToken)
    {
        var b = store.RequireBucket(request.Bucket);
        var partNumber = ValidatePartNumber(request.PartNumber);
        var upload = S3Store.RequireUpload(b, request.UploadId, request.Key);
        var (_, content) = OpenCopySource(request.Source, request.SourceConditions);
        string temp, md5;
        string? checksum;
        long offset = 0, count;
        await using (content.ConfigureAwait(false))
        {
            count = content.Length;
            var rangeHeader = request.CopySourceRange;
            if (rangeHeader.Length > 0)
            {
                var range = ParseRange(rangeHeader, count);
                if (range is null || !rangeHeader.StartsWith("bytes=", StringComparison.Ordinal) || rangeHeader.Contains("=-", StringComparison.Ordinal))
                {
                    throw S3Errors.InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", "x-amz-copy-source-range", rangeHeader);
                }

                offset = range.Value.Start;
                count = range.Value.End - range.Value.Start + 1;
            }

            (temp, md5, checksum) = await CopyToTempAsync(content, offset, count, upload.Template.ChecksumAlgorithm, cancellationToken).ConfigureAwait(false);
        }

        var now = Now();
        await store.CommitPartAsync(b, upload.UploadId, new S3PartRecord(partNumber, count, md5, now, checksum), temp).ConfigureAwait(false);
        return new CopyResult(md5, now, checksum is null ? null : upload.Template.ChecksumAlgorithm, checksum);
    }

    public async Task<CompleteMultipartUploadResult> CompleteMultipartUploadAsync(CompleteMultipartUploadRequest request, Protocols.AwsRequestContext context, CancellationToken cancellationToken)
    {
        var b = store.RequireBucket(request.Bucket);
        var upload = S3Store.RequireUpload(b, request.UploadId, request.Key);
        var requested = request.Parts;
        if (requested.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].PartNumber <= requested[i - 1].PartNumber)
            {
                throw S3Errors.InvalidPartOrder();
            }
        }

        var stored = S3Store.ListParts(b, upload.UploadId);
        var parts = new List<S3PartRecord>();
        foreach (var (number, etag) in requested)
        {
            if (!stored.TryGetValue(number, out var part) || part.ETag != etag)
            {
                throw S3Errors.InvalidPart("One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.");
            }

            parts.Add(part);
        }

        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Size < MinPartSize)
            {
                throw S3Errors.EntityTooSmall(parts[i].PartNumber, parts[i].Size);
            }
        }

        var algorithm = upload.Template.ChecksumAlgorithm;
        var fullObject = upload.ChecksumType == "FULL_OBJECT";
        var temp = store.NewTempPath();
        try
        {
            using var etagHash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var fullHasher = fullObject && algorithm is { } fa ? S3Checksums.CreateHasher(fa) : null;
            var buffer = ArrayPool<byte>.Shared.Rent(S3RequestBody.BufferSize);
            long size = 0;
            try
            {
                await using var target = S3Store.CreateTempFile(temp);
                foreach (var part in parts)
                {
                    etagHash.AppendData(Convert.FromHexString(part.ETag));
                    await using var source = new FileStream(S3Store.PartDataPath(b, upload.UploadId, part.PartNumber), FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        fullHasher?.Append(buffer.AsSpan(0, read));
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        size += read;
                    }
                }

                store.FlushToDisk(target);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            string? checksum = null;
            if (algorithm is { } alg)
            {
                if (fullHasher is not null)
                {
                    checksum = Convert.ToBase64String(fullHasher.GetHashAndReset());
                    if (request.Checksums.TryGetValue(alg, out var claimed) && claimed.Length > 0 && claimed != checksum)
                    {
                        throw S3Errors.BadDigest($"The {alg} you specified did not match the calculated checksum.");
                    }
                }
                else if (parts.All(p => p.Checksum is not null))
                {
                    using var composite = S3Checksums.CreateHasher(alg);
                    foreach (var part in parts)
                    {
                        composite.Append(Convert.FromBase64String(part.Checksum!));
                    }

                    checksum = $"{Convert.ToBase64String(composite.GetHashAndReset())}-{parts.Count}";
                }
            }

            var record = await store.CommitObjectAsync(b, upload.Template with
            {
                Size = size,
                ETag = $"{Convert.ToHexStringLower(etagHash.GetHashAndReset())}-{parts.Count}",
                LastModified = Now(),
                Checksum = checksum,
                ChecksumAlgorithm = checksum is null ? null : algorithm,
                ChecksumType = checksum is null ? null : upload.ChecksumType,
                PartsCount = parts.Count,
                PartSizes = [.. parts.Select(p => p.Size)],
            }, temp).ConfigureAwait(false);
            await store.DeleteUploadAsync(b, upload.UploadId).ConfigureAwait(false);
            return new CompleteMultipartUploadResult($"{context.BaseUrl}/{request.Bucket}/{S3Xml.UrlEncode(request.Key)}", request.Bucket, request.Key, record);
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }
    }

    public async Task AbortMultipartUploadAsync(UploadRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        var upload = S3Store.RequireUpload(b, request.UploadId, request.Key);
        await store.DeleteUploadAsync(b, upload.UploadId).ConfigureAwait(false);
    }

    public ListPartsResult ListParts(UploadRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        var upload = S3Store.RequireUpload(b, request.UploadId, request.Key);
        var all = S3Store.ListParts(b, upload.UploadId).Values.Where(p => p.PartNumber > request.PartNumberMarker).ToList();
        var page = all.Take(request.MaxParts).ToList();
        return new ListPartsResult(request.Bucket, request.Key, upload, request.PartNumberMarker, request.MaxParts, page, all.Count > page.Count);
    }

    public ListMultipartUploadsResult ListMultipartUploads(ListMultipartUploadsRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        var (prefix, keyMarker, uploadIdMarker) = (request.Prefix, request.KeyMarker, request.UploadIdMarker);
        var all = S3Store.ListUploads(b)
            .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Where(u => keyMarker.Length == 0
                || string.CompareOrdinal(u.Key, keyMarker) > 0
                || (uploadIdMarker.Length > 0 && u.Key == keyMarker && string.CompareOrdinal(u.UploadId, uploadIdMarker) > 0))
            .ToList();
        var page = all.Take(request.MaxUploads).ToList();
        return new ListMultipartUploadsResult(request.Bucket, prefix, keyMarker, uploadIdMarker, request.MaxUploads, page, all.Count > page.Count);
    }

    /// <summary>A part number is 1 to 10000.</summary>
    private static int ValidatePartNumber(int partNumber) =>
        partNumber is >= 1 and <= 10000
            ? partNumber
            : throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
