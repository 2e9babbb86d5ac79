using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sns;
using SesMail.Emulator.Sns.Shapes;

namespace SesMail.Emulator.CloudWatch;

/// <summary>Where alarm actions deliver: an SNS topic, in-process.</summary>
internal interface IAlarmNotifier
{
    /// <summary>Publishes one alarm notification to a topic.</summary>
    /// <param name="topicArn">The action's topic ARN.</param>
    /// <param name="subject">The subject, e.g. <c>ALARM: "x" in Asia Pacific (Sydney)</c> (at most 100 characters).</param>
    /// <param name="message">The standard alarm notification JSON (what SQS, Lambda and HTTP subscribers receive).</param>
    /// <param name="emailText">The text an <c>email</c> subscription receives instead.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when SNS accepted the message.</returns>
    /// <exception cref="AwsServiceException">SNS refused it (for example <c>NotFound</c> for a missing topic).</exception>
    Task NotifyAsync(string topicArn, string subject, string message, string emailText, CancellationToken cancellationToken);
}

/// <summary>
/// Publishes alarm notifications through the emulator's SNS as CloudWatch does: one <c>Publish</c> with
/// <c>MessageStructure=json</c>, the notification JSON as <c>default</c> and the readable text as <c>email</c>.
/// </summary>
internal sealed class SnsAlarmNotifier(SnsProvider sns, Hosting.EmulatorOptions options) : IAlarmNotifier
{
    /// <inheritdoc />
    public async Task NotifyAsync(string topicArn, string subject, string message, string emailText, CancellationToken cancellationToken)
    {
        var region = topicArn.Split(':') is { Length: > 3 } parts ? parts[3] : options.DefaultRegion;
        var context = new AwsRequestContext(region, options.AccountId, Guid.NewGuid().ToString(), $"http://{options.BindAddress}:{options.Port}", null);
        var structured = new JsonObject { ["default"] = message, ["email"] = emailText }.ToJsonString();
        await sns.PublishAsync(new PublishRequest(topicArn, null, null, structured, subject, "json", null, null, null), context, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// The standard alarm notification (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html):
/// the JSON CloudWatch publishes to an SNS action, its subject, and the text an email subscriber reads.
/// </summary>
internal static class AlarmNotification
{

    private static readonly Dictionary<string, string> RegionNames = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "US East (N. Virginia)",
        ["us-east-2"] = "US East (Ohio)",
        ["us-west-1"] = "US West (N. California)",
        ["us-west-2"] = "US West (Oregon)",
        ["ap-southeast-1"] = "Asia Pacific (Singapore)",
        ["ap-southeast-2"] = "Asia Pacific (Sydney)",
        ["ap-northeast-1"] = "Asia Pacific (Tokyo)",
        ["ap-south-1"] = "Asia Pacific (Mumbai)",
        ["ca-central-1"] = "Canada (Central)",
        ["eu-central-1"] = "EU (Frankfurt)",
        ["eu-west-1"] = "EU (Ireland)",
        ["eu-west-2"] = "EU (London)",
        ["eu-west-3"] = "EU (Paris)",
        ["eu-north-1"] = "EU (Stockholm)",
        ["sa-east-1"] = "South America (Sao Paulo)",
    };

    /// <summary>The region's long name as notifications write it (<c>Asia Pacific (Sydney)</c>), or its code.</summary>
    public static string RegionName(string region) => RegionNames.GetValueOrDefault(region, region);

    /// <summary>Builds the subject, the JSON message and the email text of a state change.</summary>
    /// <param name="alarm">The alarm, already in its new state.</param>
    /// <param name="oldState">The state it left.</param>
    /// <param name="triggeringChildren">For a composite alarm, the children whose change triggered it.</param>
    /// <param name="accountId">The account id.</param>
    /// <returns>Subject, message JSON, email text.</returns>
    public static (string Subject, string Message, string Email) Build(AlarmRecord alarm, string oldState, IReadOnlyList<AlarmRecord> triggeringChildren, string accountId)
    {
        var regionName = RegionName(alarm.Region);
        var subject = $"{alarm.StateValue}: \"{alarm.AlarmName}\" in {regionName}";
        if (subject.Length > 100)
        {
            subject = subject[..100];
        }

        var json = new JsonObject
        {
            ["AlarmName"] = alarm.AlarmName,
            ["AlarmDescription"] = alarm.AlarmDescription,
            ["AWSAccountId"] = accountId,
            ["AlarmConfigurationUpdatedTimestamp"] = AlarmEvaluator.Iso(alarm.AlarmConfigurationUpdatedTimestamp),
            ["NewStateValue"] = alarm.StateValue,
            ["NewStateReason"] = alarm.StateReason,
            ["StateChangeTime"] = AlarmEvaluator.Iso(alarm.StateTransitionedTimestamp),
            ["Region"] = regionName,
            ["AlarmArn"] = alarm.AlarmArn,
            ["OldStateValue"] = oldState,
            ["OKActions"] = Strings(alarm.OKActions),
            ["AlarmActions"] = Strings(alarm.AlarmActions),
            ["InsufficientDataActions"] = Strings(alarm.InsufficientDataActions),
        };
        if (alarm.Metric is { } m)
        {
            json["Trigger"] = Trigger(m);
        }
        else if (alarm.Composite is { } c)
        {
            json["AlarmRule"] = c.AlarmRule;
            json["TriggeringChildren"] = new JsonArray([.. triggeringChildren.Select(t => (JsonNode)new JsonObject
            {
                ["Arn"] = t.AlarmArn,
                ["State"] = new JsonObject { ["Value"] = t.StateValue, ["Timestamp"] = AlarmEvaluator.Iso(t.StateTransitionedTimestamp) },
            })]);
        }

        return (subject, JsonBody.Text(json), Email(alarm, oldState, regionName, accountId));
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static JsonObject Trigger(PutMetricAlarmRequest m)
    {
        var trigger = new JsonObject();
        if (m.Metrics is { Count: > 0 } queries)
        {
            trigger["Period"] = m.Period ?? queries.Select(q => q.MetricStat?.Period).FirstOrDefault(p => p is not null);
            trigger["EvaluationPeriods"] = m.EvaluationPeriods;
            trigger["DatapointsToAlarm"] = m.DatapointsToAlarm ?? m.EvaluationPeriods;
            trigger["ComparisonOperator"] = m.ComparisonOperator;
            trigger["Threshold"] = m.Threshold;
            trigger["TreatMissingData"] = m.TreatMissingData ?? "missing";
            trigger["EvaluateLowSampleCountPercentile"] = m.EvaluateLowSampleCountPercentile ?? string.Empty;
            trigger["Metrics"] = new JsonArray([.. queries.Select(q =>
            {
                var node = new JsonObject { ["Id"] = q.Id };
                if (q.Expression is not null)
                {
                    node["Expression"] = q.Expression;
                }

                if (q.Label is not null)
                {
                    node["Label"] = q.Label;
                }

                if (q.MetricStat is { } stat)
                {
                    node["MetricStat"] = new JsonObject
                    {
                        ["Metric"] = new JsonObject
                        {
                            ["Dimensions"] = Dimensions(stat.Metric?.Dimensions),
                            ["MetricName"] = stat.Metric?.MetricName,
                            ["Namespace"] = stat.Metric?.Namespace,
                        },
                        ["Period"] = stat.Period,
                        ["Stat"] = stat.Stat,
                    };
                }

                node["ReturnData"] = q.ReturnData ?? true;
                return (JsonNode)node;
            })]);
            return trigger;
        }

        trigger["MetricName"] = m.MetricName;
        trigger["Namespace"] = m.Namespace;
        trigger["StatisticType"] = m.Statistic is not null ? "Statistic" : "ExtendedStatistic";
        trigger["Statistic"] = m.Statistic?.ToUpperInvariant() ?? m.ExtendedStatistic;
        trigger["Unit"] = m.Unit;
        trigger["Dimensions"] = Dimensions(m.Dimensions);
        trigger["Period"] = m.Period;
        trigger["EvaluationPeriods"] = m.EvaluationPeriods;
        trigger["DatapointsToAlarm"] = m.DatapointsToAlarm ?? m.EvaluationPeriods;
        trigger["ComparisonOperator"] = m.ComparisonOperator;
        trigger["Threshold"] = m.Threshold;
        trigger["TreatMissingData"] = m.TreatMissingData ?? "missing";
        trigger["EvaluateLowSampleCountPercentile"] = m.EvaluateLowSampleCountPercentile ?? string.Empty;
        return trigger;
    }

    private static JsonArray Dimensions(IReadOnlyList<Dimension>? dimensions) =>
        new([.. (dimensions ?? []).Select(d => (JsonNode)new JsonObject { ["value"] = d.Value, ["name"] = d.Name })]);

    private static string Email(AlarmRecord alarm, string oldState, string regionName, string accountId)
    {
        var at = alarm.StateTransitionedTimestamp.UtcDateTime.ToString("dddd dd MMMM, yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"You are receiving this email because your Amazon CloudWatch Alarm \"{alarm.AlarmName}\" in the {regionName} region has entered the {alarm.StateValue} state, because \"{alarm.StateReason}\" at \"{at}\".\n\n");
        text.Append("Alarm Details:\n");
        text.Append(CultureInfo.InvariantCulture, $"- Name:                       {alarm.AlarmName}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Description:                {alarm.AlarmDescription}\n");
        text.Append(CultureInfo.InvariantCulture, $"- State Change:               {oldState} -> {alarm.StateValue}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Reason for State Change:    {alarm.StateReason}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Timestamp:                  {at}\n");
        text.Append(CultureInfo.InvariantCulture, $"- AWS Account:                {accountId}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Alarm Arn:                  {alarm.AlarmArn}\n\n");
        if (alarm.Metric is { } m)
        {
            var period = m.Period ?? m.Metrics?.Select(q => q.MetricStat?.Period).FirstOrDefault(p => p is not null);
            text.Append("Threshold:\n");
            text.Append(CultureInfo.InvariantCulture, $"- The alarm is in the ALARM state when the metric is {m.ComparisonOperator} {MetricMath.Describe(m.Threshold ?? 0)} for at least {m.DatapointsToAlarm ?? m.EvaluationPeriods} of the last {m.EvaluationPeriods} period(s) of {period} seconds.\n\n");
            text.Append("Monitored Metric:\n");
            if (m.Metrics is { Count: > 0 } queries)
            {
                foreach (var q in queries)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- {q.Id}: {q.Expression ?? $"{q.MetricStat?.Metric?.Namespace} {q.MetricStat?.Metric?.MetricName} {q.MetricStat?.Stat}"}\n");
                }
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"- MetricNamespace:                     {m.Namespace}\n");
                text.Append(CultureInfo.InvariantCulture, $"- MetricName:                          {m.MetricName}\n");
                text.Append(CultureInfo.InvariantCulture, $"- Dimensions:                          {string.Join(" ", (m.Dimensions ?? []).Select(d => $"[{d.Name} = {d.Value}]"))}\n");
                text.Append(CultureInfo.InvariantCulture, $"- Period:                              {m.Period} seconds\n");
                text.Append(CultureInfo.InvariantCulture, $"- Statistic:                           {m.Statistic ?? m.ExtendedStatistic}\n");
                text.Append(CultureInfo.InvariantCulture, $"- Unit:                                {m.Unit ?? "not specified"}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"- TreatMissingData:                    {m.TreatMissingData ?? "missing"}\n\n");
        }
        else if (alarm.Composite is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $"Alarm Rule:\n- {c.AlarmRule}\n\n");
        }

        text.Append("State Change Actions:\n");
        text.Append(CultureInfo.InvariantCulture, $"- OK: {string.Join(", ", alarm.OKActions)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- ALARM: {string.Join(", ", alarm.AlarmActions)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- INSUFFICIENT_DATA: {string.Join(", ", alarm.InsufficientDataActions)}\n");
        return text.ToString();
    }
}
