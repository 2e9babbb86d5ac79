using Amazon.S3;
using Amazon.S3.Model;
using SesMail.Functions.Gmail;

namespace SesMail.Functions.GmailForwarder;

/// <summary>Opens the raw message SES stored at <c>s3://{EMAIL_BUCKET}/emails/{messageId}</c> (docs/ARCHITECTURE.md#the-gmail-forwarder).</summary>
internal interface IEmailObjectReader
{
    /// <summary>Opens the object as a re-openable upload source; the first open reuses the stream fetched here.</summary>
    /// <param name="messageId">The SES message id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object; dispose it to release a response that was never read.</returns>
    /// <exception cref="EmailObjectMissingException">No object under that key.</exception>
    Task<EmailObject> OpenAsync(string messageId, CancellationToken cancellationToken);
}

/// <summary>An opened raw message: its upload source, and the not-yet-consumed first response to release.</summary>
/// <param name="Source">The re-openable source.</param>
/// <param name="Release">Releases whatever the first open did not consume.</param>
internal sealed record EmailObject(GmailMessageSource Source, Action? Release = null) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Release?.Invoke();
}

/// <summary>The raw message is not in the bucket (deleted by the lifecycle rule, or never stored).</summary>
internal sealed class EmailObjectMissingException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Reads <c>emails/{messageId}</c> from S3 with <c>GetObject</c>, streaming: the response stream goes straight into
/// the Gmail upload, and a retry issues a fresh <c>GetObject</c> instead of keeping a copy.
/// </summary>
internal sealed class S3EmailObjectReader(IAmazonS3 s3, string bucket) : IEmailObjectReader
{
    /// <summary>The fixed key prefix SES writes under (the public code ignores <c>receipt.action.objectKey</c>).</summary>
    public const string KeyPrefix = "emails/";

    /// <inheritdoc />
    public async Task<EmailObject> OpenAsync(string messageId, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + messageId;
        var first = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        GetObjectResponse? pending = first;
        var source = new GmailMessageSource(first.ContentLength, async token =>
        {
            var response = Interlocked.Exchange(ref pending, null) ?? await GetAsync(key, token).ConfigureAwait(false);
            return response.ResponseStream;
        });
        return new EmailObject(source, () => Interlocked.Exchange(ref pending, null)?.Dispose());
    }

    private async Task<GetObjectResponse> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound || error.ErrorCode is "NoSuchKey" or "NoSuchBucket")
        {
            throw new EmailObjectMissingException($"The raw message s3://{bucket}/{key} does not exist ({error.ErrorCode}); it may have expired under the bucket's lifecycle rule.", error);
        }
    }
}
