using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.StepFunctions.Asl.Jsonata;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// One state of a definition: its type, transitions and the fields its type allows
/// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html). The raw field values are kept in
/// <see cref="Fields"/>; what needs parsing (rules, retriers, catchers, nested machines) is parsed once here.
/// </summary>
public sealed class StateDefinition
{
    private static readonly string[] JsonPathOnly = ["InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "Iterator", "Result"];
    private static readonly string[] JsonataOnly = ["Arguments", "Output", "Items"];

    private static readonly Dictionary<string, string[]> AllowedFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Next", "End", "Result", "ResultPath", "Parameters", "InputPath", "OutputPath", "Assign", "Output"],
        ["Task"] = ["Next", "End", "Resource", "Parameters", "Arguments", "ResultPath", "ResultSelector", "InputPath", "OutputPath", "Output", "Assign", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"],
        ["Choice"] = ["Choices", "Default", "InputPath", "OutputPath", "Output", "Assign"],
        ["Wait"] = ["Next", "End", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "InputPath", "OutputPath", "Output", "Assign"],
        ["Succeed"] = ["InputPath", "OutputPath", "Output"],
        ["Fail"] = ["Error", "Cause", "ErrorPath", "CausePath"],
        ["Map"] = ["Next", "End", "ItemsPath", "Items", "ItemSelector", "Parameters", "ItemProcessor", "Iterator", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "ItemReader", "ItemBatcher", "ResultWriter", "Label", "ResultPath", "ResultSelector", "InputPath", "OutputPath", "Output", "Assign", "Retry", "Catch"],
        ["Parallel"] = ["Next", "End", "Branches", "Parameters", "Arguments", "ResultPath", "ResultSelector", "InputPath", "OutputPath", "Output", "Assign", "Retry", "Catch"],
    };

    private StateDefinition(string name, string type, string queryLanguage, JsonObject fields)
    {
        Name = name;
        Type = type;
        QueryLanguage = queryLanguage;
        Fields = fields;
    }

    /// <summary>The state's name.</summary>
    public string Name { get; }

    /// <summary><c>Task</c>, <c>Pass</c>, <c>Choice</c>, <c>Wait</c>, <c>Succeed</c>, <c>Fail</c>, <c>Map</c> or <c>Parallel</c>.</summary>
    public string Type { get; }

    /// <summary>The effective query language: <c>JSONPath</c> or <c>JSONata</c>.</summary>
    public string QueryLanguage { get; }

    /// <summary>Whether the state uses JSONata.</summary>
    public bool IsJsonata => QueryLanguage == "JSONata";

    /// <summary>The state's fields as written.</summary>
    public JsonObject Fields { get; }

    /// <summary>The next state, or <c>null</c> for an end state.</summary>
    public string? Next => JsonValues.AsString(Fields["Next"]);

    /// <summary>The Task's <c>Resource</c>.</summary>
    public string? Resource => JsonValues.AsString(Fields["Resource"]);

    /// <summary>JSONPath Choice rules with their targets (and a choice's own <c>Assign</c>/<c>Output</c>).</summary>
    public IReadOnlyList<(ChoiceRule? Rule, JsonataChoiceCondition? Condition, string Next, JsonObject Choice)> Choices { get; private set; } = [];

    /// <summary>The Choice state's <c>Default</c>.</summary>
    public string? Default => JsonValues.AsString(Fields["Default"]);

    /// <summary>Retriers, in order.</summary>
    public IReadOnlyList<Retrier> Retry { get; private set; } = [];

    /// <summary>Catchers, in order.</summary>
    public IReadOnlyList<Catcher> Catch { get; private set; } = [];

    /// <summary>A Map's item processor.</summary>
    public StateMachineDefinition? ItemProcessor { get; private set; }

    /// <summary>A Parallel's branches.</summary>
    public IReadOnlyList<StateMachineDefinition> Branches { get; private set; } = [];

    /// <summary>The states this state may go to, with the field naming each.</summary>
    /// <returns>Target and field pairs.</returns>
    public IEnumerable<(string Target, string Field)> Transitions()
    {
        if (Next is { } next)
        {
            yield return (next, "Next");
        }

        if (Default is { } fallback)
        {
            yield return (fallback, "Default");
        }

        for (var i = 0; i < Choices.Count; i++)
        {
            yield return (Choices[i].Next, $"Choices[{i}]/Next");
        }

        for (var i = 0; i < Catch.Count; i++)
        {
            yield return (Catch[i].Next, $"Catch[{i}]/Next");
        }
    }

    internal static StateDefinition? Parse(string name, JsonObject node, string location, string inheritedLanguage, List<AslDiagnostic> diagnostics)
    {
        var type = JsonValues.AsString(node["Type"]);
        if (type is null || !AllowedFields.TryGetValue(type, out var allowed))
        {
            StateMachineDefinition.Error(diagnostics, $"The field 'Type' must be one of {string.Join(", ", AllowedFields.Keys)}", $"{location}/Type");
            return null;
        }

        var language = JsonValues.AsString(node["QueryLanguage"]) ?? inheritedLanguage;
        if (language is not ("JSONPath" or "JSONata"))
        {
            StateMachineDefinition.Error(diagnostics, "QueryLanguage must be JSONPath or JSONata", $"{location}/QueryLanguage");
            return null;
        }

        if (inheritedLanguage == "JSONata" && language == "JSONPath")
        {
            StateMachineDefinition.Error(diagnostics, "A state of a JSONata state machine cannot use JSONPath", $"{location}/QueryLanguage");
        }

        var state = new StateDefinition(name, type, language, node);
        foreach (var (key, _) in node)
        {
            if (key is "Type" or "Comment" or "QueryLanguage")
            {
                continue;
            }

            if (!allowed.Contains(key))
            {
                StateMachineDefinition.Error(diagnostics, $"The field '{key}' is not supported by state type '{type}'", $"{location}/{key}");
            }
            else if (language == "JSONata" && JsonPathOnly.Contains(key))
            {
                StateMachineDefinition.Error(diagnostics, $"The field '{key}' is not supported in a JSONata state; use Arguments, Output, Items or an expression", $"{location}/{key}");
            }
            else if (language == "JSONPath" && JsonataOnly.Contains(key))
            {
                StateMachineDefinition.Error(diagnostics, $"The field '{key}' is only supported in a JSONata state", $"{location}/{key}");
            }
        }

        state.CheckTransitions(location, diagnostics);
        state.CheckDataFields(location, diagnostics);
        switch (type)
        {
            case "Task":
                state.CheckTask(location, diagnostics);
                break;
            case "Choice":
                state.ParseChoices(location, diagnostics);
                break;
            case "Wait":
                state.CheckWait(location, diagnostics);
                break;
            case "Fail":
                state.CheckFail(location, diagnostics);
                break;
            case "Map":
                state.ParseMap(location, diagnostics);
                break;
            case "Parallel":
                state.ParseParallel(location, diagnostics);
                break;
        }

        if (type is "Task" or "Map" or "Parallel")
        {
            state.ParseRetryAndCatch(location, diagnostics);
        }

        return state;
    }

    private void CheckTransitions(string location, List<AslDiagnostic> diagnostics)
    {
        var hasNext = Fields.ContainsKey("Next");
        var end = Fields["End"];
        if (Type is "Choice" or "Succeed" or "Fail")
        {
            return;
        }

        if (end is not null && JsonValues.AsBoolean(end) is null)
        {
            StateMachineDefinition.Error(diagnostics, "End must be a boolean", $"{location}/End");
        }

        var isEnd = JsonValues.AsBoolean(end) == true;
        if (hasNext == isEnd)
        {
            StateMachineDefinition.Error(diagnostics, hasNext ? "A state cannot have both Next and End" : "A state must have Next or End: true", location);
        }

        if (hasNext && Next is null)
        {
            StateMachineDefinition.Error(diagnostics, "Next must be a string", $"{location}/Next");
        }
    }

    private void CheckDataFields(string location, List<AslDiagnostic> diagnostics)
    {
        foreach (var field in new[] { "InputPath", "OutputPath", "ItemsPath" })
        {
            if (Fields.TryGetPropertyValue(field, out var value) && value is not null && (JsonValues.AsString(value) is not { } text || !JsonPath.TryParse(text, out _)))
            {
                StateMachineDefinition.Error(diagnostics, $"{field} must be a valid JSONPath or null", $"{location}/{field}");
            }
        }

        if (Fields.TryGetPropertyValue("ResultPath", out var resultPath) && resultPath is not null
            && (JsonValues.AsString(resultPath) is not { } rp || !JsonPath.TryParse(rp, out var parsed) || !parsed!.IsReferencePath))
        {
            StateMachineDefinition.Error(diagnostics, "ResultPath must be a reference path ($, names and indexes) or null", $"{location}/ResultPath");
        }

        foreach (var field in new[] { "Parameters", "ResultSelector", "ItemSelector" })
        {
            if (Fields[field] is { } template)
            {
                if (field == "ItemSelector" && IsJsonata)
                {
                    StateMachineDefinition.CheckJsonata(template, $"{location}/{field}", diagnostics);
                }
                else if (template is not JsonObject)
                {
                    StateMachineDefinition.Error(diagnostics, $"{field} must be an object", $"{location}/{field}");
                }
                else
                {
                    StateMachineDefinition.CheckPayloadTemplate(template, $"{location}/{field}", diagnostics);
                }
            }
        }

        if (Fields["Assign"] is { } assign)
        {
            if (assign is not JsonObject assignments)
            {
                StateMachineDefinition.Error(diagnostics, "Assign must be an object", $"{location}/Assign");
            }
            else
            {
                CheckAssign(assignments, $"{location}/Assign", diagnostics);
            }
        }

        foreach (var field in new[] { "Arguments", "Output", "Items" })
        {
            if (Fields[field] is { } value)
            {
                StateMachineDefinition.CheckJsonata(value, $"{location}/{field}", diagnostics);
            }
        }

        foreach (var (key, value) in IsJsonata ? Fields : [])
        {
            if (key is "Seconds" or "Timestamp" or "TimeoutSeconds" or "HeartbeatSeconds" or "MaxConcurrency" or "Error" or "Cause")
            {
                StateMachineDefinition.CheckJsonata(value, $"{location}/{key}", diagnostics);
            }
        }
    }

    private void CheckAssign(JsonObject assignments, string location, List<AslDiagnostic> diagnostics)
    {
        foreach (var (key, value) in assignments)
        {
            var name = key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_') || name == "states")
            {
                StateMachineDefinition.Error(diagnostics, $"'{name}' is not a valid variable name (letters, digits and _, not starting with a digit; 'states' is reserved)", $"{location}/{key}");
            }

            if (IsJsonata)
            {
                if (key.EndsWith(".$", StringComparison.Ordinal))
                {
                    StateMachineDefinition.Error(diagnostics, "Keys ending in .$ are JSONPath; in a JSONata state use '{% … %}'", $"{location}/{key}");
                }

                StateMachineDefinition.CheckJsonata(value, $"{location}/{key}", diagnostics);
            }
            else
            {
                StateMachineDefinition.CheckPayloadTemplate(new JsonObject { [key] = value?.DeepClone() }, location, diagnostics);
            }
        }
    }

    private void CheckTask(string location, List<AslDiagnostic> diagnostics)
    {
        if (Fields.ContainsKey("Credentials"))
        {
            StateMachineDefinition.Unsupported(diagnostics, "Cross-account Credentials in a Task", $"{location}/Credentials");
        }

        var resource = Resource;
        if (resource is null)
        {
            StateMachineDefinition.Error(diagnostics, "A Task needs a Resource string", $"{location}/Resource");
            return;
        }

        if (TaskResource.Parse(resource) is { Error: { } problem })
        {
            StateMachineDefinition.Unsupported(diagnostics, problem, $"{location}/Resource");
        }

        foreach (var field in new[] { "TimeoutSeconds", "HeartbeatSeconds" })
        {
            if (Fields[field] is { } value && !(IsJsonata && JsonataTemplate.TryExpression(value, out _))
                && !(JsonValues.AsNumber(value) is { } n && n == Math.Floor(n) && n is > 0 and <= 99_999_999))
            {
                StateMachineDefinition.Error(diagnostics, $"{field} must be a positive integer", $"{location}/{field}");
            }
        }

        foreach (var field in new[] { "TimeoutSecondsPath", "HeartbeatSecondsPath" })
        {
            if (Fields[field] is { } value && (JsonValues.AsString(value) is not { } text || !JsonPath.TryParse(text, out _)))
            {
                StateMachineDefinition.Error(diagnostics, $"{field} must be a valid JSONPath", $"{location}/{field}");
            }
        }

        if (Fields.ContainsKey("TimeoutSeconds") && Fields.ContainsKey("TimeoutSecondsPath"))
        {
            StateMachineDefinition.Error(diagnostics, "TimeoutSeconds and TimeoutSecondsPath cannot both be set", location);
        }

        if (Fields.ContainsKey("HeartbeatSeconds") && Fields.ContainsKey("HeartbeatSecondsPath"))
        {
            StateMachineDefinition.Error(diagnostics, "HeartbeatSeconds and HeartbeatSecondsPath cannot both be set", location);
        }
    }

    private void ParseChoices(string location, List<AslDiagnostic> diagnostics)
    {
        if (Fields["Choices"] is not JsonArray { Count: > 0 } choices)
        {
            StateMachineDefinition.Error(diagnostics, "A Choice state needs a non-empty Choices array", $"{location}/Choices");
            return;
        }

        var parsed = new List<(ChoiceRule?, JsonataChoiceCondition?, string, JsonObject)>();
        for (var i = 0; i < choices.Count; i++)
        {
            var at = $"{location}/Choices[{i}]";
            if (choices[i] is not JsonObject choice || JsonValues.AsString(choice["Next"]) is not { } next)
            {
                StateMachineDefinition.Error(diagnostics, "Each choice is an object with a Next", at);
                continue;
            }

            if (IsJsonata)
            {
                foreach (var (key, _) in choice)
                {
                    if (key is not ("Condition" or "Next" or "Comment" or "Assign" or "Output"))
                    {
                        StateMachineDefinition.Error(diagnostics, $"The field '{key}' is not supported in a JSONata choice (use Condition)", $"{at}/{key}");
                    }
                }

                if (!JsonataTemplate.TryExpression(choice["Condition"], out var text))
                {
                    StateMachineDefinition.Error(diagnostics, "A JSONata choice needs a Condition '{% … %}'", $"{at}/Condition");
                    continue;
                }

                try
                {
                    parsed.Add((null, new JsonataChoiceCondition(JsonataExpression.Parse(text!)), next, choice));
                }
                catch (FormatException error)
                {
                    StateMachineDefinition.Error(diagnostics, $"Invalid JSONata expression '{text}': {error.Message}", $"{at}/Condition");
                }

                StateMachineDefinition.CheckJsonata(choice["Output"], $"{at}/Output", diagnostics);
                if (choice["Assign"] is JsonObject choiceAssign)
                {
                    CheckAssign(choiceAssign, $"{at}/Assign", diagnostics);
                }

                continue;
            }

            if (choice["Assign"] is JsonObject assign)
            {
                CheckAssign(assign, $"{at}/Assign", diagnostics);
            }

            var ruleFields = (JsonObject)choice.DeepClone();
            ruleFields.Remove("Assign");
            if (ChoiceRule.Parse(ruleFields, at, diagnostics) is { } rule)
            {
                parsed.Add((rule, null, next, choice));
            }
        }

        Choices = parsed;
    }

    private void CheckWait(string location, List<AslDiagnostic> diagnostics)
    {
        var given = new[] { "Seconds", "Timestamp", "SecondsPath", "TimestampPath" }.Where(Fields.ContainsKey).ToList();
        if (given.Count != 1)
        {
            StateMachineDefinition.Error(diagnostics, "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath", location);
            return;
        }

        var value = Fields[given[0]];
        if (IsJsonata && JsonataTemplate.TryExpression(value, out _))
        {
            return;
        }

        var valid = given[0] switch
        {
            "Seconds" => JsonValues.AsNumber(value) is { } n && n == Math.Floor(n) && n is >= 0 and <= 99_999_999,
            "Timestamp" => JsonValues.AsString(value) is { } t && ChoiceRule.TryTimestamp(t, out _),
            _ => JsonValues.AsString(value) is { } p && JsonPath.TryParse(p, out _),
        };
        if (!valid)
        {
            StateMachineDefinition.Error(diagnostics, given[0] switch
            {
                "Seconds" => "Seconds must be a non-negative integer",
                "Timestamp" => "Timestamp must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z",
                _ => $"{given[0]} must be a valid JSONPath",
            }, $"{location}/{given[0]}");
        }
    }

    private void CheckFail(string location, List<AslDiagnostic> diagnostics)
    {
        foreach (var (field, path) in new[] { ("Error", "ErrorPath"), ("Cause", "CausePath") })
        {
            if (Fields.ContainsKey(field) && Fields.ContainsKey(path))
            {
                StateMachineDefinition.Error(diagnostics, $"{field} and {path} cannot both be set", location);
            }

            if (Fields[path] is { } p && !(JsonValues.AsString(p) is { } text && (IntrinsicFunction.IsCall(text) ? TryIntrinsic(text) : JsonPath.TryParse(text, out _))))
            {
                StateMachineDefinition.Error(diagnostics, $"{path} must be a valid JSONPath or intrinsic function", $"{location}/{path}");
            }
        }

        static bool TryIntrinsic(string text)
        {
            try
            {
                IntrinsicFunction.Parse(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }

    private void ParseMap(string location, List<AslDiagnostic> diagnostics)
    {
        foreach (var field in new[] { "ItemReader", "ItemBatcher", "ResultWriter", "Label" })
        {
            if (Fields.ContainsKey(field))
            {
                StateMachineDefinition.Unsupported(diagnostics, $"{field} belongs to a distributed Map, which is not emulated", $"{location}/{field}");
            }
        }

        foreach (var field in new[] { "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath" })
        {
            if (Fields.ContainsKey(field))
            {
                StateMachineDefinition.Unsupported(diagnostics, $"{field} is only valid in a distributed Map, which is not emulated", $"{location}/{field}");
            }
        }

        if (Fields.ContainsKey("Parameters") && Fields.ContainsKey("ItemSelector"))
        {
            StateMachineDefinition.Error(diagnostics, "Parameters (deprecated in Map) and ItemSelector cannot both be set", location);
        }

        var processorField = Fields.ContainsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (Fields[processorField] is not JsonObject processor)
        {
            StateMachineDefinition.Error(diagnostics, "A Map state needs an ItemProcessor object", $"{location}/ItemProcessor");
            return;
        }

        if (Fields["MaxConcurrency"] is { } max && !(IsJsonata && JsonataTemplate.TryExpression(max, out _))
            && !(JsonValues.AsNumber(max) is { } n && n == Math.Floor(n) && n >= 0))
        {
            StateMachineDefinition.Error(diagnostics, "MaxConcurrency must be a non-negative integer", $"{location}/MaxConcurrency");
        }

        ItemProcessor = StateMachineDefinition.ParseMachine(processor, $"{location}/{processorField}", QueryLanguage, topLevel: false, diagnostics);
    }

    private void ParseParallel(string location, List<AslDiagnostic> diagnostics)
    {
        if (Fields["Branches"] is not JsonArray { Count: > 0 } branches)
        {
            StateMachineDefinition.Error(diagnostics, "A Parallel state needs a non-empty Branches array", $"{location}/Branches");
            return;
        }

        var parsed = new List<StateMachineDefinition>();
        for (var i = 0; i < branches.Count; i++)
        {
            if (branches[i] is not JsonObject branch)
            {
                StateMachineDefinition.Error(diagnostics, "Each branch is an object", $"{location}/Branches[{i}]");
                continue;
            }

            if (branch.ContainsKey("ProcessorConfig"))
            {
                StateMachineDefinition.Error(diagnostics, "ProcessorConfig is not allowed in a Parallel branch", $"{location}/Branches[{i}]/ProcessorConfig");
            }

            if (StateMachineDefinition.ParseMachine(branch, $"{location}/Branches[{i}]", QueryLanguage, topLevel: false, diagnostics) is { } machine)
            {
                parsed.Add(machine);
            }
        }

        Branches = parsed;
    }

    private void ParseRetryAndCatch(string location, List<AslDiagnostic> diagnostics)
    {
        if (Fields["Retry"] is { } retryNode)
        {
            if (retryNode is not JsonArray retriers)
            {
                StateMachineDefinition.Error(diagnostics, "Retry must be an array", $"{location}/Retry");
            }
            else
            {
                var parsed = new List<Retrier>();
                for (var i = 0; i < retriers.Count; i++)
                {
                    if (Retrier.Parse(retriers[i], $"{location}/Retry[{i}]", i == retriers.Count - 1, diagnostics) is { } retrier)
                    {
                        parsed.Add(retrier);
                    }
                }

                Retry = parsed;
            }
        }

        if (Fields["Catch"] is { } catchNode)
        {
            if (catchNode is not JsonArray catchers)
            {
                StateMachineDefinition.Error(diagnostics, "Catch must be an array", $"{location}/Catch");
                return;
            }

            var parsed = new List<Catcher>();
            for (var i = 0; i < catchers.Count; i++)
            {
                var at = $"{location}/Catch[{i}]";
                if (catchers[i] is not JsonObject catcher)
                {
                    StateMachineDefinition.Error(diagnostics, "Each catcher is an object", at);
                    continue;
                }

                foreach (var (key, _) in catcher)
                {
                    var ok = key is "ErrorEquals" or "Next" or "Comment" or "Assign" || (IsJsonata ? key == "Output" : key == "ResultPath");
                    if (!ok)
                    {
                        StateMachineDefinition.Error(diagnostics, $"The field '{key}' is not supported in a catcher", $"{at}/{key}");
                    }
                }

                var errors = ErrorNames(catcher["ErrorEquals"], at, i == catchers.Count - 1, diagnostics);
                var next = JsonValues.AsString(catcher["Next"]);
                if (next is null)
                {
                    StateMachineDefinition.Error(diagnostics, "A catcher needs a Next", $"{at}/Next");
                    continue;
                }

                JsonPath? resultPath = JsonPath.Parse("$");
                var discard = false;
                if (catcher.TryGetPropertyValue("ResultPath", out var rp))
                {
                    if (rp is null)
                    {
                        discard = true;
                    }
                    else if (JsonValues.AsString(rp) is not { } rpText || !JsonPath.TryParse(rpText, out resultPath) || !resultPath!.IsReferencePath)
                    {
                        StateMachineDefinition.Error(diagnostics, "ResultPath must be a reference path or null", $"{at}/ResultPath");
                    }
                }

                if (catcher["Assign"] is JsonObject assign)
                {
                    CheckAssign(assign, $"{at}/Assign", diagnostics);
                }

                StateMachineDefinition.CheckJsonata(catcher["Output"], $"{at}/Output", diagnostics);
                if (errors is not null)
                {
                    parsed.Add(new Catcher(errors, next, discard ? null : resultPath, catcher));
                }
            }

            Catch = parsed;
        }
    }

    internal static IReadOnlyList<string>? ErrorNames(JsonNode? node, string location, bool last, List<AslDiagnostic> diagnostics)
    {
        if (node is not JsonArray { Count: > 0 } array || array.Any(e => JsonValues.AsString(e) is null))
        {
            StateMachineDefinition.Error(diagnostics, "ErrorEquals must be a non-empty array of error names", $"{location}/ErrorEquals");
            return null;
        }

        var names = array.Select(e => JsonValues.AsString(e)!).ToList();
        if (names.Contains(AslErrorNames.All) && (names.Count > 1 || !last))
        {
            StateMachineDefinition.Error(diagnostics, "States.ALL must appear alone in the last retrier or catcher", $"{location}/ErrorEquals");
        }

        return names;
    }
}

/// <summary>A <c>Retry</c> entry.</summary>
/// <param name="ErrorEquals">The error names it handles.</param>
/// <param name="IntervalSeconds">Seconds before the first retry (default 1).</param>
/// <param name="MaxAttempts">Retries at most (default 3; 0 never retries).</param>
/// <param name="BackoffRate">Multiplier of the interval per attempt (default 2.0).</param>
/// <param name="MaxDelaySeconds">Cap of the interval, or <c>null</c>.</param>
/// <param name="JitterStrategy"><c>FULL</c> (random delay between 0 and the interval) or <c>NONE</c>.</param>
public sealed record Retrier(IReadOnlyList<string> ErrorEquals, double IntervalSeconds, int MaxAttempts, double BackoffRate, double? MaxDelaySeconds, string JitterStrategy)
{
    internal static Retrier? Parse(JsonNode? node, string location, bool last, List<AslDiagnostic> diagnostics)
    {
        if (node is not JsonObject retrier)
        {
            StateMachineDefinition.Error(diagnostics, "Each retrier is an object", location);
            return null;
        }

        foreach (var (key, _) in retrier)
        {
            if (key is not ("ErrorEquals" or "IntervalSeconds" or "MaxAttempts" or "BackoffRate" or "MaxDelaySeconds" or "JitterStrategy" or "Comment"))
            {
                StateMachineDefinition.Error(diagnostics, $"The field '{key}' is not supported in a retrier", $"{location}/{key}");
            }
        }

        var errors = StateDefinition.ErrorNames(retrier["ErrorEquals"], location, last, diagnostics);
        double Number(string field, double fallback, double min, bool integer)
        {
            if (retrier[field] is not { } value)
            {
                return fallback;
            }

            if (JsonValues.AsNumber(value) is { } n && n >= min && (!integer || n == Math.Floor(n)))
            {
                return n;
            }

            StateMachineDefinition.Error(diagnostics, $"{field} must be {(integer ? "an integer" : "a number")} of at least {min}", $"{location}/{field}");
            return fallback;
        }

        var interval = Number("IntervalSeconds", 1, 1, integer: true);
        var attempts = (int)Number("MaxAttempts", 3, 0, integer: true);
        var backoff = Number("BackoffRate", 2.0, 1, integer: false);
        double? maxDelay = retrier.ContainsKey("MaxDelaySeconds") ? Number("MaxDelaySeconds", 0, 1, integer: true) : null;
        var jitter = JsonValues.AsString(retrier["JitterStrategy"]) ?? "NONE";
        if (jitter is not ("FULL" or "NONE"))
        {
            StateMachineDefinition.Error(diagnostics, "JitterStrategy must be FULL or NONE", $"{location}/JitterStrategy");
        }

        return errors is null ? null : new Retrier(errors, interval, attempts, backoff, maxDelay, jitter);
    }

    /// <summary>Whether this retrier or a catcher with these names handles <paramref name="error"/>.</summary>
    /// <param name="names">The <c>ErrorEquals</c> names.</param>
    /// <param name="error">The error raised.</param>
    /// <returns>Whether it matches.</returns>
    /// <remarks><c>States.ALL</c> and <c>States.TaskFailed</c> do not match <c>States.Runtime</c>; <c>States.TaskFailed</c> does not match timeouts; <c>States.Timeout</c> also matches <c>States.HeartbeatTimeout</c>.</remarks>
    public static bool Handles(IReadOnlyList<string> names, string error) => names.Any(name => name switch
    {
        _ when name == error => true,
        AslErrorNames.All => error != AslErrorNames.Runtime && error != AslErrorNames.DataLimitExceeded,
        AslErrorNames.TaskFailed => error is not (AslErrorNames.Runtime or AslErrorNames.Timeout or AslErrorNames.HeartbeatTimeout or AslErrorNames.DataLimitExceeded),
        AslErrorNames.Timeout => error == AslErrorNames.HeartbeatTimeout,
        _ => false,
    });
}

/// <summary>A <c>Catch</c> entry.</summary>
/// <param name="ErrorEquals">The error names it handles.</param>
/// <param name="Next">Where the execution goes.</param>
/// <param name="ResultPath">Where the error output goes in the raw input (JSONPath), or <c>null</c> to discard it.</param>
/// <param name="Fields">The catcher as written (its <c>Assign</c> and <c>Output</c>).</param>
public sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next, JsonPath? ResultPath, JsonObject Fields);
