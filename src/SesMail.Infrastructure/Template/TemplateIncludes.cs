using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// The <c>AWS::Include</c> transform where a template places it at the level of a section
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html): a
/// <c>Fn::Transform</c> key in <c>Resources</c>, <c>Outputs</c>, <c>Conditions</c> or <c>Mappings</c> naming
/// <c>AWS::Include</c> and a <c>Location</c>, an S3 URI (<c>s3://bucket/key</c>) that may use <c>Fn::Sub</c>,
/// <c>Fn::Join</c> and <c>Ref</c> over parameters and pseudo parameters. The snippet at that location, a JSON or YAML
/// mapping whose intrinsic functions are written in long form (<c>Fn::Sub:</c>, <c>Ref:</c>; AWS::Include takes no
/// YAML short forms), joins the section where the key stood; several includes in one section are a list under the one
/// key, applied in order. SesMail's template keeps its recovery workflows and its sending resources in such snippets
/// (<c>statemachines/recovery.yaml</c>, <c>statemachines/sending.yaml</c>), so that <c>template.yaml</c> stays within the 51,200 bytes
/// CloudFormation accepts as a request body (docs/DEVELOPMENT.md, "The template's size").
/// </summary>
/// <remarks>
/// Refused with a <see cref="TemplateException"/>: an include anywhere else (a property value, the top-level
/// <c>Transform</c> section), another transform's name, a Location that is not <c>s3://bucket/key</c>, a snippet that
/// is not a mapping, and a name the snippet shares with its section.
/// </remarks>
public static class TemplateIncludes
{
    /// <summary>The key that holds a transform within a section.</summary>
    public const string Key = "Fn::Transform";

    /// <summary>The one transform read here.</summary>
    public const string IncludeTransform = "AWS::Include";

    /// <summary>The sections an include may add to.</summary>
    public static readonly IReadOnlyList<string> Sections = ["Resources", "Outputs", "Conditions", "Mappings"];

    /// <summary>Whether any section of <paramref name="root"/> holds an include.</summary>
    /// <param name="root">A template's top-level mapping.</param>
    /// <returns><c>true</c> when the template must be expanded before it can be evaluated.</returns>
    public static bool Any(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Sections.Any(s => root[s] is JsonObject section && section.ContainsKey(Key));
    }

    /// <summary>Where each include of the template points, with the given parameter values.</summary>
    /// <param name="template">The template as read (not expanded).</param>
    /// <param name="parameters">Parameter values by name; missing ones take their default.</param>
    /// <param name="pseudo">Pseudo-parameter values.</param>
    /// <returns>The section and the S3 bucket and key of each include, in template order.</returns>
    /// <exception cref="TemplateException">An include is malformed or its Location cannot be evaluated.</exception>
    public static IReadOnlyList<TemplateInclude> Find(TemplateDocument template, IReadOnlyDictionary<string, string> parameters, PseudoParameters pseudo)
    {
        ArgumentNullException.ThrowIfNull(template);
        var evaluator = new TemplateEvaluator(template, parameters, pseudo, new NoResources());
        var found = new List<TemplateInclude>();
        foreach (var section in Sections)
        {
            if (template.Root[section] is not JsonObject mapping || mapping[Key] is not { } transform)
            {
                continue;
            }

            var path = $"{section}.{Key}";
            foreach (var (item, index) in (transform is JsonArray list ? list.ToList() : [transform]).Select((t, i) => (t, i)))
            {
                var itemPath = transform is JsonArray ? $"{path}[{index}]" : path;
                if (item is not JsonObject include || include["Name"]?.ToString() is not { } name)
                {
                    throw new TemplateException(itemPath, "a transform needs Name and Parameters.");
                }

                if (name != IncludeTransform)
                {
                    throw new TemplateException($"{itemPath}.Name", $"only {IncludeTransform} is applied here, not {name}.");
                }

                var location = evaluator.Evaluate(include["Parameters"]?["Location"], $"{itemPath}.Parameters.Location")?.ToString()
                    ?? throw new TemplateException($"{itemPath}.Parameters.Location", "AWS::Include needs a Location.");
                var (bucket, key) = ParseLocation(location, $"{itemPath}.Parameters.Location");
                found.Add(new TemplateInclude(section, bucket, key));
            }
        }

        return found;
    }

    /// <summary>The template with every include replaced by its snippet, read from S3 (what CloudFormation does when it processes a change set).</summary>
    /// <param name="template">The template as read.</param>
    /// <param name="parameters">Parameter values by name; missing ones take their default.</param>
    /// <param name="pseudo">Pseudo-parameter values.</param>
    /// <param name="read">Reads an object's text by bucket and key; throws a <see cref="TemplateException"/> when it cannot.</param>
    /// <returns>The expanded template (the same instance when it has no include).</returns>
    /// <exception cref="TemplateException">An include or a snippet is invalid; the message names the place.</exception>
    public static TemplateDocument Expand(
        TemplateDocument template,
        IReadOnlyDictionary<string, string> parameters,
        PseudoParameters pseudo,
        Func<string, string, string> read)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(read);
        return Any(template.Root)
            ? Merge(template, [.. Find(template, parameters, pseudo).Select(include => (include, read(include.Bucket, include.Key)))])
            : template;
    }

    /// <summary>
    /// The template with every include read from disk: the file at the include's S3 key (evaluated with the template's
    /// default parameter values) relative to <paramref name="directory"/>. SesMail's <c>template.yaml</c> includes
    /// <c>s3://{CodeBucket}/{StateMachinesKey}/recovery.yaml</c> and <c>…/sending.yaml</c>, whose default keys
    /// (<c>statemachines/recovery.yaml</c>, <c>statemachines/sending.yaml</c>) are the files beside the template, the ones
    /// the deployment uploads.
    /// </summary>
    /// <param name="template">The template as read.</param>
    /// <param name="directory">The template's folder.</param>
    /// <returns>The expanded template (the same instance when it has no include).</returns>
    /// <exception cref="TemplateException">An include or a snippet is invalid, or the file is missing.</exception>
    public static TemplateDocument ExpandFromDirectory(TemplateDocument template, string directory)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!Any(template.Root))
        {
            return template;
        }

        var snippets = new List<(TemplateInclude Include, string Text)>();
        foreach (var include in Find(template, new Dictionary<string, string>(), new PseudoParameters("000000000000", "us-east-1", "local")))
        {
            var file = Path.Combine(directory, include.Key.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(file))
            {
                throw new TemplateException($"{include.Section}.{Key}", $"the included snippet {file} does not exist (the key {include.Key} is read beside the template).");
            }

            snippets.Add((include, File.ReadAllText(file)));
        }

        return Merge(template, snippets);
    }

    /// <summary>Splits <c>s3://bucket/key</c>.</summary>
    /// <param name="location">The URI.</param>
    /// <param name="path">Where it is in the template, for the error.</param>
    /// <returns>Bucket and key.</returns>
    /// <exception cref="TemplateException">Not an S3 URI with a bucket and a key.</exception>
    public static (string Bucket, string Key) ParseLocation(string location, string path)
    {
        ArgumentNullException.ThrowIfNull(location);
        const string scheme = "s3://";
        var rest = location.StartsWith(scheme, StringComparison.Ordinal) ? location[scheme.Length..] : null;
        var slash = rest?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (rest is null || slash <= 0 || slash == rest.Length - 1)
        {
            throw new TemplateException(path, $"'{location}' is not an S3 URI of the form s3://bucket/key (AWS::Include reads from S3 only).");
        }

        return (rest[..slash], rest[(slash + 1)..]);
    }

    private static TemplateDocument Merge(TemplateDocument template, List<(TemplateInclude Include, string Text)> snippets)
    {
        var root = (JsonObject)template.Root.DeepClone();
        foreach (var section in Sections)
        {
            if (root[section] is not JsonObject mapping || !mapping.ContainsKey(Key))
            {
                continue;
            }

            var merged = new JsonObject();
            foreach (var (name, value) in mapping.ToList())
            {
                if (name != Key)
                {
                    Add(merged, name, value?.DeepClone(), section);
                    continue;
                }

                foreach (var (include, text) in snippets.Where(s => s.Include.Section == section))
                {
                    var where = $"{section}.{Key} (s3://{include.Bucket}/{include.Key})";
                    if (TemplateReader.ParseSnippet(text, where) is not JsonObject snippet)
                    {
                        throw new TemplateException(where, "the snippet must be a mapping of the section's entries.");
                    }

                    foreach (var (entry, content) in snippet)
                    {
                        Add(merged, entry, content?.DeepClone(), where);
                    }
                }
            }

            root[section] = merged;
        }

        return new TemplateDocument(root);
    }

    private static void Add(JsonObject section, string name, JsonNode? value, string where)
    {
        if (!section.TryAdd(name, value))
        {
            throw new TemplateException(where, $"{name} is defined twice (in the template and in an included snippet).");
        }
    }

    private sealed class NoResources : IResourceResolver
    {
        public string Ref(TemplateResource resource) => throw new TemplateException(resource.Path, "an AWS::Include Location cannot refer to a resource.");

        public JsonNode GetAtt(TemplateResource resource, string attribute) => throw new TemplateException(resource.Path, "an AWS::Include Location cannot refer to a resource.");
    }
}

/// <summary>One <c>AWS::Include</c> of a template.</summary>
/// <param name="Section">The section it adds to, e.g. <c>Resources</c>.</param>
/// <param name="Bucket">The S3 bucket of its Location.</param>
/// <param name="Key">The S3 key of its Location, e.g. <c>statemachines/recovery.yaml</c>.</param>
public sealed record TemplateInclude(string Section, string Bucket, string Key);
