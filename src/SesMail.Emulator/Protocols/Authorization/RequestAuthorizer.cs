using SesMail.Emulator.Hosting;
using SesMail.Emulator.Iam;
using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Sts;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>
/// The one place requests are authenticated and authorized (docs/SECURITY.md); services never check permissions
/// themselves. <see cref="AwsRequestDispatcher"/> calls it for every AWS API request:
/// <list type="number">
/// <item><see cref="Authenticate"/> turns the signing access key into the caller: an IAM user (<c>AKIA…</c> key the
/// emulator issued, refused when <c>Inactive</c> or deleted), a role session or user session (<c>ASIA…</c> from STS,
/// refused without its session token or past its expiry), a service principal (credentials from
/// <c>/_sesmail/iam/service-credentials</c>), or the account's root for every other key and for unsigned requests. The
/// SigV4 signature of issued keys is verified (their secrets are known); root keys are not.</item>
/// <item><see cref="Authorize"/> maps the request to the IAM actions and resource ARNs it needs
/// (<see cref="ServiceActions"/>, <see cref="S3Actions"/>) and evaluates the caller's identity-based policies, its
/// session policy and the resource's policy (<see cref="PolicyEvaluator"/>). A refusal is the service's own error
/// (<see cref="AccessErrors"/>). Root is never refused.</item>
/// </list>
/// With <see cref="EmulatorOptions.EnforceIam"/> off, callers are still resolved but nothing is refused.
/// </summary>
internal sealed class RequestAuthorizer(
    EmulatorOptions options,
    IamStore iam,
    StsSessionStore sessions,
    PrincipalPolicies policies,
    ResourceDirectory directory,
    TimeProvider clock)
{
    /// <summary>Whether requests are refused at all.</summary>
    public bool Enforcing => options.EnforceIam;

    /// <summary>Whether the request is signed with a key the emulator issued, so its signature (and body hash) is checked.</summary>
    /// <param name="scope">The request's credential scope.</param>
    /// <returns><c>true</c> for issued keys while enforcing.</returns>
    public bool VerifiesSignature(SigV4Scope? scope) =>
        Enforcing && scope is not null && (iam.AccessKey(scope.AccessKeyId) is not null || sessions.Session(scope.AccessKeyId) is not null);

    /// <summary>Resolves the caller of a request.</summary>
    /// <param name="request">The request (headers for the session token and signature).</param>
    /// <param name="scope">Its credential scope, or <c>null</c> when unsigned.</param>
    /// <param name="signingName">The service's signing name (for the error's shape).</param>
    /// <param name="protocol">The request's protocol (for the error's shape).</param>
    /// <param name="bodyHash">The hex SHA-256 of the body, when it was read for <see cref="VerifiesSignature"/>.</param>
    /// <returns>The caller.</returns>
    /// <exception cref="AwsServiceException">The credentials are refused (only while enforcing).</exception>
    public AwsPrincipal Authenticate(HttpRequest request, SigV4Scope? scope, string signingName, WireProtocol protocol, string? bodyHash)
    {
        if (scope is null)
        {
            return AwsPrincipal.Root(options.AccountId);
        }

        var keyId = scope.AccessKeyId;
        if (sessions.Session(keyId) is { } session)
        {
            var token = request.Headers["X-Amz-Security-Token"].ToString() is { Length: > 0 } t ? t : request.Query["X-Amz-Security-Token"].ToString();
            Refuse(token != session.SessionToken, CredentialProblem.InvalidToken);
            Refuse(clock.GetUtcNow() >= session.Expiration, CredentialProblem.Expired);
            Refuse(!SigV4Verifier.IsValid(request, session.SecretAccessKey, bodyHash), CredentialProblem.SignatureMismatch);
            return SessionPrincipal(session);
        }

        if (iam.AccessKey(keyId) is { } key)
        {
            Refuse(key.Status != "Active", CredentialProblem.UnknownKey);
            Refuse(!SigV4Verifier.IsValid(request, key.SecretAccessKey, bodyHash), CredentialProblem.SignatureMismatch);
            return UserPrincipal(key.UserName, keyId) ?? AwsPrincipal.Root(options.AccountId, keyId);
        }

        Refuse(iam.IsRetired(keyId), CredentialProblem.UnknownKey);
        return AwsPrincipal.Root(options.AccountId, keyId);

        void Refuse(bool refused, CredentialProblem problem)
        {
            if (refused && Enforcing)
            {
                throw AccessErrors.Credentials(signingName, protocol, problem);
            }
        }
    }

    /// <summary>
    /// The caller that temporary credentials issued by STS stand for, resolved as <see cref="Authenticate"/> resolves a
    /// request signed with them (for in-process callers that hold credentials and sign nothing: Lambda's pollers and
    /// EventBridge Pipes acting as their roles).
    /// </summary>
    /// <param name="accessKeyId">The session's access key id (<c>ASIA…</c>).</param>
    /// <returns>The caller, or <c>null</c> when no such session exists.</returns>
    public AwsPrincipal? SessionCaller(string accessKeyId) => sessions.Session(accessKeyId) is { } session ? SessionPrincipal(session) : null;

    /// <summary>The IAM user an <c>Active</c> access key the emulator issued belongs to (SES SMTP logins), or <c>null</c>.</summary>
    /// <param name="accessKeyId">The access key id.</param>
    /// <returns>The user principal, or <c>null</c> for an unknown or inactive key.</returns>
    public AwsPrincipal? PrincipalOfAccessKey(string accessKeyId) =>
        iam.AccessKey(accessKeyId) is { Status: "Active" } key ? UserPrincipal(key.UserName, accessKeyId) : null;

    /// <summary>Refuses a JSON or Query request its caller may not make.</summary>
    /// <param name="context">The request's context (its <see cref="AwsRequestContext.Caller"/>).</param>
    /// <param name="signingName">The service's signing name.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="input">The request's members.</param>
    /// <param name="protocol">The request's protocol.</param>
    /// <exception cref="AwsServiceException">The service's access-denied error.</exception>
    public void Authorize(AwsRequestContext context, string signingName, string operation, RequestInput input, WireProtocol protocol)
    {
        if (Refusal(context, signingName, operation, input, protocol) is { } refusal)
        {
            throw refusal.Error;
        }
    }

    /// <summary>
    /// What <see cref="Authorize"/> would refuse, without throwing: the first permission the request needs that its
    /// caller lacks (for in-process callers that report which action they were denied).
    /// </summary>
    /// <param name="context">The request's context (its <see cref="AwsRequestContext.Caller"/>).</param>
    /// <param name="signingName">The service's signing name.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="input">The request's members.</param>
    /// <param name="protocol">The request's protocol (for the error's shape).</param>
    /// <returns>The refused permission and the service's access-denied error, or <c>null</c> when allowed.</returns>
    public AccessRefusal? Refusal(AwsRequestContext context, string signingName, string operation, RequestInput input, WireProtocol protocol)
    {
        if (!Enforcing || context.Caller.Type == AwsPrincipalType.Root)
        {
            return null;
        }

        var at = new ArnContext(context.Region, context.AccountId, context.Caller, directory);
        foreach (var check in ServiceActions.For(signingName, operation, input, at))
        {
            var decision = Decide(context, check);
            if (decision != PolicyDecision.Allow)
            {
                return new AccessRefusal(check.Action, check.Resource, AccessErrors.AccessDenied(signingName, protocol, context.Caller.Arn, check.Action, check.Resource, decision));
            }
        }

        return null;
    }

    /// <summary>Refuses an S3 request its caller may not make.</summary>
    /// <param name="http">The request.</param>
    /// <param name="context">The request's context.</param>
    /// <returns>A task that completes when the request is allowed.</returns>
    /// <exception cref="AwsServiceException"><c>AccessDenied</c>.</exception>
    public async Task AuthorizeS3Async(HttpContext http, AwsRequestContext context)
    {
        if (!Enforcing || context.Caller.Type == AwsPrincipalType.Root)
        {
            return;
        }

        Check(context, "s3", WireProtocol.RestXml, await S3Actions.ForAsync(http).ConfigureAwait(false));
    }

    /// <summary>Decides one permission for a caller (the core of <see cref="Authorize"/>, used by tests and in-process callers).</summary>
    /// <param name="context">The request's context and caller.</param>
    /// <param name="check">The action, resource and service keys.</param>
    /// <returns>The decision.</returns>
    public PolicyDecision Decide(AwsRequestContext context, ResourceCheck check)
    {
        var caller = context.Caller;
        if (caller.Type == AwsPrincipalType.Root)
        {
            return PolicyDecision.Allow;
        }

        var keys = AuthorizationKeys.For(caller, context, clock);
        check.Keys?.Invoke(keys);
        var request = new AuthorizationRequest(caller, check.Action, check.Resource, keys);
        return PolicyEvaluator.Evaluate(request, policies.Identity(caller), policies.Session(caller), directory.ResourcePolicy(check.Action, check.Resource));
    }

    private void Check(AwsRequestContext context, string signingName, WireProtocol protocol, IReadOnlyList<ResourceCheck> checks)
    {
        foreach (var check in checks)
        {
            var decision = Decide(context, check);
            if (decision != PolicyDecision.Allow)
            {
                throw AccessErrors.AccessDenied(signingName, protocol, context.Caller.Arn, check.Action, check.Resource, decision);
            }
        }
    }

    private AwsPrincipal SessionPrincipal(StsSessionRecord session)
    {
        if (session.ServicePrincipal is { } service)
        {
            return new AwsPrincipal(AwsPrincipalType.Service, service, service, options.AccountId)
            {
                ServiceName = service,
                SourceArn = session.SourceArn,
                AccessKeyId = session.AccessKeyId,
                TokenIssueTime = session.Issued,
            };
        }

        if (session.RoleArn is { } roleArn)
        {
            return new AwsPrincipal(AwsPrincipalType.AssumedRole, session.Arn, session.UserId, options.AccountId)
            {
                RoleArn = roleArn,
                AccessKeyId = session.AccessKeyId,
                TokenIssueTime = session.Issued,
            };
        }

        var principal = session.UserName is { } user ? UserPrincipal(user, session.AccessKeyId) : null;
        return (principal ?? AwsPrincipal.Root(options.AccountId, session.AccessKeyId)) with { TokenIssueTime = session.Issued };
    }

    private AwsPrincipal? UserPrincipal(string userName, string accessKeyId) =>
        iam.User(userName) is { } user
            ? new AwsPrincipal(AwsPrincipalType.User, user.Arn, user.UserId, options.AccountId)
            {
                UserName = user.UserName,
                AccessKeyId = accessKeyId,
                Tags = user.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            }
            : null;
}

/// <summary>One permission a caller was refused.</summary>
/// <param name="Action">The IAM action, e.g. <c>sqs:DeleteMessage</c>.</param>
/// <param name="Resource">The resource ARN.</param>
/// <param name="Error">The service's access-denied error, naming principal, action and resource.</param>
internal sealed record AccessRefusal(string Action, string Resource, AwsServiceException Error);
