using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SesMail.Functions;
using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Invocation;
using SesMail.Tests.Infrastructure;

namespace SesMail.Tests.LocalRuntime.Invocation;

/// <summary>
/// Every function's Handler in template.yaml resolves in SesMail.Functions exactly as AWS Lambda would resolve it, and
/// every function starts from the environment the template gives it, and from nothing less.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TemplateHandlerTests
{
    public static TheoryData<string> Functions()
    {
        var data = new TheoryData<string>();
        foreach (var function in TemplateYamlTests.Load().OfType("AWS::Lambda::Function"))
        {
            data.Add(function.LogicalId);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Handler_InTemplate_ResolvesToPublicStreamMethodOfFunctions(string logicalId)
    {
        var handlerText = TemplateYamlTests.Load().ResourcesById[logicalId].Properties["Handler"]!.GetValue<string>();
        var handler = HandlerString.Parse(handlerText);

        handler.AssemblyName.Should().Be("SesMail.Functions");
        var (type, method, warning) = LambdaFunction.Resolve(handler, strict: true);

        warning.Should().BeNull();
        type.Assembly.GetName().Name.Should().Be("SesMail.Functions");
        method.IsPublic.Should().BeTrue();
        method.GetParameters().Should().ContainSingle().Which.ParameterType.Should().Be<Stream>();
    }

    public static TheoryData<string, string> TemplateVariables()
    {
        var data = new TheoryData<string, string>();
        var template = TemplateYamlTests.Load();
        foreach (var function in template.OfType("AWS::Lambda::Function"))
        {
            // RULE_CACHE_TTL_SECONDS is optional by design: unset, the router keeps rules the longest allowed time (60 s).
            foreach (var (name, _) in Environment(template, function).Where(v => v.Name != "RULE_CACHE_TTL_SECONDS"))
            {
                data.Add(function.LogicalId, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Create_TemplateEnvironment_FunctionStarts(string logicalId)
    {
        var act = () => Start(logicalId, _ => { });

        act.Should().NotThrow();
    }

    [Theory]
    [MemberData(nameof(TemplateVariables))]
    public void Create_TemplateVariableMissing_FailsAtStartNamingVariableAndResource(string logicalId, string variable)
    {
        var act = () => Start(logicalId, values => values.Remove(variable));

        act.Should().Throw<InvalidOperationException>()
            .WithMessage($"Function {logicalId} cannot start:*{variable} is not set; set it in template.yaml: {logicalId}.Properties.Environment.Variables");
    }

    private static LambdaFunction Start(string logicalId, Action<Dictionary<string, string>> edit)
    {
        var template = TemplateYamlTests.Load();
        var function = template.ResourcesById[logicalId];
        var properties = Evaluator(template).Properties(function);
        // What the Lambda service hands an execution environment: its own variables, then the template's.
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = "ap-southeast-2",
            ["AWS_LAMBDA_FUNCTION_NAME"] = logicalId,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
        };
        foreach (var (name, value) in properties["Environment"]?["Variables"]?.AsObject() ?? [])
        {
            values[name] = value?.ToString() ?? string.Empty;
        }

        edit(values);
        return LambdaFunction.Create(logicalId, properties["Handler"]!.GetValue<string>(), new FunctionSettings(values), NullLogger.Instance);
    }

    private static IEnumerable<(string Name, JsonNode? Value)> Environment(TemplateDocument template, TemplateResource function) =>
        Evaluator(template).Properties(function)["Environment"]?["Variables"]?.AsObject().Select(p => (p.Key, p.Value)) ?? [];

    private static TemplateEvaluator Evaluator(TemplateDocument template) =>
        new(template, null, new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-test"), new UrlResolver());

    /// <summary>Answers every Ref and GetAtt with an https URL, which is a valid value for names and URLs alike.</summary>
    private sealed class UrlResolver : IResourceResolver
    {
        public string Ref(TemplateResource resource) => $"https://resources.test/{resource.LogicalId}";

        public JsonNode GetAtt(TemplateResource resource, string attribute) => JsonValue.Create($"https://resources.test/{resource.LogicalId}/{attribute}");
    }
}
