using Amazon;
using Amazon.CloudFormation;
using Amazon.CloudWatch;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SimpleEmail;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Amazon.StepFunctions;
using Amazon.XRay;

namespace SesMail.Cli.Hosting;

/// <summary>AWS SDK clients pointed at the chosen backend, created on first use.</summary>
internal sealed class AwsClients : IDisposable
{
    private readonly CliSettings _settings;
    private AmazonDynamoDBClient? _dynamoDb;
    private AmazonSQSClient? _sqs;
    private AmazonSimpleSystemsManagementClient? _ssm;
    private AmazonSimpleEmailServiceClient? _ses;
    private AmazonStepFunctionsClient? _stepFunctions;
    private AmazonS3Client? _s3;
    private AmazonCloudFormationClient? _cloudFormation;
    private AmazonSecurityTokenServiceClient? _sts;
    private AmazonCloudWatchClient? _cloudWatch;
    private AmazonXRayClient? _xray;

    public AwsClients(CliSettings settings) => _settings = settings;

    public IAmazonDynamoDB DynamoDb => _dynamoDb ??= Create(new AmazonDynamoDBConfig(), (c, cfg) => new AmazonDynamoDBClient(c, cfg), cfg => new AmazonDynamoDBClient(cfg));

    public IAmazonSQS Sqs => _sqs ??= Create(new AmazonSQSConfig(), (c, cfg) => new AmazonSQSClient(c, cfg), cfg => new AmazonSQSClient(cfg));

    public IAmazonSimpleSystemsManagement Ssm => _ssm ??= Create(
        new AmazonSimpleSystemsManagementConfig(), (c, cfg) => new AmazonSimpleSystemsManagementClient(c, cfg), cfg => new AmazonSimpleSystemsManagementClient(cfg));

    /// <summary>SES (classic API) through SesMail's own small client, which has no <see cref="ClientConfig"/>.</summary>
    public IAmazonSimpleEmailService Ses => _ses ??= new AmazonSimpleEmailServiceClient(
        Credentials(),
        _settings.Endpoint is not null
            ? new AmazonSimpleEmailServiceConfig { ServiceURL = _settings.Endpoint.ToString(), AuthenticationRegion = _settings.Region, Timeout = TimeSpan.FromSeconds(30) }
            : new AmazonSimpleEmailServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_settings.Region), Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>Step Functions through SesMail's own small client.</summary>
    public IAmazonStepFunctions StepFunctions => _stepFunctions ??= new AmazonStepFunctionsClient(
        Credentials(),
        _settings.Endpoint is not null
            ? new AmazonStepFunctionsConfig { ServiceURL = _settings.Endpoint.ToString(), AuthenticationRegion = _settings.Region, Timeout = TimeSpan.FromSeconds(30) }
            : new AmazonStepFunctionsConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_settings.Region), Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>S3 (path-style against a local endpoint).</summary>
    public IAmazonS3 S3 => _s3 ??= Create(
        new AmazonS3Config { ForcePathStyle = _settings.Endpoint is not null }, (c, cfg) => new AmazonS3Client(c, cfg), cfg => new AmazonS3Client(cfg));

    /// <summary>STS, for the account id (<c>GetCallerIdentity</c>).</summary>
    public IAmazonSecurityTokenService Sts => _sts ??= Create(
        new AmazonSecurityTokenServiceConfig(), (c, cfg) => new AmazonSecurityTokenServiceClient(c, cfg), cfg => new AmazonSecurityTokenServiceClient(cfg));

    /// <summary>CloudWatch through SesMail's own small client (Query protocol).</summary>
    public IAmazonCloudWatch CloudWatch => _cloudWatch ??= new AmazonCloudWatchClient(
        Credentials(),
        _settings.Endpoint is not null
            ? new AmazonCloudWatchConfig { ServiceURL = _settings.Endpoint.ToString(), AuthenticationRegion = _settings.Region, Timeout = TimeSpan.FromSeconds(30) }
            : new AmazonCloudWatchConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_settings.Region), Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>CloudFormation through SesMail's own small client: deployments, and the stack's outputs in AWS.</summary>
    public IAmazonCloudFormation CloudFormation => _cloudFormation ??= new AmazonCloudFormationClient(
        Credentials(),
        _settings.Endpoint is not null
            ? new AmazonCloudFormationConfig { ServiceURL = _settings.Endpoint.ToString(), AuthenticationRegion = _settings.Region, Timeout = TimeSpan.FromSeconds(30) }
            : new AmazonCloudFormationConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_settings.Region), Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>X-Ray through SesMail's own small client (the emulator's trace store locally).</summary>
    public IAmazonXRay XRay => _xray ??= new AmazonXRayClient(
        Credentials(),
        _settings.Endpoint is not null
            ? new AmazonXRayConfig { ServiceURL = _settings.Endpoint.ToString(), AuthenticationRegion = _settings.Region, Timeout = TimeSpan.FromSeconds(30) }
            : new AmazonXRayConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_settings.Region), Timeout = TimeSpan.FromSeconds(30) });

    private TClient Create<TConfig, TClient>(TConfig config, Func<AWSCredentials, TConfig, TClient> withCredentials, Func<TConfig, TClient> withDefaultChain)
        where TConfig : ClientConfig
    {
        config.MaxErrorRetry = 1;
        config.Timeout = TimeSpan.FromSeconds(30);
        if (_settings.Endpoint is not null)
        {
            config.ServiceURL = _settings.Endpoint.ToString();
            config.AuthenticationRegion = _settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(_settings.Region);
        }

        return Credentials() is { } credentials ? withCredentials(credentials, config) : withDefaultChain(config);
    }

    /// <summary>The profile's credentials, dummy ones for a local endpoint, or <c>null</c> for the default chain.</summary>
    public AWSCredentials? Credentials()
    {
        if (_settings.Profile is not null)
        {
            if (!new CredentialProfileStoreChain().TryGetAWSCredentials(_settings.Profile, out var credentials))
            {
                throw new CliException(
                    $"AWS profile '{_settings.Profile}' was not found.",
                    "List profiles with `aws configure list-profiles`, or drop --profile to use the local emulator.");
            }

            return credentials;
        }

        // Local backends accept any signature; real AWS uses the default credential chain.
        return _settings.Endpoint is not null ? new BasicAWSCredentials("test", "test") : null;
    }

    public void Dispose()
    {
        _dynamoDb?.Dispose();
        _sqs?.Dispose();
        _ssm?.Dispose();
        _ses?.Dispose();
        _stepFunctions?.Dispose();
        _s3?.Dispose();
        _sts?.Dispose();
        _cloudWatch?.Dispose();
        _cloudFormation?.Dispose();
        _xray?.Dispose();
    }
}
