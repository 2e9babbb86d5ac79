using System.Buffers;
using System.Globalization;

namespace SesMail.Emulator.S3;

/// <summary>Object operations over REST: read the request, call <see cref="S3Provider"/>, write the result.</summary>
internal sealed partial class S3Service
{
    /// <summary>GetObject's <c>response-*</c> query overrides and the headers they set (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).</summary>
    private static readonly (string Parameter, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
    ];

    private async Task PutObjectAsync(HttpContext http, string bucket, string key)
    {
        var request = http.Request;
        var result = await provider.PutObjectAsync(
            new PutObjectRequest(bucket, key, new HttpPayload(request), Attributes(request), request.Headers.IfMatch.ToString(), request.Headers.IfNoneMatch.ToString()),
            http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.Headers.ETag = S3Xml.Quote(result.ETag);
        WriteChecksumHeaders(http.Response, result.ChecksumAlgorithm, result.Checksum, result.ChecksumType);
        http.Response.ContentLength = 0;
    }

    private async Task GetObjectAsync(HttpContext http, string bucket, string key, bool head)
    {
        var request = http.Request;
        var result = provider.GetObject(new GetObjectRequest(bucket, key, Conditions(request), request.Headers.Range.ToString(), request.Query["partNumber"].ToString()));
        await using (result.ConfigureAwait(false))
        {
            var response = http.Response;
            var record = result.Object;
            if (result.NotModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.ETag = S3Xml.Quote(record.ETag);
                response.Headers.LastModified = S3Xml.HttpDate(record.LastModified);
                return;
            }

            if (result.PartsCount is { } parts)
            {
                response.Headers["x-amz-mp-parts-count"] = parts.ToString(CultureInfo.InvariantCulture);
            }

            WriteObjectHeaders(http, record, result.Whole);
            var size = result.Content.Length;
            long offset = 0, count = size;
            if (result.Range is { } r)
            {
                offset = r.Start;
                count = r.End - r.Start + 1;
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {r.Start}-{r.End}/{size}";
            }
            else
            {
                response.StatusCode = StatusCodes.Status200OK;
            }

            response.ContentLength = count;
            if (head || count == 0)
            {
                return;
            }

            await CopyContentAsync(http, result.Content, offset, count).ConfigureAwait(false);
        }
    }

    private static async Task CopyContentAsync(HttpContext http, FileStream content, long offset, long count)
    {
        content.Position = offset;
        var buffer = ArrayPool<byte>.Shared.Rent(S3RequestBody.BufferSize);
        try
        {
            while (count > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), http.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted).ConfigureAwait(false);
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An object's headers on GET/HEAD: ETag, dates, stored headers, metadata, storage class, tag count, checksum (<c>x-amz-checksum-mode: ENABLED</c>, whole object only), then the <c>response-*</c> overrides.</summary>
    private static void WriteObjectHeaders(HttpContext http, S3ObjectRecord record, bool whole)
    {
        var response = http.Response;
        var query = http.Request.Query;
        foreach (var (parameter, _) in ResponseOverrides)
        {
            if (query[parameter].ToString().Any(char.IsControl))
            {
                throw S3Errors.InvalidArgument($"{parameter} must not contain control characters.", parameter);
            }
        }

        response.Headers.ETag = S3Xml.Quote(record.ETag);
        response.Headers.LastModified = S3Xml.HttpDate(record.LastModified);
        response.Headers.AcceptRanges = "bytes";
        foreach (var (name, value) in record.Headers)
        {
            response.Headers[name] = value;
        }

        foreach (var (name, value) in record.Metadata)
        {
            response.Headers["x-amz-meta-" + name] = value;
        }

        if (record.StorageClass != "STANDARD")
        {
            response.Headers["x-amz-storage-class"] = record.StorageClass;
        }

        if (record.Tags.Count > 0)
        {
            response.Headers["x-amz-tagging-count"] = record.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (whole && http.Request.Headers["x-amz-checksum-mode"].ToString().Equals("ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            WriteChecksumHeaders(response, record.ChecksumAlgorithm, record.Checksum, record.ChecksumType);
        }

        foreach (var (parameter, header) in ResponseOverrides)
        {
            var value = query[parameter].ToString();
            if (value.Length > 0)
            {
                response.Headers[header] = value;
            }
        }
    }

    private async Task DeleteObjectAsync(HttpContext http, string bucket, string key)
    {
        await provider.DeleteObjectAsync(bucket, key).ConfigureAwait(false);
        await WriteStatus(http, StatusCodes.Status204NoContent).ConfigureAwait(false);
    }

    private async Task DeleteObjectsAsync(HttpContext http, string bucket)
    {
        var headers = http.Request.Headers;
        var hasIntegrityHeader = headers.ContentMD5.Count > 0 || S3Checksums.All.Any(a => headers.ContainsKey(S3Checksums.HeaderName(a))) || headers.ContainsKey("x-amz-trailer");
        var root = await ReadDocumentAsync(http, "Delete").ConfigureAwait(false);
        var quiet = string.Equals(root.Child("Quiet")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        var keys = root.Children("Object").Select(o => o.Child("Key")?.Value).ToList();
        var result = await provider.DeleteObjectsAsync(new DeleteObjectsRequest(bucket, hasIntegrityHeader, quiet, keys)).ConfigureAwait(false);
        await S3Xml.WriteAsync(http, S3Xml.E("DeleteResult", result.Entries.Select(e => e.ErrorCode is null
            ? S3Xml.E("Deleted", S3Xml.E("Key", e.Key))
            : S3Xml.E("Error", S3Xml.E("Key", e.Key), S3Xml.E("Code", e.ErrorCode), S3Xml.E("Message", e.ErrorMessage))))).ConfigureAwait(false);
    }

    private async Task CopyObjectAsync(HttpContext http, string bucket, string key, string copySource)
    {
        var request = http.Request;
        var result = await provider.CopyObjectAsync(
            new CopyObjectRequest(
                bucket,
                key,
                CopySource(copySource),
                Conditions(request, "x-amz-copy-source-"),
                request.Headers["x-amz-metadata-directive"].ToString(),
                request.Headers["x-amz-tagging-directive"].ToString(),
                Attributes(request),
                request.Headers.ContainsKey("x-amz-server-side-encryption"),
                request.Headers["x-amz-checksum-algorithm"].ToString()),
            http.RequestAborted).ConfigureAwait(false);
        await S3Xml.WriteAsync(http, S3Xml.E("CopyObjectResult",
            S3Xml.E("ETag", S3Xml.Quote(result.ETag)),
            S3Xml.E("LastModified", S3Xml.Timestamp(result.LastModified)),
            ChecksumElement(result.ChecksumAlgorithm, result.Checksum))).ConfigureAwait(false);
    }

    private Task ListObjectsAsync(HttpContext http, string bucket, bool v2)
    {
        var request = http.Request;
        var query = request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var maxKeys = IntParameter(request, "max-keys", 1000, 0, 1000);
        var encode = KeyEncoder(request);
        var url = query["encoding-type"] == "url";
        var token = query.ContainsKey("continuation-token") ? query["continuation-token"].ToString() : null;
        var startAfter = query["start-after"].ToString();
        var marker = query["marker"].ToString();
        var result = provider.ListObjects(new ListObjectsRequest(bucket, v2, prefix, delimiter, maxKeys, token, startAfter, marker));

        var fetchOwner = !v2 || string.Equals(query["fetch-owner"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var root = S3Xml.E("ListBucketResult",
            S3Xml.E("Name", result.Bucket),
            S3Xml.E("Prefix", encode(prefix)),
            v2 ? null : S3Xml.E("Marker", encode(marker)),
            v2 && token is not null ? S3Xml.E("ContinuationToken", token) : null,
            v2 && startAfter.Length > 0 ? S3Xml.E("StartAfter", encode(startAfter)) : null,
            v2 ? S3Xml.E("KeyCount", result.Contents.Count + result.CommonPrefixes.Count) : null,
            S3Xml.E("MaxKeys", maxKeys),
            delimiter.Length > 0 ? S3Xml.E("Delimiter", encode(delimiter)) : null,
            url ? S3Xml.E("EncodingType", "url") : null,
            S3Xml.E("IsTruncated", result.IsTruncated ? "true" : "false"),
            result.NextContinuationToken is { } next ? S3Xml.E("NextContinuationToken", next) : null,
            result.NextMarker is { } nextMarker ? S3Xml.E("NextMarker", encode(nextMarker)) : null,
            result.Contents.Select(o => S3Xml.E("Contents",
                S3Xml.E("Key", encode(o.Key)),
                S3Xml.E("LastModified", S3Xml.Timestamp(o.LastModified)),
                S3Xml.E("ETag", S3Xml.Quote(o.ETag)),
                o.ChecksumAlgorithm is { } a ? S3Xml.E("ChecksumAlgorithm", a.ToString()) : null,
                o.ChecksumType is { } t ? S3Xml.E("ChecksumType", t) : null,
                S3Xml.E("Size", o.Size),
                fetchOwner ? OwnerElement() : null,
                S3Xml.E("StorageClass", o.StorageClass))),
            result.CommonPrefixes.Select(p => S3Xml.E("CommonPrefixes", S3Xml.E("Prefix", encode(p)))));
        return S3Xml.WriteAsync(http, root);
    }

    private async Task PutObjectTaggingAsync(HttpContext http, string bucket, string key)
    {
        var root = await ReadDocumentAsync(http, "Tagging").ConfigureAwait(false);
        await provider.PutObjectTaggingAsync(bucket, key, S3Xml.TagSet(root)).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task GetObjectTaggingAsync(HttpContext http, string bucket, string key) =>
        S3Xml.WriteAsync(http, S3Xml.E("Tagging",
            S3Xml.E("TagSet", provider.GetObjectTagging(bucket, key).Select(t => S3Xml.E("Tag", S3Xml.E("Key", t.Key), S3Xml.E("Value", t.Value))))));

    private async Task DeleteObjectTaggingAsync(HttpContext http, string bucket, string key)
    {
        await provider.DeleteObjectTaggingAsync(bucket, key).ConfigureAwait(false);
        await WriteStatus(http, StatusCodes.Status204NoContent).ConfigureAwait(false);
    }

    private Task AcceptAndIgnoreAsync(HttpContext http, string bucket, string key)
    {
        provider.PutObjectAcl(bucket, key);
        return WriteStatus(http, StatusCodes.Status200OK);
    }

    private Task GetAclAsync(HttpContext http, string bucket, string? key)
    {
        provider.GetAcl(bucket, key);
        return WriteAclAsync(http);
    }
}
