namespace SesMail.Emulator.Protocols;

/// <summary>What a provider may know about the call besides its input: no <c>HttpContext</c>.</summary>
/// <param name="Region">Region from the SigV4 credential scope, else the emulator's default.</param>
/// <param name="AccountId">The emulated account id.</param>
/// <param name="RequestId">The request id echoed in the response (<c>x-amzn-RequestId</c>, <c>RequestId</c>).</param>
/// <param name="BaseUrl">Scheme, host and port the caller used, without a trailing slash (builds queue URLs).</param>
/// <param name="AccessKeyId">Access key id from the credential scope, or <c>null</c> for unsigned calls.</param>
public sealed record AwsRequestContext(string Region, string AccountId, string RequestId, string BaseUrl, string? AccessKeyId)
{
    /// <summary>Who signed the request (resolved from the access key by the request authorizer); the account's root when unsigned or unknown.</summary>
    public AwsPrincipal Caller { get; init; } = AwsPrincipal.Root(AccountId, AccessKeyId);

    /// <summary>
    /// The caller's X-Ray trace header (<c>Root=1-…;Parent=…;Sampled=…</c>) from <c>X-Amzn-Trace-Id</c> or W3C
    /// <c>traceparent</c>, or <c>null</c>: what a service continues when it does something for the caller later
    /// (SQS's <c>AWSTraceHeader</c>, SNS and EventBridge deliveries).
    /// </summary>
    public string? TraceHeader { get; init; }
}
