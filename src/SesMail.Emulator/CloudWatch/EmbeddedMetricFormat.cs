using System.Text.Json;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Reads CloudWatch Embedded Metric Format documents out of log events, as CloudWatch Logs does for every log group
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
/// a JSON object whose <c>_aws</c> member carries <c>Timestamp</c> (epoch milliseconds) and <c>CloudWatchMetrics</c>,
/// a list of directives (<c>Namespace</c>, <c>Dimensions</c> as dimension sets of root member names,
/// <c>Metrics</c> as <c>Name</c>/<c>Unit</c>/<c>StorageResolution</c>). Each metric's value is the root member of
/// its name: a number, or an array of up to 100 numbers. One datum is produced per value and dimension set.
/// </summary>
/// <remarks>
/// An event that is not a valid EMF document stays an ordinary log event and produces no metric, as in AWS. Invalid
/// parts (a dimension that is not a string member, a metric without a numeric value) drop that metric or dimension
/// set only. <c>StorageResolution</c> is read and checked (1 or 60) but every datum is stored at full resolution.
/// </remarks>
internal static class EmbeddedMetricFormat
{
    private const int MaxMetricsPerDirective = 100;
    private const int MaxValuesPerMetric = 100;
    private const int MaxDimensionsPerSet = 30;

    /// <summary>Extracts the metrics of one log event.</summary>
    /// <param name="message">The event's message.</param>
    /// <param name="eventTimestamp">The event's own timestamp, used when <c>_aws.Timestamp</c> is absent.</param>
    /// <returns>The datapoints; empty when the message is not EMF.</returns>
    public static IReadOnlyList<MetricDatum> Extract(string message, DateTimeOffset eventTimestamp)
    {
        var span = message.AsSpan().TrimStart();
        if (span.Length == 0 || span[0] != '{' || !message.Contains("\"_aws\"", StringComparison.Ordinal))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(message);
            return Extract(document.RootElement, eventTimestamp);
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static List<MetricDatum> Extract(JsonElement root, DateTimeOffset eventTimestamp)
    {
        var result = new List<MetricDatum>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object
            || !aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        var timestamp = aws.TryGetProperty("Timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : eventTimestamp;
        foreach (var directive in directives.EnumerateArray())
        {
            if (directive.ValueKind != JsonValueKind.Object
                || !directive.TryGetProperty("Namespace", out var ns) || ns.ValueKind != JsonValueKind.String || ns.GetString() is not { Length: > 0 and <= 255 } metricNamespace
                || !directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array || metrics.GetArrayLength() > MaxMetricsPerDirective)
            {
                continue;
            }

            var dimensionSets = DimensionSets(root, directive);
            foreach (var metric in metrics.EnumerateArray())
            {
                if (metric.ValueKind != JsonValueKind.Object || !metric.TryGetProperty("Name", out var nameElement) || nameElement.GetString() is not { Length: > 0 } name)
                {
                    continue;
                }

                var unit = metric.TryGetProperty("Unit", out var u) && u.ValueKind == JsonValueKind.String && MetricUnits.IsValid(u.GetString()!) ? u.GetString()! : "None";
                if (metric.TryGetProperty("StorageResolution", out var resolution) && !(resolution.TryGetInt32(out var r) && r is 1 or 60))
                {
                    continue;
                }

                foreach (var value in Values(root, name))
                {
                    foreach (var dimensions in dimensionSets)
                    {
                        result.Add(new MetricDatum(metricNamespace, name, dimensions, value, unit, timestamp));
                    }
                }
            }
        }

        return result;
    }

    private static List<IReadOnlyList<KeyValuePair<string, string>>> DimensionSets(JsonElement root, JsonElement directive)
    {
        var sets = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        if (!directive.TryGetProperty("Dimensions", out var dimensions) || dimensions.ValueKind != JsonValueKind.Array || dimensions.GetArrayLength() == 0)
        {
            sets.Add([]);
            return sets;
        }

        foreach (var set in dimensions.EnumerateArray())
        {
            if (set.ValueKind != JsonValueKind.Array || set.GetArrayLength() > MaxDimensionsPerSet)
            {
                continue;
            }

            var pairs = new List<KeyValuePair<string, string>>();
            var valid = true;
            foreach (var key in set.EnumerateArray())
            {
                if (key.GetString() is not { } name || !root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
                {
                    valid = false;
                    break;
                }

                pairs.Add(new(name, value.GetString()!));
            }

            if (valid)
            {
                sets.Add(pairs);
            }
        }

        return sets;
    }

    private static List<double> Values(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var member))
        {
            return [];
        }

        if (member.ValueKind == JsonValueKind.Number)
        {
            return [member.GetDouble()];
        }

        if (member.ValueKind == JsonValueKind.Array && member.GetArrayLength() <= MaxValuesPerMetric)
        {
            var values = member.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToList();
            return values.Count == member.GetArrayLength() ? values : [];
        }

        return [];
    }
}
