namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// How emulated services publish the metrics AWS publishes for them (<c>AWS/SQS</c>, <c>AWS/Lambda</c>,
/// <c>AWS/States</c>, <c>AWS/Events</c> …) into the emulator's CloudWatch, in-process and without a signed request.
/// Semantics are those of one <c>PutMetricData</c> datum
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
/// </summary>
public interface IMetricPublisher
{
    /// <summary>Records one datapoint. Never throws for a well-formed datum; publishing must not fail the work it describes.</summary>
    /// <param name="datum">The datapoint.</param>
    void Publish(MetricDatum datum);
}

/// <summary>One datapoint of one metric.</summary>
/// <param name="Namespace">For example <c>AWS/SQS</c> or <c>SESMail/test</c>.</param>
/// <param name="MetricName">For example <c>ApproximateNumberOfMessagesVisible</c>.</param>
/// <param name="Dimensions">Name/value pairs, at most 30, for example <c>QueueName</c> = <c>ses-mail-bouncer-dlq-test</c>.</param>
/// <param name="Value">The value, in <paramref name="Unit"/>.</param>
/// <param name="Unit">A CloudWatch <c>StandardUnit</c> name: <c>Count</c>, <c>Seconds</c>, <c>Milliseconds</c>, <c>Bytes</c>, <c>None</c> …</param>
/// <param name="Timestamp">When the value was observed.</param>
/// <param name="Region">The region the metric belongs to (a queue's, a function's); <c>null</c> for the emulator's default region.</param>
public sealed record MetricDatum(
    string Namespace,
    string MetricName,
    IReadOnlyList<KeyValuePair<string, string>> Dimensions,
    double Value,
    string Unit,
    DateTimeOffset Timestamp,
    string? Region = null);

/// <summary>Discards every datum: the registration until a CloudWatch implementation replaces it.</summary>
internal sealed class NullMetricPublisher : IMetricPublisher
{
    /// <inheritdoc />
    public void Publish(MetricDatum datum)
    {
    }
}
