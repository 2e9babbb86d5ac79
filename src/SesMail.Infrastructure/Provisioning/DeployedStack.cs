using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// A stack as CloudFormation reports it (template, parameter values, physical ids from <c>DescribeStackResources</c>,
/// outputs from <c>DescribeStacks</c>) turned back into a <see cref="ResolvedStack"/>, so that the local runtime and
/// the CLI evaluate function environments, mappings and pipes against any backend's CloudFormation.
/// </summary>
/// <remarks>
/// CloudFormation reports <c>Ref</c> values but no <c>Fn::GetAtt</c> values: attributes are computed from the
/// evaluated names, as CloudFormation's "Return values" define them, and made to agree with the reported physical id
/// (<see cref="ResourceIdentity.WithPhysicalId"/>). A DynamoDB <c>StreamArn</c> carries a computed label, not the
/// backend's; read it from an output where it matters.
/// </remarks>
public static class DeployedStack
{
    /// <summary>Rebuilds the resolved stack.</summary>
    /// <param name="template">The stack's template (<c>GetTemplate</c>).</param>
    /// <param name="pseudo">The stack's name, id, account and region.</param>
    /// <param name="parameters">The stack's parameter values (<c>DescribeStacks</c>).</param>
    /// <param name="physicalIds">Logical id → physical id (<c>DescribeStackResources</c>).</param>
    /// <param name="outputs">Output name → value (<c>DescribeStacks</c>).</param>
    /// <returns>The stack.</returns>
    /// <exception cref="TemplateException">The template does not evaluate with these parameters.</exception>
    public static ResolvedStack Resolve(
        TemplateDocument template,
        PseudoParameters pseudo,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> physicalIds,
        IReadOnlyDictionary<string, string> outputs)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(pseudo);
        ArgumentNullException.ThrowIfNull(physicalIds);
        var known = parameters.Where(p => template.Parameters.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var resolved = new Dictionary<string, ResolvedResource>(StringComparer.Ordinal);
        var evaluator = new TemplateEvaluator(template, known, pseudo, new Resolver(resolved));
        foreach (var resource in TemplateDependencies.Order(template))
        {
            if (!evaluator.Exists(resource))
            {
                resolved[resource.LogicalId] = new ResolvedResource(resource.LogicalId, resource.Type, string.Empty, new Dictionary<string, JsonNode>(), ResourceStatus.ConditionFalse);
                continue;
            }

            var properties = evaluator.Properties(resource);
            var (physicalId, attributes) = ResourceIdentity.Compute(resource, properties, pseudo);
            if (physicalIds.TryGetValue(resource.LogicalId, out var reported) && reported.Length > 0)
            {
                physicalId = reported;
                ResourceIdentity.WithPhysicalId(resource.Type, physicalId, attributes, pseudo);
            }

            resolved[resource.LogicalId] = new ResolvedResource(resource.LogicalId, resource.Type, physicalId, attributes, ResourceStatus.Unchanged, null, properties);
        }

        var values = template.Parameters.Keys.ToDictionary(name => name, evaluator.ParameterText, StringComparer.Ordinal);
        var ordered = template.Resources.ToDictionary(r => r.LogicalId, r => resolved[r.LogicalId], StringComparer.Ordinal);
        return new ResolvedStack(pseudo.StackName, pseudo.AccountId, pseudo.Region, values, ordered, outputs, pseudo.StackId);
    }

    private sealed class Resolver(Dictionary<string, ResolvedResource> resolved) : IResourceResolver
    {
        public string Ref(TemplateResource resource) => Require(resource).PhysicalId;

        public JsonNode GetAtt(TemplateResource resource, string attribute) =>
            Require(resource).Attributes.TryGetValue(attribute, out var value)
                ? value
                : throw new TemplateException(resource.Path, $"Fn::GetAtt: {resource.Type} has no attribute {attribute} here (known: {string.Join(", ", Require(resource).Attributes.Keys)}).");

        private ResolvedResource Require(TemplateResource resource) =>
            resolved.TryGetValue(resource.LogicalId, out var r)
                ? r
                : throw new TemplateException(resource.Path, "referenced before it is resolved.");
    }
}
