using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure.Template;

/// <summary>AWS::Include in a section: where it points, how a snippet joins its section, and what is refused.</summary>
[Trait("Kind", "Unit")]
public sealed class TemplateIncludesTests
{
    private const string Template = """
        Parameters:
          Bucket:
            Type: String
            Default: code
          Folder:
            Type: String
            Default: parts
        Resources:
          First:
            Type: AWS::SQS::Queue
          Fn::Transform:
            Name: AWS::Include
            Parameters:
              Location: !Sub s3://${Bucket}/${Folder}/queues.yaml
          Last:
            Type: AWS::SNS::Topic
        Outputs:
          Included:
            Value: !GetAtt Included.Arn
        """;

    private const string Snippet = """
        # long form only
        Included:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: {Fn::Sub: "included-${AWS::Region}"}
            RedrivePolicy: {deadLetterTargetArn: {Fn::GetAtt: [First, Arn]}, maxReceiveCount: 3}
        """;

    private static readonly PseudoParameters Pseudo = new("000000000000", "ap-southeast-2", "stack");

    [Fact]
    public void Find_LocationWithParameters_EvaluatesToBucketAndKey()
    {
        var template = TemplateReader.Parse(Template);

        var includes = TemplateIncludes.Find(template, new Dictionary<string, string> { ["Folder"] = "parts/9f" }, Pseudo);

        includes.Should().Equal(new TemplateInclude("Resources", "code", "parts/9f/queues.yaml"));
        template.Resources.Select(r => r.LogicalId).Should().Equal("First", "Last");
    }

    [Fact]
    public void Expand_Snippet_JoinsTheSectionWhereTheTransformStood()
    {
        var read = new List<string>();
        var expanded = TemplateIncludes.Expand(TemplateReader.Parse(Template), new Dictionary<string, string>(), Pseudo, (bucket, key) =>
        {
            read.Add($"{bucket}/{key}");
            return Snippet;
        });

        read.Should().Equal("code/parts/queues.yaml");
        expanded.Resources.Select(r => r.LogicalId).Should().Equal("First", "Included", "Last");
        expanded.ResourcesById["Included"].Properties["QueueName"]!.ToJsonString().Should().Be("""{"Fn::Sub":"included-${AWS::Region}"}""");
        TemplateDependencies.Validate(expanded);
        TemplateIncludes.Any(expanded.Root).Should().BeFalse();
    }

    [Fact]
    public void ExpandFromDirectory_ReadsTheDefaultKeyBesideTheTemplate()
    {
        var directory = Directory.CreateTempSubdirectory("sesmail-include-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "parts"));
            File.WriteAllText(Path.Combine(directory, "parts", "queues.yaml"), Snippet);
            File.WriteAllText(Path.Combine(directory, "template.yaml"), Template);

            var loaded = TemplateReader.Load(Path.Combine(directory, "template.yaml"));

            loaded.ResourcesById.Should().ContainKey("Included");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("Included:\n  Type: AWS::SQS::Queue\n  Properties:\n    QueueName: !Sub q-${AWS::Region}\n", "short form")]
    [InlineData("First:\n  Type: AWS::SQS::Queue\n", "First is defined twice")]
    [InlineData("- not a mapping\n", "must be a mapping")]
    public void Expand_InvalidSnippet_IsRefusedNamingTheInclude(string snippet, string message)
    {
        var expand = () => TemplateIncludes.Expand(TemplateReader.Parse(Template), new Dictionary<string, string>(), Pseudo, (_, _) => snippet);

        expand.Should().Throw<TemplateException>().Which.Message.Should().Contain(message).And.Contain("s3://code/parts/queues.yaml");
    }

    [Theory]
    [InlineData("Name: AWS::Serverless-2016-10-31\n    Parameters: {Location: s3://code/x.yaml}", "only AWS::Include")]
    [InlineData("Name: AWS::Include\n    Parameters: {Location: https://code.s3.amazonaws.com/x.yaml}", "not an S3 URI")]
    [InlineData("Name: AWS::Include\n    Parameters: {Location: !GetAtt First.Arn}", "cannot refer to a resource")]
    public void Find_UnsupportedTransform_IsRefused(string transform, string message)
    {
        var template = TemplateReader.Parse($"Resources:\n  First:\n    Type: AWS::SQS::Queue\n  Fn::Transform:\n    {transform}\n");

        var find = () => TemplateIncludes.Find(template, new Dictionary<string, string>(), Pseudo);

        find.Should().Throw<TemplateException>().Which.Message.Should().Contain(message);
    }
}
