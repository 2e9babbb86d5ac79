using System.Globalization;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2.Model;
using SesMail.Cli.Hosting;
using SesMail.Functions.Routing;
using RouterRule = SesMail.Functions.Routing.RoutingRule;

namespace SesMail.Cli.Rules;

/// <summary>
/// A routing-rule item of the routing table as the CLI shows and writes it (docs/OPERATIONS.md, "Routing rules"): a
/// pattern and its list of actions <c>[{type, target}]</c>. Items are read the way the router reads them, including
/// items written before rules had several actions (one <c>action</c> and <c>target</c>).
/// </summary>
/// <param name="Pattern">The pattern: <c>user@domain</c>, <c>*@domain</c> or <c>*</c>, lower-case.</param>
/// <param name="Actions">What happens to a recipient the rule matches, in stored order.</param>
/// <param name="Enabled">The rule switch.</param>
/// <param name="Description">Free text.</param>
/// <param name="CreatedAt"><c>created_at</c>, <c>YYYY-MM-DDTHH:MM:SSZ</c>.</param>
/// <param name="UpdatedAt"><c>updated_at</c>, <c>YYYY-MM-DDTHH:MM:SSZ</c>.</param>
/// <param name="Metadata">The metadata JSON text, or null.</param>
internal sealed record RoutingRule(
    [property: JsonPropertyName("pattern")] string Pattern,
    [property: JsonPropertyName("actions")] IReadOnlyList<RuleAction> Actions,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("updated_at")] string? UpdatedAt,
    [property: JsonPropertyName("metadata")] string? Metadata)
{
    public const string SortKey = RouterRule.SortKey;
    public const string KeyPrefix = RouterRule.KeyPrefix;

    /// <summary>Actions a rule may carry (<c>silent-drop</c> is a verdict only).</summary>
    public static readonly IReadOnlyList<string> ActionTypes = [RoutingActionNames.ForwardToGmail, RoutingActionNames.Bounce, RoutingActionNames.Store];

    /// <summary>A rule with one action.</summary>
    public static RoutingRule Single(string pattern, string action, string target, bool enabled, string description, string? createdAt, string? updatedAt, string? metadata) =>
        new(pattern, [new RuleAction(action, target)], enabled, description, createdAt, updatedAt, metadata);

    /// <summary>The first action's type (the only one of a single-action rule), kept in JSON for scripts written before
    /// rules had several actions; <see cref="Actions"/> holds them all.</summary>
    [JsonPropertyName("action")]
    public string Action => Actions.Count > 0 ? Actions[0].Type : "";

    /// <summary>The first action's target; see <see cref="Action"/>.</summary>
    [JsonPropertyName("target")]
    public string Target => Actions.Count > 0 ? Actions[0].Target : "";

    /// <summary>Whether the item keeps its action in the old single <c>action</c>/<c>target</c> form
    /// (<c>sesmail rules migrate</c> rewrites it).</summary>
    [JsonPropertyName("singleActionItem")]
    public bool SingleActionItem { get; init; }

    /// <summary>The actions as people read them: <c>forward-to-gmail a@gmail.com, store</c>.</summary>
    [JsonIgnore]
    public string ActionsText => Actions.Count == 0 ? "(no actions: stored)" : string.Join(", ", Actions.Select(a => a.ToString()));

    /// <summary>The Gmail accounts the rule forwards to, each once, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ForwardTargets =>
        [.. Actions.Where(a => a.Type == RoutingActionNames.ForwardToGmail && a.Target.Length > 0).Select(a => a.Target).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The table key of a pattern.</summary>
    public static Dictionary<string, AttributeValue> Key(string pattern) => new()
    {
        ["PK"] = new AttributeValue { S = KeyPrefix + pattern },
        ["SK"] = new AttributeValue { S = SortKey },
    };

    /// <summary>The UTC timestamp format of <c>created_at</c>/<c>updated_at</c>: <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The full item for PutItem, with <c>entity_type</c>, <c>recipient</c> and the <c>actions</c> list.</summary>
    public Dictionary<string, AttributeValue> ToItem()
    {
        var item = Key(Pattern);
        item["entity_type"] = new AttributeValue { S = "ROUTE" };
        item["recipient"] = new AttributeValue { S = Pattern };
        item[RouterRule.ActionsAttributeName] = RouterRule.ActionsAttribute(Actions);
        item["enabled"] = new AttributeValue { BOOL = Enabled };
        item["description"] = new AttributeValue { S = Description };
        if (CreatedAt is not null)
        {
            item["created_at"] = new AttributeValue { S = CreatedAt };
        }

        if (UpdatedAt is not null)
        {
            item["updated_at"] = new AttributeValue { S = UpdatedAt };
        }

        if (Metadata is not null)
        {
            item["metadata"] = new AttributeValue { S = Metadata };
        }

        return item;
    }

    /// <summary>Reads an item as the router does (<see cref="RouterRule.FromItem"/>): <c>actions</c>, or else one
    /// <c>action</c> (missing → bounce) and <c>target</c>; missing or non-BOOL <c>enabled</c> → true.</summary>
    /// <returns>The rule, or null when the item is not a routing rule.</returns>
    public static RoutingRule? FromItem(Dictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue("PK", out var pk) || pk.S is not { } key || !key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string? S(string name) => item.TryGetValue(name, out var value) ? value.S : null;
        var read = RouterRule.FromItem(item);
        return new RoutingRule(key[KeyPrefix.Length..], read.Actions, read.Enabled, S("description") ?? "", S("created_at"), S("updated_at"), S("metadata"))
        {
            SingleActionItem = RouterRule.IsSingleActionItem(item),
        };
    }

    /// <summary>Rules are equal when every field is, the actions compared in order.</summary>
    public bool Equals(RoutingRule? other) =>
        other is not null && Pattern == other.Pattern && Actions.SequenceEqual(other.Actions) && Enabled == other.Enabled &&
        Description == other.Description && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt && Metadata == other.Metadata &&
        SingleActionItem == other.SingleActionItem;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Pattern, Actions.Count, Enabled, Description, CreatedAt, UpdatedAt, Metadata);

    /// <summary>Checks and normalises a pattern: <c>user@domain</c>, <c>*@domain</c> or <c>*</c>, stored lower-case.</summary>
    /// <exception cref="CliException">The pattern has none of these forms.</exception>
    public static string NormalisePattern(string pattern)
    {
        var value = pattern.Trim().ToLowerInvariant();
        if (value.StartsWith(KeyPrefix.ToLowerInvariant(), StringComparison.Ordinal))
        {
            value = value[KeyPrefix.Length..];
        }

        if (value == "*")
        {
            return value;
        }

        var at = value.LastIndexOf('@');
        var local = at > 0 ? value[..at] : "";
        var domain = at > 0 ? value[(at + 1)..] : "";
        var valid = at > 0 && domain.Length > 0 && !domain.Contains('@', StringComparison.Ordinal) && !domain.Contains('*', StringComparison.Ordinal)
            && !value.Any(char.IsWhiteSpace) && (local == "*" || !local.Contains('*', StringComparison.Ordinal));
        return valid
            ? value
            : throw new CliException(
                $"'{pattern}' is not a rule pattern.",
                "Use an address (support@example.test), a whole domain (*@example.test) or the catch-all (*).",
                2);
    }

    /// <summary>Checks an action and its target.</summary>
    /// <exception cref="CliException">Unknown action, or forward-to-gmail without a target address.</exception>
    public static (string Action, string Target) ValidateAction(string action, string? target)
    {
        var value = action.Trim().ToLowerInvariant();
        if (!ActionTypes.Contains(value))
        {
            throw new CliException($"'{action}' is not a rule action.", $"Use one of: {string.Join(", ", ActionTypes)}.", 2);
        }

        if (value == RoutingActionNames.ForwardToGmail)
        {
            if (string.IsNullOrWhiteSpace(target) || !target.Contains('@', StringComparison.Ordinal))
            {
                throw new CliException("forward-to-gmail needs --target, the Gmail account to import into.", "Example: --target me@example.test (or --forward me@example.test)", 2);
            }

            return (value, target.Trim());
        }

        return (value, "");
    }

    /// <summary>
    /// The actions <c>rules add</c> was given, in order, each once: <c>--action</c>/<c>--target</c> first, then every
    /// <c>--forward</c>, then <c>--store</c> and <c>--bounce</c>.
    /// </summary>
    /// <exception cref="CliException">Exit 2: no action, an unknown one, a forward without an address, or <c>--target</c>
    /// without <c>--action</c>.</exception>
    public static IReadOnlyList<RuleAction> BuildActions(string? action, string? target, IReadOnlyList<string> forwards, bool store, bool bounce)
    {
        var actions = new List<RuleAction>();
        if (action is not null)
        {
            var (type, to) = ValidateAction(action, target);
            actions.Add(new RuleAction(type, to));
        }
        else if (target is not null)
        {
            throw new CliException("--target goes with --action forward-to-gmail.", $"Use --forward {target.Trim()} (repeat --forward for several accounts).", 2);
        }

        foreach (var forward in forwards)
        {
            var (type, to) = ValidateAction(RoutingActionNames.ForwardToGmail, forward);
            actions.Add(new RuleAction(type, to));
        }

        if (store)
        {
            actions.Add(new RuleAction(RoutingActionNames.Store, ""));
        }

        if (bounce)
        {
            actions.Add(new RuleAction(RoutingActionNames.Bounce, ""));
        }

        if (actions.Count == 0)
        {
            throw new CliException(
                "a rule needs at least one action.",
                "Pass --forward ADDRESS (repeatable), --store, --bounce, or --action forward-to-gmail|bounce|store [--target ADDRESS].",
                2);
        }

        var distinct = new List<RuleAction>();
        foreach (var candidate in actions.Where(candidate => !distinct.Any(kept => kept.SameAs(candidate))))
        {
            distinct.Add(candidate);
        }

        return distinct;
    }
}
