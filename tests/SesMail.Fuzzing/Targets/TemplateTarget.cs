using System.Text;
using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Fuzzing.Targets;

/// <summary>
/// The CloudFormation template reader (YAML or JSON) as the local runtime reads <c>template.yaml</c>: parse, expand an
/// <c>AWS::Include</c> (with the input as the snippet), order the resources by dependency, evaluate every condition,
/// resource property and output. The only acceptable refusal is a
/// <see cref="TemplateException"/>, and one about YAML syntax must name the line.
/// </summary>
internal sealed class TemplateTarget : IFuzzTarget
{
    public string Name => "template";

    public string Description => "template.yaml text -> TemplateReader.Parse, TemplateDependencies, TemplateEvaluator; only TemplateException (naming the line for YAML errors)";

    public void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        TemplateDocument document;
        try
        {
            document = TemplateReader.Parse(text);
        }
        catch (TemplateException error)
        {
            if (error.InnerException is YamlDotNet.Core.YamlException && !error.Message.Contains("line", StringComparison.OrdinalIgnoreCase))
            {
                throw new FuzzFinding($"A YAML error does not name the line: {error.Message}", error);
            }

            return;
        }

        try
        {
            if (TemplateIncludes.Any(document.Root))
            {
                // An AWS::Include: the input itself stands in for the snippet, so snippet parsing is fuzzed too.
                document = TemplateIncludes.Expand(document, new Dictionary<string, string>(), new PseudoParameters("000000000000", "ap-southeast-2", "fuzz"), (_, _) => text);
            }

            TemplateDependencies.Validate(document);
            var evaluator = new TemplateEvaluator(document, null, new PseudoParameters("000000000000", "ap-southeast-2", "fuzz"), new Resolver());
            foreach (var resource in document.Resources)
            {
                if (evaluator.Exists(resource))
                {
                    _ = evaluator.Properties(resource);
                }
            }

            _ = evaluator.Outputs();
        }
        catch (TemplateException)
        {
        }
    }

    /// <summary>Every resource resolves to its logical id (Ref) and <c>{id}.{attribute}</c> (GetAtt).</summary>
    private sealed class Resolver : IResourceResolver
    {
        public string Ref(TemplateResource resource) => resource.LogicalId;

        public JsonNode GetAtt(TemplateResource resource, string attribute) => JsonValue.Create($"{resource.LogicalId}.{attribute}");
    }
}
