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
                        [.. rule.Targets.Values.Select(t => (JsonObject)t.DeepClone())],
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

                foreach (var saved in record.Rules)
                {
                    var rule = new EventRule(saved.Name, saved.Arn, bus.Name)
                    {
                        EventPatternText = saved.EventPattern,
                        EventPattern = saved.EventPattern is null ? null : EventPattern.Parse(saved.EventPattern),
                        ScheduleExpression = saved.ScheduleExpression,
                        State = saved.State,
                        Description = saved.Description,
                        RoleArn = saved.RoleArn,
                    };
                    foreach (var target in saved.Targets)
                    {
                        rule.Targets[target["Id"]?.GetValue<string>() ?? throw new InvalidDataException($"A target of rule {saved.Name} has no Id.")] = target;
                    }

                    foreach (var (key, value) in saved.Tags)
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

/// <summary>One rule in a snapshot; <c>Targets</c> are the Target objects as given to <c>PutTargets</c>, in order.</summary>
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
