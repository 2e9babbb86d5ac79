using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SesMail.LocalRuntime.Hosting;

/// <summary>
/// The one place the local runtime turns a role into credentials, as Lambda and EventBridge Pipes do in AWS: STS
/// <c>AssumeRole</c> on the role's ARN with the runtime's own (root) credentials, renewed before they expire. A function
/// then runs as <c>arn:aws:sts::{account}:assumed-role/{role}/{function}</c> and gets exactly what its role grants
/// (docs/SECURITY.md). Also gives the SES receiving edge credentials that act as the service principal
/// <c>ses.amazonaws.com</c> (the emulator's <c>/_sesmail/iam/service-credentials</c>), which hold only what the bucket
/// and topic policies grant SES.
/// </summary>
/// <remarks>
/// Against AWS itself (no endpoint) nothing is assumed: the runtime's own credentials are used as they are. A backend
/// without the service-credentials endpoint (LocalStack) gives the edge the runtime's own credentials, with a warning.
/// </remarks>
internal sealed class RoleCredentials(Uri? endpointUrl, string region, AWSCredentials runtimeCredentials, ILogger logger)
{
    /// <summary>Whether roles are assumed at all (only against an endpoint: the emulator or LocalStack).</summary>
    public bool Enabled => endpointUrl is not null;

    /// <summary>Assumes <paramref name="roleArn"/> once.</summary>
    /// <param name="roleArn">The role's ARN.</param>
    /// <param name="sessionName">The session name (the function or pipe name, cut to 64 characters).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credentials, with their expiry.</returns>
    public async Task<Credentials> AssumeAsync(string roleArn, string sessionName, CancellationToken cancellationToken)
    {
        using var sts = new AmazonSecurityTokenServiceClient(runtimeCredentials, new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = endpointUrl?.ToString(),
            AuthenticationRegion = region,
        });
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = SessionName(sessionName),
        }, cancellationToken).ConfigureAwait(false);
        return response.Credentials;
    }

    /// <summary>Credentials that assume <paramref name="roleArn"/> and renew themselves; the runtime's own when roles are not assumed or there is no role.</summary>
    /// <param name="roleArn">The role's ARN, or <c>null</c>.</param>
    /// <param name="sessionName">The session name.</param>
    /// <returns>The credentials.</returns>
    public AWSCredentials For(string? roleArn, string sessionName) =>
        Enabled && roleArn is not null ? new Refreshing(ct => AssumeAsync(roleArn, sessionName, ct)) : runtimeCredentials;

    /// <summary>Credentials acting as an AWS service principal, renewed before they expire.</summary>
    /// <param name="servicePrincipal">E.g. <c>ses.amazonaws.com</c>.</param>
    /// <param name="sourceArn">The resource the service acts for (<c>aws:SourceArn</c>), or <c>null</c>.</param>
    /// <returns>The credentials.</returns>
    public AWSCredentials ForService(string servicePrincipal, string? sourceArn) =>
        Enabled ? new Refreshing(ct => ServiceAsync(servicePrincipal, sourceArn, ct)) : runtimeCredentials;

    private async Task<Credentials> ServiceAsync(string servicePrincipal, string? sourceArn, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = endpointUrl };
        using var response = await http.PostAsync(
            new Uri("/_sesmail/iam/service-credentials", UriKind.Relative),
            JsonContent.Create(new Dictionary<string, string?> { ["ServicePrincipal"] = servicePrincipal, ["SourceArn"] = sourceArn }, RoleCredentialsJsonContext.Default.DictionaryStringString),
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("The backend at {Endpoint} issues no service credentials (HTTP {Status}); {Service} runs with the runtime's own credentials.", endpointUrl, (int)response.StatusCode, servicePrincipal);
            var own = await runtimeCredentials.GetCredentialsAsync().ConfigureAwait(false);
            return new Credentials { AccessKeyId = own.AccessKey, SecretAccessKey = own.SecretKey, SessionToken = own.Token, Expiration = DateTime.UtcNow.AddHours(1) };
        }

        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new Credentials
        {
            AccessKeyId = root.GetProperty("AccessKeyId").GetString(),
            SecretAccessKey = root.GetProperty("SecretAccessKey").GetString(),
            SessionToken = root.GetProperty("SessionToken").GetString(),
            Expiration = root.GetProperty("Expiration").GetDateTime().ToUniversalTime(),
        };
    }

    private static string SessionName(string name)
    {
        var cleaned = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '-' or '_' ? c : '-')]);
        return cleaned.Length > 64 ? cleaned[..64] : cleaned.PadRight(2, '-');
    }

    /// <summary>Credentials renewed five minutes before they expire.</summary>
    private sealed class Refreshing : RefreshingAWSCredentials
    {
        private readonly Func<CancellationToken, Task<Credentials>> _issue;

        public Refreshing(Func<CancellationToken, Task<Credentials>> issue)
        {
            _issue = issue;
            PreemptExpiryTime = TimeSpan.FromMinutes(5);
        }

        protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            var credentials = await _issue(CancellationToken.None).ConfigureAwait(false);
            return new CredentialsRefreshState(
                new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
                credentials.Expiration ?? DateTime.UtcNow.AddHours(1));
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class RoleCredentialsJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
