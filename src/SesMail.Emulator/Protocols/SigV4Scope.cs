namespace SesMail.Emulator.Protocols;

/// <summary>
/// The credential scope of a SigV4-signed request: <c>AKID/yyyyMMdd/region/service/aws4_request</c>, read from the
/// <c>Authorization</c> header or the presigned-URL parameter <c>X-Amz-Credential</c>. Signatures are not verified:
/// the emulator accepts any credentials.
/// </summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="Region">The region, e.g. <c>ap-southeast-2</c>.</param>
/// <param name="Service">The signing name, e.g. <c>sqs</c>.</param>
public sealed record SigV4Scope(string AccessKeyId, string Region, string Service)
{
    /// <summary>Reads the scope from a request, or returns <c>null</c> when the request is unsigned or malformed.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <returns>The scope, or <c>null</c>.</returns>
    public static SigV4Scope? From(HttpRequest request)
    {
        string? credential = null;
        var authorization = request.Headers.Authorization.ToString();
        var at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + "Credential=".Length;
            var end = authorization.IndexOfAny([',', ' '], start);
            credential = end < 0 ? authorization[start..] : authorization[start..end];
        }
        else if (request.Query.TryGetValue("X-Amz-Credential", out var presigned))
        {
            credential = presigned.ToString();
        }

        var parts = credential?.Split('/');
        return parts is { Length: 5 } ? new SigV4Scope(parts[0], parts[2], parts[3]) : null;
    }
}
