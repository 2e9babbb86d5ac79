using System.Collections.Concurrent;

namespace SesMail.Emulator.Ssm;

/// <summary>Parameters by region and name, each with its version history, in memory.</summary>
internal sealed class SsmStore
{
    private readonly ConcurrentDictionary<(string Region, string Name), SsmParameterHistory> _parameters = new();

    public SsmParameterHistory GetOrAdd(string region, string name) => _parameters.GetOrAdd((region, name), _ => new SsmParameterHistory(name));

    public SsmParameterHistory? Find(string region, string name) =>
        _parameters.TryGetValue((region, name), out var history) && history.Latest is not null ? history : null;

    public bool Remove(string region, string name) =>
        _parameters.TryRemove((region, name), out var history) && history.Latest is not null;

    public IEnumerable<SsmParameterHistory> InRegion(string region) =>
        _parameters.Where(p => p.Key.Region == region && p.Value.Latest is not null).Select(p => p.Value).OrderBy(p => p.Name, StringComparer.Ordinal);
}

/// <summary>One parameter's versions; appended under its own lock.</summary>
internal sealed class SsmParameterHistory(string name)
{
    private readonly Lock _lock = new();
    private readonly List<SsmParameterVersion> _versions = [];

    public string Name { get; } = name;

    public SsmParameterVersion? Latest
    {
        get
        {
            lock (_lock)
            {
                return _versions.Count == 0 ? null : _versions[^1];
            }
        }
    }

    public SsmParameterVersion? Version(long version)
    {
        lock (_lock)
        {
            return _versions.FirstOrDefault(v => v.Version == version);
        }
    }

    /// <summary>Appends a version unless one exists and <paramref name="overwrite"/> is false.</summary>
    /// <returns>The new version, or <c>null</c> when the parameter exists and may not be overwritten.</returns>
    public SsmParameterVersion? Put(bool overwrite, Func<SsmParameterVersion?, SsmParameterVersion> next)
    {
        lock (_lock)
        {
            var latest = _versions.Count == 0 ? null : _versions[^1];
            if (latest is not null && !overwrite)
            {
                return null;
            }

            var version = next(latest);
            _versions.Add(version);
            return version;
        }
    }
}

/// <summary>One stored version of a parameter; <c>Value</c> is the plain value even for SecureString.</summary>
internal sealed record SsmParameterVersion(string Type, string Value, long Version, DateTimeOffset LastModifiedDate, string? Description, string? KeyId, string? AllowedPattern, string DataType);
