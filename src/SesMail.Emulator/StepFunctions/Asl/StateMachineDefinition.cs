using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl.Jsonata;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// A parsed and validated Amazon States Language definition (https://states-language.net/spec.html and
/// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html), or the nested machine
/// of a Map's <c>ItemProcessor</c> or a Parallel branch. Anything this emulator would not run as AWS does is a
/// validation error, never ignored: unknown fields, distributed Map, callbacks (<c>.waitForTaskToken</c>),
/// <c>.sync</c> integrations, activities, <c>Credentials</c>, and JSONata outside the documented subset.
/// </summary>
public sealed class StateMachineDefinition
{
    private StateMachineDefinition(string startAt, IReadOnlyDictionary<string, StateDefinition> states, int? timeoutSeconds, string queryLanguage, string? comment)
    {
        StartAt = startAt;
        States = states;
        TimeoutSeconds = timeoutSeconds;
        QueryLanguage = queryLanguage;
        Comment = comment;
    }

    /// <summary>The first state's name.</summary>
    public string StartAt { get; }

    /// <summary>The states by name.</summary>
    public IReadOnlyDictionary<string, StateDefinition> States { get; }

    /// <summary>The execution's time limit in seconds, or <c>null</c> (a year).</summary>
    public int? TimeoutSeconds { get; }

    /// <summary><c>JSONPath</c> (default) or <c>JSONata</c>: the default of every state.</summary>
    public string QueryLanguage { get; }

    /// <summary>The definition's comment.</summary>
    public string? Comment { get; }

    /// <summary>Parses a definition, throwing on the first problem.</summary>
    /// <param name="json">The definition text.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="AslDefinitionException">The definition is invalid; the message is the first diagnostic.</exception>
    public static StateMachineDefinition Parse(string json)
    {
        var (definition, diagnostics) = Validate(json);
        return definition ?? throw new AslDefinitionException(diagnostics[0].ToInvalidDefinitionMessage(), diagnostics[0].Location);
    }

    /// <summary>Validates a definition and parses it when valid.</summary>
    /// <param name="json">The definition text.</param>
    /// <returns>The definition (<c>null</c> when any error was found) and every diagnostic.</returns>
    public static (StateMachineDefinition? Definition, IReadOnlyList<AslDiagnostic> Diagnostics) Validate(string json)
    {
        var diagnostics = new List<AslDiagnostic>();
        JsonObject root;
        try
        {
            root = JsonValues.Parse(json) as JsonObject ?? throw new JsonException("The definition is not a JSON object.");
        }
        catch (JsonException error)
        {
            diagnostics.Add(new("ERROR", "INVALID_JSON_DESCRIPTION", error.Message, null));
            return (null, diagnostics);
        }

        var definition = ParseMachine(root, string.Empty, "JSONPath", topLevel: true, diagnostics);
        return (diagnostics.Any(d => d.Severity == "ERROR") ? null : definition, diagnostics);
    }

    internal static StateMachineDefinition? ParseMachine(JsonObject root, string location, string inheritedLanguage, bool topLevel, List<AslDiagnostic> diagnostics)
    {
        var allowed = topLevel
            ? new[] { "Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage" }
            : ["Comment", "StartAt", "States", "ProcessorConfig", "QueryLanguage"];
        foreach (var (key, _) in root)
        {
            if (!allowed.Contains(key))
            {
                Error(diagnostics, $"The field '{key}' is not supported here", $"{location}/{key}");
            }
        }

        var language = JsonValues.AsString(root["QueryLanguage"]) ?? inheritedLanguage;
        if (language is not ("JSONPath" or "JSONata"))
        {
            Error(diagnostics, "QueryLanguage must be JSONPath or JSONata", $"{location}/QueryLanguage");
            language = inheritedLanguage;
        }

        if (!topLevel && root["QueryLanguage"] is not null && inheritedLanguage == "JSONata" && language == "JSONPath")
        {
            Error(diagnostics, "A JSONata state machine cannot contain JSONPath states", $"{location}/QueryLanguage");
        }

        if (root["ProcessorConfig"] is JsonObject processor)
        {
            foreach (var (key, value) in processor)
            {
                if (key == "Mode" && JsonValues.AsString(value) == "INLINE")
                {
                    continue;
                }

                Unsupported(diagnostics, key == "Mode"
                    ? "A DISTRIBUTED Map is not emulated: only inline Map (ProcessorConfig Mode INLINE)"
                    : $"ProcessorConfig field '{key}' is not emulated", $"{location}/ProcessorConfig/{key}");
            }
        }

        var startAt = JsonValues.AsString(root["StartAt"]);
        if (startAt is null)
        {
            Error(diagnostics, "The field 'StartAt' is required and must be a string", $"{location}/StartAt");
        }

        int? timeout = null;
        if (root["TimeoutSeconds"] is { } timeoutNode)
        {
            timeout = JsonValues.AsNumber(timeoutNode) is { } t && t == Math.Floor(t) && t is > 0 and <= 99_999_999 ? (int)t : null;
            if (timeout is null)
            {
                Error(diagnostics, "TimeoutSeconds must be a positive integer", $"{location}/TimeoutSeconds");
            }
        }

        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        if (root["States"] is not JsonObject statesNode || statesNode.Count == 0)
        {
            Error(diagnostics, "The field 'States' is required and must be a non-empty object", $"{location}/States");
            return null;
        }

        foreach (var (name, node) in statesNode)
        {
            var at = $"{location}/States/{name}";
            if (name.Length is 0 or > 80)
            {
                Error(diagnostics, "A state name must be 1 to 80 characters long", at);
            }

            if (node is not JsonObject stateNode)
            {
                Error(diagnostics, "A state must be an object", at);
                continue;
            }

            if (StateDefinition.Parse(name, stateNode, at, language, diagnostics) is { } state)
            {
                states[name] = state;
            }
        }

        if (startAt is not null && !statesNode.ContainsKey(startAt))
        {
            diagnostics.Add(new("ERROR", "MISSING_TRANSITION_TARGET", $"Missing 'Next' target: {startAt}", $"{location}/StartAt"));
        }

        foreach (var state in states.Values)
        {
            foreach (var (target, field) in state.Transitions())
            {
                if (!statesNode.ContainsKey(target))
                {
                    diagnostics.Add(new("ERROR", "MISSING_TRANSITION_TARGET", $"Missing 'Next' target: {target}", $"{location}/States/{state.Name}/{field}"));
                }
            }
        }

        if (startAt is not null && states.Count == statesNode.Count && !diagnostics.Any(d => d.Code == "MISSING_TRANSITION_TARGET"))
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([startAt]);
            while (pending.TryPop(out var next))
            {
                if (reached.Add(next) && states.TryGetValue(next, out var state))
                {
                    foreach (var (target, _) in state.Transitions())
                    {
                        pending.Push(target);
                    }
                }
            }

            foreach (var name in states.Keys.Where(n => !reached.Contains(n)))
            {
                Error(diagnostics, $"State '{name}' is not reachable", $"{location}/States/{name}");
            }
        }

        return startAt is null ? null : new StateMachineDefinition(startAt, states, timeout, language, JsonValues.AsString(root["Comment"]));
    }

    internal static void Error(List<AslDiagnostic> diagnostics, string message, string? location) =>
        diagnostics.Add(new("ERROR", "SCHEMA_VALIDATION_FAILED", message, location));

    internal static void Unsupported(List<AslDiagnostic> diagnostics, string message, string? location) =>
        diagnostics.Add(new("ERROR", "SCHEMA_VALIDATION_FAILED", $"{message} (not supported by SesMail.Emulator)", location));

    /// <summary>Parses every <c>{% … %}</c> string inside a JSONata field value, reporting expressions outside the subset.</summary>
    internal static void CheckJsonata(JsonNode? value, string location, List<AslDiagnostic> diagnostics)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    CheckJsonata(child, $"{location}/{key}", diagnostics);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckJsonata(array[i], $"{location}[{i}]", diagnostics);
                }

                break;
            default:
                if (JsonataTemplate.TryExpression(value, out var text))
                {
                    try
                    {
                        JsonataExpression.Parse(text!);
                    }
                    catch (FormatException error)
                    {
                        Error(diagnostics, $"Invalid JSONata expression '{text}': {error.Message}", location);
                    }
                }
                else if (JsonValues.AsString(value) is { } s && (s.StartsWith("{%", StringComparison.Ordinal) || s.EndsWith("%}", StringComparison.Ordinal)))
                {
                    Error(diagnostics, "A JSONata expression must be the whole string, '{% … %}'", location);
                }

                break;
        }
    }

    /// <summary>Checks a JSONPath payload template (<c>Parameters</c>, <c>ResultSelector</c>, <c>ItemSelector</c>, <c>Assign</c>).</summary>
    internal static void CheckPayloadTemplate(JsonNode? value, string location, List<AslDiagnostic> diagnostics)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        if (JsonValues.AsString(child) is not { } text)
                        {
                            Error(diagnostics, $"The value of '{key}' must be a path or an intrinsic function", $"{location}/{key}");
                            continue;
                        }

                        try
                        {
                            if (IntrinsicFunction.IsCall(text))
                            {
                                IntrinsicFunction.Parse(text);
                            }
                            else
                            {
                                JsonPath.Parse(text);
                            }
                        }
                        catch (FormatException error)
                        {
                            Error(diagnostics, $"The value of '{key}' is not a valid path or intrinsic function: {error.Message}", $"{location}/{key}");
                        }
                    }
                    else
                    {
                        CheckPayloadTemplate(child, $"{location}/{key}", diagnostics);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckPayloadTemplate(array[i], $"{location}[{i}]", diagnostics);
                }

                break;
        }
    }
}
