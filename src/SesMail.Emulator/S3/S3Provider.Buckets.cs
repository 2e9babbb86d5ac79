using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.S3;

/// <summary>
/// Buckets: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, and the configuration documents
/// (lifecycle, versioning, encryption, public access block, policy, tagging, CORS, …) that are stored as sent and
/// returned unchanged.
/// </summary>
internal sealed partial class S3Provider
{
    /// <summary>What GET answers for a configuration that was never put: a default document, or a 404 error.</summary>
    private static readonly Dictionary<string, Func<string, object>> MissingConfiguration = new(StringComparer.Ordinal)
    {
        ["lifecycle"] = b => Missing("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", b),
        ["publicAccessBlock"] = b => Missing("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", b),
        ["policy"] = b => Missing("NoSuchBucketPolicy", "The bucket policy does not exist", b),
        ["tagging"] = b => Missing("NoSuchTagSet", "The TagSet does not exist", b),
        ["cors"] = b => Missing("NoSuchCORSConfiguration", "The CORS configuration does not exist", b),
        ["ownershipControls"] = b => Missing("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", b),
        ["website"] = b => Missing("NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration", b),
        ["object-lock"] = b => Missing("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket", b),
        ["replication"] = b => Missing("ReplicationConfigurationNotFoundError", "The replication configuration was not found", b),
        ["policyStatus"] = b => Missing("NoSuchBucketPolicy", "The bucket policy does not exist", b),
        ["versioning"] = _ => S3Xml.E("VersioningConfiguration"),
        ["notification"] = _ => S3Xml.E("NotificationConfiguration"),
        ["logging"] = _ => S3Xml.E("BucketLoggingStatus"),
        ["accelerate"] = _ => S3Xml.E("AccelerateConfiguration"),
        ["requestPayment"] = _ => S3Xml.E("RequestPaymentConfiguration", S3Xml.E("Payer", "BucketOwner")),
        ["encryption"] = _ => S3Xml.E("ServerSideEncryptionConfiguration",
            S3Xml.E("Rule",
                S3Xml.E("ApplyServerSideEncryptionByDefault", S3Xml.E("SSEAlgorithm", "AES256")),
                S3Xml.E("BucketKeyEnabled", "false"))),
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketNamePattern();

    private static AwsServiceException Missing(string code, string message, string bucket) =>
        new(code, message, System.Net.HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = bucket } };

    public ListBucketsResult ListBuckets(string prefix) =>
        new([.. store.Buckets.Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(b => b.Record)], prefix);

    /// <summary>CreateBucket in the <c>LocationConstraint</c>'s region (<c>EU</c> is <c>eu-west-1</c>), else the caller's.</summary>
    public Task CreateBucketAsync(CreateBucketRequest request, AwsRequestContext context)
    {
        var bucket = request.Bucket;
        if (!BucketNamePattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal) || System.Net.IPAddress.TryParse(bucket, out _))
        {
            throw S3Errors.InvalidBucketName(bucket);
        }

        var region = string.IsNullOrWhiteSpace(request.LocationConstraint) ? context.Region
            : request.LocationConstraint == "EU" ? "eu-west-1"
            : request.LocationConstraint;
        return store.CreateBucketAsync(bucket, region, Now());
    }

    /// <summary>HeadBucket: the bucket's region, or <c>NoSuchBucket</c>.</summary>
    public string HeadBucket(string bucket) => store.RequireBucket(bucket).Record.Region;

    public Task DeleteBucketAsync(string bucket) => store.DeleteBucketAsync(bucket);

    /// <summary>GetBucketLocation: the region, empty for <c>us-east-1</c> as S3 answers it.</summary>
    public string? GetBucketLocation(string bucket)
    {
        var region = store.RequireBucket(bucket).Record.Region;
        return region == "us-east-1" ? null : region;
    }

    /// <summary>Checks that a bucket exists (and the object, when a key is given) before its fixed ACL is returned.</summary>
    public void GetAcl(string bucket, string? key)
    {
        var b = store.RequireBucket(bucket);
        if (key is not null)
        {
            S3Store.RequireObject(b, key);
        }
    }

    /// <summary>
    /// PutBucket{Configuration}: a policy must be JSON, the other documents XML (versioning, lifecycle and tagging are
    /// checked as S3 checks them); stored in the S3 namespace, as S3 returns it. An empty ACL body (a canned ACL in
    /// <c>x-amz-acl</c>) is accepted and not enforced.
    /// </summary>
    public async Task<PutBucketConfigurationResult> PutBucketConfigurationAsync(PutBucketConfigurationRequest request)
    {
        var (bucket, sub, body) = (request.Bucket, request.Subresource, request.Body);
        var b = store.RequireBucket(bucket);
        if (sub is "location" or "uploads" or "versions" or "policyStatus")
        {
            throw S3Errors.MethodNotAllowed("PUT", sub);
        }

        string document;
        if (sub == "policy")
        {
            document = Encoding.UTF8.GetString(body);
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(document);
            }
            catch (System.Text.Json.JsonException)
            {
                throw new AwsServiceException("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
            }
        }
        else if (body.Length == 0 && sub == "acl")
        {
            return new PutBucketConfigurationResult(IsPolicy: false); // canned ACL in x-amz-acl: accepted, not enforced
        }
        else
        {
            var root = S3Xml.Parse(body);
            Validate(sub, root);
            root = Requalify(root);
            document = root.ToString(SaveOptions.DisableFormatting);
        }

        await store.SetConfigurationAsync(b, sub, document).ConfigureAwait(false);
        return new PutBucketConfigurationResult(IsPolicy: sub == "policy");
    }

    /// <summary>GetBucket{Configuration}: the stored document, else S3's default or its "no such configuration" error.</summary>
    public BucketConfigurationResult GetBucketConfiguration(string bucket, string sub)
    {
        var b = store.RequireBucket(bucket);
        if (b.Record.Configurations.TryGetValue(sub, out var document))
        {
            return sub == "policy" ? new BucketConfigurationResult(null, document) : new BucketConfigurationResult(XElement.Parse(document), null);
        }

        if (sub == "policyStatus" && b.Record.Configurations.ContainsKey("policy"))
        {
            return new BucketConfigurationResult(S3Xml.E("PolicyStatus", S3Xml.E("IsPublic", "false")), null);
        }

        if (!MissingConfiguration.TryGetValue(sub, out var fallback))
        {
            throw S3Errors.NotImplemented(sub);
        }

        return fallback(bucket) switch
        {
            AwsServiceException error => throw error,
            XElement element => new BucketConfigurationResult(element, null),
            _ => throw new InvalidOperationException(),
        };
    }

    public Task DeleteBucketConfigurationAsync(string bucket, string sub) => store.SetConfigurationAsync(store.RequireBucket(bucket), sub, null);

    private static void Validate(string sub, XElement root)
    {
        switch (sub)
        {
            case "versioning":
                var status = root.Child("Status")?.Value;
                if (status is not null and not "Enabled" and not "Suspended")
                {
                    throw S3Errors.MalformedXml();
                }

                break;
            case "lifecycle":
                if (root.Name.LocalName != "LifecycleConfiguration" || !root.Children("Rule").Any())
                {
                    throw S3Errors.MalformedXml();
                }

                foreach (var rule in root.Children("Rule"))
                {
                    if (rule.Child("Status")?.Value is not ("Enabled" or "Disabled"))
                    {
                        throw S3Errors.MalformedXml();
                    }
                }

                break;
            case "tagging":
                ValidateTags(S3Xml.TagSet(root));
                break;
        }
    }

    /// <summary>Puts every element of a stored document into the S3 namespace, so it reads back as S3 writes it.</summary>
    private static XElement Requalify(XElement root)
    {
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Name = S3Xml.Ns + element.Name.LocalName;
            element.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.LocalName == "xmlns").Remove();
        }

        return root;
    }
}
