using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda;

/// <summary>Temporary credentials of an execution environment.</summary>
/// <param name="AccessKeyId">The access key id (<c>ASIA…</c>).</param>
/// <param name="SecretAccessKey">The secret key.</param>
/// <param name="SessionToken">The session token.</param>
internal sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken);

/// <summary>
/// The one place where a function's execution role becomes credentials: STS <c>AssumeRole</c> on the function's
/// <c>Role</c> with the function name as session name, as Lambda does for every execution environment
/// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). STS is called in-process through
/// its Query binding, so whatever STS and IAM enforce applies here too.
/// </summary>
internal sealed class FunctionCredentials(IEnumerable<IQueryService> queryServices)
{
    private readonly IQueryService? _sts = queryServices.FirstOrDefault(s => s.SigningName == "sts");

    /// <summary>Assumes the function's role.</summary>
    /// <param name="function">The function.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The environment's credentials.</returns>
    /// <exception cref="AwsServiceException">STS refused (the role cannot be assumed).</exception>
    public Task<SessionCredentials> AssumeAsync(LambdaFunction function, CancellationToken cancellationToken)
    {
        var account = function.Arn.Split(':') is [_, _, _, _, var a, ..] ? a : "000000000000";
        return AssumeRoleAsync(function.Role, function.Name, function.Region, account, cancellationToken);
    }

    /// <summary>
    /// Assumes any role on the account's behalf, as an AWS service does (Lambda for a function's execution role and
    /// its event source mappings, EventBridge Pipes for a pipe's <c>RoleArn</c>).
    /// </summary>
    /// <param name="roleArn">The role.</param>
    /// <param name="sessionName">The session name (cut to 64 characters, padded to 2, other characters than <c>[\w+=,.@-]</c> replaced).</param>
    /// <param name="region">The region the service runs in.</param>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session's credentials.</returns>
    /// <exception cref="AwsServiceException">STS refused (the role does not exist, or the ARN is malformed).</exception>
    public async Task<SessionCredentials> AssumeRoleAsync(string roleArn, string sessionName, string region, string account, CancellationToken cancellationToken)
    {
        if (_sts is null)
        {
            throw LambdaErrors.Service("STS is not registered in this emulator, so no execution role can be assumed.");
        }

        var cleaned = new string([.. sessionName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-' ? c : '-')]);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "AssumeRole",
            ["Version"] = "2011-06-15",
            ["RoleArn"] = roleArn,
            ["RoleSessionName"] = cleaned.Length > 64 ? cleaned[..64] : cleaned.PadRight(2, '-'),
        };
        var context = new AwsRequestContext(region, account, Guid.NewGuid().ToString(), string.Empty, null);
        var result = (await _sts.InvokeAsync("AssumeRole", parameters, context, cancellationToken).ConfigureAwait(false)).ToList();
        var credentials = result.FirstOrDefault(e => e.Name.LocalName == "Credentials")
            ?? throw LambdaErrors.Service("STS AssumeRole returned no credentials.");
        string Text(string name) => credentials.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value
            ?? throw LambdaErrors.Service($"STS AssumeRole returned credentials without {name}.");
        return new SessionCredentials(Text("AccessKeyId"), Text("SecretAccessKey"), Text("SessionToken"));
    }
}
