using System.Text.Json.Nodes;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.Lambda;
using Amazon.Lambda.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.Lambda.LambdaTestFunctions;

namespace SesMail.Tests.Emulator.Lambda;

/// <summary>
/// An SQS event source mapping polls as its function's execution role: with IAM enforced, Lambda refuses a mapping
/// whose role may not read the queue, and a mapping whose role loses <c>sqs:DeleteMessage</c> keeps the handled
/// message and reports the problem in <c>LastProcessingResult</c> (SDK and <c>/usr/bin/aws lambda get-event-source-mapping</c>).
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class MappingRoleTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonLambdaClient _lambda = Client(emulator);
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
    private readonly AmazonIdentityManagementServiceClient _iam = new(EmulatorFixture.Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _lambda.Dispose();
        _sqs.Dispose();
        _iam.Dispose();
    }

    [Fact]
    public async Task CreateEventSourceMapping_RoleWithoutDeleteMessage_IsRefusedNamingTheCall()
    {
        var (name, _, queueArn, roleArn) = await SetupAsync("esm-refused", "sqs:ReceiveMessage", "sqs:GetQueueAttributes");

        var refused = await Assert.ThrowsAsync<AmazonLambdaException>(() => _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = queueArn }, Ct));

        refused.ErrorCode.Should().Be("InvalidParameterValueException");
        refused.Message.Should().Be("The provided execution role does not have permissions to call DeleteMessage on SQS");
        roleArn.Should().EndWith($":role/{name}");
    }

    [Fact]
    public async Task Mapping_RoleLosesDeleteMessage_KeepsTheMessageAndReportsTheProblem()
    {
        var (name, queueUrl, queueArn, _) = await SetupAsync("esm-lost", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
        await using var handler = await AttachedHandler.AttachAsync(emulator.BaseUrl, name, (_, _) => "{}");
        var uuid = (await _lambda.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest { FunctionName = name, EventSourceArn = queueArn, BatchSize = 1 }, Ct)).UUID!;
        await GrantAsync(name, queueArn, "sqs:ReceiveMessage", "sqs:GetQueueAttributes");

        await _sqs.SendMessageAsync(queueUrl, "kept", Ct);
        var events = await handler.WaitForAsync(2);
        GetEventSourceMappingResponse mapping;
        var attempts = 0;
        do
        {
            await Task.Delay(100, Ct);
            mapping = await _lambda.GetEventSourceMappingAsync(new GetEventSourceMappingRequest { UUID = uuid }, Ct);
        }
        while (mapping.LastProcessingResult?.StartsWith("PROBLEM", StringComparison.Ordinal) != true && ++attempts < 100);
        var cli = await AwsCli.RunAsync(emulator.BaseUrl, "lambda", "get-event-source-mapping", "--uuid", uuid);

        events.Select(e => e["Records"]![0]!["attributes"]!["ApproximateReceiveCount"]!.GetValue<string>()).Should().Equal(["1", "2"],
            "the handled message could not be deleted, so it came back after its visibility timeout");
        mapping.LastProcessingResult.Should().Be("PROBLEM: Function does not have permission to call DeleteMessage on SQS");
        mapping.State.Should().Be("Enabled");
        cli.ExitCode.Should().Be(0, cli.Error);
        cli.Json["LastProcessingResult"]!.GetValue<string>().Should().Be("PROBLEM: Function does not have permission to call DeleteMessage on SQS");
    }

    /// <summary>A queue (visibility 1 s), a role trusted by Lambda granted <paramref name="actions"/> on it, and a function with that role.</summary>
    private async Task<(string Name, string QueueUrl, string QueueArn, string RoleArn)> SetupAsync(string prefix, params string[] actions)
    {
        var name = Name(prefix);
        var queueUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "1" } }, Ct)).QueueUrl;
        var queueArn = (await _sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], Ct)).QueueARN;
        var roleArn = (await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = EmulatorFixture.LambdaTrustPolicy }, Ct)).Role.Arn;
        await GrantAsync(name, queueArn, actions);
        await CreateShellFunctionAsync(_lambda, name, role: roleArn);
        return (name, queueUrl, queueArn, roleArn);
    }

    private Task GrantAsync(string role, string queueArn, params string[] actions)
    {
        var document = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]), ["Resource"] = queueArn }),
        };
        return _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = role, PolicyName = "mapping", PolicyDocument = document.ToJsonString() }, Ct);
    }
}
