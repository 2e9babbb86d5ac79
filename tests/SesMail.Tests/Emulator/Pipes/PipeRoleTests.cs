using System.Text.Json.Nodes;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.Pipes;
using Amazon.Pipes.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Pipes;

/// <summary>
/// A pipe runs as its <c>RoleArn</c>: with IAM enforced, a role without the SQS source grants leaves the pipe
/// <c>CREATE_FAILED</c> with AWS's reason and delivers nothing, a role without the bus grant keeps it running with a
/// <c>PROBLEM</c> reason and delivers nothing, and the role with both delivers. Through the SDK-shaped client and
/// <c>/usr/bin/aws pipes describe-pipe</c>.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class PipeRoleTests(EmulatorFixture emulator) : IDisposable
{
    private const string PipesTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pipes.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private Uri _baseUrl = emulator.BaseUrl;
    private AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
    private AmazonIdentityManagementServiceClient _iam = new(EmulatorFixture.Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
    private AmazonPipesClient _pipes = new(EmulatorFixture.Credentials, new AmazonPipesConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _sqs.Dispose();
        _iam.Dispose();
        _pipes.Dispose();
    }

    [Fact]
    public async Task CreatePipe_RoleWithoutSourceGrant_IsCreateFailedAndDeliversNothingUntilGranted()
    {
        var setup = await SetupAsync("pipe-nosource");
        await GrantAsync(setup, source: false, bus: true);
        await _sqs.SendMessageAsync(setup.SourceUrl, """{"n":1}""", Ct);

        await CreatePipeAsync(setup);
        var failed = await WaitForStateAsync(setup.Name, s => s.CurrentState != "CREATING");
        var cli = await AwsCli.RunAsync(emulator.BaseUrl, "pipes", "describe-pipe", "--name", setup.Name);
        var delivered = await ReceiveAsync(setup.TargetUrl, waitSeconds: 2);
        var waiting = await _sqs.GetQueueAttributesAsync(setup.SourceUrl, ["ApproximateNumberOfMessages"], Ct);

        failed.CurrentState.Should().Be("CREATE_FAILED");
        failed.StateReason.Should().Be("Input parameter is invalid from the request due to : The provided customer role does not have permissions to call ReceiveMessage on SQS");
        cli.ExitCode.Should().Be(0, cli.Error);
        cli.Json["CurrentState"]!.GetValue<string>().Should().Be("CREATE_FAILED");
        cli.Json["StateReason"]!.GetValue<string>().Should().Contain("does not have permissions to call ReceiveMessage on SQS");
        delivered.Should().BeEmpty("a pipe that failed to create polls nothing");
        waiting.ApproximateNumberOfMessages.Should().Be(1);

        await GrantAsync(setup, source: true, bus: true);
        await _pipes.UpdatePipeAsync(new UpdatePipeRequest { Name = setup.Name, DesiredState = "RUNNING", RoleArn = setup.RoleArn, Target = setup.BusArn }, Ct);
        var running = await WaitForStateAsync(setup.Name, s => s.CurrentState is not ("UPDATING" or "CREATE_FAILED"));
        var after = await ReceiveAsync(setup.TargetUrl, waitSeconds: 10);

        running.CurrentState.Should().Be("RUNNING");
        running.StateReason.Should().BeNull();
        after.Should().ContainSingle("the record went through the pipe once the role could read the queue");
        JsonNode.Parse(after[0].Body)!["detail"]!["body"]!.GetValue<string>().Should().Be("""{"n":1}""");
    }

    [Fact]
    public async Task Pipe_RoleWithoutBusGrant_KeepsTheMessageAndReportsTheProblem()
    {
        var setup = await SetupAsync("pipe-nobus");
        await GrantAsync(setup, source: true, bus: false);

        await CreatePipeAsync(setup);
        await WaitForStateAsync(setup.Name, s => s.CurrentState == "RUNNING");
        await _sqs.SendMessageAsync(setup.SourceUrl, """{"n":2}""", Ct);
        var problem = await WaitForStateAsync(setup.Name, s => s.StateReason is not null);
        var delivered = await ReceiveAsync(setup.TargetUrl, waitSeconds: 1);
        var source = await _sqs.GetQueueAttributesAsync(setup.SourceUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], Ct);

        problem.CurrentState.Should().Be("RUNNING");
        problem.StateReason.Should().Be("PROBLEM: Pipes does not have enough permission to deliver to your target. Please add events:PutEvents permission to role.");
        delivered.Should().BeEmpty();
        (source.ApproximateNumberOfMessages + source.ApproximateNumberOfMessagesNotVisible).Should().Be(1, "the refused batch is not deleted; it returns after the visibility timeout");
    }

    [Fact]
    public async Task Pipe_EnforceIamOff_RoleWithoutGrantsDeliversAsBefore()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
        var (app, baseUrl) = await SesMail.Emulator.Hosting.EmulatorApp.StartAsync(o =>
        {
            o.Port = 0;
            o.DataDirectory = folder;
            o.EnforceIam = false;
        }, Ct);
        try
        {
            Dispose();
            _baseUrl = baseUrl;
            _sqs = new AmazonSQSClient(EmulatorFixture.Credentials, new AmazonSQSConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            _iam = new AmazonIdentityManagementServiceClient(EmulatorFixture.Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            _pipes = new AmazonPipesClient(EmulatorFixture.Credentials, new AmazonPipesConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            var setup = await SetupAsync("pipe-off"); // the role has no policy at all

            await CreatePipeAsync(setup);
            var running = await WaitForStateAsync(setup.Name, s => s.CurrentState != "CREATING");
            await _sqs.SendMessageAsync(setup.SourceUrl, """{"n":3}""", Ct);
            var delivered = await ReceiveAsync(setup.TargetUrl, waitSeconds: 10);

            running.CurrentState.Should().Be("RUNNING");
            delivered.Should().ContainSingle("with Emulator:EnforceIam=false the pipe's role is not checked");
        }
        finally
        {
            await app.StopAsync(Ct);
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Setup(string Name, string SourceUrl, string SourceArn, string TargetUrl, string BusArn, string RoleName, string RoleArn);

    private async Task<Setup> SetupAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var sourceUrl = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{name}-in", Attributes = new() { ["VisibilityTimeout"] = "30" } }, Ct)).QueueUrl;
        var sourceArn = (await _sqs.GetQueueAttributesAsync(sourceUrl, ["QueueArn"], Ct)).QueueARN;
        var targetUrl = (await _sqs.CreateQueueAsync($"{name}-out", Ct)).QueueUrl;
        var targetArn = (await _sqs.GetQueueAttributesAsync(targetUrl, ["QueueArn"], Ct)).QueueARN;
        var events = new AwsJsonClient(_baseUrl, "AWSEvents", "1.1", "events");
        await events.OkAsync("CreateEventBus", new JsonObject { ["Name"] = name }, Ct);
        await events.OkAsync("PutRule", new JsonObject { ["Name"] = "all", ["EventBusName"] = name, ["EventPattern"] = """{"source":["test.pipe"]}""" }, Ct);
        await events.OkAsync("PutTargets", new JsonObject { ["Rule"] = "all", ["EventBusName"] = name, ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "q", ["Arn"] = targetArn }) }, Ct);
        var role = await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = PipesTrust }, Ct);
        return new Setup(name, sourceUrl, sourceArn, targetUrl, $"arn:aws:events:{EmulatorFixture.Region}:000000000000:event-bus/{name}", name, role.Role.Arn);
    }

    /// <summary>Puts the pipe role's policy: the SQS source grants and the bus grant, each when asked for.</summary>
    private Task GrantAsync(Setup setup, bool source, bool bus)
    {
        var statements = new JsonArray();
        if (source)
        {
            statements.Add(new JsonObject { ["Effect"] = "Allow", ["Action"] = new JsonArray("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), ["Resource"] = setup.SourceArn });
        }

        if (bus)
        {
            statements.Add(new JsonObject { ["Effect"] = "Allow", ["Action"] = "events:PutEvents", ["Resource"] = setup.BusArn });
        }

        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
        return _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = setup.RoleName, PolicyName = "pipe", PolicyDocument = document.ToJsonString() }, Ct);
    }

    private Task CreatePipeAsync(Setup setup) =>
        _pipes.CreatePipeAsync(
            new CreatePipeRequest
            {
                Name = setup.Name,
                DesiredState = "RUNNING",
                Source = setup.SourceArn,
                SourceParameters = new PipeSourceParameters { SqsQueueParameters = new PipeSourceSqsQueueParameters { BatchSize = 1 } },
                Target = setup.BusArn,
                TargetParameters = new PipeTargetParameters { EventBridgeEventBusParameters = new PipeTargetEventBridgeEventBusParameters { Source = "test.pipe", DetailType = "Pipe Test" } },
                RoleArn = setup.RoleArn,
            },
            Ct);

    private async Task<DescribePipeResponse> WaitForStateAsync(string name, Func<DescribePipeResponse, bool> settled)
    {
        DescribePipeResponse described;
        var attempts = 0;
        do
        {
            await Task.Delay(100, Ct);
            described = await _pipes.DescribePipeAsync(new DescribePipeRequest { Name = name }, Ct);
        }
        while (!settled(described) && ++attempts < 300);
        return described;
    }

    private async Task<List<Message>> ReceiveAsync(string url, int waitSeconds) =>
        (await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = waitSeconds }, Ct)).Messages ?? [];
}
