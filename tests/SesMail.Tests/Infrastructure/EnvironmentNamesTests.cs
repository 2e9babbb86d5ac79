using SesMail.Infrastructure.Provisioning;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure;

/// <summary>
/// <c>test</c> and <c>prod</c> side by side in one account: no resource of one environment takes a name of the other,
/// and in shared-account mode the joining stack makes no rule set of its own.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class EnvironmentNamesTests
{
    /// <summary>The template resolved offline for an environment, every conditional resource present (physical names as provisioning makes them).</summary>
    internal static ResolvedStack Resolve(string environment, params (string Key, string Value)[] parameters)
    {
        var values = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        values["Environment"] = environment;
        values.TryAdd("AlarmTopicArn", "arn:aws:sns:ap-southeast-2:000000000000:alarms"); // every conditional resource exists
        return DeployedStack.Resolve(
            TemplateYamlTests.Load(),
            new PseudoParameters("000000000000", "ap-southeast-2", $"ses-mail-{environment}"),
            values,
            new Dictionary<string, string>(),
            new Dictionary<string, string>());
    }

    [Fact]
    public void Template_TestAndProd_ShareNoPhysicalName()
    {
        var test = Resolve("test");
        var prod = Resolve("prod");

        foreach (var (id, resource) in test.Resources.Where(r => r.Value.Status != ResourceStatus.ConditionFalse))
        {
            var other = prod.Resource(id);
            other.PhysicalId.Should().NotBe(resource.PhysicalId, $"{id} ({resource.Type}) must be named per environment");
            if (resource.Type is not ("AWS::KMS::Key" or "AWS::Lambda::EventSourceMapping")) // AWS names these with a generated id
            {
                resource.PhysicalId.Should().Contain("test", $"{id} carries its environment in its name");
                other.PhysicalId.Should().Contain("prod", $"{id} carries its environment in its name");
            }

            foreach (var (attribute, value) in resource.Attributes.Where(a => a.Key.EndsWith("Arn", StringComparison.Ordinal) || a.Key.EndsWith("Url", StringComparison.Ordinal) || a.Key.EndsWith("Name", StringComparison.Ordinal)))
            {
                other.Attributes[attribute].ToJsonString().Should().NotBe(value.ToJsonString(), $"{id}.{attribute} differs between environments");
            }
        }

        test.Resources.Values.Select(r => r.PhysicalId).Where(p => p.Length > 0)
            .Intersect(prod.Resources.Values.Select(r => r.PhysicalId)).Should().BeEmpty();
    }

    [Fact]
    public void Template_JoinExistingRuleSet_AddsTheRuleToThatSetAndMakesNoSetOfItsOwn()
    {
        var joined = Resolve("test", ("JoinExistingRuleSet", "ses-mail-receipt-rules-prod"));
        var own = Resolve("test");

        joined.Resource("ReceiptRuleSet").Status.Should().Be(ResourceStatus.ConditionFalse);
        joined.Resource("ReceiptRule").Properties!["RuleSetName"]!.GetValue<string>().Should().Be("ses-mail-receipt-rules-prod");
        joined.Resource("ReceiptRule").PhysicalId.Should().Be("ses-mail-receive-emails-test");
        own.Resource("ReceiptRuleSet").PhysicalId.Should().Be("ses-mail-receipt-rules-test");
        own.Resource("ReceiptRule").Properties!["RuleSetName"]!.GetValue<string>().Should().Be("ses-mail-receipt-rules-test");
        ReceiptRuleSets.OwnRuleSet(TemplateYamlTests.Load(), new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-prod"), new Dictionary<string, string> { ["Environment"] = "prod" })
            .Should().Be("ses-mail-receipt-rules-prod");
    }

    [Fact]
    public void Template_MailBucket_IsRetainedWhenTheStackIsDeleted()
    {
        var template = TemplateYamlTests.Load();

        template.ResourcesById["EmailBucket"].IsRetained().Should().BeTrue();
        template.Resources.Where(r => r.LogicalId != "EmailBucket").Should().OnlyContain(r => !r.IsRetained(), "everything else goes with the stack");
    }

    [Fact]
    public void Resolve_ReportedPhysicalIds_AttributesAgreeWithThem()
    {
        var stack = DeployedStack.Resolve(
            TemplateYamlTests.Load(),
            new PseudoParameters("000000000000", "ap-southeast-2", "ses-mail-test"),
            new Dictionary<string, string> { ["Environment"] = "test" },
            new Dictionary<string, string> { ["InputQueue"] = "http://127.0.0.1:4566/000000000000/ses-email-input-test", ["SmtpCredentialsKey"] = "1234abcd-0000-0000-0000-000000000000" },
            new Dictionary<string, string> { ["InputQueueUrl"] = "http://127.0.0.1:4566/000000000000/ses-email-input-test" });

        stack.Resource("InputQueue").Attribute("QueueUrl").Should().Be("http://127.0.0.1:4566/000000000000/ses-email-input-test");
        stack.Resource("InputQueue").Attribute("Arn").Should().Be("arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test");
        stack.Resource("SmtpCredentialsKey").Attribute("Arn").Should().Be("arn:aws:kms:ap-southeast-2:000000000000:key/1234abcd-0000-0000-0000-000000000000");
        stack.Resource("RouterFunction").Status.Should().Be(ResourceStatus.Unchanged);
        stack.Evaluator(TemplateYamlTests.Load()).Properties(TemplateYamlTests.Load().ResourcesById["ForwarderFunction"])["Environment"]!["Variables"]!["RETRY_QUEUE_URL"]!
            .GetValue<string>().Should().Be("https://sqs.ap-southeast-2.amazonaws.com/000000000000/ses-mail-gmail-forwarder-retry-test");
    }
}
