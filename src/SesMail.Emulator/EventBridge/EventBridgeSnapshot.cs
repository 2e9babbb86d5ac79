using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.EventBridge;

/// <summary>Taking and restoring the persisted form of the store: buses, their rules and the rules' targets, in order.</summary>
internal sealed partial class EventBridgeStore : ISnapshotStore<EventBridgeSnapshot>
{
    public EventBridgeSnapshot Empty => new([]);

    public EventBridgeSnapshot Capture()
    {
        lock (Lock)
        {
            return new([.. _regions.OrderBy(r => r.Key, StringComparer.Ordinal)
                .SelectMany(r => r.Value.Values.OrderBy(b => b.Name, StringComparer.Ordinal).Select(bus => new EventBusRecord(
                    r.Key,
                    bus.Name,
                    bus.Arn,
                    bus.Created,
                    bus.Description,
                    new(bus.Tags, StringComparer.Ordinal),
                    [.. bus.Rules.Values.Select(rule => new EventRuleRecord(
                        rule.Name,
                        rule.Arn,
                        rule.EventPatternText,
                        rule.ScheduleExpression,
                        rule.State,
                        rule.Description,
                        rule.RoleArn,
                        [.. rule.Targets.Values.Select(t => (JsonObject)JsonSerializer.SerializeToNode(t, EventBridgeJsonContext.Default.Target)!)],
                        new(rule.Tags, StringComparer.Ordinal)))])))]);
        }
    }

    public void Restore(EventBridgeSnapshot snapshot)
    {
        lock (Lock)
        {
            _regions.Clear();
            foreach (var record in snapshot.Buses)
            {
                var bus = new EventBus(record.Name, record.Arn, record.CreationTime) { Description = record.Description };
                foreach (var (key, value) in record.Tags)
                {
                    bus.Tags[key] = value;
                }

                foreach (var savedRule in record.Rules)
                {
                    var rule = new EventRule(savedRule.Name, savedRule.Arn, bus.Name)
                    {
                        EventPatternText = savedRule.EventPattern,
                        EventPattern = savedRule.EventPattern is null ? null : EventPattern.Parse(savedRule.EventPattern),
                        ScheduleExpression = savedRule.ScheduleExpression,
                        State = savedRule.State,
                        Description = savedRule.Description,
                        RoleArn = savedRule.RoleArn,
                    };
                    foreach (var saved in savedRule.Targets)
                    {
                        var target = saved.Deserialize(EventBridgeJsonContext.Default.Target)!;
                        rule.Targets[target.Id ?? throw new InvalidDataException($"A target of rule {savedRule.Name} has no Id.")] = target;
                    }

                    foreach (var (key, value) in savedRule.Tags)
                    {
                        rule.Tags[key] = value;
                    }

                    bus.Rules[rule.Name] = rule;
                }

                _regions.GetOrAdd(record.Region, _ => new(StringComparer.Ordinal))[bus.Name] = bus;
            }
        }
    }
}

/// <summary>The persisted form of <see cref="EventBridgeStore"/>.</summary>
internal sealed record EventBridgeSnapshot(IReadOnlyList<EventBusRecord> Buses);

/// <summary>One event bus in a snapshot, with its rules in creation order.</summary>
internal sealed record EventBusRecord(string Region, string Name, string Arn, DateTimeOffset CreationTime, string? Description, Dictionary<string, string> Tags, IReadOnlyList<EventRuleRecord> Rules);

/// <summary>One rule in a snapshot; <c>Targets</c> are the <see cref="Target"/> shapes as <c>PutTargets</c> reads them, in order.</summary>
internal sealed record EventRuleRecord(
    string Name,
    string Arn,
    string? EventPattern,
    string? ScheduleExpression,
    string State,
    string? Description,
    string? RoleArn,
    IReadOnlyList<JsonObject> Targets,
    Dictionary<string, string> Tags);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EventBridgeSnapshot))]
internal sealed partial class EventBridgeSnapshotJsonContext : JsonSerializerContext;
