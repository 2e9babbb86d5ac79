using SesMail.Emulator.Iam;
using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Kms;
using SesMail.Emulator.S3;
using SesMail.Emulator.Ses;
using SesMail.Emulator.Sns;
using SesMail.Emulator.Sqs;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>
/// What the authorizer reads from the services' stores: resource-based policies (S3 bucket policies, SNS topic
/// policies, SQS queue policies, and a role's trust policy for <c>sts:AssumeRole</c>) and the lookups of
/// <see cref="IResourceLookup"/>. Stores are resolved lazily, so a service that is not registered simply has none.
/// </summary>
internal sealed class ResourceDirectory(IServiceProvider services) : IResourceLookup
{
    /// <summary>The resource-based policy that governs <paramref name="resourceArn"/> for <paramref name="action"/>, or <c>null</c>.</summary>
    /// <param name="action">The IAM action (<c>sts:AssumeRole</c> reads the role's trust policy).</param>
    /// <param name="resourceArn">The resource.</param>
    /// <returns>The parsed policy, or <c>null</c> when the resource has none (or it does not parse).</returns>
    public PolicyDocument? ResourcePolicy(string action, string resourceArn)
    {
        var parts = resourceArn.Split(':', 6);
        if (parts.Length != 6)
        {
            return null;
        }

        string? document = parts[2] switch
        {
            "s3" when services.GetService<S3Store>() is { } s3 =>
                s3.Buckets.FirstOrDefault(b => b.Name == parts[5].Split('/')[0]) is { } bucket ? bucket.Record.Configurations.GetValueOrDefault("policy") : null,
            "sns" when services.GetService<SnsStore>() is { } sns => sns.Topic(resourceArn)?.Attributes.GetValueOrDefault("Policy"),
            "sqs" when services.GetService<SqsStore>() is { } sqs => sqs.FindByArn(resourceArn)?.Settings.Policy,
            "iam" when action.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase) && services.GetService<IamStore>() is { } iam =>
                iam.Role(PrincipalPolicies.RoleName(resourceArn)) is { } role && role.Arn == resourceArn ? role.AssumeRolePolicyDocument : null,
            _ => null,
        };
        return PolicyDocument.TryParse(document, action.StartsWith("sts:", StringComparison.OrdinalIgnoreCase) ? PolicyKind.Trust : PolicyKind.Resource);
    }

    /// <inheritdoc/>
    public string? KmsKeyArn(string region, string keyId)
    {
        if (services.GetService<KmsStore>() is not { } kms)
        {
            return null;
        }

        var id = keyId;
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            id = id[(id.LastIndexOf(':') + 1)..];
            id = id.StartsWith("key/", StringComparison.Ordinal) ? id[4..] : id;
        }

        if (id.StartsWith("alias/", StringComparison.Ordinal))
        {
            id = kms.Alias(region, id)?.TargetKeyId ?? string.Empty;
        }

        return kms.Key(region, id)?.Metadata.Arn;
    }

    /// <inheritdoc/>
    public string? RoleArn(string roleName) => services.GetService<IamStore>()?.Role(roleName)?.Arn;

    /// <inheritdoc/>
    public string? UserArn(string userName) => services.GetService<IamStore>()?.User(userName)?.Arn;

    /// <inheritdoc/>
    public string SesIdentity(string region, string address)
    {
        var at = address.LastIndexOf('@');
        var domain = at < 0 ? address : address[(at + 1)..];
        if (services.GetService<SesStore>() is { } ses)
        {
            var state = ses.Region(region);
            lock (state.Gate)
            {
                if (state.Identities.ContainsKey(address))
                {
                    return address;
                }
            }
        }

        return domain;
    }
}
