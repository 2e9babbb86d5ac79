using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Iam;

/// <summary>IAM through the project's hand-written client (AWSSDK.IdentityManagement is not on the feed).</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class IamClientTests(EmulatorFixture emulator) : IDisposable
{
    private const string Trust = EmulatorFixture.LambdaTrustPolicy;
    private const string ReadBucket = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""";

    private readonly AmazonIdentityManagementServiceClient _iam = new(EmulatorFixture.Credentials,
        new AmazonIdentityManagementServiceConfig { ServiceURL = emulator.BaseUrl.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _iam.Dispose();

    [Fact]
    public async Task CreateRole_ThenGetAndList_ReturnsRoleWithDecodedTrustPolicy()
    {
        var name = Unique("role");
        var created = await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust, Path = "/service-role/", Tags = [new Tag { Key = "team", Value = "mail" }] }, Token);

        var got = await _iam.GetRoleAsync(new GetRoleRequest { RoleName = name }, Token);
        var listed = await _iam.ListRolesAsync(new ListRolesRequest { PathPrefix = "/service-role/" }, Token);

        created.Role.Arn.Should().Be($"arn:aws:iam::000000000000:role/service-role/{name}");
        created.Role.RoleId.Should().MatchRegex("^AROA[A-Z0-9]{17}$");
        got.Role.AssumeRolePolicyDocument.Should().Be(Trust);
        got.Role.MaxSessionDuration.Should().Be(3600);
        got.Role.Tags.Should().ContainSingle(t => t.Key == "team" && t.Value == "mail");
        listed.Roles.Select(r => r.RoleName).Should().Contain(name);
    }

    [Fact]
    public async Task CreateRole_Twice_ThrowsEntityAlreadyExists409()
    {
        var name = Unique("role");
        await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust }, Token);

        var again = () => _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust }, Token);

        var error = (await again.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;
        error.ErrorCode.Should().Be("EntityAlreadyExists");
        ((int)error.StatusCode).Should().Be(409);
        error.Message.Should().Be($"Role with name {name} already exists.");
    }

    [Fact]
    public async Task GetRole_Missing_ThrowsNoSuchEntity404()
    {
        var get = () => _iam.GetRoleAsync(new GetRoleRequest { RoleName = "no-such-role" }, Token);

        var error = (await get.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;
        error.ErrorCode.Should().Be("NoSuchEntity");
        ((int)error.StatusCode).Should().Be(404);
        error.Message.Should().Be("The role with name no-such-role cannot be found.");
    }

    [Fact]
    public async Task RolePolicies_PutGetListDelete_RoundTrip()
    {
        var name = Unique("role");
        await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust }, Token);

        await _iam.PutRolePolicyAsync(new PutRolePolicyRequest { RoleName = name, PolicyName = "read", PolicyDocument = ReadBucket }, Token);
        var got = await _iam.GetRolePolicyAsync(new GetRolePolicyRequest { RoleName = name, PolicyName = "read" }, Token);
        var listed = await _iam.ListRolePoliciesAsync(new ListRolePoliciesRequest { RoleName = name }, Token);
        var deleteRole = () => _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = name }, Token);
        var conflict = (await deleteRole.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;
        await _iam.DeleteRolePolicyAsync(new DeleteRolePolicyRequest { RoleName = name, PolicyName = "read" }, Token);
        await _iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = name }, Token);
        var gone = () => _iam.GetRoleAsync(new GetRoleRequest { RoleName = name }, Token);

        got.PolicyDocument.Should().Be(ReadBucket);
        listed.PolicyNames.Should().Equal("read");
        conflict.ErrorCode.Should().Be("DeleteConflict");
        ((int)conflict.StatusCode).Should().Be(409);
        (await gone.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which.ErrorCode.Should().Be("NoSuchEntity");
    }

    [Fact]
    public async Task PutRolePolicy_Malformed_ThrowsMalformedPolicyDocument400()
    {
        var name = Unique("role");
        await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust }, Token);

        var put = () => _iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = name,
            PolicyName = "bad",
            PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}""",
        }, Token);

        var error = (await put.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;
        error.ErrorCode.Should().Be("MalformedPolicyDocument");
        ((int)error.StatusCode).Should().Be(400);
        error.Message.Should().Be("Policy statement must contain resources.");
    }

    [Fact]
    public async Task ManagedPolicy_CreateAttachListDetachDelete_TracksAttachments()
    {
        var role = Unique("role");
        await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = role, AssumeRolePolicyDocument = Trust }, Token);
        var policy = (await _iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = Unique("policy"), PolicyDocument = ReadBucket, Description = "read mail" }, Token)).Policy;

        await _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = role, PolicyArn = policy.Arn }, Token);
        var attached = await _iam.ListAttachedRolePoliciesAsync(new ListAttachedRolePoliciesRequest { RoleName = role }, Token);
        var got = await _iam.GetPolicyAsync(new GetPolicyRequest { PolicyArn = policy.Arn }, Token);
        var version = await _iam.GetPolicyVersionAsync(new GetPolicyVersionRequest { PolicyArn = policy.Arn, VersionId = "v1" }, Token);
        var deleteAttached = () => _iam.DeletePolicyAsync(new DeletePolicyRequest { PolicyArn = policy.Arn }, Token);
        var conflict = (await deleteAttached.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;
        await _iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = role, PolicyArn = policy.Arn }, Token);
        await _iam.DeletePolicyAsync(new DeletePolicyRequest { PolicyArn = policy.Arn }, Token);
        var attachMissing = () => _iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = role, PolicyArn = policy.Arn }, Token);

        policy.Arn.Should().Be($"arn:aws:iam::000000000000:policy/{policy.PolicyName}");
        attached.AttachedPolicies.Should().ContainSingle(p => p.PolicyArn == policy.Arn && p.PolicyName == policy.PolicyName);
        got.Policy.AttachmentCount.Should().Be(1);
        version.PolicyVersion.Document.Should().Be(ReadBucket);
        version.PolicyVersion.IsDefaultVersion.Should().BeTrue();
        conflict.ErrorCode.Should().Be("DeleteConflict");
        (await attachMissing.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which.ErrorCode.Should().Be("NoSuchEntity");
    }

    [Fact]
    public async Task UpdateAssumeRolePolicy_ReplacesTrust()
    {
        var name = Unique("role");
        await _iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust }, Token);
        var pipes = Trust.Replace("lambda.amazonaws.com", "pipes.amazonaws.com", StringComparison.Ordinal);

        await _iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest { RoleName = name, PolicyDocument = pipes }, Token);

        (await _iam.GetRoleAsync(new GetRoleRequest { RoleName = name }, Token)).Role.AssumeRolePolicyDocument.Should().Be(pipes);
    }

    [Fact]
    public async Task User_WithTagsPolicyAndKeys_RoundTripsAndDeletesInOrder()
    {
        var name = Unique("ses-smtp-user");
        await _iam.CreateUserAsync(new CreateUserRequest { UserName = name, Tags = [new Tag { Key = "ManagedBy", Value = "ses-mail-smtp-credential-manager" }] }, Token);
        await _iam.TagUserAsync(new TagUserRequest { UserName = name, Tags = [new Tag { Key = "SMTPUsername", Value = "app" }] }, Token);
        await _iam.PutUserPolicyAsync(new PutUserPolicyRequest { UserName = name, PolicyName = "ses-smtp-policy-app", PolicyDocument = ReadBucket }, Token);
        var key = (await _iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = name }, Token)).AccessKey;
        await _iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = name }, Token);
        var third = () => _iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = name }, Token);
        var limit = (await third.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;

        await _iam.UpdateAccessKeyAsync(new UpdateAccessKeyRequest { UserName = name, AccessKeyId = key.AccessKeyId, Status = "Inactive" }, Token);
        var user = (await _iam.GetUserAsync(new GetUserRequest { UserName = name }, Token)).User;
        var keys = await _iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = name }, Token);
        var policy = await _iam.GetUserPolicyAsync(new GetUserPolicyRequest { UserName = name, PolicyName = "ses-smtp-policy-app" }, Token);
        var policies = await _iam.ListUserPoliciesAsync(new ListUserPoliciesRequest { UserName = name }, Token);
        var users = await _iam.ListUsersAsync(new ListUsersRequest(), Token);
        var deleteEarly = () => _iam.DeleteUserAsync(new DeleteUserRequest { UserName = name }, Token);
        var conflict = (await deleteEarly.Should().ThrowAsync<AmazonIdentityManagementServiceException>()).Which;
        foreach (var k in keys.AccessKeyMetadata)
        {
            await _iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = name, AccessKeyId = k.AccessKeyId }, Token);
        }

        await _iam.DeleteUserPolicyAsync(new DeleteUserPolicyRequest { UserName = name, PolicyName = "ses-smtp-policy-app" }, Token);
        await _iam.DeleteUserAsync(new DeleteUserRequest { UserName = name }, Token);

        key.AccessKeyId.Should().MatchRegex("^AKIA[A-Z0-9]{16}$");
        key.SecretAccessKey.Should().HaveLength(40);
        limit.ErrorCode.Should().Be("LimitExceeded");
        ((int)limit.StatusCode).Should().Be(409);
        user.Arn.Should().Be($"arn:aws:iam::000000000000:user/{name}");
        user.Tags.Select(t => t.Key).Should().BeEquivalentTo("ManagedBy", "SMTPUsername");
        keys.AccessKeyMetadata.Should().HaveCount(2).And.ContainSingle(k => k.AccessKeyId == key.AccessKeyId && k.Status == "Inactive");
        policy.PolicyDocument.Should().Be(ReadBucket);
        policies.PolicyNames.Should().Equal("ses-smtp-policy-app");
        users.Users.Select(u => u.UserName).Should().Contain(name);
        conflict.ErrorCode.Should().Be("DeleteConflict");
        conflict.Message.Should().Be("Cannot delete entity, must delete access keys first.");
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];
}
