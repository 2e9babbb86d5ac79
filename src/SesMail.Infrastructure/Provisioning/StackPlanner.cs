using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// What applying a template to a stack would change, resource by resource, without calling the backend: a change
/// set's <c>Changes</c>. A resource is added when the stack lacks it, removed when the template drops it (or its
/// condition turns false), modified when its evaluated properties differ from those last applied; a modification
/// replaces the resource when its physical name changes (a new <c>QueueName</c>, <c>BucketName</c>, …) or its type.
/// </summary>
/// <remarks>
/// Values that only the backend knows are predicted: a new resource's <c>Ref</c> and <c>Fn::GetAtt</c> are its
/// computed names and ARNs, an existing one's are those recorded at its last apply. See
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html.
/// </remarks>
public static class StackPlanner
{
    /// <summary>Plans an operation.</summary>
    /// <param name="template">The template to apply.</param>
    /// <param name="pseudo">The stack's pseudo parameters.</param>
    /// <param name="parameters">Parameter values by name (lists comma-joined); missing ones take their default.</param>
    /// <param name="previous">The stack as it is, or <c>null</c> for a new stack.</param>
    /// <param name="previousTemplate">The template <paramref name="previous"/> was applied from, or <c>null</c>.</param>
    /// <returns>The changes, and whether parameters or outputs differ.</returns>
    /// <exception cref="TemplateException">The template cannot be evaluated with these parameters.</exception>
    public static StackPlan Plan(TemplateDocument template, PseudoParameters pseudo, IReadOnlyDictionary<string, string> parameters, ResolvedStack? previous, TemplateDocument? previousTemplate)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(pseudo);
        var predicted = new Dictionary<string, ResolvedResource>(StringComparer.Ordinal);
        var evaluator = new TemplateEvaluator(template, parameters, pseudo, new Predicted(predicted));
        var changes = new List<ResourceChange>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in TemplateDependencies.Order(template))
        {
            if (!evaluator.Exists(resource))
            {
                continue;
            }

            present.Add(resource.LogicalId);
            var properties = evaluator.Properties(resource);
            var before = previous?.Resources.GetValueOrDefault(resource.LogicalId) is { Status: not ResourceStatus.ConditionFalse } p ? p : null;
            var (physicalId, attributes) = ResourceIdentity.Compute(resource, properties, pseudo);
            if (before is null)
            {
                changes.Add(new ResourceChange("Add", resource.LogicalId, null, resource.Type, null, [], []));
                predicted[resource.LogicalId] = new ResolvedResource(resource.LogicalId, resource.Type, physicalId, attributes, ResourceStatus.Created, null, properties);
                continue;
            }

            if (before.Type == resource.Type && before.Properties is { } applied && JsonNode.DeepEquals(applied, properties))
            {
                predicted[resource.LogicalId] = before;
                continue;
            }

            var old = before.Properties ?? [];
            var replaced = before.Type != resource.Type || ResourceIdentity.Compute(resource, old, pseudo).PhysicalId != physicalId;
            var changed = old.Select(p => p.Key).Union(properties.Select(p => p.Key), StringComparer.Ordinal)
                .Where(name => !JsonNode.DeepEquals(old[name], properties[name]))
                .Order(StringComparer.Ordinal)
                .ToList();
            changes.Add(new ResourceChange("Modify", resource.LogicalId, before.PhysicalId, resource.Type, replaced ? "True" : "False", ["Properties"], changed));
            predicted[resource.LogicalId] = replaced
                ? new ResolvedResource(resource.LogicalId, resource.Type, physicalId, attributes, ResourceStatus.Created, null, properties)
                : before with { Properties = properties };
        }

        foreach (var before in previous?.Resources.Values ?? [])
        {
            if (before.Status != ResourceStatus.ConditionFalse && !present.Contains(before.LogicalId))
            {
                changes.Add(new ResourceChange("Remove", before.LogicalId, before.PhysicalId, before.Type, null, [], []));
            }
        }

        var values = template.Parameters.Keys.ToDictionary(name => name, evaluator.ParameterText, StringComparer.Ordinal);
        var parametersChanged = previous is null || !SameValues(previous.Parameters, values);
        var outputsChanged = previousTemplate is null
            || !JsonNode.DeepEquals(previousTemplate.Root["Outputs"], template.Root["Outputs"])
            || !JsonNode.DeepEquals(previousTemplate.Root["Description"], template.Root["Description"]);
        return new StackPlan(changes, values, parametersChanged, outputsChanged);
    }

    private static bool SameValues(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private sealed class Predicted(Dictionary<string, ResolvedResource> predicted) : IResourceResolver
    {
        public string Ref(TemplateResource resource) => Require(resource).PhysicalId;

        public JsonNode GetAtt(TemplateResource resource, string attribute) =>
            Require(resource).Attributes.TryGetValue(attribute, out var value)
                ? value
                : throw new TemplateException(resource.Path, $"Fn::GetAtt: {resource.Type} has no attribute {attribute} (known: {string.Join(", ", Require(resource).Attributes.Keys)}).");

        private ResolvedResource Require(TemplateResource resource) =>
            predicted.TryGetValue(resource.LogicalId, out var r)
                ? r
                : throw new TemplateException(resource.Path, "referenced before it is created (a missing DependsOn?).");
    }
}

/// <summary>What an operation would change.</summary>
/// <param name="Changes">Resource changes in the order they would be applied (removals last).</param>
/// <param name="Parameters">The parameter values the operation would use (defaults filled in, lists comma-joined).</param>
/// <param name="ParametersChanged">Whether any parameter value differs from the stack's.</param>
/// <param name="OutputsChanged">Whether the template's outputs or description differ.</param>
public sealed record StackPlan(IReadOnlyList<ResourceChange> Changes, IReadOnlyDictionary<string, string> Parameters, bool ParametersChanged, bool OutputsChanged)
{
    /// <summary>Whether applying would change nothing at all (CloudFormation then refuses the change set).</summary>
    public bool IsEmpty => Changes.Count == 0 && !ParametersChanged && !OutputsChanged;
}

/// <summary>One resource's change, as CloudFormation's <c>ResourceChange</c> describes it.</summary>
/// <param name="Action"><c>Add</c>, <c>Modify</c> or <c>Remove</c>.</param>
/// <param name="LogicalId">The template's logical id.</param>
/// <param name="PhysicalId">The current physical id (modify, remove), else <c>null</c>.</param>
/// <param name="Type">The resource type.</param>
/// <param name="Replacement">For <c>Modify</c>: <c>True</c> when a new physical resource replaces the old one, else <c>False</c>; <c>null</c> otherwise.</param>
/// <param name="Scope">For <c>Modify</c>: <c>Properties</c>.</param>
/// <param name="ChangedProperties">For <c>Modify</c>: the top-level properties that differ.</param>
public sealed record ResourceChange(
    string Action,
    string LogicalId,
    string? PhysicalId,
    string Type,
    string? Replacement,
    IReadOnlyList<string> Scope,
    IReadOnlyList<string> ChangedProperties);
