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

    /// <summary>
    /// AWS CLI 2.9's <c>aws cloudformation deploy</c> refuses a template file over 51,200 bytes without
    /// <c>--s3-bucket</c>, and its upload then ignores <c>--endpoint-url</c>: a larger template.yaml could no longer be
    /// deployed to the local stack with the CLI (docs/DEVELOPMENT.md, "The template's size").
    /// </summary>
    [Fact]
    public void Template_File_FitsCloudFormationsRequestBodyLimit()
    {
        var bytes = new FileInfo(TemplatePath).Length; // the build's copy of src/SesMail.Infrastructure/template.yaml

        bytes.Should().BeLessThanOrEqualTo(
            SesMail.Infrastructure.Provisioning.TemplateUpload.MaxBodyBytes,
            $"template.yaml is {bytes:N0} bytes and aws cloudformation deploy (CLI 2.9) takes at most 51,200 without --s3-bucket: move a block into an AWS::Include snippet beside statemachines/recovery.yaml and statemachines/sending.yaml, or shorten comments and descriptions");
    }

    [Fact]
    public void Template_RecoveryWorkflows_AreIncludedFromTheSnippetBesideIt()
    {
        var raw = TemplateReader.Parse(File.ReadAllText(TemplatePath));
        var expanded = Load();

        raw.ResourcesById.Should().NotContainKey("RetryProcessorStateMachine", "the snippet is read at deployment, not written in template.yaml");
        TemplateIncludes.Find(raw, new Dictionary<string, string> { ["CodeBucket"] = "code", ["StateMachinesKey"] = "statemachines/abc" }, new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-test"))
            .Should().Equal(new TemplateInclude("Resources", "code", "statemachines/abc/recovery.yaml"), new TemplateInclude("Resources", "code", "statemachines/abc/sending.yaml"));
        expanded.ResourcesById.Keys.Should().Contain(["StatesRole", "RetryProcessorStateMachine", "TokenMonitorStateMachine", "TokenMonitorSchedule", "TokenWarningAlarm", "TokenMonitorFailedAlarm"]);
        expanded.ResourcesById["RetryProcessorStateMachine"].Properties["DefinitionS3Location"]!["Key"]!.ToJsonString()
            .Should().Be("""{"Fn::Sub":"${StateMachinesKey}/retry-processor.asl.yaml"}""");
    }

    [Fact]
    public void Template_SendingResources_AreIncludedFromTheSnippetBesideIt()
    {
        var raw = TemplateReader.Parse(File.ReadAllText(TemplatePath));
        var expanded = Load();
        string[] sending =
        [
            "SmtpCredentialManagerLogGroup", "SmtpCredentialManagerRole", "SmtpCredentialManagerFunction", "SmtpCredentialManagerMapping",
            "OutboundConfigurationSet", "OutboundEventsTopic", "OutboundEventDestination", "OutboundMetricsLogGroup", "OutboundMetricsRole",
            "OutboundMetricsFunction", "OutboundMetricsPermission", "OutboundMetricsSubscription", "OutboundBounceRateAlarm", "OutboundComplaintRateAlarm",
        ];

        raw.ResourcesById.Keys.Should().NotContain(sending, "statemachines/sending.yaml holds them, so template.yaml stays under 51,200 bytes");
        expanded.ResourcesById.Keys.Should().Contain(sending);
        expanded.ResourcesById["SmtpCredentialManagerMapping"].Properties["EventSourceArn"]!.ToJsonString()
            .Should().Be("""{"Fn::GetAtt":["RoutingTable","StreamArn"]}""");
        expanded.Outputs.ContainsKey("OutboundConfigurationSetName").Should().BeTrue("the set's name is a stack output, and the template may refer to the snippet's resources");
    }

    [Theory]
    [InlineData("RetryProcessorFailedAlarm", "ses-mail-stepfunction-retry-processor-failed-test", "RetryProcessorStateMachine", "ExecutionsFailed", 0)]
    [InlineData("RetryProcessorTimedOutAlarm", "ses-mail-stepfunction-retry-processor-timeout-test", "RetryProcessorStateMachine", "ExecutionsTimedOut", 0)]
    [InlineData("RetryProcessorThrottledAlarm", "ses-mail-stepfunction-retry-processor-throttled-test", "RetryProcessorStateMachine", "ExecutionThrottled", 0)]
    [InlineData("TokenMonitorFailedAlarm", "ses-mail-token-monitor-stepfunction-failed-test", "TokenMonitorStateMachine", "ExecutionsFailed", 2)]
    public void Template_StepFunctionsAlarms_WatchTheirStateMachineAndNotifyTheAlarmTopic(string logicalId, string name, string machine, string metric, long threshold)
    {
        const string topic = "arn:aws:sns:ap-southeast-2:000000000000:alarms";
        var template = Load();
        var withTopic = new TemplateEvaluator(template, new Dictionary<string, string> { ["AlarmTopicArn"] = topic }, new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-test"), new FakeResolver());

        withTopic.Exists(template.ResourcesById[logicalId]).Should().BeTrue();
        var p = withTopic.Properties(template.ResourcesById[logicalId]);

        p["AlarmName"]!.GetValue<string>().Should().Be(name);
        p["Namespace"]!.GetValue<string>().Should().Be("AWS/States");
        p["MetricName"]!.GetValue<string>().Should().Be(metric);
        p["Dimensions"]!.AsArray().Should().ContainSingle();
        p["Dimensions"]![0]!["Name"]!.GetValue<string>().Should().Be("StateMachineArn");
        p["Dimensions"]![0]!["Value"]!.GetValue<string>().Should().Be($"ref:{machine}", "Ref of a state machine is its ARN, the dimension Step Functions publishes");
        p["Statistic"]!.GetValue<string>().Should().Be("Sum");
        p["Period"]!.GetValue<long>().Should().Be(300);
        p["Threshold"]!.GetValue<long>().Should().Be(threshold);
        p["ComparisonOperator"]!.GetValue<string>().Should().Be("GreaterThanThreshold");
        p["TreatMissingData"]!.GetValue<string>().Should().Be("notBreaching");
        p["AlarmActions"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(topic);
        p["OKActions"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(topic);
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
