using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// What a target receives: the whole event, a constant <c>Input</c>, the part selected by <c>InputPath</c>, or the
/// <c>InputTransformer</c> template filled from <c>InputPathsMap</c>
/// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
/// </summary>
/// <remarks>
/// Paths are the JSONPath subset EventBridge accepts: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[index]</c>.
/// In a template, a placeholder inside a JSON string receives the raw (escaped) text of a string value; outside a
/// string it receives the JSON text (strings quoted). Predefined: <c>&lt;aws.events.rule-arn&gt;</c>,
/// <c>&lt;aws.events.rule-name&gt;</c>, <c>&lt;aws.events.event.ingestion-time&gt;</c>, <c>&lt;aws.events.event&gt;</c>,
/// <c>&lt;aws.events.event.json&gt;</c>.
/// </remarks>
internal static class TargetInput
{
    /// <summary>Builds the message body for one target.</summary>
    /// <param name="target">The target as stored.</param>
    /// <param name="evt">The event envelope.</param>
    /// <param name="rule">The matching rule.</param>
    /// <param name="ingestionTime">When the event was received.</param>
    /// <returns>The body text.</returns>
    public static string Render(Target target, JsonObject evt, EventRule rule, DateTimeOffset ingestionTime)
    {
        if (target.Input is { } input)
        {
            return input;
        }

        if (target.InputPath is { } inputPath)
        {
            return Select(evt, inputPath) is { } selected ? JsonBody.Text(selected) : "null";
        }

        if (target.InputTransformer is { } transformer)
        {
            var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (name, path) in transformer.InputPathsMap ?? new Dictionary<string, string>())
            {
                values[name] = Select(evt, path);
            }

            var eventText = JsonBody.Text(evt);
            values["aws.events.rule-arn"] = rule.Arn;
            values["aws.events.rule-name"] = rule.Name;
            values["aws.events.event.ingestion-time"] = ingestionTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            values["aws.events.event"] = evt;
            values["aws.events.event.json"] = evt;
            return Fill(transformer.InputTemplate ?? string.Empty, values, eventText);
        }

        return JsonBody.Text(evt); // the event as EventBridge delivers it: '+' in an address stays '+'
    }

    /// <summary>Validates a path as PutTargets does.</summary>
    /// <param name="path">The path.</param>
    /// <returns>Whether it is in the accepted subset.</returns>
    public static bool IsValidPath(string path)
    {
        try
        {
            _ = Steps(path);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Evaluates a path against the event.</summary>
    /// <param name="root">The event.</param>
    /// <param name="path">e.g. <c>$.detail.actions</c>.</param>
    /// <returns>The selected node, or <c>null</c> when absent.</returns>
    public static JsonNode? Select(JsonNode root, string path)
    {
        List<object> steps;
        try
        {
            steps = Steps(path);
        }
        catch (FormatException)
        {
            return null;
        }

        JsonNode? current = root;
        foreach (var step in steps)
        {
            current = step switch
            {
                string name when current is JsonObject obj => obj[name],
                int index when current is JsonArray array && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static List<object> Steps(string path)
    {
        if (!path.StartsWith('$'))
        {
            throw new FormatException("A path starts with $.");
        }

        var steps = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] is not ('.' or '['))
                {
                    i++;
                }

                if (i == start)
                {
                    throw new FormatException("Empty name.");
                }

                steps.Add(path[start..i]);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0)
                {
                    throw new FormatException("Unclosed bracket.");
                }

                var inner = path[(i + 1)..end].Trim();
                if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0])
                {
                    steps.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(index);
                }
                else
                {
                    throw new FormatException("Bad bracket.");
                }

                i = end + 1;
            }
            else
            {
                throw new FormatException("Unexpected character.");
            }
        }

        return steps;
    }

    private static string Fill(string template, Dictionary<string, JsonNode?> values, string eventText)
    {
        var output = new StringBuilder();
        var inString = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length)
            {
                output.Append(c).Append(template[i + 1]);
                i++;
                continue;
            }

            if (c == '"')
            {
                inString = !inString;
                output.Append(c);
                continue;
            }

            if (c == '<')
            {
                var end = template.IndexOf('>', i + 1);
                if (end > i && values.TryGetValue(template[(i + 1)..end], out var value))
                {
                    var name = template[(i + 1)..end];
                    if (name == "aws.events.event")
                    {
                        output.Append(eventText);
                    }
                    else if (inString)
                    {
                        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value is null ? string.Empty : JsonBody.Text(value);
                        var escaped = JsonBody.Text(JsonValue.Create(text));
                        output.Append(escaped, 1, escaped.Length - 2);
                    }
                    else
                    {
                        output.Append(value is null ? "null" : JsonBody.Text(value));
                    }

                    i = end;
                    continue;
                }
            }

            output.Append(c);
        }

        return output.ToString();
    }
}
