using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Iam.Policies;

/// <summary>One request to decide: who, which action, on which resource, with which condition keys.</summary>
/// <param name="Principal">The caller.</param>
/// <param name="Action">The IAM action, e.g. <c>sqs:SendMessage</c>.</param>
/// <param name="Resource">The resource ARN, or <c>*</c> for actions that name no resource.</param>
/// <param name="Keys">The request context's condition keys.</param>
internal sealed record AuthorizationRequest(AwsPrincipal Principal, string Action, string Resource, RequestContextKeys Keys);

/// <summary>The outcome of evaluating every policy that applies to a request.</summary>
internal enum PolicyDecision
{
    /// <summary>An Allow applies and no Deny does.</summary>
    Allow,

    /// <summary>Nothing allows the request (the default).</summary>
    ImplicitDeny,

    /// <summary>A Deny statement in an identity-based policy applies.</summary>
    ExplicitDenyIdentity,

    /// <summary>A Deny statement in a resource-based policy applies.</summary>
    ExplicitDenyResource,

    /// <summary>A Deny statement in a session policy applies.</summary>
    ExplicitDenySession,
}

/// <summary>
/// IAM policy evaluation within one account, as "Policy evaluation logic" describes it
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit Deny in any
/// policy wins; otherwise a resource-based policy that names the principal itself allows; otherwise an identity-based
/// Allow does, if the session policy (when there is one) allows too; otherwise the request is implicitly denied.
/// </summary>
/// <remarks>
/// A resource-based policy that names the account (<c>arn:aws:iam::{account}:root</c> or the bare account id) delegates
/// to identity-based policies and grants nothing by itself. Not evaluated: permissions boundaries, service control
/// policies, cross-account access (the emulator has one account).
/// </remarks>
internal static class PolicyEvaluator
{
    /// <summary>Decides a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="identity">The principal's identity-based policies (inline and attached).</param>
    /// <param name="session">Session policies passed to <c>AssumeRole</c> (empty when none).</param>
    /// <param name="resource">The resource's policy, or <c>null</c>.</param>
    /// <returns>The decision.</returns>
    public static PolicyDecision Evaluate(AuthorizationRequest request, IReadOnlyList<PolicyDocument> identity, IReadOnlyList<PolicyDocument> session, PolicyDocument? resource)
    {
        if (identity.Any(d => Matches(d, PolicyEffect.Deny, request)))
        {
            return PolicyDecision.ExplicitDenyIdentity;
        }

        if (resource is not null && ResourceMatch(resource, PolicyEffect.Deny, request) != PrincipalMatch.None)
        {
            return PolicyDecision.ExplicitDenyResource;
        }

        if (session.Any(d => Matches(d, PolicyEffect.Deny, request)))
        {
            return PolicyDecision.ExplicitDenySession;
        }

        var sessionAllows = session.Count == 0 || session.Any(d => Matches(d, PolicyEffect.Allow, request));
        if (resource is not null && ResourceMatch(resource, PolicyEffect.Allow, request) == PrincipalMatch.Principal && sessionAllows)
        {
            return PolicyDecision.Allow;
        }

        return request.Principal.Type != AwsPrincipalType.Service && sessionAllows && identity.Any(d => Matches(d, PolicyEffect.Allow, request))
            ? PolicyDecision.Allow
            : PolicyDecision.ImplicitDeny;
    }

    /// <summary>Whether a statement of <paramref name="effect"/> in an identity-based (or session) policy applies to the request.</summary>
    /// <param name="document">The policy.</param>
    /// <param name="effect">Allow or Deny.</param>
    /// <param name="request">The request.</param>
    /// <returns><c>true</c> when one applies.</returns>
    public static bool Matches(PolicyDocument document, PolicyEffect effect, AuthorizationRequest request) =>
        document.Statements.Any(s => s.Effect == effect && Applies(document, s, request));

    /// <summary>How a resource-based policy's statements of <paramref name="effect"/> name the caller, for the statements that apply.</summary>
    /// <param name="document">The resource's policy (or a role's trust policy).</param>
    /// <param name="effect">Allow or Deny.</param>
    /// <param name="request">The request.</param>
    /// <returns>The strongest match among the applying statements.</returns>
    public static PrincipalMatch ResourceMatch(PolicyDocument document, PolicyEffect effect, AuthorizationRequest request)
    {
        var best = PrincipalMatch.None;
        foreach (var statement in document.Statements.Where(s => s.Effect == effect))
        {
            var match = statement.Principal is { } principal
                ? Match(principal, request.Principal)
                : statement.NotPrincipal is { } not && Match(not, request.Principal) == PrincipalMatch.None ? PrincipalMatch.Principal : PrincipalMatch.None;
            if (match > best && Applies(document, statement, request))
            {
                best = match;
            }
        }

        return best;
    }

    private static bool Applies(PolicyDocument document, PolicyStatement statement, AuthorizationRequest request)
    {
        var action = statement.Action is { } actions
            ? actions.Any(a => Wildcard.IsMatch(a, request.Action, ignoreCase: true))
            : !statement.NotAction!.Any(a => Wildcard.IsMatch(a, request.Action, ignoreCase: true));
        if (!action)
        {
            return false;
        }

        if (statement.Resource is { } resources)
        {
            if (!resources.Any(r => Resource(document, r, request) is { } pattern && Wildcard.IsArnMatch(pattern, request.Resource)))
            {
                return false;
            }
        }
        else if (statement.NotResource is { } excluded
            && excluded.Any(r => Resource(document, r, request) is { } pattern && Wildcard.IsArnMatch(pattern, request.Resource)))
        {
            return false;
        }

        return statement.Conditions.All(c => ConditionOperators.Holds(c, request.Keys, document.SupportsVariables));
    }

    private static string? Resource(PolicyDocument document, string pattern, AuthorizationRequest request) =>
        document.SupportsVariables ? PolicyVariables.Substitute(pattern, request.Keys) : pattern;

    private static PrincipalMatch Match(PolicyPrincipal principal, AwsPrincipal caller)
    {
        var best = PrincipalMatch.None;
        if (caller.Type == AwsPrincipalType.Service)
        {
            if (principal.ByType.GetValueOrDefault("Service") is { } services && services.Contains(caller.ServiceName, StringComparer.Ordinal))
            {
                return PrincipalMatch.Principal;
            }

            return principal.ByType.GetValueOrDefault("AWS") is { } everyone && everyone.Contains("*") ? PrincipalMatch.Principal : PrincipalMatch.None;
        }

        foreach (var entry in principal.ByType.GetValueOrDefault("AWS") ?? [])
        {
            var match = entry switch
            {
                "*" => PrincipalMatch.Principal,
                _ when entry == caller.AccountId || entry == $"arn:aws:iam::{caller.AccountId}:root" => PrincipalMatch.Account,
                _ when entry == caller.Arn => PrincipalMatch.Principal,
                _ when caller.RoleArn is { } role && (entry == role || entry == RoleWithoutPath(role)) => PrincipalMatch.Principal,
                _ => PrincipalMatch.None,
            };
            best = match > best ? match : best;
        }

        return best;
    }

    /// <summary>Trust and resource policies name a role by the ARN with its path; IAM also accepts the ARN without it.</summary>
    private static string RoleWithoutPath(string roleArn)
    {
        var marker = roleArn.IndexOf(":role/", StringComparison.Ordinal);
        var slash = roleArn.LastIndexOf('/');
        return marker < 0 ? roleArn : roleArn[..(marker + ":role/".Length)] + roleArn[(slash + 1)..];
    }
}

/// <summary>How a resource-based statement's <c>Principal</c> names the caller.</summary>
internal enum PrincipalMatch
{
    /// <summary>Not at all.</summary>
    None,

    /// <summary>Through its account: the grant is delegated to the account's identity-based policies.</summary>
    Account,

    /// <summary>The caller itself (its ARN, its role, its service name, or everyone).</summary>
    Principal,
}
