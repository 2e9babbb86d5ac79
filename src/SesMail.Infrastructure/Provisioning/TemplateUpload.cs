using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// Puts a template too large for <c>TemplateBody</c> in S3, as <c>aws cloudformation deploy --s3-bucket</c> does:
/// CloudFormation accepts at most 51,200 bytes in the request and up to 1 MB by <c>TemplateURL</c>
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
/// </summary>
public static class TemplateUpload
{
    /// <summary>The largest template, in UTF-8 bytes, CloudFormation accepts as <c>TemplateBody</c>.</summary>
    public const int MaxBodyBytes = 51_200;

    /// <summary>Uploads <paramref name="body"/> to <c>s3://{bucket}/templates/{stackName}-{sha256 prefix}.yaml</c> (<c>.json</c> for a JSON template) when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    /// <param name="s3">The S3 client of the account that deploys.</param>
    /// <param name="bucket">A bucket CloudFormation can read (the stack's code bucket).</param>
    /// <param name="stackName">The stack's name, for the key.</param>
    /// <param name="body">The template text.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The object's URL for <c>TemplateURL</c> (path-style on a custom endpoint, virtual-hosted in AWS), or <c>null</c> when the body is small enough to send as it is.</returns>
    /// <exception cref="AmazonS3Exception">S3 refused the upload (for instance <c>NoSuchBucket</c>).</exception>
    public static async Task<Uri?> UploadAsync(IAmazonS3 s3, string bucket, string stackName, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var bytes = Encoding.UTF8.GetBytes(body);
        if (bytes.Length <= MaxBodyBytes)
        {
            return null;
        }

        var json = body.TrimStart().StartsWith('{');
        var key = $"templates/{stackName}-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}.{(json ? "json" : "yaml")}";
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body, ContentType = json ? "application/json" : "application/x-yaml" }, cancellationToken).ConfigureAwait(false);
        return s3.Config.ServiceURL is { Length: > 0 } endpoint
            ? new Uri($"{endpoint.TrimEnd('/')}/{bucket}/{key}")
            : new Uri($"https://{bucket}.s3.{s3.Config.RegionEndpoint?.SystemName ?? "us-east-1"}.amazonaws.com/{key}");
    }
}
