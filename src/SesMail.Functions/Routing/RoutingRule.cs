using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.Routing;

/// <summary>
/// A routing rule as stored in the routing table (docs/OPERATIONS.md#routing-rules): item <c>PK = ROUTE#{pattern}</c>,
/// <c>SK = RULE#v1</c>, with <c>action</c>, <c>target</c>, <c>enabled</c> and optional <c>metadata</c> (JSON object text).
/// </summary>
/// <param name="Pattern">The address, <c>*@domain</c> or <c>*</c> (stored lower-case).</param>
/// <param name="Action">The action as stored: <c>forward-to-gmail</c>, <c>bounce</c> or <c>store</c>; any other value is
/// kept so the router can report it (and routes as <c>store</c>).</param>
/// <param name="Target">The Gmail address for <c>forward-to-gmail</c>; <c>""</c> otherwise.</param>
/// <param name="Enabled">The rule switch; a disabled rule makes the lookup fall through to the next, more general key.</param>
/// <param name="Metadata">The metadata object copied into each target entry (<c>{}</c> when absent).</param>
public sealed record RoutingRule(string Pattern, string Action, string Target, bool Enabled, JsonElement Metadata)
{
    /// <summary>The partition-key prefix of routing items.</summary>
    public const string KeyPrefix = "ROUTE#";

    /// <summary>The sort key of every routing item.</summary>
    public const string SortKey = "RULE#v1";

    /// <summary>The <c>PK</c> value for this rule.</summary>
    public string PartitionKey => KeyPrefix + Pattern;

    /// <summary>Whether <see cref="Action"/> is one of the three rule actions.</summary>
    public bool HasKnownAction => Action is RoutingActionNames.ForwardToGmail or RoutingActionNames.Bounce or RoutingActionNames.Store;

    /// <summary>Reads a rule from a DynamoDB item with the router's defaults (docs/OPERATIONS.md#routing-rules).</summary>
    /// <param name="item">The item's attributes.</param>
    /// <returns>The rule. Missing <c>action</c> → <c>bounce</c>; missing <c>target</c> → <c>""</c>; <c>enabled</c>
    /// missing or not a BOOL → <c>true</c>; <c>metadata</c> missing, not a string, or not a JSON object → <c>{}</c>.</returns>
    public static RoutingRule FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var pk = StringOf(item, "PK") ?? string.Empty;
        var pattern = pk.StartsWith(KeyPrefix, StringComparison.Ordinal) ? pk[KeyPrefix.Length..] : pk;
        string action;
        if (!item.TryGetValue("action", out var actionValue) || actionValue is null)
        {
            action = RoutingActionNames.Bounce;
        }
        else
        {
            action = actionValue.S ?? "(not a string)";
        }

        var enabled = !item.TryGetValue("enabled", out var enabledValue) || enabledValue?.BOOL is not { } flag || flag;
        return new RoutingRule(pattern, action, StringOf(item, "target") ?? string.Empty, enabled, ParseMetadata(StringOf(item, "metadata")));
    }

    /// <summary>
    /// The rule as a complete DynamoDB item (docs/OPERATIONS.md#routing-rules), as an operator tool writes it: pattern lower-cased,
    /// <c>entity_type</c> <c>ROUTE</c>, timestamps <c>YYYY-MM-DDTHH:MM:SSZ</c>.
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
            ["action"] = new() { S = Action },
            ["target"] = new() { S = Target },
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
