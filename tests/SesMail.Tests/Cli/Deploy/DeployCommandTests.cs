using System.Text.Json.Nodes;
using Amazon.CloudFormation.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleEmail;
using Amazon.SimpleEmail.Model;
using SesMail.Cli.Deploy;
using SesMail.Cli.Hosting;
using SesMail.Tests.Emulator.CloudFormation;
using SesMail.Tests.Support;

namespace SesMail.Tests.Cli.Deploy;

/// <summary><c>sesmail deploy</c> and <c>sesmail destroy</c> against the emulator, with a prepared package (no <c>dotnet publish</c>).</summary>
[Trait("Kind", "Contract")]
public sealed class DeployCommandTests : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();
    private string _package = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _emulator.InitializeAsync();
        var publish = Path.Combine(_emulator.DataDirectory, "publish");
        Directory.CreateDirectory(publish);
        await File.WriteAllTextAsync(Path.Combine(publish, "SesMail.Functions.dll"), "not really a function", Token);
        _package = Path.Combine(_emulator.DataDirectory, "SesMail.Functions.zip");
        FunctionPackage.Zip(publish, _package);
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--endpoint", _emulator.BaseUrl.ToString(), "--region", EmulatorFixture.Region], CliConsole.ForText(output, error), Token);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task DeployThenDestroy_LocalProd_UploadsOnceActivatesItsRuleSetReportsNoChangesAndKeepsMail()
    {
        using var cfn = CloudFormationHarness.Client(_emulator.BaseUrl);
        using var s3 = new AmazonS3Client(EmulatorFixture.Credentials, _emulator.Configure(new AmazonS3Config { ForcePathStyle = true }));
        using var ses = new AmazonSimpleEmailServiceClient(EmulatorFixture.Credentials, new AmazonSimpleEmailServiceConfig { ServiceURL = _emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });
        var key = FunctionPackage.Key(_package);

        var deployed = await RunAsync("deploy", "--env", "prod", "--package", _package, "--parameter", "Domains=prod.example.test");
        var stack = (await cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = "ses-mail-prod" }, Token)).Stacks.Single();
        var deployedTemplate = (await cfn.GetTemplateAsync(new GetTemplateRequest { StackName = "ses-mail-prod" }, Token)).TemplateBody;
        var again = await RunAsync("deploy", "--env", "prod", "--package", _package, "--output", "json");
        var dryRun = await RunAsync("deploy", "--env", "prod", "--package", _package, "--parameter", "EmailRetentionDays=30", "--dry-run");
        var afterDryRun = (await cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = "ses-mail-prod" }, Token)).Stacks.Single();
        var active = await ses.DescribeActiveReceiptRuleSetAsync(new DescribeActiveReceiptRuleSetRequest(), Token);

        deployed.Code.Should().Be(0, deployed.Error + deployed.Output);
        deployed.Output.Should().Contain("Change set for ses-mail-prod (new stack)").And.Contain("InputQueue")
            .And.Contain($"Uploaded the package to s3://ses-mail-artifacts-000000000000-{EmulatorFixture.Region}/{key}")
            .And.Contain("CREATE_COMPLETE").And.Contain("Activated the receipt rule set ses-mail-receipt-rules-prod")
            .And.Contain("ses-mail-prod is CREATE_COMPLETE.").And.Contain("ForwarderQueueUrl");
        (await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = $"ses-mail-artifacts-000000000000-{EmulatorFixture.Region}", Key = key }, Token)).ContentLength
            .Should().Be(new FileInfo(_package).Length);
        stack.Parameters.ToDictionary(p => p.ParameterKey, p => p.ParameterValue).Should().Contain(new Dictionary<string, string?>
        {
            ["Environment"] = "prod", ["Domains"] = "prod.example.test", ["CodeKey"] = key, ["JoinExistingRuleSet"] = string.Empty,
            ["GmailApiBaseUrl"] = _emulator.BaseUrl.ToString().TrimEnd('/'),
        });
        active.Metadata!.Name.Should().Be("ses-mail-receipt-rules-prod");
        deployedTemplate.Should().Be(
            SesMail.Infrastructure.Template.TemplateJson.Minify(await File.ReadAllTextAsync(SesMail.Tests.Infrastructure.TemplateYamlTests.TemplatePath, Token)),
            "sesmail deploy sends the template as sesmail package writes it: minified JSON");
        again.Code.Should().Be(0, again.Error);
        var json = JsonNode.Parse(again.Output)!;
        json["noChanges"]?.GetValue<bool>().Should().BeTrue();
        json["outputs"]!["EmailBucketName"]!.GetValue<string>().Should().Be("ses-mail-storage-000000000000-prod");
        dryRun.Code.Should().Be(0, dryRun.Error);
        dryRun.Output.Should().Contain("Modify").And.Contain("EmailBucket").And.Contain("Dry run");
        afterDryRun.Parameters.Single(p => p.ParameterKey == "EmailRetentionDays").ParameterValue.Should().Be("90");
        afterDryRun.LastUpdatedTime.Should().Be(stack.LastUpdatedTime);
        (await cfn.ListChangeSetsAsync(new ListChangeSetsRequest { StackName = "ses-mail-prod" }, Token)).Summaries.Where(c => c.ExecutionStatus == "AVAILABLE").Should().BeEmpty();

        var destroyed = await RunAsync("destroy", "--env", "prod");
        var kept = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "ses-mail-storage-000000000000-prod" }, Token);
        var deleteMail = await RunAsync("destroy", "--env", "prod", "--delete-mail");
        var buckets = (await s3.ListBucketsAsync(Token)).Buckets ?? [];

        destroyed.Code.Should().Be(0, destroyed.Error + destroyed.Output);
        destroyed.Output.Should().Contain("Deactivated the receipt rule set ses-mail-receipt-rules-prod").And.Contain("Kept the mail bucket ses-mail-storage-000000000000-prod")
            .And.Contain("DELETE_COMPLETE");
        kept.HttpStatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        deleteMail.Code.Should().Be(0, deleteMail.Error);
        deleteMail.Output.Should().Contain("Deleted the mail bucket ses-mail-storage-000000000000-prod");
        buckets.Select(b => b.BucketName).Should().NotContain("ses-mail-storage-000000000000-prod");
        (await cfn.ListStacksAsync(new ListStacksRequest { StackStatusFilter = ["DELETE_COMPLETE"] }, Token)).StackSummaries.Should().Contain(s => s.StackName == "ses-mail-prod");
    }

    [Fact]
    public async Task Deploy_ResourceFails_ExitsNonZeroNamingTheResourceAndReason()
    {
        var template = Path.Combine(_emulator.DataDirectory, "bad.yaml");
        await File.WriteAllTextAsync(template, CloudFormationHarness.BadReferenceTemplate, Token);

        var (code, output, error) = await RunAsync("deploy", "--env", "test", "--package", _package, "--template", template, "--parameter", "Suffix=deploy");

        code.Should().Be(1);
        output.Should().Contain("MissingBucketPolicy").And.Contain("CREATE_FAILED").And.Contain("The specified bucket does not exist");
        error.Should().Contain("deploying ses-mail-test failed: ROLLBACK_COMPLETE").And.Contain("describe-stack-events --stack-name ses-mail-test");
    }
}
