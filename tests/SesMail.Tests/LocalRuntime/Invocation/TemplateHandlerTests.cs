using SesMail.Infrastructure.Template;
using SesMail.LocalRuntime.Invocation;
using SesMail.Tests.Infrastructure;

namespace SesMail.Tests.LocalRuntime.Invocation;

/// <summary>Every function's Handler in template.yaml resolves in SesMail.Functions exactly as AWS Lambda would resolve it.</summary>
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
}
