using System.Text.Json.Nodes;
using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure.Template;

/// <summary>
/// The deployable form of the template (<see cref="TemplateJson"/>): minified JSON with long-form intrinsics that reads
/// and resolves exactly as the YAML does, and fits CloudFormation's <c>TemplateBody</c> limit.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TemplateJsonTests
{
    [Fact]
    public void Minify_ShortForms_BecomeLongFormsWithoutCommentsOrIndentation()
    {
        const string yaml = """
            # a comment
            Parameters:
              Environment:
                Type: String
                Default: test
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub ses-${Environment}   # trailing comment
                  VisibilityTimeout: 30
                  Tags:
                    - Key: arn
                      Value: !GetAtt Queue.Arn
                    - Key: env
                      Value: !Ref Environment
                    - Key: both
                      Value: !Join ["-", [!Ref AWS::Region, "a > b & c"]]
            """;

        var json = TemplateJson.Minify(yaml);

        json.Should().Be(
            """{"Parameters":{"Environment":{"Type":"String","Default":"test"}},"Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Fn::Sub":"ses-${Environment}"},"VisibilityTimeout":30,"Tags":[{"Key":"arn","Value":{"Fn::GetAtt":["Queue","Arn"]}},{"Key":"env","Value":{"Ref":"Environment"}},{"Key":"both","Value":{"Fn::Join":["-",[{"Ref":"AWS::Region"},"a > b & c"]]}}]}}}}""");
    }

    [Fact]
    public async Task Minify_SesMailTemplate_ReadsAndResolvesAsTheYamlDoes()
    {
        var text = await File.ReadAllTextAsync(TemplateYamlTests.TemplatePath, TestContext.Current.CancellationToken);
        var yamlAsWritten = TemplateReader.Parse(text);
        var jsonAsWritten = TemplateReader.Parse(TemplateJson.Minify(text));
        // Both include statemachines/recovery.yaml and sending.yaml (AWS::Include); CloudFormation reads them, here the files beside the template.
        var directory = Path.GetDirectoryName(TemplateYamlTests.TemplatePath)!;
        var yaml = TemplateIncludes.ExpandFromDirectory(yamlAsWritten, directory);
        var json = TemplateIncludes.ExpandFromDirectory(jsonAsWritten, directory);
        var settings = new StackSettings("test", "000000000000", "ap-southeast-2", new Dictionary<string, string> { ["Domains"] = "example.test,mail.example.test" });

        var fromYaml = await new StackProvisioner([], null).ProvisionAsync(yaml, settings, TestContext.Current.CancellationToken);
        var fromJson = await new StackProvisioner([], null).ProvisionAsync(json, settings, TestContext.Current.CancellationToken);

        JsonNode.DeepEquals(jsonAsWritten.Root, yamlAsWritten.Root).Should().BeTrue("the JSON holds the same document as the YAML");
        json.Resources.Select(r => (r.LogicalId, r.Type)).Should().Equal(yaml.Resources.Select(r => (r.LogicalId, r.Type)));
        json.Parameters.Keys.Should().Equal(yaml.Parameters.Keys);
        var yamlEvaluator = fromYaml.Evaluator(yaml);
        var jsonEvaluator = fromJson.Evaluator(json);
        foreach (var resource in yaml.Resources.Where(yamlEvaluator.Exists))
        {
            var resolved = jsonEvaluator.Properties(json.ResourcesById[resource.LogicalId]);
            JsonNode.DeepEquals(resolved, yamlEvaluator.Properties(resource)).Should().BeTrue($"{resource.LogicalId} resolves to the same properties");
        }

        fromJson.Resources.Keys.Should().BeEquivalentTo(fromYaml.Resources.Keys);
        fromJson.Resources.Values.Select(r => (r.LogicalId, r.PhysicalId)).Should().BeEquivalentTo(fromYaml.Resources.Values.Select(r => (r.LogicalId, r.PhysicalId)));
        fromJson.Outputs.Should().Equal(fromYaml.Outputs);
    }

    [Fact]
    public async Task Minify_SesMailTemplate_IsOneLineWellUnderTheTemplateBodyLimit()
    {
        var yaml = await File.ReadAllTextAsync(TemplateYamlTests.TemplatePath, TestContext.Current.CancellationToken);

        var json = TemplateJson.Minify(yaml);

        json.Should().NotContain("\n").And.NotContain("!Sub").And.NotContain("!GetAtt").And.NotContain("!Ref");
        System.Text.Encoding.UTF8.GetByteCount(json).Should().BeLessThan(System.Text.Encoding.UTF8.GetByteCount(yaml))
            .And.BeLessThan(TemplateUpload.MaxBodyBytes);
    }
}
