using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure.Template;

[Trait("Kind", "Unit")]
public sealed class TemplateDependenciesTests
{
    [Fact]
    public void Order_References_PutDependenciesFirst()
    {
        var template = TemplateReader.Parse("""
            Resources:
              Sub:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Endpoint: !Sub "${Queue.Arn}"
              Queue:
                Type: AWS::SQS::Queue
                DependsOn: Dlq
              Topic:
                Type: AWS::SNS::Topic
              Dlq:
                Type: AWS::SQS::Queue
            """);

        var order = TemplateDependencies.Order(template).Select(r => r.LogicalId).ToList();

        order.IndexOf("Topic").Should().BeLessThan(order.IndexOf("Sub"));
        order.IndexOf("Queue").Should().BeLessThan(order.IndexOf("Sub"));
        order.IndexOf("Dlq").Should().BeLessThan(order.IndexOf("Queue"));
    }

    [Fact]
    public void Order_Cycle_ListsIt()
    {
        var template = TemplateReader.Parse("""
            Resources:
              A:
                Type: AWS::SQS::Queue
                Properties:
                  X: !GetAtt B.Arn
              B:
                Type: AWS::SQS::Queue
                Properties:
                  X: !Ref A
            """);

        var act = () => TemplateDependencies.Order(template);

        act.Should().Throw<TemplateException>().WithMessage("*circular*A → B → A*");
    }

    [Theory]
    [InlineData("X: !Ref Missing", "Resources.A.Properties.X")]
    [InlineData("X: !GetAtt Missing.Arn", "Resources.A.Properties.X")]
    [InlineData("X: !Sub \"${Missing.Arn}\"", "Resources.A.Properties.X")]
    [InlineData("X: !Sub \"${Missing}\"", "Resources.A.Properties.X")]
    [InlineData("Y:\n        Z: !If [NoSuchCondition, a, b]", "Resources.A.Properties.Y.Z")]
    public void Validate_DanglingReference_NamesResourceAndProperty(string property, string path)
    {
        var template = TemplateReader.Parse($"Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      {property}\n");

        var act = () => TemplateDependencies.Validate(template);

        act.Should().Throw<TemplateException>().Which.TemplatePath.Should().Be(path);
    }

    [Fact]
    public void Validate_SubWithLocalVariable_IsNotAReference()
    {
        var template = TemplateReader.Parse("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      X: !Sub [\"${Local}\", {Local: abc}]\n");

        var act = () => TemplateDependencies.Validate(template);

        act.Should().NotThrow();
    }
}
