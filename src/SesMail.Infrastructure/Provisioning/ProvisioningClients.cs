using Amazon.CloudWatch;
using Amazon.CloudWatchLogs;
using Amazon.DynamoDBv2;
using Amazon.EventBridge;
using Amazon.IdentityManagement;
using Amazon.KeyManagementService;
using Amazon.Lambda;
using Amazon.Pipes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleEmail;
using Amazon.SimpleEmailV2;
using Amazon.SimpleNotificationService;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Amazon.StepFunctions;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>The AWS API clients the provisioner applies a template through, all pointed at one backend.</summary>
/// <param name="S3">Buckets and bucket policies.</param>
/// <param name="Sqs">Queues and queue policies.</param>
/// <param name="DynamoDb">Tables.</param>
/// <param name="Ssm">Parameters.</param>
/// <param name="Kms">Keys and aliases.</param>
/// <param name="Sns">Topics, topic policies and subscriptions.</param>
/// <param name="EventBridge">Event buses, rules and targets.</param>
/// <param name="Ses">Receipt rule sets and rules.</param>
/// <param name="Iam">Roles and their policies.</param>
/// <param name="Lambda">Functions, event source mappings and permissions.</param>
/// <param name="Pipes">Pipes.</param>
/// <param name="CloudWatch">Alarms and dashboards; <c>null</c> skips them.</param>
/// <param name="CloudWatchLogs">Log groups; <c>null</c> skips them.</param>
/// <param name="StepFunctions">State machines; <c>null</c> skips them (names and ARNs are still computed).</param>
/// <param name="SesV2">Configuration sets and their event destinations; <c>null</c> skips them.</param>
public sealed record ProvisioningClients(
    IAmazonS3 S3,
    IAmazonSQS Sqs,
    IAmazonDynamoDB DynamoDb,
    IAmazonSimpleSystemsManagement Ssm,
    IAmazonKeyManagementService Kms,
    IAmazonSimpleNotificationService Sns,
    IAmazonEventBridge EventBridge,
    IAmazonSimpleEmailService Ses,
    IAmazonIdentityManagementService Iam,
    IAmazonLambda Lambda,
    IAmazonPipes Pipes,
    IAmazonCloudWatch? CloudWatch = null,
    IAmazonCloudWatchLogs? CloudWatchLogs = null,
    IAmazonStepFunctions? StepFunctions = null,
    IAmazonSimpleEmailServiceV2? SesV2 = null)
{
    /// <summary>Clients for a backend: the emulator or LocalStack when <paramref name="endpointUrl"/> is given, AWS otherwise.</summary>
    /// <param name="endpointUrl">e.g. <c>http://127.0.0.1:4566</c>, or <c>null</c> for AWS.</param>
    /// <param name="region">The region, e.g. <c>ap-southeast-2</c>.</param>
    /// <param name="credentials">Credentials; <c>null</c> takes dummy ones for an endpoint and the default chain for AWS.</param>
    /// <returns>The clients.</returns>
    public static ProvisioningClients Create(Uri? endpointUrl, string region, AWSCredentials? credentials = null)
    {
        credentials ??= endpointUrl is null ? null : new BasicAWSCredentials("test", "test");
        T Configure<T>(T config)
            where T : ClientConfig
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
            if (endpointUrl is not null)
            {
                config.ServiceURL = endpointUrl.ToString();
                config.AuthenticationRegion = region;
            }

            return config;
        }

        T Small<T>(T config)
            where T : SesMail.Aws.Clients.AwsClientConfig
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
            config.AuthenticationRegion = region;
            config.ServiceURL = endpointUrl?.ToString();
            return config;
        }

        var s3Config = Configure(new AmazonS3Config());
        s3Config.ForcePathStyle = endpointUrl is not null;
        return credentials is null
            ? new ProvisioningClients(
                new AmazonS3Client(s3Config),
                new AmazonSQSClient(Configure(new AmazonSQSConfig())),
                new AmazonDynamoDBClient(Configure(new AmazonDynamoDBConfig())),
                new AmazonSimpleSystemsManagementClient(Configure(new AmazonSimpleSystemsManagementConfig())),
                new AmazonKeyManagementServiceClient(Configure(new AmazonKeyManagementServiceConfig())),
                new AmazonSimpleNotificationServiceClient(Small(new AmazonSimpleNotificationServiceConfig())),
                new AmazonEventBridgeClient(Small(new AmazonEventBridgeConfig())),
                new AmazonSimpleEmailServiceClient(Small(new AmazonSimpleEmailServiceConfig())),
                new AmazonIdentityManagementServiceClient(null, Small(new AmazonIdentityManagementServiceConfig())),
                new AmazonLambdaClient(Small(new AmazonLambdaConfig())),
                new AmazonPipesClient(null, Small(new AmazonPipesConfig())),
                new AmazonCloudWatchClient(null, Small(new AmazonCloudWatchConfig())),
                new AmazonCloudWatchLogsClient(null, Small(new AmazonCloudWatchLogsConfig())),
                new AmazonStepFunctionsClient(Small(new AmazonStepFunctionsConfig())),
                new AmazonSimpleEmailServiceV2Client(null, Small(new AmazonSimpleEmailServiceV2Config())))
            : new ProvisioningClients(
                new AmazonS3Client(credentials, s3Config),
                new AmazonSQSClient(credentials, Configure(new AmazonSQSConfig())),
                new AmazonDynamoDBClient(credentials, Configure(new AmazonDynamoDBConfig())),
                new AmazonSimpleSystemsManagementClient(credentials, Configure(new AmazonSimpleSystemsManagementConfig())),
                new AmazonKeyManagementServiceClient(credentials, Configure(new AmazonKeyManagementServiceConfig())),
                new AmazonSimpleNotificationServiceClient(credentials, Small(new AmazonSimpleNotificationServiceConfig())),
                new AmazonEventBridgeClient(credentials, Small(new AmazonEventBridgeConfig())),
                new AmazonSimpleEmailServiceClient(credentials, Small(new AmazonSimpleEmailServiceConfig())),
                new AmazonIdentityManagementServiceClient(credentials, Small(new AmazonIdentityManagementServiceConfig())),
                new AmazonLambdaClient(credentials, Small(new AmazonLambdaConfig())),
                new AmazonPipesClient(credentials, Small(new AmazonPipesConfig())),
                new AmazonCloudWatchClient(credentials, Small(new AmazonCloudWatchConfig())),
                new AmazonCloudWatchLogsClient(credentials, Small(new AmazonCloudWatchLogsConfig())),
                new AmazonStepFunctionsClient(credentials, Small(new AmazonStepFunctionsConfig())),
                new AmazonSimpleEmailServiceV2Client(credentials, Small(new AmazonSimpleEmailServiceV2Config())));
    }
}
