namespace SesMail.Emulator.Protocols;

/// <summary>
/// A REST-XML service that owns its HTTP mapping (S3). It receives every request that is neither JSON
/// (<c>X-Amz-Target</c>) nor Query (<c>Action=</c>) nor an internal endpoint.
/// </summary>
public interface IRestXmlService
{
    /// <summary>SigV4 signing name, e.g. <c>s3</c>.</summary>
    string SigningName { get; }

    /// <summary>Handles one request and writes the whole response.</summary>
    /// <param name="http">The HTTP context (REST services bind from paths, headers and streamed bodies).</param>
    /// <param name="context">The call's context.</param>
    /// <returns>A task that completes when the response is written.</returns>
    /// <exception cref="AwsServiceException">A service error; the dispatcher writes it as an S3 XML error.</exception>
    Task HandleAsync(HttpContext http, AwsRequestContext context);
}
