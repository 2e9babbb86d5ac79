using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>
/// The references between a template's resources (<c>Ref</c>, <c>Fn::GetAtt</c>, <c>Fn::Sub</c> variables,
/// <c>DependsOn</c>), checked for dangling names, and the order in which resources can be created.
/// </summary>
public static class TemplateDependencies
{
    /// <summary>Checks every reference in resources, conditions and outputs.</summary>
    /// <param name="template">The template.</param>
    /// <exception cref="TemplateException">A reference names nothing; the message gives the resource and property.</exception>
    public static void Validate(TemplateDocument template) => _ = Order(template);

    /// <summary>Resources in an order where each comes after everything it refers to (template order where free).</summary>
    /// <param name="template">The template.</param>
    /// <returns>The resources, dependencies first.</returns>
    /// <exception cref="TemplateException">A dangling reference, or a dependency cycle (the message lists it).</exception>
    public static IReadOnlyList<TemplateResource> Order(TemplateDocument template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var edges = template.Resources.ToDictionary(r => r.LogicalId, r => DependenciesOf(template, r), StringComparer.Ordinal);
        foreach (var (name, node) in template.Conditions)
        {
            Collect(template, node, $"Conditions.{name}", []);
        }

        foreach (var (name, node) in template.Outputs)
        {
            Collect(template, node, $"Outputs.{name}", []);
        }

        var ordered = new List<TemplateResource>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var stack = new List<string>();
        void Visit(string id)
        {
            if (state.TryGetValue(id, out var s))
            {
                if (s == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(id)).Append(id);
                    throw new TemplateException($"Resources.{id}", $"circular dependency: {string.Join(" → ", cycle)}.");
                }

                return;
            }

            state[id] = 1;
            stack.Add(id);
            foreach (var dependency in edges[id])
            {
                Visit(dependency);
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
            ordered.Add(template.ResourcesById[id]);
        }

        foreach (var resource in template.Resources)
        {
            Visit(resource.LogicalId);
        }

        return ordered;
    }

    /// <summary>The logical ids a resource refers to.</summary>
    /// <param name="template">The template.</param>
    /// <param name="resource">The resource.</param>
    /// <returns>Referenced resource ids, in order of first appearance.</returns>
    /// <exception cref="TemplateException">A reference names nothing.</exception>
    public static IReadOnlyList<string> DependenciesOf(TemplateDocument template, TemplateResource resource)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(resource);
        var found = new List<string>();
        foreach (var dependency in resource.DependsOn)
        {
            if (!template.ResourcesById.ContainsKey(dependency))
            {
                throw new TemplateException($"{resource.Path}.DependsOn", $"{dependency} is not a resource of this template.");
            }

            found.Add(dependency);
        }

        if (resource.Condition is { } condition && !template.Conditions.ContainsKey(condition))
        {
            throw new TemplateException($"{resource.Path}.Condition", $"the condition {condition} is not defined in the Conditions section.");
        }

        Collect(template, resource.Properties, $"{resource.Path}.Properties", found);
        if (found.Contains(resource.LogicalId, StringComparer.Ordinal))
        {
            throw new TemplateException(resource.Path, "the resource refers to itself.");
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(TemplateDocument template, JsonNode? node, string path, List<string> found)
    {
        if (TemplateValues.TryGetFunction(node, out var fn, out var arg))
        {
            switch (fn)
            {
                case "Ref":
                    AddRef(template, TemplateValues.ScalarText(arg, path), path, "Ref", found);
                    return;
                case "Condition":
                {
                    var name = TemplateValues.ScalarText(arg, path);
                    if (!template.Conditions.ContainsKey(name))
                    {
                        throw new TemplateException(path, $"the condition {name} is not defined in the Conditions section.");
                    }

                    return;
                }

                case "Fn::GetAtt":
                {
                    var (id, attribute) = TemplateEvaluator.GetAttArguments(arg, path);
                    if (!template.ResourcesById.ContainsKey(id))
                    {
                        throw new TemplateException(path, $"Fn::GetAtt {id}.{attribute}: {id} is not a resource of this template.");
                    }

                    found.Add(id);
                    return;
                }

                case "Fn::Sub":
                {
                    var text = arg switch
                    {
                        JsonValue v => TemplateValues.ScalarText(v, path),
                        JsonArray { Count: 2 } pair => TemplateValues.ScalarText(pair[0], path),
                        _ => throw new TemplateException(path, "Fn::Sub takes a string, or [string, {variable: value}]."),
                    };
                    var local = (arg as JsonArray)?[1] as JsonObject;
                    if (local is not null)
                    {
                        Collect(template, local, path, found);
                    }

                    foreach (var name in SubString.Variables(text, path))
                    {
                        if (local?.ContainsKey(name) == true)
                        {
                            continue;
                        }

                        var dot = name.IndexOf('.', StringComparison.Ordinal);
                        if (dot > 0 && !PseudoParameters.IsPseudo(name))
                        {
                            var id = name[..dot];
                            if (!template.ResourcesById.ContainsKey(id))
                            {
                                throw new TemplateException(path, $"Fn::Sub ${{{name}}}: {id} is not a resource of this template.");
                            }

                            found.Add(id);
                        }
                        else
                        {
                            AddRef(template, name, path, $"Fn::Sub ${{{name}}}", found);
                        }
                    }

                    return;
                }

                case "Fn::If":
                    if (arg is JsonArray { Count: 3 } branches)
                    {
                        var name = TemplateValues.ScalarText(branches[0], path);
                        if (!template.Conditions.ContainsKey(name))
                        {
                            throw new TemplateException(path, $"Fn::If: the condition {name} is not defined in the Conditions section.");
                        }

                        Collect(template, branches[1], path, found);
                        Collect(template, branches[2], path, found);
                        return;
                    }

                    throw new TemplateException(path, "Fn::If takes [condition name, value if true, value if false].");
            }
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Collect(template, value, $"{path}.{key}", found);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(template, array[i], $"{path}[{i}]", found);
                }

                break;
        }
    }

    private static void AddRef(TemplateDocument template, string name, string path, string function, List<string> found)
    {
        if (PseudoParameters.IsPseudo(name))
        {
            if (name is not ("AWS::AccountId" or "AWS::Region" or "AWS::StackName" or "AWS::StackId" or "AWS::Partition" or "AWS::URLSuffix" or "AWS::NoValue" or "AWS::NotificationARNs"))
            {
                throw new TemplateException(path, $"{function}: {name} is not a pseudo parameter.");
            }

            return;
        }

        if (template.Parameters.ContainsKey(name))
        {
            return;
        }

        if (!template.ResourcesById.ContainsKey(name))
        {
            throw new TemplateException(path, $"{function}: {name} is neither a parameter nor a resource of this template.");
        }

        found.Add(name);
    }
}
