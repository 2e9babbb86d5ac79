using SesMail.Aws.Ses;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Iam;
using SmtpServer;
using SmtpServer.Authentication;

namespace SesMail.Emulator.Ses.Smtp;

/// <summary>Who authenticated an SMTP session: the IAM user's access key and the region its password is for.</summary>
/// <param name="AccessKeyId">The SMTP user name (the access key id).</param>
/// <param name="UserName">The IAM user the key belongs to.</param>
/// <param name="Region">The region whose SMTP password the client gave; the mail is sent in that region.</param>
internal sealed record SesSmtpLogin(string AccessKeyId, string UserName, string Region);

/// <summary>
/// <c>AUTH PLAIN</c>/<c>LOGIN</c> as SES's SMTP interface checks it: the user name is an IAM access key id, the key is
/// <c>Active</c>, and the password is the key's SES SMTP password (<see cref="SesSmtpPassword"/>) for a region — the
/// region of the endpoint in AWS; here one endpoint serves every region, so the region is the one the password was
/// derived for. A deactivated or deleted key, or another key's password, fails (<c>535</c>).
/// </summary>
internal sealed class SesSmtpAuthenticator(IamStore iam, EmulatorOptions options) : IUserAuthenticator
{
    /// <summary>The session property holding the <see cref="SesSmtpLogin"/>.</summary>
    public const string LoginKey = "SesMail.SesSmtpLogin";

    /// <summary>Regions where SES has an SMTP endpoint (https://docs.aws.amazon.com/general/latest/gr/ses.html).</summary>
    private static readonly string[] Regions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ca-central-1", "eu-central-1", "eu-central-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "il-central-1", "me-south-1", "me-central-1",
        "sa-east-1", "us-gov-west-1", "us-gov-east-1",
    ];

    /// <inheritdoc />
    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        if (iam.AccessKey(user) is not { Status: "Active" } key || iam.User(key.UserName) is null)
        {
            return Task.FromResult(false);
        }

        foreach (var region in Regions.Append(options.DefaultRegion).Distinct(StringComparer.Ordinal))
        {
            if (SesSmtpPassword.Matches(password, key.SecretAccessKey, region))
            {
                context.Properties[LoginKey] = new SesSmtpLogin(key.AccessKeyId, key.UserName, region);
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(false);
    }
}
