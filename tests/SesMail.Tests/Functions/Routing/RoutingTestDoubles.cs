using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using SesMail.Functions.Routing;

namespace SesMail.Tests.Functions.Routing;

/// <summary>Records tagging calls; optionally fails them.</summary>
internal sealed class RecordingTagger : IObjectTagger
{
    public List<(string Bucket, string Key, IReadOnlyList<KeyValuePair<string, string>> Tags)> Calls { get; } = [];

    public Exception? FailWith { get; set; }

    public Task TagAsync(string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken)
    {
        Calls.Add((bucket, key, tags));
        return FailWith is null ? Task.CompletedTask : Task.FromException(FailWith);
    }
}

/// <summary>A fixed integration-test token; counts reads.</summary>
internal sealed class FixedTokenSource(string? token) : IIntegrationTestTokenSource
{
    public int Reads { get; private set; }

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return ValueTask.FromResult(token);
    }
}

/// <summary>A rule store that always throws.</summary>
internal sealed class ThrowingRuleStore(Exception exception) : IRoutingRuleStore
{
    public ValueTask<RoutingRule?> GetAsync(string partitionKey, CancellationToken cancellationToken) => ValueTask.FromException<RoutingRule?>(exception);
}

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
