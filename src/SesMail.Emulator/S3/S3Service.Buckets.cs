using System.Text;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.S3;

/// <summary>Bucket operations over REST: read the request, call <see cref="S3Provider"/>, write the result.</summary>
internal sealed partial class S3Service
{
    private Task ListBucketsAsync(HttpContext http)
    {
        var result = provider.ListBuckets(http.Request.Query["prefix"].ToString());
        return S3Xml.WriteAsync(http, S3Xml.E("ListAllMyBucketsResult",
            OwnerElement(),
            S3Xml.E("Buckets", result.Buckets.Select(b => S3Xml.E("Bucket",
                S3Xml.E("Name", b.Name),
                S3Xml.E("CreationDate", S3Xml.Timestamp(b.CreationDate)),
                S3Xml.E("BucketRegion", b.Region)))),
            result.Prefix.Length > 0 ? S3Xml.E("Prefix", result.Prefix) : null));
    }

    private async Task CreateBucketAsync(HttpContext http, AwsRequestContext context, string bucket)
    {
        var body = await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var constraint = body.Length > 0 && !body.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
            ? S3Xml.Parse(body).Child("LocationConstraint")?.Value
            : null;
        await provider.CreateBucketAsync(new CreateBucketRequest(bucket, constraint), context).ConfigureAwait(false);
        http.Response.Headers.Location = "/" + bucket;
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task HeadBucket(HttpContext http, string bucket)
    {
        http.Response.Headers["x-amz-bucket-region"] = provider.HeadBucket(bucket);
        return WriteStatus(http, StatusCodes.Status200OK);
    }

    private async Task DeleteBucketAsync(HttpContext http, string bucket)
    {
        await provider.DeleteBucketAsync(bucket).ConfigureAwait(false);
        await WriteStatus(http, StatusCodes.Status204NoContent).ConfigureAwait(false);
    }

    private Task GetBucketLocationAsync(HttpContext http, string bucket) =>
        S3Xml.WriteAsync(http, S3Xml.E("LocationConstraint", provider.GetBucketLocation(bucket)));

    private async Task PutBucketConfigurationAsync(HttpContext http, string bucket, string sub)
    {
        var body = await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var result = await provider.PutBucketConfigurationAsync(new PutBucketConfigurationRequest(bucket, sub, body)).ConfigureAwait(false);
        http.Response.StatusCode = result.IsPolicy ? StatusCodes.Status204NoContent : StatusCodes.Status200OK;
    }

    private Task GetBucketConfigurationAsync(HttpContext http, string bucket, string sub)
    {
        if (sub == "acl")
        {
            provider.GetAcl(bucket, null);
            return WriteAclAsync(http);
        }

        var result = provider.GetBucketConfiguration(bucket, sub);
        return result.Policy is { } policy
            ? WriteBytesAsync(http, Encoding.UTF8.GetBytes(policy), "application/json")
            : S3Xml.WriteAsync(http, result.Document!);
    }

    private async Task DeleteBucketConfigurationAsync(HttpContext http, string bucket, string sub)
    {
        await provider.DeleteBucketConfigurationAsync(bucket, sub).ConfigureAwait(false);
        await WriteStatus(http, StatusCodes.Status204NoContent).ConfigureAwait(false);
    }
}
