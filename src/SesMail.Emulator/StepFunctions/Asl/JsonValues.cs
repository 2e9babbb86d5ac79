using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>Small helpers over <see cref="JsonNode"/> values shared by the JSONPath, intrinsic and JSONata evaluators.</summary>
public static class JsonValues
{
    /// <summary>A JSON number: integral values within ±2^53 are written without a fraction.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The JSON value.</returns>
    public static JsonValue Number(double value) =>
        Math.Abs(value) < 9_007_199_254_740_992d && value == Math.Floor(value) ? JsonValue.Create((long)value) : JsonValue.Create(value);

    /// <summary>The node's kind, <see cref="JsonValueKind.Null"/> for a C# <c>null</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>Its kind.</returns>
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The value as a number, or <c>null</c> when it is not a JSON number.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The number.</returns>
    public static double? AsNumber(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : null;

    /// <summary>The value as a string, or <c>null</c> when it is not a JSON string.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The string.</returns>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The value as a boolean, or <c>null</c> when it is not a JSON boolean.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The boolean.</returns>
    public static bool? AsBoolean(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Text of a value as <c>States.Format</c> and string joins write it: strings raw, everything else as JSON.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The text.</returns>
    public static string ToText(JsonNode? node) => AsString(node) ?? node?.ToJsonString() ?? "null";

    /// <summary>A deep copy (<c>null</c> stays <c>null</c>).</summary>
    /// <param name="node">The node.</param>
    /// <returns>The copy.</returns>
    public static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    /// <summary>Parses JSON text, keeping a top-level <c>null</c>.</summary>
    /// <param name="text">JSON text.</param>
    /// <returns>The node.</returns>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    /// <summary>JSON text of a node, <c>null</c> for a C# <c>null</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>Compact JSON.</returns>
    public static string ToJson(JsonNode? node) => node?.ToJsonString() ?? "null";
}
