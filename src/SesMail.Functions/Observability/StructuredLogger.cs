using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SesMail.Functions.Observability;

/// <summary>
/// Writes one JSON object per line (docs/ARCHITECTURE.md#logs-metrics-and-traces): <c>timestamp</c> (ISO-8601 UTC, milliseconds), <c>level</c>
/// (<c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c>), <c>service</c>, <c>message</c>, <c>xray_trace_id</c>
/// (the X-Ray form of the current span's trace, else the <c>Root</c> of <c>_X_AMZN_TRACE_ID</c>, or <c>null</c>), and
/// within a span <c>trace_id</c> and <c>span_id</c> (W3C hex, as OTLP exporters show them), then the named fields in
/// the order given, then <c>messageId</c> (the correlation id, <see cref="FunctionTelemetry.CorrelationId"/>) when the
/// fields name none, and for errors <c>exception_name</c> and <c>exception</c>, with <c>error_code</c> (the AWS error
/// code, e.g. <c>AccessDeniedException</c>) when an AWS service refused the call.
/// </summary>
/// <remarks>Thread-safe; a failure to write a log line never propagates to the caller.</remarks>
internal sealed class StructuredLogger
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private readonly TextWriter _output;
    private readonly Func<string?> _traceHeader;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Creates a logger for one service.</summary>
    /// <param name="output">Where lines go (the function's stdout).</param>
    /// <param name="service">The service name, e.g. <c>ses-mail-router-enrichment</c>.</param>
    /// <param name="traceHeader">Returns the current X-Ray trace header (<c>Root=…;Parent=…;Sampled=…</c>) or <c>null</c>.</param>
    /// <param name="time">The clock.</param>
    public StructuredLogger(TextWriter output, string service, Func<string?> traceHeader, TimeProvider time)
    {
        _output = output;
        Service = service;
        _traceHeader = traceHeader;
        _time = time;
    }

    /// <summary>The <c>service</c> written on every line.</summary>
    public string Service { get; }

    /// <summary>Writes a DEBUG line.</summary>
    /// <param name="message">The <c>message</c> text.</param>
    /// <param name="fields">Named fields.</param>
    public void Debug(string message, params ReadOnlySpan<LogField> fields) => Write("DEBUG", message, null, fields);

    /// <summary>Writes an INFO line.</summary>
    /// <param name="message">The <c>message</c> text.</param>
    /// <param name="fields">Named fields.</param>
    public void Info(string message, params ReadOnlySpan<LogField> fields) => Write("INFO", message, null, fields);

    /// <summary>Writes a WARNING line.</summary>
    /// <param name="message">The <c>message</c> text.</param>
    /// <param name="fields">Named fields.</param>
    public void Warning(string message, params ReadOnlySpan<LogField> fields) => Write("WARNING", message, null, fields);

    /// <summary>Writes an ERROR line.</summary>
    /// <param name="message">The <c>message</c> text.</param>
    /// <param name="exception">The exception, if any (its type and text are added).</param>
    /// <param name="fields">Named fields.</param>
    public void Error(string message, Exception? exception, params ReadOnlySpan<LogField> fields) => Write("ERROR", message, exception, fields);

    /// <summary>The X-Ray trace id (<c>1-…-…</c>) from a trace header, or <c>null</c>.</summary>
    /// <param name="header">A header such as <c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>.</param>
    /// <returns>The <c>Root</c> value.</returns>
    public static string? TraceIdFrom(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal))
            {
                return part[5..];
            }
        }

        return null;
    }

    /// <summary>The AWS error code of the exception or one it wraps (<c>AccessDeniedException</c>, <c>ThrottlingException</c>…), or <c>null</c>.</summary>
    private static string? AwsErrorCode(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Amazon.Runtime.AmazonServiceException { ErrorCode: { Length: > 0 } code })
            {
                return code;
            }
        }

        return null;
    }

    private void Write(string level, string message, Exception? exception, ReadOnlySpan<LogField> fields)
    {
        try
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("timestamp", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                writer.WriteString("level", level);
                writer.WriteString("service", Service);
                writer.WriteString("message", message);
                var activity = System.Diagnostics.Activity.Current;
                writer.WriteString("xray_trace_id", activity is null ? TraceIdFrom(_traceHeader()) : SesMail.LambdaRuntime.XRayTraceHeader.ToXRayTraceId(activity.TraceId));
                if (activity is not null)
                {
                    writer.WriteString("trace_id", activity.TraceId.ToHexString());
                    writer.WriteString("span_id", activity.SpanId.ToHexString());
                }

                var hasMessageId = false;
                foreach (var field in fields)
                {
                    field.WriteTo(writer);
                    hasMessageId |= field.Name == "messageId";
                }

                if (!hasMessageId && FunctionTelemetry.CorrelationId is { } correlation)
                {
                    writer.WriteString("messageId", correlation);
                }

                if (exception is not null)
                {
                    writer.WriteString("exception_name", exception.GetType().Name);
                    if (AwsErrorCode(exception) is { } code)
                    {
                        writer.WriteString("error_code", code);
                    }

                    writer.WriteString("exception", exception.ToString());
                }

                writer.WriteEndObject();
            }

            var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
            lock (_gate)
            {
                _output.WriteLine(line);
                _output.Flush();
            }
        }
#pragma warning disable CA1031 // Logging must never fail the work it describes.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
