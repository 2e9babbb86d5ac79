using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SimpleNotificationService;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Emulator.Hosting;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Iam;

/// <summary>
/// Enforcement in the request pipeline, through the AWS SDK for .NET: role sessions and IAM users get what their
/// policies allow and each service's own refusal otherwise; root credentials get everything; issued keys' signatures
/// and states are checked.
/// </summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class EnforcementTests(EmulatorFixture emulator) : IDisposable
{
    private const string Trust = EmulatorFixture.LambdaTrustPolicy;

    private readonly AmazonIdentityManagementServiceClient _iam = new(EmulatorFixture.Credentials,
        new AmazonIdentityManagementServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private readonly AmazonSecurityTokenServiceClient _sts = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonSecurityTokenServiceConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _iam.Dispose();
        _sts.Dispose();
    }

    [Fact]
    public async Task RoleSession_SqsSendAllowedByPolicy_SucceedsAndOtherQueueIsDenied403()
    {
        using var root = new AmazonSQSClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonSQSConfig()));
        var allowed = (await root.CreateQueueAsync(Unique("allowed"), Token)).QueueUrl;
        var other = (await root.CreateQueueAsync(Unique("other"), Token)).QueueUrl;
        var allowedArn = $"arn:aws:sqs:{EmulatorFixture.Region}:000000000000:{allowed[(allowed.LastIndexOf('/') + 1)..]}";
        var credentials = await AssumeAsync($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"{{allowedArn}}"}]}""");
        using var sqs = new AmazonSQSClient(credentials, emulator.Configure(new AmazonSQSConfig()));

        await sqs.SendMessageAsync(allowed, "hello", Token);
        await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = allowed, Entries = [new("1", "a")] }, Token);
        var denied = () => sqs.SendMessageAsync(other, "hello", Token);

        var error = (await denied.Should().ThrowAsync<AmazonSQSException>()).Which;
        ((int)error.StatusCode).Should().Be(403);
        error.ErrorCode.Should().Be("AccessDenied");
        error.Message.Should().StartWith("User: arn:aws:sts::000000000000:assumed-role/").And.Contain("is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:");
    }

    [Fact]
    public async Task RoleSession_DynamoDbWithoutGrant_ThrowsAccessDeniedException400()
    {
        using var root = new AmazonDynamoDBClient(EmulatorFixture.Credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var table = Unique("table");
        await root.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("PK", ScalarAttributeType.S)],
            KeySchema = [new("PK", KeyType.HASH)],
        }, Token);
        var credentials = await AssumeAsync($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:*:*:table/{{table}}"}]}""");
        using var dynamo = new AmazonDynamoDBClient(credentials, emulator.Configure(new AmazonDynamoDBConfig()));
        var key = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "ROUTE#a" } };

        await dynamo.GetItemAsync(table, key, Token);
        var put = () => dynamo.PutItemAsync(table, key, Token);

        var error = (await put.Should().ThrowAsync<AmazonDynamoDBException>()).Which;
        ((int)error.StatusCode).Should().Be(400);
        error.ErrorCode.Should().Be("AccessDeniedException");
        error.Message.Should().EndWith($"is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:{EmulatorFixture.Region}:000000000000:table/{table} because no identity-based policy allows the dynamodb:PutItem action");
    }

    [Fact]
    public async Task RoleSession_S3PrefixGrant_AllowsPrefixAndDeniesTheRest403()
    {
        using var root = new AmazonS3Client(EmulatorFixture.Credentials, emulator.Configure(new AmazonS3Config { ForcePathStyle = true }));
        var bucket = Unique("bucket").ToLowerInvariant();
        await root.PutBucketAsync(bucket, Token);
        var credentials = await AssumeAsync($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:PutObjectTagging"],"Resource":"arn:aws:s3:::{{bucket}}/emails/*"}]}""");
        using var s3 = new AmazonS3Client(credentials, emulator.Configure(new AmazonS3Config { ForcePathStyle = true }));

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "emails/a b.eml", ContentBody = "mail" }, Token);
        await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "emails/a b.eml", Tagging = new Tagging { TagSet = [new Amazon.S3.Model.Tag { Key = "k", Value = "v" }] } }, Token);
        using var got = await s3.GetObjectAsync(bucket, "emails/a b.eml", Token);
        var outside = () => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "other/a.eml", ContentBody = "mail" }, Token);
        var delete = () => s3.DeleteObjectAsync(bucket, "emails/a b.eml", Token);

        got.ContentLength.Should().Be(4);
        var error = (await outside.Should().ThrowAsync<AmazonS3Exception>()).Which;
        ((int)error.StatusCode).Should().Be(403);
        error.ErrorCode.Should().Be("AccessDenied");
        error.Message.Should().Contain($"s3:PutObject on resource: \"arn:aws:s3:::{bucket}/other/a.eml\"");
        (await delete.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");
    }

    [Fact]
    public async Task RoleSession_SnsPublishWithoutGrant_ThrowsAuthorizationError403()
    {
        using var rootSns = new AmazonSimpleNotificationServiceClient(EmulatorFixture.Credentials, Sns());
        var topic = (await rootSns.CreateTopicAsync(new Amazon.SimpleNotificationService.Model.CreateTopicRequest { Name = Unique("topic") }, Token)).TopicArn;
        var credentials = await AssumeAsync("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:GetTopicAttributes","Resource":"*"}]}""");
        using var sns = new AmazonSimpleNotificationServiceClient(credentials, Sns());

        await sns.GetTopicAttributesAsync(new Amazon.SimpleNotificationService.Model.GetTopicAttributesRequest { TopicArn = topic }, Token);
        var publish = () => sns.PublishAsync(new Amazon.SimpleNotificationService.Model.PublishRequest { TopicArn = topic, Message = "m" }, Token);

        var error = (await publish.Should().ThrowAsync<AmazonSimpleNotificationServiceException>()).Which;
        error.ErrorCode.Should().Be("AuthorizationError");
        ((int)error.StatusCode).Should().Be(403);
        error.Message.Should().Contain($"sns:Publish on resource: {topic}");
    }

    [Fact]
    public async Task IamUserKey_AuthenticatesAsUser_InactiveKeyIsRefused()
    {
        var user = Unique("user");
        await _iam.CreateUserAsync(new CreateUserRequest { UserName = user }, Token);
        var key = (await _iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = user }, Token)).AccessKey;
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), emulator.Configure(new AmazonSecurityTokenServiceConfig()));

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Token);
        await _iam.UpdateAccessKeyAsync(new UpdateAccessKeyRequest { UserName = user, AccessKeyId = key.AccessKeyId, Status = "Inactive" }, Token);
        var refused = () => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Token);

        identity.Arn.Should().Be($"arn:aws:iam::000000000000:user/{user}");
        identity.UserId.Should().StartWith("AIDA");
        var error = (await refused.Should().ThrowAsync<AmazonSecurityTokenServiceException>()).Which;
        error.ErrorCode.Should().Be("InvalidClientTokenId");
        ((int)error.StatusCode).Should().Be(403);
    }

    [Fact]
    public async Task IssuedKey_WrongSecret_IsRefusedWithTheServicesSignatureError()
    {
        var credentials = await AssumeAsync("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        var immutable = await credentials.GetCredentialsAsync();
        var forged = new SessionAWSCredentials(immutable.AccessKey, "not-the-secret", immutable.Token);
        using var dynamo = new AmazonDynamoDBClient(forged, emulator.Configure(new AmazonDynamoDBConfig()));
        using var sqs = new AmazonSQSClient(forged, emulator.Configure(new AmazonSQSConfig()));
        using var good = new AmazonDynamoDBClient(credentials, emulator.Configure(new AmazonDynamoDBConfig()));

        await good.ListTablesAsync(Token);
        var json = () => dynamo.ListTablesAsync(Token);
        var query = () => sqs.ListQueuesAsync(new ListQueuesRequest(), Token);

        (await json.Should().ThrowAsync<AmazonDynamoDBException>()).Which.ErrorCode.Should().Be("InvalidSignatureException");
        (await query.Should().ThrowAsync<AmazonSQSException>()).Which.ErrorCode.Should().Be("SignatureDoesNotMatch");
    }

    [Fact]
    public async Task RootCredentials_AreNeverDenied()
    {
        using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), emulator.Configure(new AmazonDynamoDBConfig()));

        var tables = await dynamo.ListTablesAsync(Token);

        tables.HttpStatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task EnforceIamOff_RoleSessionWithoutGrants_IsAllowed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
        var (app, baseUrl) = await EmulatorApp.StartAsync(o =>
        {
            o.Port = 0;
            o.DataDirectory = folder;
            o.EnforceIam = false;
        }, Token);
        try
        {
            using var iam = new AmazonIdentityManagementServiceClient(EmulatorFixture.Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            using var sts = new AmazonSecurityTokenServiceClient(EmulatorFixture.Credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
            await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "nothing", AssumeRolePolicyDocument = Trust }, Token);
            var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::000000000000:role/nothing", RoleSessionName = "s1" }, Token);
            using var dynamo = new AmazonDynamoDBClient(assumed.Credentials, new AmazonDynamoDBConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

            var tables = await dynamo.ListTablesAsync(Token);

            tables.HttpStatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        }
        finally
        {
            await app.StopAsync(Token);
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<AWSCredentials> AssumeAsync(string policy)
    {
        var role = Unique("role");
        await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = role, AssumeRolePolicyDocument = Trust }, Token);
        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = role, PolicyName = "grant", PolicyDocument = policy }, Token);
        var assumed = await _sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::000000000000:role/{role}", RoleSessionName = "test" }, Token);
        return assumed.Credentials;
    }

    private Amazon.SimpleNotificationService.AmazonSimpleNotificationServiceConfig Sns() =>
        new() { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region };

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
