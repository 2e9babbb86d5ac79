using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sts;

namespace SesMail.Emulator.Iam;

/// <summary>
/// The policies that apply to a principal, read fresh for every request (a change to a role applies to its sessions at
/// once, as in AWS): a user's inline policies; a role session's inline and attached managed policies, and its session
/// policy. Documents that no longer parse grant nothing.
/// </summary>
internal sealed class PrincipalPolicies(IamStore iam, StsSessionStore sessions)
{
    /// <summary>The identity-based policies of <paramref name="principal"/> (none for root and services).</summary>
    /// <param name="principal">The caller.</param>
    /// <returns>The parsed documents.</returns>
    public IReadOnlyList<PolicyDocument> Identity(AwsPrincipal principal)
    {
        IEnumerable<string> documents = principal.Type switch
        {
            AwsPrincipalType.User when principal.UserName is { } name && iam.User(name) is { } user => user.InlinePolicies.Values,
            AwsPrincipalType.AssumedRole when principal.RoleArn is { } arn && iam.Role(RoleName(arn)) is { } role && role.Arn == arn =>
                role.InlinePolicies.Values.Concat(role.AttachedPolicyArns
                    .Select(a => iam.Policy(a) ?? IamProvider.AwsManagedPolicies.GetValueOrDefault(a))
                    .OfType<IamPolicyRecord>()
                    .Select(p => p.DefaultDocument)),
            _ => [],
        };
        return [.. documents.Select(d => PolicyDocument.TryParse(d, PolicyKind.Identity)).OfType<PolicyDocument>()];
    }

    /// <summary>The session policy passed to <c>AssumeRole</c> for <paramref name="principal"/>'s credentials, if any.</summary>
    /// <param name="principal">The caller.</param>
    /// <returns>Zero or one document.</returns>
    public IReadOnlyList<PolicyDocument> Session(AwsPrincipal principal) =>
        principal.AccessKeyId is { } key && sessions.Session(key)?.Policy is { } policy && PolicyDocument.TryParse(policy, PolicyKind.Identity) is { } document
            ? [document]
            : [];

    /// <summary>The role name in a role ARN (the part after the last <c>/</c>).</summary>
    /// <param name="roleArn">E.g. <c>arn:aws:iam::000000000000:role/service-role/router</c>.</param>
    /// <returns>E.g. <c>router</c>.</returns>
    public static string RoleName(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];
}
