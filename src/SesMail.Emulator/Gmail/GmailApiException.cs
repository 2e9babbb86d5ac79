using System.Net;

namespace SesMail.Emulator.Gmail;

/// <summary>
/// A Gmail API error as Google reports it: HTTP status, the legacy <c>errors[].reason</c> and <c>domain</c>, and the
/// canonical <c>status</c> name. Thrown by the stand-in's operations and written by <see cref="GmailHttp"/>.
/// </summary>
internal sealed class GmailApiException : Exception
{
    public GmailApiException(HttpStatusCode statusCode, string reason, string message, string status, string domain = "global")
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Status = status;
        Domain = domain;
    }

    public HttpStatusCode StatusCode { get; }

    public string Reason { get; }

    public string Status { get; }

    public string Domain { get; }

    /// <summary>Seconds for a <c>Retry-After</c> header, when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Adds <c>location</c>/<c>locationType</c> (<c>Authorization</c>/<c>header</c> for auth errors).</summary>
    public string? Location { get; init; }

    public static GmailApiException MissingCredentials() =>
        new(HttpStatusCode.Unauthorized, "required",
            "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
            "UNAUTHENTICATED") { Location = "Authorization" };

    public static GmailApiException InvalidCredentials() =>
        new(HttpStatusCode.Unauthorized, "authError",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
            "UNAUTHENTICATED") { Location = "Authorization" };

    public static GmailApiException BadRequest(string message, string reason = "invalidArgument") =>
        new(HttpStatusCode.BadRequest, reason, message, "INVALID_ARGUMENT");

    public static GmailApiException NotFound(string message = "Requested entity was not found.") =>
        new(HttpStatusCode.NotFound, "notFound", message, "NOT_FOUND");

    public static GmailApiException DelegationDenied(string userId) =>
        new(HttpStatusCode.Forbidden, "forbidden", $"Delegation denied for {userId}", "PERMISSION_DENIED");

    public static GmailApiException InvalidLabel(string label) => BadRequest($"Invalid label: {label}");

    /// <summary>The error a fault switch injects for <paramref name="status"/>.</summary>
    public static GmailApiException Injected(int status, int? retryAfterSeconds, string? reason) => status switch
    {
        429 => new((HttpStatusCode)429, reason ?? "rateLimitExceeded", "Too many concurrent requests for user.", "RESOURCE_EXHAUSTED", "usageLimits") { RetryAfterSeconds = retryAfterSeconds },
        403 => new(HttpStatusCode.Forbidden, reason ?? "userRateLimitExceeded", "User-rate limit exceeded.", "PERMISSION_DENIED", "usageLimits") { RetryAfterSeconds = retryAfterSeconds },
        401 => InvalidCredentials(),
        400 => BadRequest("Invalid argument (injected by the SesMail fault switch).", reason ?? "invalidArgument"),
        503 => new(HttpStatusCode.ServiceUnavailable, reason ?? "backendError", "The service is currently unavailable.", "UNAVAILABLE") { RetryAfterSeconds = retryAfterSeconds },
        >= 500 => new((HttpStatusCode)status, reason ?? "backendError", "Backend Error", "INTERNAL") { RetryAfterSeconds = retryAfterSeconds },
        _ => new((HttpStatusCode)status, reason ?? "failedPrecondition", "Precondition check failed (injected by the SesMail fault switch).", "FAILED_PRECONDITION") { RetryAfterSeconds = retryAfterSeconds },
    };
}
