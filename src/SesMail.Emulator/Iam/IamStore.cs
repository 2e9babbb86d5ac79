using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Iam;

/// <summary>
/// Roles, users, access keys and customer-managed policies of the one emulated account, persisted in
/// <c>{DataDirectory}/iam/state.json</c>. Records are immutable and replaced whole under <see cref="Gate"/>; readers
/// take them without the lock. Also keeps the ids of deleted access keys, so a deleted key is refused rather than
/// read as root credentials.
/// </summary>
internal sealed class IamStore : ISnapshotStore<IamSnapshot>
{
    private readonly Dictionary<string, IamRoleRecord> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IamUserRecord> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IamPolicyRecord> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IamAccessKeyRecord> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _retiredKeys = new(StringComparer.Ordinal);

    /// <summary>Held by every read-modify-write of the provider.</summary>
    public Lock Gate { get; } = new();

    /// <inheritdoc/>
    public IamSnapshot Empty => new([], [], [], [], []);

    /// <summary>The role with a name (IAM names compare without case), or <c>null</c>.</summary>
    public IamRoleRecord? Role(string name)
    {
        lock (Gate)
        {
            return _roles.GetValueOrDefault(name);
        }
    }

    /// <summary>Every role, by name.</summary>
    public IReadOnlyList<IamRoleRecord> Roles()
    {
        lock (Gate)
        {
            return [.. _roles.Values.OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Adds or replaces a role (caller holds <see cref="Gate"/>).</summary>
    public void Put(IamRoleRecord role) => _roles[role.RoleName] = role;

    /// <summary>Removes a role (caller holds <see cref="Gate"/>).</summary>
    public void RemoveRole(string name) => _roles.Remove(name);

    /// <summary>The user with a name, or <c>null</c>.</summary>
    public IamUserRecord? User(string name)
    {
        lock (Gate)
        {
            return _users.GetValueOrDefault(name);
        }
    }

    /// <summary>Every user, by name.</summary>
    public IReadOnlyList<IamUserRecord> Users()
    {
        lock (Gate)
        {
            return [.. _users.Values.OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Adds or replaces a user (caller holds <see cref="Gate"/>).</summary>
    public void Put(IamUserRecord user) => _users[user.UserName] = user;

    /// <summary>Removes a user (caller holds <see cref="Gate"/>).</summary>
    public void RemoveUser(string name) => _users.Remove(name);

    /// <summary>The customer-managed policy with an ARN, or <c>null</c>.</summary>
    public IamPolicyRecord? Policy(string arn)
    {
        lock (Gate)
        {
            return _policies.GetValueOrDefault(arn);
        }
    }

    /// <summary>Every customer-managed policy, by name.</summary>
    public IReadOnlyList<IamPolicyRecord> Policies()
    {
        lock (Gate)
        {
            return [.. _policies.Values.OrderBy(p => p.PolicyName, StringComparer.Ordinal)];
        }
    }

    /// <summary>Adds or replaces a policy (caller holds <see cref="Gate"/>).</summary>
    public void Put(IamPolicyRecord policy) => _policies[policy.Arn] = policy;

    /// <summary>Removes a policy (caller holds <see cref="Gate"/>).</summary>
    public void RemovePolicy(string arn) => _policies.Remove(arn);

    /// <summary>How many roles have a managed policy attached.</summary>
    public int AttachmentCount(string policyArn)
    {
        lock (Gate)
        {
            return _roles.Values.Count(r => r.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal));
        }
    }

    /// <summary>The access key with an id, or <c>null</c>.</summary>
    public IamAccessKeyRecord? AccessKey(string accessKeyId)
    {
        lock (Gate)
        {
            return _keys.GetValueOrDefault(accessKeyId);
        }
    }

    /// <summary>A user's access keys, oldest first.</summary>
    public IReadOnlyList<IamAccessKeyRecord> AccessKeysOf(string userName)
    {
        lock (Gate)
        {
            return [.. _keys.Values.Where(k => string.Equals(k.UserName, userName, StringComparison.OrdinalIgnoreCase)).OrderBy(k => k.CreateDate)];
        }
    }

    /// <summary>Adds or replaces an access key (caller holds <see cref="Gate"/>).</summary>
    public void Put(IamAccessKeyRecord key) => _keys[key.AccessKeyId] = key;

    /// <summary>Removes an access key and remembers its id as deleted (caller holds <see cref="Gate"/>).</summary>
    public void RemoveAccessKey(string accessKeyId)
    {
        _keys.Remove(accessKeyId);
        _retiredKeys.Add(accessKeyId);
    }

    /// <summary>Whether an access key id was issued here and deleted since.</summary>
    public bool IsRetired(string accessKeyId)
    {
        lock (Gate)
        {
            return _retiredKeys.Contains(accessKeyId);
        }
    }

    /// <inheritdoc/>
    public IamSnapshot Capture()
    {
        lock (Gate)
        {
            return new IamSnapshot(
                [.. _roles.Values.OrderBy(r => r.RoleName, StringComparer.Ordinal)],
                [.. _users.Values.OrderBy(u => u.UserName, StringComparer.Ordinal)],
                [.. _keys.Values.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal)],
                [.. _policies.Values.OrderBy(p => p.Arn, StringComparer.Ordinal)],
                [.. _retiredKeys.Order(StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc/>
    public void Restore(IamSnapshot snapshot)
    {
        lock (Gate)
        {
            _roles.Clear();
            _users.Clear();
            _keys.Clear();
            _policies.Clear();
            _retiredKeys.Clear();
            foreach (var role in snapshot.Roles)
            {
                _roles[role.RoleName] = role;
            }

            foreach (var user in snapshot.Users)
            {
                _users[user.UserName] = user;
            }

            foreach (var key in snapshot.AccessKeys)
            {
                if (!_users.ContainsKey(key.UserName))
                {
                    throw new InvalidDataException($"Access key {key.AccessKeyId} belongs to the unknown user {key.UserName}.");
                }

                _keys[key.AccessKeyId] = key;
            }

            foreach (var policy in snapshot.Policies)
            {
                _policies[policy.Arn] = policy;
            }

            _retiredKeys.UnionWith(snapshot.RetiredAccessKeyIds);
        }
    }
}

/// <summary>A tag as stored.</summary>
internal sealed record IamTagRecord(string Key, string Value);

/// <summary>A role as stored: its trust policy, inline policies by name and attached managed policy ARNs.</summary>
internal sealed record IamRoleRecord(
    string RoleName,
    string RoleId,
    string Path,
    string Arn,
    DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    IReadOnlyList<IamTagRecord> Tags,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns);

/// <summary>A user as stored, with its inline policies by name.</summary>
internal sealed record IamUserRecord(
    string UserName,
    string UserId,
    string Path,
    string Arn,
    DateTimeOffset CreateDate,
    IReadOnlyList<IamTagRecord> Tags,
    IReadOnlyDictionary<string, string> InlinePolicies);

/// <summary>An access key as stored, secret included (the emulator verifies signatures made with it).</summary>
internal sealed record IamAccessKeyRecord(string AccessKeyId, string SecretAccessKey, string UserName, string Status, DateTimeOffset CreateDate);

/// <summary>A customer-managed policy and its versions.</summary>
internal sealed record IamPolicyRecord(
    string PolicyName,
    string PolicyId,
    string Path,
    string Arn,
    string? Description,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    string DefaultVersionId,
    IReadOnlyList<IamPolicyVersionRecord> Versions,
    IReadOnlyList<IamTagRecord> Tags)
{
    /// <summary>The default version's document.</summary>
    public string DefaultDocument => Versions.First(v => v.VersionId == DefaultVersionId).Document;
}

/// <summary>One version of a managed policy.</summary>
internal sealed record IamPolicyVersionRecord(string VersionId, string Document, DateTimeOffset CreateDate);

/// <summary>The persisted form of <see cref="IamStore"/>.</summary>
internal sealed record IamSnapshot(
    IReadOnlyList<IamRoleRecord> Roles,
    IReadOnlyList<IamUserRecord> Users,
    IReadOnlyList<IamAccessKeyRecord> AccessKeys,
    IReadOnlyList<IamPolicyRecord> Policies,
    IReadOnlyList<string> RetiredAccessKeyIds);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(IamSnapshot))]
internal sealed partial class IamSnapshotJsonContext : JsonSerializerContext;
