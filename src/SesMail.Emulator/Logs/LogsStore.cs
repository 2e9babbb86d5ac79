using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Logs;

/// <summary>
/// Log groups by region and name, each with its streams and events, in memory and (through
/// <see cref="EmulatorPersistence"/>) in <c>{DataDirectory}/logs/state.json</c>.
/// </summary>
/// <remarks>
/// Bounded, unlike AWS: a stream keeps its newest <see cref="MaxEventsPerStream"/> events in memory and its newest
/// <see cref="MaxPersistedEventsPerStream"/> in the snapshot; older ones are dropped as if expired. Each event gets a
/// sequence number unique in the store, which orders events of equal timestamp and is the <c>eventId</c>.
/// </remarks>
internal sealed class LogsStore : ISnapshotStore<LogsSnapshot>
{
    /// <summary>The most events one stream keeps in memory.</summary>
    public const int MaxEventsPerStream = 10_000;

    /// <summary>The most events of one stream written to the snapshot (the newest).</summary>
    public const int MaxPersistedEventsPerStream = 1_000;

    private readonly ConcurrentDictionary<(string Region, string Name), LogGroup> _groups = new();
    private long _sequence;

    public LogsSnapshot Empty => new([], 0);

    /// <summary>The next event sequence number.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public LogGroup? Find(string region, string name) => _groups.GetValueOrDefault((region, name));

    /// <summary>Adds <paramref name="group"/> unless one of that name exists; returns the stored group.</summary>
    public LogGroup GetOrAdd(LogGroup group) => _groups.GetOrAdd((group.Region, group.Name), group);

    /// <summary>The region of the first group named <paramref name="name"/> (in-process writers name no region).</summary>
    public string? RegionOf(string name) => _groups.Keys.Where(k => k.Name == name).Select(k => k.Region).Order(StringComparer.Ordinal).FirstOrDefault();

    public bool Remove(string region, string name) => _groups.TryRemove((region, name), out _);

    public IEnumerable<LogGroup> InRegion(string region) =>
        _groups.Where(g => g.Key.Region == region).Select(g => g.Value).OrderBy(g => g.Name, StringComparer.Ordinal);

    public LogsSnapshot Capture() =>
        new([.. _groups.Values.OrderBy(g => g.Region, StringComparer.Ordinal).ThenBy(g => g.Name, StringComparer.Ordinal).Select(g => g.Capture())],
            Interlocked.Read(ref _sequence));

    public void Restore(LogsSnapshot snapshot)
    {
        _groups.Clear();
        foreach (var record in snapshot.Groups)
        {
            if (!_groups.TryAdd((record.Region, record.Name), LogGroup.Restore(record)))
            {
                throw new InvalidDataException($"The log group {record.Name} appears twice in region {record.Region}.");
            }
        }

        Interlocked.Exchange(ref _sequence, snapshot.Sequence);
    }
}

/// <summary>One stored event.</summary>
/// <param name="Timestamp">Event time, epoch milliseconds.</param>
/// <param name="IngestionTime">When it was stored, epoch milliseconds.</param>
/// <param name="Sequence">Store-wide sequence number (the <c>eventId</c>).</param>
/// <param name="Message">The message.</param>
internal sealed record StoredLogEvent(long Timestamp, long IngestionTime, long Sequence, string Message)
{
    /// <summary>Bytes counted against a batch and a stream: the UTF-8 message plus 26, as AWS counts them.</summary>
    public long Size => Encoding.UTF8.GetByteCount(Message) + 26;
}

/// <summary>A log group and its streams; every member is guarded by <see cref="Gate"/>.</summary>
internal sealed class LogGroup(string region, string name, long creationTime)
{
    public Lock Gate { get; } = new();

    public string Region { get; } = region;

    public string Name { get; } = name;

    public long CreationTime { get; } = creationTime;

    public int? RetentionInDays { get; set; }

    public string? KmsKeyId { get; set; }

    public string LogGroupClass { get; set; } = "STANDARD";

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, LogStream> Streams { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, MetricFilterRecord> MetricFilters { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Drops events older than the retention (measured from their timestamp, as AWS does). A stream's events are
    /// ordered by timestamp (<see cref="LogStream.Events"/>), so only its oldest are looked at: called on every append
    /// and read, the check costs one comparison per stream, not a pass over every stored event.
    /// </summary>
    /// <param name="nowMs">Now, epoch milliseconds.</param>
    public void ApplyRetention(long nowMs)
    {
        if (RetentionInDays is not { } days)
        {
            return;
        }

        var cutoff = nowMs - (days * 86_400_000L);
        foreach (var stream in Streams.Values)
        {
            var events = stream.Events;
            var expired = 0;
            while (expired < events.Count && events[expired].Timestamp < cutoff)
            {
                expired++;
            }

            if (expired > 0)
            {
                events.RemoveRange(0, expired);
            }
        }
    }

    public LogGroupRecord Capture()
    {
        lock (Gate)
        {
            return new LogGroupRecord(
                Region, Name, CreationTime, RetentionInDays, KmsKeyId, LogGroupClass, new Dictionary<string, string>(Tags, StringComparer.Ordinal),
                [.. Streams.Values.Select(s => new LogStreamRecord(s.Name, s.CreationTime, s.LastIngestionTime,
                    [.. s.Events.Skip(Math.Max(0, s.Events.Count - LogsStore.MaxPersistedEventsPerStream))]))],
                [.. MetricFilters.Values]);
        }
    }

    public static LogGroup Restore(LogGroupRecord record)
    {
        var group = new LogGroup(record.Region, record.Name, record.CreationTime)
        {
            RetentionInDays = record.RetentionInDays,
            KmsKeyId = record.KmsKeyId,
            LogGroupClass = record.LogGroupClass,
        };
        foreach (var (key, value) in record.Tags)
        {
            group.Tags[key] = value;
        }

        foreach (var stream in record.Streams)
        {
            var restored = new LogStream(stream.Name, stream.CreationTime) { LastIngestionTime = stream.LastIngestionTime };
            restored.Events.AddRange(stream.Events.OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence));
            group.Streams[stream.Name] = restored;
        }

        foreach (var filter in record.MetricFilters)
        {
            group.MetricFilters[filter.FilterName] = filter;
        }

        return group;
    }
}

/// <summary>A log stream; guarded by its group's lock.</summary>
internal sealed class LogStream(string name, long creationTime)
{
    public string Name { get; } = name;

    public long CreationTime { get; } = creationTime;

    public long? LastIngestionTime { get; set; }

    /// <summary>Events ordered by timestamp, then sequence.</summary>
    public List<StoredLogEvent> Events { get; } = [];

    /// <summary>Inserts events keeping the order, then drops the oldest beyond the bound.</summary>
    public void Add(IEnumerable<StoredLogEvent> events)
    {
        foreach (var e in events)
        {
            if (Events.Count == 0 || Events[^1].Timestamp <= e.Timestamp)
            {
                Events.Add(e);
            }
            else
            {
                var at = Events.FindLastIndex(x => x.Timestamp <= e.Timestamp) + 1;
                Events.Insert(at, e);
            }

            LastIngestionTime = e.IngestionTime;
        }

        if (Events.Count > LogsStore.MaxEventsPerStream)
        {
            Events.RemoveRange(0, Events.Count - LogsStore.MaxEventsPerStream);
        }
    }
}

/// <summary>A metric filter (<c>PutMetricFilter</c>) as stored.</summary>
internal sealed record MetricFilterRecord(string FilterName, string FilterPattern, IReadOnlyList<MetricTransformation> MetricTransformations, long CreationTime);

/// <summary>The persisted form of <see cref="LogsStore"/>.</summary>
/// <param name="Groups">Every log group of every region.</param>
/// <param name="Sequence">The last event sequence number handed out.</param>
internal sealed record LogsSnapshot(IReadOnlyList<LogGroupRecord> Groups, long Sequence);

/// <summary>One log group in a snapshot.</summary>
internal sealed record LogGroupRecord(
    string Region,
    string Name,
    long CreationTime,
    int? RetentionInDays,
    string? KmsKeyId,
    string LogGroupClass,
    Dictionary<string, string> Tags,
    IReadOnlyList<LogStreamRecord> Streams,
    IReadOnlyList<MetricFilterRecord> MetricFilters);

/// <summary>One log stream in a snapshot, with its newest events.</summary>
internal sealed record LogStreamRecord(string Name, long CreationTime, long? LastIngestionTime, IReadOnlyList<StoredLogEvent> Events);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(LogsSnapshot))]
internal sealed partial class LogsSnapshotJsonContext : JsonSerializerContext;
