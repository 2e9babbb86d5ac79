using System.Text.Json;
using System.Text.Json.Serialization;

namespace SesMail.Functions.Routing;

/// <summary>
/// One recipient's entry in a <see cref="RoutingAction"/> (docs/ARCHITECTURE.md#the-routing-decision-event). Shapes by case:
/// rule <c>forward-to-gmail</c>/<c>store</c> → <c>{"target","destination","metadata"}</c> (<c>destination</c> is
/// <c>null</c> for the default store); rule <c>bounce</c> → <c>{"target","reason":"policy","metadata"}</c>;
/// verdicts → <c>{"target","reason"}</c>.
/// </summary>
/// <param name="Target">The recipient as SES gave it (<c>receipt.recipients</c>).</param>
/// <param name="Destination">The rule's target (a Gmail address for forwards); <c>null</c> for the default store and
/// for bounce and verdict entries.</param>
/// <param name="Reason">For bounce and silent-drop entries: one of <see cref="RoutingReasons"/>; otherwise <c>null</c>.</param>
/// <param name="Metadata">The rule's metadata object for rule-decided entries (<c>{}</c> when the rule has none);
/// <c>null</c> for verdict entries.</param>
[JsonConverter(typeof(RoutingTargetJsonConverter))]
public sealed record RoutingTarget(string Target, string? Destination, string? Reason, JsonElement? Metadata)
{
    /// <summary>An empty JSON object, the metadata of rules without any.</summary>
    public static JsonElement EmptyMetadata { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>A forward or store entry decided by a rule or the default.</summary>
    /// <param name="target">The recipient.</param>
    /// <param name="destination">The rule target, or <c>null</c> for the default store.</param>
    /// <param name="metadata">The rule metadata, or <c>null</c> for <c>{}</c>.</param>
    /// <returns>The entry.</returns>
    public static RoutingTarget Deliver(string target, string? destination, JsonElement? metadata = null) =>
        new(target, destination, null, metadata ?? EmptyMetadata);

    /// <summary>A bounce entry decided by a rule (reason <c>policy</c>).</summary>
    /// <param name="target">The recipient.</param>
    /// <param name="metadata">The rule metadata, or <c>null</c> for <c>{}</c>.</param>
    /// <returns>The entry.</returns>
    public static RoutingTarget PolicyBounce(string target, JsonElement? metadata = null) =>
        new(target, null, RoutingReasons.Policy, metadata ?? EmptyMetadata);

    /// <summary>An entry decided by a security verdict (no metadata).</summary>
    /// <param name="target">The recipient.</param>
    /// <param name="reason"><c>auth-fail</c>, <c>spam</c>, <c>virus</c> or <c>dmarc-reject</c>.</param>
    /// <returns>The entry.</returns>
    public static RoutingTarget Verdict(string target, string reason) => new(target, null, reason, null);
}

/// <summary>Writes <see cref="RoutingTarget"/> in its case-dependent shape and reads any of the shapes.</summary>
internal sealed class RoutingTargetJsonConverter : JsonConverter<RoutingTarget>
{
    public override RoutingTarget Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A routing target entry must be a JSON object.");
        }

        string? target = null, destination = null, reason = null;
        JsonElement? metadata = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "target":
                    target = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    break;
                case "destination":
                    destination = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    break;
                case "reason":
                    reason = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    break;
                case "metadata":
                    metadata = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new RoutingTarget(target ?? throw new JsonException("A routing target entry has no \"target\"."), destination, reason, metadata);
    }

    public override void Write(Utf8JsonWriter writer, RoutingTarget value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("target", value.Target);
        if (value.Reason is null)
        {
            writer.WriteString("destination", value.Destination);
        }
        else
        {
            if (value.Destination is not null)
            {
                writer.WriteString("destination", value.Destination);
            }

            writer.WriteString("reason", value.Reason);
        }

        if (value.Metadata is { } metadata)
        {
            writer.WritePropertyName("metadata");
            metadata.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
