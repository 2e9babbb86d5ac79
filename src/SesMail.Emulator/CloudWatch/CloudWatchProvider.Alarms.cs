using System.Text.Json;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>Alarm operations: put, describe, history, state, actions, delete, tags.</summary>
internal sealed partial class CloudWatchProvider
{
    private static readonly HashSet<string> ComparisonOperators = new(StringComparer.Ordinal)
    {
        "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
    };

    private static readonly HashSet<string> AnomalyOperators = new(StringComparer.Ordinal)
    {
        "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold",
    };

    private static readonly HashSet<string> MissingDataTreatments = new(StringComparer.Ordinal) { "breaching", "notBreaching", "ignore", "missing" };

    private static readonly HashSet<string> StateValues = new(StringComparer.Ordinal) { "OK", "ALARM", "INSUFFICIENT_DATA" };

    public EmptyResult PutMetricAlarm(PutMetricAlarmRequest request, AwsRequestContext context)
    {
        var name = CheckAlarmName(request.AlarmName);
        var evaluationPeriods = request.EvaluationPeriods ?? throw CloudWatchErrors.MissingParameter("EvaluationPeriods");
        var op = request.ComparisonOperator ?? throw CloudWatchErrors.MissingParameter("ComparisonOperator");
        if (AnomalyOperators.Contains(op) || request.ThresholdMetricId is not null)
        {
            throw CloudWatchErrors.InvalidParameterValue($"Anomaly detection alarms ({op}, ThresholdMetricId) are not emulated by SesMail.Emulator.");
        }

        if (!ComparisonOperators.Contains(op))
        {
            throw CloudWatchErrors.Validation($"1 validation error detected: Value '{op}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ComparisonOperators.Concat(AnomalyOperators))}]");
        }

        if (request.Threshold is null)
        {
            throw CloudWatchErrors.InvalidParameterCombination("Threshold must be specified.");
        }

        if (evaluationPeriods < 1)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter EvaluationPeriods must be greater than or equal to 1.");
        }

        if (request.DatapointsToAlarm is { } m && (m < 1 || m > evaluationPeriods))
        {
            throw CloudWatchErrors.Validation("DatapointsToAlarm must be between 1 and EvaluationPeriods.");
        }

        if (request.TreatMissingData is { } missing && !MissingDataTreatments.Contains(missing))
        {
            throw CloudWatchErrors.Validation($"1 validation error detected: Value '{missing}' at 'treatMissingData' failed to satisfy constraint: Member must be one of breaching, notBreaching, ignore, missing.");
        }

        CheckActions(request.AlarmActions, "AlarmActions");
        CheckActions(request.OKActions, "OKActions");
        CheckActions(request.InsufficientDataActions, "InsufficientDataActions");

        int period;
        if (request.Metrics is { Count: > 0 } queries)
        {
            if (request.MetricName is not null || request.Namespace is not null || request.Statistic is not null || request.ExtendedStatistic is not null
                || request.Dimensions is { Count: > 0 } || request.Period is not null || request.Unit is not null)
            {
                throw CloudWatchErrors.InvalidParameterCombination("The parameters MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions, Period and Unit cannot be used with Metrics.");
            }

            if (queries.Count(q => q.ReturnData != false) != 1)
            {
                throw CloudWatchErrors.Validation("Exactly one element of the metrics list should return data.");
            }

            period = queries.Select(q => q.MetricStat?.Period).FirstOrDefault(p => p is not null)
                ?? throw CloudWatchErrors.Validation("A metric math alarm needs at least one MetricStat query (its Period is the alarm's period).");
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            queryEngine.Evaluate(queries, now - period, now, MetricQueries.CheckPeriod(period, "Metrics.member.1.MetricStat.Period"), context.Region, "Metrics");
        }
        else
        {
            if (request.MetricName is null)
            {
                throw CloudWatchErrors.MissingParameter("MetricName");
            }

            if (request.Namespace is null)
            {
                throw CloudWatchErrors.MissingParameter("Namespace");
            }

            if ((request.Statistic is null) == (request.ExtendedStatistic is null))
            {
                throw CloudWatchErrors.InvalidParameterCombination("Exactly one of Statistic and ExtendedStatistic must be specified.");
            }

            if (request.Statistic is { } s && !Statistics.Simple.Contains(s))
            {
                throw CloudWatchErrors.Validation($"1 validation error detected: Value '{s}' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]");
            }

            if (request.ExtendedStatistic is { } e && Statistics.Percentile(e) is null)
            {
                throw CloudWatchErrors.InvalidParameterValue($"The value {e} for parameter ExtendedStatistic is not supported: SesMail.Emulator computes percentiles (p0-p100) only.");
            }

            if (request.Unit is { } unit && !MetricUnits.IsValid(unit))
            {
                throw CloudWatchErrors.InvalidParameterValue($"The value {unit} for parameter Unit is invalid.");
            }

            MetricQueries.CheckDimensions(request.Dimensions, "Dimensions");
            period = MetricQueries.CheckPeriod(request.Period ?? throw CloudWatchErrors.MissingParameter("Period"), "Period");
        }

        if ((long)period * evaluationPeriods > 7 * 86_400)
        {
            throw CloudWatchErrors.Validation("The evaluation period of the alarm (Period × EvaluationPeriods) cannot exceed 7 days.");
        }

        PutAlarm(context, name, request, null, request.ActionsEnabled ?? true, request.Tags);
        return EmptyResult.Instance;
    }

    public EmptyResult PutCompositeAlarm(PutCompositeAlarmRequest request, AwsRequestContext context)
    {
        var name = CheckAlarmName(request.AlarmName);
        var ruleText = request.AlarmRule ?? throw CloudWatchErrors.MissingParameter("AlarmRule");
        if (ruleText.Length is 0 or > 10_240)
        {
            throw CloudWatchErrors.InvalidParameterValue("The AlarmRule must be between 1 and 10240 characters.");
        }

        if (request.ActionsSuppressor is not null)
        {
            throw CloudWatchErrors.InvalidParameterValue("ActionsSuppressor is not emulated by SesMail.Emulator.");
        }

        CompositeAlarmRule rule;
        try
        {
            rule = CompositeAlarmRule.Parse(ruleText);
        }
        catch (FormatException error)
        {
            throw CloudWatchErrors.Validation($"Error in the AlarmRule: {error.Message}");
        }

        CheckActions(request.AlarmActions, "AlarmActions");
        CheckActions(request.OKActions, "OKActions");
        CheckActions(request.InsufficientDataActions, "InsufficientDataActions");
        lock (alarms.Gate)
        {
            var missing = rule.Alarms.Where(a => evaluator.Resolve(context.Region, a) is null).ToList();
            if (missing.Count > 0)
            {
                throw CloudWatchErrors.Validation($"Could not save the composite alarm as alarms [{string.Join(", ", missing)}] in the alarm rule do not exist");
            }

            if (rule.Alarms.Any(a => evaluator.Resolve(context.Region, a)?.AlarmName == name))
            {
                throw CloudWatchErrors.Validation("A composite alarm cannot refer to itself.");
            }
        }

        PutAlarm(context, name, null, request, request.ActionsEnabled ?? true, request.Tags);
        return EmptyResult.Instance;
    }

    private void PutAlarm(AwsRequestContext context, string name, PutMetricAlarmRequest? metric, PutCompositeAlarmRequest? composite, bool actionsEnabled, IReadOnlyList<CloudWatchTag>? tags)
    {
        var now = time.GetUtcNow();
        lock (alarms.Gate)
        {
            var existing = alarms.Find(context.Region, name);
            if (existing is not null && (existing.Composite is null) != (composite is null))
            {
                throw CloudWatchErrors.InvalidParameterCombination($"The alarm {name} exists as a {existing.AlarmType}; delete it before creating a {(composite is null ? "MetricAlarm" : "CompositeAlarm")} of that name.");
            }

            var alarm = existing is null
                ? new AlarmRecord(
                    context.Region, name, $"arn:aws:cloudwatch:{context.Region}:{context.AccountId}:alarm:{name}", metric, composite, actionsEnabled,
                    "INSUFFICIENT_DATA", "Unchecked: Initial alarm creation", null, now, now, now, [.. tags ?? []])
                : existing with { Metric = metric, Composite = composite, ActionsEnabled = actionsEnabled, AlarmConfigurationUpdatedTimestamp = now, Tags = MergeTags(existing.Tags, tags) };
            alarms.Put(alarm);
            alarms.AddHistory(context.Region, new AlarmHistoryItem(
                name, alarm.AlarmType, now, "ConfigurationUpdate",
                existing is null ? $"Alarm \"{name}\" created" : $"Alarm \"{name}\" updated",
                new JsonObject { ["version"] = "1.0", ["type"] = existing is null ? "Create" : "Update", ["alarmName"] = name }.ToJsonString()));
        }
    }

    public DescribeAlarmsResult DescribeAlarms(DescribeAlarmsRequest request, AwsRequestContext context)
    {
        if (request.AlarmNames is { Count: > 0 } && request.AlarmNamePrefix is not null)
        {
            throw CloudWatchErrors.InvalidParameterCombination("AlarmNames and AlarmNamePrefix cannot be used together.");
        }

        if ((request.ChildrenOfAlarmName is not null || request.ParentsOfAlarmName is not null)
            && (request.AlarmNames is { Count: > 0 } || request.AlarmNamePrefix is not null || request.StateValue is not null || request.ActionPrefix is not null))
        {
            throw CloudWatchErrors.InvalidParameterCombination("ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with other filters.");
        }

        var max = request.MaxRecords ?? 50;
        if (max is < 1 or > 100)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
        }

        if (request.StateValue is { } wanted && !StateValues.Contains(wanted))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {wanted} for parameter StateValue is invalid.");
        }

        var types = AlarmTypes(request.AlarmTypes);
        List<AlarmRecord> matching;
        lock (alarms.Gate)
        {
            IEnumerable<AlarmRecord> all = alarms.InRegion(context.Region);
            if (request.ChildrenOfAlarmName is { } parent)
            {
                var composite = alarms.Find(context.Region, parent)?.Composite;
                var children = composite is null ? [] : CompositeAlarmRule.Parse(composite.AlarmRule!).Alarms.Select(a => evaluator.Resolve(context.Region, a)?.AlarmName).ToHashSet();
                all = all.Where(a => children.Contains(a.AlarmName));
            }

            if (request.ParentsOfAlarmName is { } child)
            {
                all = all.Where(a => a.Composite is { } c && CompositeAlarmRule.Parse(c.AlarmRule!).Alarms.Any(r => evaluator.Resolve(context.Region, r)?.AlarmName == child));
            }

            matching = [.. all
                .Where(a => types.Contains(a.AlarmType))
                .Where(a => request.AlarmNames is not { Count: > 0 } names || names.Contains(a.AlarmName))
                .Where(a => request.AlarmNamePrefix is null || a.AlarmName.StartsWith(request.AlarmNamePrefix, StringComparison.Ordinal))
                .Where(a => request.StateValue is null || a.StateValue == request.StateValue)
                .Where(a => request.ActionPrefix is null || a.AlarmActions.Concat(a.OKActions).Concat(a.InsufficientDataActions).Any(x => x.StartsWith(request.ActionPrefix, StringComparison.Ordinal)))];
        }

        var skip = request.NextToken is null ? 0 : DecodeOffset(request.NextToken);
        var page = matching.Skip(skip).Take(max).ToList();
        return new DescribeAlarmsResult(
            [.. page.Where(a => a.Composite is not null).Select(DescribeComposite)],
            [.. page.Where(a => a.Metric is not null).Select(DescribeMetric)],
            skip + max < matching.Count ? EncodeOffset(skip + max) : null);
    }

    public DescribeAlarmsForMetricResult DescribeAlarmsForMetric(DescribeAlarmsForMetricRequest request, AwsRequestContext context)
    {
        var ns = request.Namespace ?? throw CloudWatchErrors.MissingParameter("Namespace");
        var name = request.MetricName ?? throw CloudWatchErrors.MissingParameter("MetricName");
        var dimensions = MetricIdentity.Key(MetricQueries.CheckDimensions(request.Dimensions, "Dimensions"));
        lock (alarms.Gate)
        {
            return new DescribeAlarmsForMetricResult([.. alarms.InRegion(context.Region)
                .Where(a => a.Metric is { } m && m.Namespace == ns && m.MetricName == name
                    && MetricIdentity.Key(MetricQueries.CheckDimensions(m.Dimensions, "Dimensions")).SequenceEqual(dimensions)
                    && (request.Statistic is null || m.Statistic == request.Statistic)
                    && (request.ExtendedStatistic is null || m.ExtendedStatistic == request.ExtendedStatistic)
                    && (request.Period is null || m.Period == request.Period)
                    && (request.Unit is null || m.Unit == request.Unit))
                .Select(DescribeMetric)]);
        }
    }

    public DescribeAlarmHistoryResult DescribeAlarmHistory(DescribeAlarmHistoryRequest request, AwsRequestContext context)
    {
        var max = request.MaxRecords ?? 100;
        if (max is < 1 or > 100)
        {
            throw CloudWatchErrors.InvalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
        }

        if (request.HistoryItemType is { } type && type is not ("ConfigurationUpdate" or "StateUpdate" or "Action" or "AlarmContributorStateUpdate" or "AlarmContributorAction"))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {type} for parameter HistoryItemType is invalid.");
        }

        var types = AlarmTypes(request.AlarmTypes);
        List<AlarmHistoryItem> items;
        lock (alarms.Gate)
        {
            items = [.. alarms.History(context.Region)
                .Where(h => request.AlarmName is null || h.AlarmName == request.AlarmName)
                .Where(h => types.Contains(h.AlarmType))
                .Where(h => request.HistoryItemType is null || h.HistoryItemType == request.HistoryItemType)
                .Where(h => request.StartDate is null || h.Timestamp >= request.StartDate)
                .Where(h => request.EndDate is null || h.Timestamp <= request.EndDate)];
        }

        if (request.ScanBy != "TimestampAscending")
        {
            items.Reverse();
        }

        var skip = request.NextToken is null ? 0 : DecodeOffset(request.NextToken);
        return new DescribeAlarmHistoryResult([.. items.Skip(skip).Take(max)], skip + max < items.Count ? EncodeOffset(skip + max) : null);
    }

    public async ValueTask<EmptyResult> SetAlarmStateAsync(SetAlarmStateRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var name = request.AlarmName ?? throw CloudWatchErrors.MissingParameter("AlarmName");
        var state = request.StateValue ?? throw CloudWatchErrors.MissingParameter("StateValue");
        var reason = request.StateReason ?? throw CloudWatchErrors.MissingParameter("StateReason");
        if (!StateValues.Contains(state))
        {
            throw CloudWatchErrors.Validation($"1 validation error detected: Value '{state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
        }

        if (reason.Length > 1023)
        {
            throw CloudWatchErrors.Validation("1 validation error detected: Value at 'stateReason' failed to satisfy constraint: Member must have length less than or equal to 1023");
        }

        if (request.StateReasonData is { } data)
        {
            try
            {
                using var _ = JsonDocument.Parse(data);
            }
            catch (JsonException)
            {
                throw CloudWatchErrors.InvalidFormat("Invalid JSON in StateReasonData.");
            }
        }

        await evaluator.SetStateAsync(context.Region, name, state, reason, request.StateReasonData, cancellationToken).ConfigureAwait(false);
        return EmptyResult.Instance;
    }

    public EmptyResult DeleteAlarms(AlarmNamesRequest request, AwsRequestContext context)
    {
        var names = request.AlarmNames ?? throw CloudWatchErrors.MissingParameter("AlarmNames");
        if (names.Count > 100)
        {
            throw CloudWatchErrors.InvalidParameterValue("The collection AlarmNames must not have a size greater than 100.");
        }

        lock (alarms.Gate)
        {
            var missing = names.Where(n => alarms.Find(context.Region, n) is null).ToList();
            if (missing.Count > 0)
            {
                throw CloudWatchErrors.AlarmNotFound(missing[0]);
            }

            foreach (var name in names)
            {
                alarms.Remove(context.Region, name);
            }
        }

        return EmptyResult.Instance;
    }

    public EmptyResult EnableAlarmActions(AlarmNamesRequest request, AwsRequestContext context) => SetActionsEnabled(request, context, true);

    public EmptyResult DisableAlarmActions(AlarmNamesRequest request, AwsRequestContext context) => SetActionsEnabled(request, context, false);

    private EmptyResult SetActionsEnabled(AlarmNamesRequest request, AwsRequestContext context, bool enabled)
    {
        var names = request.AlarmNames ?? throw CloudWatchErrors.MissingParameter("AlarmNames");
        if (names.Count > 100)
        {
            throw CloudWatchErrors.InvalidParameterValue("The collection AlarmNames must not have a size greater than 100.");
        }

        lock (alarms.Gate)
        {
            foreach (var name in names)
            {
                if (alarms.Find(context.Region, name) is { } alarm)
                {
                    alarms.Put(alarm with { ActionsEnabled = enabled });
                }
            }
        }

        return EmptyResult.Instance;
    }

    public EmptyResult TagResource(TagCloudWatchResourceRequest request, AwsRequestContext context)
    {
        var tags = request.Tags ?? throw CloudWatchErrors.MissingParameter("Tags");
        lock (alarms.Gate)
        {
            var alarm = AlarmByArn(request.ResourceARN, context);
            alarms.Put(alarm with { Tags = MergeTags(alarm.Tags, tags) });
        }

        return EmptyResult.Instance;
    }

    public EmptyResult UntagResource(UntagCloudWatchResourceRequest request, AwsRequestContext context)
    {
        var keys = request.TagKeys ?? throw CloudWatchErrors.MissingParameter("TagKeys");
        lock (alarms.Gate)
        {
            var alarm = AlarmByArn(request.ResourceARN, context);
            alarms.Put(alarm with { Tags = [.. alarm.Tags.Where(t => !keys.Contains(t.Key!))] });
        }

        return EmptyResult.Instance;
    }

    public ListCloudWatchTagsResult ListTagsForResource(ListCloudWatchTagsRequest request, AwsRequestContext context)
    {
        lock (alarms.Gate)
        {
            return new ListCloudWatchTagsResult(AlarmByArn(request.ResourceARN, context).Tags);
        }
    }

    private AlarmRecord AlarmByArn(string? arn, AwsRequestContext context)
    {
        var value = arn ?? throw CloudWatchErrors.MissingParameter("ResourceARN");
        return value.StartsWith("arn:aws:cloudwatch:", StringComparison.Ordinal) && evaluator.Resolve(context.Region, value) is { } alarm
            ? alarm
            : throw CloudWatchErrors.ResourceNotFound("alarm", value);
    }

    private static IReadOnlyList<CloudWatchTag> MergeTags(IReadOnlyList<CloudWatchTag> existing, IReadOnlyList<CloudWatchTag>? added)
    {
        var merged = existing.ToDictionary(t => t.Key!, t => t.Value, StringComparer.Ordinal);
        foreach (var tag in added ?? [])
        {
            merged[tag.Key ?? throw CloudWatchErrors.MissingParameter("Tags.member.Key")] = tag.Value ?? string.Empty;
        }

        return [.. merged.Select(t => new CloudWatchTag(t.Key, t.Value))];
    }

    private static HashSet<string> AlarmTypes(IReadOnlyList<string>? types)
    {
        var set = new HashSet<string>(types is { Count: > 0 } ? types : ["MetricAlarm"], StringComparer.Ordinal);
        foreach (var type in set.Where(t => t is not ("MetricAlarm" or "CompositeAlarm")))
        {
            throw CloudWatchErrors.InvalidParameterValue($"The value {type} for parameter AlarmTypes is invalid.");
        }

        return set;
    }

    private static string CheckAlarmName(string? name)
    {
        var value = name ?? throw CloudWatchErrors.MissingParameter("AlarmName");
        return value.Length is > 0 and <= 255 && value.All(c => c >= 0x20 && c <= 0x7E)
            ? value
            : throw CloudWatchErrors.InvalidParameterValue($"The value {value} for parameter AlarmName is invalid: 1 to 255 printable ASCII characters.");
    }

    private static void CheckActions(IReadOnlyList<string>? actions, string member)
    {
        if (actions is not { Count: > 0 })
        {
            return;
        }

        if (actions.Count > 5)
        {
            throw CloudWatchErrors.InvalidParameterValue($"The collection {member} must not have a size greater than 5.");
        }

        foreach (var action in actions.Where(a => !a.StartsWith("arn:", StringComparison.Ordinal)))
        {
            throw CloudWatchErrors.Validation($"Invalid arn syntax: {action}");
        }
    }

    private static MetricAlarmDescription DescribeMetric(AlarmRecord a)
    {
        var m = a.Metric!;
        return new MetricAlarmDescription(
            a.AlarmName, a.AlarmArn, m.AlarmDescription, a.AlarmConfigurationUpdatedTimestamp, a.ActionsEnabled,
            m.OKActions ?? [], m.AlarmActions ?? [], m.InsufficientDataActions ?? [],
            a.StateValue, a.StateReason, a.StateReasonData, a.StateUpdatedTimestamp,
            m.MetricName, m.Namespace, m.Statistic, m.ExtendedStatistic, m.Dimensions ?? [], m.Period, m.Unit,
            m.EvaluationPeriods ?? 1, m.DatapointsToAlarm, m.Threshold, m.ComparisonOperator!, m.TreatMissingData, m.EvaluateLowSampleCountPercentile,
            m.Metrics, m.ThresholdMetricId, a.StateTransitionedTimestamp);
    }

    private static CompositeAlarmDescription DescribeComposite(AlarmRecord a)
    {
        var c = a.Composite!;
        return new CompositeAlarmDescription(
            a.ActionsEnabled, c.AlarmActions ?? [], a.AlarmArn, a.AlarmConfigurationUpdatedTimestamp, c.AlarmDescription, a.AlarmName, c.AlarmRule!,
            c.InsufficientDataActions ?? [], c.OKActions ?? [], a.StateReason, a.StateReasonData, a.StateUpdatedTimestamp, a.StateValue, a.StateTransitionedTimestamp);
    }
}
