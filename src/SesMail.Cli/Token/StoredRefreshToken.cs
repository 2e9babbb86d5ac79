using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SesMail.Cli.Token;

/// <summary>
/// The value of a refresh-token parameter, <c>{"token","created_at","expires_at","expires_at_epoch","account"}</c>
/// (docs/OPERATIONS.md, "Gmail accounts and tokens"): times are UTC <c>YYYY-MM-DDTHH:MM:SSZ</c>, <c>expires_at</c> is
/// <c>created_at</c> + 7 days (Google's testing-mode lifetime), <c>expires_at_epoch</c> the same instant in Unix seconds,
/// <c>account</c> the Gmail account the consent was asked for (absent when unknown).
/// </summary>
/// <param name="Token">The OAuth refresh token.</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="ExpiresAt">When Google will stop honouring it (assumed).</param>
/// <param name="ExpiresAtEpoch"><see cref="ExpiresAt"/> in Unix seconds; what the token monitor reads.</param>
/// <param name="Account">The Gmail account (lower-case address) the token was granted for, or <c>null</c> when unknown.
/// The forwarder uses a default token that records an account for that account only.</param>
internal sealed record StoredRefreshToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("expires_at")] string ExpiresAt,
    [property: JsonPropertyName("expires_at_epoch")] long ExpiresAtEpoch,
    [property: JsonPropertyName("account")] string? Account = null)
{
    /// <summary>The lifetime the refresh script assumes (Google "testing" publishing status).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>A value for <paramref name="token"/> stored at <paramref name="now"/> (truncated to whole seconds).</summary>
    /// <param name="token">The refresh token.</param>
    /// <param name="now">The time of storing.</param>
    /// <param name="account">The account it was granted for (stored lower-case), or <c>null</c>.</param>
    public static StoredRefreshToken Create(string token, DateTimeOffset now, string? account = null)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expires = created + Lifetime;
        return new StoredRefreshToken(token, Format(created), Format(expires), expires.ToUnixTimeSeconds(), string.IsNullOrWhiteSpace(account) ? null : account.Trim().ToLowerInvariant()) { Token = token };
    }

    /// <summary>The parameter's JSON (compact, as SSM stores it).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TokenJsonContext.Default.StoredRefreshToken);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}

/// <summary>What the refresh-token parameter holds, read leniently: any of the fields may be missing.</summary>
/// <param name="HasToken">A non-empty <c>token</c> is present.</param>
/// <param name="CreatedAt"><c>created_at</c> as stored, or null.</param>
/// <param name="ExpiresAt"><c>expires_at</c> as stored, or null.</param>
/// <param name="ExpiresAtEpoch"><c>expires_at_epoch</c> (Unix seconds), or, without it, <c>expires_at</c> parsed; null when neither is usable.</param>
/// <param name="Account"><c>account</c> lower-cased, or null.</param>
internal sealed record RefreshTokenParameterValue(bool HasToken, string? CreatedAt, string? ExpiresAt, double? ExpiresAtEpoch, string? Account = null)
{
    /// <summary>
    /// True when the parameter was never refreshed: not a JSON object with a token (the template's
    /// <c>PLACEHOLDER - …</c> text) — a state in which nothing can tell when the token expires, so the token monitor reports an error.
    /// </summary>
    public bool IsPlaceholder => !HasToken;

    /// <summary>The refresh token itself, or null.</summary>
    public string? Token { get; init; }

    /// <summary>Reads the parameter's text.</summary>
    public static RefreshTokenParameterValue Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new RefreshTokenParameterValue(false, null, null, null);
            }

            var token = Text(root, "token");
            var created = Text(root, "created_at");
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
            return new RefreshTokenParameterValue(!string.IsNullOrWhiteSpace(token), created, expires, epoch, string.IsNullOrWhiteSpace(account) ? null : account.Trim().ToLowerInvariant()) { Token = token };
        }
        catch (JsonException)
        {
            return new RefreshTokenParameterValue(false, null, null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Compact JSON for the values the token commands store in SSM.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredRefreshToken))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
