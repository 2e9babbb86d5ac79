using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>Typed reads of request members that answer malformed input with a <c>SerializationException</c>, never a crash.</summary>
internal static class Requests
{
    /// <summary>An optional string member.</summary>
    /// <param name="input">The request object.</param>
    /// <param name="name">The member.</param>
    /// <returns>The string or <c>null</c>.</returns>
    public static string? OptionalString(this JsonObject input, string name) =>
        input[name] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw new AwsServiceException("SerializationException", $"Expected a string for member '{name}'."),
        };

    /// <summary>A required string member.</summary>
    /// <param name="input">The request object.</param>
    /// <param name="name">The member.</param>
    /// <param name="wireName">The member's name in DynamoDB's validation messages (camel case).</param>
    /// <returns>The string.</returns>
    public static string RequiredString(this JsonObject input, string name, string wireName) =>
        input.OptionalString(name) ?? throw DynamoDbErrors.Missing(wireName);

    /// <summary>An optional boolean member.</summary>
    /// <param name="input">The request object.</param>
    /// <param name="name">The member.</param>
    /// <returns>The value or <c>null</c>.</returns>
    public static bool? OptionalBool(this JsonObject input, string name) =>
        input[name] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw new AwsServiceException("SerializationException", $"Expected a boolean for member '{name}'."),
        };

    /// <summary>An optional integer member.</summary>
    /// <param name="input">The request object.</param>
    /// <param name="name">The member.</param>
    /// <returns>The value or <c>null</c>.</returns>
    public static long? OptionalLong(this JsonObject input, string name) =>
        input[name] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number
                && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (long)d,
            _ => throw new AwsServiceException("SerializationException", $"Expected a number for member '{name}'."),
        };

    /// <summary>An optional object member.</summary>
    /// <param name="input">The request object.</param>
    /// <param name="name">The member.</param>
    /// <returns>The object or <c>null</c>.</returns>
    public static JsonObject? OptionalObject(this JsonObject input, string name) =>
        input[name] switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new AwsServiceException("SerializationException", $"Expected an object for member '{name}'."),
        };

    /// <summary>The elements of a list member that must all be objects (structures).</summary>
    /// <param name="array">The list.</param>
    /// <param name="name">The member, for the error message.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="AwsServiceException"><c>SerializationException</c> for an element that is not an object.</exception>
    public static IEnumerable<JsonObject> Objects(this JsonArray array, string name) =>
        array.Select(e => e as JsonObject ?? throw new AwsServiceException("SerializationException", $"Expected an object for each element of member '{name}'."));

    /// <summary>The elements of a list member that must all be strings.</summary>
    /// <param name="array">The list.</param>
    /// <param name="name">The member, for the error message.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="AwsServiceException"><c>SerializationException</c> for an element that is not a string.</exception>
    public static IEnumerable<string> Strings(this JsonArray array, string name) =>
        array.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new AwsServiceException("SerializationException", $"Expected a string for each element of member '{name}'."));

    /// <summary>An optional array member.</summary>
    /// <param name="input">The request object.</param>
    /// <param name="name">The member.</param>
    /// <returns>The array or <c>null</c>.</returns>
    public static JsonArray? OptionalArray(this JsonObject input, string name) =>
        input[name] switch
        {
            null => null,
            JsonArray a => a,
            _ => throw new AwsServiceException("SerializationException", $"Expected a list for member '{name}'."),
        };
}
