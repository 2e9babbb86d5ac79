using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SesMail.Emulator.S3;

/// <summary>S3's XML conventions: the 2006-03-01 namespace, ISO-8601 timestamps, quoted ETags, safe parsing.</summary>
internal static class S3Xml
{
    /// <summary>The namespace of every S3 response document.</summary>
    public static readonly XNamespace Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        MaxCharactersInDocument = 32 * 1024 * 1024,
    };

    /// <summary>An element in the S3 namespace.</summary>
    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>Timestamp as in list results: <c>2026-11-29T11:45:17.000Z</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Timestamp as in HTTP headers (RFC 7231 IMF-fixdate).</summary>
    public static string HttpDate(DateTimeOffset value) => value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>ETag as sent on the wire, in double quotes.</summary>
    public static string Quote(string etag) => $"\"{etag}\"";

    /// <summary>An ETag as the caller sent it, without quotes (and without a weak prefix).</summary>
    public static string Unquote(string etag)
    {
        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }

    /// <summary>Parses a request document; malformed XML becomes <c>MalformedXML</c>.</summary>
    public static XElement Parse(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            return XDocument.Load(reader).Root ?? throw S3Errors.MalformedXml();
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
    }

    /// <summary>The first child with this local name, whatever its namespace.</summary>
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    /// <summary>All children with this local name, whatever their namespace.</summary>
    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    /// <summary>The tags of a <c>Tagging</c> document (<c>TagSet/Tag/Key</c> and <c>Value</c>), not yet validated.</summary>
    /// <exception cref="Protocols.AwsServiceException"><c>MalformedXML</c> without a <c>TagSet</c> or with a tag without a <c>Key</c>.</exception>
    public static List<S3Tag> TagSet(XElement tagging) =>
        [.. (tagging.Child("TagSet") ?? throw S3Errors.MalformedXml()).Children("Tag")
            .Select(t => new S3Tag(t.Child("Key")?.Value ?? throw S3Errors.MalformedXml(), t.Child("Value")?.Value ?? string.Empty))];

    /// <summary>Serializes a response document with its XML declaration.</summary>
    public static byte[] Serialize(XElement root) =>
        Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Protocols.XmlText.Serialize(root));

    /// <summary>Writes a response document.</summary>
    public static async Task WriteAsync(HttpContext http, XElement root, int status = StatusCodes.Status200OK)
    {
        var bytes = Serialize(root);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/xml";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>URL-encodes a value for <c>encoding-type=url</c> listings (slashes kept, as S3 does).</summary>
    public static string UrlEncode(string value) => Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);
}
