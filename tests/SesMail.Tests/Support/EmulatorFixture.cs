using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using SesMail.Emulator.Hosting;

namespace SesMail.Tests.Support;

/// <summary>
/// One in-process emulator on a free loopback port with a temporary data folder, shared by a test collection and
/// stopped (folder deleted) when the collection ends. Tests get SDK clients pointed at it through <see cref="Configure{TConfig}"/>.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The emulator's data folder (deleted on dispose).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The region test clients sign for.</summary>
    public const string Region = "ap-southeast-2";

    /// <summary>Dummy credentials: the emulator accepts any.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDSESMAILTEST", "secret");

    /// <summary>The running application (to resolve internal services in white-box tests).</summary>
    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        (_app, BaseUrl) = await EmulatorApp.StartAsync(options =>
        {
            options.Port = 0;
            options.DataDirectory = DataDirectory;
        });

        await CreateLambdaTestRolesAsync(BaseUrl);
    }

    /// <summary>
    /// Creates the execution roles the Lambda tests name (<see cref="LambdaTestRoles"/>), unless they exist: Lambda
    /// assumes a function's role for every execution environment and for its event source mappings, and IAM is
    /// enforced, so the role must exist, trust <c>lambda.amazonaws.com</c> and hold what a mapping reads (the AWS
    /// managed policies <c>AWSLambdaSQSQueueExecutionRole</c> and <c>AWSLambdaDynamoDBExecutionRole</c>, as a user
    /// would attach them).
    /// </summary>
    /// <param name="baseUrl">The emulator.</param>
    /// <returns>A task.</returns>
    public static async Task CreateLambdaTestRolesAsync(Uri baseUrl)
    {
        using var iam = new AmazonIdentityManagementServiceClient(Credentials, new AmazonIdentityManagementServiceConfig { ServiceURL = baseUrl.ToString(), AuthenticationRegion = Region });
        foreach (var role in LambdaTestRoles)
        {
            try
            {
                await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = role, AssumeRolePolicyDocument = LambdaTrustPolicy });
            }
            catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "EntityAlreadyExists")
            {
                // created before a restart on the same data folder
            }

            foreach (var policy in MappingPolicies)
            {
                await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = role, PolicyArn = policy });
            }
        }
    }

    /// <summary>Roles created at start for the Lambda tests (<c>arn:aws:iam::000000000000:role/{name}</c>).</summary>
    public static IReadOnlyList<string> LambdaTestRoles { get; } = ["test-function", "cli", "r"];

    /// <summary>The AWS managed policies that let a function's event source mappings read SQS queues and DynamoDB streams.</summary>
    public static IReadOnlyList<string> MappingPolicies { get; } =
    [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
        "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
    ];

    /// <summary>A trust policy that lets Lambda assume a role.</summary>
    public const string LambdaTrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    /// <summary>Points an SDK client configuration at the emulator.</summary>
    /// <typeparam name="TConfig">The client's config type, e.g. <c>AmazonSQSConfig</c>.</typeparam>
    /// <param name="config">A new config object.</param>
    /// <returns>The same config.</returns>
    public TConfig Configure<TConfig>(TConfig config)
        where TConfig : ClientConfig
    {
        config.ServiceURL = BaseUrl.ToString();
        config.AuthenticationRegion = Region;
        return config;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        TestFolders.DeleteQuietly(DataDirectory);
    }
}

/// <summary>The collection that shares one <see cref="EmulatorFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    /// <summary>The collection name used in <c>[Collection(EmulatorCollection.Name)]</c>.</summary>
    public const string Name = "emulator";
}
