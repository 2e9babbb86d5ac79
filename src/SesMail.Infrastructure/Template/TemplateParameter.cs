using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// One entry of the template's <c>Parameters</c> section
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
/// </summary>
/// <param name="Name">The logical name, e.g. <c>Environment</c>.</param>
/// <param name="Type"><c>String</c>, <c>Number</c>, <c>CommaDelimitedList</c>, <c>List&lt;Number&gt;</c>, or an AWS-specific type (treated as <c>String</c>).</param>
/// <param name="Default">The default value as written (lists as their comma-joined text), or <c>null</c>.</param>
/// <param name="AllowedValues">Permitted values, empty when unrestricted.</param>
/// <param name="AllowedPattern">A regular expression the whole value must match, or <c>null</c>.</param>
/// <param name="Description">Free text.</param>
public sealed record TemplateParameter(
    string Name,
    string Type,
    string? Default,
    IReadOnlyList<string> AllowedValues,
    string? AllowedPattern,
    string? Description)
{
    /// <summary>Whether the parameter is a list type (its <c>Ref</c> yields an array of strings).</summary>
    public bool IsList => Type is "CommaDelimitedList" || Type.StartsWith("List<", StringComparison.Ordinal);

    internal static TemplateParameter FromNode(string name, JsonNode? node)
    {
        var path = $"Parameters.{name}";
        if (node is not JsonObject obj)
        {
            throw new TemplateException(path, "a parameter must be a mapping with at least a Type.");
        }

        var type = obj["Type"] is JsonValue t && t.TryGetValue<string>(out var ts)
            ? ts
            : throw new TemplateException(path, "the parameter has no Type.");
        var allowed = obj["AllowedValues"] is JsonArray values
            ? values.Select(v => TemplateValues.ScalarText(v, $"{path}.AllowedValues")).ToList()
            : [];
        string? dflt = obj["Default"] switch
        {
            null => null,
            JsonArray list => string.Join(',', list.Select(v => TemplateValues.ScalarText(v, $"{path}.Default"))),
            var v => TemplateValues.ScalarText(v, $"{path}.Default"),
        };
        return new TemplateParameter(
            name,
            type,
            dflt,
            allowed,
            obj["AllowedPattern"]?.GetValue<string>(),
            obj["Description"]?.GetValue<string>());
    }
}
