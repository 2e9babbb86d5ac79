using System.Collections.Concurrent;
using SesMail.Functions.Routing;

namespace SesMail.Testing.Functions.Routing;

/// <summary>Rules held in memory (tests, benchmarks); keyed by <see cref="RoutingRule.PartitionKey"/>.</summary>
internal sealed class InMemoryRoutingRuleStore : IRoutingRuleStore
{
    private readonly ConcurrentDictionary<string, RoutingRule> _rules = new(StringComparer.Ordinal);

    /// <summary>Creates a store holding <paramref name="rules"/>.</summary>
    /// <param name="rules">The rules.</param>
    public InMemoryRoutingRuleStore(params IEnumerable<RoutingRule> rules)
    {
        foreach (var rule in rules)
        {
            Put(rule);
        }
    }

    /// <summary>How many reads were made (to observe caching).</summary>
    public int Reads => _reads;

    private int _reads;

    /// <summary>Adds or replaces a rule.</summary>
    /// <param name="rule">The rule.</param>
    public void Put(RoutingRule rule) => _rules[rule.PartitionKey] = rule;

    /// <summary>Removes the rule under a key.</summary>
    /// <param name="partitionKey">The <c>PK</c>.</param>
    public void Remove(string partitionKey) => _rules.TryRemove(partitionKey, out _);

    /// <inheritdoc />
    public ValueTask<RoutingRule?> GetAsync(string partitionKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return ValueTask.FromResult(_rules.TryGetValue(partitionKey, out var rule) ? rule : null);
    }
}
