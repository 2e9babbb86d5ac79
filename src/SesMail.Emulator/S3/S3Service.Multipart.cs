using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace SesMail.Emulator.S3;

/// <summary>
/// Multipart upload (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html): create, upload part
/// (also by copy), complete with the <c>{md5-of-part-md5s}-{N}</c> ETag, abort, list parts, list uploads.
/// </summary>
internal sealed partial class S3Service
{
    private const long MinPartSize = 5L * 1024 * 1024;

    private async Task CreateMultipartUploadAsync(HttpContext http, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        var request = http.Request;
        S3ChecksumAlgorithm? algorithm = null;
        var algorithmText = request.Headers["x-amz-checksum-algorithm"].ToString();
        if (algorithmText.Length > 0)
        {
            algorithm = S3Checksums.TryParse(algorithmText, out var parsed) ? parsed
                : throw S3Errors.InvalidRequest($"Checksum algorithm '{algorithmText}' is not supported; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.");
        }

        var type = request.Headers["x-amz-checksum-type"].ToString().ToUpperInvariant();
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

        var upload = new S3UploadRecord
        {
            UploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '_').Replace('/', '_'), // no '-': the CLI would read a leading one as an option
            Key = key,
            Initiated = Now(),
            ChecksumType = type.Length == 0 ? null : type,
            Template = new S3ObjectRecord
            {
                Key = key,
                DataFile = string.Empty,
                Size = 0,
                ETag = string.Empty,
                LastModified = Now(),
                Headers = StoredHeaders(request),
                Metadata = UserMetadata(request),
                Tags = TaggingHeader(request),
                ChecksumAlgorithm = algorithm,
                StorageClass = StorageClass(request),
            },
        };
        S3Store.CreateUpload(b, upload);
        if (algorithm is { } a)
        {
            http.Response.Headers["x-amz-checksum-algorithm"] = a.ToString();
            http.Response.Headers["x-amz-checksum-type"] = type;
        }

        await S3Xml.WriteAsync(http, S3Xml.E("InitiateMultipartUploadResult",
            S3Xml.E("Bucket", bucket), S3Xml.E("Key", key), S3Xml.E("UploadId", upload.UploadId))).ConfigureAwait(false);
    }

    private static int PartNumber(HttpRequest request)
    {
        var text = request.Query["partNumber"].ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 10000
            ? number
            : throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", text);
    }

    private async Task UploadPartAsync(HttpContext http, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        var partNumber = PartNumber(http.Request);
        var upload = S3Store.RequireUpload(b, http.Request.Query["uploadId"].ToString(), key);
        var temp = store.NewTempPath();
        try
        {
            S3ReceivedBody body;
            await using (var file = S3Store.CreateTempFile(temp))
            {
                body = await S3RequestBody.CopyToAsync(http.Request, file, upload.Template.ChecksumAlgorithm, MaxSinglePut, http.RequestAborted).ConfigureAwait(false);
            }

            var checksum = body.ChecksumAlgorithm == upload.Template.ChecksumAlgorithm ? body.Checksum : null;
            S3Store.CommitPart(b, upload.UploadId, new S3PartRecord(partNumber, body.Size, body.Md5Hex, Now(), checksum), temp);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.Headers.ETag = S3Xml.Quote(body.Md5Hex);
            WriteChecksumHeaders(http.Response, body.ChecksumAlgorithm, body.Checksum, null);
            http.Response.ContentLength = 0;
        }
        catch
        {
            S3Store.TryDelete(temp);
            throw;
        }
    }

    private async Task UploadPartCopyAsync(HttpContext http, string bucket, string key, string copySource)
    {
        var b = store.RequireBucket(bucket);
        var partNumber = PartNumber(http.Request);
        var upload = S3Store.RequireUpload(b, http.Request.Query["uploadId"].ToString(), key);
        var (_, content) = OpenCopySource(http.Request, copySource);
        string temp, md5;
        string? checksum;
        long offset = 0, count;
        await using (content.ConfigureAwait(false))
        {
            count = content.Length;
            var rangeHeader = http.Request.Headers["x-amz-copy-source-range"].ToString();
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

            (temp, md5, checksum) = await CopyToTempAsync(content, offset, count, upload.Template.ChecksumAlgorithm, http.RequestAborted).ConfigureAwait(false);
        }

        var now = Now();
        S3Store.CommitPart(b, upload.UploadId, new S3PartRecord(partNumber, count, md5, now, checksum), temp);
        await S3Xml.WriteAsync(http, S3Xml.E("CopyPartResult",
            S3Xml.E("ETag", S3Xml.Quote(md5)),
            S3Xml.E("LastModified", S3Xml.Timestamp(now)),
            upload.Template.ChecksumAlgorithm is { } a && checksum is not null ? S3Xml.E(S3Checksums.ElementName(a), checksum) : null)).ConfigureAwait(false);
    }

    private async Task CompleteMultipartUploadAsync(HttpContext http, Protocols.AwsRequestContext context, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        var upload = S3Store.RequireUpload(b, http.Request.Query["uploadId"].ToString(), key);

        // The x-amz-checksum-* headers of this request describe the whole object, not the XML body.
        byte[] bodyBytes;
        using (var memory = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(memory, http.RequestAborted).ConfigureAwait(false);
            bodyBytes = memory.ToArray();
        }

        var root = S3Xml.Parse(bodyBytes);
        var requested = root.Children("Part").Select(p => (
            Number: int.TryParse(p.Child("PartNumber")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw S3Errors.MalformedXml(),
            ETag: S3Xml.Unquote(p.Child("ETag")?.Value ?? throw S3Errors.MalformedXml()))).ToList();
        if (requested.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].Number <= requested[i - 1].Number)
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
            var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
            long size = 0;
            try
            {
                await using var target = S3Store.CreateTempFile(temp);
                foreach (var part in parts)
                {
                    etagHash.AppendData(Convert.FromHexString(part.ETag));
                    await using var source = new FileStream(S3Store.PartDataPath(b, upload.UploadId, part.PartNumber), FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    int read;
                    while ((read = await source.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        fullHasher?.Append(buffer.AsSpan(0, read));
                        await target.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted).ConfigureAwait(false);
                        size += read;
                    }
                }
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
                    var claimed = http.Request.Headers[S3Checksums.HeaderName(alg)].ToString();
                    if (claimed.Length > 0 && claimed != checksum)
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

            var record = S3Store.CommitObject(b, upload.Template with
            {
                Size = size,
                ETag = $"{Convert.ToHexStringLower(etagHash.GetHashAndReset())}-{parts.Count}",
                LastModified = Now(),
                Checksum = checksum,
                ChecksumAlgorithm = checksum is null ? null : algorithm,
                ChecksumType = checksum is null ? null : upload.ChecksumType,
                PartsCount = parts.Count,
                PartSizes = [.. parts.Select(p => p.Size)],
            }, temp);
            S3Store.DeleteUpload(b, upload.UploadId);

            await S3Xml.WriteAsync(http, S3Xml.E("CompleteMultipartUploadResult",
                S3Xml.E("Location", $"{context.BaseUrl}/{bucket}/{S3Xml.UrlEncode(key)}"),
                S3Xml.E("Bucket", bucket),
                S3Xml.E("Key", key),
                S3Xml.E("ETag", S3Xml.Quote(record.ETag)),
                record.ChecksumAlgorithm is { } ra && record.Checksum is not null ? S3Xml.E(S3Checksums.ElementName(ra), record.Checksum) : null,
                record.ChecksumType is { } rt ? S3Xml.E("ChecksumType", rt) : null)).ConfigureAwait(false);
        }
        catch
        {
            S3Store.TryDelete(temp);
            throw;
        }
    }

    private Task AbortMultipartUpload(HttpContext http, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        var upload = S3Store.RequireUpload(b, http.Request.Query["uploadId"].ToString(), key);
        S3Store.DeleteUpload(b, upload.UploadId);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task ListPartsAsync(HttpContext http, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        var upload = S3Store.RequireUpload(b, http.Request.Query["uploadId"].ToString(), key);
        var maxParts = IntParameter(http.Request, "max-parts", 1000, 0, 1000);
        var marker = IntParameter(http.Request, "part-number-marker", 0, 0, 10000);
        var all = S3Store.ListParts(b, upload.UploadId).Values.Where(p => p.PartNumber > marker).ToList();
        var page = all.Take(maxParts).ToList();
        var truncated = all.Count > page.Count;
        var algorithm = upload.Template.ChecksumAlgorithm;
        await S3Xml.WriteAsync(http, S3Xml.E("ListPartsResult",
            S3Xml.E("Bucket", bucket),
            S3Xml.E("Key", key),
            S3Xml.E("UploadId", upload.UploadId),
            S3Xml.E("PartNumberMarker", marker),
            page.Count > 0 ? S3Xml.E("NextPartNumberMarker", page[^1].PartNumber) : null,
            S3Xml.E("MaxParts", maxParts),
            S3Xml.E("IsTruncated", truncated ? "true" : "false"),
            page.Select(p => S3Xml.E("Part",
                S3Xml.E("PartNumber", p.PartNumber),
                S3Xml.E("LastModified", S3Xml.Timestamp(p.LastModified)),
                S3Xml.E("ETag", S3Xml.Quote(p.ETag)),
                algorithm is { } a && p.Checksum is not null ? S3Xml.E(S3Checksums.ElementName(a), p.Checksum) : null,
                S3Xml.E("Size", p.Size))),
            OwnerElement("Initiator"),
            OwnerElement(),
            S3Xml.E("StorageClass", upload.Template.StorageClass),
            algorithm is { } alg ? S3Xml.E("ChecksumAlgorithm", alg.ToString()) : null,
            upload.ChecksumType is { } type ? S3Xml.E("ChecksumType", type) : null)).ConfigureAwait(false);
    }

    private async Task ListMultipartUploadsAsync(HttpContext http, string bucket)
    {
        var b = store.RequireBucket(bucket);
        var query = http.Request.Query;
        var prefix = query["prefix"].ToString();
        var keyMarker = query["key-marker"].ToString();
        var uploadIdMarker = query["upload-id-marker"].ToString();
        var maxUploads = IntParameter(http.Request, "max-uploads", 1000, 0, 1000);
        var all = S3Store.ListUploads(b)
            .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Where(u => keyMarker.Length == 0
                || string.CompareOrdinal(u.Key, keyMarker) > 0
                || (uploadIdMarker.Length > 0 && u.Key == keyMarker && string.CompareOrdinal(u.UploadId, uploadIdMarker) > 0))
            .ToList();
        var page = all.Take(maxUploads).ToList();
        var truncated = all.Count > page.Count;
        await S3Xml.WriteAsync(http, S3Xml.E("ListMultipartUploadsResult",
            S3Xml.E("Bucket", bucket),
            S3Xml.E("KeyMarker", keyMarker),
            S3Xml.E("UploadIdMarker", uploadIdMarker),
            truncated ? S3Xml.E("NextKeyMarker", page[^1].Key) : null,
            truncated ? S3Xml.E("NextUploadIdMarker", page[^1].UploadId) : null,
            prefix.Length > 0 ? S3Xml.E("Prefix", prefix) : null,
            S3Xml.E("MaxUploads", maxUploads),
            S3Xml.E("IsTruncated", truncated ? "true" : "false"),
            page.Select(u => S3Xml.E("Upload",
                S3Xml.E("Key", u.Key),
                S3Xml.E("UploadId", u.UploadId),
                OwnerElement("Initiator"),
                OwnerElement(),
                S3Xml.E("StorageClass", u.Template.StorageClass),
                S3Xml.E("Initiated", S3Xml.Timestamp(u.Initiated)),
                u.Template.ChecksumAlgorithm is { } a ? S3Xml.E("ChecksumAlgorithm", a.ToString()) : null,
                u.ChecksumType is { } t ? S3Xml.E("ChecksumType", t) : null)))).ConfigureAwait(false);
    }
}
