using System.Text.Json.Nodes;

namespace SesMail.Emulator.DynamoDb;

/// <summary>A key attribute's value (<c>S</c>, <c>N</c> canonical text, or <c>B</c> base64), ordered as DynamoDB orders sort keys.</summary>
/// <param name="Type"><c>S</c>, <c>N</c> or <c>B</c>; empty for "no sort key".</param>
/// <param name="Text">The canonical payload text.</param>
internal readonly record struct KeyValue(string Type, string Text) : IComparable<KeyValue>
{
    /// <summary>The absent sort key of a table with a partition key only.</summary>
    public static readonly KeyValue None = new(string.Empty, string.Empty);

    /// <summary>Reads a canonical key attribute value.</summary>
    /// <param name="value">An <c>S</c>, <c>N</c> or <c>B</c> attribute value.</param>
    /// <returns>The key value.</returns>
    public static KeyValue From(JsonNode value) => new(AttributeValues.TypeOf(value), AttributeValues.Payload(value)!.GetValue<string>());

    /// <summary>Back to DynamoDB JSON.</summary>
    /// <returns>The attribute value.</returns>
    public JsonObject ToAttributeValue() => new() { [Type] = Text };

    /// <inheritdoc/>
    public int CompareTo(KeyValue other)
    {
        if (Type != other.Type)
        {
            return string.CompareOrdinal(Type, other.Type);
        }

        return Type switch
        {
            "S" => AttributeValues.CompareUtf8(Text, other.Text),
            "N" => DynamoNumber.Parse(Text).CompareTo(DynamoNumber.Parse(other.Text)),
            "B" => Convert.FromBase64String(Text).AsSpan().SequenceCompareTo(Convert.FromBase64String(other.Text)),
            _ => 0,
        };
    }
}
