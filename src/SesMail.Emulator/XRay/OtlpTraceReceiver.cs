using System.Text.Json;
using Google.Protobuf;

namespace SesMail.Emulator.XRay;

/// <summary>
/// <c>POST /v1/traces</c>: the OTLP/HTTP trace receiver of the local trace store (docs/TRACING.md), so the local
/// runtime (and anything else pointed at the emulator with <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) can export its
/// spans where <c>sesmail trace</c> and <c>aws xray</c> read them. Accepts <c>application/x-protobuf</c> and
/// <c>application/json</c>; answers an empty <c>ExportTraceServiceResponse</c> (200), or 400 with a message for a body
/// it cannot read, or 415 for another content type.
/// </summary>
internal static class OtlpTraceReceiver
{
    /// <summary>The path OTLP/HTTP exporters post traces to.</summary>
    public const string Path = "/v1/traces";

    /// <summary>Maps the receiver.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapOtlpTraceReceiver(this WebApplication app)
    {
        app.MapPost(Path, async (HttpContext http, TraceStore store) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            var type = http.Request.ContentType ?? string.Empty;
            try
            {
                if (type.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
                {
                    store.Add(OtlpTraceReader.ReadProtobuf(body.GetBuffer().AsSpan(0, (int)body.Length)));
                    return Results.Bytes([], "application/x-protobuf");
                }

                if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    store.Add(OtlpTraceReader.ReadJson(body.GetBuffer().AsSpan(0, (int)body.Length)));
                    return Results.Text("{}", "application/json");
                }
            }
            catch (Exception error) when (error is InvalidProtocolBufferException or JsonException or FormatException or ArgumentException or InvalidOperationException)
            {
                return Results.Text($"The OTLP trace export could not be read: {error.Message}", "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Text("OTLP/HTTP traces are accepted as application/x-protobuf or application/json.", "text/plain", statusCode: StatusCodes.Status415UnsupportedMediaType);
        });
        return app;
    }
}
