using System.Xml.Linq;
using SesMail.Emulator.S3;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>
/// S3's REST requests mapped to IAM actions and ARNs, as "Amazon S3 actions" and "Required permissions for Amazon S3
/// API operations" list them (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html):
/// bucket operations on <c>arn:aws:s3:::{bucket}</c>, object operations on <c>arn:aws:s3:::{bucket}/{key}</c>, the
/// operation chosen by method and sub-resource exactly as <see cref="S3Service"/> chooses it. <c>CopyObject</c> and
/// <c>UploadPartCopy</c> also need read access to the source; <c>DeleteObjects</c> needs <c>s3:DeleteObject</c> on
/// every key it names; <c>ListObjects</c> carries <c>s3:prefix</c>, <c>s3:delimiter</c> and <c>s3:max-keys</c>.
/// </summary>
internal static class S3Actions
{
    private static readonly Dictionary<string, (string? Get, string? Put, string? Delete)> BucketSubresources = new(StringComparer.Ordinal)
    {
        ["location"] = ("GetBucketLocation", null, null),
        ["uploads"] = ("ListBucketMultipartUploads", null, null),
        ["versions"] = ("ListBucketVersions", null, null),
        ["policy"] = ("GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"),
        ["policyStatus"] = ("GetBucketPolicyStatus", null, null),
        ["tagging"] = ("GetBucketTagging", "PutBucketTagging", "PutBucketTagging"),
        ["lifecycle"] = ("GetLifecycleConfiguration", "PutLifecycleConfiguration", "PutLifecycleConfiguration"),
        ["versioning"] = ("GetBucketVersioning", "PutBucketVersioning", null),
        ["encryption"] = ("GetEncryptionConfiguration", "PutEncryptionConfiguration", "PutEncryptionConfiguration"),
        ["publicAccessBlock"] = ("GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "PutBucketPublicAccessBlock"),
        ["acl"] = ("GetBucketAcl", "PutBucketAcl", null),
        ["cors"] = ("GetBucketCORS", "PutBucketCORS", "PutBucketCORS"),
        ["notification"] = ("GetBucketNotification", "PutBucketNotification", null),
        ["ownershipControls"] = ("GetBucketOwnershipControls", "PutBucketOwnershipControls", "PutBucketOwnershipControls"),
        ["website"] = ("GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"),
        ["logging"] = ("GetBucketLogging", "PutBucketLogging", null),
        ["object-lock"] = ("GetBucketObjectLockConfiguration", "PutBucketObjectLockConfiguration", null),
        ["replication"] = ("GetReplicationConfiguration", "PutReplicationConfiguration", "PutReplicationConfiguration"),
        ["accelerate"] = ("GetAccelerateConfiguration", "PutAccelerateConfiguration", null),
        ["requestPayment"] = ("GetBucketRequestPayment", "PutBucketRequestPayment", null),
    };

    /// <summary>The permissions one S3 request needs (reads a <c>DeleteObjects</c> body, then rewinds it).</summary>
    /// <param name="http">The request.</param>
    /// <returns>The checks, all of which must pass.</returns>
    public static async Task<IReadOnlyList<ResourceCheck>> ForAsync(HttpContext http)
    {
        var (bucket, key) = S3Service.ResolveTarget(http);
        var request = http.Request;
        var query = request.Query;
        var method = request.Method;
        if (bucket is null)
        {
            return [new ResourceCheck("s3:ListAllMyBuckets", "*")];
        }

        var bucketArn = $"arn:aws:s3:::{bucket}";
        if (key is null)
        {
            if (HttpMethods.IsPost(method) && query.ContainsKey("delete"))
            {
                return [.. (await DeletedKeysAsync(request).ConfigureAwait(false)).Select(k => new ResourceCheck("s3:DeleteObject", $"{bucketArn}/{k}"))];
            }

            var sub = BucketSubresources.Keys.FirstOrDefault(query.ContainsKey);
            var entry = sub is null ? default : BucketSubresources[sub];
            var action = method switch
            {
                _ when HttpMethods.IsGet(method) => entry.Get ?? "ListBucket",
                _ when HttpMethods.IsHead(method) => "ListBucket",
                _ when HttpMethods.IsPut(method) => sub is null ? "CreateBucket" : entry.Put ?? $"PutBucket{sub}",
                _ when HttpMethods.IsDelete(method) => sub is null ? "DeleteBucket" : entry.Delete ?? $"DeleteBucket{sub}",
                _ => "ListBucket",
            };
            return [new ResourceCheck($"s3:{action}", bucketArn, action == "ListBucket"
                ? keys => keys.Set("s3:prefix", query["prefix"].ToString()).Set("s3:delimiter", Optional(query["delimiter"].ToString())).Set("s3:max-keys", Optional(query["max-keys"].ToString()))
                : null)];
        }

        var objectArn = $"{bucketArn}/{key}";
        var versioned = query.ContainsKey("versionId");
        if (HttpMethods.IsPut(method))
        {
            if (query.ContainsKey("tagging"))
            {
                return [new ResourceCheck(versioned ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging", objectArn)];
            }

            if (query.ContainsKey("acl"))
            {
                return [new ResourceCheck("s3:PutObjectAcl", objectArn)];
            }

            var checks = new List<ResourceCheck> { new("s3:PutObject", objectArn) };
            if (CopySource(request.Headers["x-amz-copy-source"].ToString()) is { } source)
            {
                checks.Add(new ResourceCheck(source.Version ? "s3:GetObjectVersion" : "s3:GetObject", $"arn:aws:s3:::{source.Path}"));
            }

            return checks;
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            var action = query.ContainsKey("tagging") ? versioned ? "GetObjectVersionTagging" : "GetObjectTagging"
                : query.ContainsKey("acl") ? "GetObjectAcl"
                : query.ContainsKey("uploadId") ? "ListMultipartUploadParts"
                : versioned ? "GetObjectVersion" : "GetObject";
            return [new ResourceCheck($"s3:{action}", objectArn)];
        }

        if (HttpMethods.IsDelete(method))
        {
            var action = query.ContainsKey("tagging") ? versioned ? "DeleteObjectVersionTagging" : "DeleteObjectTagging"
                : query.ContainsKey("uploadId") ? "AbortMultipartUpload"
                : versioned ? "DeleteObjectVersion" : "DeleteObject";
            return [new ResourceCheck($"s3:{action}", objectArn)];
        }

        return [new ResourceCheck("s3:PutObject", objectArn)]; // POST ?uploads and ?uploadId: multipart upload
    }

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    /// <summary>The source of a copy: <c>x-amz-copy-source</c> is <c>[/]bucket/key[?versionId=…]</c>, URL-encoded.</summary>
    private static (string Path, bool Version)? CopySource(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        var q = header.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString((q < 0 ? header : header[..q]).TrimStart('/'));
        return (path, q >= 0 && header[q..].Contains("versionId=", StringComparison.Ordinal));
    }

    /// <summary>The keys a <c>DeleteObjects</c> body names; the body is buffered and rewound for the service.</summary>
    private static async Task<IReadOnlyList<string>> DeletedKeysAsync(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            var document = await XDocument.LoadAsync(request.Body, LoadOptions.None, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return [.. document.Descendants().Where(e => e.Name.LocalName == "Key").Select(e => e.Value)];
        }
        catch (System.Xml.XmlException)
        {
            return ["*"]; // the service answers MalformedXML; authorize against the whole bucket meanwhile
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
