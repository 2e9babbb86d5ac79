using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::S3::Bucket</c> (PutBucket, then versioning, default encryption, public access block and lifecycle rules;
/// DeleteBucket) and <c>AWS::S3::BucketPolicy</c> (PutBucketPolicy; DeleteBucketPolicy). Configuration calls the
/// backend does not implement are noted, not fatal.
/// </summary>
internal sealed class S3Provisioner(IAmazonS3 s3) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::S3::Bucket", "AWS::S3::BucketPolicy"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) =>
        context.Resource.Type == "AWS::S3::Bucket" ? ApplyBucketAsync(context, cancellationToken) : ApplyPolicyAsync(context, cancellationToken);

    /// <summary>DeleteBucket (S3 refuses a bucket that still holds objects: <c>BucketNotEmpty</c>), or DeleteBucketPolicy.</summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Resource.Type == "AWS::S3::Bucket")
            {
                await s3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = context.PhysicalId }, cancellationToken).ConfigureAwait(false);
            }
            else if (context.String("Bucket") is { } bucket)
            {
                await s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NoSuchBucket" or "NoSuchBucketPolicy")
        {
            // already gone
        }
    }

    private async Task<ResourceStatus> ApplyBucketAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var buckets = (await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken).ConfigureAwait(false)).Buckets ?? [];
        var status = ResourceStatus.Unchanged;
        if (!buckets.Any(b => b.BucketName == name))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = name, BucketRegion = context.Pseudo.Region }, cancellationToken).ConfigureAwait(false);
            status = ResourceStatus.Created;
        }

        if (context.Properties["VersioningConfiguration"]?["Status"]?.GetValue<string>() is { } versioning)
        {
            var current = await CurrentVersioningAsync(context, name, cancellationToken).ConfigureAwait(false);
            if (current is not null && !string.Equals(current, versioning, StringComparison.Ordinal))
            {
                await BackendOperations.OptionalAsync(context, "VersioningConfiguration", () => s3.PutBucketVersioningAsync(
                    new PutBucketVersioningRequest { BucketName = name, VersioningConfig = new S3BucketVersioningConfig { Status = versioning } },
                    cancellationToken)).ConfigureAwait(false);
                status = status == ResourceStatus.Created ? status : ResourceStatus.Updated;
            }
        }

        if (status != ResourceStatus.Created)
        {
            return status; // encryption, public access block and lifecycle are applied when the bucket is created
        }

        if (context.Properties["BucketEncryption"]?["ServerSideEncryptionConfiguration"] is JsonArray rules)
        {
            var algorithm = rules.FirstOrDefault()?["ServerSideEncryptionByDefault"]?["SSEAlgorithm"]?.GetValue<string>() ?? "AES256";
            await BackendOperations.OptionalAsync(context, "BucketEncryption", () => s3.PutBucketEncryptionAsync(
                new PutBucketEncryptionRequest
                {
                    BucketName = name,
                    ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                    {
                        ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = algorithm } }],
                    },
                },
                cancellationToken)).ConfigureAwait(false);
        }

        if (context.Properties["PublicAccessBlockConfiguration"] is JsonObject block)
        {
            bool Flag(string n) => block[n] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
            await BackendOperations.OptionalAsync(context, "PublicAccessBlockConfiguration", () => s3.PutPublicAccessBlockAsync(
                new PutPublicAccessBlockRequest
                {
                    BucketName = name,
                    PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                    {
                        BlockPublicAcls = Flag("BlockPublicAcls"),
                        BlockPublicPolicy = Flag("BlockPublicPolicy"),
                        IgnorePublicAcls = Flag("IgnorePublicAcls"),
                        RestrictPublicBuckets = Flag("RestrictPublicBuckets"),
                    },
                },
                cancellationToken)).ConfigureAwait(false);
        }

        if (context.Properties["LifecycleConfiguration"]?["Rules"] is JsonArray lifecycle)
        {
            var lifecycleRules = lifecycle.OfType<JsonObject>().Select((rule, i) => LifecycleRule(context, rule, i)).ToList();
            await BackendOperations.OptionalAsync(context, "LifecycleConfiguration", () => s3.PutLifecycleConfigurationAsync(
                new PutLifecycleConfigurationRequest { BucketName = name, Configuration = new LifecycleConfiguration { Rules = lifecycleRules } },
                cancellationToken)).ConfigureAwait(false);
        }

        return status;
    }

    private async Task<string?> CurrentVersioningAsync(ProvisioningContext context, string name, CancellationToken cancellationToken)
    {
        string? current = null;
        var supported = await BackendOperations.OptionalAsync(context, "VersioningConfiguration", async () =>
            current = (await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = name }, cancellationToken).ConfigureAwait(false))
                .VersioningConfig?.Status?.Value ?? "Off").ConfigureAwait(false);
        return supported ? current : null;
    }

    private static LifecycleRule LifecycleRule(ProvisioningContext context, JsonObject rule, int index)
    {
        var path = context.Path($"LifecycleConfiguration.Rules[{index}]");
        int? Int(JsonNode? n, string p) => n is null ? null : int.Parse(TemplateValues.ScalarText(n, $"{path}.{p}"), CultureInfo.InvariantCulture);
        var result = new LifecycleRule
        {
            Id = rule["Id"]?.GetValue<string>(),
            Status = rule["Status"]?.GetValue<string>() ?? "Enabled",
            Filter = new LifecycleFilter { Prefix = rule["Prefix"]?.GetValue<string>() ?? string.Empty },
        };
        if (Int(rule["ExpirationInDays"], "ExpirationInDays") is { } days)
        {
            result.Expiration = new LifecycleRuleExpiration { Days = days };
        }

        if (Int(rule["NoncurrentVersionExpiration"]?["NoncurrentDays"], "NoncurrentVersionExpiration.NoncurrentDays") is { } noncurrent)
        {
            result.NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = noncurrent };
        }

        return result;
    }

    private async Task<ResourceStatus> ApplyPolicyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var bucket = context.RequireString("Bucket");
        var policy = (context.Properties["PolicyDocument"] as JsonObject
            ?? throw new TemplateException(context.Path("PolicyDocument"), "AWS::S3::BucketPolicy requires a PolicyDocument mapping.")).ToJsonString();
        string? current = null;
        var supported = await BackendOperations.OptionalAsync(context, "PolicyDocument", async () =>
        {
            try
            {
                current = (await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).Policy;
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucketPolicy")
            {
                current = null;
            }
        }).ConfigureAwait(false);
        if (!supported || (current is not null && SqsProvisioner.SameAttribute(current, policy)))
        {
            return ResourceStatus.Unchanged;
        }

        await BackendOperations.OptionalAsync(context, "PolicyDocument", () => s3.PutBucketPolicyAsync(
            new PutBucketPolicyRequest { BucketName = bucket, Policy = policy }, cancellationToken)).ConfigureAwait(false);
        return current is null ? ResourceStatus.Created : ResourceStatus.Updated;
    }
}
