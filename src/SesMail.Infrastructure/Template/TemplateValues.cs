using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Infrastructure.Template;

/// <summary>Small helpers over template values (JSON nodes).</summary>
internal static class TemplateValues
{
    /// <summary>The text of a scalar (string, number or boolean) as CloudFormation would stringify it.</summary>
    public static string ScalarText(JsonNode? node, string path) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() is JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
        null => throw new TemplateException(path, "expected a value, found nothing."),
        _ => throw new TemplateException(path, $"expected a string, number or boolean, found {Describe(node)}."),
    };

    /// <summary>A short description of a node for error messages.</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o when o.Count == 1 => $"the function {o.First().Key}",
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ => node.ToJsonString(),
    };

    /// <summary>The single intrinsic function of a one-key mapping whose key is <c>Ref</c>, <c>Condition</c> or <c>Fn::*</c>.</summary>
    public static bool TryGetFunction(JsonNode? node, out string name, out JsonNode? argument)
    {
        if (node is JsonObject { Count: 1 } obj)
        {
            var (key, value) = obj.First();
            if (key is "Ref" or "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal))
            {
                name = key;
                argument = value;
                return true;
            }
        }

        name = string.Empty;
        argument = null;
        return false;
    }

    /// <summary>Parses a plain YAML scalar the way CloudFormation's YAML reader types it.</summary>
    public static JsonNode? PlainScalar(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && !HasLeadingZero(text))
        {
            return JsonValue.Create(l);
        }

        if (text.Contains('.', StringComparison.Ordinal) && !HasLeadingZero(text)
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    private static bool HasLeadingZero(string text)
    {
        var digits = text.TrimStart('-', '+');
        return digits.Length > 1 && digits[0] == '0' && digits[1] != '.';
    }
}
