using System.Globalization;
using System.Text;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.S3;

/// <summary>Objects: PutObject, GetObject/HeadObject (ranges, parts, conditions), DeleteObject, DeleteObjects, CopyObject, ListObjects (v1 and v2), object tagging and ACL.</summary>
internal sealed partial class S3Provider
{
    public async Task<PutObjectResult> PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken)
    {
        var b = store.RequireBucket(request.Bucket);
        var attributes = Validate(request.Attributes);
        var temp = store.NewTempPath();
        try
        {
            S3ReceivedBody body;
            await using (var file = S3Store.CreateTempFile(temp))
            {
                body = await request.Body.CopyToAsync(file, null, MaxSinglePut, cancellationToken).ConfigureAwait(false);
                store.FlushToDisk(file);
            }

            CheckWritePreconditions(request.IfMatch, request.IfNoneMatch, b, request.Key);
            var record = await store.CommitObjectAsync(b, new S3ObjectRecord
            {
                Key = request.Key,
                DataFile = string.Empty,
                Size = body.Size,
                ETag = body.Md5Hex,
                LastModified = Now(),
                Headers = attributes.Headers,
                Metadata = attributes.Metadata,
                Tags = attributes.Tags,
                ChecksumAlgorithm = body.ChecksumAlgorithm,
                Checksum = body.Checksum,
                ChecksumType = body.Checksum is null ? null : "FULL_OBJECT",
                StorageClass = attributes.StorageClass ?? "STANDARD",
            }, temp).ConfigureAwait(false);
            return new PutObjectResult(record.ETag, record.ChecksumAlgorithm, record.Checksum, record.ChecksumType);
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>Conditional writes: <c>If-None-Match: *</c> and <c>If-Match: "etag"</c> on PutObject.</summary>
    private static void CheckWritePreconditions(string ifMatch, string ifNoneMatch, S3Bucket bucket, string key)
    {
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

    /// <summary>
    /// GetObject and HeadObject: the object and its open content, after the RFC 7232 conditions (412 for If-Match and
    /// If-Unmodified-Since, 304 for If-None-Match and If-Modified-Since), and the bytes to send: one part
    /// (<c>partNumber</c>), one range (<c>Range</c>), or all.
    /// </summary>
    public GetObjectResult GetObject(GetObjectRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        var (record, content) = S3Store.OpenObject(b, request.Key);
        try
        {
            if (NotModified(request.Conditions, record))
            {
                return new GetObjectResult(record, content, NotModified: true, null, null, Whole: false);
            }

            var size = content.Length; // the open file, immune to a concurrent overwrite
            if (request.PartNumber.Length > 0)
            {
                var part = PartRange(record, size, request.PartNumber);
                return new GetObjectResult(record, content, NotModified: false, part, record.PartsCount ?? 1, Whole: part is null);
            }

            var range = ParseRange(request.Range, size);
            return new GetObjectResult(record, content, NotModified: false, range, null, Whole: range is null || (range.Value.Start == 0 && range.Value.End == size - 1));
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>RFC 7232 conditions on GET/HEAD: 412 for If-Match/If-Unmodified-Since, <c>true</c> (304) for If-None-Match/If-Modified-Since.</summary>
    private static bool NotModified(S3Conditions conditions, S3ObjectRecord record)
    {
        var modified = Seconds(record.LastModified);
        if (conditions.IfMatch.Length > 0 && !EtagMatches(conditions.IfMatch, record.ETag))
        {
            throw S3Errors.PreconditionFailed("If-Match");
        }

        if (conditions.IfMatch.Length == 0 && conditions.IfUnmodifiedSince is { } unmodifiedSince && modified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("If-Unmodified-Since");
        }

        if (conditions.IfNoneMatch.Length > 0)
        {
            return EtagMatches(conditions.IfNoneMatch, record.ETag);
        }

        return conditions.IfModifiedSince is { } modifiedSince && modified <= modifiedSince;
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

    /// <summary>DeleteObject: deleting a missing key succeeds, as in S3.</summary>
    public Task DeleteObjectAsync(string bucket, string key) => store.DeleteObjectsAsync(store.RequireBucket(bucket), [key]);

    /// <summary>DeleteObjects: up to 1000 keys; the request must carry Content-MD5 or a checksum.</summary>
    public async Task<DeleteObjectsResult> DeleteObjectsAsync(DeleteObjectsRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        if (!request.HasIntegrityHeader)
        {
            throw S3Errors.InvalidRequest("Missing required header for this request: Content-MD5");
        }

        if (request.Keys.Count is 0 or > 1000)
        {
            throw S3Errors.MalformedXml();
        }

        var entries = new List<DeleteObjectsEntry>();
        var deleted = new List<string>();
        foreach (var key in request.Keys)
        {
            if (string.IsNullOrEmpty(key))
            {
                entries.Add(new DeleteObjectsEntry(key ?? string.Empty, "InvalidArgument", "Key is empty"));
                continue;
            }

            deleted.Add(key);
            if (!request.Quiet)
            {
                entries.Add(new DeleteObjectsEntry(key, null, null));
            }
        }

        await store.DeleteObjectsAsync(b, deleted).ConfigureAwait(false);
        return new DeleteObjectsResult(entries);
    }

    /// <summary>
    /// CopyObject: metadata and tags copied or replaced by their directives, the checksum recomputed (with the
    /// requested algorithm, else the source's); copying an object onto itself must change something.
    /// </summary>
    public async Task<CopyResult> CopyObjectAsync(CopyObjectRequest request, CancellationToken cancellationToken)
    {
        var target = store.RequireBucket(request.Bucket);
        var directive = request.MetadataDirective.Length == 0 ? "COPY" : request.MetadataDirective;
        var taggingDirective = request.TaggingDirective.Length == 0 ? "COPY" : request.TaggingDirective;
        if (directive is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }

        if (taggingDirective is not ("COPY" or "REPLACE"))
        {
            throw S3Errors.InvalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", taggingDirective);
        }

        var (source, content) = OpenCopySource(request.Source, request.SourceConditions);
        string temp;
        string md5;
        string? checksum;
        S3ChecksumAlgorithm? algorithm;
        await using (content.ConfigureAwait(false))
        {
            var sameObject = ReferenceEquals(store.RequireBucket(request.Source.Bucket), target) && source.Key == request.Key;
            if (sameObject && directive == "COPY" && request.Attributes.StorageClass is null && !request.ChangesEncryption)
            {
                throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
            }

            algorithm = S3Checksums.TryParse(request.ChecksumAlgorithm, out var requested) ? requested : source.ChecksumAlgorithm;
            (temp, md5, checksum) = await CopyToTempAsync(content, 0, content.Length, algorithm, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var replaced = request.Attributes;
            if (directive == "REPLACE")
            {
                ValidateMetadata(replaced.Metadata);
            }

            if (taggingDirective == "REPLACE")
            {
                ValidateTags(replaced.Tags);
            }

            var record = await store.CommitObjectAsync(target, new S3ObjectRecord
            {
                Key = request.Key,
                DataFile = string.Empty,
                Size = source.Size,
                ETag = md5,
                LastModified = Now(),
                Headers = directive == "COPY" ? source.Headers : replaced.Headers,
                Metadata = directive == "COPY" ? source.Metadata : replaced.Metadata,
                Tags = taggingDirective == "COPY" ? source.Tags : replaced.Tags,
                ChecksumAlgorithm = algorithm,
                Checksum = checksum,
                ChecksumType = checksum is null ? null : "FULL_OBJECT",
                StorageClass = request.Attributes.StorageClass ?? source.StorageClass,
            }, temp).ConfigureAwait(false);
            return new CopyResult(record.ETag, record.LastModified, record.ChecksumAlgorithm, record.Checksum);
        }
        catch
        {
            DurableFiles.DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>
    /// ListObjects and ListObjectsV2: keys after the marker (v1), start-after or continuation token (v2; the token is
    /// the base64 of the last key), rolled up into common prefixes by the delimiter, at most <c>max-keys</c> entries.
    /// </summary>
    public ListObjectsResult ListObjects(ListObjectsRequest request)
    {
        var b = store.RequireBucket(request.Bucket);
        var (prefix, delimiter, maxKeys) = (request.Prefix, request.Delimiter, request.MaxKeys);
        string? after;
        if (request.V2 && request.ContinuationToken is { } token)
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
            after = request.V2 ? request.StartAfter : request.Marker;
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

        var next = truncated ? last : null;
        return new ListObjectsResult(
            b.Name,
            contents,
            commonPrefixes,
            truncated,
            request.V2 && next is not null ? Convert.ToBase64String(Encoding.UTF8.GetBytes(next)) : null,
            request.V2 ? null : next);
    }

    public async Task PutObjectTaggingAsync(string bucket, string key, List<S3Tag> tags)
    {
        var b = store.RequireBucket(bucket);
        S3Store.RequireObject(b, key);
        var valid = ValidateTags(tags);
        await store.UpdateObjectAsync(b, key, r => r with { Tags = valid }).ConfigureAwait(false);
    }

    public IReadOnlyList<S3Tag> GetObjectTagging(string bucket, string key) => S3Store.RequireObject(store.RequireBucket(bucket), key).Tags;

    public Task DeleteObjectTaggingAsync(string bucket, string key) => store.UpdateObjectAsync(store.RequireBucket(bucket), key, r => r with { Tags = [] });

    /// <summary>PutObjectAcl: the object must exist; the ACL is accepted and not enforced.</summary>
    public void PutObjectAcl(string bucket, string key) => S3Store.RequireObject(store.RequireBucket(bucket), key);
}
