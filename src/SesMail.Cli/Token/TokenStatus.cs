using System.Text.Json.Serialization;

namespace SesMail.Cli.Token;

/// <summary>
/// <c>sesmail token status</c>'s answer: the stored token's times and <c>TokenSecondsUntilExpiration</c>, the figure the
/// token monitor publishes (docs/OPERATIONS.md#the-gmail-token: <c>expires_at_epoch − now</c> in seconds, fractional, negative once expired),
/// with the state the monitor's alarms would be in.
/// </summary>
/// <param name="Parameter">The SSM parameter read.</param>
/// <param name="State"><c>ok</c>, <c>warning</c> (&lt; 24 h left), <c>critical</c> (&lt; 6 h), <c>expired</c> (the stored
/// date passed and, when checked, Google refused it), <c>revoked</c> (Google refused it before the stored date:
/// <c>invalid_grant</c>), <c>invalid-client</c> (no usable OAuth client, or Google refused the client) or
/// <c>placeholder</c> (never refreshed).</param>
/// <param name="CreatedAt"><c>created_at</c> as stored.</param>
/// <param name="ExpiresAt"><c>expires_at</c> as stored.</param>
/// <param name="ExpiresAtEpoch"><c>expires_at_epoch</c> (Unix seconds).</param>
/// <param name="TokenSecondsUntilExpiration">Seconds until expiry; null for a placeholder.</param>
/// <param name="Message">One sentence for people: what the state means.</param>
/// <param name="Next">The command(s) to run, or null when nothing is due.</param>
/// <param name="Account">The Gmail account the token records (lower-case), or null when it records none.</param>
/// <param name="Accounts">For the default token: the status of every account's own token
/// (<c>/ses-mail/{env}/gmail-forwarder/oauth/accounts/{domain}/{local}</c>), in address order; null on those entries.</param>
internal sealed record TokenStatus(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("createdAt")] string? CreatedAt,
    [property: JsonPropertyName("expiresAt")] string? ExpiresAt,
    [property: JsonPropertyName("expiresAtEpoch")] double? ExpiresAtEpoch,
    [property: JsonPropertyName("tokenSecondsUntilExpiration")] double? TokenSecondsUntilExpiration,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("account")] string? Account = null,
    [property: JsonPropertyName("accounts")] IReadOnlyList<TokenStatus>? Accounts = null)
{
    /// <summary>Exit code of <c>token status</c> when the token is expired or was never stored (mail is being parked).</summary>
    public const int UnusableExitCode = 3;

    /// <summary>The warning alarm's threshold (docs/OPERATIONS.md#the-gmail-token): 86 400 s.</summary>
    public const double WarningSeconds = 86_400;

    /// <summary>The critical alarm's threshold (docs/OPERATIONS.md#the-gmail-token): 21 600 s.</summary>
    public const double CriticalSeconds = 21_600;

    /// <summary>True when the token endpoint was asked (no <c>--offline</c>).</summary>
    [JsonPropertyName("checked")]
    public bool Checked { get; init; }

    /// <summary>The token endpoint asked (the client's <c>token_uri</c>), or null.</summary>
    [JsonPropertyName("tokenEndpoint")]
    public string? TokenEndpoint { get; init; }

    /// <summary>What the token endpoint answered when it refused or failed (<c>invalid_grant: Token has been expired
    /// or revoked.</c>), or why it could not be asked; null when it issued an access token or was not asked.</summary>
    [JsonPropertyName("tokenEndpointError")]
    public string? TokenEndpointError { get; init; }

    /// <summary>The retry queue where the forwarder parks mail while the token is unusable.</summary>
    [JsonPropertyName("retryQueue")]
    public string? RetryQueue { get; init; }

    /// <summary>Messages parked in the retry queue (visible, in flight and delayed), or null when it could not be read.</summary>
    [JsonPropertyName("parkedMessages")]
    public long? ParkedMessages { get; init; }

    /// <summary>True for <c>expired</c>, <c>revoked</c>, <c>invalid-client</c> and <c>placeholder</c>: the forwarder cannot deliver.</summary>
    [JsonIgnore]
    public bool Unusable => State is "expired" or "revoked" or "invalid-client" or "placeholder";

    /// <summary>Evaluates the parameter's value at <paramref name="now"/>.</summary>
    /// <param name="parameter">The parameter name (for the report).</param>
    /// <param name="value">What it holds.</param>
    /// <param name="now">The current time.</param>
    /// <param name="environment">The <c>--env</c> (for the commands suggested).</param>
    /// <param name="account">For an account's own token, its address (the command suggested names it); null for the
    /// default token.</param>
    public static TokenStatus Evaluate(string parameter, RefreshTokenParameterValue value, DateTimeOffset now, string environment, string? account = null) =>
        EvaluateCore(parameter, value, now, environment, account) with { Account = account ?? value.Account };

    private static TokenStatus EvaluateCore(string parameter, RefreshTokenParameterValue value, DateTimeOffset now, string environment, string? account)
    {
        var refresh = account is null ? $"sesmail token refresh --env {environment}" : $"sesmail token refresh --account {account} --env {environment}";
        if (value.IsPlaceholder)
        {
            return new TokenStatus(parameter, "placeholder", null, null, null, null,
                "No refresh token was ever stored (the parameter holds a placeholder), so the forwarder cannot deliver.",
                $"sesmail token set-client --file client_secret.json --env {environment} (once), then {refresh}");
        }

        if (value.ExpiresAtEpoch is not { } epoch)
        {
            return new TokenStatus(parameter, "placeholder", value.CreatedAt, value.ExpiresAt, null, null,
                "The stored token has no expires_at_epoch, so its expiry is unknown (the token monitor fails on it too).", refresh);
        }

        var seconds = epoch - (now.ToUnixTimeMilliseconds() / 1000.0);
        var (state, message, next) = seconds switch
        {
            <= 0 => ("expired", "The refresh token has expired; the forwarder parks incoming mail in the retry queue.", refresh),
            < CriticalSeconds => ("critical", "The refresh token expires within 6 hours; refresh it now.", refresh),
            < WarningSeconds => ("warning", "The refresh token expires within 24 hours; refresh it soon.", refresh),
            _ => ("ok", "The refresh token is valid (Google's testing mode allows 7 days from the consent).", (string?)null),
        };
        return new TokenStatus(parameter, state, value.CreatedAt, value.ExpiresAt, epoch, Math.Round(seconds, 3), message, next);
    }
}
