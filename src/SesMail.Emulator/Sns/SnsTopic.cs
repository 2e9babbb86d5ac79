using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sns;

/// <summary>One standard topic; its mutable parts change under its own lock.</summary>
internal sealed class SnsTopic(string arn, string name, string accountId, string region)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);
    private readonly ResourceTags _tags = new();

    public string Arn { get; } = arn;

    public string Name { get; } = name;

    public string AccountId { get; } = accountId;

    public string Region { get; } = region;

    public IReadOnlyDictionary<string, string> Attributes
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, string>(_attributes, StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyDictionary<string, string> Tags => _tags.Snapshot();

    public void SetAttribute(string name, string value)
    {
        lock (_lock)
        {
            _attributes[name] = value;
        }
    }

    public void Tag(IEnumerable<KeyValuePair<string, string>> tags) => _tags.Tag(tags);

    public void Untag(IEnumerable<string> keys) => _tags.Untag(keys);
}
