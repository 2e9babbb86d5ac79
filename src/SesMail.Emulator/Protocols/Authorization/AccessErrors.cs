using System.Net;

namespace SesMail.Emulator.Protocols.Authorization;

/// <summary>The wire protocol a request arrived in, which decides how its authentication and authorization errors look.</summary>
internal enum WireProtocol
{
    /// <summary>AWS Query (<c>Action=…</c>): SNS, STS, IAM, SES, CloudFormation, SQS through the AWS CLI.</summary>
    Query,

    /// <summary>AWS JSON 1.0/1.1 (<c>X-Amz-Target</c>): DynamoDB, KMS, SSM, EventBridge, Logs, SQS through the SDK.</summary>
    Json,

    /// <summary>S3's REST-XML.</summary>
    RestXml,

    /// <summary>AWS REST-JSON (SESv2): JSON errors with REST statuses (403 for refusals).</summary>
    RestJson,
}

/// <summary>Why a request's credentials are refused before any policy is read.</summary>
internal enum CredentialProblem
{
    /// <summary>The access key was issued here and deleted, or is <c>Inactive</c>.</summary>
    UnknownKey,

    /// <summary>Temporary credentials without their session token, or with another one.</summary>
    InvalidToken,

    /// <summary>Temporary credentials past their expiry.</summary>
    Expired,

    /// <summary>The SigV4 signature does not match the one computed with the key's secret.</summary>
    SignatureMismatch,
}

/// <summary>
/// The errors each service answers when it refuses a caller, with the service's own code and status: S3 and Query
/// services <c>AccessDenied</c> 403 (SNS <c>AuthorizationError</c> 403), JSON services <c>AccessDeniedException</c> 400,
/// SQS <c>AccessDenied</c> 403 in both of its protocols; and for bad credentials <c>InvalidClientTokenId</c>,
/// <c>ExpiredToken</c>, <c>SignatureDoesNotMatch</c> (Query, 403), <c>UnrecognizedClientException</c>,
/// <c>ExpiredTokenException</c>, <c>InvalidSignatureException</c> (JSON, 400), <c>InvalidAccessKeyId</c>,
/// <c>InvalidToken</c>, <c>ExpiredToken</c>, <c>SignatureDoesNotMatch</c> (S3). See each API reference's "Common Errors"
/// (e.g. https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html, https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
/// </summary>
internal static class AccessErrors
{
    private const string SignatureMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private const string InvalidTokenMessage = "The security token included in the request is invalid.";
    private const string ExpiredMessage = "The security token included in the request is expired";

    /// <summary>The service's refusal of an action.</summary>
    /// <param name="signingName">The service's signing name.</param>
    /// <param name="protocol">The request's protocol.</param>
    /// <param name="principalArn">The caller's ARN.</param>
    /// <param name="action">The IAM action.</param>
    /// <param name="resource">The resource ARN.</param>
    /// <param name="reason">How the policies decided (implicit deny or which explicit deny).</param>
    /// <returns>The error to throw.</returns>
    public static AwsServiceException AccessDenied(string signingName, WireProtocol protocol, string principalArn, string action, string resource, Iam.Policies.PolicyDecision reason)
    {
        var because = reason switch
        {
            Iam.Policies.PolicyDecision.ExplicitDenyIdentity => "with an explicit deny in an identity-based policy",
            Iam.Policies.PolicyDecision.ExplicitDenyResource => "with an explicit deny in a resource-based policy",
            Iam.Policies.PolicyDecision.ExplicitDenySession => "with an explicit deny in a session policy",
            _ => $"because no identity-based policy allows the {action} action",
        };
        var message = signingName == "s3"
            ? $"User: {principalArn} is not authorized to perform: {action} on resource: \"{resource}\" {because}"
            : $"User: {principalArn} is not authorized to perform: {action} on resource: {resource} {because}";
        return (signingName, protocol) switch
        {
            ("sqs", _) => new AwsServiceException("AccessDenied", message, HttpStatusCode.Forbidden) { QueryErrorCode = "AccessDenied" },
            ("sns", _) => new AwsServiceException("AuthorizationError", message, HttpStatusCode.Forbidden),
            (_, WireProtocol.RestJson) => new AwsServiceException("AccessDeniedException", message, HttpStatusCode.Forbidden),
            (_, WireProtocol.Json) => new AwsServiceException("AccessDeniedException", message),
            _ => new AwsServiceException("AccessDenied", message, HttpStatusCode.Forbidden),
        };
    }

    /// <summary>The service's refusal of credentials.</summary>
    /// <param name="signingName">The service's signing name.</param>
    /// <param name="protocol">The request's protocol.</param>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The error to throw.</returns>
    public static AwsServiceException Credentials(string signingName, WireProtocol protocol, CredentialProblem problem)
    {
        if (protocol == WireProtocol.RestXml)
        {
            return problem switch
            {
                CredentialProblem.UnknownKey => new("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", HttpStatusCode.Forbidden),
                CredentialProblem.InvalidToken => new("InvalidToken", "The provided token is malformed or otherwise invalid."),
                CredentialProblem.Expired => new("ExpiredToken", "The provided token has expired."),
                _ => new("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", HttpStatusCode.Forbidden),
            };
        }

        if (protocol == WireProtocol.RestJson)
        {
            return problem switch
            {
                CredentialProblem.Expired => new("ExpiredTokenException", ExpiredMessage, HttpStatusCode.Forbidden),
                CredentialProblem.SignatureMismatch => new("InvalidSignatureException", SignatureMessage, HttpStatusCode.Forbidden),
                _ => new("UnrecognizedClientException", InvalidTokenMessage, HttpStatusCode.Forbidden),
            };
        }

        if (protocol == WireProtocol.Json && signingName != "sqs")
        {
            return problem switch
            {
                CredentialProblem.Expired => new("ExpiredTokenException", ExpiredMessage),
                CredentialProblem.SignatureMismatch => new("InvalidSignatureException", SignatureMessage),
                _ => new("UnrecognizedClientException", InvalidTokenMessage),
            };
        }

        var error = problem switch
        {
            CredentialProblem.Expired => new AwsServiceException("ExpiredToken", ExpiredMessage, HttpStatusCode.Forbidden),
            CredentialProblem.SignatureMismatch => new AwsServiceException("SignatureDoesNotMatch", SignatureMessage, HttpStatusCode.Forbidden),
            _ => new AwsServiceException("InvalidClientTokenId", InvalidTokenMessage, HttpStatusCode.Forbidden),
        };
        return signingName == "sqs" ? new AwsServiceException(error.Code, error.Message, error.StatusCode) { QueryErrorCode = error.Code } : error;
    }
}
