using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;
using SesMail.Tests.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure;

/// <summary>Checks on src/SesMail.Infrastructure/template.yaml itself.</summary>
[Trait("Kind", "Unit")]
public sealed class TemplateYamlTests
{
    internal static string TemplatePath => Path.Combine(AppContext.BaseDirectory, "template.yaml");

    internal static TemplateDocument Load() => TemplateReader.Load(TemplatePath);

    [Fact]
    public void Template_EveryResourceAndOutput_Evaluates()
    {
        var template = Load();
        TemplateDependencies.Validate(template);
        var evaluator = new TemplateEvaluator(template, null, new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-test"), new FakeResolver());

        foreach (var resource in template.Resources.Where(evaluator.Exists))
        {
            evaluator.Properties(resource);
        }

        evaluator.Outputs()["BounceSender"].Should().Be("mailer-daemon@example.test");
    }

    [Theory]
    [InlineData("InputQueue", "ses-email-input-test", 180, 345600)]
    [InlineData("ForwarderQueue", "ses-mail-gmail-forwarder-test", 180, 345600)]
    [InlineData("BouncerQueue", "ses-mail-bouncer-test", 180, 345600)]
    [InlineData("RetryQueue", "ses-mail-gmail-forwarder-retry-test", 900, 1209600)]
    public void Template_HandlerQueues_HaveSpecNumbers(string logicalId, string name, int visibility, int retention)
    {
        var p = Evaluate(logicalId);

        p["QueueName"]!.GetValue<string>().Should().Be(name);
        p["VisibilityTimeout"]!.GetValue<long>().Should().Be(visibility);
        p["MessageRetentionPeriod"]!.GetValue<long>().Should().Be(retention);
        p["RedrivePolicy"]!["maxReceiveCount"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public void Template_Pipe_HasBatchOneAndRouterTargetParameters()
    {
        var p = Evaluate("RouterPipe");

        p["SourceParameters"]!["SqsQueueParameters"]!["BatchSize"]!.GetValue<long>().Should().Be(1);
        p["TargetParameters"]!["EventBridgeEventBusParameters"]!["Source"]!.GetValue<string>().Should().Be("ses.email.router");
        p["TargetParameters"]!["EventBridgeEventBusParameters"]!["DetailType"]!.GetValue<string>().Should().Be("Email Routing Decision");
        p["Enrichment"]!.GetValue<string>().Should().Be("RouterFunction.Arn");
    }

    [Theory]
    [InlineData("ForwarderEventSourceMapping", 10)]
    [InlineData("BouncerEventSourceMapping", 5)]
    public void Template_EventSourceMappings_ReportBatchItemFailures(string logicalId, int concurrency)
    {
        var p = Evaluate(logicalId);

        p["BatchSize"]!.GetValue<long>().Should().Be(1);
        p["FunctionResponseTypes"]!.AsArray().Select(x => x!.GetValue<string>()).Should().Equal("ReportBatchItemFailures");
        p["ScalingConfig"]!["MaximumConcurrency"]!.GetValue<long>().Should().Be(concurrency);
    }

    [Fact]
    public void Template_Roles_GrantNoWildcardActions()
    {
        var template = Load();
        var roles = template.OfType("AWS::IAM::Role").ToList();
        roles.Should().NotBeEmpty();

        foreach (var role in roles)
        {
            foreach (var action in Actions(role.Properties["Policies"]))
            {
                action.Should().NotContain("*", $"{role.LogicalId} must name each action it uses");
            }
        }
    }

    [Fact]
    public void Template_Functions_RunOnTheChosenRuntimeWithActiveTracingAndSpecTimeouts()
    {
        var runtime = Load().Parameters["FunctionRuntime"];
        runtime.AllowedValues.Should().BeEquivalentTo(["dotnet10", "provided.al2023"]);
        foreach (var function in Load().OfType("AWS::Lambda::Function"))
        {
            var p = function.Properties;
            p["Runtime"]!["Ref"]!.GetValue<string>().Should().Be("FunctionRuntime");
            p["TracingConfig"]!["Mode"]!.GetValue<string>().Should().Be("Active");
            // The SMTP credential manager makes up to a dozen IAM calls a record: 60 s, as the spec gives it.
            p["Timeout"]!.GetValue<long>().Should().Be(function.LogicalId == "SmtpCredentialManagerFunction" ? 60 : 30);
            p["MemorySize"]!.GetValue<long>().Should().Be(128);
            p["Handler"]!.GetValue<string>().Should().StartWith("SesMail.Functions::SesMail.Functions.");
        }
    }

    private static JsonObject Evaluate(string logicalId)
    {
        var template = Load();
        var evaluator = new TemplateEvaluator(template, null, new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-test"), new FakeResolver());
        return evaluator.Properties(template.ResourcesById[logicalId]);
    }

    private static IEnumerable<string> Actions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "Action" or "NotAction")
                    {
                        foreach (var a in value is JsonArray list ? list : new JsonArray(value!.DeepClone()))
                        {
                            yield return a!.GetValue<string>();
                        }
                    }
                    else
                    {
                        foreach (var a in Actions(value))
                        {
                            yield return a;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var a in Actions(item))
                    {
                        yield return a;
                    }
                }

                break;
        }
    }
}
