using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.S3;

/// <summary>
/// Binds <see cref="S3Provider"/> to REST-XML (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html):
/// path-style (<c>/bucket/key</c>) and virtual-host style (<c>bucket.localhost:port</c>) addressing, the operation
/// chosen by method, bucket/key presence and sub-resource query flags; requests read from the path, query, headers,
/// XML documents and bodies in every encoding the SDKs send (<see cref="S3RequestBody"/>, aws-chunked included);
/// results written back as status, headers and XML. This file routes; <c>S3Service.Buckets.cs</c>,
/// <c>S3Service.Objects.cs</c> and <c>S3Service.Multipart.cs</c> read each request and write each result;
/// <c>S3Service.Http.cs</c> holds the header and XML conventions they share.
/// </summary>
/// <remarks>
/// Unlike the JSON and Query services S3 has no <see cref="Protocols.AwsOperation"/> table: its mapping is spread over
/// paths, headers and query flags, so this class is the REST binding and <see cref="S3Provider"/> holds the rules,
/// typed in and typed out, as every other provider does.
/// </remarks>
internal sealed partial class S3Service(S3Provider provider) : IRestXmlService
{
    /// <summary>The canonical owner of every bucket and object.</summary>
    private static readonly (string Id, string DisplayName) Owner =
        (Convert.ToHexStringLower(SHA256.HashData("sesmail-emulator-owner"u8)), "sesmail");

    /// <summary>Query flags that select a bucket sub-resource, in priority order.</summary>
    private static readonly string[] BucketSubresources =
    [
        "location", "uploads", "versions", "lifecycle", "versioning", "encryption", "publicAccessBlock", "policy", "tagging",
        "cors", "notification", "ownershipControls", "acl", "website", "logging", "object-lock", "replication",
        "accelerate", "requestPayment", "policyStatus",
    ];

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
            return sub is null ? DeleteBucketAsync(http, bucket) : DeleteBucketConfigurationAsync(http, bucket, sub);
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
                return DeleteObjectTaggingAsync(http, bucket, key);
            }

            return query.ContainsKey("uploadId") ? AbortMultipartUploadAsync(http, bucket, key) : DeleteObjectAsync(http, bucket, key);
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
}
