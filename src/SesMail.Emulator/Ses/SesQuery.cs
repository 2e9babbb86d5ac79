using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SesMail.Emulator.Ses;

/// <summary>
/// Reads SES v1 Query parameters (<c>Rule.Recipients.member.1</c>, <c>Rule.Actions.member.1.S3Action.BucketName</c>)
/// into the receipt-rule model and writes the model back as response XML.
/// </summary>
internal static partial class SesQuery
{
    /// <summary>The action union members SES knows, with the members each one has.</summary>
    private static readonly Dictionary<string, string[]> ActionMembers = new(StringComparer.Ordinal)
    {
        ["S3Action"] = ["TopicArn", "BucketName", "ObjectKeyPrefix", "KmsKeyArn", "IamRoleArn"],
        ["SNSAction"] = ["TopicArn", "Encoding"],
        ["BounceAction"] = ["TopicArn", "SmtpReplyCode", "StatusCode", "Message", "Sender"],
        ["LambdaAction"] = ["TopicArn", "FunctionArn", "InvocationType"],
        ["StopAction"] = ["Scope", "TopicArn"],
        ["AddHeaderAction"] = ["HeaderName", "HeaderValue"],
        ["WorkmailAction"] = ["TopicArn", "OrganizationArn"],
        ["ConnectAction"] = ["InstanceARN", "IAMRoleARN"],
    };

    /// <summary>Required members per action type.</summary>
    private static readonly Dictionary<string, string[]> RequiredMembers = new(StringComparer.Ordinal)
    {
        ["S3Action"] = ["BucketName"],
        ["SNSAction"] = ["TopicArn"],
        ["BounceAction"] = ["SmtpReplyCode", "Message", "Sender"],
        ["LambdaAction"] = ["FunctionArn"],
        ["StopAction"] = ["Scope"],
        ["AddHeaderAction"] = ["HeaderName", "HeaderValue"],
        ["WorkmailAction"] = ["OrganizationArn"],
        ["ConnectAction"] = ["InstanceARN", "IAMRoleARN"],
    };

    /// <summary>A required parameter.</summary>
    public static string Required(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : throw SesErrors.Missing(name);

    /// <summary>An optional parameter (<c>null</c> when absent or empty).</summary>
    public static string? Optional(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>A Query list <c>{prefix}.member.1</c>, <c>.member.2</c>, … in order; stops at the first gap.</summary>
    public static List<string> List(IReadOnlyDictionary<string, string> parameters, string prefix)
    {
        var result = new List<string>();
        for (var i = 1; parameters.TryGetValue($"{prefix}.member.{i}", out var value); i++)
        {
            result.Add(value);
        }

        return result;
    }

    /// <summary>A boolean parameter (<c>true</c>/<c>false</c>, case-insensitive).</summary>
    public static bool Bool(IReadOnlyDictionary<string, string> parameters, string name, bool fallback)
    {
        var value = Optional(parameters, name);
        if (value is null)
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed)
            ? parsed
            : throw SesErrors.InvalidParameterValue($"Value '{value}' for {name} is not a boolean (true or false).");
    }

    /// <summary>Checks a rule or rule-set name as SES does.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidParameterValue</c> for a bad name.</exception>
    public static string ValidateName(string name, string what)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw SesErrors.InvalidParameterValue(
                $"Invalid {what} name <{name}>: the name must contain only ASCII letters, numbers, underscores, periods or dashes, start and end with a letter or number, and be fewer than 64 characters.");
        }

        return name;
    }

    /// <summary>Reads <c>{prefix}.Name</c>, <c>.Enabled</c>, <c>.TlsPolicy</c>, <c>.Recipients</c>, <c>.Actions</c>, <c>.ScanEnabled</c>.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>MissingParameter</c> or <c>InvalidParameterValue</c>.</exception>
    public static SesReceiptRule ReadRule(IReadOnlyDictionary<string, string> parameters, string prefix = "Rule")
    {
        var name = ValidateName(Required(parameters, $"{prefix}.Name"), "rule");
        var tls = Optional(parameters, $"{prefix}.TlsPolicy") ?? "Optional";
        if (tls is not ("Optional" or "Require"))
        {
            throw SesErrors.InvalidParameterValue($"Invalid TlsPolicy '{tls}': use Require or Optional.");
        }

        var recipients = List(parameters, $"{prefix}.Recipients");
        if (recipients.Count > 100)
        {
            throw SesErrors.LimitExceeded("A receipt rule can have at most 100 recipients.");
        }

        foreach (var recipient in recipients)
        {
            if (recipient.Length == 0 || recipient.Any(char.IsWhiteSpace) || recipient.Count(c => c == '@') > 1)
            {
                throw SesErrors.InvalidParameterValue($"Invalid recipient '{recipient}': give an email address, a domain, or .domain for its subdomains.");
            }
        }

        var actions = new List<SesReceiptAction>();
        for (var i = 1; ; i++)
        {
            var head = $"{prefix}.Actions.member.{i}.";
            var keys = parameters.Keys.Where(k => k.StartsWith(head, StringComparison.Ordinal)).ToList();
            if (keys.Count == 0)
            {
                break;
            }

            var types = keys.Select(k => k[head.Length..].Split('.')[0]).Distinct(StringComparer.Ordinal).ToList();
            if (types.Count != 1 || !ActionMembers.TryGetValue(types[0], out var members))
            {
                throw SesErrors.InvalidParameterValue(
                    $"Action {i} must set exactly one of {string.Join(", ", ActionMembers.Keys)}; got {string.Join(", ", types)}.");
            }

            var type = types[0];
            var values = new List<KeyValuePair<string, string>>();
            foreach (var member in members)
            {
                if (parameters.TryGetValue($"{head}{type}.{member}", out var value))
                {
                    values.Add(new(member, value));
                }
            }

            foreach (var required in RequiredMembers[type])
            {
                if (!values.Any(v => v.Key == required && v.Value.Length > 0))
                {
                    throw SesErrors.Missing($"{head}{type}.{required}");
                }
            }

            actions.Add(new SesReceiptAction(type, values));
        }

        return new SesReceiptRule(
            name,
            Bool(parameters, $"{prefix}.Enabled", fallback: false),
            tls,
            recipients,
            actions,
            Bool(parameters, $"{prefix}.ScanEnabled", fallback: false));
    }

    /// <summary>Writes a rule as the <c>ReceiptRule</c> shape under <paramref name="elementName"/>.</summary>
    public static XElement WriteRule(SesReceiptRule rule, string elementName = "member") =>
        new(elementName,
            new XElement("Name", rule.Name),
            new XElement("Enabled", rule.Enabled ? "true" : "false"),
            new XElement("TlsPolicy", rule.TlsPolicy),
            new XElement("Recipients", rule.Recipients.Select(r => new XElement("member", r))),
            new XElement("Actions", rule.Actions.Select(a =>
                new XElement("member", new XElement(a.Type, a.Members.Select(m => new XElement(m.Key, m.Value)))))),
            new XElement("ScanEnabled", rule.ScanEnabled ? "true" : "false"));

    /// <summary>Writes <c>ReceiptRuleSetMetadata</c> under <paramref name="elementName"/>.</summary>
    public static XElement WriteMetadata(SesReceiptRuleSet set, string elementName) =>
        new(elementName,
            new XElement("Name", set.Name),
            new XElement("CreatedTimestamp", Timestamp(set.CreatedTimestamp)));

    /// <summary>An ISO 8601 UTC timestamp with milliseconds, as SES writes them.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
