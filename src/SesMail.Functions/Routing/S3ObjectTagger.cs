using Amazon.S3;
using Amazon.S3.Model;

namespace SesMail.Functions.Routing;

/// <summary>Tags objects with S3 <see href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html">PutObjectTagging</see>.</summary>
internal sealed class S3ObjectTagger : IObjectTagger
{
    private readonly IAmazonS3 _s3;

    /// <summary>Creates the tagger.</summary>
    /// <param name="s3">The S3 client.</param>
    public S3ObjectTagger(IAmazonS3 s3) => _s3 = s3;

    /// <inheritdoc />
    public Task TagAsync(string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken) =>
        _s3.PutObjectTaggingAsync(
            new PutObjectTaggingRequest
            {
                BucketName = bucket,
                Key = key,
                Tagging = new Tagging { TagSet = tags.Select(tag => new Tag { Key = tag.Key, Value = tag.Value }).ToList() },
            },
            cancellationToken);
}
