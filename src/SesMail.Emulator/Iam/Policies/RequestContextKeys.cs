namespace SesMail.Emulator.Iam.Policies;

/// <summary>
/// The request context's condition keys (<c>aws:username</c>, <c>aws:SourceArn</c>, <c>ses:FromAddress</c>, …), each
/// with one or more values; names compare without case, as IAM compares them
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
/// </summary>
internal sealed class RequestContextKeys
{
    private readonly Dictionary<string, IReadOnlyList<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets a single-valued key (a <c>null</c> value leaves the key absent).</summary>
    /// <param name="key">The key, e.g. <c>aws:SourceAccount</c>.</param>
    /// <param name="value">Its value.</param>
    /// <returns>This object.</returns>
    public RequestContextKeys Set(string key, string? value)
    {
        if (value is not null)
        {
            _values[key] = [value];
        }

        return this;
    }

    /// <summary>Sets a multivalued key (an empty list is present and empty).</summary>
    /// <param name="key">The key, e.g. <c>aws:TagKeys</c>.</param>
    /// <param name="values">Its values.</param>
    /// <returns>This object.</returns>
    public RequestContextKeys Set(string key, IReadOnlyList<string> values)
    {
        _values[key] = values;
        return this;
    }

    /// <summary>The values of a key, or <c>null</c> when the request context has no such key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The values or <c>null</c>.</returns>
    public IReadOnlyList<string>? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>Every key and its values.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> All => _values;
}
