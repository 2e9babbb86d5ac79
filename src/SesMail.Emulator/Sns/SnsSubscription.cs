namespace SesMail.Emulator.Sns;

/// <summary>One confirmed subscription; its attributes change under its own lock.</summary>
internal sealed class SnsSubscription(string arn, string topicArn, string protocol, string endpoint, string owner)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);

    public string Arn { get; } = arn;

    public string TopicArn { get; } = topicArn;

    public string Protocol { get; } = protocol;

    public string Endpoint { get; } = endpoint;

    public string Owner { get; } = owner;

    /// <summary><c>RawMessageDelivery</c> is <c>true</c> (case-insensitive).</summary>
    public bool RawMessageDelivery => string.Equals(Attribute("RawMessageDelivery"), "true", StringComparison.OrdinalIgnoreCase);

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

    public string? Attribute(string name)
    {
        lock (_lock)
        {
            return _attributes.GetValueOrDefault(name);
        }
    }

    public void SetAttribute(string name, string value)
    {
        lock (_lock)
        {
            _attributes[name] = value;
        }
    }
}
