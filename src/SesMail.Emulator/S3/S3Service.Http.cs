using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;

namespace SesMail.Emulator.S3;

/// <summary>The header, query and XML conventions the S3 operations share: reading requests, writing results.</summary>
internal sealed partial class S3Service
{
    /// <summary>The standard headers S3 stores with an object and returns on GET/HEAD.</summary>
    private static readonly string[] StoredHeaderNames =
        ["Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires", "x-amz-website-redirect-location", "x-amz-server-side-encryption"];

    /// <summary>A request body read by <see cref="S3RequestBody"/> when the provider asks for it.</summary>
    private sealed class HttpPayload(HttpRequest request) : IS3Payload
    {
        public Task<S3ReceivedBody> CopyToAsync(Stream destination, S3ChecksumAlgorithm? defaultAlgorithm, long maxLength, CancellationToken cancellationToken) =>
            S3RequestBody.CopyToAsync(request, destination, defaultAlgorithm, maxLength, cancellationToken);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /// <summary>An integer query parameter, capped at <paramref name="max"/>.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidArgument</c> for a value that is not an integer or is below <paramref name="min"/>.</exception>
    private static int IntParameter(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range", name, text);
        }

        return Math.Min(value, max);
    }

    /// <summary>The <c>partNumber</c> query parameter.</summary>
    private static int PartNumber(HttpRequest request)
    {
        var text = request.Query["partNumber"].ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", text);
    }

    /// <summary>What a new object is stored with: standard headers, <c>x-amz-meta-*</c>, <c>x-amz-tagging</c>, <c>x-amz-storage-class</c>.</summary>
    private static S3ObjectAttributes Attributes(HttpRequest request) =>
        new(StoredHeaders(request), UserMetadata(request), TaggingHeader(request), StorageClass(request));

    /// <summary>User metadata from <c>x-amz-meta-*</c> headers (names lowercased, prefix removed).</summary>
    private static Dictionary<string, string> UserMetadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[name["x-amz-meta-".Length..].ToLowerInvariant()] = value.ToString();
            }
        }

        return metadata;
    }

    private static Dictionary<string, string> StoredHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaderNames)
        {
            var value = request.Headers[name].ToString();
            if (name == "Content-Encoding")
            {
                // aws-chunked is a transfer detail, not part of the stored object
                value = string.Join(',', value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            }

            if (value.Length > 0)
            {
                headers[name] = value;
            }
        }

        headers.TryAdd("Content-Type", "binary/octet-stream");
        return headers;
    }

    /// <summary>Tags from <c>x-amz-tagging</c> (URL query form <c>k1=v1&amp;k2=v2</c>).</summary>
    private static List<S3Tag> TaggingHeader(HttpRequest request)
    {
        var header = request.Headers["x-amz-tagging"].ToString();
        if (header.Length == 0)
        {
            return [];
        }

        var tags = new List<S3Tag>();
        foreach (var (name, values) in QueryHelpers.ParseQuery(header.StartsWith('?') ? header : "?" + header))
        {
            foreach (var value in values)
            {
                tags.Add(new S3Tag(name, value ?? string.Empty));
            }
        }

        return tags;
    }

    /// <summary><c>x-amz-storage-class</c> (<c>STANDARD</c> when sent empty), or <c>null</c> when not sent.</summary>
    private static string? StorageClass(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("x-amz-storage-class", out var value))
        {
            return null;
        }

        return value.ToString().Length == 0 ? "STANDARD" : value.ToString();
    }

    /// <summary>RFC 7232 conditions from <c>{prefix}if-match</c>, <c>…if-none-match</c>, <c>…if-modified-since</c>, <c>…if-unmodified-since</c>.</summary>
    private static S3Conditions Conditions(HttpRequest request, string prefix = "") =>
        new(
            request.Headers[prefix + "If-Match"].ToString(),
            request.Headers[prefix + "If-None-Match"].ToString(),
            HttpDate(request.Headers[prefix + "If-Modified-Since"].ToString()),
            HttpDate(request.Headers[prefix + "If-Unmodified-Since"].ToString()));

    private static DateTimeOffset? HttpDate(string value) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
        || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date)
            ? date
            : null;

    /// <summary>Reads <c>x-amz-copy-source</c> (<c>[/]bucket/key[?versionId=…]</c>, URL-encoded).</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>InvalidArgument</c> when it names no bucket and key.</exception>
    private static S3CopySource CopySource(string copySource)
    {
        var value = copySource;
        var version = value.IndexOf("?versionId=", StringComparison.Ordinal);
        if (version >= 0)
        {
            value = value[..version];
        }

        value = Decode(value).TrimStart('/');
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", copySource);
        }

        return new S3CopySource(value[..slash], value[(slash + 1)..]);
    }

    /// <summary>Reads a small XML request document (verified like any body) and checks its root element.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>MalformedXML</c>.</exception>
    private static async Task<XElement> ReadDocumentAsync(HttpContext http, string? rootName = null)
    {
        var root = S3Xml.Parse(await S3RequestBody.ReadSmallAsync(http.Request, http.RequestAborted).ConfigureAwait(false));
        return rootName is null || root.Name.LocalName == rootName ? root : throw S3Errors.MalformedXml();
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    private static Task WriteStatus(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static void WriteChecksumHeaders(HttpResponse response, S3ChecksumAlgorithm? algorithm, string? value, string? type)
    {
        if (algorithm is { } a && value is not null)
        {
            response.Headers[S3Checksums.HeaderName(a)] = value;
            if (type is not null)
            {
                response.Headers["x-amz-checksum-type"] = type;
            }
        }
    }

    /// <summary>The <c>Checksum{Algorithm}</c> element of a result, when there is a checksum.</summary>
    private static XElement? ChecksumElement(S3ChecksumAlgorithm? algorithm, string? checksum) =>
        algorithm is { } a && checksum is not null ? S3Xml.E(S3Checksums.ElementName(a), checksum) : null;

    private static XElement OwnerElement(string name = "Owner") => S3Xml.E(name, S3Xml.E("ID", Owner.Id), S3Xml.E("DisplayName", Owner.DisplayName));

    /// <summary>The fixed ACL of every bucket and object: the owner has <c>FULL_CONTROL</c>.</summary>
    private static Task WriteAclAsync(HttpContext http)
    {
        var xsi = XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance");
        return S3Xml.WriteAsync(http, S3Xml.E("AccessControlPolicy",
            OwnerElement(),
            S3Xml.E("AccessControlList",
                S3Xml.E("Grant",
                    new XElement(S3Xml.Ns + "Grantee",
                        new XAttribute(XNamespace.Xmlns + "xsi", xsi.NamespaceName),
                        new XAttribute(xsi + "type", "CanonicalUser"),
                        S3Xml.E("ID", Owner.Id),
                        S3Xml.E("DisplayName", Owner.DisplayName)),
                    S3Xml.E("Permission", "FULL_CONTROL")))));
    }

    private static Task WriteBytesAsync(HttpContext http, byte[] bytes, string contentType)
    {
        http.Response.ContentType = contentType;
        http.Response.ContentLength = bytes.Length;
        return http.Response.Body.WriteAsync(bytes, http.RequestAborted).AsTask();
    }

    /// <summary>Values for <c>encoding-type=url</c> listings: URL-encoded when asked, else as they are.</summary>
    private static Func<string, string> KeyEncoder(HttpRequest request)
    {
        var encodingType = request.Query["encoding-type"].ToString();
        if (encodingType.Length > 0 && encodingType != "url")
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }

        return encodingType == "url" ? S3Xml.UrlEncode : static value => value;
    }
}
