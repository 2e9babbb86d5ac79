using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// Answers <c>Ref</c> and <c>Fn::GetAtt</c> for resources during evaluation (the provisioner answers from what it
/// created; the local runtime from the resolved stack).
/// </summary>
public interface IResourceResolver
{
    /// <summary>The value of <c>Ref</c> for a resource (its physical id: a queue URL, a topic ARN, a table name…).</summary>
    /// <param name="resource">The template resource.</param>
    /// <returns>The value.</returns>
    /// <exception cref="TemplateException">The resource has not been resolved yet.</exception>
    string Ref(TemplateResource resource);

    /// <summary>The value of <c>Fn::GetAtt</c> (a string, or a list for list attributes).</summary>
    /// <param name="resource">The template resource.</param>
    /// <param name="attribute">The attribute name, e.g. <c>Arn</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="TemplateException">The resource has no such attribute or is not resolved yet.</exception>
    JsonNode GetAtt(TemplateResource resource, string attribute);
}
