using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SesMail.Emulator.Iam;
using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sts;

/// <summary>
/// AWS Security Token Service, version 2011-06-15, one method per operation: <c>AssumeRole</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html), <c>GetSessionToken</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html) and <c>GetCallerIdentity</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), spoken in Query by <see cref="StsService"/>.
/// </summary>
/// <remarks>
/// <c>AssumeRole</c> needs the role to exist in IAM and its trust policy to allow the caller (evaluated with the
/// caller's identity-based policies, as "Policy evaluation logic" describes a resource-based policy in the same
/// account); otherwise it answers 403 <c>AccessDenied</c>. The account's root credentials may assume any existing role:
/// they stand for the AWS services (Lambda, Pipes) that assume roles on the account's behalf, which is how the local
/// runtime gets each function's credentials. The issued credentials (<c>ASIA…</c>, secret, session token, expiry) act
/// as the role session <c>arn:aws:sts::{account}:assumed-role/{role}/{session}</c>, with the role's policies at the time
/// of each request and the optional inline session policy. Not emulated: <c>PolicyArns</c>, session <c>Tags</c> and MFA
/// (<c>SerialNumber</c>), which are refused; the other STS operations (federation, SAML, web identity).
/// </remarks>
internal sealed partial class StsProvider(IamStore iam, StsSessionStore sessions, PrincipalPolicies policies, IStateChanges changes, TimeProvider clock)
{
    public AssumeRoleResult AssumeRole(AssumeRoleRequest request, AwsRequestContext context)
    {
        var roleArn = request.RoleArn ?? throw Missing("roleArn");
        var sessionName = request.RoleSessionName ?? throw Missing("roleSessionName");
        if (!SessionName().IsMatch(sessionName))
        {
            throw Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }

        if (!RoleArn().IsMatch(roleArn))
        {
            throw Validation($"{roleArn} is invalid");
        }

        var duration = Duration(request.DurationSeconds, 900, 43_200, 3_600);
        if (request.PolicyArns is { Count: > 0 } || request.Tags is { Count: > 0 } || request.SerialNumber is not null)
        {
            throw Validation("PolicyArns, Tags and SerialNumber are not emulated by SesMail.Emulator; pass an inline Policy or none.");
        }

        if (request.Policy is { } policy)
        {
            try
            {
                PolicyDocument.Parse(policy, PolicyKind.Identity);
            }
            catch (PolicyFormatException error)
            {
                throw new AwsServiceException("MalformedPolicyDocument", error.Message);
            }
        }

        var role = iam.Role(PrincipalPolicies.RoleName(roleArn));
        if (role is null || role.Arn != roleArn || !Trusts(role, context, request))
        {
            throw new AwsServiceException("AccessDenied", $"User: {context.Caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", HttpStatusCode.Forbidden);
        }

        if (duration > role.MaxSessionDuration)
        {
            throw Validation($"The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        var now = clock.GetUtcNow();
        var arn = $"arn:aws:sts::{context.AccountId}:assumed-role/{role.RoleName}/{sessionName}";
        var session = Issue(now, duration, arn, $"{role.RoleId}:{sessionName}", role.Arn, null, request.Policy);
        return new AssumeRoleResult(
            Shape(session),
            new AssumedRoleUserShape(session.UserId, arn),
            request.Policy is null ? 0 : Math.Min(100, request.Policy.Length * 100 / 2048),
            request.SourceIdentity);
    }

    public GetSessionTokenResult GetSessionToken(GetSessionTokenRequest request, AwsRequestContext context)
    {
        var caller = context.Caller;
        if (caller.Type is not (AwsPrincipalType.User or AwsPrincipalType.Root))
        {
            throw new AwsServiceException("AccessDenied", "Cannot call GetSessionToken with session credentials", HttpStatusCode.Forbidden);
        }

        if (request.SerialNumber is not null || request.TokenCode is not null)
        {
            throw Validation("MFA (SerialNumber, TokenCode) is not emulated by SesMail.Emulator.");
        }

        var duration = Duration(request.DurationSeconds, 900, caller.Type == AwsPrincipalType.Root ? 3_600 : 129_600, caller.Type == AwsPrincipalType.Root ? 3_600 : 43_200);
        var session = Issue(clock.GetUtcNow(), duration, caller.Arn, caller.UserId, null, caller.UserName, null);
        changes.Changed("sts"); // a Get… operation is not reported by the dispatcher, but this one creates state
        return new GetSessionTokenResult(Shape(session));
    }

    /// <summary>
    /// Credentials that act as an AWS service principal on the account's behalf (the emulator's stand-in for how AWS
    /// services authenticate internally): only resource-based policies that name the service grant them anything, with
    /// <c>aws:SourceAccount</c> = the account and <c>aws:SourceArn</c> = <paramref name="sourceArn"/>.
    /// </summary>
    /// <param name="servicePrincipal">E.g. <c>ses.amazonaws.com</c>.</param>
    /// <param name="sourceArn">The resource the service acts for (e.g. the SES receipt rule), or <c>null</c>.</param>
    /// <param name="durationSeconds">Lifetime, 900-43200 seconds.</param>
    /// <returns>The credentials.</returns>
    public CredentialsShape IssueServiceCredentials(string servicePrincipal, string? sourceArn, int? durationSeconds)
    {
        if (!ServicePrincipal().IsMatch(servicePrincipal))
        {
            throw Validation($"{servicePrincipal} is not a service principal (expected a name such as ses.amazonaws.com).");
        }

        var duration = Duration(durationSeconds, 900, 43_200, 3_600);
        var session = Issue(clock.GetUtcNow(), duration, servicePrincipal, servicePrincipal, null, null, null) with { ServicePrincipal = servicePrincipal, SourceArn = sourceArn };
        sessions.Add(session);
        changes.Changed("sts");
        return Shape(session);
    }

    public GetCallerIdentityResult GetCallerIdentity(EmptyResult request, AwsRequestContext context) =>
        new(context.Caller.UserId, context.Caller.AccountId, context.Caller.Arn);

    /// <summary>Whether the role's trust policy lets the caller assume it (root always may; see the remarks).</summary>
    private bool Trusts(IamRoleRecord role, AwsRequestContext context, AssumeRoleRequest request)
    {
        var caller = context.Caller;
        if (caller.Type == AwsPrincipalType.Root)
        {
            return true;
        }

        if (PolicyDocument.TryParse(role.AssumeRolePolicyDocument, PolicyKind.Trust) is not { } trust)
        {
            return false;
        }

        var keys = AuthorizationKeys.For(caller, context, clock)
            .Set("sts:ExternalId", request.ExternalId)
            .Set("sts:SourceIdentity", request.SourceIdentity)
            .Set("sts:RoleSessionName", request.RoleSessionName);
        var decision = PolicyEvaluator.Evaluate(new AuthorizationRequest(caller, "sts:AssumeRole", role.Arn, keys), policies.Identity(caller), policies.Session(caller), trust);
        return decision == PolicyDecision.Allow;
    }

    private StsSessionRecord Issue(DateTimeOffset now, int durationSeconds, string arn, string userId, string? roleArn, string? userName, string? policy)
    {
        var issued = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var session = new StsSessionRecord(
            "ASIA" + IamProvider.RandomId(16),
            IamProvider.RandomSecret(),
            Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(96)),
            issued,
            issued.AddSeconds(durationSeconds),
            arn,
            userId,
            roleArn,
            userName,
            policy);
        sessions.Add(session);
        return session;
    }

    private static CredentialsShape Shape(StsSessionRecord session) =>
        new(session.AccessKeyId, session.SecretAccessKey, session.SessionToken,
            session.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary><c>DurationSeconds</c> within the operation's bounds, or its default when absent.</summary>
    private static int Duration(int? requested, int min, int max, int fallback)
    {
        if (requested is not { } seconds)
        {
            return fallback;
        }

        if (seconds < min)
        {
            throw Validation($"1 validation error detected: Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }

        return seconds <= max
            ? seconds
            : throw Validation($"1 validation error detected: Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to {max}");
    }

    private static AwsServiceException Validation(string message) => new("ValidationError", message);

    private static AwsServiceException Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$")]
    private static partial Regex ServicePrincipal();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionName();

    [GeneratedRegex(@"^arn:aws[\w-]*:iam::\d{12}:role/[\w+=,.@/-]+$")]
    private static partial Regex RoleArn();
}
