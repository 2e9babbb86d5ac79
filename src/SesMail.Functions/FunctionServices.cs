using Amazon;
using Amazon.CloudWatch;
using Amazon.DynamoDBv2;
using Amazon.IdentityManagement;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleEmail;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using SesMail.Aws.Clients;
using SesMail.Functions.Observability;

namespace SesMail.Functions;

/// <summary>
/// The composition root shared by the functions: builds, once per function instance, the AWS SDK clients, the
/// structured logger and the metric writer from the function's <see cref="AwsOptions"/>.
/// </summary>
/// <remarks>
/// AWS clients honour <see cref="AwsOptions.EndpointUrl"/> (every client's <c>ServiceURL</c>, signed for the
/// function's region via <c>AuthenticationRegion</c>; S3 uses path-style addressing) and <see cref="AwsOptions.Region"/>,
/// and sign with <see cref="AwsOptions.Credentials"/> (the SDK's default chain, the Lambda role, when <c>null</c>).
/// Clients are created on first use and disposed with this object.
/// </remarks>
internal sealed class FunctionServices : IDisposable
{
    private readonly Lazy<AmazonS3Client> _s3;
    private readonly Lazy<AmazonDynamoDBClient> _dynamoDb;
    private readonly Lazy<AmazonSimpleSystemsManagementClient> _ssm;
    private readonly Lazy<AmazonSQSClient> _sqs;
    private readonly Lazy<AmazonKeyManagementServiceClient> _kms;
    private readonly Lazy<AmazonSimpleEmailServiceClient> _ses;
    private readonly Lazy<AmazonIdentityManagementServiceClient> _iam;
    private readonly Lazy<AmazonCloudWatchClient> _cloudWatch;

    /// <summary>Creates the services for one function.</summary>
    /// <param name="aws">Region, endpoint and credentials, from the function's options.</param>
    /// <param name="output">Where logs and metrics go; standard output when <c>null</c>.</param>
    /// <param name="time">The clock; the system clock when <c>null</c>.</param>
    /// <param name="traceHeader">Returns the current X-Ray trace header; reads <c>_X_AMZN_TRACE_ID</c> (set by the
    /// Lambda runtime per invocation) when <c>null</c>.</param>
    public FunctionServices(AwsOptions aws, TextWriter? output = null, TimeProvider? time = null, Func<string?>? traceHeader = null)
    {
        Aws = aws;
        Output = output ?? LambdaRuntime.InvocationOutput.Out; // Console.Out, and the invocation's log in an attached runtime
        Time = time ?? TimeProvider.System;
        TraceHeader = traceHeader ?? (() => System.Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"));
        Credentials = aws.Credentials;
        _s3 = new(() => Credentials is null ? new AmazonS3Client(Configure(new AmazonS3Config { ForcePathStyle = true })) : new AmazonS3Client(Credentials, Configure(new AmazonS3Config { ForcePathStyle = true })));
        _dynamoDb = new(() => Credentials is null ? new AmazonDynamoDBClient(Configure(new AmazonDynamoDBConfig())) : new AmazonDynamoDBClient(Credentials, Configure(new AmazonDynamoDBConfig())));
        _ssm = new(() => Credentials is null ? new AmazonSimpleSystemsManagementClient(Configure(new AmazonSimpleSystemsManagementConfig())) : new AmazonSimpleSystemsManagementClient(Credentials, Configure(new AmazonSimpleSystemsManagementConfig())));
        _sqs = new(() => Credentials is null ? new AmazonSQSClient(Configure(new AmazonSQSConfig())) : new AmazonSQSClient(Credentials, Configure(new AmazonSQSConfig())));
        _ses = new(() => new AmazonSimpleEmailServiceClient(Credentials, ConfigureClient(new AmazonSimpleEmailServiceConfig())));
        _iam = new(() => new AmazonIdentityManagementServiceClient(Credentials, ConfigureIam(new AmazonIdentityManagementServiceConfig())));
        _cloudWatch = new(() => new AmazonCloudWatchClient(Credentials, ConfigureClient(new AmazonCloudWatchConfig())));
        _kms = new(() => Credentials is null ? new AmazonKeyManagementServiceClient(Configure(new AmazonKeyManagementServiceConfig())) : new AmazonKeyManagementServiceClient(Credentials, Configure(new AmazonKeyManagementServiceConfig())));
    }

    /// <summary>Region, endpoint and credentials.</summary>
    public AwsOptions Aws { get; }

    /// <summary>Where logs and metrics go.</summary>
    public TextWriter Output { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Returns the current X-Ray trace header, or <c>null</c>.</summary>
    public Func<string?> TraceHeader { get; }

    /// <summary>The credentials every client signs with; <c>null</c> = the SDK's default chain.</summary>
    public AWSCredentials? Credentials { get; }

    /// <summary>S3 (path-style).</summary>
    public IAmazonS3 S3 => _s3.Value;

    /// <summary>DynamoDB.</summary>
    public IAmazonDynamoDB DynamoDb => _dynamoDb.Value;

    /// <summary>SSM Parameter Store.</summary>
    public IAmazonSimpleSystemsManagement Ssm => _ssm.Value;

    /// <summary>SQS.</summary>
    public IAmazonSQS Sqs => _sqs.Value;

    /// <summary>KMS.</summary>
    public IAmazonKeyManagementService Kms => _kms.Value;

    /// <summary>SES v1 (the project's small client, <c>Aws/Clients</c>).</summary>
    public IAmazonSimpleEmailService Ses => _ses.Value;

    /// <summary>IAM (the project's small client; global: <c>iam.amazonaws.com</c>, signed for <c>us-east-1</c>, in AWS).</summary>
    public IAmazonIdentityManagementService Iam => _iam.Value;

    /// <summary>CloudWatch (the project's small client), for <c>PutMetricData</c>.</summary>
    public IAmazonCloudWatch CloudWatch => _cloudWatch.Value;

    /// <summary>A structured logger for a service name (docs/ARCHITECTURE.md#logs-metrics-and-traces).</summary>
    /// <param name="service">E.g. <c>ses-mail-router-enrichment</c>.</param>
    /// <returns>The logger.</returns>
    public StructuredLogger CreateLogger(string service) => new(Output, service, TraceHeader, Time);

    /// <summary>The EMF metric writer for namespace <c>SESMail/{environment}</c>.</summary>
    /// <param name="service">The service name written beside the metrics.</param>
    /// <param name="environment">The stack environment (<c>ENVIRONMENT</c>), <c>test</c> or <c>prod</c>.</param>
    /// <returns>The writer.</returns>
    public EmbeddedMetrics CreateMetrics(string service, string environment) => new(Output, $"SESMail/{environment}", service, Time);

    /// <summary>
    /// Points any SDK client configuration (including the hand-written SNS, EventBridge and SES clients) at
    /// <c>AWS_ENDPOINT_URL</c> when set, else at the region's public endpoint.
    /// </summary>
    /// <typeparam name="TConfig">The client's config type.</typeparam>
    /// <param name="config">A new config object.</param>
    /// <returns>The same config.</returns>
    public TConfig Configure<TConfig>(TConfig config)
        where TConfig : ClientConfig
    {
        if (Aws.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = Aws.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Aws.Region);
        }

        return config;
    }

    /// <summary>Points one of the project's small clients (SNS, EventBridge, SES) at the same endpoint and region.</summary>
    /// <typeparam name="TConfig">The client's config type.</typeparam>
    /// <param name="config">A new config object.</param>
    /// <returns>The same config.</returns>
    public TConfig ConfigureClient<TConfig>(TConfig config)
        where TConfig : AwsClientConfig
    {
        if (Aws.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = Aws.Region;
        }

        config.RegionEndpoint = RegionEndpoint.GetBySystemName(Aws.Region);
        return config;
    }

    /// <summary>IAM's endpoint: the one of <c>AWS_ENDPOINT_URL</c>, else the global <c>https://iam.amazonaws.com</c> signed for <c>us-east-1</c>.</summary>
    private AmazonIdentityManagementServiceConfig ConfigureIam(AmazonIdentityManagementServiceConfig config)
    {
        if (Aws.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = Aws.Region;
        }
        else
        {
            config.ServiceURL = "https://iam.amazonaws.com";
            config.AuthenticationRegion = "us-east-1";
        }

        return config;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_iam.IsValueCreated)
        {
            _iam.Value.Dispose();
        }

        if (_cloudWatch.IsValueCreated)
        {
            _cloudWatch.Value.Dispose();
        }

        if (_ses.IsValueCreated)
        {
            _ses.Value.Dispose();
        }

        if (_s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }

        if (_dynamoDb.IsValueCreated)
        {
            _dynamoDb.Value.Dispose();
        }

        if (_ssm.IsValueCreated)
        {
            _ssm.Value.Dispose();
        }

        if (_sqs.IsValueCreated)
        {
            _sqs.Value.Dispose();
        }

        if (_kms.IsValueCreated)
        {
            _kms.Value.Dispose();
        }
    }
}
