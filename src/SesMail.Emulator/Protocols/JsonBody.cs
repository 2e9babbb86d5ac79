using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// How the emulator writes JSON that no browser renders: API response bodies, the bodies and events it delivers, and its
/// own journal files. <c>"</c> is written as <c>\"</c>, and <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, <c>+</c>, <c>'</c>
/// and the characters of the Basic Multilingual Plane as they are, as AWS's services write them; control characters,
/// U+2028/U+2029, format characters such as U+00AD and characters beyond U+FFFF (an emoji) are still written as
/// <c>\uXXXX</c> escapes (<see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>). The default encoder writes a
/// <c>"</c> inside a string as <c>\u0022</c>, which makes a message body that carries JSON (an SNS envelope in SQS, a
/// notification inside it) about twice as long, on the wire and in the journal.
/// </summary>
internal static class JsonBody
{
    /// <summary>Writer options: compact, with the relaxed escaping described above.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The same escaping for <see cref="JsonNode.ToJsonString(JsonSerializerOptions?)"/>.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of <paramref name="body"/>, for a message body or a field that carries JSON.</summary>
    /// <remarks>A <see cref="JsonValue"/> holding a string gives the quoted, escaped string.</remarks>
    /// <param name="body">The document.</param>
    /// <returns>The text.</returns>
    public static string Text(JsonNode body) => body.ToJsonString(SerializerOptions);

    /// <summary>The UTF-8 JSON text of <paramref name="body"/>.</summary>
    /// <param name="body">The document.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Bytes(JsonNode body) => Write(writer => body.WriteTo(writer)).WrittenSpan.ToArray();

    /// <summary>The UTF-8 JSON text of <paramref name="value"/> (a Lambda event payload, for one).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="type">Its source-generated contract.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Bytes<T>(T value, JsonTypeInfo<T> type) =>
        Write(writer => JsonSerializer.Serialize(writer, value, type)).WrittenSpan.ToArray();

    /// <summary>Writes <paramref name="body"/> as the whole response body, with its <c>Content-Length</c>.</summary>
    /// <param name="response">The response; status and content type already set.</param>
    /// <param name="body">The document.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public static async Task WriteAsync(HttpResponse response, JsonNode body, CancellationToken cancellationToken)
    {
        var buffer = Write(writer => body.WriteTo(writer));
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static ArrayBufferWriter<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return buffer;
    }
}
