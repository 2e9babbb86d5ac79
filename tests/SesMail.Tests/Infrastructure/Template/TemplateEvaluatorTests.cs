using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure.Template;

[Trait("Kind", "Unit")]
public sealed class TemplateEvaluatorTests
{
    private static readonly PseudoParameters Pseudo = new("000000000000", "ap-southeast-2", "ses-mail-test");

    private const string Yaml = """
        Parameters:
          Environment:
            Type: String
            AllowedValues: [test, prod]
            Default: test
          Domains:
            Type: CommaDelimitedList
            Default: "a.test,b.test"
          Sender:
            Type: String
            Default: ""
        Mappings:
          Sizes:
            test:
              Memory: 128
            prod:
              Memory: 256
        Conditions:
          IsProd: !Equals [!Ref Environment, prod]
          HasSender: !Not [!Equals [!Ref Sender, ""]]
          Either: !Or [!Condition IsProd, !Condition HasSender]
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub ses-${Environment}-${AWS::Region}-${AWS::AccountId}
              Arn: !Sub "${Topic.TopicArn}/x ${!Literal}"
              First: !Select [0, !Ref Domains]
              Split: !Split [",", "x,y"]
              Join: !Join ["|", !Ref Domains]
              Memory: !FindInMap [Sizes, !Ref Environment, Memory]
              Sender: !If [HasSender, !Ref Sender, !Sub ["mailer-daemon@${D}", {D: !Select [0, !Ref Domains]}]]
              Gone: !If [IsProd, yes, !Ref AWS::NoValue]
              List: [a, !Ref AWS::NoValue, b]
              Partition: !Ref AWS::Partition
          Topic:
            Type: AWS::SNS::Topic
          ProdOnly:
            Type: AWS::SNS::Topic
            Condition: IsProd
        Outputs:
          QueueUrl:
            Value: !Ref Queue
          ProdTopic:
            Condition: IsProd
            Value: !Ref ProdOnly
        """;

    private static TemplateEvaluator Evaluator(Dictionary<string, string>? parameters = null) =>
        new(TemplateReader.Parse(Yaml), parameters, Pseudo, new FakeResolver());

    [Fact]
    public void Properties_IntrinsicFunctions_Evaluate()
    {
        var evaluator = Evaluator();
        var p = evaluator.Properties(TemplateReader.Parse(Yaml).ResourcesById["Queue"]);

        p["QueueName"]!.GetValue<string>().Should().Be("ses-test-ap-southeast-2-000000000000");
        p["Arn"]!.GetValue<string>().Should().Be("Topic.TopicArn/x ${Literal}");
        p["First"]!.GetValue<string>().Should().Be("a.test");
        p["Split"]!.ToJsonString().Should().Be("""["x","y"]""");
        p["Join"]!.GetValue<string>().Should().Be("a.test|b.test");
        p["Memory"]!.GetValue<long>().Should().Be(128);
        p["Sender"]!.GetValue<string>().Should().Be("mailer-daemon@a.test");
        p["Partition"]!.GetValue<string>().Should().Be("aws");
    }

    [Fact]
    public void Properties_NoValue_RemovesPropertyAndListItem()
    {
        var p = Evaluator().Properties(TemplateReader.Parse(Yaml).ResourcesById["Queue"]);

        p.ContainsKey("Gone").Should().BeFalse();
        p["List"]!.ToJsonString().Should().Be("""["a","b"]""");
    }

    [Fact]
    public void Condition_GivenParameter_ChangesIfBranchAndExistence()
    {
        var template = TemplateReader.Parse(Yaml);
        var evaluator = new TemplateEvaluator(template, new Dictionary<string, string> { ["Environment"] = "prod", ["Sender"] = "s@x" }, Pseudo, new FakeResolver());

        evaluator.Condition("Either").Should().BeTrue();
        evaluator.Exists(template.ResourcesById["ProdOnly"]).Should().BeTrue();
        evaluator.Properties(template.ResourcesById["Queue"])["Sender"]!.GetValue<string>().Should().Be("s@x");
        evaluator.Outputs().Should().ContainKey("ProdTopic");
    }

    [Fact]
    public void Outputs_FalseCondition_AreLeftOut()
    {
        var outputs = Evaluator().Outputs();

        outputs.Should().Equal(new Dictionary<string, string> { ["QueueUrl"] = "ref:Queue" });
    }

    [Fact]
    public void Constructor_DisallowedValue_NamesParameterAndAllowedValues()
    {
        var act = () => Evaluator(new() { ["Environment"] = "dev" });

        act.Should().Throw<TemplateException>().Which.Message.Should().Contain("Parameters.Environment").And.Contain("test, prod");
    }

    [Fact]
    public void Constructor_UnknownParameter_Throws()
    {
        var act = () => Evaluator(new() { ["Nope"] = "x" });

        act.Should().Throw<TemplateException>().WithMessage("*Nope*");
    }

    [Fact]
    public void Parameter_MissingWithoutDefault_SaysHowToSetIt()
    {
        var template = TemplateReader.Parse("Parameters:\n  Bucket:\n    Type: String\nResources:\n  T:\n    Type: AWS::SNS::Topic\n");

        var act = () => new TemplateEvaluator(template, null, Pseudo, new FakeResolver());

        act.Should().Throw<TemplateException>().WithMessage("*SesMail:Parameters:Bucket*");
    }

    [Fact]
    public void Evaluate_RefToResourceWithFalseCondition_NamesProperty()
    {
        var template = TemplateReader.Parse(Yaml.Replace("Partition: !Ref AWS::Partition", "Partition: !Ref ProdOnly", StringComparison.Ordinal));

        var act = () => new TemplateEvaluator(template, null, Pseudo, new FakeResolver()).Properties(template.ResourcesById["Queue"]);

        act.Should().Throw<TemplateException>().Which.TemplatePath.Should().Be("Resources.Queue.Properties.Partition");
    }

    [Fact]
    public void ParameterText_List_IsCommaJoined()
    {
        Evaluator().ParameterText("Domains").Should().Be("a.test,b.test");
        Evaluator().Parameter("Domains").Should().BeOfType<JsonArray>();
    }
}
