using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>Creates or updates resources of some types in the backend, idempotently.</summary>
internal interface IResourceProvisioner
{
    /// <summary>The CloudFormation types this provisioner applies.</summary>
    IReadOnlyCollection<string> Types { get; }

    /// <summary>Makes the backend hold the resource as the template describes it.</summary>
    /// <param name="context">The resource, its evaluated properties and its computed identity (which the call may correct).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done.</returns>
    Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken);
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
