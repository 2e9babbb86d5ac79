using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// Reads a CloudFormation template from JSON or YAML. YAML short-form tags (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>,
/// <c>!Join</c>, <c>!Select</c>, <c>!Split</c>, <c>!If</c>, <c>!Equals</c>, <c>!Not</c>, <c>!And</c>, <c>!Or</c>,
/// <c>!FindInMap</c>, <c>!Base64</c>, <c>!GetAZs</c>, <c>!ImportValue</c>, <c>!Condition</c>, <c>!Cidr</c>) become the
/// long form (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
/// </summary>
public static class TemplateReader
{
    private static readonly HashSet<string> ShortForms = new(StringComparer.Ordinal)
    {
        "Ref", "Condition", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or",
        "FindInMap", "Base64", "GetAZs", "ImportValue", "Cidr", "Length", "ToJsonString",
    };

    /// <summary>
    /// Reads a template file; JSON when the first non-blank character is <c>{</c>, YAML otherwise. Its
    /// <c>AWS::Include</c> snippets are read from the files beside it (<see cref="TemplateIncludes.ExpandFromDirectory"/>).
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <returns>The template, expanded.</returns>
    /// <exception cref="TemplateException">The file is not a well-formed template; the message gives the line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TemplateDocument Load(string path) =>
        TemplateIncludes.ExpandFromDirectory(Parse(File.ReadAllText(path)), Path.GetDirectoryName(Path.GetFullPath(path))!);

    /// <summary>Reads a template from text; JSON when the first non-blank character is <c>{</c>, YAML otherwise.</summary>
    /// <param name="text">The template text.</param>
    /// <returns>The template.</returns>
    /// <exception cref="TemplateException">The text is not a well-formed template.</exception>
    public static TemplateDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                throw new TemplateException($"The template is not valid JSON: {ex.Message}", ex);
            }
        }
        else
        {
            root = ParseYaml(text);
        }

        return root is JsonObject obj
            ? new TemplateDocument(obj)
            : throw new TemplateException("The template must be a mapping at the top level.");
    }

    /// <summary>
    /// Reads a JSON or YAML document that is not a template (a state machine definition file), converting YAML as
    /// templates are converted (plain scalars become numbers, booleans and null).
    /// </summary>
    /// <param name="text">The document.</param>
    /// <returns>Its JSON form, or <c>null</c> for an empty document.</returns>
    /// <exception cref="TemplateException">The text is neither valid JSON nor valid YAML.</exception>
    public static JsonNode? ParseData(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.TrimStart().StartsWith('{'))
        {
            return ParseYaml(text);
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new TemplateException($"The document is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads an <c>AWS::Include</c> snippet: JSON, or YAML whose intrinsic functions are in long form (a short form
    /// such as <c>!Ref</c> is refused, as CloudFormation refuses it in snippets).
    /// </summary>
    /// <param name="text">The snippet.</param>
    /// <param name="where">Names the snippet in errors.</param>
    /// <returns>Its JSON form, or <c>null</c> when empty.</returns>
    /// <exception cref="TemplateException">The text is not valid, or uses a YAML short form.</exception>
    public static JsonNode? ParseSnippet(string text, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return text.TrimStart().StartsWith('{') ? ParseData(text) : ParseYaml(text, allowTags: false);
        }
        catch (TemplateException error)
        {
            throw new TemplateException(where, error.Message);
        }
    }

    private static JsonNode? ParseYaml(string text, bool allowTags = true)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new TemplateException($"The template is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and parser fail this way on some malformed input (found by fuzzing): still a YAML error.
            throw new TemplateException($"The template is not valid YAML at line {LineOf(text, ex)}: {ex.Message}", ex);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, allowTags);
    }

    /// <summary>The line the scanner had reached, found by loading the text again line by line until it fails.</summary>
    private static string LineOf(string text, Exception _)
    {
        var lines = text.Split('\n');
        for (var count = 1; count <= lines.Length; count++)
        {
            try
            {
                new YamlStream().Load(new StringReader(string.Join('\n', lines.Take(count))));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                return count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (YamlException)
            {
                // A prefix may be incomplete YAML; keep going.
            }
        }

        return "unknown";
    }

    private static JsonNode? Convert(YamlNode node, bool allowTags)
    {
        var converted = node switch
        {
            YamlMappingNode map => ConvertMapping(map, allowTags),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(c => Convert(c, allowTags)).ToArray()),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new TemplateException($"Line {node.Start.Line}: YAML aliases and anchors are not supported in templates."),
        };

        if (node.Tag.IsEmpty || node.Tag.Value is "!" || node.Tag.Value.StartsWith("tag:yaml.org", StringComparison.Ordinal))
        {
            return converted;
        }

        var tag = node.Tag.Value.TrimStart('!');
        if (!allowTags)
        {
            throw new TemplateException($"Line {node.Start.Line}: !{tag} is a YAML short form, which AWS::Include snippets do not take; write it in long form (Fn::{tag}: or Ref:).");
        }

        if (!ShortForms.Contains(tag))
        {
            throw new TemplateException($"Line {node.Start.Line}: unknown tag !{tag}; CloudFormation knows !Ref, !GetAtt, !Sub, !Join, !Select, !Split, !If, !Equals, !Not, !And, !Or, !FindInMap and the other Fn:: short forms.");
        }

        switch (tag)
        {
            case "Ref" or "Condition":
                return new JsonObject { [tag] = converted };
            case "GetAtt" when converted is JsonValue v && v.TryGetValue<string>(out var dotted):
            {
                var dot = dotted.IndexOf('.', StringComparison.Ordinal);
                if (dot <= 0 || dot == dotted.Length - 1)
                {
                    throw new TemplateException($"Line {node.Start.Line}: !GetAtt {dotted} must read LogicalId.Attribute.");
                }

                return new JsonObject { ["Fn::GetAtt"] = new JsonArray(dotted[..dot], dotted[(dot + 1)..]) };
            }

            default:
                return new JsonObject { [$"Fn::{tag}"] = converted };
        }
    }

    private static JsonObject ConvertMapping(YamlMappingNode map, bool allowTags)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new TemplateException($"Line {key.Start.Line}: mapping keys must be plain strings.");
            }

            if (obj.ContainsKey(name))
            {
                throw new TemplateException($"Line {key.Start.Line}: the key {name} appears twice in one mapping.");
            }

            obj[name] = Convert(value, allowTags);
        }

        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        return scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty
            ? TemplateValues.PlainScalar(text)
            : JsonValue.Create(text);
    }
}
