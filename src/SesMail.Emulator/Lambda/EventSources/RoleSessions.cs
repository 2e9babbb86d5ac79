using System.Collections.Concurrent;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Protocols.Authorization;
using SesMail.Emulator.Sts;

namespace SesMail.Emulator.Lambda.EventSources;

/// <summary>
/// The roles that AWS services act as inside the emulator: Lambda's event source mapping pollers run as the function's
/// execution role, EventBridge Pipes as the pipe's <c>RoleArn</c> (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html,
/// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html). The role is assumed through
/// STS exactly as a function's execution environment gets its credentials (<see cref="FunctionCredentials"/>), and the
/// session is resolved to its caller as <see cref="RequestAuthorizer"/> resolves a request signed with those
/// credentials, so the in-process calls are decided by the same policies as an HTTP request (docs/SECURITY.md).
/// </summary>
/// <remarks>
/// With <c>Emulator:EnforceIam</c> off nothing is assumed and every caller is <c>null</c> (the calls run unchecked,
/// as before enforcement existed). A session is reused until five minutes before it expires; the role's policies are
/// read at every call, so a changed grant applies at once.
/// </remarks>
internal sealed class RoleSessions(FunctionCredentials credentials, RequestAuthorizer authorizer, StsSessionStore sessions, TimeProvider clock)
{
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string Role, string Session), string> _keys = new();

    /// <summary>Whether callers are checked at all (<c>Emulator:EnforceIam</c>).</summary>
    public bool Enforcing => authorizer.Enforcing;

    /// <summary>The caller acting as <paramref name="roleArn"/>, assuming the role when no live session exists.</summary>
    /// <param name="roleArn">The role.</param>
    /// <param name="sessionName">The session name: the function's or the pipe's name.</param>
    /// <param name="region">The region the service runs in.</param>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The role session's caller, or <c>null</c> when IAM is not enforced.</returns>
    /// <exception cref="AwsServiceException">STS refused the role (it does not exist).</exception>
    public async Task<AwsPrincipal?> CallerAsync(string roleArn, string sessionName, string region, string account, CancellationToken cancellationToken)
    {
        if (!Enforcing)
        {
            return null;
        }

        if (_keys.TryGetValue((roleArn, sessionName), out var key) && sessions.Session(key) is { } session
            && session.Expiration - clock.GetUtcNow() > Renewal && authorizer.SessionCaller(key) is { } live)
        {
            return live;
        }

        var issued = await credentials.AssumeRoleAsync(roleArn, sessionName, region, account, cancellationToken).ConfigureAwait(false);
        _keys[(roleArn, sessionName)] = issued.AccessKeyId;
        return authorizer.SessionCaller(issued.AccessKeyId) ?? throw LambdaErrors.Service($"STS issued credentials for {roleArn} that it does not know.");
    }

    /// <summary>Whether <paramref name="caller"/> may perform one action, decided as for a request it signed.</summary>
    /// <param name="caller">The caller (<c>null</c>: not enforced, always allowed).</param>
    /// <param name="signingName">The service's signing name (for the error's shape), e.g. <c>sqs</c>, <c>lambda</c>.</param>
    /// <param name="action">The IAM action, e.g. <c>lambda:InvokeFunction</c>.</param>
    /// <param name="resource">The resource ARN.</param>
    /// <returns>The refusal, or <c>null</c> when allowed.</returns>
    public AccessRefusal? Refusal(AwsPrincipal? caller, string signingName, string action, string resource)
    {
        if (caller is null || caller.Type == AwsPrincipalType.Root)
        {
            return null;
        }

        var context = Context(caller, resource);
        var decision = authorizer.Decide(context, new ResourceCheck(action, resource));
        return decision == Iam.Policies.PolicyDecision.Allow
            ? null
            : new AccessRefusal(action, resource, AccessErrors.AccessDenied(signingName, WireProtocol.Json, caller.Arn, action, resource, decision));
    }

    /// <summary>What the authorizer refuses of one in-process JSON call made by <paramref name="caller"/>.</summary>
    /// <param name="caller">The caller (<c>null</c>: not enforced).</param>
    /// <param name="context">The call's context (region and account).</param>
    /// <param name="signingName">The service's signing name.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="input">The request body.</param>
    /// <returns>The refusal, or <c>null</c> when allowed.</returns>
    public AccessRefusal? Refusal(AwsPrincipal? caller, AwsRequestContext context, string signingName, string operation, System.Text.Json.Nodes.JsonObject input) =>
        caller is null ? null : authorizer.Refusal(context with { Caller = caller }, signingName, operation, RequestInput.FromJson(input), WireProtocol.Json);

    private static AwsRequestContext Context(AwsPrincipal caller, string resource)
    {
        var parts = resource.Split(':');
        var region = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : "us-east-1";
        return new AwsRequestContext(region, caller.AccountId, Guid.NewGuid().ToString(), string.Empty, caller.AccessKeyId) { Caller = caller };
    }
}

/// <summary>
/// A call an AWS service made inside the emulator as a role (a mapping's poller, a pipe) that the role's policies do
/// not allow; the service's own <see cref="AwsServiceException"/> is in <see cref="Refusal"/>.
/// </summary>
internal sealed class RoleAccessDeniedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="refusal">The refused permission.</param>
    public RoleAccessDeniedException(AccessRefusal refusal)
        : base(refusal.Error.Message, refusal.Error) => Refusal = refusal;

    /// <summary>The refused action, resource and the service's error.</summary>
    public AccessRefusal Refusal { get; }

    /// <summary>The action without its service prefix, as Lambda's and Pipes' messages name it (<c>DeleteMessage</c>).</summary>
    public string Operation => Refusal.Action[(Refusal.Action.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
