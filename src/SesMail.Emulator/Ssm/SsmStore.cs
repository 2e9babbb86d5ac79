using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Ssm;

/// <summary>
/// Parameters by region and name, each with its version history, in memory and (through
/// <see cref="EmulatorPersistence"/>) in <c>{DataDirectory}/ssm/state.json</c>. SecureString values are kept as
/// given, in memory and in the snapshot, as the emulator's KMS key material is on the same disk.
/// </summary>
internal sealed class SsmStore : ISnapshotStore<SsmSnapshot>
{
    private readonly ConcurrentDictionary<(string Region, string Name), SsmParameterHistory> _parameters = new();

    public SsmSnapshot Empty => new([]);

    public SsmParameterHistory GetOrAdd(string region, string name) => _parameters.GetOrAdd((region, name), _ => new SsmParameterHistory(name));

    public SsmParameterHistory? Find(string region, string name) =>
        _parameters.TryGetValue((region, name), out var history) && history.Latest is not null ? history : null;

    public bool Remove(string region, string name) =>
        _parameters.TryRemove((region, name), out var history) && history.Latest is not null;

    public IEnumerable<SsmParameterHistory> InRegion(string region) =>
        _parameters.Where(p => p.Key.Region == region && p.Value.Latest is not null).Select(p => p.Value).OrderBy(p => p.Name, StringComparer.Ordinal);

    public SsmSnapshot Capture() =>
        new([.. _parameters
            .Select(p => new SsmParameterRecord(p.Key.Region, p.Key.Name, p.Value.Versions()))
            .Where(p => p.Versions.Count > 0)
            .OrderBy(p => p.Region, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)]);

    public void Restore(SsmSnapshot snapshot)
    {
        _parameters.Clear();
        foreach (var parameter in snapshot.Parameters)
        {
            _parameters[(parameter.Region, parameter.Name)] = new SsmParameterHistory(parameter.Name, parameter.Versions);
        }
    }
}

/// <summary>The persisted form of <see cref="SsmStore"/>.</summary>
/// <param name="Parameters">Every parameter with its versions, oldest first.</param>
internal sealed record SsmSnapshot(IReadOnlyList<SsmParameterRecord> Parameters);

/// <summary>One parameter in a snapshot.</summary>
internal sealed record SsmParameterRecord(string Region, string Name, IReadOnlyList<SsmParameterVersion> Versions);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SsmSnapshot))]
internal sealed partial class SsmSnapshotJsonContext : JsonSerializerContext;

/// <summary>One parameter's versions; appended under its own lock.</summary>
internal sealed class SsmParameterHistory(string name, IEnumerable<SsmParameterVersion>? versions = null)
{
    private readonly Lock _lock = new();
    private readonly List<SsmParameterVersion> _versions = [.. versions ?? []];

    public string Name { get; } = name;

    public IReadOnlyList<SsmParameterVersion> Versions()
    {
        lock (_lock)
        {
            return [.. _versions];
        }
    }

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
