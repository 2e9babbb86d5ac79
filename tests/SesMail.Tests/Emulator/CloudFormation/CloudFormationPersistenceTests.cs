using Amazon.CloudFormation.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using CloudFormationSnapshot = SesMail.Emulator.CloudFormation.CloudFormationSnapshot;
using CloudFormationStore = SesMail.Emulator.CloudFormation.CloudFormationStore;
using StackState = SesMail.Emulator.CloudFormation.StackState;
using SesMail.Tests.Support;
using static SesMail.Tests.Emulator.CloudFormation.CloudFormationHarness;

namespace SesMail.Tests.Emulator.CloudFormation;

/// <summary>Stacks across an emulator restart.</summary>
[Trait("Kind", "Contract")]
public sealed class CloudFormationPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateStack_ThenRestart_StackEventsAndResourcesRemainAndDeleteStillRemovesThem()
    {
        await using var emulator = await new RestartableEmulator().StartAsync();
        var suffix = Suffix();
        string stackId;
        using (var cfn = Client(emulator.BaseUrl))
        {
            stackId = (await cfn.CreateStackAsync(new CreateStackRequest { StackName = $"cfn-{suffix}", TemplateBody = SmallTemplate, Parameters = Parameters(("Suffix", suffix)) }, Token)).StackId;
            (await WaitAsync(cfn, stackId)).StackStatus.Should().Be("CREATE_COMPLETE");
        }

        await emulator.RestartAsync();

        using var after = Client(emulator.BaseUrl);
        var stack = (await after.DescribeStacksAsync(new DescribeStacksRequest { StackName = $"cfn-{suffix}" }, Token)).Stacks.Single();
        var resource = (await after.DescribeStackResourceAsync(new DescribeStackResourceRequest { StackName = $"cfn-{suffix}", LogicalResourceId = "Work" }, Token)).StackResourceDetail!;
        var events = await EventsAsync(after, stackId);
        await after.DeleteStackAsync(new DeleteStackRequest { StackName = $"cfn-{suffix}" }, Token);
        var deleted = await WaitAsync(after, stackId);

        stack.StackId.Should().Be(stackId);
        stack.StackStatus.Should().Be("CREATE_COMPLETE");
        stack.Outputs.Select(o => o.OutputKey).Should().BeEquivalentTo("WorkQueueUrl", "TopicArn");
        resource.Should().BeEquivalentTo(new { LogicalResourceId = "Work", ResourceType = "AWS::SQS::Queue", ResourceStatus = "CREATE_COMPLETE" });
        resource.PhysicalResourceId.Should().EndWith($"cfn-work-{suffix}");
        events.Last().ResourceStatus.Should().Be("CREATE_COMPLETE");
        deleted.StackStatus.Should().Be("DELETE_COMPLETE");
        using var sqs = new AmazonSQSClient(RestartableEmulator.Credentials, emulator.Configure(new AmazonSQSConfig()));
        await FluentActions.Awaiting(() => sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = $"cfn-work-{suffix}" }, Token)).Should().ThrowAsync<QueueDoesNotExistException>();
    }

    [Theory]
    [InlineData("CREATE_IN_PROGRESS", "CREATE_FAILED")]
    [InlineData("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED")]
    [InlineData("ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED")]
    [InlineData("DELETE_IN_PROGRESS", "DELETE_FAILED")]
    [InlineData("UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE")]
    [InlineData("REVIEW_IN_PROGRESS", "REVIEW_IN_PROGRESS")]
    public void Restore_OperationThatWasRunning_EndsInItsFailedStatusWithTheReason(string saved, string restored)
    {
        var store = new CloudFormationStore();
        var stack = new StackState
        {
            StackId = "arn:aws:cloudformation:ap-southeast-2:000000000000:stack/s/1",
            StackName = "s",
            Region = "ap-southeast-2",
            AccountId = "000000000000",
            Status = saved,
            CreationTime = DateTimeOffset.UnixEpoch,
        };

        store.Restore(new CloudFormationSnapshot([stack]));

        lock (store.Gate)
        {
            var read = store.Find("ap-southeast-2", "s")!;
            read.Status.Should().Be(restored);
            if (saved != restored)
            {
                read.StatusReason.Should().Contain("stopped while this operation ran");
            }
        }
    }
}
