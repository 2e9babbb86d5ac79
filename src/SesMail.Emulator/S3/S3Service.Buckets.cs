using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SesMail.Emulator.S3;

/// <summary>Bucket operations: create, head, list, delete, location, and the stored configuration documents.</summary>
internal sealed partial class S3Service
{
    /// <summary>Query flags that select a bucket sub-resource, in priority order.</summary>
    private static readonly string[] BucketSubresources =
    [
        "location", "uploads", "versions", "lifecycle", "versioning", "encryption", "publicAccessBlock", "policy", "tagging",
        "cors", "notification", "ownershipControls", "acl", "website", "logging", "object-lock", "replication",
        "accelerate", "requestPayment", "policyStatus",
    ];

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

    private static Protocols.AwsServiceException Missing(string code, string message, string bucket) =>
        new(code, message, System.Net.HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = bucket } };

    private async Task ListBucketsAsync(HttpContext http)
    {
        var prefix = http.Request.Query["prefix"].ToString();
        var buckets = store.Buckets.Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal));
        await S3Xml.WriteAsync(http, S3Xml.E("ListAllMyBucketsResult",
            OwnerElement(),
            S3Xml.E("Buckets", buckets.Select(b => S3Xml.E("Bucket",
                S3Xml.E("Name", b.Name),
                S3Xml.E("CreationDate", S3Xml.Timestamp(b.Record.CreationDate)),
                S3Xml.E("BucketRegion", b.Record.Region)))),
            prefix.Length > 0 ? S3Xml.E("Prefix", prefix) : null)).ConfigureAwait(false);
    }

    private async Task CreateBucketAsync(HttpContext http, Protocols.AwsRequestContext context, string bucket)
    {
        if (!BucketNamePattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal) || System.Net.IPAddress.TryParse(bucket, out _))
        {
            throw S3Errors.InvalidBucketName(bucket);
        }

        var region = context.Region;
        var body = await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Length > 0 && !body.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            var constraint = S3Xml.Parse(body).Child("LocationConstraint")?.Value;
            if (!string.IsNullOrWhiteSpace(constraint))
            {
                region = constraint == "EU" ? "eu-west-1" : constraint;
            }
        }

        store.CreateBucket(bucket, region, Now());
        http.Response.Headers.Location = "/" + bucket;
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task HeadBucket(HttpContext http, string bucket)
    {
        var b = store.RequireBucket(bucket);
        http.Response.Headers["x-amz-bucket-region"] = b.Record.Region;
        http.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private Task DeleteBucket(HttpContext http, string bucket)
    {
        store.DeleteBucket(bucket);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private Task GetBucketLocationAsync(HttpContext http, string bucket)
    {
        var region = store.RequireBucket(bucket).Record.Region;
        return S3Xml.WriteAsync(http, S3Xml.E("LocationConstraint", region == "us-east-1" ? null : region));
    }

    private async Task PutBucketConfigurationAsync(HttpContext http, string bucket, string sub)
    {
        var b = store.RequireBucket(bucket);
        if (sub is "location" or "uploads" or "versions" or "policyStatus")
        {
            throw S3Errors.MethodNotAllowed("PUT", sub);
        }

        var body = await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
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
                throw new Protocols.AwsServiceException("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
            }
        }
        else if (body.Length == 0 && sub == "acl")
        {
            http.Response.StatusCode = StatusCodes.Status200OK; // canned ACL in x-amz-acl: accepted, not enforced
            return;
        }
        else
        {
            var root = S3Xml.Parse(body);
            Validate(sub, root);
            root = Requalify(root);
            document = root.ToString(SaveOptions.DisableFormatting);
        }

        store.SetConfiguration(b, sub, document);
        http.Response.StatusCode = sub == "policy" ? StatusCodes.Status204NoContent : StatusCodes.Status200OK;
    }

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
                ValidateTags(ParseTagSet(root));
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

    private async Task GetBucketConfigurationAsync(HttpContext http, string bucket, string sub)
    {
        var b = store.RequireBucket(bucket);
        if (sub == "acl")
        {
            await GetAclAsync(http, bucket, null).ConfigureAwait(false);
            return;
        }

        if (b.Record.Configurations.TryGetValue(sub, out var document))
        {
            if (sub == "policy")
            {
                var bytes = Encoding.UTF8.GetBytes(document);
                http.Response.ContentType = "application/json";
                http.Response.ContentLength = bytes.Length;
                await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
                return;
            }

            await S3Xml.WriteAsync(http, XElement.Parse(document)).ConfigureAwait(false);
            return;
        }

        if (sub == "policyStatus" && b.Record.Configurations.ContainsKey("policy"))
        {
            await S3Xml.WriteAsync(http, S3Xml.E("PolicyStatus", S3Xml.E("IsPublic", "false"))).ConfigureAwait(false);
            return;
        }

        if (!MissingConfiguration.TryGetValue(sub, out var fallback))
        {
            throw S3Errors.NotImplemented(sub);
        }

        await S3Xml.WriteAsync(http, fallback(bucket) switch
        {
            Protocols.AwsServiceException error => throw error,
            XElement element => element,
            _ => throw new InvalidOperationException(),
        }).ConfigureAwait(false);
    }

    private Task DeleteBucketConfiguration(HttpContext http, string bucket, string sub)
    {
        var b = store.RequireBucket(bucket);
        store.SetConfiguration(b, sub, null);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static List<S3Tag> ParseTagSet(XElement tagging) =>
        [.. (tagging.Child("TagSet") ?? throw S3Errors.MalformedXml()).Children("Tag")
            .Select(t => new S3Tag(t.Child("Key")?.Value ?? throw S3Errors.MalformedXml(), t.Child("Value")?.Value ?? string.Empty))];
}
