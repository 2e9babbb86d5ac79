using System.Text.Json.Serialization;

namespace SesMail.Emulator.Hosting;

/// <summary>Body of <c>GET /_sesmail/health</c>: <c>{"status":"running","services":["s3","sqs",…]}</c>.</summary>
/// <param name="Status">Always <c>running</c> once the listener answers.</param>
/// <param name="Services">Signing names of the emulated services, sorted.</param>
public sealed record EmulatorHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("services")] IReadOnlyList<string> Services);

[JsonSerializable(typeof(EmulatorHealth))]
internal sealed partial class EmulatorHostingJsonContext : JsonSerializerContext;
