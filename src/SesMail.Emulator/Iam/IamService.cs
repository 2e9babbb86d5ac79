using System.Text.Json.Nodes;
using System.Xml.Linq;
using SesMail.Emulator.Iam.Shapes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Iam;

/// <summary>Binds <see cref="IamProvider"/> to the IAM Query protocol (version 2010-05-08, <c>member</c> lists).</summary>
internal sealed class IamService(IamProvider provider) : IQueryService
{
    private static readonly QueryConventions Conventions = new() { Flattened = false };

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "CreateRole", "GetRole", "DeleteRole", "ListRoles", "UpdateAssumeRolePolicy", "PutRolePolicy", "GetRolePolicy",
        "DeleteRolePolicy", "ListRolePolicies", "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies",
        "CreatePolicy", "GetPolicy", "GetPolicyVersion", "DeletePolicy", "ListPolicies", "CreateUser", "GetUser",
        "DeleteUser", "ListUsers", "TagUser", "UntagUser", "ListUserTags", "PutUserPolicy", "GetUserPolicy",
        "DeleteUserPolicy", "ListUserPolicies", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
    };

    /// <inheritdoc />
    public string SigningName => "iam";

    /// <inheritdoc />
    public string XmlNamespace => "https://iam.amazonaws.com/doc/2010-05-08/";

    /// <inheritdoc />
    public bool Handles(string action) => Actions.Contains(action);

    /// <inheritdoc />
    public async ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var input = QueryDocument.ToJson(parameters, Conventions);
        var result = await InvokeAsync(action, input, context).ConfigureAwait(false);
        return QueryDocument.ToXml(action, result, Conventions);
    }

    private ValueTask<JsonNode?> InvokeAsync(string action, JsonObject input, AwsRequestContext context)
    {
        var json = IamJsonContext.Default;
        const string invalid = "ValidationError";
        return action switch
        {
            "CreateRole" => AwsOperation.Invoke(input, json.CreateRoleRequest, json.RoleResult, r => provider.CreateRole(r, context), invalid),
            "GetRole" => AwsOperation.Invoke(input, json.RoleRequest, json.RoleResult, r => provider.GetRole(r, context), invalid),
            "DeleteRole" => AwsOperation.Invoke(input, json.RoleRequest, json.EmptyResult, r => provider.DeleteRole(r, context), invalid),
            "ListRoles" => AwsOperation.Invoke(input, json.ListRequest, json.ListRolesResult, r => provider.ListRoles(r, context), invalid),
            "UpdateAssumeRolePolicy" => AwsOperation.Invoke(input, json.UpdateAssumeRolePolicyRequest, json.EmptyResult, r => provider.UpdateAssumeRolePolicy(r, context), invalid),
            "PutRolePolicy" => AwsOperation.Invoke(input, json.PutInlinePolicyRequest, json.EmptyResult, r => provider.PutRolePolicy(r, context), invalid),
            "GetRolePolicy" => AwsOperation.Invoke(input, json.InlinePolicyRequest, json.GetRolePolicyResult, r => provider.GetRolePolicy(r, context), invalid),
            "DeleteRolePolicy" => AwsOperation.Invoke(input, json.InlinePolicyRequest, json.EmptyResult, r => provider.DeleteRolePolicy(r, context), invalid),
            "ListRolePolicies" => AwsOperation.Invoke(input, json.ListRequest, json.ListPolicyNamesResult, r => provider.ListRolePolicies(r, context), invalid),
            "AttachRolePolicy" => AwsOperation.Invoke(input, json.RolePolicyAttachmentRequest, json.EmptyResult, r => provider.AttachRolePolicy(r, context), invalid),
            "DetachRolePolicy" => AwsOperation.Invoke(input, json.RolePolicyAttachmentRequest, json.EmptyResult, r => provider.DetachRolePolicy(r, context), invalid),
            "ListAttachedRolePolicies" => AwsOperation.Invoke(input, json.ListRequest, json.ListAttachedPoliciesResult, r => provider.ListAttachedRolePolicies(r, context), invalid),
            "CreatePolicy" => AwsOperation.Invoke(input, json.CreatePolicyRequest, json.PolicyResult, r => provider.CreatePolicy(r, context), invalid),
            "GetPolicy" => AwsOperation.Invoke(input, json.PolicyRequest, json.PolicyResult, r => provider.GetPolicy(r, context), invalid),
            "GetPolicyVersion" => AwsOperation.Invoke(input, json.PolicyVersionRequest, json.PolicyVersionResult, r => provider.GetPolicyVersion(r, context), invalid),
            "DeletePolicy" => AwsOperation.Invoke(input, json.PolicyRequest, json.EmptyResult, r => provider.DeletePolicy(r, context), invalid),
            "ListPolicies" => AwsOperation.Invoke(input, json.ListRequest, json.ListPoliciesResult, r => provider.ListPolicies(r, context), invalid),
            "CreateUser" => AwsOperation.Invoke(input, json.CreateUserRequest, json.UserResult, r => provider.CreateUser(r, context), invalid),
            "GetUser" => AwsOperation.Invoke(input, json.UserRequest, json.UserResult, r => provider.GetUser(r, context), invalid),
            "DeleteUser" => AwsOperation.Invoke(input, json.UserRequest, json.EmptyResult, r => provider.DeleteUser(r, context), invalid),
            "ListUsers" => AwsOperation.Invoke(input, json.ListRequest, json.ListUsersResult, r => provider.ListUsers(r, context), invalid),
            "TagUser" => AwsOperation.Invoke(input, json.TagUserRequest, json.EmptyResult, r => provider.TagUser(r, context), invalid),
            "UntagUser" => AwsOperation.Invoke(input, json.UntagUserRequest, json.EmptyResult, r => provider.UntagUser(r, context), invalid),
            "ListUserTags" => AwsOperation.Invoke(input, json.UserRequest, json.ListTagsResult, r => provider.ListUserTags(r, context), invalid),
            "PutUserPolicy" => AwsOperation.Invoke(input, json.PutInlinePolicyRequest, json.EmptyResult, r => provider.PutUserPolicy(r, context), invalid),
            "GetUserPolicy" => AwsOperation.Invoke(input, json.InlinePolicyRequest, json.GetUserPolicyResult, r => provider.GetUserPolicy(r, context), invalid),
            "DeleteUserPolicy" => AwsOperation.Invoke(input, json.InlinePolicyRequest, json.EmptyResult, r => provider.DeleteUserPolicy(r, context), invalid),
            "ListUserPolicies" => AwsOperation.Invoke(input, json.ListRequest, json.ListPolicyNamesResult, r => provider.ListUserPolicies(r, context), invalid),
            "CreateAccessKey" => AwsOperation.Invoke(input, json.UserRequest, json.CreateAccessKeyResult, r => provider.CreateAccessKey(r, context), invalid),
            "ListAccessKeys" => AwsOperation.Invoke(input, json.ListRequest, json.ListAccessKeysResult, r => provider.ListAccessKeys(r, context), invalid),
            "UpdateAccessKey" => AwsOperation.Invoke(input, json.AccessKeyRequest, json.EmptyResult, r => provider.UpdateAccessKey(r, context), invalid),
            "DeleteAccessKey" => AwsOperation.Invoke(input, json.AccessKeyRequest, json.EmptyResult, r => provider.DeleteAccessKey(r, context), invalid),
            _ => throw IamErrors.UnknownOperation(action),
        };
    }
}
