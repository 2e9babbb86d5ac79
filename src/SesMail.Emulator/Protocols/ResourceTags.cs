namespace SesMail.Emulator.Protocols;

/// <summary>
/// The tags of one resource (key → value, ordinal keys) as SQS <c>TagQueue</c>/<c>UntagQueue</c> and SNS
/// <c>TagResource</c>/<c>UntagResource</c> change them: tagging an existing key replaces its value, untagging a missing
/// key does nothing. Safe from any thread; reads return copies.
/// </summary>
internal sealed class ResourceTags
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);

    /// <summary>A copy of the current tags.</summary>
    public Dictionary<string, string> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(_tags, StringComparer.Ordinal);
        }
    }

    /// <summary>Adds or replaces <paramref name="tags"/>.</summary>
    public void Tag(IEnumerable<KeyValuePair<string, string>> tags)
    {
        lock (_lock)
        {
            foreach (var (key, value) in tags)
            {
                _tags[key] = value;
            }
        }
    }

    /// <summary>Removes the tags named by <paramref name="keys"/>.</summary>
    public void Untag(IEnumerable<string> keys)
    {
        lock (_lock)
        {
            foreach (var key in keys)
            {
                _tags.Remove(key);
            }
        }
    }
}
