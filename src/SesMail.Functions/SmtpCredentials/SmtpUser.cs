using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;

namespace SesMail.Functions.SmtpCredentials;

/// <summary>
/// One SMTP user as the routing table holds it (docs/SENDING.md, "SMTP users"): <c>PK</c> = <c>SMTP_USER</c>,
/// <c>SK</c> = <c>USER#{username}</c>. The operator writes <c>status</c> = <c>pending</c> and the allowed From patterns;
/// the credential manager creates the IAM user and key and writes <c>active</c>, the user's ARN, the SMTP user name
/// and the KMS-encrypted credentials.
/// </summary>
/// <param name="Username">The name after <c>USER#</c>.</param>
/// <param name="Status"><c>pending</c>, <c>active</c> or <c>disabled</c>.</param>
/// <param name="AllowedFromAddresses">From patterns (<c>*</c> wildcards) the user may send as.</param>
/// <param name="Description">Free text.</param>
/// <param name="IamUserArn">The IAM user the manager created, or <c>null</c>.</param>
/// <param name="SmtpUsername">The SMTP user name (the access key id), or <c>null</c>.</param>
/// <param name="EncryptedCredentials">Base64 KMS ciphertext of <c>{"access_key_id","smtp_password"}</c>, or <c>null</c>.</param>
/// <param name="CreatedAt">When the operator added it (<c>YYYY-MM-DDTHH:MM:SSZ</c>).</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed partial record SmtpUser(
    string Username,
    string Status,
    IReadOnlyList<string> AllowedFromAddresses,
    string? Description = null,
    string? IamUserArn = null,
    string? SmtpUsername = null,
    string? EncryptedCredentials = null,
    string? CreatedAt = null,
    string? UpdatedAt = null)
{
    /// <summary>The partition key of every SMTP user item.</summary>
    public const string PartitionKey = "SMTP_USER";

    /// <summary>The sort-key prefix before the user name.</summary>
    public const string SortKeyPrefix = "USER#";

    /// <summary>Status written by the operator: create (or rotate) the credentials.</summary>
    public const string Pending = "pending";

    /// <summary>Status written by the manager once the credentials work.</summary>
    public const string Active = "active";

    /// <summary>Status written by the operator: the access keys are deactivated until <c>active</c> again.</summary>
    public const string Disabled = "disabled";

    /// <summary>The most characters a user name may have: <c>ses-smtp-user-{name}-{unixSeconds}</c> must fit IAM's 64.</summary>
    public const int MaxUsernameLength = 39;

    /// <summary>The item's key.</summary>
    /// <param name="username">The user name.</param>
    /// <returns><c>PK</c> and <c>SK</c>.</returns>
    public static Dictionary<string, AttributeValue> Key(string username) => new()
    {
        ["PK"] = new() { S = PartitionKey },
        ["SK"] = new() { S = SortKeyPrefix + username },
    };

    /// <summary>Whether <paramref name="username"/> can name an SMTP user: 1–39 of IAM's name characters (<c>[\w+=,.@-]</c>).</summary>
    /// <param name="username">The name.</param>
    /// <returns><c>true</c> when valid.</returns>
    public static bool IsValidUsername(string username) => UsernamePattern().IsMatch(username);

    /// <summary>The timestamp format of <c>created_at</c> and <c>updated_at</c>.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>E.g. <c>2026-12-03T10:00:00Z</c>.</returns>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The item as written to the routing table.</summary>
    /// <returns>The attributes.</returns>
    public Dictionary<string, AttributeValue> ToItem()
    {
        var item = Key(Username);
        item["entity_type"] = new() { S = PartitionKey };
        item["status"] = new() { S = Status };
        item["allowed_from_addresses"] = new() { L = [.. AllowedFromAddresses.Select(a => new AttributeValue { S = a })] };
        Put(item, "description", Description);
        Put(item, "iam_user_arn", IamUserArn);
        Put(item, "smtp_username", SmtpUsername);
        Put(item, "encrypted_credentials", EncryptedCredentials);
        Put(item, "created_at", CreatedAt);
        Put(item, "updated_at", UpdatedAt);
        return item;
    }

    /// <summary>Reads an item of the routing table (SDK attribute values).</summary>
    /// <param name="item">The item.</param>
    /// <returns>The user, or <c>null</c> when the item is not an SMTP user.</returns>
    public static SmtpUser? FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        string? S(string name) => item.TryGetValue(name, out var v) ? v.S : null;
        if (S("PK") != PartitionKey || S("SK") is not { } sk || !sk.StartsWith(SortKeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var from = item.TryGetValue("allowed_from_addresses", out var list) ? (list.L ?? []).Select(a => a.S).OfType<string>().ToList() : [];
        return new SmtpUser(sk[SortKeyPrefix.Length..], S("status") ?? string.Empty, from, S("description"), S("iam_user_arn"), S("smtp_username"), S("encrypted_credentials"), S("created_at"), S("updated_at"));
    }

    /// <summary>Reads a stream image (<c>NewImage</c>/<c>OldImage</c>: DynamoDB JSON, <c>{"name":{"S":"…"}}</c>).</summary>
    /// <param name="image">The image.</param>
    /// <returns>The user, or <c>null</c> when the image is not an SMTP user item (or has a sort key without <c>USER#</c>).</returns>
    public static SmtpUser? FromImage(JsonObject? image)
    {
        string? S(string name) => image?[name]?["S"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (S("PK") != PartitionKey || S("SK") is not { } sk || !sk.StartsWith(SortKeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var from = image?["allowed_from_addresses"]?["L"] is JsonArray list
            ? list.Select(a => a?["S"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];
        return new SmtpUser(sk[SortKeyPrefix.Length..], S("status") ?? string.Empty, from, S("description"), S("iam_user_arn"), S("smtp_username"), S("encrypted_credentials"), S("created_at"), S("updated_at"));
    }

    /// <summary>Whether an image belongs to the SMTP-user partition, whatever its sort key.</summary>
    /// <param name="image">The image.</param>
    /// <returns><c>true</c> for <c>PK</c> = <c>SMTP_USER</c>.</returns>
    public static bool IsSmtpUserImage(JsonObject? image) => image?["PK"]?["S"] is JsonValue v && v.TryGetValue<string>(out var s) && s == PartitionKey;

    /// <summary>
    /// The user's inline policy: <c>ses:SendEmail</c> and <c>ses:SendRawEmail</c> allowed only when <c>ses:FromAddress</c>
    /// matches one of the patterns (<c>StringLike</c>); with no pattern the same actions are denied.
    /// </summary>
    /// <param name="allowedFrom">The From patterns.</param>
    /// <returns>The policy document (JSON).</returns>
    public static string PolicyDocument(IReadOnlyList<string> allowedFrom)
    {
        var statement = new JsonObject
        {
            ["Effect"] = allowedFrom.Count == 0 ? "Deny" : "Allow",
            ["Action"] = new JsonArray("ses:SendEmail", "ses:SendRawEmail"),
            ["Resource"] = "*",
        };
        if (allowedFrom.Count > 0)
        {
            statement["Condition"] = new JsonObject
            {
                ["StringLike"] = new JsonObject { ["ses:FromAddress"] = new JsonArray([.. allowedFrom.Select(a => (JsonNode)JsonValue.Create(a))]) },
            };
        }

        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement) }.ToJsonString();
    }

    private static void Put(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = new() { S = value };
        }
    }

    [GeneratedRegex(@"^[\w+=,.@-]{1,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
