using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure.Template;

[Trait("Kind", "Unit")]
public sealed class TemplateReaderTests
{
    private const string Yaml = """
        Parameters:
          Env:
            Type: String
            Default: test
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub q-${Env}
              VisibilityTimeout: 30
              FifoQueue: false
              Tags:
                - Key: Arn
                  Value: !GetAtt Other.Arn
                - Key: Joined
                  Value: !Join [",", [a, !Ref Env]]
                - Key: Quoted
                  Value: "007"
          Other:
            Type: AWS::SNS::Topic
        """;

    [Fact]
    public void Parse_YamlShortForms_BecomeLongForm()
    {
        var template = TemplateReader.Parse(Yaml);

        var properties = template.ResourcesById["Queue"].Properties;
        properties["QueueName"]!.ToJsonString().Should().Be("""{"Fn::Sub":"q-${Env}"}""");
        properties["Tags"]![0]!["Value"]!.ToJsonString().Should().Be("""{"Fn::GetAtt":["Other","Arn"]}""");
        properties["Tags"]![1]!["Value"]!.ToJsonString().Should().Be("""{"Fn::Join":[",",["a",{"Ref":"Env"}]]}""");
    }

    [Fact]
    public void Parse_PlainScalars_AreTypedAndQuotedStaysString()
    {
        var properties = TemplateReader.Parse(Yaml).ResourcesById["Queue"].Properties;

        properties["VisibilityTimeout"]!.GetValue<long>().Should().Be(30);
        properties["FifoQueue"]!.GetValue<bool>().Should().BeFalse();
        properties["Tags"]![2]!["Value"]!.GetValue<string>().Should().Be("007");
    }

    [Fact]
    public void Parse_Json_ReadsSameModel()
    {
        var template = TemplateReader.Parse("""{"Resources":{"T":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":{"Ref":"AWS::StackName"}}}}}""");

        template.Resources.Should().ContainSingle().Which.Type.Should().Be("AWS::SNS::Topic");
        template.Resources[0].Properties["TopicName"]!.ToJsonString().Should().Be("""{"Ref":"AWS::StackName"}""");
    }

    [Fact]
    public void Parse_UnknownTag_NamesTagAndLine()
    {
        var act = () => TemplateReader.Parse("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Bogus x\n");

        act.Should().Throw<TemplateException>().WithMessage("Line 5*!Bogus*");
    }

    [Fact]
    public void Parse_ResourceWithoutType_NamesResource()
    {
        var act = () => TemplateReader.Parse("Resources:\n  Broken:\n    Properties: {}\n");

        act.Should().Throw<TemplateException>().Which.TemplatePath.Should().Be("Resources.Broken.Type");
    }

    [Fact]
    public void Parse_BadGetAttShortForm_Throws()
    {
        var act = () => TemplateReader.Parse("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !GetAtt NoDot\n");

        act.Should().Throw<TemplateException>().WithMessage("*LogicalId.Attribute*");
    }

    [Fact]
    public void Parse_NestedTags_Sequence()
    {
        var template = TemplateReader.Parse("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !Select [0, !Split [\",\", !Ref P]]\nParameters:\n  P:\n    Type: String\n");

        var x = (JsonObject)template.Resources[0].Properties["X"]!;
        x.ToJsonString().Should().Be("""{"Fn::Select":[0,{"Fn::Split":[",",{"Ref":"P"}]}]}""");
    }
}
