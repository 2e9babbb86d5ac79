using Amazon.S3.Model;
using SesMail.Infrastructure.Provisioning;
using SesMail.Tests.Support;

namespace SesMail.Tests.Infrastructure.Provisioning;

/// <summary>The provisioned template's RouterRole as an operator meets it with the AWS CLI: assume it, then try what it has and what it lacks.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class TemplateRoleCliTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task AssumeRouterRole_CallItLacks_IsAccessDeniedAndCallsItHasSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = ProvisioningClients.Create(emulator.BaseUrl, EmulatorFixture.Region, EmulatorFixture.Credentials);
        var stack = await (await StackProvisionerTests.ProvisionerAsync(emulator, clients, ct)).ProvisionAsync(TemplateYamlTests.Load(), StackProvisionerTests.Settings, ct);
        var bucket = stack.Outputs["EmailBucketName"];
        var table = stack.Outputs["RoutingTableName"];
        var key = $"emails/{Guid.NewGuid():N}";
        await clients.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "mail" }, ct);
        var roleArn = stack.Resource("RouterRole").Attribute("Arn")!;

        var assumed = await AwsCli.RunAsync(emulator.BaseUrl, "sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "operator");
        var c = assumed.Json["Credentials"]!;
        var router = (c["AccessKeyId"]!.GetValue<string>(), c["SecretAccessKey"]!.GetValue<string>(), (string?)c["SessionToken"]!.GetValue<string>());
        var remove = await AwsCli.RunAsAsync(emulator.BaseUrl, router, "s3", "rm", $"s3://{bucket}/{key}");
        var tag = await AwsCli.RunAsAsync(emulator.BaseUrl, router, "s3api", "put-object-tagging", "--bucket", bucket, "--key", key, "--tagging", "TagSet=[{Key=routing,Value=forward}]");
        var rule = await AwsCli.RunAsAsync(emulator.BaseUrl, router, "dynamodb", "get-item", "--table-name", table, "--key", """{"PK":{"S":"ROUTE#*"},"SK":{"S":"RULE#v1"}}""");
        var scan = await AwsCli.RunAsAsync(emulator.BaseUrl, router, "dynamodb", "scan", "--table-name", table);

        assumed.ExitCode.Should().Be(0, assumed.Error);
        remove.ExitCode.Should().NotBe(0);
        remove.Error.Should().Contain("(AccessDenied)").And.Contain($"assumed-role/ses-mail-router-enrichment-test/operator is not authorized to perform: s3:DeleteObject");
        tag.ExitCode.Should().Be(0, tag.Error);
        rule.ExitCode.Should().Be(0, rule.Error);
        scan.Error.Should().Contain("(AccessDeniedException)").And.Contain("dynamodb:Scan");
        (await clients.S3.GetObjectMetadataAsync(bucket, key, ct)).HttpStatusCode.Should().Be(System.Net.HttpStatusCode.OK, "the denied s3 rm removed nothing");
    }
}
