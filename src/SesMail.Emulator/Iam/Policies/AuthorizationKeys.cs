using System.Globalization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Iam.Policies;

/// <summary>
/// The global condition keys of a request context
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) that the emulator knows:
/// <c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c>, <c>aws:PrincipalType</c>, <c>aws:userid</c>,
/// <c>aws:username</c> (users), <c>aws:PrincipalTag/*</c>, <c>aws:TokenIssueTime</c>, <c>aws:CurrentTime</c>,
/// <c>aws:EpochTime</c>, <c>aws:SecureTransport</c> (always <c>false</c>: the emulator speaks HTTP),
/// <c>aws:RequestedRegion</c>, <c>aws:ViaAWSService</c>, and for service principals <c>aws:PrincipalServiceName</c>,
/// <c>aws:SourceAccount</c> and <c>aws:SourceArn</c>.
/// </summary>
internal static class AuthorizationKeys
{
    /// <summary>The global keys for a caller.</summary>
    /// <param name="caller">The principal.</param>
    /// <param name="context">The request (region, account).</param>
    /// <param name="clock">The clock for <c>aws:CurrentTime</c>.</param>
    /// <returns>A fresh key set; services add their own keys to it.</returns>
    public static RequestContextKeys For(AwsPrincipal caller, AwsRequestContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var keys = new RequestContextKeys()
            .Set("aws:CurrentTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Set("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Set("aws:SecureTransport", "false")
            .Set("aws:RequestedRegion", context.Region)
            .Set("aws:ViaAWSService", "false");
        switch (caller.Type)
        {
            case AwsPrincipalType.Service:
                keys.Set("aws:PrincipalServiceName", caller.ServiceName)
                    .Set("aws:SourceAccount", caller.AccountId)
                    .Set("aws:SourceArn", caller.SourceArn);
                return keys;
            case AwsPrincipalType.User:
                keys.Set("aws:username", caller.UserName).Set("aws:PrincipalType", "User").Set("aws:PrincipalArn", caller.Arn);
                break;
            case AwsPrincipalType.AssumedRole:
                keys.Set("aws:PrincipalType", "AssumedRole").Set("aws:PrincipalArn", caller.RoleArn);
                break;
            default:
                keys.Set("aws:PrincipalType", "Account").Set("aws:PrincipalArn", caller.Arn);
                break;
        }

        keys.Set("aws:PrincipalAccount", caller.AccountId).Set("aws:userid", caller.UserId);
        if (caller.TokenIssueTime is { } issued)
        {
            keys.Set("aws:TokenIssueTime", issued.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Set("aws:MultiFactorAuthPresent", "false");
        }

        foreach (var (key, value) in caller.Tags)
        {
            keys.Set($"aws:PrincipalTag/{key}", value);
        }

        return keys;
    }
}
