using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure.Template;

/// <summary>Answers Ref with <c>ref:{id}</c> and GetAtt with <c>{id}.{attr}</c>.</summary>
internal sealed class FakeResolver : IResourceResolver
{
    public string Ref(TemplateResource resource) => $"ref:{resource.LogicalId}";

    public JsonNode GetAtt(TemplateResource resource, string attribute) => JsonValue.Create($"{resource.LogicalId}.{attribute}");
}
