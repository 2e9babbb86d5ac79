using System.Net;

namespace SesMail.Functions.Gmail;

/// <summary>What went wrong talking to Gmail, as the forwarder's error taxonomy needs it (docs/ARCHITECTURE.md#the-gmail-forwarder).</summary>
internal enum GmailErrorKind
{
    /// <summary>The refresh token is expired or revoked, or Gmail refused the credentials: park the record.</summary>
    TokenExpired,

    /// <summary>Gmail asked to slow down (<c>429</c>, or <c>403</c> with a rate-limit reason): retry later.</summary>
    RateLimited,

    /// <summary>A network error, timeout or <c>5xx</c>: retry.</summary>
    Transient,

    /// <summary>Any other refusal (<c>400</c>, <c>404</c>, <c>413</c>, …): retrying the same request will not help.</summary>
    Permanent,
}

/// <summary>A failed Gmail API or OAuth call, classified.</summary>
internal class GmailException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GmailException(GmailErrorKind kind, string message, HttpStatusCode? statusCode = null, string? reason = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>The classification.</summary>
    public GmailErrorKind Kind { get; }

    /// <summary>The HTTP status, when there was a response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Google's <c>errors[0].reason</c> or the OAuth <c>error</c> code (e.g. <c>invalid_grant</c>).</summary>
    public string? Reason { get; }

    /// <summary>The server's <c>Retry-After</c>, when given.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether retrying the same call may succeed (<see cref="GmailErrorKind.RateLimited"/> or <see cref="GmailErrorKind.Transient"/>).</summary>
    public bool IsRetryable => Kind is GmailErrorKind.RateLimited or GmailErrorKind.Transient;

    /// <summary>The forwarder's snake-case name of the kind (<c>token_expired</c>, <c>rate_limited</c>, <c>transient</c>, <c>permanent</c>).</summary>
    public string ErrorType => Kind switch
    {
        GmailErrorKind.TokenExpired => "token_expired",
        GmailErrorKind.RateLimited => "rate_limited",
        GmailErrorKind.Transient => "transient",
        _ => "permanent",
    };
}

/// <summary>The OAuth refresh token is expired or revoked (<c>invalid_grant</c>), or Gmail refused the credentials (<c>401</c>/<c>403</c>).</summary>
internal sealed class GmailTokenExpiredException(string message, HttpStatusCode? statusCode = null, string? reason = null, Exception? innerException = null, string? errorDescription = null)
    : GmailException(GmailErrorKind.TokenExpired, message, statusCode, reason, null, innerException)
{
    /// <summary>The token endpoint's OAuth <c>error_description</c> (RFC 6749 §5.2), e.g. "Token has been expired or revoked."; <c>null</c> when it gave none.</summary>
    public string? ErrorDescription { get; } = errorDescription;
}

/// <summary>Gmail answered <c>429</c> (or <c>403 rateLimitExceeded</c>/<c>userRateLimitExceeded</c>); <see cref="GmailException.RetryAfter"/> says when to retry, if Google said.</summary>
internal sealed class GmailRateLimitedException(string message, HttpStatusCode statusCode, string? reason, TimeSpan? retryAfter)
    : GmailException(GmailErrorKind.RateLimited, message, statusCode, reason, retryAfter);

/// <summary>A network failure, timeout, or <c>5xx</c>/<c>408</c>: the same call may succeed later.</summary>
internal sealed class GmailTransientException(string message, HttpStatusCode? statusCode = null, string? reason = null, TimeSpan? retryAfter = null, Exception? innerException = null)
    : GmailException(GmailErrorKind.Transient, message, statusCode, reason, retryAfter, innerException);

/// <summary>Gmail refused the request for good (<c>400</c>, <c>404</c>, <c>413</c>, …) or the client configuration is unusable.</summary>
internal sealed class GmailPermanentException(string message, HttpStatusCode? statusCode = null, string? reason = null, Exception? innerException = null)
    : GmailException(GmailErrorKind.Permanent, message, statusCode, reason, null, innerException);
