using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.CloudFormation;

/// <summary>CloudFormation clients and small templates for the emulator's CloudFormation tests.</summary>
internal static class CloudFormationHarness
{
    /// <summary>A queue with a dead-letter queue, a topic subscribed to it, and an SSM parameter; two outputs.</summary>
    public const string SmallTemplate = """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: SesMail CloudFormation test stack
        Parameters:
          Suffix:
            Type: String
          Retention:
            Type: Number
            Default: 345600
        Resources:
          DeadLetters:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub cfn-dlq-${Suffix}
          Work:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub cfn-work-${Suffix}
              MessageRetentionPeriod: !Ref Retention
              RedrivePolicy:
                deadLetterTargetArn: !GetAtt DeadLetters.Arn
                maxReceiveCount: 3
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: !Sub cfn-topic-${Suffix}
          Subscription:
            Type: AWS::SNS::Subscription
            Properties:
              TopicArn: !Ref Topic
              Protocol: sqs
              Endpoint: !GetAtt Work.Arn
          Setting:
            Type: AWS::SSM::Parameter
            Properties:
              Name: !Sub /cfn/${Suffix}/setting
              Type: String
              Value: hello
        Outputs:
          WorkQueueUrl:
            Description: the work queue
            Value: !Ref Work
          TopicArn:
            Value: !Ref Topic
        """;

    /// <summary>A queue, then a bucket policy on a bucket that does not exist: creating it fails and rolls back.</summary>
    public const string BadReferenceTemplate = """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Suffix:
            Type: String
        Resources:
          Work:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub cfn-work-${Suffix}
          MissingBucketPolicy:
            Type: AWS::S3::BucketPolicy
            DependsOn: Work
            Properties:
              Bucket: !Sub cfn-no-such-bucket-${Suffix}
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { Service: ses.amazonaws.com }
                    Action: s3:PutObject
                    Resource: !Sub arn:aws:s3:::cfn-no-such-bucket-${Suffix}/*
        """;

    /// <summary>A CloudFormation client for the emulator.</summary>
    public static AmazonCloudFormationClient Client(Uri endpoint) =>
        new(EmulatorFixture.Credentials, new AmazonCloudFormationConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    /// <summary>A deployer that polls every 100 ms.</summary>
    public static StackDeployer Deployer(IAmazonCloudFormation client) => new(client, TimeProvider.System, TimeSpan.FromMilliseconds(100));

    /// <summary>A unique, valid suffix for resource names.</summary>
    public static string Suffix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Parameters as the API takes them.</summary>
    public static List<Parameter> Parameters(params (string Key, string Value)[] values) =>
        [.. values.Select(v => new Parameter { ParameterKey = v.Key, ParameterValue = v.Value })];

    /// <summary>Polls DescribeStacks until no operation runs on the stack.</summary>
    public static async Task<Stack> WaitAsync(IAmazonCloudFormation client, string stackId) =>
        await Deployer(client).WaitAsync(stackId, new HashSet<string>(), null, TestContext.Current.CancellationToken);

    /// <summary>Every event of a stack, oldest first.</summary>
    public static async Task<List<StackEvent>> EventsAsync(IAmazonCloudFormation client, string stackId)
    {
        var all = new List<StackEvent>();
        string? token = null;
        do
        {
            var page = await client.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = stackId, NextToken = token }, TestContext.Current.CancellationToken);
            all.AddRange(page.StackEvents);
            token = page.NextToken;
        }
        while (token is not null);
        all.Reverse();
        return all;
    }

    /// <summary>The stack's own status changes, oldest first.</summary>
    public static async Task<List<string>> StackStatusesAsync(IAmazonCloudFormation client, string stackId) =>
        [.. (await EventsAsync(client, stackId)).Where(e => e.ResourceType == "AWS::CloudFormation::Stack").Select(e => e.ResourceStatus)];
}
