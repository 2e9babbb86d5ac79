using System.Text.Json.Nodes;
using SesMail.Tests.Infrastructure;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.CloudFormation;

/// <summary>
/// <c>aws cloudformation deploy</c> (Debian's AWS CLI v2, unchanged) against the emulator with SesMail's own template
/// as a user deploys it: the minified JSON <c>sesmail package</c> writes (<c>template.json</c>). It reaches
/// <c>CREATE_COMPLETE</c> with every output, a second deploy reports no changes, the events read as
/// CloudFormation's do, and <c>delete-stack</c> removes what the stack made. Each class has its own emulator, so the
/// CLI's 30-second stack waiter runs beside the other classes'.
/// </summary>
[Trait("Kind", "Contract")]
public sealed class CloudFormationDeployCliTests : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();

    private Task<AwsCli.Result> Aws(params string[] args) => AwsCli.RunAsync(_emulator.BaseUrl, args, null, TimeSpan.FromMinutes(3));

    public ValueTask InitializeAsync() => _emulator.InitializeAsync();

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task Deploy_SesMailTemplate_CreatesEveryOutputThenReportsNoChangesThenDeletes()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var template = TemplateYamlTests.Load();
        // As in AWS, the functions' package is in the code bucket before the stack that names it is deployed,
        var clients = SesMail.Infrastructure.Provisioning.ProvisioningClients.Create(_emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        await SesMail.LocalRuntime.Packaging.FunctionPackage.UploadAsync(clients.S3, "ses-mail-artifacts", "SesMail.Functions-dotnet10.zip", SesMail.LocalRuntime.Packaging.FunctionPackage.ManagedZip(), TestContext.Current.CancellationToken);
        // And the recovery workflows' snippet (AWS::Include) and definitions (DefinitionS3Location), at the template's default key.
        await SesMail.Tests.Infrastructure.Provisioning.StackProvisionerTests.UploadStateMachinesAsync(clients, TestContext.Current.CancellationToken);

        var packaged = Path.Combine(_emulator.DataDirectory, "package");
        using (var console = new StringWriter())
        {
            var code = await SesMail.Cli.Hosting.CliApp.RunAsync(["package", "--template", TemplateYamlTests.TemplatePath, "--template-only", "--output-dir", packaged],
                SesMail.Cli.Hosting.CliConsole.ForText(console, console), TestContext.Current.CancellationToken);
            code.Should().Be(0, console.ToString());
        }

        string[] deploy = ["cloudformation", "deploy", "--template-file", Path.Combine(packaged, "template.json"), "--stack-name", "ses-mail-test",
            "--parameter-overrides", "Environment=test", "Domains=example.test,mail.example.test", "FunctionRuntime=dotnet10", "--capabilities", "CAPABILITY_NAMED_IAM"];

        var first = await Aws(deploy);
        var described = await Aws("cloudformation", "describe-stacks", "--stack-name", "ses-mail-test");
        var second = await Aws(deploy);
        var events = await Aws("cloudformation", "describe-stack-events", "--stack-name", "ses-mail-test");
        var resource = await Aws("cloudformation", "describe-stack-resource", "--stack-name", "ses-mail-test", "--logical-resource-id", "InputQueue");
        var queue = await Aws("sqs", "get-queue-url", "--queue-name", "ses-email-input-test");

        first.ExitCode.Should().Be(0, first.Error + first.Output);
        first.Output.Should().Contain("Successfully created/updated stack - ses-mail-test");
        var stack = described.Json["Stacks"]![0]!;
        stack["StackStatus"]!.GetValue<string>().Should().Be("CREATE_COMPLETE");
        var outputs = stack["Outputs"]!.AsArray().ToDictionary(o => o!["OutputKey"]!.GetValue<string>(), o => o!["OutputValue"]!.GetValue<string>());
        outputs.Keys.Should().BeEquivalentTo(template.Outputs.Select(o => o.Key));
        outputs["InputQueueUrl"].Should().Be(queue.Json["QueueUrl"]!.GetValue<string>());
        outputs["ReceiptRuleSetName"].Should().Be("ses-mail-receipt-rules-test");
        stack["Parameters"]!.AsArray().Single(p => p!["ParameterKey"]!.GetValue<string>() == "Domains")!["ParameterValue"]!.GetValue<string>().Should().Be("example.test,mail.example.test");
        second.ExitCode.Should().Be(0, second.Error);
        second.Output.Should().Contain("No changes to deploy. Stack ses-mail-test is up to date");
        var newest = events.Json["StackEvents"]!.AsArray();
        newest[0]!["ResourceStatus"]!.GetValue<string>().Should().Be("CREATE_COMPLETE");
        newest[0]!["ResourceType"]!.GetValue<string>().Should().Be("AWS::CloudFormation::Stack");
        newest.Where(e => e!["LogicalResourceId"]!.GetValue<string>() == "InputQueue").Select(e => e!["ResourceStatus"]!.GetValue<string>())
            .Should().Equal("CREATE_COMPLETE", "CREATE_IN_PROGRESS");
        resource.Json["StackResourceDetail"]!["PhysicalResourceId"]!.GetValue<string>().Should().Be(outputs["InputQueueUrl"]);

        var deleted = await Aws("cloudformation", "delete-stack", "--stack-name", "ses-mail-test");
        deleted.ExitCode.Should().Be(0, deleted.Error);
        await UntilAsync(async () => (await Aws("cloudformation", "describe-stacks", "--stack-name", "ses-mail-test")).Error.Contains("Stack with id ses-mail-test does not exist", StringComparison.Ordinal));
        var gone = await Aws("sqs", "get-queue-url", "--queue-name", "ses-email-input-test");
        var bucket = await Aws("s3api", "head-bucket", "--bucket", "ses-mail-storage-000000000000-test");
        var listed = await Aws("cloudformation", "list-stacks", "--stack-status-filter", "DELETE_COMPLETE");

        gone.ExitCode.Should().NotBe(0);
        gone.Error.Should().Contain("NonExistentQueue");
        bucket.ExitCode.Should().Be(0, "the mail bucket has DeletionPolicy: Retain");
        listed.Json["StackSummaries"]!.AsArray().Select(s => s!["StackName"]!.GetValue<string>()).Should().Contain("ses-mail-test");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the condition did not hold within 120 attempts");
    }
}

/// <summary><c>aws cloudformation deploy</c> of a template whose resource fails: the deploy fails, the stack rolls back and the events name the resource.</summary>
[Trait("Kind", "Contract")]
public sealed class CloudFormationRollbackCliTests : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();

    private Task<AwsCli.Result> Aws(params string[] args) => AwsCli.RunAsync(_emulator.BaseUrl, args, null, TimeSpan.FromMinutes(3));

    public ValueTask InitializeAsync() => _emulator.InitializeAsync();

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    /// <summary>
    /// A template whose resources come partly from an <c>AWS::Include</c> snippet in S3, as SesMail's own
    /// (<c>statemachines/recovery.yaml</c>): <c>aws cloudformation deploy</c> applies the snippet's resources, the
    /// stage the CLI asks for is served by <c>get-template</c>, a missing snippet fails the change set with AWS's
    /// reason, and <c>create-stack</c> without <c>CAPABILITY_AUTO_EXPAND</c> is refused.
    /// </summary>
    [Fact]
    public async Task Deploy_TemplateWithAwsInclude_AppliesTheSnippetReadFromS3()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var ct = TestContext.Current.CancellationToken;
        var template = Path.Combine(_emulator.DataDirectory, "with-include.yaml");
        var snippet = Path.Combine(_emulator.DataDirectory, "queues.yaml");
        await File.WriteAllTextAsync(template, """
            Parameters:
              Suffix: {Type: String}
              Folder: {Type: String, Default: parts}
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties: {TopicName: !Sub "cfn-include-${Suffix}"}
              Fn::Transform:
                Name: AWS::Include
                Parameters:
                  Location: !Sub s3://cfn-include-code/${Folder}/queues.yaml
            Outputs:
              IncludedQueueUrl:
                Value: !Ref Included
            """, ct);
        await File.WriteAllTextAsync(snippet, """
            Included:
              Type: AWS::SQS::Queue
              Properties:
                QueueName: {Fn::Sub: "cfn-included-${Suffix}"}
                Tags: [{Key: topic, Value: {Ref: Topic}}]
            """, ct);

        var bucket = await Aws("s3api", "create-bucket", "--bucket", "cfn-include-code", "--create-bucket-configuration", $"LocationConstraint={EmulatorFixture.Region}");
        var missing = await Aws("cloudformation", "deploy", "--template-file", template, "--stack-name", "cfn-include-missing", "--parameter-overrides", "Suffix=a");
        var put = await Aws("s3api", "put-object", "--bucket", "cfn-include-code", "--key", "parts/queues.yaml", "--body", snippet);
        var deployed = await Aws("cloudformation", "deploy", "--template-file", template, "--stack-name", "cfn-include", "--parameter-overrides", "Suffix=b");
        var queue = await Aws("sqs", "get-queue-url", "--queue-name", "cfn-included-b");
        var stack = await Aws("cloudformation", "describe-stacks", "--stack-name", "cfn-include");
        var original = await Aws("cloudformation", "get-template", "--stack-name", "cfn-include");
        var processed = await Aws("cloudformation", "get-template", "--stack-name", "cfn-include", "--template-stage", "Processed");
        var summary = await Aws("cloudformation", "get-template-summary", "--stack-name", "cfn-include");
        var direct = await Aws("cloudformation", "create-stack", "--stack-name", "cfn-include-direct", "--template-body", $"file://{template}", "--parameters", "ParameterKey=Suffix,ParameterValue=c");

        bucket.ExitCode.Should().Be(0, bucket.Error);
        missing.ExitCode.Should().NotBe(0);
        (missing.Output + missing.Error).Should().Contain("Transform AWS::Include failed with").And.Contain("s3://cfn-include-code/parts/queues.yaml");
        put.ExitCode.Should().Be(0, put.Error);
        deployed.ExitCode.Should().Be(0, deployed.Error + deployed.Output);
        stack.Json["Stacks"]![0]!["Outputs"]![0]!["OutputValue"]!.GetValue<string>().Should().Be(queue.Json["QueueUrl"]!.GetValue<string>());
        original.Json["TemplateBody"]!.GetValue<string>().Should().Contain("Fn::Transform").And.NotContain("cfn-included-");
        processed.Json["TemplateBody"]!.ToJsonString().Should().Contain("cfn-included-${Suffix}").And.NotContain("Fn::Transform");
        summary.Json["ResourceTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Contain("AWS::SQS::Queue");
        direct.Error.Should().Contain("(InsufficientCapabilitiesException)").And.Contain("CAPABILITY_AUTO_EXPAND");
    }

    [Fact]
    public async Task Deploy_BucketPolicyOnMissingBucket_FailsRollsBackAndEventsNameTheResource()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var file = Path.Combine(_emulator.DataDirectory, "bad-reference.yaml");
        await File.WriteAllTextAsync(file, CloudFormationHarness.BadReferenceTemplate, TestContext.Current.CancellationToken);

        var deploy = await Aws("cloudformation", "deploy", "--template-file", file, "--stack-name", "cfn-bad", "--parameter-overrides", "Suffix=bad");
        var events = await Aws("cloudformation", "describe-stack-events", "--stack-name", "cfn-bad");
        var stack = await Aws("cloudformation", "describe-stacks", "--stack-name", "cfn-bad");
        var queue = await Aws("sqs", "get-queue-url", "--queue-name", "cfn-work-bad");

        deploy.ExitCode.Should().NotBe(0);
        (deploy.Output + deploy.Error).Should().Contain("Failed to create/update the stack");
        var failed = events.Json["StackEvents"]!.AsArray().Single(e => e!["ResourceStatus"]!.GetValue<string>() == "CREATE_FAILED")!;
        failed["LogicalResourceId"]!.GetValue<string>().Should().Be("MissingBucketPolicy");
        failed["ResourceStatusReason"]!.GetValue<string>().Should().Contain("NoSuchBucket");
        stack.Json["Stacks"]![0]!["StackStatus"]!.GetValue<string>().Should().Be("ROLLBACK_COMPLETE");
        stack.Json["Stacks"]![0]!["StackStatusReason"]!.GetValue<string>().Should().Contain("[MissingBucketPolicy]");
        queue.Error.Should().Contain("NonExistentQueue", "the rollback deletes the queue the stack created");
    }
}

/// <summary>Every other CloudFormation operation through the AWS CLI, with AWS's error codes.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class CloudFormationCliTests(EmulatorFixture emulator)
{
    private Task<AwsCli.Result> Cfn(params string[] args) => AwsCli.RunAsync(emulator.BaseUrl, ["cloudformation", .. args]);

    [Fact]
    public async Task StackAndChangeSetCommands_ThroughCli_WorkAndReportCloudFormationErrors()
    {
        Assert.SkipUnless(AwsCli.IsInstalled, "the AWS CLI is not installed at /usr/bin/aws");
        var suffix = CloudFormationHarness.Suffix();
        var name = $"cfn-cli-{suffix}";
        var body = CloudFormationHarness.SmallTemplate;

        var validated = await Cfn("validate-template", "--template-body", body);
        var summary = await Cfn("get-template-summary", "--template-body", body);
        var changeSet = await Cfn("create-change-set", "--stack-name", name, "--change-set-name", "first", "--change-set-type", "CREATE",
            "--template-body", body, "--parameters", $"ParameterKey=Suffix,ParameterValue={suffix}");
        var describedChangeSet = await Cfn("describe-change-set", "--stack-name", name, "--change-set-name", "first");
        var listedChangeSets = await Cfn("list-change-sets", "--stack-name", name);
        var executed = await Cfn("execute-change-set", "--stack-name", name, "--change-set-name", "first");
        await UntilAsync(async () => (await Cfn("describe-stacks", "--stack-name", name)).Json["Stacks"]![0]!["StackStatus"]!.GetValue<string>() == "CREATE_COMPLETE");
        var resources = await Cfn("describe-stack-resources", "--stack-name", name);
        var listedResources = await Cfn("list-stack-resources", "--stack-name", name);
        var templateBody = await Cfn("get-template", "--stack-name", name);
        var updated = await Cfn("update-stack", "--stack-name", name, "--use-previous-template",
            "--parameters", "ParameterKey=Suffix,UsePreviousValue=true", "ParameterKey=Retention,ParameterValue=86400");
        await UntilAsync(async () => (await Cfn("describe-stacks", "--stack-name", name)).Json["Stacks"]![0]!["StackStatus"]!.GetValue<string>() == "UPDATE_COMPLETE");
        var listed = await Cfn("list-stacks", "--stack-status-filter", "UPDATE_COMPLETE");
        var missing = await Cfn("describe-stacks", "--stack-name", $"{name}-missing");
        var noChangeSet = await Cfn("describe-change-set", "--stack-name", name, "--change-set-name", "nope");
        var duplicate = await Cfn("create-stack", "--stack-name", name, "--template-body", body, "--parameters", $"ParameterKey=Suffix,ParameterValue={suffix}");
        var noCapability = await Cfn("create-stack", "--stack-name", $"{name}-iam", "--template-body",
            "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n");
        var noUpdates = await Cfn("update-stack", "--stack-name", name, "--use-previous-template",
            "--parameters", "ParameterKey=Suffix,UsePreviousValue=true", "ParameterKey=Retention,UsePreviousValue=true");
        var created = await Cfn("create-stack", "--stack-name", $"{name}-2", "--template-body", body, "--parameters", $"ParameterKey=Suffix,ParameterValue={suffix}2");
        await UntilAsync(async () => (await Cfn("describe-stacks", "--stack-name", $"{name}-2")).Json["Stacks"]![0]!["StackStatus"]!.GetValue<string>() == "CREATE_COMPLETE");
        var deletedChangeSet = await Cfn("create-change-set", "--stack-name", $"{name}-2", "--change-set-name", "unused", "--use-previous-template",
            "--parameters", "ParameterKey=Suffix,UsePreviousValue=true", "ParameterKey=Retention,ParameterValue=60");
        var deleteChangeSet = await Cfn("delete-change-set", "--stack-name", $"{name}-2", "--change-set-name", "unused");

        validated.Json["Parameters"]!.AsArray().Select(p => p!["ParameterKey"]!.GetValue<string>()).Should().Equal("Suffix", "Retention");
        summary.Json["ResourceTypes"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Contain("AWS::SQS::Queue");
        changeSet.ExitCode.Should().Be(0, changeSet.Error);
        describedChangeSet.Json["Status"]!.GetValue<string>().Should().Be("CREATE_COMPLETE");
        describedChangeSet.Json["Changes"]!.AsArray().Select(c => c!["ResourceChange"]!["Action"]!.GetValue<string>()).Should().AllBe("Add");
        listedChangeSets.Json["Summaries"]!.AsArray().Should().ContainSingle();
        executed.ExitCode.Should().Be(0, executed.Error);
        resources.Json["StackResources"]!.AsArray().Should().HaveCount(5);
        listedResources.Json["StackResourceSummaries"]!.AsArray().Select(r => r!["ResourceStatus"]!.GetValue<string>()).Should().AllBe("CREATE_COMPLETE");
        templateBody.Json["TemplateBody"]!.GetValue<string>().Should().Contain("cfn-work-${Suffix}");
        updated.Json["StackId"]!.GetValue<string>().Should().StartWith($"arn:aws:cloudformation:{EmulatorFixture.Region}:000000000000:stack/{name}/");
        listed.Json["StackSummaries"]!.AsArray().Select(s => s!["StackName"]!.GetValue<string>()).Should().Contain(name);
        missing.ExitCode.Should().Be(254);
        missing.Error.Should().Contain("(ValidationError)").And.Contain($"Stack with id {name}-missing does not exist");
        noChangeSet.Error.Should().Contain("(ChangeSetNotFound)");
        duplicate.Error.Should().Contain("(AlreadyExistsException)");
        noCapability.Error.Should().Contain("(InsufficientCapabilitiesException)").And.Contain("CAPABILITY_IAM");
        noUpdates.Error.Should().Contain("No updates are to be performed.");
        created.ExitCode.Should().Be(0, created.Error);
        deletedChangeSet.ExitCode.Should().Be(0, deletedChangeSet.Error);
        deleteChangeSet.ExitCode.Should().Be(0, deleteChangeSet.Error);
        (await Cfn("list-change-sets", "--stack-name", $"{name}-2")).Json["Summaries"]!.AsArray().Should().BeEmpty();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the condition did not hold within 120 attempts");
    }
}
