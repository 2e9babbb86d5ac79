using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using SesMail.Functions.Routing;
using SesMail.Testing.Functions.Routing;
using SesMail.Tests.Support;

namespace SesMail.Tests.Functions.Routing;

/// <summary>Loads DynamoDB items written in AWS's JSON attribute-value form.</summary>
internal static class DynamoDbJson
{
    public static List<Dictionary<string, AttributeValue>> ReadItems(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(ToItem).ToList();
    }

    public static Dictionary<string, AttributeValue> ToItem(JsonElement item) =>
        item.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.Ordinal);

    private static AttributeValue ToValue(JsonElement value)
    {
        var (type, content) = value.EnumerateObject().Single() is var p ? (p.Name, p.Value) : default;
        return type switch
        {
            "S" => new AttributeValue { S = content.GetString() },
            "N" => new AttributeValue { N = content.GetRawText().Trim('"') },
            "BOOL" => new AttributeValue { BOOL = content.GetBoolean() },
            "NULL" => new AttributeValue { NULL = true },
            "L" => new AttributeValue { L = content.EnumerateArray().Select(ToValue).ToList() },
            "M" => new AttributeValue { M = ToItem(content) },
            _ => throw new NotSupportedException(type),
        };
    }

    public static InMemoryRoutingRuleStore RulesFixture() =>
        new(ReadItems(EventFixtures.Read(Path.Combine("Router", "rules.json"))).Select(RoutingRule.FromItem));
}
