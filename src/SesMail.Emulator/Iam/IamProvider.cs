using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Iam.Shapes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Iam;

/// <summary>
/// AWS Identity and Access Management for one account, one method per operation of the 2010-05-08 API
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html), spoken in Query by <see cref="IamService"/>:
/// roles with trust policies, inline and attached managed policies, users with inline policies, tags and access keys,
/// and customer-managed policies. Policy documents are validated as IAM validates them (<c>MalformedPolicyDocument</c>)
/// and are what <see cref="Protocols"/>' request authorizer evaluates.
/// </summary>
/// <remarks>
/// Not emulated: groups, instance profiles, permissions boundaries (refused with <c>InvalidInput</c>), more than one
/// version of a managed policy (<c>CreatePolicyVersion</c>), policies attached to users, login profiles, MFA devices,
/// service-linked roles, OIDC/SAML providers, credential reports, access advisor and the IAM quotas other than policy
/// sizes, two access keys per user and ten managed policies per role. AWS managed policies exist only as
/// <c>AdministratorAccess</c>, <c>service-role/AWSLambdaBasicExecutionRole</c> and <c>AWSXrayWriteOnlyAccess</c>.
/// </remarks>
internal sealed partial class IamProvider(IamStore store, TimeProvider clock)
{
    private const string NamePattern = "[\\w+=,.@-]+";
    private const int MaxAccessKeysPerUser = 2;
    private const int MaxPoliciesPerRole = 10;
    private const int MaxRoleInlinePolicySize = 10_240;
    private const int MaxUserInlinePolicySize = 2_048;
    private const int MaxManagedPolicySize = 6_144;
    private const int MaxTrustPolicySize = 2_048;

    /// <summary>The AWS managed policies the emulator knows, by ARN.</summary>
    public static IReadOnlyDictionary<string, IamPolicyRecord> AwsManagedPolicies { get; } = new Dictionary<string, IamPolicyRecord>(StringComparer.Ordinal)
    {
        ["arn:aws:iam::aws:policy/AdministratorAccess"] = Managed("AdministratorAccess", "/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""),
        ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"] = Managed("AWSLambdaBasicExecutionRole", "/service-role/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"""),
        ["arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"] = Managed("AWSLambdaSQSQueueExecutionRole", "/service-role/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"""),
        ["arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole"] = Managed("AWSLambdaDynamoDBExecutionRole", "/service-role/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"""),
        ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"] = Managed("AWSXrayWriteOnlyAccess", "/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":"*"}]}"""),
    };

    // ---------------------------------------------------------------- roles

    public RoleResult CreateRole(CreateRoleRequest request, AwsRequestContext context)
    {
        var name = Name(request.RoleName, "roleName", 64);
        var path = PathOf(request.Path);
        var trust = request.AssumeRolePolicyDocument ?? throw IamErrors.Missing("assumeRolePolicyDocument");
        Validate(trust, PolicyKind.Trust, MaxTrustPolicySize, () => $"Cannot exceed quota for ACLSizePerRole: {MaxTrustPolicySize}");
        RefuseBoundary(request.PermissionsBoundary);
        var duration = request.MaxSessionDuration ?? 3600;
        if (duration is < 3600 or > 43_200)
        {
            throw IamErrors.Validation($"1 validation error detected: Value '{duration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value {(duration < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200")}");
        }

        lock (store.Gate)
        {
            if (store.Role(name) is not null)
            {
                throw IamErrors.EntityAlreadyExists($"Role with name {name} already exists.");
            }

            var role = new IamRoleRecord(name, "AROA" + RandomId(17), path, $"arn:aws:iam::{context.AccountId}:role{path}{name}", Now(), trust,
                request.Description, duration, Tags(request.Tags), new Dictionary<string, string>(StringComparer.Ordinal), []);
            store.Put(role);
            return new RoleResult(Shape(role));
        }
    }

    public RoleResult GetRole(RoleRequest request, AwsRequestContext context) => new(Shape(RequireRole(request.RoleName)));

    public EmptyResult DeleteRole(RoleRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            var role = RequireRole(request.RoleName);
            if (role.InlinePolicies.Count > 0)
            {
                throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            }

            if (role.AttachedPolicyArns.Count > 0)
            {
                throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            }

            store.RemoveRole(role.RoleName);
        }

        return EmptyResult.Instance;
    }

    public ListRolesResult ListRoles(ListRequest request, AwsRequestContext context)
    {
        var prefix = request.PathPrefix ?? "/";
        var (page, marker) = Page(store.Roles().Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)), r => r.RoleName, request);
        return new ListRolesResult([.. page.Select(r => Shape(r) with { Tags = null })], marker is not null, marker);
    }

    public EmptyResult UpdateAssumeRolePolicy(UpdateAssumeRolePolicyRequest request, AwsRequestContext context)
    {
        var document = request.PolicyDocument ?? throw IamErrors.Missing("policyDocument");
        Validate(document, PolicyKind.Trust, MaxTrustPolicySize, () => $"Cannot exceed quota for ACLSizePerRole: {MaxTrustPolicySize}");
        lock (store.Gate)
        {
            var role = RequireRole(request.RoleName);
            store.Put(role with { AssumeRolePolicyDocument = document });
        }

        return EmptyResult.Instance;
    }

    public EmptyResult PutRolePolicy(PutInlinePolicyRequest request, AwsRequestContext context)
    {
        var policyName = Name(request.PolicyName, "policyName", 128);
        var document = request.PolicyDocument ?? throw IamErrors.Missing("policyDocument");
        Validate(document, PolicyKind.Identity, int.MaxValue, () => string.Empty);
        lock (store.Gate)
        {
            var role = RequireRole(request.RoleName);
            var policies = new Dictionary<string, string>(role.InlinePolicies, StringComparer.Ordinal) { [policyName] = document };
            if (policies.Values.Sum(Size) > MaxRoleInlinePolicySize)
            {
                throw IamErrors.LimitExceeded($"Maximum policy size of {MaxRoleInlinePolicySize} bytes exceeded for role {role.RoleName}");
            }

            store.Put(role with { InlinePolicies = policies });
        }

        return EmptyResult.Instance;
    }

    public GetRolePolicyResult GetRolePolicy(InlinePolicyRequest request, AwsRequestContext context)
    {
        var role = RequireRole(request.RoleName);
        var name = request.PolicyName ?? throw IamErrors.Missing("policyName");
        return role.InlinePolicies.TryGetValue(name, out var document)
            ? new GetRolePolicyResult(role.RoleName, name, Encode(document))
            : throw IamErrors.NoSuchEntity($"The role policy with name {name} cannot be found.");
    }

    public EmptyResult DeleteRolePolicy(InlinePolicyRequest request, AwsRequestContext context)
    {
        var name = request.PolicyName ?? throw IamErrors.Missing("policyName");
        lock (store.Gate)
        {
            var role = RequireRole(request.RoleName);
            if (!role.InlinePolicies.ContainsKey(name))
            {
                throw IamErrors.NoSuchEntity($"The role policy with name {name} cannot be found.");
            }

            store.Put(role with { InlinePolicies = role.InlinePolicies.Where(p => p.Key != name).ToDictionary(StringComparer.Ordinal) });
        }

        return EmptyResult.Instance;
    }

    public ListPolicyNamesResult ListRolePolicies(ListRequest request, AwsRequestContext context)
    {
        var role = RequireRole(request.RoleName);
        var (page, marker) = Page(role.InlinePolicies.Keys.Order(StringComparer.Ordinal), n => n, request);
        return new ListPolicyNamesResult(page, marker is not null, marker);
    }

    public EmptyResult AttachRolePolicy(RolePolicyAttachmentRequest request, AwsRequestContext context)
    {
        var arn = request.PolicyArn ?? throw IamErrors.Missing("policyArn");
        lock (store.Gate)
        {
            var role = RequireRole(request.RoleName);
            _ = ManagedPolicy(arn) ?? throw IamErrors.NoSuchPolicy(arn);
            if (role.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal))
            {
                return EmptyResult.Instance;
            }

            if (role.AttachedPolicyArns.Count >= MaxPoliciesPerRole)
            {
                throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerRole: {MaxPoliciesPerRole}");
            }

            store.Put(role with { AttachedPolicyArns = [.. role.AttachedPolicyArns, arn] });
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DetachRolePolicy(RolePolicyAttachmentRequest request, AwsRequestContext context)
    {
        var arn = request.PolicyArn ?? throw IamErrors.Missing("policyArn");
        lock (store.Gate)
        {
            var role = RequireRole(request.RoleName);
            if (!role.AttachedPolicyArns.Contains(arn, StringComparer.Ordinal))
            {
                throw IamErrors.NoSuchEntity($"Policy {arn} was not found.");
            }

            store.Put(role with { AttachedPolicyArns = [.. role.AttachedPolicyArns.Where(a => a != arn)] });
        }

        return EmptyResult.Instance;
    }

    public ListAttachedPoliciesResult ListAttachedRolePolicies(ListRequest request, AwsRequestContext context)
    {
        var role = RequireRole(request.RoleName);
        var attached = role.AttachedPolicyArns
            .Select(arn => ManagedPolicy(arn) is { } p ? new AttachedPolicyShape(p.PolicyName, arn) : null)
            .OfType<AttachedPolicyShape>()
            .Where(p => request.PathPrefix is null || ManagedPolicy(p.PolicyArn)!.Path.StartsWith(request.PathPrefix, StringComparison.Ordinal));
        var (page, marker) = Page(attached, p => p.PolicyArn, request);
        return new ListAttachedPoliciesResult(page, marker is not null, marker);
    }

    // ---------------------------------------------------------------- managed policies

    public PolicyResult CreatePolicy(CreatePolicyRequest request, AwsRequestContext context)
    {
        var name = Name(request.PolicyName, "policyName", 128);
        var path = PathOf(request.Path);
        var document = request.PolicyDocument ?? throw IamErrors.Missing("policyDocument");
        Validate(document, PolicyKind.Identity, MaxManagedPolicySize, () => $"Cannot exceed quota for PolicySize: {MaxManagedPolicySize}");
        var arn = $"arn:aws:iam::{context.AccountId}:policy{path}{name}";
        lock (store.Gate)
        {
            if (store.Policies().Any(p => p.PolicyName == name))
            {
                throw IamErrors.EntityAlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.");
            }

            var now = Now();
            var policy = new IamPolicyRecord(name, "ANPA" + RandomId(17), path, arn, request.Description, now, now, "v1",
                [new IamPolicyVersionRecord("v1", document, now)], Tags(request.Tags));
            store.Put(policy);
            return new PolicyResult(Shape(policy));
        }
    }

    public PolicyResult GetPolicy(PolicyRequest request, AwsRequestContext context)
    {
        var arn = request.PolicyArn ?? throw IamErrors.Missing("policyArn");
        return new PolicyResult(Shape(ManagedPolicy(arn) ?? throw IamErrors.NoSuchEntity($"Policy {arn} was not found.")));
    }

    public PolicyVersionResult GetPolicyVersion(PolicyVersionRequest request, AwsRequestContext context)
    {
        var arn = request.PolicyArn ?? throw IamErrors.Missing("policyArn");
        var versionId = request.VersionId ?? throw IamErrors.Missing("versionId");
        var policy = ManagedPolicy(arn) ?? throw IamErrors.NoSuchEntity($"Policy {arn} was not found.");
        var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId)
            ?? throw IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
        return new PolicyVersionResult(new PolicyVersionShape(Encode(version.Document), version.VersionId, version.VersionId == policy.DefaultVersionId, Date(version.CreateDate)));
    }

    public EmptyResult DeletePolicy(PolicyRequest request, AwsRequestContext context)
    {
        var arn = request.PolicyArn ?? throw IamErrors.Missing("policyArn");
        lock (store.Gate)
        {
            _ = store.Policy(arn) ?? throw IamErrors.NoSuchEntity($"Policy {arn} was not found.");
            if (store.AttachmentCount(arn) > 0)
            {
                throw IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
            }

            store.RemovePolicy(arn);
        }

        return EmptyResult.Instance;
    }

    public ListPoliciesResult ListPolicies(ListRequest request, AwsRequestContext context)
    {
        var scope = request.Scope ?? "All";
        IEnumerable<IamPolicyRecord> policies = scope switch
        {
            "Local" => store.Policies(),
            "AWS" => AwsManagedPolicies.Values,
            "All" => AwsManagedPolicies.Values.Concat(store.Policies()),
            _ => throw IamErrors.Validation($"1 validation error detected: Value '{scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]"),
        };
        var prefix = request.PathPrefix ?? "/";
        var filtered = policies
            .Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Where(p => request.OnlyAttached != true || store.AttachmentCount(p.Arn) > 0)
            .OrderBy(p => p.PolicyName, StringComparer.Ordinal);
        var (page, marker) = Page(filtered, p => p.Arn, request);
        return new ListPoliciesResult([.. page.Select(p => Shape(p) with { Tags = null })], marker is not null, marker);
    }

    // ---------------------------------------------------------------- users

    public UserResult CreateUser(CreateUserRequest request, AwsRequestContext context)
    {
        var name = Name(request.UserName, "userName", 64);
        var path = PathOf(request.Path);
        RefuseBoundary(request.PermissionsBoundary);
        lock (store.Gate)
        {
            if (store.User(name) is not null)
            {
                throw IamErrors.EntityAlreadyExists($"User with name {name} already exists.");
            }

            var user = new IamUserRecord(name, "AIDA" + RandomId(17), path, $"arn:aws:iam::{context.AccountId}:user{path}{name}", Now(), Tags(request.Tags),
                new Dictionary<string, string>(StringComparer.Ordinal));
            store.Put(user);
            return new UserResult(Shape(user));
        }
    }

    public UserResult GetUser(UserRequest request, AwsRequestContext context)
    {
        if (request.UserName is { } name)
        {
            return new UserResult(Shape(RequireUser(name)));
        }

        var caller = context.Caller;
        return caller.Type switch
        {
            AwsPrincipalType.User => new UserResult(Shape(RequireUser(caller.UserName!))),
            AwsPrincipalType.Root => new UserResult(new UserShape("/", "root", caller.AccountId, caller.Arn, Date(DateTimeOffset.UnixEpoch), null)),
            _ => throw IamErrors.Validation("Must specify userName when calling with non-User credentials"),
        };
    }

    public EmptyResult DeleteUser(UserRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
            if (store.AccessKeysOf(user.UserName).Count > 0)
            {
                throw IamErrors.DeleteConflict("Cannot delete entity, must delete access keys first.");
            }

            if (user.InlinePolicies.Count > 0)
            {
                throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            }

            store.RemoveUser(user.UserName);
        }

        return EmptyResult.Instance;
    }

    public ListUsersResult ListUsers(ListRequest request, AwsRequestContext context)
    {
        var prefix = request.PathPrefix ?? "/";
        var (page, marker) = Page(store.Users().Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal)), u => u.UserName, request);
        return new ListUsersResult([.. page.Select(u => Shape(u) with { Tags = null })], marker is not null, marker);
    }

    public EmptyResult TagUser(TagUserRequest request, AwsRequestContext context)
    {
        var tags = Tags(request.Tags ?? throw IamErrors.Missing("tags"));
        lock (store.Gate)
        {
            var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
            var merged = user.Tags.Where(t => !tags.Any(n => string.Equals(n.Key, t.Key, StringComparison.OrdinalIgnoreCase))).Concat(tags).ToList();
            if (merged.Count > 50)
            {
                throw IamErrors.LimitExceeded("The number of tags has reached the maximum limit.");
            }

            store.Put(user with { Tags = merged });
        }

        return EmptyResult.Instance;
    }

    public EmptyResult UntagUser(UntagUserRequest request, AwsRequestContext context)
    {
        var keys = request.TagKeys ?? throw IamErrors.Missing("tagKeys");
        lock (store.Gate)
        {
            var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
            store.Put(user with { Tags = [.. user.Tags.Where(t => !keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase))] });
        }

        return EmptyResult.Instance;
    }

    public ListTagsResult ListUserTags(UserRequest request, AwsRequestContext context) =>
        new([.. RequireUser(request.UserName ?? throw IamErrors.Missing("userName")).Tags.Select(t => new IamTag(t.Key, t.Value))], false);

    public EmptyResult PutUserPolicy(PutInlinePolicyRequest request, AwsRequestContext context)
    {
        var policyName = Name(request.PolicyName, "policyName", 128);
        var document = request.PolicyDocument ?? throw IamErrors.Missing("policyDocument");
        Validate(document, PolicyKind.Identity, int.MaxValue, () => string.Empty);
        lock (store.Gate)
        {
            var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
            var policies = new Dictionary<string, string>(user.InlinePolicies, StringComparer.Ordinal) { [policyName] = document };
            if (policies.Values.Sum(Size) > MaxUserInlinePolicySize)
            {
                throw IamErrors.LimitExceeded($"Maximum policy size of {MaxUserInlinePolicySize} bytes exceeded for user {user.UserName}");
            }

            store.Put(user with { InlinePolicies = policies });
        }

        return EmptyResult.Instance;
    }

    public GetUserPolicyResult GetUserPolicy(InlinePolicyRequest request, AwsRequestContext context)
    {
        var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
        var name = request.PolicyName ?? throw IamErrors.Missing("policyName");
        return user.InlinePolicies.TryGetValue(name, out var document)
            ? new GetUserPolicyResult(user.UserName, name, Encode(document))
            : throw IamErrors.NoSuchEntity($"The user policy with name {name} cannot be found.");
    }

    public EmptyResult DeleteUserPolicy(InlinePolicyRequest request, AwsRequestContext context)
    {
        var name = request.PolicyName ?? throw IamErrors.Missing("policyName");
        lock (store.Gate)
        {
            var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
            if (!user.InlinePolicies.ContainsKey(name))
            {
                throw IamErrors.NoSuchEntity($"The user policy with name {name} cannot be found.");
            }

            store.Put(user with { InlinePolicies = user.InlinePolicies.Where(p => p.Key != name).ToDictionary(StringComparer.Ordinal) });
        }

        return EmptyResult.Instance;
    }

    public ListPolicyNamesResult ListUserPolicies(ListRequest request, AwsRequestContext context)
    {
        var user = RequireUser(request.UserName ?? throw IamErrors.Missing("userName"));
        var (page, marker) = Page(user.InlinePolicies.Keys.Order(StringComparer.Ordinal), n => n, request);
        return new ListPolicyNamesResult(page, marker is not null, marker);
    }

    // ---------------------------------------------------------------- access keys

    public CreateAccessKeyResult CreateAccessKey(UserRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            var user = RequireUser(request.UserName ?? CallerUserName(context));
            if (store.AccessKeysOf(user.UserName).Count >= MaxAccessKeysPerUser)
            {
                throw IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {MaxAccessKeysPerUser}");
            }

            var key = new IamAccessKeyRecord("AKIA" + RandomId(16), RandomSecret(), user.UserName, "Active", Now());
            store.Put(key);
            return new CreateAccessKeyResult(new AccessKeyShape(key.UserName, key.AccessKeyId, key.Status, key.SecretAccessKey, Date(key.CreateDate)));
        }
    }

    public ListAccessKeysResult ListAccessKeys(ListRequest request, AwsRequestContext context)
    {
        var user = RequireUser(request.UserName ?? CallerUserName(context));
        return new ListAccessKeysResult(user.UserName,
            [.. store.AccessKeysOf(user.UserName).Select(k => new AccessKeyMetadataShape(k.UserName, k.AccessKeyId, k.Status, Date(k.CreateDate)))], false);
    }

    public EmptyResult UpdateAccessKey(AccessKeyRequest request, AwsRequestContext context)
    {
        var status = request.Status ?? throw IamErrors.Missing("status");
        if (status is not ("Active" or "Inactive"))
        {
            throw IamErrors.Validation($"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }

        lock (store.Gate)
        {
            var key = RequireKey(request, context);
            store.Put(key with { Status = status });
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DeleteAccessKey(AccessKeyRequest request, AwsRequestContext context)
    {
        lock (store.Gate)
        {
            var key = RequireKey(request, context);
            store.RemoveAccessKey(key.AccessKeyId);
        }

        return EmptyResult.Instance;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A customer-managed or known AWS managed policy by ARN.</summary>
    internal IamPolicyRecord? ManagedPolicy(string arn) => store.Policy(arn) ?? AwsManagedPolicies.GetValueOrDefault(arn);

    private IamAccessKeyRecord RequireKey(AccessKeyRequest request, AwsRequestContext context)
    {
        var id = request.AccessKeyId ?? throw IamErrors.Missing("accessKeyId");
        var userName = request.UserName ?? CallerUserName(context);
        var user = RequireUser(userName);
        var key = store.AccessKey(id);
        return key is not null && string.Equals(key.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)
            ? key
            : throw IamErrors.NoSuchEntity($"The Access Key with id {id} cannot be found.");
    }

    private static string CallerUserName(AwsRequestContext context) =>
        context.Caller.UserName ?? throw IamErrors.Validation("Must specify userName when calling with non-User credentials");

    private IamRoleRecord RequireRole(string? name)
    {
        var roleName = name ?? throw IamErrors.Missing("roleName");
        return store.Role(roleName) ?? throw IamErrors.NoSuchRole(roleName);
    }

    private IamUserRecord RequireUser(string name) => store.User(name) ?? throw IamErrors.NoSuchUser(name);

    private static void Validate(string document, PolicyKind kind, int maxSize, Func<string> tooLarge)
    {
        if (Size(document) > maxSize)
        {
            throw IamErrors.LimitExceeded(tooLarge());
        }

        try
        {
            PolicyDocument.Parse(document, kind);
        }
        catch (PolicyFormatException error)
        {
            throw IamErrors.MalformedPolicyDocument(error.Message);
        }
    }

    private static void RefuseBoundary(string? boundary)
    {
        if (boundary is not null)
        {
            throw IamErrors.InvalidInput("Permissions boundaries are not emulated by SesMail.Emulator; create the entity without PermissionsBoundary.");
        }
    }

    /// <summary>IAM counts a policy's size without whitespace.</summary>
    private static int Size(string document) => document.Count(c => !char.IsWhiteSpace(c));

    private static string Name(string? value, string member, int maxLength)
    {
        var name = value ?? throw IamErrors.Missing(member);
        if (name.Length > maxLength)
        {
            throw IamErrors.Validation($"1 validation error detected: Value '{name}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {maxLength}");
        }

        return NameRegex().IsMatch(name) ? name : throw IamErrors.Pattern(name, member, NamePattern);
    }

    private static string PathOf(string? value)
    {
        var path = value ?? "/";
        return PathRegex().IsMatch(path) && path.Length <= 512
            ? path
            : throw IamErrors.Pattern(path, "path", "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    }

    private static List<IamTagRecord> Tags(IReadOnlyList<IamTag>? tags)
    {
        var result = new List<IamTagRecord>();
        foreach (var tag in tags ?? [])
        {
            if (tag.Key is not { Length: > 0 and <= 128 } key)
            {
                throw IamErrors.Validation("1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128");
            }

            result.RemoveAll(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));
            result.Add(new IamTagRecord(key, tag.Value ?? string.Empty));
        }

        return result;
    }

    private static (List<T> Page, string? Marker) Page<T>(IEnumerable<T> items, Func<T, string> key, ListRequest request)
    {
        var max = request.MaxItems ?? 100;
        if (max is < 1 or > 1000)
        {
            throw IamErrors.Validation($"1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
        }

        var all = items.ToList();
        var start = 0;
        if (request.Marker is { } marker)
        {
            start = all.FindIndex(i => key(i) == marker);
            if (start < 0)
            {
                throw IamErrors.InvalidInput($"Invalid Marker {marker}.");
            }
        }

        var page = all.Skip(start).Take(max).ToList();
        return (page, start + max < all.Count ? key(all[start + max]) : null);
    }

    private static RoleShape Shape(IamRoleRecord role) =>
        new(role.Path, role.RoleName, role.RoleId, role.Arn, Date(role.CreateDate), Encode(role.AssumeRolePolicyDocument), role.Description,
            role.MaxSessionDuration, role.Tags.Count == 0 ? null : [.. role.Tags.Select(t => new IamTag(t.Key, t.Value))]);

    private static UserShape Shape(IamUserRecord user) =>
        new(user.Path, user.UserName, user.UserId, user.Arn, Date(user.CreateDate), user.Tags.Count == 0 ? null : [.. user.Tags.Select(t => new IamTag(t.Key, t.Value))]);

    private PolicyShape Shape(IamPolicyRecord policy) =>
        new(policy.PolicyName, policy.PolicyId, policy.Arn, policy.Path, policy.DefaultVersionId, store.AttachmentCount(policy.Arn), 0, true,
            policy.Description, Date(policy.CreateDate), Date(policy.UpdateDate), policy.Tags.Count == 0 ? null : [.. policy.Tags.Select(t => new IamTag(t.Key, t.Value))]);

    /// <summary>IAM returns policy documents URL-encoded (RFC 3986); the AWS CLI decodes them, the SDKs leave that to the caller.</summary>
    private static string Encode(string document) => Uri.EscapeDataString(document);

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static IamPolicyRecord Managed(string name, string path, string document) =>
        new(name, "ANPAAWSMANAGED" + name.Length.ToString("D3", CultureInfo.InvariantCulture), path, $"arn:aws:iam::aws:policy{path}{name}", null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "v1", [new IamPolicyVersionRecord("v1", document, DateTimeOffset.UnixEpoch)], []);

    /// <summary>Random upper-case letters and digits, as IAM ids and access key ids use.</summary>
    internal static string RandomId(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }

    /// <summary>A 40-character secret access key.</summary>
    internal static string RandomSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));

    [GeneratedRegex("^[\\w+=,.@-]+$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^(/|/[\\u0021-\\u007E]+/)$")]
    private static partial Regex PathRegex();
}
