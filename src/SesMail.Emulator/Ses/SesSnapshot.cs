using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Ses;

/// <summary>Taking and restoring the persisted form of the store: identities, receipt rule sets and the active set, per region.</summary>
internal sealed partial class SesStore : ISnapshotStore<SesSnapshot>
{
    public SesSnapshot Empty => new([]);

    public SesSnapshot Capture() =>
        new([.. _regions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r =>
        {
            var state = r.Value;
            lock (state.Gate)
            {
                return new SesRegionRecord(
                    r.Key,
                    [.. state.Identities.Values.OrderBy(i => i.Name, StringComparer.Ordinal)],
                    [.. state.RuleSets.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new SesReceiptRuleSetRecord(s.Name, s.CreatedTimestamp, [.. s.Rules]))],
                    state.ActiveRuleSet);
            }
        })]);

    public void Restore(SesSnapshot snapshot)
    {
        _regions.Clear();
        foreach (var record in snapshot.Regions)
        {
            var state = Region(record.Region);
            lock (state.Gate)
            {
                foreach (var identity in record.Identities)
                {
                    state.Identities[identity.Name] = identity;
                }

                foreach (var saved in record.RuleSets)
                {
                    var set = new SesReceiptRuleSet(saved.Name, saved.CreatedTimestamp);
                    set.Rules.AddRange(saved.Rules);
                    state.RuleSets[set.Name] = set;
                }

                state.ActiveRuleSet = record.ActiveRuleSet is null || state.RuleSets.ContainsKey(record.ActiveRuleSet)
                    ? record.ActiveRuleSet
                    : throw new InvalidDataException($"The active receipt rule set {record.ActiveRuleSet} is not in the snapshot.");
            }
        }
    }
}

/// <summary>The persisted form of <see cref="SesStore"/>.</summary>
internal sealed record SesSnapshot(IReadOnlyList<SesRegionRecord> Regions);

/// <summary>One region's SES configuration in a snapshot.</summary>
internal sealed record SesRegionRecord(string Region, IReadOnlyList<SesIdentity> Identities, IReadOnlyList<SesReceiptRuleSetRecord> RuleSets, string? ActiveRuleSet);

/// <summary>One receipt rule set in a snapshot, rules in order.</summary>
internal sealed record SesReceiptRuleSetRecord(string Name, DateTimeOffset CreatedTimestamp, IReadOnlyList<SesReceiptRule> Rules);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SesSnapshot))]
internal sealed partial class SesSnapshotJsonContext : JsonSerializerContext;
