using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.Routing;

/// <summary>
/// A routing rule as stored in the routing table (docs/OPERATIONS.md, "Routing rules"): item
/// <c>PK = ROUTE#{pattern}</c>, <c>SK = RULE#v1</c>, with <c>enabled</c>, optional <c>metadata</c> (JSON object text) and
/// its actions, either as a list <c>actions</c> of <c>{type, target}</c> maps, or — items written before rules had several
/// actions — as one <c>action</c> and <c>target</c>.
/// </summary>
/// <param name="Pattern">The address, <c>*@domain</c> or <c>*</c> (stored lower-case).</param>
/// <param name="Actions">What happens to a recipient the rule matches, in the stored order. A list read from
/// <c>actions</c> may be empty (a data problem the router reports); one read from <c>action</c>/<c>target</c> has one
/// entry.</param>
/// <param name="Enabled">The rule switch; a disabled rule makes the lookup fall through to the next, more general key.</param>
/// <param name="Metadata">The metadata object copied into each target entry (<c>{}</c> when absent).</param>
public sealed record RoutingRule(string Pattern, IReadOnlyList<RuleAction> Actions, bool Enabled, JsonElement Metadata)
{
    /// <summary>The partition-key prefix of routing items.</summary>
    public const string KeyPrefix = "ROUTE#";

    /// <summary>The sort key of every routing item.</summary>
    public const string SortKey = "RULE#v1";

    /// <summary>The attribute holding the list of actions.</summary>
    public const string ActionsAttributeName = "actions";

    /// <summary>A rule with one action, the shape of an item written before rules had several actions.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="action">The action type.</param>
    /// <param name="target">The Gmail account for <c>forward-to-gmail</c>, else <c>""</c>.</param>
    /// <param name="enabled">The rule switch.</param>
    /// <param name="metadata">The metadata object.</param>
    public RoutingRule(string pattern, string action, string target, bool enabled, JsonElement metadata)
        : this(pattern, [new RuleAction(action, target)], enabled, metadata)
    {
    }

    /// <summary>The <c>PK</c> value for this rule.</summary>
    public string PartitionKey => KeyPrefix + Pattern;

    /// <summary>The first action's type (the only one of a single-action rule); <c>""</c> when the list is empty.</summary>
    public string Action => Actions.Count > 0 ? Actions[0].Type : string.Empty;

    /// <summary>The first action's target (the only one of a single-action rule); <c>""</c> when the list is empty.</summary>
    public string Target => Actions.Count > 0 ? Actions[0].Target : string.Empty;

    /// <summary>Whether the rule has actions and every one is a known type.</summary>
    public bool HasKnownAction => Actions.Count > 0 && Actions.All(a => a.IsKnown);

    /// <summary>Reads a rule from a DynamoDB item with the router's defaults.</summary>
    /// <param name="item">The item's attributes.</param>
    /// <returns>The rule. With an <c>actions</c> attribute, its entries (an entry that is not a map with a string
    /// <c>type</c> reads as <see cref="RuleAction.MalformedType"/>; <c>actions</c> that is not a list reads as no actions),
    /// and <c>action</c>/<c>target</c> are ignored. Without it, the one action <c>action</c>/<c>target</c>: missing
    /// <c>action</c> → <c>bounce</c>, missing <c>target</c> → <c>""</c>. <c>enabled</c> missing or not a BOOL →
    /// <c>true</c>; <c>metadata</c> missing, not a string, or not a JSON object → <c>{}</c>.</returns>
    public static RoutingRule FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var pk = StringOf(item, "PK") ?? string.Empty;
        var pattern = pk.StartsWith(KeyPrefix, StringComparison.Ordinal) ? pk[KeyPrefix.Length..] : pk;
        var actions = item.TryGetValue(ActionsAttributeName, out var list) && list is not null
            ? ReadActions(list)
            : LegacyActions(item);
        var enabled = !item.TryGetValue("enabled", out var enabledValue) || enabledValue?.BOOL is not { } flag || flag;
        return new RoutingRule(pattern, actions, enabled, ParseMetadata(StringOf(item, "metadata")));
    }

    /// <summary>Whether an item keeps its actions in the old single <c>action</c>/<c>target</c> form.</summary>
    /// <param name="item">A routing item.</param>
    /// <returns><c>true</c> when the item has no <c>actions</c> attribute.</returns>
    public static bool IsSingleActionItem(IReadOnlyDictionary<string, AttributeValue> item) =>
        !item.TryGetValue(ActionsAttributeName, out var list) || list is null;

    /// <summary>
    /// The item <c>sesmail rules migrate</c> writes for an old single-action item: the same attributes, with
    /// <c>action</c>/<c>target</c> replaced by an <c>actions</c> list holding that one action as the router reads it
    /// (a missing <c>action</c> becomes <c>bounce</c>, a missing <c>target</c> <c>""</c>). Timestamps are left alone:
    /// the rule's meaning does not change.
    /// </summary>
    /// <param name="item">A routing item.</param>
    /// <returns>The migrated item, or <c>null</c> when the item already has <c>actions</c> (migrating is idempotent).</returns>
    public static Dictionary<string, AttributeValue>? MigrateItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (!IsSingleActionItem(item))
        {
            return null;
        }

        var migrated = new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal);
        migrated.Remove("action");
        migrated.Remove("target");
        migrated[ActionsAttributeName] = ActionsAttribute(LegacyActions(item));
        return migrated;
    }

    /// <summary>The DynamoDB list of maps that stores <paramref name="actions"/>: <c>[{"type": S, "target": S}, …]</c>.</summary>
    /// <param name="actions">The actions, in order.</param>
    /// <returns>An <c>L</c> attribute value.</returns>
    public static AttributeValue ActionsAttribute(IEnumerable<RuleAction> actions) => new()
    {
        L = [.. actions.Select(action => new AttributeValue
        {
            M = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                ["type"] = new() { S = action.Type },
                ["target"] = new() { S = action.Target },
            },
        })],
    };

    /// <summary>
    /// The rule as a complete DynamoDB item, as an operator tool writes it: pattern lower-cased, <c>entity_type</c>
    /// <c>ROUTE</c>, the actions as an <c>actions</c> list, timestamps <c>YYYY-MM-DDTHH:MM:SSZ</c>.
    /// </summary>
    /// <param name="now">The write time for <c>created_at</c>/<c>updated_at</c>.</param>
    /// <param name="description">Free text.</param>
    /// <returns>The item.</returns>
    public Dictionary<string, AttributeValue> ToItem(DateTimeOffset now, string description = "")
    {
        var pattern = Pattern.ToLowerInvariant();
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["PK"] = new() { S = KeyPrefix + pattern },
            ["SK"] = new() { S = SortKey },
            ["entity_type"] = new() { S = "ROUTE" },
            ["recipient"] = new() { S = pattern },
            [ActionsAttributeName] = ActionsAttribute(Actions),
            ["enabled"] = new() { BOOL = Enabled },
            ["description"] = new() { S = description },
            ["created_at"] = new() { S = stamp },
            ["updated_at"] = new() { S = stamp },
        };
        if (Metadata.ValueKind == JsonValueKind.Object && Metadata.EnumerateObject().Any())
        {
            item["metadata"] = new() { S = Metadata.GetRawText() };
        }

        return item;
    }

    /// <summary>The one action of an item without <c>actions</c>: <c>action</c> (missing → <c>bounce</c>, not a string →
    /// <c>(not a string)</c>) and <c>target</c> (missing or not a string → <c>""</c>).</summary>
    private static IReadOnlyList<RuleAction> LegacyActions(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var action = !item.TryGetValue("action", out var actionValue) || actionValue is null
            ? RoutingActionNames.Bounce
            : actionValue.S ?? "(not a string)";
        return [new RuleAction(action, StringOf(item, "target") ?? string.Empty)];
    }

    private static IReadOnlyList<RuleAction> ReadActions(AttributeValue list)
    {
        if (list.L is not { } entries)
        {
            return [];
        }

        var actions = new List<RuleAction>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry?.M is { } map && map.TryGetValue("type", out var type) && type?.S is { Length: > 0 } name)
            {
                actions.Add(new RuleAction(name, map.TryGetValue("target", out var target) ? target?.S ?? string.Empty : string.Empty));
            }
            else
            {
                actions.Add(new RuleAction(RuleAction.MalformedType, string.Empty));
            }
        }

        return actions;
    }

    private static string? StringOf(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value?.S : null;

    private static JsonElement ParseMetadata(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return RoutingTarget.EmptyMetadata;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : RoutingTarget.EmptyMetadata;
        }
        catch (JsonException)
        {
            return RoutingTarget.EmptyMetadata;
        }
    }
}
