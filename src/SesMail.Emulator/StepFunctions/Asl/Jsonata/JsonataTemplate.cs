using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl.Jsonata;

/// <summary>
/// Evaluates a JSONata field value as Step Functions does: a string <c>"{% expr %}"</c> is replaced by the
/// expression's result, and objects and arrays are walked so that any of their strings may be an expression
/// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
/// </summary>
public static class JsonataTemplate
{
    /// <summary>Whether a value is a <c>{% … %}</c> expression string.</summary>
    /// <param name="value">The value.</param>
    /// <param name="expression">The text between the delimiters.</param>
    /// <returns><c>true</c> for an expression.</returns>
    public static bool TryExpression(JsonNode? value, out string? expression)
    {
        expression = null;
        if (JsonValues.AsString(value) is { } text && text.Length >= 4 && text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal))
        {
            expression = text[2..^2].Trim();
            return true;
        }

        return false;
    }

    /// <summary>Evaluates a field value.</summary>
    /// <param name="template">The field value from the definition.</param>
    /// <param name="context">The JSONata context value.</param>
    /// <param name="variables">Variables by name (including <c>states</c>).</param>
    /// <param name="now">The current time.</param>
    /// <param name="field">The field name, for error messages.</param>
    /// <returns>The evaluated value.</returns>
    /// <exception cref="AslRuntimeException"><c>States.QueryEvaluationError</c> when an expression fails or yields nothing at the top level.</exception>
    public static JsonNode? Evaluate(JsonNode? template, JsonNode? context, IReadOnlyDictionary<string, JsonNode?> variables, DateTimeOffset now, string field)
    {
        var result = EvaluateValue(template, context, variables, now, field);
        return result.IsDefined
            ? result.Node?.DeepClone()
            : throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, $"The JSONata expression in the field '{field}' returned nothing (undefined).");
    }

    private static JsonataValue EvaluateValue(JsonNode? template, JsonNode? context, IReadOnlyDictionary<string, JsonNode?> variables, DateTimeOffset now, string field)
    {
        switch (template)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var evaluated = EvaluateValue(value, context, variables, now, field);
                    if (evaluated.IsDefined)
                    {
                        result[key] = evaluated.Node?.DeepClone();
                    }
                }

                return JsonataValue.Of(result);
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    var evaluated = EvaluateValue(item, context, variables, now, field);
                    if (evaluated.IsDefined)
                    {
                        items.Add(evaluated.Node?.DeepClone());
                    }
                }

                return JsonataValue.Of(items);
            default:
                if (TryExpression(template, out var text))
                {
                    try
                    {
                        return JsonataExpression.Parse(text!).Evaluate(context, variables, now);
                    }
                    catch (FormatException error)
                    {
                        throw new AslRuntimeException(AslErrorNames.QueryEvaluationError, $"The JSONata expression '{text}' in the field '{field}' is invalid: {error.Message}");
                    }
                }

                return JsonataValue.Of(template?.DeepClone());
        }
    }
}
