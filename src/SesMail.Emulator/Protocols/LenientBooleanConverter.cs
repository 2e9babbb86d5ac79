using System.Text.Json;
using System.Text.Json.Serialization;

namespace SesMail.Emulator.Protocols;

/// <summary>Reads a boolean from a JSON boolean or from the strings <c>true</c>/<c>false</c> (Query parameters are all strings).</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    /// <inheritdoc />
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
            _ => throw new JsonException("Expected true or false."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
