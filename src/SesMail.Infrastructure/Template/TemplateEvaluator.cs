using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// Evaluates a template's parameters, conditions and intrinsic functions for one stack: parameter values (defaults,
/// allowed values, patterns, list types), pseudo parameters, <c>Ref</c>, <c>Fn::GetAtt</c>, <c>Fn::Sub</c>,
/// <c>Fn::Join</c>, <c>Fn::Select</c>, <c>Fn::Split</c>, <c>Fn::If</c>, <c>Fn::FindInMap</c>, <c>Fn::Base64</c>,
/// <c>Fn::GetAZs</c>, the condition functions, and <c>AWS::NoValue</c> (which removes the property).
/// </summary>
/// <remarks>Not supported (an error naming the place): <c>Fn::ImportValue</c>, <c>Fn::Cidr</c>, <c>Fn::Transform</c> and the language-extension functions.</remarks>
public sealed class TemplateEvaluator
{
    private static readonly JsonNode NoValue = JsonValue.Create("\u0000AWS::NoValue");
    private readonly TemplateDocument _template;
    private readonly IResourceResolver _resources;
    private readonly Dictionary<string, JsonNode> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conditionsInProgress = new(StringComparer.Ordinal);

    /// <summary>Creates an evaluator and resolves every parameter.</summary>
    /// <param name="template">The template.</param>
    /// <param name="parameterValues">Given parameter values by name (lists comma-joined); missing ones take their default.</param>
    /// <param name="pseudo">Pseudo-parameter values.</param>
    /// <param name="resources">Answers <c>Ref</c> and <c>Fn::GetAtt</c> for resources.</param>
    /// <exception cref="TemplateException">A parameter has no value and no default, or its value is not allowed; or a value is given for an unknown parameter.</exception>
    public TemplateEvaluator(TemplateDocument template, IReadOnlyDictionary<string, string>? parameterValues, PseudoParameters pseudo, IResourceResolver resources)
    {
        ArgumentNullException.ThrowIfNull(template);
        _template = template;
        Pseudo = pseudo;
        _resources = resources;
        parameterValues ??= new Dictionary<string, string>();
        foreach (var name in parameterValues.Keys.Where(k => !template.Parameters.ContainsKey(k)))
        {
            throw new TemplateException($"Parameters.{name}", $"a value was given for {name}, but the template declares no such parameter (declared: {string.Join(", ", template.Parameters.Keys)}).");
        }

        foreach (var parameter in template.Parameters.Values)
        {
            var value = parameterValues.TryGetValue(parameter.Name, out var given) ? given : parameter.Default;
            _parameters[parameter.Name] = ResolveParameter(parameter, value);
        }
    }

    /// <summary>The pseudo-parameter values in force.</summary>
    public PseudoParameters Pseudo { get; }

    /// <summary>The resolved value of a parameter: a string, or an array of strings for list types.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>A copy of the value.</returns>
    /// <exception cref="TemplateException">No such parameter.</exception>
    public JsonNode Parameter(string name) => _parameters.TryGetValue(name, out var v)
        ? v.DeepClone()
        : throw new TemplateException($"Parameters.{name}", "no such parameter.");

    /// <summary>The resolved value of a string parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The text; list parameters are comma-joined.</returns>
    public string ParameterText(string name) => Parameter(name) switch
    {
        JsonArray a => string.Join(',', a.Select(x => x!.GetValue<string>())),
        var v => v.GetValue<string>(),
    };

    /// <summary>Evaluates a named condition (memoised).</summary>
    /// <param name="name">The condition name.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="TemplateException">No such condition, a cycle between conditions, or a malformed expression.</exception>
    public bool Condition(string name)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!_template.Conditions.TryGetValue(name, out var expression))
        {
            throw new TemplateException($"Conditions.{name}", $"the condition {name} is not defined in the Conditions section.");
        }

        if (!_conditionsInProgress.Add(name))
        {
            throw new TemplateException($"Conditions.{name}", "the condition refers to itself through other conditions.");
        }

        var value = EvaluateCondition(expression, $"Conditions.{name}");
        _conditionsInProgress.Remove(name);
        _conditions[name] = value;
        return value;
    }

    /// <summary>Whether the resource exists in this stack (its <c>Condition</c>, if any, is true).</summary>
    /// <param name="resource">The resource.</param>
    /// <returns><c>true</c> when it exists.</returns>
    public bool Exists(TemplateResource resource) => resource.Condition is null || Condition(resource.Condition);

    /// <summary>The resource's properties with every intrinsic function evaluated.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>A new object (the template is not changed).</returns>
    /// <exception cref="TemplateException">A reference cannot be resolved; the message names the property.</exception>
    public JsonObject Properties(TemplateResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return (JsonObject)Evaluate(resource.Properties, $"{resource.Path}.Properties")!;
    }

    /// <summary>Evaluates every output whose condition holds.</summary>
    /// <returns>Output name → value (lists comma-joined, as CloudFormation shows them).</returns>
    public IReadOnlyDictionary<string, string> Outputs()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in _template.Outputs)
        {
            var path = $"Outputs.{name}";
            if (node is not JsonObject output || !output.ContainsKey("Value"))
            {
                throw new TemplateException(path, "an output needs a Value.");
            }

            if (output["Condition"] is { } c && !Condition(TemplateValues.ScalarText(c, $"{path}.Condition")))
            {
                continue;
            }

            result[name] = Evaluate(output["Value"], $"{path}.Value") switch
            {
                JsonArray a => string.Join(',', a.Select(x => TemplateValues.ScalarText(x, path))),
                var v => TemplateValues.ScalarText(v, $"{path}.Value"),
            };
        }

        return result;
    }

    /// <summary>Evaluates any template value.</summary>
    /// <param name="node">The value (not changed).</param>
    /// <param name="path">Its location, for error messages.</param>
    /// <returns>The evaluated copy; <c>null</c> for <c>AWS::NoValue</c> at the top.</returns>
    /// <exception cref="TemplateException">Something cannot be resolved.</exception>
    public JsonNode? Evaluate(JsonNode? node, string path)
    {
        var value = Eval(node, path);
        return ReferenceEquals(value, NoValue) ? null : value;
    }

    private JsonNode? Eval(JsonNode? node, string path)
    {
        if (TemplateValues.TryGetFunction(node, out var fn, out var arg) && fn != "Condition")
        {
            return EvalFunction(fn, arg, path);
        }

        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var evaluated = Eval(value, $"{path}.{key}");
                    if (!ReferenceEquals(evaluated, NoValue))
                    {
                        result[key] = evaluated;
                    }
                }

                return result;
            }

            case JsonArray array:
            {
                var result = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var evaluated = Eval(array[i], $"{path}[{i}]");
                    if (!ReferenceEquals(evaluated, NoValue))
                    {
                        result.Add(evaluated);
                    }
                }

                return result;
            }

            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? EvalFunction(string fn, JsonNode? arg, string path)
    {
        switch (fn)
        {
            case "Ref":
                return Ref(TemplateValues.ScalarText(arg, path), path);
            case "Fn::GetAtt":
            {
                var (id, attribute) = GetAttArguments(arg, path);
                return _resources.GetAtt(RequireResource(id, path, "Fn::GetAtt"), attribute).DeepClone();
            }

            case "Fn::Sub":
                return JsonValue.Create(Sub(arg, path));
            case "Fn::Join":
            {
                if (arg is not JsonArray { Count: 2 } join)
                {
                    throw new TemplateException(path, "Fn::Join takes [delimiter, [values…]].");
                }

                var delimiter = TemplateValues.ScalarText(Eval(join[0], path), path);
                var items = Eval(join[1], path) as JsonArray ?? throw new TemplateException(path, "Fn::Join: the second argument must be a list.");
                return JsonValue.Create(string.Join(delimiter, items.Select(x => TemplateValues.ScalarText(x, path))));
            }

            case "Fn::Select":
            {
                if (arg is not JsonArray { Count: 2 } select)
                {
                    throw new TemplateException(path, "Fn::Select takes [index, [values…]].");
                }

                var indexText = TemplateValues.ScalarText(Eval(select[0], path), path);
                var items = Eval(select[1], path) as JsonArray ?? throw new TemplateException(path, "Fn::Select: the second argument must be a list.");
                if (!int.TryParse(indexText, out var index) || index < 0 || index >= items.Count)
                {
                    throw new TemplateException(path, $"Fn::Select: index {indexText} is outside the list of {items.Count} values.");
                }

                return items[index]!.DeepClone();
            }

            case "Fn::Split":
            {
                if (arg is not JsonArray { Count: 2 } split)
                {
                    throw new TemplateException(path, "Fn::Split takes [delimiter, string].");
                }

                var delimiter = TemplateValues.ScalarText(Eval(split[0], path), path);
                var text = TemplateValues.ScalarText(Eval(split[1], path), path);
                return new JsonArray(text.Split(delimiter).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            }

            case "Fn::If":
            {
                if (arg is not JsonArray { Count: 3 } branches)
                {
                    throw new TemplateException(path, "Fn::If takes [condition name, value if true, value if false].");
                }

                var condition = TemplateValues.ScalarText(branches[0], path);
                return Eval(Condition(condition) ? branches[1] : branches[2], path);
            }

            case "Fn::FindInMap":
            {
                if (arg is not JsonArray { Count: 3 } keys)
                {
                    throw new TemplateException(path, "Fn::FindInMap takes [map name, top-level key, second-level key].");
                }

                var names = keys.Select(k => TemplateValues.ScalarText(Eval(k, path), path)).ToArray();
                var value = _template.Mappings[names[0]]?[names[1]]?[names[2]];
                return value?.DeepClone() ?? throw new TemplateException(path, $"Fn::FindInMap: Mappings.{names[0]}.{names[1]}.{names[2]} does not exist.");
            }

            case "Fn::Base64":
                return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(TemplateValues.ScalarText(Eval(arg, path), path))));
            case "Fn::GetAZs":
            {
                var region = TemplateValues.ScalarText(Eval(arg, path), path);
                region = region.Length == 0 ? Pseudo.Region : region;
                return new JsonArray(JsonValue.Create(region + "a"), JsonValue.Create(region + "b"), JsonValue.Create(region + "c"));
            }

            case "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or":
                return JsonValue.Create(EvaluateCondition(new JsonObject { [fn] = arg?.DeepClone() }, path));
            default:
                throw new TemplateException(path, $"{fn} is not supported by the local template evaluator.");
        }
    }

    private JsonNode Ref(string name, string path)
    {
        if (name == "AWS::NoValue")
        {
            return NoValue;
        }

        if (PseudoParameters.IsPseudo(name))
        {
            return JsonValue.Create(Pseudo.Get(name) ?? throw new TemplateException(path, $"Ref {name}: unknown pseudo parameter."));
        }

        if (_parameters.TryGetValue(name, out var parameter))
        {
            return parameter.DeepClone();
        }

        return JsonValue.Create(_resources.Ref(RequireResource(name, path, "Ref")));
    }

    private TemplateResource RequireResource(string id, string path, string function)
    {
        if (!_template.ResourcesById.TryGetValue(id, out var resource))
        {
            throw new TemplateException(path, $"{function} {id}: no parameter, pseudo parameter or resource has that name.");
        }

        if (!Exists(resource))
        {
            throw new TemplateException(path, $"{function} {id}: the resource is not created because its condition {resource.Condition} is false; guard this property with Fn::If on the same condition.");
        }

        return resource;
    }

    internal static (string Id, string Attribute) GetAttArguments(JsonNode? arg, string path)
    {
        switch (arg)
        {
            case JsonArray { Count: 2 } pair:
                return (TemplateValues.ScalarText(pair[0], path), TemplateValues.ScalarText(pair[1], path));
            case JsonValue v when v.TryGetValue<string>(out var dotted) && dotted.IndexOf('.', StringComparison.Ordinal) > 0:
                var dot = dotted.IndexOf('.', StringComparison.Ordinal);
                return (dotted[..dot], dotted[(dot + 1)..]);
            default:
                throw new TemplateException(path, "Fn::GetAtt takes [LogicalId, Attribute].");
        }
    }

    private string Sub(JsonNode? arg, string path)
    {
        string text;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (arg)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                text = s;
                break;
            case JsonArray { Count: 2 } pair when pair[0] is JsonValue t && t.TryGetValue<string>(out var s2) && pair[1] is JsonObject map:
                text = s2;
                foreach (var (key, value) in map)
                {
                    variables[key] = TemplateValues.ScalarText(Eval(value, $"{path}.{key}"), $"{path}.{key}");
                }

                break;
            default:
                throw new TemplateException(path, "Fn::Sub takes a string, or [string, {variable: value}].");
        }

        return SubString.Substitute(text, path, name =>
        {
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && !PseudoParameters.IsPseudo(name))
            {
                var resource = RequireResource(name[..dot], path, "Fn::Sub ${" + name + "}");
                return TemplateValues.ScalarText(_resources.GetAtt(resource, name[(dot + 1)..]), path);
            }

            return Ref(name, path) switch
            {
                var n when ReferenceEquals(n, NoValue) => throw new TemplateException(path, "Fn::Sub cannot use AWS::NoValue."),
                JsonArray list => string.Join(',', list.Select(x => TemplateValues.ScalarText(x, path))),
                var n => TemplateValues.ScalarText(n, path),
            };
        });
    }

    private bool EvaluateCondition(JsonNode? node, string path)
    {
        if (node is JsonValue literal && literal.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return literal.GetValue<bool>();
        }

        if (!TemplateValues.TryGetFunction(node, out var fn, out var arg))
        {
            throw new TemplateException(path, $"a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, found {TemplateValues.Describe(node)}.");
        }

        switch (fn)
        {
            case "Condition":
                return Condition(TemplateValues.ScalarText(arg, path));
            case "Fn::Equals" when arg is JsonArray { Count: 2 } pair:
                return JsonNode.DeepEquals(Normalize(Eval(pair[0], path)), Normalize(Eval(pair[1], path)));
            case "Fn::Not" when arg is JsonArray { Count: 1 } single:
                return !EvaluateCondition(single[0], path);
            case "Fn::And" when arg is JsonArray { Count: >= 2 and <= 10 } all:
                return all.All(c => EvaluateCondition(c, path));
            case "Fn::Or" when arg is JsonArray { Count: >= 2 and <= 10 } any:
                return any.Any(c => EvaluateCondition(c, path));
            default:
                throw new TemplateException(path, $"{fn} is malformed here (Fn::Equals takes 2 values, Fn::Not 1 condition, Fn::And/Fn::Or 2–10 conditions).");
        }
    }

    private static JsonNode? Normalize(JsonNode? node) => node is JsonValue v && v.GetValueKind() is not JsonValueKind.String
        ? JsonValue.Create(v.ToJsonString().Trim('"'))
        : node;

    private static JsonNode ResolveParameter(TemplateParameter parameter, string? value)
    {
        var path = $"Parameters.{parameter.Name}";
        if (value is null)
        {
            throw new TemplateException(path, $"the parameter has no default; give a value (locally: configuration SesMail:Parameters:{parameter.Name}).");
        }

        var items = parameter.IsList ? value.Split(',').Select(s => s.Trim()).ToArray() : [value];
        foreach (var item in items)
        {
            if (parameter.AllowedValues.Count > 0 && !parameter.AllowedValues.Contains(item, StringComparer.Ordinal))
            {
                throw new TemplateException(path, $"the value '{item}' is not allowed; allowed: {string.Join(", ", parameter.AllowedValues)}.");
            }

            if (parameter.AllowedPattern is { } pattern && !Regex.IsMatch(item, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                throw new TemplateException(path, $"the value '{item}' does not match the pattern {pattern}.");
            }

            if ((parameter.Type is "Number" || parameter.Type == "List<Number>") && !double.TryParse(item, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw new TemplateException(path, $"the value '{item}' is not a number.");
            }
        }

        return parameter.IsList
            ? new JsonArray(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray())
            : JsonValue.Create(value);
    }
}
