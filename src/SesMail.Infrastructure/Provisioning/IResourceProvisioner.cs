using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// Creates, updates and deletes resources of some types in the backend, idempotently. One class per AWS service;
/// registered in <see cref="ResourceProvisioners.For"/>.
/// </summary>
internal interface IResourceProvisioner
{
    /// <summary>The CloudFormation types this provisioner applies.</summary>
    IReadOnlyCollection<string> Types { get; }

    /// <summary>Makes the backend hold the resource as the template describes it.</summary>
    /// <param name="context">The resource, its evaluated properties and its computed identity (which the call may correct).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">The backend refused a call; the stack operation fails with its message.</exception>
    /// <exception cref="TemplateException">A property cannot be applied; the message names it.</exception>
    Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the resource from the backend, as deleting the stack (or dropping the resource from the template, or
    /// replacing it) does. A resource that is already gone counts as deleted; anything else the backend refuses (a
    /// bucket that is not empty, an active receipt rule set) fails the call with the backend's message.
    /// </summary>
    /// <param name="context">The resource as it was applied: physical id, attributes and evaluated properties.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the backend no longer holds the resource.</returns>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">The backend refused the deletion.</exception>
    Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken);
}

/// <summary>One resource being deleted: what it was applied as.</summary>
/// <param name="resource">The resource as the stack recorded it.</param>
/// <param name="pseudo">The stack's pseudo parameters.</param>
/// <param name="logger">Receives what deletion could not do fully.</param>
internal sealed class DeletionContext(ResolvedResource resource, PseudoParameters pseudo, ILogger logger)
{
    /// <summary>The resource as applied.</summary>
    public ResolvedResource Resource { get; } = resource;

    /// <summary>The value of <c>Ref</c> (queue URL, topic ARN, table name…).</summary>
    public string PhysicalId => Resource.PhysicalId;

    /// <summary>The evaluated properties as applied (empty when the stack did not record them).</summary>
    public JsonObject Properties { get; } = resource.Properties ?? [];

    /// <summary>The stack's pseudo parameters.</summary>
    public PseudoParameters Pseudo { get; } = pseudo;

    /// <summary>For notes about what deletion could not do fully.</summary>
    public ILogger Logger { get; } = logger;

    /// <summary>A string property as applied, or <c>null</c>.</summary>
    /// <param name="property">The property name.</param>
    /// <returns>The value.</returns>
    public string? String(string property) => Properties[property] switch
    {
        null => null,
        var v => TemplateValues.ScalarText(v, $"Resources.{Resource.LogicalId}.Properties.{property}"),
    };

    /// <summary>Each string of a list property (e.g. the <c>Queues</c> of a queue policy).</summary>
    /// <param name="property">The property name.</param>
    /// <returns>The values; empty when absent.</returns>
    public IEnumerable<string> Strings(string property) =>
        (Properties[property] as JsonArray ?? []).Select(v => TemplateValues.ScalarText(v, $"Resources.{Resource.LogicalId}.Properties.{property}"));
}

/// <summary>One resource being provisioned.</summary>
internal sealed class ProvisioningContext(
    TemplateResource resource,
    JsonObject properties,
    string physicalId,
    Dictionary<string, JsonNode> attributes,
    PseudoParameters pseudo,
    TemplateDocument template,
    TemplateEvaluator evaluator,
    ILogger logger)
{
    public TemplateResource Resource { get; } = resource;

    public JsonObject Properties { get; } = properties;

    /// <summary>The value of <c>Ref</c>; provisioners replace it with what the backend reports.</summary>
    public string PhysicalId { get; set; } = physicalId;

    public Dictionary<string, JsonNode> Attributes { get; } = attributes;

    public PseudoParameters Pseudo { get; } = pseudo;

    public TemplateDocument Template { get; } = template;

    public TemplateEvaluator Evaluator { get; } = evaluator;

    public ILogger Logger { get; } = logger;

    /// <summary>Things the backend could not apply (recorded on the resolved resource).</summary>
    public List<string> Notes { get; } = [];

    public string Path(string property) => $"{Resource.Path}.Properties.{property}";

    public string? String(string property) => Properties[property] switch
    {
        null => null,
        var v => TemplateValues.ScalarText(v, Path(property)),
    };

    public string RequireString(string property) =>
        String(property) ?? throw new TemplateException(Path(property), $"{Resource.Type} requires {property}.");

    public bool Bool(string property, bool fallback = false) => String(property) switch
    {
        null => fallback,
        var s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
    };
}
