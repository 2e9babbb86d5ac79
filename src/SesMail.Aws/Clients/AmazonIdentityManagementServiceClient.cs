// The smallest AWS IAM client this project needs, on AWSSDK.Core's signer, named as AWSSDK.IdentityManagement names it
// (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS Query, version 2010-05-08 — https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html
// Policy documents come back URL-encoded (RFC 3986); unlike the official SDK, this client decodes them.
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon.IdentityManagement.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.IdentityManagement
{
    /// <summary>Settings of <see cref="AmazonIdentityManagementServiceClient"/> (endpoint prefix <c>iam</c>).</summary>
    public sealed class AmazonIdentityManagementServiceConfig : AwsClientConfig;

    /// <summary>An IAM error; <see cref="AmazonServiceException.ErrorCode"/> carries IAM's code (e.g. <c>NoSuchEntity</c>, <c>EntityAlreadyExists</c>, <c>MalformedPolicyDocument</c>).</summary>
    public class AmazonIdentityManagementServiceException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonIdentityManagementServiceException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The IAM operations SesMail uses.</summary>
    public interface IAmazonIdentityManagementService : IDisposable
    {
        /// <summary>CreateRole: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<CreateRoleResponse> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetRole: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<GetRoleResponse> GetRoleAsync(GetRoleRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteRole: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DeleteRoleResponse> DeleteRoleAsync(DeleteRoleRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListRoles: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<ListRolesResponse> ListRolesAsync(ListRolesRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateAssumeRolePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutRolePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<PutRolePolicyResponse> PutRolePolicyAsync(PutRolePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetRolePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<GetRolePolicyResponse> GetRolePolicyAsync(GetRolePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteRolePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DeleteRolePolicyResponse> DeleteRolePolicyAsync(DeleteRolePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListRolePolicies: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest request, CancellationToken cancellationToken = default);

        /// <summary>AttachRolePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<AttachRolePolicyResponse> AttachRolePolicyAsync(AttachRolePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>DetachRolePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DetachRolePolicyResponse> DetachRolePolicyAsync(DetachRolePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListAttachedRolePolicies: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreatePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<CreatePolicyResponse> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetPolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetPolicyVersion: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<GetPolicyVersionResponse> GetPolicyVersionAsync(GetPolicyVersionRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeletePolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DeletePolicyResponse> DeletePolicyAsync(DeletePolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateUser: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetUser: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<GetUserResponse> GetUserAsync(GetUserRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteUser: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DeleteUserResponse> DeleteUserAsync(DeleteUserRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListUsers: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<ListUsersResponse> ListUsersAsync(ListUsersRequest request, CancellationToken cancellationToken = default);

        /// <summary>TagUser: https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<TagUserResponse> TagUserAsync(TagUserRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutUserPolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<PutUserPolicyResponse> PutUserPolicyAsync(PutUserPolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetUserPolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<GetUserPolicyResponse> GetUserPolicyAsync(GetUserPolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteUserPolicy: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DeleteUserPolicyResponse> DeleteUserPolicyAsync(DeleteUserPolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListUserPolicies: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<ListUserPoliciesResponse> ListUserPoliciesAsync(ListUserPoliciesRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateAccessKey: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<CreateAccessKeyResponse> CreateAccessKeyAsync(CreateAccessKeyRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListAccessKeys: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<ListAccessKeysResponse> ListAccessKeysAsync(ListAccessKeysRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateAccessKey: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<UpdateAccessKeyResponse> UpdateAccessKeyAsync(UpdateAccessKeyRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteAccessKey: https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        Task<DeleteAccessKeyResponse> DeleteAccessKeyAsync(DeleteAccessKeyRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>AWS IAM over the Query protocol. Errors throw <see cref="AmazonIdentityManagementServiceException"/>.</summary>
    public sealed class AmazonIdentityManagementServiceClient : IAmazonIdentityManagementService
    {
        private const string Version = "2010-05-08";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client with the default credential chain and the environment's endpoint and region.</summary>
        public AmazonIdentityManagementServiceClient()
            : this(null, new AmazonIdentityManagementServiceConfig())
        {
        }

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region (IAM is global; the emulator and LocalStack take any region).</param>
        public AmazonIdentityManagementServiceClient(AWSCredentials? credentials, AmazonIdentityManagementServiceConfig config)
            : this(credentials, config, null)
        {
        }

        internal AmazonIdentityManagementServiceClient(AWSCredentials? credentials, AmazonIdentityManagementServiceConfig config, HttpMessageHandler? handler) =>
            _client = new AwsProtocolClient("iam", "iam", credentials, config, handler, (m, c, r, s) => new AmazonIdentityManagementServiceException(m, c, r, s));

        /// <inheritdoc />
        public async Task<CreateRoleResponse> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("AssumeRolePolicyDocument", request.AssumeRolePolicyDocument));
            p.AddIfSet("Path", request.Path);
            p.AddIfSet("Description", request.Description);
            p.AddIfSet("MaxSessionDuration", request.MaxSessionDuration?.ToString(CultureInfo.InvariantCulture));
            p.AddTags("Tags", request.Tags);
            var result = await _client.QueryAsync("CreateRole", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateRoleResponse
            {
                Role = ReadRole(result.Element("Role")),
            };
        }

        /// <inheritdoc />
        public async Task<GetRoleResponse> GetRoleAsync(GetRoleRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            var result = await _client.QueryAsync("GetRole", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetRoleResponse
            {
                Role = ReadRole(result.Element("Role")),
            };
        }

        /// <inheritdoc />
        public async Task<DeleteRoleResponse> DeleteRoleAsync(DeleteRoleRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            var result = await _client.QueryAsync("DeleteRole", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DeleteRoleResponse();
        }

        /// <inheritdoc />
        public async Task<ListRolesResponse> ListRolesAsync(ListRolesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("PathPrefix", request.PathPrefix);
            p.AddIfSet("Marker", request.Marker);
            p.AddIfSet("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture));
            var result = await _client.QueryAsync("ListRoles", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListRolesResponse
            {
                Roles = Members(result, "Roles").Select(ReadRole).ToList(),
                IsTruncated = result.Flag("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        /// <inheritdoc />
        public async Task<UpdateAssumeRolePolicyResponse> UpdateAssumeRolePolicyAsync(UpdateAssumeRolePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("PolicyDocument", request.PolicyDocument));
            var result = await _client.QueryAsync("UpdateAssumeRolePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new UpdateAssumeRolePolicyResponse();
        }

        /// <inheritdoc />
        public async Task<PutRolePolicyResponse> PutRolePolicyAsync(PutRolePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("PolicyName", request.PolicyName));
            p.Add(new("PolicyDocument", request.PolicyDocument));
            var result = await _client.QueryAsync("PutRolePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new PutRolePolicyResponse();
        }

        /// <inheritdoc />
        public async Task<GetRolePolicyResponse> GetRolePolicyAsync(GetRolePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("PolicyName", request.PolicyName));
            var result = await _client.QueryAsync("GetRolePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetRolePolicyResponse
            {
                RoleName = result.Text("RoleName") ?? string.Empty,
                PolicyName = result.Text("PolicyName") ?? string.Empty,
                PolicyDocument = Decode(result.Text("PolicyDocument")),
            };
        }

        /// <inheritdoc />
        public async Task<DeleteRolePolicyResponse> DeleteRolePolicyAsync(DeleteRolePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("PolicyName", request.PolicyName));
            var result = await _client.QueryAsync("DeleteRolePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DeleteRolePolicyResponse();
        }

        /// <inheritdoc />
        public async Task<ListRolePoliciesResponse> ListRolePoliciesAsync(ListRolePoliciesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.AddIfSet("Marker", request.Marker);
            p.AddIfSet("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture));
            var result = await _client.QueryAsync("ListRolePolicies", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListRolePoliciesResponse
            {
                PolicyNames = Members(result, "PolicyNames").Select(x => x.Value).ToList(),
                IsTruncated = result.Flag("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        /// <inheritdoc />
        public async Task<AttachRolePolicyResponse> AttachRolePolicyAsync(AttachRolePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("PolicyArn", request.PolicyArn));
            var result = await _client.QueryAsync("AttachRolePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new AttachRolePolicyResponse();
        }

        /// <inheritdoc />
        public async Task<DetachRolePolicyResponse> DetachRolePolicyAsync(DetachRolePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.Add(new("PolicyArn", request.PolicyArn));
            var result = await _client.QueryAsync("DetachRolePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DetachRolePolicyResponse();
        }

        /// <inheritdoc />
        public async Task<ListAttachedRolePoliciesResponse> ListAttachedRolePoliciesAsync(ListAttachedRolePoliciesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("RoleName", request.RoleName));
            p.AddIfSet("PathPrefix", request.PathPrefix);
            p.AddIfSet("Marker", request.Marker);
            p.AddIfSet("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture));
            var result = await _client.QueryAsync("ListAttachedRolePolicies", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListAttachedRolePoliciesResponse
            {
                AttachedPolicies = Members(result, "AttachedPolicies").Select(x => new AttachedPolicyType { PolicyName = x.Text("PolicyName") ?? string.Empty, PolicyArn = x.Text("PolicyArn") ?? string.Empty }).ToList(),
                IsTruncated = result.Flag("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        /// <inheritdoc />
        public async Task<CreatePolicyResponse> CreatePolicyAsync(CreatePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("PolicyName", request.PolicyName));
            p.Add(new("PolicyDocument", request.PolicyDocument));
            p.AddIfSet("Path", request.Path);
            p.AddIfSet("Description", request.Description);
            p.AddTags("Tags", request.Tags);
            var result = await _client.QueryAsync("CreatePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreatePolicyResponse
            {
                Policy = ReadPolicy(result.Element("Policy")),
            };
        }

        /// <inheritdoc />
        public async Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("PolicyArn", request.PolicyArn));
            var result = await _client.QueryAsync("GetPolicy", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetPolicyResponse
            {
                Policy = ReadPolicy(result.Element("Policy")),
            };
        }

        /// <inheritdoc />
        public async Task<GetPolicyVersionResponse> GetPolicyVersionAsync(GetPolicyVersionRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("PolicyArn", request.PolicyArn));
            p.Add(new("VersionId", request.VersionId));
            var result = await _client.QueryAsync("GetPolicyVersion", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetPolicyVersionResponse
            {
                PolicyVersion = ReadVersion(result.Element("PolicyVersion")),
            };
        }

        /// <inheritdoc />
        public async Task<DeletePolicyResponse> DeletePolicyAsync(DeletePolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("PolicyArn", request.PolicyArn));
            var result = await _client.QueryAsync("DeletePolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DeletePolicyResponse();
        }

        /// <inheritdoc />
        public async Task<CreateUserResponse> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            p.AddIfSet("Path", request.Path);
            p.AddTags("Tags", request.Tags);
            var result = await _client.QueryAsync("CreateUser", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateUserResponse
            {
                User = ReadUser(result.Element("User")),
            };
        }

        /// <inheritdoc />
        public async Task<GetUserResponse> GetUserAsync(GetUserRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("UserName", request.UserName);
            var result = await _client.QueryAsync("GetUser", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetUserResponse
            {
                User = ReadUser(result.Element("User")),
            };
        }

        /// <inheritdoc />
        public async Task<DeleteUserResponse> DeleteUserAsync(DeleteUserRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            var result = await _client.QueryAsync("DeleteUser", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DeleteUserResponse();
        }

        /// <inheritdoc />
        public async Task<ListUsersResponse> ListUsersAsync(ListUsersRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("PathPrefix", request.PathPrefix);
            p.AddIfSet("Marker", request.Marker);
            p.AddIfSet("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture));
            var result = await _client.QueryAsync("ListUsers", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListUsersResponse
            {
                Users = Members(result, "Users").Select(ReadUser).ToList(),
                IsTruncated = result.Flag("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        /// <inheritdoc />
        public async Task<TagUserResponse> TagUserAsync(TagUserRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            p.AddTags("Tags", request.Tags);
            var result = await _client.QueryAsync("TagUser", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new TagUserResponse();
        }

        /// <inheritdoc />
        public async Task<PutUserPolicyResponse> PutUserPolicyAsync(PutUserPolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            p.Add(new("PolicyName", request.PolicyName));
            p.Add(new("PolicyDocument", request.PolicyDocument));
            var result = await _client.QueryAsync("PutUserPolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new PutUserPolicyResponse();
        }

        /// <inheritdoc />
        public async Task<GetUserPolicyResponse> GetUserPolicyAsync(GetUserPolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            p.Add(new("PolicyName", request.PolicyName));
            var result = await _client.QueryAsync("GetUserPolicy", Version, p, cancellationToken).ConfigureAwait(false);
            return new GetUserPolicyResponse
            {
                UserName = result.Text("UserName") ?? string.Empty,
                PolicyName = result.Text("PolicyName") ?? string.Empty,
                PolicyDocument = Decode(result.Text("PolicyDocument")),
            };
        }

        /// <inheritdoc />
        public async Task<DeleteUserPolicyResponse> DeleteUserPolicyAsync(DeleteUserPolicyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            p.Add(new("PolicyName", request.PolicyName));
            var result = await _client.QueryAsync("DeleteUserPolicy", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DeleteUserPolicyResponse();
        }

        /// <inheritdoc />
        public async Task<ListUserPoliciesResponse> ListUserPoliciesAsync(ListUserPoliciesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.Add(new("UserName", request.UserName));
            p.AddIfSet("Marker", request.Marker);
            p.AddIfSet("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture));
            var result = await _client.QueryAsync("ListUserPolicies", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListUserPoliciesResponse
            {
                PolicyNames = Members(result, "PolicyNames").Select(x => x.Value).ToList(),
                IsTruncated = result.Flag("IsTruncated"),
                Marker = result.Text("Marker"),
            };
        }

        /// <inheritdoc />
        public async Task<CreateAccessKeyResponse> CreateAccessKeyAsync(CreateAccessKeyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("UserName", request.UserName);
            var result = await _client.QueryAsync("CreateAccessKey", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateAccessKeyResponse
            {
                AccessKey = ReadAccessKey(result.Element("AccessKey")),
            };
        }

        /// <inheritdoc />
        public async Task<ListAccessKeysResponse> ListAccessKeysAsync(ListAccessKeysRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("UserName", request.UserName);
            var result = await _client.QueryAsync("ListAccessKeys", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListAccessKeysResponse
            {
                AccessKeyMetadata = Members(result, "AccessKeyMetadata").Select(ReadKeyMetadata).ToList(),
                IsTruncated = result.Flag("IsTruncated"),
            };
        }

        /// <inheritdoc />
        public async Task<UpdateAccessKeyResponse> UpdateAccessKeyAsync(UpdateAccessKeyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("UserName", request.UserName);
            p.Add(new("AccessKeyId", request.AccessKeyId));
            p.Add(new("Status", request.Status));
            var result = await _client.QueryAsync("UpdateAccessKey", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new UpdateAccessKeyResponse();
        }

        /// <inheritdoc />
        public async Task<DeleteAccessKeyResponse> DeleteAccessKeyAsync(DeleteAccessKeyRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("UserName", request.UserName);
            p.Add(new("AccessKeyId", request.AccessKeyId));
            var result = await _client.QueryAsync("DeleteAccessKey", Version, p, cancellationToken).ConfigureAwait(false);
            _ = result;
            return new DeleteAccessKeyResponse();
        }
        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private static IEnumerable<XElement> Members(XElement result, string name) => result.Element(name)?.Elements("member") ?? [];

        private static string Decode(string? text) => text is null ? string.Empty : Uri.UnescapeDataString(text);

        private static DateTime Date(XElement? element, string name) =>
            element.Text(name) is { } text ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) : default;

        private static List<Tag> Tags(XElement? element) =>
            element?.Element("Tags")?.Elements("member").Select(t => new Tag { Key = t.Text("Key") ?? string.Empty, Value = t.Text("Value") ?? string.Empty }).ToList() ?? [];

        private static Role ReadRole(XElement? e) => new()
        {
            Path = e.Text("Path") ?? "/",
            RoleName = e.Text("RoleName") ?? string.Empty,
            RoleId = e.Text("RoleId") ?? string.Empty,
            Arn = e.Text("Arn") ?? string.Empty,
            CreateDate = Date(e, "CreateDate"),
            AssumeRolePolicyDocument = Decode(e.Text("AssumeRolePolicyDocument")),
            Description = e.Text("Description"),
            MaxSessionDuration = int.TryParse(e.Text("MaxSessionDuration"), CultureInfo.InvariantCulture, out var d) ? d : null,
            Tags = Tags(e),
        };

        private static User ReadUser(XElement? e) => new()
        {
            Path = e.Text("Path") ?? "/",
            UserName = e.Text("UserName") ?? string.Empty,
            UserId = e.Text("UserId") ?? string.Empty,
            Arn = e.Text("Arn") ?? string.Empty,
            CreateDate = Date(e, "CreateDate"),
            Tags = Tags(e),
        };

        private static Policy ReadPolicy(XElement? e) => new()
        {
            PolicyName = e.Text("PolicyName") ?? string.Empty,
            PolicyId = e.Text("PolicyId") ?? string.Empty,
            Arn = e.Text("Arn") ?? string.Empty,
            Path = e.Text("Path") ?? "/",
            DefaultVersionId = e.Text("DefaultVersionId") ?? string.Empty,
            AttachmentCount = int.TryParse(e.Text("AttachmentCount"), CultureInfo.InvariantCulture, out var c) ? c : 0,
            Description = e.Text("Description"),
            CreateDate = Date(e, "CreateDate"),
        };

        private static PolicyVersion ReadVersion(XElement? e) => new()
        {
            Document = Decode(e.Text("Document")),
            VersionId = e.Text("VersionId") ?? string.Empty,
            IsDefaultVersion = e.Flag("IsDefaultVersion"),
            CreateDate = Date(e, "CreateDate"),
        };

        private static AccessKey ReadAccessKey(XElement? e) => new()
        {
            UserName = e.Text("UserName") ?? string.Empty,
            AccessKeyId = e.Text("AccessKeyId") ?? string.Empty,
            SecretAccessKey = e.Text("SecretAccessKey") ?? string.Empty,
            Status = e.Text("Status") ?? string.Empty,
            CreateDate = Date(e, "CreateDate"),
        };

        private static AccessKeyMetadata ReadKeyMetadata(XElement e) => new()
        {
            UserName = e.Text("UserName") ?? string.Empty,
            AccessKeyId = e.Text("AccessKeyId") ?? string.Empty,
            Status = e.Text("Status") ?? string.Empty,
            CreateDate = Date(e, "CreateDate"),
        };
    }

    /// <summary>Query parameters of IAM's tag lists (<c>Tags.member.N.Key</c>/<c>Value</c>).</summary>
    internal static class IamQueryParameters
    {
        public static void AddTags(this List<KeyValuePair<string, string>> list, string name, IEnumerable<Tag> tags)
        {
            var i = 0;
            foreach (var tag in tags)
            {
                i++;
                list.Add(new($"{name}.member.{i}.Key", tag.Key));
                list.Add(new($"{name}.member.{i}.Value", tag.Value));
            }
        }
    }
}

namespace Amazon.IdentityManagement.Model
{
    /// <summary>A tag (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html).</summary>
    public sealed class Tag
    {
        /// <summary>Tag key.</summary>
        public string Key { get; set; } = string.Empty;

        /// <summary>Tag value.</summary>
        public string Value { get; set; } = string.Empty;
    }

    /// <summary>A role (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html).</summary>
    public sealed class Role
    {
        /// <summary>Path.</summary>
        public string Path { get; set; } = "/";

        /// <summary>Name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Unique id (<c>AROA…</c>).</summary>
        public string RoleId { get; set; } = string.Empty;

        /// <summary>ARN.</summary>
        public string Arn { get; set; } = string.Empty;

        /// <summary>Creation time (UTC).</summary>
        public DateTime CreateDate { get; set; }

        /// <summary>The trust policy, URL-decoded.</summary>
        public string AssumeRolePolicyDocument { get; set; } = string.Empty;

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Longest session in seconds.</summary>
        public int? MaxSessionDuration { get; set; }

        /// <summary>Tags.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>A user (https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html).</summary>
    public sealed class User
    {
        /// <summary>Path.</summary>
        public string Path { get; set; } = "/";

        /// <summary>Name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Unique id (<c>AIDA…</c>).</summary>
        public string UserId { get; set; } = string.Empty;

        /// <summary>ARN.</summary>
        public string Arn { get; set; } = string.Empty;

        /// <summary>Creation time (UTC).</summary>
        public DateTime CreateDate { get; set; }

        /// <summary>Tags (returned by GetUser).</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>A managed policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html).</summary>
    public sealed class Policy
    {
        /// <summary>Name.</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>Unique id (<c>ANPA…</c>).</summary>
        public string PolicyId { get; set; } = string.Empty;

        /// <summary>ARN.</summary>
        public string Arn { get; set; } = string.Empty;

        /// <summary>Path.</summary>
        public string Path { get; set; } = "/";

        /// <summary>The default version id (<c>v1</c>).</summary>
        public string DefaultVersionId { get; set; } = string.Empty;

        /// <summary>How many entities it is attached to.</summary>
        public int AttachmentCount { get; set; }

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Creation time (UTC).</summary>
        public DateTime CreateDate { get; set; }
    }

    /// <summary>A managed policy version (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html).</summary>
    public sealed class PolicyVersion
    {
        /// <summary>The document, URL-decoded.</summary>
        public string Document { get; set; } = string.Empty;

        /// <summary>Version id.</summary>
        public string VersionId { get; set; } = string.Empty;

        /// <summary>Whether it is the default version.</summary>
        public bool IsDefaultVersion { get; set; }

        /// <summary>Creation time (UTC).</summary>
        public DateTime CreateDate { get; set; }
    }

    /// <summary>An attached managed policy (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPolicy.html).</summary>
    public sealed class AttachedPolicyType
    {
        /// <summary>Name.</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>ARN.</summary>
        public string PolicyArn { get; set; } = string.Empty;
    }

    /// <summary>A new access key (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html).</summary>
    public sealed class AccessKey
    {
        /// <summary>Owner.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Key id (<c>AKIA…</c>).</summary>
        public string AccessKeyId { get; set; } = string.Empty;

        /// <summary>The secret, returned only by CreateAccessKey.</summary>
        public string SecretAccessKey { get; set; } = string.Empty;

        /// <summary><c>Active</c> or <c>Inactive</c>.</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>Creation time (UTC).</summary>
        public DateTime CreateDate { get; set; }
    }

    /// <summary>An access key without its secret (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyMetadata.html).</summary>
    public sealed class AccessKeyMetadata
    {
        /// <summary>Owner.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Key id.</summary>
        public string AccessKeyId { get; set; } = string.Empty;

        /// <summary><c>Active</c> or <c>Inactive</c>.</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>Creation time (UTC).</summary>
        public DateTime CreateDate { get; set; }
    }

    /// <summary>CreateRole input.</summary>
    public sealed class CreateRoleRequest
    {
        /// <summary>Role name (1-64 of [\w+=,.@-]).</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>The trust policy (JSON).</summary>
        public string AssumeRolePolicyDocument { get; set; } = string.Empty;

        /// <summary>Path, default <c>/</c>.</summary>
        public string? Path { get; set; }

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Longest session in seconds (3600-43200).</summary>
        public int? MaxSessionDuration { get; set; }

        /// <summary>Tags.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>CreateRole output.</summary>
    public sealed class CreateRoleResponse
    {
        /// <summary>The role.</summary>
        public Role Role { get; set; } = new();
    }

    /// <summary>GetRole input.</summary>
    public sealed class GetRoleRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;
    }

    /// <summary>GetRole output.</summary>
    public sealed class GetRoleResponse
    {
        /// <summary>The role (its trust policy URL-decoded).</summary>
        public Role Role { get; set; } = new();
    }

    /// <summary>DeleteRole input.</summary>
    public sealed class DeleteRoleRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;
    }

    /// <summary>DeleteRole output (empty).</summary>
    public sealed class DeleteRoleResponse;

    /// <summary>ListRoles input.</summary>
    public sealed class ListRolesRequest
    {
        /// <summary>Path prefix filter.</summary>
        public string? PathPrefix { get; set; }

        /// <summary>Marker from the previous page.</summary>
        public string? Marker { get; set; }

        /// <summary>Page size (1-1000).</summary>
        public int? MaxItems { get; set; }
    }

    /// <summary>ListRoles output.</summary>
    public sealed class ListRolesResponse
    {
        /// <summary>The roles.</summary>
        public List<Role> Roles { get; set; } = [];

        /// <summary>Whether more pages follow.</summary>
        public bool IsTruncated { get; set; }

        /// <summary>Marker for the next page.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>UpdateAssumeRolePolicy input.</summary>
    public sealed class UpdateAssumeRolePolicyRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>The new trust policy (JSON).</summary>
        public string PolicyDocument { get; set; } = string.Empty;
    }

    /// <summary>UpdateAssumeRolePolicy output (empty).</summary>
    public sealed class UpdateAssumeRolePolicyResponse;

    /// <summary>PutRolePolicy input.</summary>
    public sealed class PutRolePolicyRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Inline policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>The policy (JSON).</summary>
        public string PolicyDocument { get; set; } = string.Empty;
    }

    /// <summary>PutRolePolicy output (empty).</summary>
    public sealed class PutRolePolicyResponse;

    /// <summary>GetRolePolicy input.</summary>
    public sealed class GetRolePolicyRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Inline policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;
    }

    /// <summary>GetRolePolicy output.</summary>
    public sealed class GetRolePolicyResponse
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>The policy, URL-decoded.</summary>
        public string PolicyDocument { get; set; } = string.Empty;
    }

    /// <summary>DeleteRolePolicy input.</summary>
    public sealed class DeleteRolePolicyRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Inline policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;
    }

    /// <summary>DeleteRolePolicy output (empty).</summary>
    public sealed class DeleteRolePolicyResponse;

    /// <summary>ListRolePolicies input.</summary>
    public sealed class ListRolePoliciesRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Marker from the previous page.</summary>
        public string? Marker { get; set; }

        /// <summary>Page size.</summary>
        public int? MaxItems { get; set; }
    }

    /// <summary>ListRolePolicies output.</summary>
    public sealed class ListRolePoliciesResponse
    {
        /// <summary>Inline policy names.</summary>
        public List<string> PolicyNames { get; set; } = [];

        /// <summary>Whether more pages follow.</summary>
        public bool IsTruncated { get; set; }

        /// <summary>Marker for the next page.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>AttachRolePolicy input.</summary>
    public sealed class AttachRolePolicyRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Managed policy ARN.</summary>
        public string PolicyArn { get; set; } = string.Empty;
    }

    /// <summary>AttachRolePolicy output (empty).</summary>
    public sealed class AttachRolePolicyResponse;

    /// <summary>DetachRolePolicy input.</summary>
    public sealed class DetachRolePolicyRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Managed policy ARN.</summary>
        public string PolicyArn { get; set; } = string.Empty;
    }

    /// <summary>DetachRolePolicy output (empty).</summary>
    public sealed class DetachRolePolicyResponse;

    /// <summary>ListAttachedRolePolicies input.</summary>
    public sealed class ListAttachedRolePoliciesRequest
    {
        /// <summary>Role name.</summary>
        public string RoleName { get; set; } = string.Empty;

        /// <summary>Path prefix filter.</summary>
        public string? PathPrefix { get; set; }

        /// <summary>Marker from the previous page.</summary>
        public string? Marker { get; set; }

        /// <summary>Page size.</summary>
        public int? MaxItems { get; set; }
    }

    /// <summary>ListAttachedRolePolicies output.</summary>
    public sealed class ListAttachedRolePoliciesResponse
    {
        /// <summary>The attached policies.</summary>
        public List<AttachedPolicyType> AttachedPolicies { get; set; } = [];

        /// <summary>Whether more pages follow.</summary>
        public bool IsTruncated { get; set; }

        /// <summary>Marker for the next page.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>CreatePolicy input.</summary>
    public sealed class CreatePolicyRequest
    {
        /// <summary>Policy name (1-128).</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>The policy (JSON).</summary>
        public string PolicyDocument { get; set; } = string.Empty;

        /// <summary>Path, default <c>/</c>.</summary>
        public string? Path { get; set; }

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Tags.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>CreatePolicy output.</summary>
    public sealed class CreatePolicyResponse
    {
        /// <summary>The policy.</summary>
        public Policy Policy { get; set; } = new();
    }

    /// <summary>GetPolicy input.</summary>
    public sealed class GetPolicyRequest
    {
        /// <summary>Policy ARN.</summary>
        public string PolicyArn { get; set; } = string.Empty;
    }

    /// <summary>GetPolicy output.</summary>
    public sealed class GetPolicyResponse
    {
        /// <summary>The policy.</summary>
        public Policy Policy { get; set; } = new();
    }

    /// <summary>GetPolicyVersion input.</summary>
    public sealed class GetPolicyVersionRequest
    {
        /// <summary>Policy ARN.</summary>
        public string PolicyArn { get; set; } = string.Empty;

        /// <summary>Version id, e.g. <c>v1</c>.</summary>
        public string VersionId { get; set; } = string.Empty;
    }

    /// <summary>GetPolicyVersion output.</summary>
    public sealed class GetPolicyVersionResponse
    {
        /// <summary>The version (its document URL-decoded).</summary>
        public PolicyVersion PolicyVersion { get; set; } = new();
    }

    /// <summary>DeletePolicy input.</summary>
    public sealed class DeletePolicyRequest
    {
        /// <summary>Policy ARN.</summary>
        public string PolicyArn { get; set; } = string.Empty;
    }

    /// <summary>DeletePolicy output (empty).</summary>
    public sealed class DeletePolicyResponse;

    /// <summary>CreateUser input.</summary>
    public sealed class CreateUserRequest
    {
        /// <summary>User name (1-64).</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Path, default <c>/</c>.</summary>
        public string? Path { get; set; }

        /// <summary>Tags.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>CreateUser output.</summary>
    public sealed class CreateUserResponse
    {
        /// <summary>The user.</summary>
        public User User { get; set; } = new();
    }

    /// <summary>GetUser input.</summary>
    public sealed class GetUserRequest
    {
        /// <summary>User name; the caller's own user when unset.</summary>
        public string? UserName { get; set; }
    }

    /// <summary>GetUser output.</summary>
    public sealed class GetUserResponse
    {
        /// <summary>The user.</summary>
        public User User { get; set; } = new();
    }

    /// <summary>DeleteUser input.</summary>
    public sealed class DeleteUserRequest
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;
    }

    /// <summary>DeleteUser output (empty).</summary>
    public sealed class DeleteUserResponse;

    /// <summary>ListUsers input.</summary>
    public sealed class ListUsersRequest
    {
        /// <summary>Path prefix filter.</summary>
        public string? PathPrefix { get; set; }

        /// <summary>Marker from the previous page.</summary>
        public string? Marker { get; set; }

        /// <summary>Page size.</summary>
        public int? MaxItems { get; set; }
    }

    /// <summary>ListUsers output.</summary>
    public sealed class ListUsersResponse
    {
        /// <summary>The users.</summary>
        public List<User> Users { get; set; } = [];

        /// <summary>Whether more pages follow.</summary>
        public bool IsTruncated { get; set; }

        /// <summary>Marker for the next page.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>TagUser input.</summary>
    public sealed class TagUserRequest
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Tags to add or replace.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>TagUser output (empty).</summary>
    public sealed class TagUserResponse;

    /// <summary>PutUserPolicy input.</summary>
    public sealed class PutUserPolicyRequest
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Inline policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>The policy (JSON).</summary>
        public string PolicyDocument { get; set; } = string.Empty;
    }

    /// <summary>PutUserPolicy output (empty).</summary>
    public sealed class PutUserPolicyResponse;

    /// <summary>GetUserPolicy input.</summary>
    public sealed class GetUserPolicyRequest
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Inline policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;
    }

    /// <summary>GetUserPolicy output.</summary>
    public sealed class GetUserPolicyResponse
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;

        /// <summary>The policy, URL-decoded.</summary>
        public string PolicyDocument { get; set; } = string.Empty;
    }

    /// <summary>DeleteUserPolicy input.</summary>
    public sealed class DeleteUserPolicyRequest
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Inline policy name.</summary>
        public string PolicyName { get; set; } = string.Empty;
    }

    /// <summary>DeleteUserPolicy output (empty).</summary>
    public sealed class DeleteUserPolicyResponse;

    /// <summary>ListUserPolicies input.</summary>
    public sealed class ListUserPoliciesRequest
    {
        /// <summary>User name.</summary>
        public string UserName { get; set; } = string.Empty;

        /// <summary>Marker from the previous page.</summary>
        public string? Marker { get; set; }

        /// <summary>Page size.</summary>
        public int? MaxItems { get; set; }
    }

    /// <summary>ListUserPolicies output.</summary>
    public sealed class ListUserPoliciesResponse
    {
        /// <summary>Inline policy names.</summary>
        public List<string> PolicyNames { get; set; } = [];

        /// <summary>Whether more pages follow.</summary>
        public bool IsTruncated { get; set; }

        /// <summary>Marker for the next page.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>CreateAccessKey input.</summary>
    public sealed class CreateAccessKeyRequest
    {
        /// <summary>User name; the caller's own user when unset.</summary>
        public string? UserName { get; set; }
    }

    /// <summary>CreateAccessKey output.</summary>
    public sealed class CreateAccessKeyResponse
    {
        /// <summary>The key with its secret (shown only here).</summary>
        public AccessKey AccessKey { get; set; } = new();
    }

    /// <summary>ListAccessKeys input.</summary>
    public sealed class ListAccessKeysRequest
    {
        /// <summary>User name; the caller's own user when unset.</summary>
        public string? UserName { get; set; }
    }

    /// <summary>ListAccessKeys output.</summary>
    public sealed class ListAccessKeysResponse
    {
        /// <summary>The keys, without secrets.</summary>
        public List<AccessKeyMetadata> AccessKeyMetadata { get; set; } = [];

        /// <summary>Whether more pages follow.</summary>
        public bool IsTruncated { get; set; }
    }

    /// <summary>UpdateAccessKey input.</summary>
    public sealed class UpdateAccessKeyRequest
    {
        /// <summary>User name; the caller's own user when unset.</summary>
        public string? UserName { get; set; }

        /// <summary>The key.</summary>
        public string AccessKeyId { get; set; } = string.Empty;

        /// <summary><c>Active</c> or <c>Inactive</c>.</summary>
        public string Status { get; set; } = string.Empty;
    }

    /// <summary>UpdateAccessKey output (empty).</summary>
    public sealed class UpdateAccessKeyResponse;

    /// <summary>DeleteAccessKey input.</summary>
    public sealed class DeleteAccessKeyRequest
    {
        /// <summary>User name; the caller's own user when unset.</summary>
        public string? UserName { get; set; }

        /// <summary>The key.</summary>
        public string AccessKeyId { get; set; } = string.Empty;
    }

    /// <summary>DeleteAccessKey output (empty).</summary>
    public sealed class DeleteAccessKeyResponse;
}
