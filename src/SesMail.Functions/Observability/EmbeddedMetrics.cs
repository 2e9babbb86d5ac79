using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SesMail.Functions.Observability;

/// <summary>
/// Publishes custom metrics as CloudWatch Embedded Metric Format log lines
/// (<see href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF specification</see>):
/// namespace <c>SESMail/{env}</c>, no dimensions, <c>StorageResolution</c> 60 (docs/ARCHITECTURE.md#logs-metrics-and-traces). Lambda ships stdout to
/// CloudWatch Logs, which extracts the metrics; no client is needed.
/// </summary>
/// <remarks>Thread-safe; publishing never throws (a metric must never fail the work it describes). Each value also goes
/// to the OpenTelemetry counter of the same name (<see cref="FunctionTelemetry"/>).</remarks>
internal sealed class EmbeddedMetrics
{
    /// <summary>EMF allows at most 100 metrics per document.</summary>
    private const int MaxMetricsPerDocument = 100;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where lines go (the function's stdout).</param>
    /// <param name="metricNamespace">The namespace, <c>SESMail/{env}</c>.</param>
    /// <param name="service">Written as a plain (non-dimension) <c>service</c> property for log queries.</param>
    /// <param name="time">The clock for the EMF <c>Timestamp</c>.</param>
    public EmbeddedMetrics(TextWriter output, string metricNamespace, string service, TimeProvider time)
    {
        _output = output;
        Namespace = metricNamespace;
        Service = service;
        _time = time;
    }

    /// <summary>The CloudWatch namespace.</summary>
    public string Namespace { get; }

    /// <summary>The service name written beside the metrics.</summary>
    public string Service { get; }

    /// <summary>Publishes one value of one metric.</summary>
    /// <param name="name">The metric name, e.g. <c>BounceSendSuccess</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="unit">The CloudWatch unit (<c>Count</c>, <c>Seconds</c>, …).</param>
    public void Publish(string name, double value, string unit = "Count") => Publish([new(name, value)], unit);

    /// <summary>Publishes several metrics in as few EMF documents as possible (≤ 100 metrics each).</summary>
    /// <param name="values">Metric name → value, in the order to write them; duplicates are summed.</param>
    /// <param name="unit">The CloudWatch unit shared by all of them.</param>
    public void Publish(IEnumerable<KeyValuePair<string, double>> values, string unit = "Count")
    {
        try
        {
            var merged = new List<KeyValuePair<string, double>>();
            foreach (var pair in values)
            {
                var index = merged.FindIndex(existing => existing.Key == pair.Key);
                if (index >= 0)
                {
                    merged[index] = new(pair.Key, merged[index].Value + pair.Value);
                }
                else
                {
                    merged.Add(pair);
                }
            }

            foreach (var (name, value) in merged)
            {
                FunctionTelemetry.Count(name, value, Service);
            }

            for (var start = 0; start < merged.Count; start += MaxMetricsPerDocument)
            {
                WriteDocument(merged.GetRange(start, Math.Min(MaxMetricsPerDocument, merged.Count - start)), unit);
            }
        }
#pragma warning disable CA1031 // Publishing a metric must never fail the work it describes.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void WriteDocument(List<KeyValuePair<string, double>> metrics, string unit)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws");
            writer.WriteNumber("Timestamp", _time.GetUtcNow().ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace", Namespace);
            writer.WriteStartArray("Dimensions");
            writer.WriteStartArray();
            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            foreach (var metric in metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", metric.Key);
                writer.WriteString("Unit", unit);
                writer.WriteNumber("StorageResolution", 60);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString("service", Service);
            foreach (var metric in metrics)
            {
                writer.WriteNumber(metric.Key, metric.Value);
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
}
