using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Ses;

/// <summary>Taking and restoring the persisted form of the store: identities, configuration sets, receipt rule sets and the active set, per region.</summary>
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
                    [.. state.RuleSets.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new SesReceiptRuleSetRecord(s.Name, s.CreatedTimestamp, [.. s.Rules.Select(SesReceiptRule.From)]))],
                    state.ActiveRuleSet,
                    state.ConfigurationSets.Count == 0 ? null : [.. state.ConfigurationSets.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(SesConfigurationSetRecord.From)]);
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
                    set.Rules.AddRange(saved.Rules.Select(r => r.ToRule()));
                    state.RuleSets[set.Name] = set;
                }

                foreach (var saved in record.ConfigurationSets ?? [])
                {
                    state.ConfigurationSets[saved.Name] = saved.ToSet();
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

/// <summary>One region's SES configuration in a snapshot (snapshots written before configuration sets have none).</summary>
internal sealed record SesRegionRecord(
    string Region,
    IReadOnlyList<SesIdentity> Identities,
    IReadOnlyList<SesReceiptRuleSetRecord> RuleSets,
    string? ActiveRuleSet,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SesConfigurationSetRecord>? ConfigurationSets = null);

/// <summary>A configuration set in a snapshot.</summary>
/// <param name="Name">The name.</param>
/// <param name="CreatedTimestamp">When it was created.</param>
/// <param name="SendingEnabled">Whether sending with it is on.</param>
/// <param name="ReputationMetricsEnabled">Whether reputation metrics are on.</param>
/// <param name="EventDestinations">Its event destinations in order.</param>
internal sealed record SesConfigurationSetRecord(
    string Name,
    DateTimeOffset CreatedTimestamp,
    bool SendingEnabled,
    bool ReputationMetricsEnabled,
    IReadOnlyList<SesEventDestination> EventDestinations)
{
    /// <summary>A set as the snapshot keeps it.</summary>
    public static SesConfigurationSetRecord From(SesConfigurationSet set) =>
        new(set.Name, set.CreatedTimestamp, set.SendingEnabled, set.ReputationMetricsEnabled, [.. set.EventDestinations]);

    /// <summary>The set as the store keeps it.</summary>
    public SesConfigurationSet ToSet()
    {
        var set = new SesConfigurationSet(Name, CreatedTimestamp) { SendingEnabled = SendingEnabled, ReputationMetricsEnabled = ReputationMetricsEnabled };
        set.EventDestinations.AddRange(EventDestinations);
        return set;
    }
}

/// <summary>One receipt rule set in a snapshot, rules in order.</summary>
internal sealed record SesReceiptRuleSetRecord(string Name, DateTimeOffset CreatedTimestamp, IReadOnlyList<SesReceiptRule> Rules);

/// <summary>A receipt rule in a snapshot (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptRule.html).</summary>
/// <param name="Name">Rule name.</param>
/// <param name="Enabled">Whether the rule is active.</param>
/// <param name="TlsPolicy"><c>Require</c> or <c>Optional</c>.</param>
/// <param name="Recipients">Addresses, domains or <c>.domain</c> subdomain patterns; empty = every verified domain.</param>
/// <param name="Actions">Actions in order.</param>
/// <param name="ScanEnabled">Whether SES scans for spam and viruses.</param>
internal sealed record SesReceiptRule(
    string Name,
    bool Enabled,
    string TlsPolicy,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<SesReceiptAction> Actions,
    bool ScanEnabled)
{
    /// <summary>A stored rule as the snapshot keeps it.</summary>
    public static SesReceiptRule From(ReceiptRule rule) =>
        new(rule.Name!, rule.Enabled ?? false, rule.TlsPolicy ?? "Optional", rule.Recipients ?? [], [.. (rule.Actions ?? []).Select(SesReceiptAction.From)], rule.ScanEnabled ?? false);

    /// <summary>The rule as the provider keeps it.</summary>
    public ReceiptRule ToRule() => new(Name, Enabled, TlsPolicy, Recipients, [.. Actions.Select(a => a.ToAction())], ScanEnabled);
}

/// <summary>
/// One action of a receipt rule in a snapshot: the union member's name (<c>S3Action</c>, <c>SNSAction</c>, …) and its
/// members in order, as strings.
/// </summary>
/// <param name="Type">The union member, e.g. <c>S3Action</c>.</param>
/// <param name="Members">The action's fields, AWS spelling.</param>
internal sealed record SesReceiptAction(string Type, IReadOnlyList<KeyValuePair<string, string>> Members)
{
    /// <summary>An action as the snapshot keeps it.</summary>
    public static SesReceiptAction From(ReceiptAction action)
    {
        var (type, members) = JsonSerializer.SerializeToNode(action, SesApiJsonContext.Default.ReceiptAction)!.AsObject().Single();
        return new(type, [.. members!.AsObject().Select(m => KeyValuePair.Create(m.Key, m.Value!.GetValue<string>()))]);
    }

    /// <summary>The action as the provider keeps it.</summary>
    public ReceiptAction ToAction()
    {
        var members = new JsonObject();
        foreach (var (key, value) in Members)
        {
            members[key] = value;
        }

        return new JsonObject { [Type] = members }.Deserialize(SesApiJsonContext.Default.ReceiptAction) ?? throw new InvalidDataException($"A receipt action of type {Type} could not be read.");
    }
}

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SesSnapshot))]
internal sealed partial class SesSnapshotJsonContext : JsonSerializerContext;
