using System.Text.Json;

namespace SesMail.Functions.Observability;

/// <summary>
/// One named field of a structured log record. The value may be <c>null</c>, a <see cref="string"/>, a number,
/// a <see cref="bool"/>, a <see cref="JsonElement"/> (written as JSON) or a sequence of strings (a JSON array);
/// anything else is written as its <c>ToString()</c>.
/// </summary>
/// <param name="Name">The field name, exactly as dashboards and queries use it (e.g. <c>messageId</c>).</param>
/// <param name="Value">The value.</param>
internal readonly record struct LogField(string Name, object? Value)
{
    /// <summary>Writes the field into an open JSON object.</summary>
    /// <param name="writer">The writer, positioned inside an object.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WritePropertyName(Name);
        switch (Value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IEnumerable<string> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Value.ToString());
                break;
        }
    }
}
