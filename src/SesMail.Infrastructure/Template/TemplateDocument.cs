using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// A CloudFormation template as read from YAML or JSON: sections kept as JSON nodes with every intrinsic function in
/// its long form (<c>!GetAtt A.B</c> becomes <c>{"Fn::GetAtt": ["A", "B"]}</c>). Nothing is evaluated here; see
/// <see cref="TemplateEvaluator"/>. An <c>AWS::Include</c> (<see cref="TemplateIncludes"/>) stays unread until the
/// template is expanded; <see cref="Resources"/> lists only the resources written in the template itself.
/// </summary>
public sealed class TemplateDocument
{
    internal TemplateDocument(JsonObject root)
    {
        Root = root;
        if (root["Resources"] is not JsonObject resources || resources.Count == 0)
        {
            throw new TemplateException("Resources", "a template needs a Resources section with at least one resource.");
        }

        Parameters = Section(root, "Parameters").ToDictionary(p => p.Key, p => TemplateParameter.FromNode(p.Key, p.Value), StringComparer.Ordinal);
        Conditions = Section(root, "Conditions").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        Mappings = Section(root, "Mappings");
        Outputs = Section(root, "Outputs");
        var list = new List<TemplateResource>();
        foreach (var (id, node) in resources.Where(r => r.Key != TemplateIncludes.Key))
        {
            list.Add(ReadResource(id, node));
        }

        Resources = list;
        ResourcesById = list.ToDictionary(r => r.LogicalId, StringComparer.Ordinal);
    }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>Parameters by name.</summary>
    public IReadOnlyDictionary<string, TemplateParameter> Parameters { get; }

    /// <summary>The value a stack would get for a parameter: the one given, else the template's <c>Default</c>, else empty.</summary>
    /// <param name="name">A parameter the template declares, e.g. <c>CodeBucket</c>.</param>
    /// <param name="given">The values given to the stack.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The template declares no such parameter.</exception>
    public string ParameterValue(string name, IReadOnlyDictionary<string, string> given) =>
        given.TryGetValue(name, out var value) ? value : Parameters[name].Default ?? string.Empty;

    /// <summary>Condition expressions by name (long form).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Conditions { get; }

    /// <summary>The <c>Mappings</c> section (empty when absent).</summary>
    public JsonObject Mappings { get; }

    /// <summary>The <c>Outputs</c> section (empty when absent).</summary>
    public JsonObject Outputs { get; }

    /// <summary>Resources in template order.</summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    /// <summary>Resources by logical id.</summary>
    public IReadOnlyDictionary<string, TemplateResource> ResourcesById { get; }

    /// <summary>The template's <c>Description</c>, or <c>null</c>.</summary>
    public string? Description => Root["Description"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Resources of one type, in template order.</summary>
    /// <param name="type">e.g. <c>AWS::Lambda::Function</c>.</param>
    /// <returns>The matching resources.</returns>
    public IEnumerable<TemplateResource> OfType(string type) => Resources.Where(r => r.Type == type);

    private static JsonObject Section(JsonObject root, string name) => root[name] switch
    {
        null => [],
        JsonObject o => o,
        var other => throw new TemplateException(name, $"the section must be a mapping, found {TemplateValues.Describe(other)}."),
    };

    private static TemplateResource ReadResource(string id, JsonNode? node)
    {
        var path = $"Resources.{id}";
        if (node is not JsonObject obj)
        {
            throw new TemplateException(path, "a resource must be a mapping with Type and Properties.");
        }

        if (obj["Type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || type.Length == 0)
        {
            throw new TemplateException($"{path}.Type", "the resource has no Type.");
        }

        var properties = obj["Properties"] switch
        {
            null => new JsonObject(),
            JsonObject p => p,
            var other => throw new TemplateException($"{path}.Properties", $"Properties must be a mapping, found {TemplateValues.Describe(other)}."),
        };
        IReadOnlyList<string> dependsOn = obj["DependsOn"] switch
        {
            null => [],
            JsonArray a => a.Select(x => TemplateValues.ScalarText(x, $"{path}.DependsOn")).ToList(),
            var single => [TemplateValues.ScalarText(single, $"{path}.DependsOn")],
        };
        var condition = obj["Condition"] is null ? null : TemplateValues.ScalarText(obj["Condition"], $"{path}.Condition");
        var deletionPolicy = obj["DeletionPolicy"] is null ? null : TemplateValues.ScalarText(obj["DeletionPolicy"], $"{path}.DeletionPolicy");
        if (deletionPolicy is not (null or "Delete" or "Retain" or "RetainExceptOnCreate" or "Snapshot"))
        {
            throw new TemplateException($"{path}.DeletionPolicy", $"'{deletionPolicy}' is not a deletion policy; use Delete, Retain, RetainExceptOnCreate or Snapshot.");
        }

        return new TemplateResource(id, type, properties, dependsOn, condition, deletionPolicy);
    }
}
