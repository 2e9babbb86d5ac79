using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>One resource of a provisioned stack: what <c>Ref</c> and <c>Fn::GetAtt</c> return for it, and what was done.</summary>
/// <param name="LogicalId">The template's logical id.</param>
/// <param name="Type">The resource type, e.g. <c>AWS::SQS::Queue</c>.</param>
/// <param name="PhysicalId">The value of <c>Ref</c> (queue URL, topic ARN, table name…).</param>
/// <param name="Attributes">The <c>Fn::GetAtt</c> attributes by name (strings, or arrays for list attributes).</param>
/// <param name="Status">What provisioning did.</param>
/// <param name="Note">Why it was skipped, or what could not be applied; <c>null</c> when there is nothing to say.</param>
/// <param name="Properties">
/// The properties as applied, every intrinsic function evaluated: what an update compares against and what deleting the
/// resource needs (the queues of a queue policy, the rule set of a receipt rule); <c>null</c> when not known.
/// </param>
public sealed record ResolvedResource(
    [property: JsonPropertyName("logicalId")] string LogicalId,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("physicalId")] string PhysicalId,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, JsonNode> Attributes,
    [property: JsonPropertyName("status")] ResourceStatus Status,
    [property: JsonPropertyName("note")] string? Note = null,
    [property: JsonPropertyName("properties")] JsonObject? Properties = null)
{
    /// <summary>A string attribute, or <c>null</c> when absent.</summary>
    /// <param name="name">e.g. <c>Arn</c>.</param>
    /// <returns>The value.</returns>
    public string? Attribute(string name) => Text(Attributes.GetValueOrDefault(name));

    /// <summary>A string property as applied, or <c>null</c> when absent, not a string, or the properties are not known.</summary>
    /// <param name="name">e.g. <c>Source</c> of an <c>AWS::Pipes::Pipe</c>.</param>
    /// <returns>The value.</returns>
    public string? Property(string name) => Text(Properties?[name]);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
