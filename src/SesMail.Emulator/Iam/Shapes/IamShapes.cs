using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Iam.Shapes;

// Shapes of the IAM API, version 2010-05-08 (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html).
// Member names are AWS's; dates are ISO 8601 text; policy documents in results are URL-encoded (RFC 3986), as IAM returns them.

/// <summary>A tag on a user, role or policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html).</summary>
internal sealed record IamTag(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Value")] string? Value);

/// <summary>Paging input shared by the list operations: <c>Marker</c> from the previous page, <c>MaxItems</c> (1-1000, default 100).</summary>
internal sealed record ListRequest(
    [property: JsonPropertyName("PathPrefix")] string? PathPrefix,
    [property: JsonPropertyName("Marker")] string? Marker,
    [property: JsonPropertyName("MaxItems")] int? MaxItems,
    [property: JsonPropertyName("RoleName")] string? RoleName,
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("Scope")] string? Scope,
    [property: JsonPropertyName("OnlyAttached")] bool? OnlyAttached);

/// <summary>A role (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html).</summary>
internal sealed record RoleShape(
    [property: JsonPropertyName("Path")] string Path,
    [property: JsonPropertyName("RoleName")] string RoleName,
    [property: JsonPropertyName("RoleId")] string RoleId,
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("CreateDate")] string CreateDate,
    [property: JsonPropertyName("AssumeRolePolicyDocument")] string AssumeRolePolicyDocument,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("MaxSessionDuration")] int MaxSessionDuration,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Input of <c>CreateRole</c>.</summary>
internal sealed record CreateRoleRequest(
    [property: JsonPropertyName("RoleName")] string? RoleName,
    [property: JsonPropertyName("Path")] string? Path,
    [property: JsonPropertyName("AssumeRolePolicyDocument")] string? AssumeRolePolicyDocument,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("MaxSessionDuration")] int? MaxSessionDuration,
    [property: JsonPropertyName("PermissionsBoundary")] string? PermissionsBoundary,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Output of <c>CreateRole</c> and <c>GetRole</c>.</summary>
internal sealed record RoleResult([property: JsonPropertyName("Role")] RoleShape Role);

/// <summary>Input of operations that name only a role.</summary>
internal sealed record RoleRequest([property: JsonPropertyName("RoleName")] string? RoleName);

/// <summary>Input of <c>UpdateAssumeRolePolicy</c>.</summary>
internal sealed record UpdateAssumeRolePolicyRequest(
    [property: JsonPropertyName("RoleName")] string? RoleName,
    [property: JsonPropertyName("PolicyDocument")] string? PolicyDocument);

/// <summary>Output of <c>ListRoles</c>.</summary>
internal sealed record ListRolesResult(
    [property: JsonPropertyName("Roles")] IReadOnlyList<RoleShape> Roles,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>Input of <c>PutRolePolicy</c> and <c>PutUserPolicy</c>.</summary>
internal sealed record PutInlinePolicyRequest(
    [property: JsonPropertyName("RoleName")] string? RoleName,
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("PolicyName")] string? PolicyName,
    [property: JsonPropertyName("PolicyDocument")] string? PolicyDocument);

/// <summary>Input of <c>GetRolePolicy</c>, <c>DeleteRolePolicy</c>, <c>GetUserPolicy</c> and <c>DeleteUserPolicy</c>.</summary>
internal sealed record InlinePolicyRequest(
    [property: JsonPropertyName("RoleName")] string? RoleName,
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("PolicyName")] string? PolicyName);

/// <summary>Output of <c>GetRolePolicy</c>.</summary>
internal sealed record GetRolePolicyResult(
    [property: JsonPropertyName("RoleName")] string RoleName,
    [property: JsonPropertyName("PolicyName")] string PolicyName,
    [property: JsonPropertyName("PolicyDocument")] string PolicyDocument);

/// <summary>Output of <c>GetUserPolicy</c>.</summary>
internal sealed record GetUserPolicyResult(
    [property: JsonPropertyName("UserName")] string UserName,
    [property: JsonPropertyName("PolicyName")] string PolicyName,
    [property: JsonPropertyName("PolicyDocument")] string PolicyDocument);

/// <summary>Output of <c>ListRolePolicies</c> and <c>ListUserPolicies</c>.</summary>
internal sealed record ListPolicyNamesResult(
    [property: JsonPropertyName("PolicyNames")] IReadOnlyList<string> PolicyNames,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>Input of <c>AttachRolePolicy</c> and <c>DetachRolePolicy</c>.</summary>
internal sealed record RolePolicyAttachmentRequest(
    [property: JsonPropertyName("RoleName")] string? RoleName,
    [property: JsonPropertyName("PolicyArn")] string? PolicyArn);

/// <summary>One managed policy attached to a role (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPolicy.html).</summary>
internal sealed record AttachedPolicyShape(
    [property: JsonPropertyName("PolicyName")] string PolicyName,
    [property: JsonPropertyName("PolicyArn")] string PolicyArn);

/// <summary>Output of <c>ListAttachedRolePolicies</c>.</summary>
internal sealed record ListAttachedPoliciesResult(
    [property: JsonPropertyName("AttachedPolicies")] IReadOnlyList<AttachedPolicyShape> AttachedPolicies,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>A managed policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html).</summary>
internal sealed record PolicyShape(
    [property: JsonPropertyName("PolicyName")] string PolicyName,
    [property: JsonPropertyName("PolicyId")] string PolicyId,
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("Path")] string Path,
    [property: JsonPropertyName("DefaultVersionId")] string DefaultVersionId,
    [property: JsonPropertyName("AttachmentCount")] int AttachmentCount,
    [property: JsonPropertyName("PermissionsBoundaryUsageCount")] int PermissionsBoundaryUsageCount,
    [property: JsonPropertyName("IsAttachable")] bool IsAttachable,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("CreateDate")] string CreateDate,
    [property: JsonPropertyName("UpdateDate")] string UpdateDate,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Input of <c>CreatePolicy</c>.</summary>
internal sealed record CreatePolicyRequest(
    [property: JsonPropertyName("PolicyName")] string? PolicyName,
    [property: JsonPropertyName("Path")] string? Path,
    [property: JsonPropertyName("PolicyDocument")] string? PolicyDocument,
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Output of <c>CreatePolicy</c> and <c>GetPolicy</c>.</summary>
internal sealed record PolicyResult([property: JsonPropertyName("Policy")] PolicyShape Policy);

/// <summary>Input of <c>GetPolicy</c> and <c>DeletePolicy</c>.</summary>
internal sealed record PolicyRequest([property: JsonPropertyName("PolicyArn")] string? PolicyArn);

/// <summary>Input of <c>GetPolicyVersion</c>.</summary>
internal sealed record PolicyVersionRequest(
    [property: JsonPropertyName("PolicyArn")] string? PolicyArn,
    [property: JsonPropertyName("VersionId")] string? VersionId);

/// <summary>A version of a managed policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html).</summary>
internal sealed record PolicyVersionShape(
    [property: JsonPropertyName("Document")] string Document,
    [property: JsonPropertyName("VersionId")] string VersionId,
    [property: JsonPropertyName("IsDefaultVersion")] bool IsDefaultVersion,
    [property: JsonPropertyName("CreateDate")] string CreateDate);

/// <summary>Output of <c>GetPolicyVersion</c>.</summary>
internal sealed record PolicyVersionResult([property: JsonPropertyName("PolicyVersion")] PolicyVersionShape PolicyVersion);

/// <summary>Output of <c>ListPolicies</c>.</summary>
internal sealed record ListPoliciesResult(
    [property: JsonPropertyName("Policies")] IReadOnlyList<PolicyShape> Policies,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>A user (https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html).</summary>
internal sealed record UserShape(
    [property: JsonPropertyName("Path")] string Path,
    [property: JsonPropertyName("UserName")] string UserName,
    [property: JsonPropertyName("UserId")] string UserId,
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("CreateDate")] string CreateDate,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Input of <c>CreateUser</c>.</summary>
internal sealed record CreateUserRequest(
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("Path")] string? Path,
    [property: JsonPropertyName("PermissionsBoundary")] string? PermissionsBoundary,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Output of <c>CreateUser</c> and <c>GetUser</c>.</summary>
internal sealed record UserResult([property: JsonPropertyName("User")] UserShape User);

/// <summary>Input of operations that name only a user (<c>GetUser</c> may omit it: the caller).</summary>
internal sealed record UserRequest([property: JsonPropertyName("UserName")] string? UserName);

/// <summary>Output of <c>ListUsers</c>.</summary>
internal sealed record ListUsersResult(
    [property: JsonPropertyName("Users")] IReadOnlyList<UserShape> Users,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>Input of <c>TagUser</c>.</summary>
internal sealed record TagUserRequest(
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag>? Tags);

/// <summary>Input of <c>UntagUser</c>.</summary>
internal sealed record UntagUserRequest(
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("TagKeys")] IReadOnlyList<string>? TagKeys);

/// <summary>Output of <c>ListUserTags</c>.</summary>
internal sealed record ListTagsResult(
    [property: JsonPropertyName("Tags")] IReadOnlyList<IamTag> Tags,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated);

/// <summary>A new access key with its secret, shown only once (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html).</summary>
internal sealed record AccessKeyShape(
    [property: JsonPropertyName("UserName")] string UserName,
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("CreateDate")] string CreateDate);

/// <summary>Output of <c>CreateAccessKey</c>.</summary>
internal sealed record CreateAccessKeyResult([property: JsonPropertyName("AccessKey")] AccessKeyShape AccessKey);

/// <summary>An access key without its secret (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyMetadata.html).</summary>
internal sealed record AccessKeyMetadataShape(
    [property: JsonPropertyName("UserName")] string UserName,
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("CreateDate")] string CreateDate);

/// <summary>Output of <c>ListAccessKeys</c>.</summary>
internal sealed record ListAccessKeysResult(
    [property: JsonPropertyName("UserName")] string UserName,
    [property: JsonPropertyName("AccessKeyMetadata")] IReadOnlyList<AccessKeyMetadataShape> AccessKeyMetadata,
    [property: JsonPropertyName("IsTruncated")] bool IsTruncated);

/// <summary>Input of <c>UpdateAccessKey</c> and <c>DeleteAccessKey</c>.</summary>
internal sealed record AccessKeyRequest(
    [property: JsonPropertyName("UserName")] string? UserName,
    [property: JsonPropertyName("AccessKeyId")] string? AccessKeyId,
    [property: JsonPropertyName("Status")] string? Status);

/// <summary>Source-generated serialization of every IAM shape (Query leaves arrive as strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(ListRequest))]
[JsonSerializable(typeof(CreateRoleRequest))]
[JsonSerializable(typeof(RoleResult))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(UpdateAssumeRolePolicyRequest))]
[JsonSerializable(typeof(ListRolesResult))]
[JsonSerializable(typeof(PutInlinePolicyRequest))]
[JsonSerializable(typeof(InlinePolicyRequest))]
[JsonSerializable(typeof(GetRolePolicyResult))]
[JsonSerializable(typeof(GetUserPolicyResult))]
[JsonSerializable(typeof(ListPolicyNamesResult))]
[JsonSerializable(typeof(RolePolicyAttachmentRequest))]
[JsonSerializable(typeof(ListAttachedPoliciesResult))]
[JsonSerializable(typeof(CreatePolicyRequest))]
[JsonSerializable(typeof(PolicyResult))]
[JsonSerializable(typeof(PolicyRequest))]
[JsonSerializable(typeof(PolicyVersionRequest))]
[JsonSerializable(typeof(PolicyVersionResult))]
[JsonSerializable(typeof(ListPoliciesResult))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UserResult))]
[JsonSerializable(typeof(UserRequest))]
[JsonSerializable(typeof(ListUsersResult))]
[JsonSerializable(typeof(TagUserRequest))]
[JsonSerializable(typeof(UntagUserRequest))]
[JsonSerializable(typeof(ListTagsResult))]
[JsonSerializable(typeof(CreateAccessKeyResult))]
[JsonSerializable(typeof(ListAccessKeysResult))]
[JsonSerializable(typeof(AccessKeyRequest))]
internal sealed partial class IamJsonContext : JsonSerializerContext;
