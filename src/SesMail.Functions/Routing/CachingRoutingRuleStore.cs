using System.Collections.Concurrent;

namespace SesMail.Functions.Routing;

/// <summary>
/// Remembers rule reads — hits and misses — for a time-to-live of at most 60 s (docs/OPERATIONS.md#routing-rules, SesMail
/// [inferred]: rule edits show within a minute in warm containers). Errors are not cached.
/// </summary>
internal sealed class CachingRoutingRuleStore : IRoutingRuleStore
{
    /// <summary>The longest time-to-live allowed.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromSeconds(60);

    /// <summary>Entries beyond which the cache is emptied (bounds memory when mail arrives for many random addresses).</summary>
    private const int MaxEntries = 10_000;

    private readonly IRoutingRuleStore _inner;
    private readonly TimeProvider _time;
    private readonly long _ttlTicks;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Wraps a store.</summary>
    /// <param name="inner">The store read on a miss.</param>
    /// <param name="timeToLive">How long an answer is kept; clamped to 0…60 s.</param>
    /// <param name="time">The clock.</param>
    public CachingRoutingRuleStore(IRoutingRuleStore inner, TimeSpan timeToLive, TimeProvider time)
    {
        _inner = inner;
        _time = time;
        var ttl = timeToLive < TimeSpan.Zero ? TimeSpan.Zero : timeToLive > MaxTimeToLive ? MaxTimeToLive : timeToLive;
        _ttlTicks = (long)(ttl.TotalSeconds * time.TimestampFrequency);
    }

    /// <inheritdoc />
    public async ValueTask<RoutingRule?> GetAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(partitionKey, out var entry) && now < entry.ExpiresAt)
        {
            return entry.Rule;
        }

        var rule = await _inner.GetAsync(partitionKey, cancellationToken).ConfigureAwait(false);
        if (_ttlTicks > 0)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[partitionKey] = new Entry(rule, now + _ttlTicks);
        }

        return rule;
    }

    private readonly record struct Entry(RoutingRule? Rule, long ExpiresAt);
}
