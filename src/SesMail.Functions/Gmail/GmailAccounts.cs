using System.Globalization;
using System.Text.Json;

namespace SesMail.Functions.Gmail;

/// <summary>
/// Where each Gmail account's OAuth refresh token lives (docs/OPERATIONS.md, "Gmail accounts and tokens"): one SSM
/// SecureString per account, <c>{prefix}/{domain}/{local-part}</c> under
/// <c>/ses-mail/{env}/gmail-forwarder/oauth/accounts</c>, both parts lower-case — SSM parameter names allow only
/// <c>a-zA-Z0-9_.-</c> and <c>/</c>, so the <c>@</c> becomes a level of the hierarchy. The one token of stacks made
/// before several accounts existed (<c>…/oauth/refresh-token</c>) is the <em>default</em> token: it serves the account
/// recorded in its <c>account</c> field, or — when it records none — every target without a token of its own, as it
/// always did.
/// </summary>
public static class GmailAccounts
{
    /// <summary>The account key of a <c>forward-to-gmail</c> target that names no account (the default token's).</summary>
    public const string DefaultKey = "default";

    /// <summary>The ledger mailbox of the default token when it records no account (what the forwarder used before accounts).</summary>
    public const string UnrecordedMailbox = "me";

    /// <summary>The parameter path under which account tokens live, for an environment.</summary>
    /// <param name="environment"><c>test</c> or <c>prod</c>.</param>
    /// <returns><c>/ses-mail/{environment}/gmail-forwarder/oauth/accounts</c>.</returns>
    public static string DefaultPrefix(string environment) => $"/ses-mail/{environment}/gmail-forwarder/oauth/accounts";

    /// <summary>The account key of a forward target's destination: the address trimmed and lower-cased, or <see cref="DefaultKey"/> when empty.</summary>
    /// <param name="destination">The rule target (a Gmail address), or <c>null</c>/<c>""</c>.</param>
    /// <returns>The key.</returns>
    public static string Key(string? destination) =>
        string.IsNullOrWhiteSpace(destination) ? DefaultKey : destination.Trim().ToLowerInvariant();

    /// <summary>The SSM parameter that holds <paramref name="account"/>'s refresh token.</summary>
    /// <param name="prefix">The accounts path, e.g. <c>/ses-mail/test/gmail-forwarder/oauth/accounts</c>.</param>
    /// <param name="account">The account address.</param>
    /// <returns><c>{prefix}/{domain}/{local-part}</c>, lower-case.</returns>
    /// <exception cref="FormatException">Not an address, or it uses characters SSM parameter names cannot hold; the
    /// message says which.</exception>
    public static string ParameterName(string prefix, string account)
    {
        var address = account.Trim().ToLowerInvariant();
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            throw new FormatException($"'{account}' is not an e-mail address (user@domain).");
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (!IsNameSegment(local) || !IsNameSegment(domain))
        {
            throw new FormatException(
                $"'{account}' cannot name an SSM parameter: an account address may use only letters, digits, '.', '_' and '-' (SSM parameter names allow nothing else).");
        }

        return $"{prefix.TrimEnd('/')}/{domain}/{local}";
    }

    /// <summary>Whether an account address can name a token parameter (<see cref="ParameterName"/> would not throw).</summary>
    /// <param name="account">The address.</param>
    /// <returns><c>true</c> when usable.</returns>
    public static bool IsValid(string account)
    {
        try
        {
            ParameterName("/p", account);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The account a token parameter belongs to: the inverse of <see cref="ParameterName"/>.</summary>
    /// <param name="prefix">The accounts path.</param>
    /// <param name="parameterName">A parameter name found under it.</param>
    /// <returns><c>local@domain</c>, or <c>null</c> when the name is not <c>{prefix}/{domain}/{local}</c>.</returns>
    public static string? AccountOf(string prefix, string parameterName)
    {
        var root = prefix.TrimEnd('/') + "/";
        if (!parameterName.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = parameterName[root.Length..].Split('/');
        return parts is [{ Length: > 0 } domain, { Length: > 0 } local] ? $"{local}@{domain}" : null;
    }

    private static bool IsNameSegment(string value) =>
        value.Length > 0 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-');
}

/// <summary>
/// The value of a refresh-token parameter, <c>{"token","created_at","expires_at","expires_at_epoch","account"}</c>,
/// read leniently: any field may be missing, and a value that is not such an object (the template's placeholder text)
/// reads as no token.
/// </summary>
/// <param name="Token">The refresh token, or <c>null</c>.</param>
/// <param name="Account">The Gmail account the token was granted by (written by <c>sesmail token refresh</c>), or <c>null</c>
/// when the value records none (tokens stored before several accounts existed).</param>
/// <param name="CreatedAt"><c>created_at</c> as stored, or <c>null</c>.</param>
/// <param name="ExpiresAt"><c>expires_at</c> as stored, or <c>null</c>.</param>
/// <param name="ExpiresAtEpoch"><c>expires_at_epoch</c> (Unix seconds), or, without it, <c>expires_at</c> parsed; <c>null</c>
/// when neither is usable.</param>
public sealed record GmailTokenValue(string? Token, string? Account, string? CreatedAt, string? ExpiresAt, double? ExpiresAtEpoch)
{
    /// <summary>Whether a non-empty <c>token</c> is present.</summary>
    public bool HasToken => !string.IsNullOrWhiteSpace(Token);

    /// <summary>Reads a parameter's text.</summary>
    /// <param name="text">The parameter value.</param>
    /// <returns>The fields found.</returns>
    public static GmailTokenValue Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new GmailTokenValue(null, null, null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new GmailTokenValue(null, null, null, null, null);
            }

            var expires = Text(root, "expires_at");
            double? epoch = null;
            if (root.TryGetProperty("expires_at_epoch", out var value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
                {
                    epoch = number;
                }
                else if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    epoch = parsed;
                }
            }

            if (epoch is null && expires is not null &&
                DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                epoch = at.ToUnixTimeMilliseconds() / 1000.0;
            }

            var account = Text(root, "account");
            return new GmailTokenValue(Text(root, "token"), string.IsNullOrWhiteSpace(account) ? null : account.Trim().ToLowerInvariant(), Text(root, "created_at"), expires, epoch);
        }
        catch (JsonException)
        {
            return new GmailTokenValue(null, null, null, null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
