using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.XRay;

/// <summary>X-Ray's errors (https://docs.aws.amazon.com/xray/latest/api/CommonErrors.html and each operation's Errors).</summary>
internal static class XRayErrors
{
    /// <summary>400 <c>InvalidRequestException</c>: the request is missing required parameters or has invalid ones.</summary>
    /// <param name="message">What is wrong.</param>
    /// <returns>The error.</returns>
    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequestException", message);
}
