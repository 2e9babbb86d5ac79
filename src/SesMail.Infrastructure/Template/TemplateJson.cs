using System.Text.Encodings.Web;
using System.Text.Json;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// The deployable form of a template: minified JSON, which CloudFormation reads as it reads the YAML
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html). Comments and indentation
/// are gone and every short-form tag is written in its long JSON form, as <see cref="TemplateReader"/> reads it
/// (<c>!Ref X</c> → <c>{"Ref":"X"}</c>, <c>!GetAtt A.B</c> → <c>{"Fn::GetAtt":["A","B"]}</c>, <c>!Sub s</c> →
/// <c>{"Fn::Sub":"s"}</c>…); plain YAML scalars keep the type YAML gives them (<c>30</c> a number, <c>true</c> a
/// boolean). The result is smaller than the YAML (SesMail's template: 46,001 bytes of JSON for 49,376 of YAML), which
/// leaves the deployable template headroom under the 51,200 bytes CloudFormation accepts as <c>TemplateBody</c>
/// (<see cref="Provisioning.TemplateUpload.MaxBodyBytes"/>) as the template grows.
/// </summary>
public static class TemplateJson
{
    /// <summary>The file <c>sesmail package</c> writes beside the functions' package.</summary>
    public const string FileName = "template.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // '>', '&', '+' and non-ASCII as they are: a file, not HTML
    };

    /// <summary>The minified JSON of a template given as YAML or JSON text.</summary>
    /// <param name="text">The template text.</param>
    /// <returns>One line of JSON, UTF-8 when written.</returns>
    /// <exception cref="TemplateException">The text is not a well-formed template.</exception>
    public static string Minify(string text) => Write(TemplateReader.Parse(text));

    /// <summary>The minified JSON of a read template.</summary>
    /// <param name="template">The template.</param>
    /// <returns>One line of JSON.</returns>
    public static string Write(TemplateDocument template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Root.ToJsonString(Options);
    }
}
