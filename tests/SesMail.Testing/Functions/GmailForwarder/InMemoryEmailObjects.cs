using SesMail.Functions.Gmail;
using SesMail.Functions.GmailForwarder;

namespace SesMail.Testing.Functions.GmailForwarder;

/// <summary>An <see cref="IEmailObjectReader"/> over stored bytes by SES message id; a missing one fails as S3's <c>NoSuchKey</c> does.</summary>
internal sealed class InMemoryEmailObjects : IEmailObjectReader
{
    private readonly Dictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    /// <summary>How many objects were opened.</summary>
    public int Opens { get; private set; }

    /// <summary>Stores the raw message <c>emails/{messageId}</c>.</summary>
    public void Put(string messageId, byte[] bytes) => _objects[messageId] = bytes;

    /// <inheritdoc />
    public Task<EmailObject> OpenAsync(string messageId, CancellationToken cancellationToken)
    {
        Opens++;
        return _objects.TryGetValue(messageId, out var bytes)
            ? Task.FromResult(new EmailObject(GmailMessageSource.FromBytes(bytes)))
            : throw new EmailObjectMissingException($"The raw message emails/{messageId} does not exist (NoSuchKey).");
    }
}
