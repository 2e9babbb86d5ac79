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
        ["AWS::Lambda::"] = "lambda", ["AWS::Pipes::"] = "pipes", ["AWS::IAM::"] = "iam", ["AWS::StepFunctions::"] = "states",
    };

    /// <summary>
    /// A provisioner for the emulator that skips the types of services the emulator does not serve yet; the managed
    /// functions package and the state machine definitions are uploaded first, where the template's <c>Code</c> and
    /// <c>DefinitionS3Location</c> point with <see cref="Settings"/>.
    /// </summary>
    internal static Task<StackProvisioner> ProvisionerAsync(EmulatorFixture emulator, ProvisioningClients clients, CancellationToken ct) =>
        ProvisionerAsync(emulator.BaseUrl, clients, ct);

    internal static async Task<StackProvisioner> ProvisionerAsync(Uri emulatorUrl, ProvisioningClients clients, CancellationToken ct)
    {
        await SesMail.LocalRuntime.Packaging.FunctionPackage.UploadAsync(clients.S3, "ses-mail-artifacts", "SesMail.Functions-dotnet10.zip", ManagedZip.Value, ct);
        await UploadStateMachinesAsync(clients, ct);
        using var http = new HttpClient();
        var health = await http.GetFromJsonAsync<JsonObject>(new Uri(emulatorUrl, "/_sesmail/health"), ct);
        var services = health!["services"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet();
        var skip = TemplateYamlTests.Load().Resources.Select(r => r.Type)
            .Where(t => ServiceOfType.FirstOrDefault(p => t.StartsWith(p.Key, StringComparison.Ordinal)).Value is { } service && !services.Contains(service))
            .ToHashSet(StringComparer.Ordinal);
        return new StackProvisioner(clients) { SkipTypes = skip };
    }

    /// <summary>The template's state machine definitions, where its default <c>StateMachinesKey</c> points (as an upload by hand before <c>aws cloudformation deploy</c>).</summary>
    internal static Task UploadStateMachinesAsync(ProvisioningClients clients, CancellationToken ct) =>
        StateMachineFiles.UploadAsync(clients.S3, "ses-mail-artifacts", StateMachineFiles.Directory(TemplateYamlTests.TemplatePath), StateMachineFiles.Folder, ct);

    internal static StackSettings Settings => new("test", "000000000000", EmulatorFixture.Region, new Dictionary<string, string> { ["FunctionRuntime"] = "dotnet10" });

    private static readonly Lazy<byte[]> ManagedZip = new(SesMail.LocalRuntime.Packaging.FunctionPackage.ManagedZip);

    /// <summary>
    /// On an emulator of its own, so that the first run always creates everything: on the shared emulator another test
    /// may have provisioned the stack already, and the test then compared two runs that both changed nothing.
    /// </summary>
    [Fact]
    public async Task Provision_Twice_SecondRunChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fresh = new EmulatorFixture();
        await fresh.InitializeAsync();
        var clients = ProvisioningClients.Create(fresh.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var provisioner = await ProvisionerAsync(fresh, clients, ct);
        var template = TemplateYamlTests.Load();

        var first = await provisioner.ProvisionAsync(template, Settings, ct);
        var second = await provisioner.ProvisionAsync(template, Settings, ct);

        first.Resource("ReceiptRuleSet").Status.Should().Be(ResourceStatus.Created, "the emulator was empty");

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
        stack.Resource("RouterFunction").Status.Should().BeOneOf(ResourceStatus.Created, ResourceStatus.Unchanged);
        var router = await clients.Lambda.GetFunctionAsync(new Amazon.Lambda.Model.GetFunctionRequest { FunctionName = stack.Resource("RouterFunction").PhysicalId }, ct);
        router.Configuration!.Runtime.Should().Be("dotnet10");
        router.Configuration.Role.Should().Be(stack.Resource("RouterRole").Attribute("Arn"));
        router.Configuration.Environment!.Variables.Should().ContainKey("ROUTING_TABLE_NAME");
        (await clients.Lambda.ListEventSourceMappingsAsync(new Amazon.Lambda.Model.ListEventSourceMappingsRequest { FunctionName = stack.Resource("BouncerFunction").PhysicalId }, ct))
            .EventSourceMappings.Should().ContainSingle().Which.BatchSize.Should().Be(1);
        (await clients.Pipes.DescribePipeAsync(new Amazon.Pipes.Model.DescribePipeRequest { Name = stack.Resource("RouterPipe").PhysicalId }, ct))
            .Enrichment.Should().Be(router.Configuration.FunctionArn);
        stack.Resource("RouterRole").Status.Should().BeOneOf(ResourceStatus.Created, ResourceStatus.Unchanged);
        var routerPolicy = await clients.Iam.GetRolePolicyAsync(new Amazon.IdentityManagement.Model.GetRolePolicyRequest { RoleName = "ses-mail-router-enrichment-test", PolicyName = "router" }, ct);
        routerPolicy.PolicyDocument.Should().Contain("dynamodb:GetItem").And.Contain(stack.Resource("RoutingTable").Attribute("Arn"));
        stack.Resource("InputDeadLetterAlarm").Status.Should().BeOneOf(ResourceStatus.Created, ResourceStatus.Unchanged); // on the stack's own alarm topic
        stack.Resource("AlarmTopic").Status.Should().BeOneOf(ResourceStatus.Created, ResourceStatus.Unchanged);
        stack.Resource("Dashboard").Status.Should().BeOneOf(ResourceStatus.Created, ResourceStatus.Unchanged);
        ResolvedStack.FromJson(stack.ToJson()).ToJson().Should().Be(stack.ToJson());
    }
}
