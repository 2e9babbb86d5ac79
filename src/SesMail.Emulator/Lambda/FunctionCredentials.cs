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
    public async Task<SessionCredentials> AssumeAsync(LambdaFunction function, CancellationToken cancellationToken)
    {
        if (_sts is null)
        {
            throw LambdaErrors.Service("STS is not registered in this emulator, so no execution role can be assumed.");
        }

        var account = function.Arn.Split(':') is [_, _, _, _, var a, ..] ? a : "000000000000";
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "AssumeRole",
            ["Version"] = "2011-06-15",
            ["RoleArn"] = function.Role,
            ["RoleSessionName"] = function.Name.Length > 64 ? function.Name[..64] : function.Name,
        };
        var context = new AwsRequestContext(function.Region, account, Guid.NewGuid().ToString(), string.Empty, null);
        var result = (await _sts.InvokeAsync("AssumeRole", parameters, context, cancellationToken).ConfigureAwait(false)).ToList();
        var credentials = result.FirstOrDefault(e => e.Name.LocalName == "Credentials")
            ?? throw LambdaErrors.Service("STS AssumeRole returned no credentials.");
        string Text(string name) => credentials.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value
            ?? throw LambdaErrors.Service($"STS AssumeRole returned credentials without {name}.");
        return new SessionCredentials(Text("AccessKeyId"), Text("SecretAccessKey"), Text("SessionToken"));
    }
}
