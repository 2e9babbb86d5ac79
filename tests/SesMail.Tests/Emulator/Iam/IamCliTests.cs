using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Iam;

/// <summary>IAM and STS through Debian's AWS CLI v2 (<c>/usr/bin/aws iam …</c>, <c>aws sts …</c>), and enforcement as the CLI sees it.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class IamCliTests(EmulatorFixture emulator)
{
    private const string Trust = EmulatorFixture.LambdaTrustPolicy;

    [Fact]
    public async Task RoleCommands_CreatePutAttachListDetachDelete_Succeed()
    {
        var role = $"cli-role-{Guid.NewGuid():N}"[..30];
        var policy = $"cli-policy-{Guid.NewGuid():N}"[..30];
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}""";

        var created = await Run("iam", "create-role", "--role-name", role, "--assume-role-policy-document", Trust, "--description", "cli");
        var got = await Run("iam", "get-role", "--role-name", role);
        var listed = await Run("iam", "list-roles");
        await Run("iam", "update-assume-role-policy", "--role-name", role, "--policy-document", Trust.Replace("lambda", "pipes", StringComparison.Ordinal));
        await Run("iam", "put-role-policy", "--role-name", role, "--policy-name", "send", "--policy-document", document);
        var inline = await Run("iam", "get-role-policy", "--role-name", role, "--policy-name", "send");
        var names = await Run("iam", "list-role-policies", "--role-name", role);
        var managed = await Run("iam", "create-policy", "--policy-name", policy, "--policy-document", document);
        var arn = managed.Json["Policy"]!["Arn"]!.GetValue<string>();
        await Run("iam", "attach-role-policy", "--role-name", role, "--policy-arn", arn);
        var attached = await Run("iam", "list-attached-role-policies", "--role-name", role);
        var getPolicy = await Run("iam", "get-policy", "--policy-arn", arn);
        var version = await Run("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1");
        await Run("iam", "detach-role-policy", "--role-name", role, "--policy-arn", arn);
        await Run("iam", "delete-policy", "--policy-arn", arn);
        await Run("iam", "delete-role-policy", "--role-name", role, "--policy-name", "send");
        await Run("iam", "delete-role", "--role-name", role);
        var gone = await AwsCli.RunAsync(emulator.BaseUrl, "iam", "get-role", "--role-name", role);

        created.Json["Role"]!["Arn"]!.GetValue<string>().Should().Be($"arn:aws:iam::000000000000:role/{role}");
        got.Json["Role"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>().Should().Be("lambda.amazonaws.com");
        listed.Output.Should().Contain(role);
        inline.Json["PolicyDocument"]!["Statement"]![0]!["Action"]!.GetValue<string>().Should().Be("sqs:SendMessage");
        names.Json["PolicyNames"]![0]!.GetValue<string>().Should().Be("send");
        attached.Json["AttachedPolicies"]![0]!["PolicyArn"]!.GetValue<string>().Should().Be(arn);
        getPolicy.Json["Policy"]!["AttachmentCount"]!.GetValue<int>().Should().Be(1);
        version.Json["PolicyVersion"]!["Document"]!["Statement"]![0]!["Effect"]!.GetValue<string>().Should().Be("Allow");
        gone.ExitCode.Should().Be(254);
        gone.Error.Should().Contain("(NoSuchEntity)").And.Contain($"The role with name {role} cannot be found.");
    }

    [Fact]
    public async Task UserCommands_KeysPoliciesAndTags_Succeed()
    {
        var user = $"cli-user-{Guid.NewGuid():N}"[..30];
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendRawEmail","Resource":"*","Condition":{"StringLike":{"ses:FromAddress":"*@example.test"}}}]}""";

        await Run("iam", "create-user", "--user-name", user, "--tags", "Key=Purpose,Value=SMTP Authentication");
        await Run("iam", "tag-user", "--user-name", user, "--tags", "Key=SMTPUsername,Value=app");
        await Run("iam", "put-user-policy", "--user-name", user, "--policy-name", "smtp", "--policy-document", document);
        var policy = await Run("iam", "get-user-policy", "--user-name", user, "--policy-name", "smtp");
        var policies = await Run("iam", "list-user-policies", "--user-name", user);
        var key = await Run("iam", "create-access-key", "--user-name", user);
        var keyId = key.Json["AccessKey"]!["AccessKeyId"]!.GetValue<string>();
        await Run("iam", "update-access-key", "--user-name", user, "--access-key-id", keyId, "--status", "Inactive");
        var keys = await Run("iam", "list-access-keys", "--user-name", user);
        var got = await Run("iam", "get-user", "--user-name", user);
        var users = await Run("iam", "list-users");
        await Run("iam", "delete-access-key", "--user-name", user, "--access-key-id", keyId);
        await Run("iam", "delete-user-policy", "--user-name", user, "--policy-name", "smtp");
        await Run("iam", "delete-user", "--user-name", user);
        var malformed = await AwsCli.RunAsync(emulator.BaseUrl, "iam", "put-user-policy", "--user-name", "x", "--policy-name", "p", "--policy-document", "{}");

        policy.Json["PolicyDocument"]!["Statement"]![0]!["Condition"]!["StringLike"]!["ses:FromAddress"]!.GetValue<string>().Should().Be("*@example.test");
        policies.Json["PolicyNames"]![0]!.GetValue<string>().Should().Be("smtp");
        keys.Json["AccessKeyMetadata"]![0]!["Status"]!.GetValue<string>().Should().Be("Inactive");
        got.Json["User"]!["Tags"]!.AsArray().Select(t => t!["Key"]!.GetValue<string>()).Should().BeEquivalentTo("Purpose", "SMTPUsername");
        users.Output.Should().Contain(user);
        malformed.Error.Should().Contain("(MalformedPolicyDocument)");
    }

    [Fact]
    public async Task AssumeRole_ThenCallsOutsideTheRolesGrant_AreDenied()
    {
        var role = $"cli-s3-{Guid.NewGuid():N}"[..24];
        var bucket = $"cli-iam-{Guid.NewGuid():N}"[..24];
        await Run("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", "LocationConstraint=ap-southeast-2");
        await Run("iam", "create-role", "--role-name", role, "--assume-role-policy-document", Trust);
        await Run("iam", "put-role-policy", "--role-name", role, "--policy-name", "put",
            "--policy-document", $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::{{bucket}}/*"}]}""");
        var assumed = await Run("sts", "assume-role", "--role-arn", $"arn:aws:iam::000000000000:role/{role}", "--role-session-name", "cli");
        var c = assumed.Json["Credentials"]!;
        var credentials = (c["AccessKeyId"]!.GetValue<string>(), c["SecretAccessKey"]!.GetValue<string>(), (string?)c["SessionToken"]!.GetValue<string>());
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "hello", TestContext.Current.CancellationToken);

        var identity = await AwsCli.RunAsAsync(emulator.BaseUrl, credentials, "sts", "get-caller-identity");
        var put = await AwsCli.RunAsAsync(emulator.BaseUrl, credentials, "s3", "cp", file, $"s3://{bucket}/a.txt");
        var remove = await AwsCli.RunAsAsync(emulator.BaseUrl, credentials, "s3", "rm", $"s3://{bucket}/a.txt");
        var tables = await AwsCli.RunAsAsync(emulator.BaseUrl, credentials, "dynamodb", "list-tables");
        var badSecret = await AwsCli.RunAsAsync(emulator.BaseUrl, (credentials.Item1, "wrong", credentials.Item3), "sts", "get-caller-identity");
        File.Delete(file);

        identity.Json["Arn"]!.GetValue<string>().Should().Be($"arn:aws:sts::000000000000:assumed-role/{role}/cli");
        put.ExitCode.Should().Be(0, put.Error);
        remove.ExitCode.Should().NotBe(0);
        remove.Error.Should().Contain("(AccessDenied)")
            .And.Contain($"User: arn:aws:sts::000000000000:assumed-role/{role}/cli is not authorized to perform: s3:DeleteObject on resource: \"arn:aws:s3:::{bucket}/a.txt\"");
        tables.Error.Should().Contain("(AccessDeniedException)").And.Contain("dynamodb:ListTables");
        badSecret.Error.Should().Contain("(SignatureDoesNotMatch)");
    }

    private async Task<AwsCli.Result> Run(params string[] args)
    {
        var result = await AwsCli.RunAsync(emulator.BaseUrl, args);
        result.ExitCode.Should().Be(0, $"aws {string.Join(' ', args)} failed: {result.Error}");
        return result;
    }
}
