using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// A template applied to a backend: parameter values, every resource's physical id and attributes, and the outputs.
/// The local runtime wires triggers from it and the CLI finds queues and tables through it. It answers <c>Ref</c> and
/// <c>Fn::GetAtt</c>, so a <see cref="TemplateEvaluator"/> over it evaluates function environments exactly as
/// provisioning did.
/// </summary>
/// <param name="StackName">e.g. <c>ses-mail-test</c>.</param>
/// <param name="AccountId">The account id the ARNs carry.</param>
/// <param name="Region">The region the ARNs carry.</param>
/// <param name="Parameters">Parameter values used (lists comma-joined).</param>
/// <param name="Resources">Resources by logical id.</param>
/// <param name="Outputs">Evaluated outputs by name.</param>
/// <param name="StackId">The stack's ARN as CloudFormation gave it, or <c>null</c> when provisioned without CloudFormation.</param>
public sealed record ResolvedStack(
    [property: JsonPropertyName("stackName")] string StackName,
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("resources")] IReadOnlyDictionary<string, ResolvedResource> Resources,
    [property: JsonPropertyName("outputs")] IReadOnlyDictionary<string, string> Outputs,
    [property: JsonPropertyName("stackId")] string? StackId = null) : IResourceResolver
{
    /// <summary>The pseudo parameters of this stack.</summary>
    [JsonIgnore]
    public PseudoParameters Pseudo => StackId is null
        ? new(AccountId, Region, StackName)
        : new(AccountId, Region, StackName) { StackId = StackId };

    /// <summary>The resource with a logical id.</summary>
    /// <param name="logicalId">e.g. <c>InputQueue</c>.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="KeyNotFoundException">No such resource in the stack; the message names it.</exception>
    public ResolvedResource Resource(string logicalId) => Resources.TryGetValue(logicalId, out var r)
        ? r
        : throw new KeyNotFoundException($"The stack {StackName} has no resource {logicalId}.");

    /// <summary>The resource whose attribute <paramref name="attribute"/> equals <paramref name="value"/> (e.g. the queue with an ARN).</summary>
    /// <param name="attribute">e.g. <c>Arn</c>.</param>
    /// <param name="value">The value to find.</param>
    /// <returns>The resource, or <c>null</c>.</returns>
    public ResolvedResource? FindByAttribute(string attribute, string value) =>
        Resources.Values.FirstOrDefault(r => string.Equals(r.Attribute(attribute), value, StringComparison.Ordinal));

    /// <summary>An evaluator over this stack (for function environments, mapping and pipe properties).</summary>
    /// <param name="template">The template the stack was provisioned from.</param>
    /// <returns>The evaluator.</returns>
    public TemplateEvaluator Evaluator(TemplateDocument template) => new(template, Parameters, Pseudo, this);

    /// <inheritdoc/>
    public string Ref(TemplateResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Resources.TryGetValue(resource.LogicalId, out var r) && r.Status != ResourceStatus.ConditionFalse
            ? r.PhysicalId
            : throw new TemplateException(resource.Path, "the resource is not part of the resolved stack.");
    }

    /// <inheritdoc/>
    public JsonNode GetAtt(TemplateResource resource, string attribute)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!Resources.TryGetValue(resource.LogicalId, out var r))
        {
            throw new TemplateException(resource.Path, "the resource is not part of the resolved stack.");
        }

        return r.Attributes.TryGetValue(attribute, out var value)
            ? value
            : throw new TemplateException(resource.Path, $"Fn::GetAtt: {resource.Type} has no attribute {attribute} here (known: {string.Join(", ", r.Attributes.Keys)}).");
    }

    /// <summary>Serializes the stack (indented JSON) for the CLI and for inspection.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ProvisioningJsonContext.Default.ResolvedStack);

    /// <summary>Reads a stack written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The stack.</returns>
    /// <exception cref="JsonException">The text is not a resolved stack.</exception>
    public static ResolvedStack FromJson(string json) =>
        JsonSerializer.Deserialize(json, ProvisioningJsonContext.Default.ResolvedStack) ?? throw new JsonException("The resolved stack file is empty.");
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResolvedStack))]
internal sealed partial class ProvisioningJsonContext : JsonSerializerContext;
