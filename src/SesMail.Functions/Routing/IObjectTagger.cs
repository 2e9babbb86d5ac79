namespace SesMail.Functions.Routing;

/// <summary>Replaces the tag set of a stored message.</summary>
internal interface IObjectTagger
{
    /// <summary>Replaces all tags of <c>s3://{bucket}/{key}</c>.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The object key.</param>
    /// <param name="tags">Tag key → value, already sanitised.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completing when the tags are set.</returns>
    Task TagAsync(string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken);
}
