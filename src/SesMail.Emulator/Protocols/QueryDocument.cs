using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// Converts between the AWS Query wire form and JSON-shaped documents, so one typed operation serves both the
/// JSON and the Query protocol: flattened form parameters (<c>Attribute.1.Name=…</c>) become a <see cref="JsonObject"/>
/// with the JSON member names; a JSON result becomes the children of <c>&lt;{Action}Result&gt;</c>.
/// </summary>
/// <remarks>See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
/// and the SNS Query API reference for the two list/map spellings.</remarks>
internal static class QueryDocument
{
    private static readonly string[] KeyNames = ["Name", "Key", "key", "name"];
    private static readonly string[] ValueNames = ["Value", "value"];

    /// <summary>Builds the JSON-shaped request from Query parameters (<c>Action</c>, <c>Version</c> and SigV4 parameters are skipped).</summary>
    /// <param name="parameters">The flattened parameters as sent.</param>
    /// <param name="conventions">The service's spelling of lists and maps.</param>
    /// <returns>The request object; leaves stay strings (typed contexts read numbers and booleans from strings).</returns>
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> parameters, QueryConventions conventions)
    {
        var root = new Node();
        foreach (var (key, value) in parameters)
        {
            if (key is "Action" or "Version" || key.StartsWith("X-Amz-", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = key.Split('.');
            if (parts.Any(p => p.Length == 0))
            {
                continue;
            }

            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!node.Children.TryGetValue(parts[i], out var child) || child is not Node inner)
                {
                    inner = new Node();
                    node.Children[parts[i]] = inner;
                }

                node = inner;
            }

            node.Children.TryAdd(parts[^1], value);
        }

        return ToObject(root, conventions);
    }

    /// <summary>Runs a JSON-shaped operation on Query parameters: reads them into its input, writes its result as Query XML.</summary>
    /// <param name="action">The <c>Action</c> parameter.</param>
    /// <param name="parameters">The flattened parameters as sent.</param>
    /// <param name="conventions">The service's spelling of lists and maps.</param>
    /// <param name="operation">The operation (usually a binding's table, through <see cref="AwsOperation"/>).</param>
    /// <returns>The children of <c>&lt;{Action}Result&gt;</c>.</returns>
    public static async ValueTask<IEnumerable<XElement>> InvokeAsync(
        string action, IReadOnlyDictionary<string, string> parameters, QueryConventions conventions, Func<JsonObject, ValueTask<JsonNode?>> operation)
    {
        var result = await operation(ToJson(parameters, conventions)).ConfigureAwait(false);
        return ToXml(action, result, conventions);
    }

    /// <summary>Writes a JSON result as the children of <c>&lt;{Action}Result&gt;</c> (unqualified names).</summary>
    /// <param name="operation">The action, for operation-specific element names.</param>
    /// <param name="result">The JSON-shaped result, or <c>null</c> for an empty result.</param>
    /// <param name="conventions">The service's spelling of lists and maps.</param>
    /// <returns>The elements, in member order.</returns>
    public static IEnumerable<XElement> ToXml(string operation, JsonNode? result, QueryConventions conventions)
    {
        if (result is not JsonObject members)
        {
            return [];
        }

        var elements = new List<XElement>();
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                elements.AddRange(Member(operation, name, value, conventions));
            }
        }

        return elements;
    }

    private static IEnumerable<XElement> Member(string operation, string name, JsonNode value, QueryConventions conventions)
    {
        var hint = conventions.ResponseMember(operation, name);
        switch (value)
        {
            case JsonArray list:
                var itemName = conventions.Flattened ? hint?.Name ?? name : "member";
                var items = list.Where(i => i is not null).Select(i => Content(operation, new XElement(itemName), i!, conventions));
                return conventions.Flattened ? items : [new XElement(hint?.Name ?? name, items)];
            case JsonObject map when hint is { Kind: QueryMemberKind.Map }:
                var entryName = conventions.Flattened ? hint.Name : "entry";
                var entries = map.Where(e => e.Value is not null).Select(e => new XElement(entryName,
                    new XElement(hint.KeyName, e.Key),
                    Content(operation, new XElement(hint.ValueName), e.Value!, conventions)));
                return conventions.Flattened ? entries : [new XElement(name, entries)];
            default:
                return [Content(operation, new XElement(hint?.Name ?? name), value, conventions)];
        }
    }

    private static XElement Content(string operation, XElement element, JsonNode value, QueryConventions conventions)
    {
        if (value is JsonObject structure)
        {
            foreach (var (name, member) in structure)
            {
                if (member is not null)
                {
                    element.Add(Member(operation, name, member, conventions));
                }
            }
        }
        else if (value is JsonValue scalar)
        {
            element.Value = scalar.GetValueKind() switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.String => scalar.GetValue<string>(),
                _ => scalar.ToJsonString(),
            };
        }

        return element;
    }

    private static JsonObject ToObject(Node node, QueryConventions conventions)
    {
        var result = new JsonObject();
        foreach (var (name, child) in node.Children)
        {
            conventions.RequestMembers.TryGetValue(name, out var hint);
            var jsonName = hint?.Name ?? name;
            result[jsonName] = child switch
            {
                string leaf => JsonValue.Create(leaf),
                Node inner when inner.Children.Count == 1 && inner.Children.TryGetValue("member", out var members) =>
                    members is Node m ? ToList(m, conventions) : new JsonArray(),
                Node inner when inner.Children.Count == 1 && inner.Children.TryGetValue("entry", out var entries) =>
                    entries is Node e ? ToMap(e, conventions) : new JsonObject(),
                Node inner when hint?.Kind == QueryMemberKind.Map => ToMap(inner, conventions),
                Node inner when hint?.Kind == QueryMemberKind.List || IsIndexed(inner) => ToList(inner, conventions),
                Node inner => ToObject(inner, conventions),
                _ => null,
            };
        }

        return result;
    }

    private static JsonArray ToList(Node indexed, QueryConventions conventions)
    {
        var list = new JsonArray();
        foreach (var (_, item) in Ordered(indexed))
        {
            list.Add(item switch
            {
                string leaf => JsonValue.Create(leaf),
                Node inner => ToObject(inner, conventions),
                _ => null,
            });
        }

        return list;
    }

    private static JsonObject ToMap(Node indexed, QueryConventions conventions)
    {
        var map = new JsonObject();
        foreach (var (_, item) in Ordered(indexed))
        {
            if (item is not Node entry)
            {
                continue;
            }

            var key = KeyNames.Select(k => entry.Children.GetValueOrDefault(k)).OfType<string>().FirstOrDefault();
            var value = ValueNames.Select(v => entry.Children.GetValueOrDefault(v)).FirstOrDefault(v => v is not null);
            if (key is null)
            {
                continue;
            }

            map[key] = value switch
            {
                string leaf => JsonValue.Create(leaf),
                Node inner => ToObject(inner, conventions),
                _ => null,
            };
        }

        return map;
    }

    private static bool IsIndexed(Node node) =>
        node.Children.Count > 0 && node.Children.Keys.All(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static IEnumerable<KeyValuePair<string, object>> Ordered(Node node) =>
        node.Children
            .Where(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .OrderBy(c => int.Parse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture));

    private sealed class Node
    {
        public Dictionary<string, object> Children { get; } = new(StringComparer.Ordinal);
    }
}
