using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Infrastructure.Provisioning;

[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class StackProvisionerTests(EmulatorFixture emulator)
{
    /// <summary>Resource type prefix → the emulator service (signing name) that holds it.</summary>
    private static readonly Dictionary<string, string> ServiceOfType = new(StringComparer.Ordinal)
    {
        ["AWS::S3::"] = "s3", ["AWS::SQS::"] = "sqs", ["AWS::SNS::"] = "sns", ["AWS::DynamoDB::"] = "dynamodb",
        ["AWS::Events::"] = "events", ["AWS::SSM::"] = "ssm", ["AWS::KMS::"] = "kms", ["AWS::SES::"] = "email",
        ["AWS::StepFunctions::"] = "states",
    };

    /// <summary>A provisioner for the emulator that skips the types of services the emulator does not serve yet.</summary>
    internal static Task<StackProvisioner> ProvisionerAsync(EmulatorFixture emulator, ProvisioningClients clients, CancellationToken ct) =>
        ProvisionerAsync(emulator.BaseUrl, clients, ct);

    internal static async Task<StackProvisioner> ProvisionerAsync(Uri emulatorUrl, ProvisioningClients clients, CancellationToken ct)
    {
        using var http = new HttpClient();
        var health = await http.GetFromJsonAsync<JsonObject>(new Uri(emulatorUrl, "/_sesmail/health"), ct);
        var services = health!["services"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet();
        var skip = TemplateYamlTests.Load().Resources.Select(r => r.Type)
            .Where(t => ServiceOfType.FirstOrDefault(p => t.StartsWith(p.Key, StringComparison.Ordinal)).Value is { } service && !services.Contains(service))
            .ToHashSet(StringComparer.Ordinal);
        return new StackProvisioner(clients) { SkipTypes = skip };
    }

    internal static StackSettings Settings => new("test", "000000000000", EmulatorFixture.Region, new Dictionary<string, string>());

    [Fact]
    public async Task Provision_Twice_SecondRunChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var provisioner = await ProvisionerAsync(emulator, clients, ct);
        var template = TemplateYamlTests.Load();

        var first = await provisioner.ProvisionAsync(template, Settings, ct);
        var second = await provisioner.ProvisionAsync(template, Settings, ct);

        second.Resources.Values.Where(r => r.Status is ResourceStatus.Created or ResourceStatus.Updated)
            .Select(r => $"{r.LogicalId}: {r.Status} {r.Note}").Should().BeEmpty();
        Comparable(second).Should().Be(Comparable(first).Replace("\"Created\"", "\"Unchanged\"", StringComparison.Ordinal).Replace("\"Updated\"", "\"Unchanged\"", StringComparison.Ordinal));
    }

    /// <summary>
    /// The stack as JSON without the notes a create or update leaves ("activated locally", an optional backend
    /// operation missing), which an unchanged resource has no reason to repeat; ids, attributes and statuses remain.
    /// </summary>
    private static string Comparable(ResolvedStack stack)
    {
        var json = JsonNode.Parse(stack.ToJson())!;
        foreach (var resource in json["resources"]!.AsObject())
        {
            resource.Value!.AsObject().Remove("note");
        }

        return json.ToJsonString();
    }

    [Fact]
    public async Task Provision_Template_QueuesCarrySpecAttributesAndOutputs()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var stack = await (await ProvisionerAsync(emulator, clients, ct)).ProvisionAsync(TemplateYamlTests.Load(), Settings, ct);

        var input = stack.Resource("InputQueue");
        input.Attribute("Arn").Should().Be("arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test");
        stack.Outputs["InputQueueUrl"].Should().Be(input.PhysicalId);
        var attributes = (await clients.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = input.PhysicalId, AttributeNames = ["All"] }, ct)).Attributes;
        attributes["VisibilityTimeout"].Should().Be("180");
        attributes["MessageRetentionPeriod"].Should().Be("345600");
        JsonNode.Parse(attributes["RedrivePolicy"])!["deadLetterTargetArn"]!.GetValue<string>().Should().Be(stack.Resource("InputDeadLetterQueue").Attribute("Arn"));
        stack.Resource("RouterFunction").Status.Should().Be(ResourceStatus.HandledByLocalRuntime);
        stack.Resource("RouterRole").Status.Should().BeOneOf(ResourceStatus.Created, ResourceStatus.Unchanged);
        var routerPolicy = await clients.Iam.GetRolePolicyAsync(new Amazon.IdentityManagement.Model.GetRolePolicyRequest { RoleName = "ses-mail-router-enrichment-test", PolicyName = "router" }, ct);
        routerPolicy.PolicyDocument.Should().Contain("dynamodb:GetItem").And.Contain(stack.Resource("RoutingTable").Attribute("Arn"));
        stack.Resource("InputDeadLetterAlarm").Status.Should().Be(ResourceStatus.ConditionFalse);
        ResolvedStack.FromJson(stack.ToJson()).ToJson().Should().Be(stack.ToJson());
    }
}
