namespace SesMail.Emulator.Protocols;

/// <summary>Who signed a request, as IAM tells principals apart.</summary>
public enum AwsPrincipalType
{
    /// <summary>The account's root credentials: <c>test</c>/<c>test</c>, any key the emulator did not issue, and unsigned requests. Never denied.</summary>
    Root,

    /// <summary>An IAM user, through one of its access keys (<c>AKIA…</c>) or a session token it got with <c>GetSessionToken</c>.</summary>
    User,

    /// <summary>A role session from <c>AssumeRole</c> (<c>ASIA…</c> with a session token).</summary>
    AssumedRole,

    /// <summary>An AWS service acting on the account's behalf (e.g. <c>ses.amazonaws.com</c> writing received mail): only resource-based policies grant it anything.</summary>
    Service,
}

/// <summary>
/// The caller of one request, as the request context of IAM policy evaluation names it
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-reqcontext.html).
/// </summary>
/// <param name="Type">The kind of principal.</param>
/// <param name="Arn">The principal ARN written in <c>AccessDenied</c> messages and returned by <c>GetCallerIdentity</c>:
/// <c>arn:aws:iam::{account}:root</c>, <c>arn:aws:iam::{account}:user/{name}</c>,
/// <c>arn:aws:sts::{account}:assumed-role/{role}/{session}</c>, or the service name.</param>
/// <param name="UserId">The unique id (<c>aws:userid</c>): the account id, <c>AIDA…</c>, or <c>AROA…:{session}</c>.</param>
/// <param name="AccountId">The principal's account.</param>
public sealed record AwsPrincipal(AwsPrincipalType Type, string Arn, string UserId, string AccountId)
{
    /// <summary>The user name (<c>aws:username</c>) of an IAM user; <c>null</c> otherwise.</summary>
    public string? UserName { get; init; }

    /// <summary>The role ARN of a role session (<c>arn:aws:iam::{account}:role/{path}{name}</c>); <c>null</c> otherwise.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The service name of a service principal (e.g. <c>ses.amazonaws.com</c>); <c>null</c> otherwise.</summary>
    public string? ServiceName { get; init; }

    /// <summary>For a service principal, the resource it acts for (<c>aws:SourceArn</c>), e.g. the SES receipt rule.</summary>
    public string? SourceArn { get; init; }

    /// <summary>The access key id that signed the request, when there was one.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The principal's tags (<c>aws:PrincipalTag/{key}</c>).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>When the session's credentials were issued (<c>aws:TokenIssueTime</c>); <c>null</c> for long-term keys.</summary>
    public DateTimeOffset? TokenIssueTime { get; init; }

    /// <summary>The account's root principal.</summary>
    /// <param name="accountId">The account id.</param>
    /// <param name="accessKeyId">The key that signed, if any.</param>
    /// <returns>The principal.</returns>
    public static AwsPrincipal Root(string accountId, string? accessKeyId = null) =>
        new(AwsPrincipalType.Root, $"arn:aws:iam::{accountId}:root", accountId, accountId) { AccessKeyId = accessKeyId };
}
