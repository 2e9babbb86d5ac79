using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Infrastructure.Template;

namespace SesMail.Tests.Infrastructure;

/// <summary>
/// Checks template.yaml against the CloudFormation resource specification AWS publishes, as carried by the npm package
/// <c>@aws-cdk/aws-service-spec</c> (installed by .ci/run from .ci/npm-packages.txt into .ci/node/node_modules):
/// resource types, property names, required properties, property types (recursively through property types, allowed
/// values included) and <c>Fn::GetAtt</c> attributes.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class CloudFormationSpecTests
{
    private static readonly Lazy<Spec?> LoadedSpec = new(Spec.Load);

    [Fact]
    public void Template_EveryResourceTypeAndProperty_MatchesSpecification()
    {
        var spec = RequireSpec();
        var template = TemplateYamlTests.Load();
        var problems = new List<string>();

        foreach (var resource in template.Resources)
        {
            if (!spec.Resources.TryGetValue(resource.Type, out var definition))
            {
                problems.Add($"{resource.Path}: {resource.Type} is not a CloudFormation resource type.");
                continue;
            }

            CheckObject(spec, definition.GetProperty("properties"), resource.Properties, $"{resource.Path}.Properties", problems);
        }

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Template_EveryGetAtt_NamesAnAttributeOfItsResourceType()
    {
        var spec = RequireSpec();
        var template = TemplateYamlTests.Load();
        var problems = new List<string>();
        foreach (var (id, attribute, path) in GetAtts(template.Root, string.Empty))
        {
            if (!template.ResourcesById.TryGetValue(id, out var target))
            {
                problems.Add($"{path}: {id} is not a resource.");
                continue;
            }

            if (spec.Resources.TryGetValue(target.Type, out var definition)
                && !(definition.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty(attribute, out _)))
            {
                problems.Add($"{path}: {target.Type} has no attribute {attribute}.");
            }
        }

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Validator_WrongPropertyAndType_AreReported()
    {
        var spec = RequireSpec();
        var problems = new List<string>();
        var queue = spec.Resources["AWS::SQS::Queue"].GetProperty("properties");

        CheckObject(spec, queue, new JsonObject { ["QueueNam"] = "x", ["VisibilityTimeout"] = new JsonArray() }, "Resources.Q.Properties", problems);
        var policy = spec.Resources["AWS::SQS::QueuePolicy"].GetProperty("properties");
        CheckObject(spec, policy, new JsonObject { ["Queues"] = new JsonArray("u") }, "Resources.P.Properties", problems);

        problems.Should().BeEquivalentTo(
            "Resources.Q.Properties.QueueNam: no such property.",
            "Resources.Q.Properties.VisibilityTimeout: expected integer, found a list.",
            "Resources.P.Properties.PolicyDocument: required but missing.");
    }

    private static Spec RequireSpec()
    {
        var spec = LoadedSpec.Value;
        Assert.SkipWhen(spec is null, "The npm package @aws-cdk/aws-service-spec is not installed in .ci/node/node_modules; run .ci/run (or: cd .ci/node && npm install @aws-cdk/aws-service-spec).");
        return spec!;
    }

    private static void CheckObject(Spec spec, JsonElement properties, JsonObject value, string path, List<string> problems)
    {
        foreach (var (name, node) in value)
        {
            if (!properties.TryGetProperty(name, out var property))
            {
                problems.Add($"{path}.{name}: no such property.");
                continue;
            }

            CheckValue(spec, property.GetProperty("type"), node, $"{path}.{name}", problems);
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.TryGetProperty("required", out var required) && required.GetBoolean() && !value.ContainsKey(property.Name))
            {
                problems.Add($"{path}.{property.Name}: required but missing.");
            }
        }
    }

    private static void CheckValue(Spec spec, JsonElement type, JsonNode? node, string path, List<string> problems)
    {
        if (TemplateValues.TryGetFunction(node, out var fn, out _) && fn != "Condition")
        {
            return; // evaluated at deploy time; Ref/GetAtt targets are checked elsewhere
        }

        var kind = type.GetProperty("type").GetString();
        var error = kind switch
        {
            "string" => node is JsonValue ? AllowedValue(type, node) : "expected string",
            "number" => node is JsonValue v && (v.GetValueKind() == JsonValueKind.Number || double.TryParse(v.ToString(), out _)) ? null : "expected number",
            "integer" => node is JsonValue i && long.TryParse(i.ToJsonString().Trim('"'), out _) ? null : "expected integer",
            "boolean" => node is JsonValue b && b.ToJsonString().Trim('"') is "true" or "false" ? null : "expected boolean",
            "json" => node is JsonObject or JsonValue ? null : "expected a JSON object",
            "tag" => node is JsonObject tag && tag.ContainsKey("Key") && tag.ContainsKey("Value") ? null : "expected {Key, Value}",
            "array" => CheckArray(spec, type, node, path, problems),
            "map" => CheckMap(spec, type, node, path, problems),
            "ref" => CheckRef(spec, type, node, path, problems),
            "union" => type.GetProperty("types").EnumerateArray().Any(t => Matches(spec, t, node)) ? null : "matches none of the union's types",
            _ => null,
        };
        if (error is not null)
        {
            problems.Add($"{path}: {error}, found {TemplateValues.Describe(node)}.");
        }
    }

    private static bool Matches(Spec spec, JsonElement type, JsonNode? node)
    {
        var problems = new List<string>();
        CheckValue(spec, type, node, string.Empty, problems);
        return problems.Count == 0;
    }

    private static string? AllowedValue(JsonElement type, JsonNode node)
    {
        if (!type.TryGetProperty("allowedValues", out var allowed))
        {
            return null;
        }

        var text = node.ToJsonString().Trim('"');
        return allowed.EnumerateArray().Any(a => a.GetString() == text) ? null : $"not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetString()))}";
    }

    private static string? CheckArray(Spec spec, JsonElement type, JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonArray array)
        {
            return "expected a list";
        }

        for (var i = 0; i < array.Count; i++)
        {
            CheckValue(spec, type.GetProperty("element"), array[i], $"{path}[{i}]", problems);
        }

        return null;
    }

    private static string? CheckMap(Spec spec, JsonElement type, JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonObject map)
        {
            return "expected a mapping";
        }

        foreach (var (key, value) in map)
        {
            CheckValue(spec, type.GetProperty("element"), value, $"{path}.{key}", problems);
        }

        return null;
    }

    private static string? CheckRef(Spec spec, JsonElement type, JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonObject obj)
        {
            return "expected a mapping";
        }

        var id = type.GetProperty("reference").GetProperty("$ref").GetString()!;
        CheckObject(spec, spec.Types[id].GetProperty("properties"), obj, path, problems);
        return null;
    }

    private static IEnumerable<(string Id, string Attribute, string Path)> GetAtts(JsonNode? node, string path)
    {
        if (TemplateValues.TryGetFunction(node, out var fn, out var arg))
        {
            if (fn == "Fn::GetAtt")
            {
                var (id, attribute) = TemplateEvaluator.GetAttArguments(arg, path);
                yield return (id, attribute, path);
                yield break;
            }

            if (fn == "Fn::Sub")
            {
                var text = arg is JsonArray a ? a[0]!.GetValue<string>() : arg!.GetValue<string>();
                foreach (var variable in SubStringVariables(text).Where(v => v.Contains('.', StringComparison.Ordinal) && !v.StartsWith("AWS::", StringComparison.Ordinal)))
                {
                    var dot = variable.IndexOf('.', StringComparison.Ordinal);
                    yield return (variable[..dot], variable[(dot + 1)..], path);
                }
            }
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    foreach (var found in GetAtts(value, path.Length == 0 ? key : $"{path}.{key}"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    foreach (var found in GetAtts(list[i], $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    private static IEnumerable<string> SubStringVariables(string text)
    {
        var i = 0;
        while ((i = text.IndexOf("${", i, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf('}', i);
            var name = text[(i + 2)..end];
            if (!name.StartsWith('!'))
            {
                yield return name.Trim();
            }

            i = end + 1;
        }
    }

    private sealed class Spec
    {
        public Dictionary<string, JsonElement> Resources { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, JsonElement> Types { get; } = new(StringComparer.Ordinal);

        public static Spec? Load()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SesMail.sln")))
            {
                dir = dir.Parent;
            }

            var file = dir is null ? null : Path.Combine(dir.FullName, ".ci", "node", "node_modules", "@aws-cdk", "aws-service-spec", "db.json.gz");
            if (file is null || !File.Exists(file))
            {
                return null;
            }

            using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var document = JsonDocument.Parse(stream);
            var schema = document.RootElement.GetProperty("schema");
            var spec = new Spec();
            foreach (var resource in schema.GetProperty("resource").GetProperty("entities").EnumerateArray())
            {
                spec.Resources[resource.GetProperty("cloudFormationType").GetString()!] = resource.Clone();
            }

            foreach (var type in schema.GetProperty("typeDefinition").GetProperty("entities").EnumerateArray())
            {
                spec.Types[type.GetProperty("$id").GetString()!] = type.Clone();
            }

            return spec;
        }
    }
}
