using System.Text.Json;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;

namespace SesMail.Functions.OutboundMetrics;

/// <summary>
/// The outbound metrics publisher: counts the SES events of mail sent through SesMail's configuration set and publishes
/// them as CloudWatch metrics, which the bounce-rate and complaint-rate alarms read (docs/SENDING.md, "Outbound metrics").
/// Handler: <c>SesMail.Functions::SesMail.Functions.OutboundMetrics.OutboundMetricsFunction::HandleAsync</c>.
/// </summary>
/// <remarks>
/// <para>Input: an SNS event whose messages are SES event-publishing records. Output: <c>{}</c>.</para>
/// <para>Each record's <c>eventType</c> (compared without case) adds one to: <c>Send</c> → <c>OutboundSend</c>,
/// <c>Delivery</c> → <c>OutboundDelivery</c>, <c>Bounce</c> → <c>OutboundBounce</c> and <c>OutboundBounceHard</c>
/// (<c>Permanent</c>) or <c>OutboundBounceSoft</c> (<c>Transient</c>), <c>Complaint</c> → <c>OutboundComplaint</c>,
/// <c>Reject</c> → <c>OutboundReject</c>; other types are ignored and a record that is not JSON is logged and skipped. The
/// counts of the invocation that are not zero go out with <c>PutMetricData</c> (namespace <c>SESMail/{env}</c>, no
/// dimensions, unit <c>Count</c>, at most 20 a call, no timestamp: CloudWatch's receipt time). A <c>PutMetricData</c>
/// error fails the invocation, so Lambda retries the asynchronous event.</para>
/// <para>IAM: <c>cloudwatch:PutMetricData</c>, which names no resource (<c>Resource: "*"</c>), limited by the condition
/// <c>cloudwatch:namespace</c> = <c>SESMail/{env}</c>.</para>
/// </remarks>
public sealed class OutboundMetricsFunction : IDisposable
{
    /// <summary>The structured-log <c>service</c> name.</summary>
    public const string ServiceName = "ses-mail-outbound-metrics";

    /// <summary>CloudWatch's limit of metric data per <c>PutMetricData</c> call that this function keeps to.</summary>
    public const int MaxDatumsPerCall = 20;

    private readonly FunctionServices _services;
    private readonly StructuredLogger _logger;
    private readonly IAmazonCloudWatch _cloudWatch;
    private readonly string _namespace;

    /// <summary>Creates the function from the process environment (what the Lambda runtime calls).</summary>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed.</exception>
    public OutboundMetricsFunction()
        : this(FunctionSettings.FromProcessEnvironment())
    {
    }

    /// <summary>Creates the function from explicit settings (local runtime, tests).</summary>
    /// <param name="settings">The function's environment variables.</param>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed.</exception>
    public OutboundMetricsFunction(FunctionSettings settings)
        : this(OutboundMetricsOptions.From(settings))
    {
    }

    private OutboundMetricsFunction(OutboundMetricsOptions options)
        : this(options, new FunctionServices(options.Aws))
    {
    }

    /// <summary>Creates the function over composed services, optionally with another CloudWatch client (tests).</summary>
    /// <param name="options">The function's settings.</param>
    /// <param name="services">Clients, output and clock.</param>
    /// <param name="cloudWatch">The metrics client; default the services' CloudWatch.</param>
    internal OutboundMetricsFunction(OutboundMetricsOptions options, FunctionServices services, IAmazonCloudWatch? cloudWatch = null)
    {
        _services = services;
        _logger = services.CreateLogger(ServiceName);
        _cloudWatch = cloudWatch ?? services.CloudWatch;
        _namespace = $"SESMail/{options.Environment}";
    }

    /// <summary>Counts one SNS event's SES events and publishes the counts.</summary>
    /// <param name="input">JSON: an SNS event.</param>
    /// <returns>JSON: <c>{}</c>.</returns>
    /// <exception cref="JsonException">The input is not an SNS event.</exception>
    /// <exception cref="AmazonCloudWatchException"><c>PutMetricData</c> failed (Lambda retries the event).</exception>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>Counts one SNS event's SES events and publishes the counts.</summary>
    /// <param name="input">JSON: an SNS event.</param>
    /// <param name="cancellationToken">Cancels the CloudWatch calls.</param>
    /// <returns>JSON: <c>{}</c>.</returns>
    internal async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var snsEvent = await JsonSerializer.DeserializeAsync(input, LambdaEventsJsonContext.Default.SnsEvent, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The outbound metrics publisher expects an SNS event, not JSON null.");
        var counts = Count(snsEvent);
        var data = counts.Where(c => c.Value > 0).Select(c => new MetricDatum { MetricName = c.Key, Value = c.Value, Unit = "Count" }).ToList();
        for (var start = 0; start < data.Count; start += MaxDatumsPerCall)
        {
            await _cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = _namespace, MetricData = data.GetRange(start, Math.Min(MaxDatumsPerCall, data.Count - start)) }, cancellationToken).ConfigureAwait(false);
        }

        if (data.Count > 0)
        {
            _logger.Info("Outbound SES events counted", [.. data.Select(d => new LogField(d.MetricName, d.Value))]);
        }

        return new MemoryStream("{}"u8.ToArray());
    }

    /// <summary>The metric counts of one SNS event (every metric present, zero when none).</summary>
    /// <param name="snsEvent">The event.</param>
    /// <returns>Metric name → count, in a fixed order.</returns>
    internal Dictionary<string, double> Count(SnsEvent snsEvent)
    {
        var counts = new[] { "OutboundSend", "OutboundDelivery", "OutboundBounce", "OutboundBounceHard", "OutboundBounceSoft", "OutboundComplaint", "OutboundReject" }
            .ToDictionary(n => n, _ => 0d, StringComparer.Ordinal);
        foreach (var record in snsEvent.Records ?? [])
        {
            SesEventSummary? summary;
            try
            {
                summary = JsonSerializer.Deserialize(record.Sns.Message, FunctionsJsonContext.Default.SesEventSummary);
            }
            catch (JsonException error)
            {
                _logger.Warning("SNS message is not an SES event; skipped", new LogField("messageId", record.Sns.MessageId), new LogField("error", error.Message));
                continue;
            }

            switch ((summary?.EventType ?? summary?.NotificationType)?.ToUpperInvariant())
            {
                case "SEND":
                    counts["OutboundSend"]++;
                    break;
                case "DELIVERY":
                    counts["OutboundDelivery"]++;
                    break;
                case "BOUNCE":
                    counts["OutboundBounce"]++;
                    switch (summary!.Bounce?.BounceType)
                    {
                        case "Permanent":
                            counts["OutboundBounceHard"]++;
                            break;
                        case "Transient":
                            counts["OutboundBounceSoft"]++;
                            break;
                    }

                    break;
                case "COMPLAINT":
                    counts["OutboundComplaint"]++;
                    break;
                case "REJECT":
                    counts["OutboundReject"]++;
                    break;
            }
        }

        return counts;
    }

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();
}
