using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Parameter = Amazon.CloudFormation.Model.Parameter;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.CloudFormation.CloudFormationHarness;

namespace SesMail.Tests.Emulator.CloudFormation;

/// <summary>The emulated CloudFormation through the hand-written <see cref="AmazonCloudFormationClient"/>.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class CloudFormationProviderTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonCloudFormationClient _cfn = Client(emulator.BaseUrl);
    private readonly AmazonSQSClient _sqs = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateStack_SmallTemplate_CompletesWithOutputsEventsAndResources()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);

        var stack = await WaitAsync(_cfn, created.StackId);
        var resources = (await _cfn.DescribeStackResourcesAsync(new DescribeStackResourcesRequest { StackName = $"cfn-{suffix}" }, Token)).StackResources;
        var events = await EventsAsync(_cfn, created.StackId);

        stack.StackStatus.Should().Be("CREATE_COMPLETE", stack.StackStatusReason);
        stack.Description.Should().Be("SesMail CloudFormation test stack");
        stack.Parameters.Select(p => $"{p.ParameterKey}={p.ParameterValue}").Should().BeEquivalentTo($"Suffix={suffix}", "Retention=345600");
        var queueUrl = (await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-work-{suffix}" }, Token)).QueueUrl;
        stack.Outputs.Single(o => o.OutputKey == "WorkQueueUrl").Should().BeEquivalentTo(new { OutputValue = queueUrl, Description = "the work queue" });
        stack.Outputs.Single(o => o.OutputKey == "TopicArn").OutputValue.Should().Be($"arn:aws:sns:{EmulatorFixture.Region}:000000000000:cfn-topic-{suffix}");
        resources.Select(r => (r.LogicalResourceId, r.ResourceStatus)).Should().BeEquivalentTo(
            [("DeadLetters", "CREATE_COMPLETE"), ("Work", "CREATE_COMPLETE"), ("Topic", "CREATE_COMPLETE"), ("Subscription", "CREATE_COMPLETE"), ("Setting", "CREATE_COMPLETE")]);
        resources.Single(r => r.LogicalResourceId == "Work").PhysicalResourceId.Should().Be(queueUrl);
        events.First().Should().BeEquivalentTo(new { LogicalResourceId = $"cfn-{suffix}", ResourceType = "AWS::CloudFormation::Stack", ResourceStatus = "CREATE_IN_PROGRESS", ResourceStatusReason = "User Initiated" });
        events.Last().ResourceStatus.Should().Be("CREATE_COMPLETE");
        events.Where(e => e.LogicalResourceId == "Work").Select(e => e.ResourceStatus).Should().Equal("CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        events.IndexOf(events.Last(e => e.LogicalResourceId == "DeadLetters")).Should().BeLessThan(events.IndexOf(events.First(e => e.LogicalResourceId == "Work")), "a queue is created after its dead-letter queue");
        var redrive = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["RedrivePolicy"] }, Token)).Attributes["RedrivePolicy"];
        redrive.Should().Contain($"cfn-dlq-{suffix}");
    }

    [Fact]
    public async Task CreateStack_BucketPolicyOnMissingBucket_RollsBackNamingTheResource()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = BadReferenceTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);

        var stack = await WaitAsync(_cfn, created.StackId);
        var events = await EventsAsync(_cfn, created.StackId);

        stack.StackStatus.Should().Be("ROLLBACK_COMPLETE");
        stack.StackStatusReason.Should().Be("The following resource(s) failed to create: [MissingBucketPolicy]. Rollback requested by user.");
        (await StackStatusesAsync(_cfn, created.StackId)).Should().Equal("CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE");
        var failed = events.Single(e => e.ResourceStatus == "CREATE_FAILED");
        failed.LogicalResourceId.Should().Be("MissingBucketPolicy");
        failed.ResourceStatusReason.Should().Contain("The specified bucket does not exist").And.Contain("NoSuchBucket");
        events.Where(e => e.LogicalResourceId == "Work").Select(e => e.ResourceStatus).Should().Equal("CREATE_IN_PROGRESS", "CREATE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE");
        await FluentActions.Awaiting(() => _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-work-{suffix}" }, Token)).Should().ThrowAsync<QueueDoesNotExistException>();
        stack.Outputs.Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateStack_RenamedAndDroppedResources_ReplacesThemAndCleansUp()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);
        var renamed = SmallTemplate.Replace("cfn-dlq-${Suffix}", "cfn-dlq2-${Suffix}", StringComparison.Ordinal);
        var dropped = renamed[..renamed.IndexOf("  Setting:", StringComparison.Ordinal)] + renamed[renamed.IndexOf("Outputs:", StringComparison.Ordinal)..];

        await _cfn.UpdateStackAsync(new UpdateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = dropped, Parameters = [new Parameter { ParameterKey = "Suffix", UsePreviousValue = true }] }, Token);
        var stack = await WaitAsync(_cfn, created.StackId);
        var events = await EventsAsync(_cfn, created.StackId);
        var resources = (await _cfn.ListStackResourcesAsync(new ListStackResourcesRequest { StackName = created.StackId }, Token)).StackResourceSummaries;

        stack.StackStatus.Should().Be("UPDATE_COMPLETE");
        stack.LastUpdatedTime.Should().NotBeNull();
        (await StackStatusesAsync(_cfn, created.StackId)).Should().EndWith(["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"]);
        events.Single(e => e.LogicalResourceId == "DeadLetters" && e.ResourceStatus == "UPDATE_IN_PROGRESS").ResourceStatusReason
            .Should().Be("Requested update requires the creation of a new physical resource; hence creating one.");
        events.Where(e => e.LogicalResourceId == "Setting").Select(e => e.ResourceStatus).Should().EndWith(["DELETE_IN_PROGRESS", "DELETE_COMPLETE"]);
        resources.Select(r => r.LogicalResourceId).Should().BeEquivalentTo("DeadLetters", "Work", "Topic", "Subscription");
        (await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = $"cfn-dlq" }, Token)).QueueUrls.Where(u => u.EndsWith(suffix, StringComparison.Ordinal))
            .Should().ContainSingle().Which.Should().EndWith($"cfn-dlq2-{suffix}");
        using var ssm = new AmazonSimpleSystemsManagementClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSimpleSystemsManagementConfig()));
        await FluentActions.Awaiting(() => ssm.GetParameterAsync(new GetParameterRequest { Name = $"/cfn/{suffix}/setting" }, Token)).Should().ThrowAsync<ParameterNotFoundException>();
    }

    [Fact]
    public async Task UpdateStack_FailingNewResource_RollsBackAndDeletesWhatTheUpdateMade()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);
        var failing = SmallTemplate.Replace("Outputs:", """
              Extra:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub cfn-extra-${Suffix}
              Broken:
                Type: AWS::S3::BucketPolicy
                DependsOn: Extra
                Properties:
                  Bucket: !Sub cfn-no-such-bucket-${Suffix}
                  PolicyDocument: { Version: "2012-10-17", Statement: [] }
            Outputs:
            """, StringComparison.Ordinal);

        await _cfn.UpdateStackAsync(new UpdateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = failing, Parameters = Parameters(("Suffix", suffix), ("Retention", "86400")) }, Token);
        var stack = await WaitAsync(_cfn, created.StackId);
        var workUrl = (await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-work-{suffix}" }, Token)).QueueUrl;
        var retention = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = workUrl, AttributeNames = ["MessageRetentionPeriod"] }, Token)).Attributes["MessageRetentionPeriod"];

        stack.StackStatus.Should().Be("UPDATE_ROLLBACK_COMPLETE");
        (await StackStatusesAsync(_cfn, created.StackId)).Should().EndWith(["UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"]);
        (await EventsAsync(_cfn, created.StackId)).Should().Contain(e => e.LogicalResourceId == "Broken" && e.ResourceStatus == "CREATE_FAILED");
        retention.Should().Be("345600", "the rollback puts the previous parameter value back");
        await FluentActions.Awaiting(() => _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-extra-{suffix}" }, Token)).Should().ThrowAsync<QueueDoesNotExistException>();
        stack.Parameters.Single(p => p.ParameterKey == "Retention").ParameterValue.Should().Be("345600");
    }

    [Fact]
    public async Task UpdateStack_SameTemplateAndParameters_NoUpdatesToBePerformed()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);

        var update = () => _cfn.UpdateStackAsync(new UpdateStackRequest { StackName = $"cfn-{suffix}", UsePreviousTemplate = true, Parameters = [new Parameter { ParameterKey = "Suffix", UsePreviousValue = true }] }, Token);

        (await update.Should().ThrowAsync<AmazonCloudFormationException>()).Which.Should().BeEquivalentTo(new { ErrorCode = "ValidationError", Message = "No updates are to be performed." });
    }

    [Fact]
    public async Task ChangeSet_Update_ReportsAddModifyRemoveAndReplacementThenExecutes()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);
        var changed = SmallTemplate
            .Replace("cfn-topic-${Suffix}", "cfn-topic2-${Suffix}", StringComparison.Ordinal)
            .Replace("Value: hello", "Value: hello\n  Another:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub cfn-another-${Suffix}", StringComparison.Ordinal);
        changed = changed[..changed.IndexOf("  Setting:", StringComparison.Ordinal)] + changed[changed.IndexOf("  Another:", StringComparison.Ordinal)..];

        var changeSet = await _cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = $"cfn-{suffix}",
            ChangeSetName = "review",
            TemplateBody = changed,
            Parameters = [new Parameter { ParameterKey = "Suffix", UsePreviousValue = true }, new Parameter { ParameterKey = "Retention", ParameterValue = "86400" }],
        }, Token);
        var described = await _cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = "review", StackName = $"cfn-{suffix}" }, Token);
        var listed = await _cfn.ListChangeSetsAsync(new ListChangeSetsRequest { StackName = $"cfn-{suffix}" }, Token);
        await _cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = changeSet.Id }, Token);
        var stack = await WaitAsync(_cfn, created.StackId);

        described.Should().BeEquivalentTo(new { Status = "CREATE_COMPLETE", ExecutionStatus = "AVAILABLE", ChangeSetId = changeSet.Id, StackId = created.StackId });
        described.Changes.Select(c => c.ResourceChange!).Select(r => (r.LogicalResourceId, r.Action, r.Replacement)).Should().BeEquivalentTo(
            [("Work", "Modify", "False"), ("Topic", "Modify", "True"), ("Subscription", "Modify", "True"), ("Another", "Add", (string?)null), ("Setting", "Remove", (string?)null)]);
        described.Changes.Single(c => c.ResourceChange!.LogicalResourceId == "Work").ResourceChange!.Details.Select(d => d.Target!.Name).Should().Equal("MessageRetentionPeriod");
        listed.Summaries.Should().ContainSingle().Which.ChangeSetName.Should().Be("review");
        stack.StackStatus.Should().Be("UPDATE_COMPLETE");
        stack.ChangeSetId.Should().Be(changeSet.Id);
        stack.Outputs.Single(o => o.OutputKey == "TopicArn").OutputValue.Should().EndWith($":cfn-topic2-{suffix}");
        (await _cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = changeSet.Id }, Token)).ExecutionStatus.Should().Be("EXECUTE_COMPLETE");
    }

    [Fact]
    public async Task ChangeSet_NothingChanges_FailsWithTheReasonDeployReportsAsNoChanges()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);

        var changeSet = await _cfn.CreateChangeSetAsync(new CreateChangeSetRequest { StackName = $"cfn-{suffix}", ChangeSetName = "same", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        var described = await _cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = changeSet.Id }, Token);
        var execute = () => _cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = changeSet.Id }, Token);

        described.Should().BeEquivalentTo(new
        {
            Status = "FAILED",
            ExecutionStatus = "UNAVAILABLE",
            StatusReason = "The submitted information didn't contain changes. Submit different information to create a change set.",
        });
        described.Changes.Should().BeEmpty();
        (await execute.Should().ThrowAsync<AmazonCloudFormationException>()).Which.ErrorCode.Should().Be("InvalidChangeSetStatus");
        await _cfn.DeleteChangeSetAsync(new DeleteChangeSetRequest { ChangeSetName = changeSet.Id }, Token);
        (await FluentActions.Awaiting(() => _cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = "same", StackName = $"cfn-{suffix}" }, Token))
            .Should().ThrowAsync<AmazonCloudFormationException>()).Which.Should().BeEquivalentTo(new { ErrorCode = "ChangeSetNotFound", Message = "ChangeSet [same] does not exist" });
    }

    [Fact]
    public async Task ChangeSet_Create_StackWaitsInReviewUntilExecuted()
    {
        var suffix = Suffix();
        var changeSet = await _cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = $"cfn-{suffix}",
            ChangeSetName = "first",
            ChangeSetType = "CREATE",
            TemplateBody = SmallTemplate,
            Parameters = Parameters(("Suffix", suffix)),
        }, Token);
        var reviewing = (await _cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = $"cfn-{suffix}" }, Token)).Stacks.Single();
        var described = await _cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = changeSet.Id }, Token);

        await _cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { ChangeSetName = "first", StackName = $"cfn-{suffix}" }, Token);
        var stack = await WaitAsync(_cfn, changeSet.StackId);

        reviewing.StackStatus.Should().Be("REVIEW_IN_PROGRESS");
        described.Changes.Select(c => (c.ResourceChange!.Action, c.ResourceChange.LogicalResourceId)).Should().BeEquivalentTo(
            [("Add", "DeadLetters"), ("Add", "Work"), ("Add", "Topic"), ("Add", "Subscription"), ("Add", "Setting")]);
        stack.StackStatus.Should().Be("CREATE_COMPLETE");
        (await StackStatusesAsync(_cfn, changeSet.StackId)).Should().Equal("REVIEW_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE");
        (await _cfn.GetTemplateAsync(new GetTemplateRequest { StackName = $"cfn-{suffix}" }, Token)).TemplateBody.Should().Be(SmallTemplate);
    }

    [Fact]
    public async Task DeleteStack_Created_RemovesResourcesKeepsRetainedAndListsTheStackAsDeleted()
    {
        var suffix = Suffix();
        var retained = SmallTemplate.Replace("  DeadLetters:\n    Type: AWS::SQS::Queue\n", "  DeadLetters:\n    Type: AWS::SQS::Queue\n    DeletionPolicy: Retain\n", StringComparison.Ordinal);
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = retained, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);

        await _cfn.DeleteStackAsync(new DeleteStackRequest { StackName = $"cfn-{suffix}" }, Token);
        var deleted = await WaitAsync(_cfn, created.StackId);
        var byName = () => _cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = $"cfn-{suffix}" }, Token);
        var listed = await _cfn.ListStacksAsync(new ListStacksRequest { StackStatusFilter = ["DELETE_COMPLETE"] }, Token);
        var active = await _cfn.ListStacksAsync(new ListStacksRequest { StackStatusFilter = ["CREATE_COMPLETE", "UPDATE_COMPLETE"] }, Token);

        deleted.StackStatus.Should().Be("DELETE_COMPLETE");
        deleted.DeletionTime.Should().NotBeNull();
        (await byName.Should().ThrowAsync<AmazonCloudFormationException>()).Which.Should().BeEquivalentTo(new { ErrorCode = "ValidationError", Message = $"Stack with id cfn-{suffix} does not exist" });
        listed.StackSummaries.Should().Contain(s => s.StackId == created.StackId && s.StackStatus == "DELETE_COMPLETE");
        active.StackSummaries.Should().NotContain(s => s.StackId == created.StackId);
        await FluentActions.Awaiting(() => _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-work-{suffix}" }, Token)).Should().ThrowAsync<QueueDoesNotExistException>();
        (await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-dlq-{suffix}" }, Token)).QueueUrl.Should().EndWith($"cfn-dlq-{suffix}");
        (await EventsAsync(_cfn, created.StackId)).Should().Contain(e => e.LogicalResourceId == "DeadLetters" && e.ResourceStatus == "DELETE_SKIPPED");
        await _cfn.DeleteStackAsync(new DeleteStackRequest { StackName = $"cfn-{suffix}" }, Token); // deleting again succeeds
    }

    [Fact]
    public async Task CreateStack_Refusals_AnswerWithCloudFormationErrors()
    {
        var suffix = Suffix();
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token);
        await WaitAsync(_cfn, created.StackId);
        const string role = """
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: named
                  AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }
            """;

        async Task<AmazonCloudFormationException> Refused(CreateStackRequest request) =>
            (await FluentActions.Awaiting(() => _cfn.CreateStackAsync(request, Token)).Should().ThrowAsync<AmazonCloudFormationException>()).Which;

        (await Refused(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }))
            .Should().BeEquivalentTo(new { ErrorCode = "AlreadyExistsException", Message = $"Stack [cfn-{suffix}] already exists" });
        (await Refused(new CreateStackRequest { StackName = $"cfn-{suffix}-role", TemplateBody = role }))
            .Should().BeEquivalentTo(new { ErrorCode = "InsufficientCapabilitiesException", Message = "Requires capabilities : [CAPABILITY_NAMED_IAM]" });
        (await Refused(new CreateStackRequest { StackName = $"cfn-{suffix}-role", TemplateBody = role, Capabilities = ["CAPABILITY_IAM"] })).ErrorCode.Should().Be("InsufficientCapabilitiesException");
        (await Refused(new CreateStackRequest { StackName = $"cfn-{suffix}-noparam", TemplateBody = SmallTemplate }))
            .Should().BeEquivalentTo(new { ErrorCode = "ValidationError", Message = "Parameters: [Suffix] must have values" });
        (await Refused(new CreateStackRequest { StackName = $"cfn-{suffix}-unknown", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix), ("Nope", "x")) }))
            .Message.Should().Be("Parameters: [Nope] do not exist in the template");
        (await Refused(new CreateStackRequest { StackName = $"cfn-{suffix}-dangling", TemplateBody = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Missing\n" }))
            .Message.Should().StartWith("Template format error: ").And.Contain("Missing");
        (await Refused(new CreateStackRequest { StackName = "1-bad-name", TemplateBody = SmallTemplate })).ErrorCode.Should().Be("ValidationError");
    }

    [Fact]
    public async Task TemplateUrl_ObjectInTheEmulatorsS3_CreatesTheStack()
    {
        var suffix = Suffix();
        using var s3 = new AmazonS3Client(EmulatorFixture.Credentials, emulator.Configure(new AmazonS3Config { ForcePathStyle = true }));
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = $"cfn-templates-{suffix}" }, Token);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = $"cfn-templates-{suffix}", Key = "stacks/small.yaml", ContentBody = SmallTemplate }, Token);
        var url = new Uri(emulator.BaseUrl, $"cfn-templates-{suffix}/stacks/small.yaml").ToString();

        var summary = await _cfn.GetTemplateSummaryAsync(new GetTemplateSummaryRequest { TemplateURL = $"https://s3.{EmulatorFixture.Region}.amazonaws.com/cfn-templates-{suffix}/stacks/small.yaml" }, Token);
        var created = await _cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateURL = url, Parameters = Parameters(("Suffix", suffix)) }, Token);
        var stack = await WaitAsync(_cfn, created.StackId);
        var missing = () => _cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = new Uri(emulator.BaseUrl, $"cfn-templates-{suffix}/nothing.yaml").ToString() }, Token);

        summary.Parameters.Select(p => p.ParameterKey).Should().Equal("Suffix", "Retention");
        summary.ResourceTypes.Should().BeEquivalentTo("AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::SSM::Parameter");
        stack.StackStatus.Should().Be("CREATE_COMPLETE");
        (await missing.Should().ThrowAsync<AmazonCloudFormationException>()).Which.Message.Should().StartWith("S3 error:");
    }

    [Fact]
    public async Task ValidateTemplate_TemplateWithNamedRole_ReportsParametersAndCapabilities()
    {
        var body = SmallTemplate.Replace("Outputs:", "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub r-${Suffix}\n      AssumeRolePolicyDocument: {}\nOutputs:", StringComparison.Ordinal);

        var validated = await _cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateBody = body }, Token);

        validated.Description.Should().Be("SesMail CloudFormation test stack");
        validated.Parameters.Select(p => (p.ParameterKey, p.DefaultValue)).Should().Equal(("Suffix", (string?)null), ("Retention", "345600"));
        validated.Capabilities.Should().Equal("CAPABILITY_NAMED_IAM");
        validated.CapabilitiesReason.Should().Be("The following resource(s) require capabilities: [AWS::IAM::Role]");
    }

    public void Dispose()
    {
        _cfn.Dispose();
        _sqs.Dispose();
    }
}
