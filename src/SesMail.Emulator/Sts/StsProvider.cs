using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sts;

/// <summary>
/// AWS Security Token Service, Query protocol, version 2011-06-15: <c>GetCallerIdentity</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), <c>AssumeRole</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html) and <c>GetSessionToken</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).
/// </summary>
/// <remarks>
/// Any access key id is accepted; the caller is always the account's root-like user <c>arn:aws:iam::{account}:user/sesmail</c>.
/// Issued credentials are random and carry no permissions (the emulator accepts any credentials anyway); they exist so
/// scripts and SDK credential providers that assume a role run unchanged.
/// </remarks>
internal sealed partial class StsProvider(TimeProvider clock) : IQueryService
{
    public string SigningName => "sts";

    public string XmlNamespace => "https://sts.amazonaws.com/doc/2011-06-15/";

    public bool Handles(string action) => action is "GetCallerIdentity" or "AssumeRole" or "GetSessionToken";

    public ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken) =>
        action switch
        {
            "GetCallerIdentity" => ValueTask.FromResult<IEnumerable<XElement>>(
            [
                new XElement("Arn", $"arn:aws:iam::{context.AccountId}:user/sesmail"),
                new XElement("UserId", context.AccessKeyId ?? "AIDASESMAILEMULATOR"),
                new XElement("Account", context.AccountId),
            ]),
            "AssumeRole" => ValueTask.FromResult(AssumeRole(parameters)),
            "GetSessionToken" => ValueTask.FromResult<IEnumerable<XElement>>(
                [Credentials(Duration(parameters, 900, 129_600, 43_200))]),
            _ => throw AwsServiceException.Common.UnknownOperation("InvalidAction", action),
        };

    private IEnumerable<XElement> AssumeRole(IReadOnlyDictionary<string, string> parameters)
    {
        var roleArn = parameters.GetValueOrDefault("RoleArn") ?? throw Missing("roleArn");
        var sessionName = parameters.GetValueOrDefault("RoleSessionName") ?? throw Missing("roleSessionName");
        if (!SessionName().IsMatch(sessionName))
        {
            throw Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }

        var role = RoleArn().Match(roleArn);
        if (!role.Success)
        {
            throw Validation($"{roleArn} is invalid");
        }

        var duration = Duration(parameters, 900, 43_200, 3_600);
        var roleName = role.Groups["name"].Value[(role.Groups["name"].Value.LastIndexOf('/') + 1)..];
        var roleId = "AROA" + RandomId(17);
        return
        [
            Credentials(duration),
            new XElement("AssumedRoleUser",
                new XElement("AssumedRoleId", $"{roleId}:{sessionName}"),
                new XElement("Arn", $"arn:aws:sts::{role.Groups["account"].Value}:assumed-role/{roleName}/{sessionName}")),
            new XElement("PackedPolicySize", 0),
        ];
    }

    private XElement Credentials(int durationSeconds) =>
        new("Credentials",
            new XElement("AccessKeyId", "ASIA" + RandomId(16)),
            new XElement("SecretAccessKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(30))),
            new XElement("SessionToken", Convert.ToBase64String(RandomNumberGenerator.GetBytes(96))),
            new XElement("Expiration", clock.GetUtcNow().AddSeconds(durationSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));

    /// <summary><c>DurationSeconds</c> within the operation's bounds, or its default when absent.</summary>
    private static int Duration(IReadOnlyDictionary<string, string> parameters, int min, int max, int fallback)
    {
        if (!parameters.TryGetValue("DurationSeconds", out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < min)
        {
            throw Validation($"1 validation error detected: Value '{text}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        }

        return seconds <= max
            ? seconds
            : throw Validation($"1 validation error detected: Value '{text}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to {max}");
    }

    private static string RandomId(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }

    private static AwsServiceException Validation(string message) => new("ValidationError", message);

    private static AwsServiceException Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionName();

    [GeneratedRegex(@"^arn:aws[\w-]*:iam::(?<account>\d{12}):role(?<name>/[\w+=,.@/-]+)$")]
    private static partial Regex RoleArn();
}
