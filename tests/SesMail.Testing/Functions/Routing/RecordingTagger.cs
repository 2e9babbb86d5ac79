using SesMail.Functions.Routing;

namespace SesMail.Testing.Functions.Routing;

/// <summary>An <see cref="IObjectTagger"/> that records tagging calls and optionally fails them.</summary>
internal sealed class RecordingTagger : IObjectTagger
{
    /// <summary>Every call, in order.</summary>
    public List<(string Bucket, string Key, IReadOnlyList<KeyValuePair<string, string>> Tags)> Calls { get; } = [];

    /// <summary>When set, every call records itself and then fails with this exception.</summary>
    public Exception? FailWith { get; set; }

    /// <inheritdoc />
    public Task TagAsync(string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken)
    {
        Calls.Add((bucket, key, tags));
        return FailWith is null ? Task.CompletedTask : Task.FromException(FailWith);
    }
}
