using System.Globalization;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2.Model;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Rules;

/// <summary>A routing-rule item of the routing table as the CLI shows and writes it (docs/OPERATIONS.md#routing-rules).</summary>
internal sealed record RoutingRule(
    [property: JsonPropertyName("pattern")] string Pattern,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("updated_at")] string? UpdatedAt,
    [property: JsonPropertyName("metadata")] string? Metadata)
{
    public const string SortKey = "RULE#v1";
    public const string KeyPrefix = "ROUTE#";

    /// <summary>Actions a rule may carry (<c>silent-drop</c> is a verdict only).</summary>
    public static readonly IReadOnlyList<string> Actions = ["forward-to-gmail", "bounce", "store"];

    /// <summary>The table key of a pattern.</summary>
    public static Dictionary<string, AttributeValue> Key(string pattern) => new()
    {
        ["PK"] = new AttributeValue { S = KeyPrefix + pattern },
        ["SK"] = new AttributeValue { S = SortKey },
    };

    /// <summary>The UTC timestamp format of <c>created_at</c>/<c>updated_at</c>: <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The full item for PutItem, with <c>entity_type</c> and <c>recipient</c>.</summary>
    public Dictionary<string, AttributeValue> ToItem()
    {
        var item = Key(Pattern);
        item["entity_type"] = new AttributeValue { S = "ROUTE" };
        item["recipient"] = new AttributeValue { S = Pattern };
        item["action"] = new AttributeValue { S = Action };
        item["target"] = new AttributeValue { S = Target };
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

    /// <summary>Reads an item as the router would: missing action → bounce, missing or non-BOOL enabled → true.</summary>
    /// <returns>The rule, or null when the item is not a routing rule.</returns>
    public static RoutingRule? FromItem(Dictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue("PK", out var pk) || pk.S is not { } key || !key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string? S(string name) => item.TryGetValue(name, out var value) ? value.S : null;
        var enabled = !item.TryGetValue("enabled", out var flag) || flag.BOOL is not false;
        return new RoutingRule(
            key[KeyPrefix.Length..],
            S("action") ?? "bounce",
            S("target") ?? "",
            enabled,
            S("description") ?? "",
            S("created_at"),
            S("updated_at"),
            S("metadata"));
    }

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
        if (!Actions.Contains(value))
        {
            throw new CliException($"'{action}' is not a rule action.", $"Use one of: {string.Join(", ", Actions)}.", 2);
        }

        if (value == "forward-to-gmail")
        {
            if (string.IsNullOrWhiteSpace(target) || !target.Contains('@', StringComparison.Ordinal))
            {
                throw new CliException("forward-to-gmail needs --target, the Gmail address that owns the OAuth token.", "Example: --target me@example.test", 2);
            }

            return (value, target.Trim());
        }

        return (value, "");
    }
}
