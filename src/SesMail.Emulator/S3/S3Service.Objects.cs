using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace SesMail.Emulator.S3;

/// <summary>Object operations: put, get/head (ranges, conditions), delete, batch delete, copy, list, tagging.</summary>
internal sealed partial class S3Service
{
    private async Task PutObjectAsync(HttpContext http, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        var tags = TaggingHeader(http.Request);
        var headers = StoredHeaders(http.Request);
        var metadata = UserMetadata(http.Request);
        var temp = store.NewTempPath();
        try
        {
            S3ReceivedBody body;
            await using (var file = S3Store.CreateTempFile(temp))
            {
                body = await S3RequestBody.CopyToAsync(http.Request, file, null, MaxSinglePut, http.RequestAborted).ConfigureAwait(false);
            }

            CheckWritePreconditions(http.Request, b, key);
            var record = S3Store.CommitObject(b, new S3ObjectRecord
            {
                Key = key,
                DataFile = string.Empty,
                Size = body.Size,
                ETag = body.Md5Hex,
                LastModified = Now(),
                Headers = headers,
                Metadata = metadata,
                Tags = tags,
                ChecksumAlgorithm = body.ChecksumAlgorithm,
                Checksum = body.Checksum,
                ChecksumType = body.Checksum is null ? null : "FULL_OBJECT",
                StorageClass = StorageClass(http.Request),
            }, temp);

            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.Headers.ETag = S3Xml.Quote(record.ETag);
            WriteChecksumHeaders(http.Response, record.ChecksumAlgorithm, record.Checksum, record.ChecksumType);
            http.Response.ContentLength = 0;
        }
        catch
        {
            S3Store.TryDelete(temp);
            throw;
        }
    }

    private static string StorageClass(HttpRequest request)
    {
        var value = request.Headers["x-amz-storage-class"].ToString();
        return value.Length == 0 ? "STANDARD" : value;
    }

    /// <summary>Conditional writes: <c>If-None-Match: *</c> and <c>If-Match: "etag"</c> on PutObject.</summary>
    private static void CheckWritePreconditions(HttpRequest request, S3Bucket bucket, string key)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifNoneMatch.Length == 0 && ifMatch.Length == 0)
        {
            return;
        }

        S3ObjectRecord? current;
        lock (bucket.Sync)
        {
            bucket.Objects.TryGetValue(key, out current);
        }

        if (ifNoneMatch.Trim() == "*" && current is not null)
        {
            throw S3Errors.PreconditionFailed("If-None-Match");
        }

        if (ifMatch.Length > 0 && (current is null || !EtagMatches(ifMatch, current.ETag)))
        {
            throw current is null ? S3Errors.NoSuchKey(key) : S3Errors.PreconditionFailed("If-Match");
        }
    }

    private static bool EtagMatches(string header, string etag) =>
        header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(candidate => candidate == "*" || S3Xml.Unquote(candidate) == etag);

    private static bool TryHttpDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date)
        || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);

    private static DateTimeOffset Seconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>RFC 7232 conditions on GET/HEAD: 412 for If-Match/If-Unmodified-Since, 304 for If-None-Match/If-Modified-Since.</summary>
    private static bool NotModified(HttpRequest request, S3ObjectRecord record)
    {
        var headers = request.Headers;
        var modified = Seconds(record.LastModified);
        var ifMatch = headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && !EtagMatches(ifMatch, record.ETag))
        {
            throw S3Errors.PreconditionFailed("If-Match");
        }

        if (ifMatch.Length == 0 && TryHttpDate(headers.IfUnmodifiedSince.ToString(), out var unmodifiedSince) && modified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("If-Unmodified-Since");
        }

        var ifNoneMatch = headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            return EtagMatches(ifNoneMatch, record.ETag);
        }

        return TryHttpDate(headers.IfModifiedSince.ToString(), out var modifiedSince) && modified <= modifiedSince;
    }

    /// <summary>A <c>bytes=</c> range resolved against the size; <c>null</c> for none or an ignorable one.</summary>
    internal static (long Start, long End)? ParseRange(string header, long size)
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

    private async Task GetObjectAsync(HttpContext http, string bucket, string key, bool head)
    {
        var b = store.RequireBucket(bucket);
        var (record, content) = S3Store.OpenObject(b, key);
        await using (content.ConfigureAwait(false))
        {
            var response = http.Response;
            if (NotModified(http.Request, record))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.ETag = S3Xml.Quote(record.ETag);
                response.Headers.LastModified = S3Xml.HttpDate(record.LastModified);
                return;
            }

            var size = content.Length; // the open file, immune to a concurrent overwrite
            (long Start, long End)? range = null;
            var partNumberText = http.Request.Query["partNumber"].ToString();
            if (partNumberText.Length > 0)
            {
                range = PartRange(record, size, partNumberText);
                response.Headers["x-amz-mp-parts-count"] = (record.PartsCount ?? 1).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                range = ParseRange(http.Request.Headers.Range.ToString(), size);
            }

            WriteObjectHeaders(http, record, whole: range is null || (range.Value.Start == 0 && range.Value.End == size - 1 && partNumberText.Length == 0));
            long offset = 0, count = size;
            if (range is { } r)
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

            content.Position = offset;
            var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
            try
            {
                while (count > 0)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), http.RequestAborted).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted).ConfigureAwait(false);
                    count -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static (long Start, long End)? PartRange(S3ObjectRecord record, long size, string partNumberText)
    {
        if (!int.TryParse(partNumberText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber < 1 || partNumber > 10000)
        {
            throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", partNumberText);
        }

        var sizes = record.PartSizes ?? [size];
        if (partNumber > sizes.Count)
        {
            throw new Protocols.AwsServiceException("InvalidPartNumber", "The requested partnumber is not satisfiable", System.Net.HttpStatusCode.RequestedRangeNotSatisfiable);
        }

        var start = sizes.Take(partNumber - 1).Sum();
        return size == 0 ? null : (start, start + sizes[partNumber - 1] - 1);
    }

    /// <summary>GetObject's <c>response-*</c> query overrides and the headers they set (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).</summary>
    private static readonly (string Parameter, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
    ];

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

    private Task DeleteObject(HttpContext http, string bucket, string key)
    {
        S3Store.DeleteObject(store.RequireBucket(bucket), key);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task DeleteObjectsAsync(HttpContext http, string bucket)
    {
        var b = store.RequireBucket(bucket);
        var headers = http.Request.Headers;
        if (headers.ContentMD5.Count == 0 && !S3Checksums.All.Any(a => headers.ContainsKey(S3Checksums.HeaderName(a))) && !headers.ContainsKey("x-amz-trailer"))
        {
            throw S3Errors.InvalidRequest("Missing required header for this request: Content-MD5");
        }

        var root = S3Xml.Parse(await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false));
        if (root.Name.LocalName != "Delete")
        {
            throw S3Errors.MalformedXml();
        }

        var quiet = string.Equals(root.Child("Quiet")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        var objects = root.Children("Object").ToList();
        if (objects.Count is 0 or > 1000)
        {
            throw S3Errors.MalformedXml();
        }

        var results = new List<XElement>();
        foreach (var item in objects)
        {
            var key = item.Child("Key")?.Value;
            if (string.IsNullOrEmpty(key))
            {
                results.Add(S3Xml.E("Error", S3Xml.E("Key", key ?? string.Empty), S3Xml.E("Code", "InvalidArgument"), S3Xml.E("Message", "Key is empty")));
                continue;
            }

            S3Store.DeleteObject(b, key);
            if (!quiet)
            {
                results.Add(S3Xml.E("Deleted", S3Xml.E("Key", key)));
            }
        }

        await S3Xml.WriteAsync(http, S3Xml.E("DeleteResult", results)).ConfigureAwait(false);
    }

    /// <summary>Parses <c>x-amz-copy-source</c> (<c>[/]bucket/key[?versionId=…]</c>, URL-encoded) and opens the source.</summary>
    private (S3ObjectRecord Record, FileStream Content) OpenCopySource(HttpRequest request, string copySource)
    {
        var value = copySource;
        var version = value.IndexOf("?versionId=", StringComparison.Ordinal);
        if (version >= 0)
        {
            value = value[..version];
        }

        value = Decode(value).TrimStart('/');
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", copySource);
        }

        var (record, content) = S3Store.OpenObject(store.RequireBucket(value[..slash]), value[(slash + 1)..]);
        try
        {
            var headers = request.Headers;
            var ifMatch = headers["x-amz-copy-source-if-match"].ToString();
            var ifNoneMatch = headers["x-amz-copy-source-if-none-match"].ToString();
            if (ifMatch.Length > 0 && !EtagMatches(ifMatch, record.ETag))
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
            }

            if (ifNoneMatch.Length > 0 && EtagMatches(ifNoneMatch, record.ETag))
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
            }

            var modified = Seconds(record.LastModified);
            if (TryHttpDate(headers["x-amz-copy-source-if-unmodified-since"].ToString(), out var unmodifiedSince) && ifMatch.Length == 0 && modified > unmodifiedSince)
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
            }

            if (TryHttpDate(headers["x-amz-copy-source-if-modified-since"].ToString(), out var modifiedSince) && ifNoneMatch.Length == 0 && modified <= modifiedSince)
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
            var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
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
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return (temp, Convert.ToHexStringLower(md5.GetHashAndReset()), checksum is null ? null : Convert.ToBase64String(checksum.GetHashAndReset()));
        }
        catch
        {
            S3Store.TryDelete(temp);
            throw;
        }
    }

    private async Task CopyObjectAsync(HttpContext http, string bucket, string key, string copySource)
    {
        var target = store.RequireBucket(bucket);
        var request = http.Request;
        var directive = request.Headers["x-amz-metadata-directive"].ToString();
        directive = directive.Length == 0 ? "COPY" : directive;
        var taggingDirective = request.Headers["x-amz-tagging-directive"].ToString();
        taggingDirective = taggingDirective.Length == 0 ? "COPY" : taggingDirective;
        if (directive is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }

        if (taggingDirective is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", taggingDirective);
        }

        var (source, content) = OpenCopySource(request, copySource);
        string temp;
        string md5;
        string? checksum;
        S3ChecksumAlgorithm? algorithm;
        await using (content.ConfigureAwait(false))
        {
            var sameObject = ReferenceEquals(store.RequireBucket(SourceBucketName(copySource)), target) && source.Key == key;
            if (sameObject && directive == "COPY" && !request.Headers.ContainsKey("x-amz-storage-class") && !request.Headers.ContainsKey("x-amz-server-side-encryption"))
            {
                throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
            }

            algorithm = S3Checksums.TryParse(request.Headers["x-amz-checksum-algorithm"].ToString(), out var requested) ? requested : source.ChecksumAlgorithm;
            (temp, md5, checksum) = await CopyToTempAsync(content, 0, content.Length, algorithm, http.RequestAborted).ConfigureAwait(false);
        }

        try
        {
            var record = S3Store.CommitObject(target, new S3ObjectRecord
            {
                Key = key,
                DataFile = string.Empty,
                Size = source.Size,
                ETag = md5,
                LastModified = Now(),
                Headers = directive == "COPY" ? source.Headers : StoredHeaders(request),
                Metadata = directive == "COPY" ? source.Metadata : UserMetadata(request),
                Tags = taggingDirective == "COPY" ? source.Tags : TaggingHeader(request),
                ChecksumAlgorithm = algorithm,
                Checksum = checksum,
                ChecksumType = checksum is null ? null : "FULL_OBJECT",
                StorageClass = request.Headers.ContainsKey("x-amz-storage-class") ? StorageClass(request) : source.StorageClass,
            }, temp);

            await S3Xml.WriteAsync(http, S3Xml.E("CopyObjectResult",
                S3Xml.E("ETag", S3Xml.Quote(record.ETag)),
                S3Xml.E("LastModified", S3Xml.Timestamp(record.LastModified)),
                record.ChecksumAlgorithm is { } a && record.Checksum is not null ? S3Xml.E(S3Checksums.ElementName(a), record.Checksum) : null)).ConfigureAwait(false);
        }
        catch
        {
            S3Store.TryDelete(temp);
            throw;
        }
    }

    private static string SourceBucketName(string copySource)
    {
        var value = Decode(copySource.Split("?versionId=")[0]).TrimStart('/');
        return value[..value.IndexOf('/', StringComparison.Ordinal)];
    }

    private async Task ListObjectsAsync(HttpContext http, string bucket, bool v2)
    {
        var b = store.RequireBucket(bucket);
        var request = http.Request;
        var query = request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var maxKeys = IntParameter(request, "max-keys", 1000, 0, 1000);
        var encodingType = query["encoding-type"].ToString();
        if (encodingType.Length > 0 && encodingType != "url")
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }

        var url = encodingType == "url";
        string Encode(string value) => url ? S3Xml.UrlEncode(value) : value;

        string? after;
        var token = query["continuation-token"].ToString();
        var startAfter = query["start-after"].ToString();
        var marker = query["marker"].ToString();
        if (v2 && query.ContainsKey("continuation-token"))
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
            }
        }
        else
        {
            after = v2 ? startAfter : marker;
        }

        var contents = new List<S3ObjectRecord>();
        var commonPrefixes = new List<string>();
        string? last = null;
        var truncated = false;
        var skipUnder = delimiter.Length > 0 && after is not null && after.Length > prefix.Length && after.EndsWith(delimiter, StringComparison.Ordinal) ? after : null;
        foreach (var record in S3Store.Snapshot(b, prefix, string.IsNullOrEmpty(after) ? null : after))
        {
            if (skipUnder is not null && record.Key.StartsWith(skipUnder, StringComparison.Ordinal))
            {
                continue;
            }

            string? commonPrefix = null;
            if (delimiter.Length > 0)
            {
                var at = record.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0)
                {
                    commonPrefix = record.Key[..(at + delimiter.Length)];
                    if (commonPrefix == commonPrefixes.LastOrDefault())
                    {
                        continue;
                    }
                }
            }

            if (contents.Count + commonPrefixes.Count >= maxKeys)
            {
                truncated = maxKeys > 0;
                break;
            }

            if (commonPrefix is not null)
            {
                commonPrefixes.Add(commonPrefix);
                last = commonPrefix;
            }
            else
            {
                contents.Add(record);
                last = record.Key;
            }
        }

        var fetchOwner = !v2 || string.Equals(query["fetch-owner"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var root = S3Xml.E("ListBucketResult",
            S3Xml.E("Name", b.Name),
            S3Xml.E("Prefix", Encode(prefix)),
            v2 ? null : S3Xml.E("Marker", Encode(marker)),
            v2 && query.ContainsKey("continuation-token") ? S3Xml.E("ContinuationToken", token) : null,
            v2 && startAfter.Length > 0 ? S3Xml.E("StartAfter", Encode(startAfter)) : null,
            v2 ? S3Xml.E("KeyCount", contents.Count + commonPrefixes.Count) : null,
            S3Xml.E("MaxKeys", maxKeys),
            delimiter.Length > 0 ? S3Xml.E("Delimiter", Encode(delimiter)) : null,
            url ? S3Xml.E("EncodingType", "url") : null,
            S3Xml.E("IsTruncated", truncated ? "true" : "false"),
            truncated && last is not null
                ? (v2 ? S3Xml.E("NextContinuationToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(last))) : S3Xml.E("NextMarker", Encode(last)))
                : null,
            contents.Select(o => S3Xml.E("Contents",
                S3Xml.E("Key", Encode(o.Key)),
                S3Xml.E("LastModified", S3Xml.Timestamp(o.LastModified)),
                S3Xml.E("ETag", S3Xml.Quote(o.ETag)),
                o.ChecksumAlgorithm is { } a ? S3Xml.E("ChecksumAlgorithm", a.ToString()) : null,
                o.ChecksumType is { } t ? S3Xml.E("ChecksumType", t) : null,
                S3Xml.E("Size", o.Size),
                fetchOwner ? OwnerElement() : null,
                S3Xml.E("StorageClass", o.StorageClass))),
            commonPrefixes.Select(p => S3Xml.E("CommonPrefixes", S3Xml.E("Prefix", Encode(p)))));
        await S3Xml.WriteAsync(http, root).ConfigureAwait(false);
    }

    private async Task PutObjectTaggingAsync(HttpContext http, string bucket, string key)
    {
        var b = store.RequireBucket(bucket);
        S3Store.RequireObject(b, key);
        var root = S3Xml.Parse(await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false));
        if (root.Name.LocalName != "Tagging")
        {
            throw S3Errors.MalformedXml();
        }

        var tags = ValidateTags(ParseTagSet(root));
        S3Store.UpdateObject(b, key, r => r with { Tags = tags });
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task GetObjectTaggingAsync(HttpContext http, string bucket, string key)
    {
        var record = S3Store.RequireObject(store.RequireBucket(bucket), key);
        return S3Xml.WriteAsync(http, S3Xml.E("Tagging",
            S3Xml.E("TagSet", record.Tags.Select(t => S3Xml.E("Tag", S3Xml.E("Key", t.Key), S3Xml.E("Value", t.Value))))));
    }

    private Task DeleteObjectTagging(HttpContext http, string bucket, string key)
    {
        S3Store.UpdateObject(store.RequireBucket(bucket), key, r => r with { Tags = [] });
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
