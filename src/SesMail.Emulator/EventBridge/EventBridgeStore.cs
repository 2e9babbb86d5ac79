using System.Collections.Concurrent;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// All EventBridge state: buses per region, each with its rules and their targets; persisted in
/// <c>{DataDirectory}/events/state.json</c> (see <c>EventBridgeSnapshot.cs</c>).
/// </summary>
internal sealed partial class EventBridgeStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, EventBus>> _regions = new(StringComparer.Ordinal);

    /// <summary>Guards rule and target changes across the store.</summary>
    public Lock Lock { get; } = new();

    /// <summary>The buses of a region; the <c>default</c> bus always exists.</summary>
    /// <param name="region">The region.</param>
    /// <param name="accountId">The account (for ARNs).</param>
    /// <param name="now">Creation time of the default bus if it is made now.</param>
    /// <returns>Buses by name.</returns>
    public ConcurrentDictionary<string, EventBus> Buses(string region, string accountId, DateTimeOffset now) =>
        _regions.GetOrAdd(region, r =>
        {
            var buses = new ConcurrentDictionary<string, EventBus>(StringComparer.Ordinal);
            buses["default"] = new EventBus("default", $"arn:aws:events:{r}:{accountId}:event-bus/default", now);
            return buses;
        });
}

/// <summary>An event bus.</summary>
/// <param name="Name">The bus name.</param>
/// <param name="Arn">The bus ARN.</param>
/// <param name="Created">Creation time.</param>
internal sealed record EventBus(string Name, string Arn, DateTimeOffset Created)
{
    /// <summary>Rules by name, in creation order.</summary>
    public Dictionary<string, EventRule> Rules { get; } = new(StringComparer.Ordinal);

    /// <summary>Description given at creation.</summary>
    public string? Description { get; set; }

    /// <summary>Resource tags.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}

/// <summary>A rule on a bus.</summary>
/// <param name="Name">The rule name.</param>
/// <param name="Arn">The rule ARN.</param>
/// <param name="EventBusName">The bus name.</param>
internal sealed record EventRule(string Name, string Arn, string EventBusName)
{
    /// <summary>The pattern text as given, or <c>null</c>.</summary>
    public string? EventPatternText { get; set; }

    /// <summary>The compiled pattern, or <c>null</c> for schedule-only rules.</summary>
    public EventPattern? EventPattern { get; set; }

    /// <summary>The schedule expression (stored, not run here: the local runtime runs schedules).</summary>
    public string? ScheduleExpression { get; set; }

    /// <summary><c>ENABLED</c>, <c>DISABLED</c> or <c>ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS</c>.</summary>
    public string State { get; set; } = "ENABLED";

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Role ARN.</summary>
    public string? RoleArn { get; set; }

    /// <summary>Targets by id, in the order they were added.</summary>
    public Dictionary<string, Target> Targets { get; } = new(StringComparer.Ordinal);

    /// <summary>Resource tags.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}
