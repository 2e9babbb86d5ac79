using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.S3;

/// <summary>
/// Amazon S3 over REST-XML (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html):
/// path-style (<c>/bucket/key</c>) and virtual-host style (<c>bucket.localhost:port</c>) addressing, operations chosen by
/// method, bucket/key presence and sub-resource query parameters, bodies in every encoding the SDKs send.
/// </summary>
/// <remarks>
/// Unlike the JSON and Query services this one binds HTTP itself (S3's mapping is spread over paths, headers and
/// query flags), so operation methods take the <see cref="HttpContext"/>; state lives in <see cref="S3Store"/>.
/// Not emulated: versioning (the status is stored and returned, but only the current version is kept, and no
/// <c>x-amz-version-id</c> is issued), ACL and policy enforcement (documents are stored and returned), lifecycle
/// expiry (rules are stored, nothing expires), SSE (the headers are accepted), signature verification
/// (any credentials are accepted), presigned POST forms.
/// </remarks>
internal sealed partial class S3Service(S3Store store, TimeProvider clock) : IRestXmlService
{
    /// <summary>Largest object or part accepted in one request (S3's single-PUT limit is 5 GiB).</summary>
    private const long MaxSinglePut = 5L * 1024 * 1024 * 1024;

    /// <summary>The canonical owner of every bucket and object.</summary>
    private static readonly (string Id, string DisplayName) Owner =
        (Convert.ToHexStringLower(SHA256.HashData("sesmail-emulator-owner"u8)), "sesmail");

    /// <summary>
    /// Object sub-resources S3 has but this emulator does not: refused with 501 <c>NotImplemented</c> rather than
    /// falling through to GetObject/PutObject, which would return the object for a metadata query or overwrite it with
    /// the configuration document.
    /// </summary>
    private static readonly (string Subresource, string Operations)[] UnsupportedObjectSubresources =
    [
        ("retention", "GetObjectRetention/PutObjectRetention"),
        ("legal-hold", "GetObjectLegalHold/PutObjectLegalHold"),
        ("attributes", "GetObjectAttributes"),
        ("restore", "RestoreObject"),
        ("select", "SelectObjectContent"),
        ("torrent", "GetObjectTorrent"),
        ("renameObject", "RenameObject"),
    ];

    /// <summary>Bucket sub-resources not emulated: refused rather than read as ListObjects or CreateBucket.</summary>
    private static readonly string[] UnsupportedBucketSubresources =
    [
        "analytics", "inventory", "metrics", "intelligent-tiering", "metadataTable", "metadataConfiguration", "session",
    ];

    public string SigningName => "s3";

    public async Task HandleAsync(HttpContext http, AwsRequestContext context)
    {
        var request = http.Request;
        http.Response.Headers["x-amz-request-id"] = context.RequestId;
        http.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(context.RequestId));
        var (bucket, key) = ResolveTarget(http);
        var method = request.Method;

        if (bucket is null)
        {
            if (HttpMethods.IsGet(method))
            {
                await ListBucketsAsync(http).ConfigureAwait(false);
                return;
            }

            throw S3Errors.MethodNotAllowed(method, "SERVICE");
        }

        if (key is null)
        {
            await HandleBucketAsync(http, context, bucket).ConfigureAwait(false);
        }
        else
        {
            await HandleObjectAsync(http, context, bucket, key).ConfigureAwait(false);
        }
    }

    private Task HandleBucketAsync(HttpContext http, AwsRequestContext context, string bucket)
    {
        var query = http.Request.Query;
        var method = http.Request.Method;
        var unsupported = UnsupportedBucketSubresources.FirstOrDefault(query.ContainsKey);
        if (unsupported is not null)
        {
            throw S3Errors.NotImplemented($"the bucket sub-resource '?{unsupported}'");
        }

        var sub = BucketSubresources.FirstOrDefault(query.ContainsKey);
        if (HttpMethods.IsGet(method))
        {
            return sub switch
            {
                "location" => GetBucketLocationAsync(http, bucket),
                "uploads" => ListMultipartUploadsAsync(http, bucket),
                "versions" => throw S3Errors.NotImplemented("ListObjectVersions"),
                null when query["list-type"] == "2" => ListObjectsAsync(http, bucket, v2: true),
                null => ListObjectsAsync(http, bucket, v2: false),
                _ => GetBucketConfigurationAsync(http, bucket, sub),
            };
        }

        if (HttpMethods.IsPut(method))
        {
            return sub is null ? CreateBucketAsync(http, context, bucket) : PutBucketConfigurationAsync(http, bucket, sub);
        }

        if (HttpMethods.IsHead(method))
        {
            return HeadBucket(http, bucket);
        }

        if (HttpMethods.IsDelete(method))
        {
            return sub is null ? DeleteBucket(http, bucket) : DeleteBucketConfiguration(http, bucket, sub);
        }

        if (HttpMethods.IsPost(method) && query.ContainsKey("delete"))
        {
            return DeleteObjectsAsync(http, bucket);
        }

        if (HttpMethods.IsPost(method) && http.Request.HasFormContentType)
        {
            throw S3Errors.NotImplemented("POST Object (browser uploads with presigned POST forms); upload with PUT or a presigned PUT URL instead");
        }

        throw S3Errors.MethodNotAllowed(method, "BUCKET");
    }

    private Task HandleObjectAsync(HttpContext http, AwsRequestContext context, string bucket, string key)
    {
        var query = http.Request.Query;
        var method = http.Request.Method;
        if (Encoding.UTF8.GetByteCount(key) > 1024)
        {
            throw S3Errors.KeyTooLong();
        }

        var unsupported = UnsupportedObjectSubresources.FirstOrDefault(s => query.ContainsKey(s.Subresource));
        if (unsupported.Subresource is not null)
        {
            throw S3Errors.NotImplemented(unsupported.Operations);
        }

        var copySource = http.Request.Headers["x-amz-copy-source"].ToString();
        if (HttpMethods.IsPut(method))
        {
            if (query.ContainsKey("tagging"))
            {
                return PutObjectTaggingAsync(http, bucket, key);
            }

            if (query.ContainsKey("acl"))
            {
                return AcceptAndIgnoreAsync(http, bucket, key);
            }

            if (query.ContainsKey("uploadId"))
            {
                return copySource.Length > 0 ? UploadPartCopyAsync(http, bucket, key, copySource) : UploadPartAsync(http, bucket, key);
            }

            return copySource.Length > 0 ? CopyObjectAsync(http, bucket, key, copySource) : PutObjectAsync(http, bucket, key);
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            if (query.ContainsKey("tagging"))
            {
                return GetObjectTaggingAsync(http, bucket, key);
            }

            if (query.ContainsKey("acl"))
            {
                return GetAclAsync(http, bucket, key);
            }

            if (query.ContainsKey("uploadId"))
            {
                return ListPartsAsync(http, bucket, key);
            }

            return GetObjectAsync(http, bucket, key, head: HttpMethods.IsHead(method));
        }

        if (HttpMethods.IsDelete(method))
        {
            if (query.ContainsKey("tagging"))
            {
                return DeleteObjectTagging(http, bucket, key);
            }

            return query.ContainsKey("uploadId") ? AbortMultipartUpload(http, bucket, key) : DeleteObject(http, bucket, key);
        }

        if (HttpMethods.IsPost(method))
        {
            if (query.ContainsKey("uploads"))
            {
                return CreateMultipartUploadAsync(http, bucket, key);
            }

            if (query.ContainsKey("uploadId"))
            {
                return CompleteMultipartUploadAsync(http, context, bucket, key);
            }
        }

        throw S3Errors.MethodNotAllowed(method, "OBJECT");
    }

    /// <summary>
    /// Bucket and key from the request: virtual-host style when the host is <c>{bucket}.localhost</c> (or
    /// <c>{bucket}.s3.localhost</c>), else path style. The key is percent-decoded from the raw target, so
    /// <c>%2F</c> and <c>+</c> are read as S3 reads them.
    /// </summary>
    internal static (string? Bucket, string? Key) ResolveTarget(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToString();
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            raw = new Uri(raw).PathAndQuery;
        }

        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? raw : raw[..q];
        var host = http.Request.Host.Host;
        string? bucket = null;
        const string suffix = ".localhost";
        if (host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && host.Length > suffix.Length)
        {
            bucket = host[..^suffix.Length];
            if (bucket.EndsWith(".s3", StringComparison.OrdinalIgnoreCase))
            {
                bucket = bucket[..^3];
            }

            if (bucket.Length == 0 || bucket.Equals("s3", StringComparison.OrdinalIgnoreCase))
            {
                bucket = null;
            }
        }

        if (bucket is not null)
        {
            var virtualKey = Decode(path.StartsWith('/') ? path[1..] : path);
            return (bucket, virtualKey.Length == 0 ? null : virtualKey);
        }

        var trimmed = path.StartsWith('/') ? path[1..] : path;
        if (trimmed.Length == 0)
        {
            return (null, null);
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (Decode(trimmed), null);
        }

        var key = Decode(trimmed[(slash + 1)..]);
        return (Decode(trimmed[..slash]), key.Length == 0 ? null : key);
    }

    private static string Decode(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            throw S3Errors.InvalidRequest("The request path is not valid percent-encoding.");
        }
    }

    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private static int IntParameter(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range", name, text);
        }

        return Math.Min(value, max);
    }

    /// <summary>User metadata from <c>x-amz-meta-*</c> headers (names lowercased, prefix removed).</summary>
    private static Dictionary<string, string> UserMetadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                var key = name["x-amz-meta-".Length..].ToLowerInvariant();
                metadata[key] = value.ToString();
                size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value.ToString());
            }
        }

        if (size > 2048)
        {
            throw new AwsServiceException("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size", System.Net.HttpStatusCode.BadRequest);
        }

        return metadata;
    }

    /// <summary>The standard headers S3 stores with an object and returns on GET/HEAD.</summary>
    private static readonly string[] StoredHeaderNames =
        ["Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires", "x-amz-website-redirect-location", "x-amz-server-side-encryption"];

    private static Dictionary<string, string> StoredHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaderNames)
        {
            var value = request.Headers[name].ToString();
            if (name == "Content-Encoding")
            {
                // aws-chunked is a transfer detail, not part of the stored object
                value = string.Join(',', value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            }

            if (value.Length > 0)
            {
                headers[name] = value;
            }
        }

        headers.TryAdd("Content-Type", "binary/octet-stream");
        return headers;
    }

    private static void WriteChecksumHeaders(HttpResponse response, S3ChecksumAlgorithm? algorithm, string? value, string? type)
    {
        if (algorithm is { } a && value is not null)
        {
            response.Headers[S3Checksums.HeaderName(a)] = value;
            if (type is not null)
            {
                response.Headers["x-amz-checksum-type"] = type;
            }
        }
    }

    private static XElement OwnerElement(string name = "Owner") => S3Xml.E(name, S3Xml.E("ID", Owner.Id), S3Xml.E("DisplayName", Owner.DisplayName));

    private Task AcceptAndIgnoreAsync(HttpContext http, string bucket, string key)
    {
        S3Store.RequireObject(store.RequireBucket(bucket), key);
        http.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private Task GetAclAsync(HttpContext http, string bucket, string? key)
    {
        var b = store.RequireBucket(bucket);
        if (key is not null)
        {
            S3Store.RequireObject(b, key);
        }

        var xsi = System.Xml.Linq.XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance");
        return S3Xml.WriteAsync(http, S3Xml.E("AccessControlPolicy",
            OwnerElement(),
            S3Xml.E("AccessControlList",
                S3Xml.E("Grant",
                    new System.Xml.Linq.XElement(S3Xml.Ns + "Grantee",
                        new System.Xml.Linq.XAttribute(System.Xml.Linq.XNamespace.Xmlns + "xsi", xsi.NamespaceName),
                        new System.Xml.Linq.XAttribute(xsi + "type", "CanonicalUser"),
                        S3Xml.E("ID", Owner.Id),
                        S3Xml.E("DisplayName", Owner.DisplayName)),
                    S3Xml.E("Permission", "FULL_CONTROL")))));
    }

    /// <summary>Tags from <c>x-amz-tagging</c> (URL query form <c>k1=v1&amp;k2=v2</c>).</summary>
    private static List<S3Tag> TaggingHeader(HttpRequest request)
    {
        var header = request.Headers["x-amz-tagging"].ToString();
        if (header.Length == 0)
        {
            return [];
        }

        var tags = new List<S3Tag>();
        foreach (var (name, values) in QueryHelpers.ParseQuery(header.StartsWith('?') ? header : "?" + header))
        {
            foreach (var value in values)
            {
                tags.Add(new S3Tag(name, value ?? string.Empty));
            }
        }

        return ValidateTags(tags);
    }

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
}
