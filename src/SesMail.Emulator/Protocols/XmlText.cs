using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// Serializes XML responses the way AWS does for text XML 1.0 cannot carry: a control character in a value (an S3
/// key may hold any UTF-8, e.g. U+0001) is written as a character reference (<c>&amp;#x1;</c>) instead of failing
/// the whole response. See "XML related object key constraints" in the S3 user guide
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
/// </summary>
internal static class XmlText
{
    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        CheckCharacters = false,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    /// <summary>The element as unindented text, without an XML declaration.</summary>
    /// <param name="element">The document root.</param>
    /// <returns>The text.</returns>
    public static string Serialize(XElement element)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, Settings))
        {
            element.WriteTo(writer);
        }

        return text.ToString();
    }
}
