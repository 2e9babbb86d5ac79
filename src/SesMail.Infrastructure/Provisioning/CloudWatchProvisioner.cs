using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;
using Amazon.CloudWatchLogs;
using Amazon.CloudWatchLogs.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::CloudWatch::Alarm</c> (single metric or <c>Metrics</c> math), <c>AWS::CloudWatch::CompositeAlarm</c> and
/// <c>AWS::CloudWatch::Dashboard</c>: put on every run (<c>PutMetricAlarm</c>, <c>PutCompositeAlarm</c> and
/// <c>PutDashboard</c> create or replace; an alarm keeps its state), reported Created the first time and Unchanged
/// after when the definition is the same. The template's property names are the API's.
/// </summary>
internal sealed class CloudWatchProvisioner(IAmazonCloudWatch cloudWatch) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm", "AWS::CloudWatch::Dashboard"];

    /// <summary>A no-op: SesMail's CloudWatch client has no delete operations, so an alarm or dashboard stays in the backend.</summary>
    public Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        switch (context.Resource.Type)
        {
            case "AWS::CloudWatch::Dashboard":
                var body = context.RequireString("DashboardBody");
                string? existing = null;
                try
                {
                    existing = (await cloudWatch.GetDashboardAsync(new GetDashboardRequest { DashboardName = context.PhysicalId }, cancellationToken).ConfigureAwait(false)).DashboardBody;
                }
                catch (AmazonCloudWatchException error) when (error.ErrorCode is "ResourceNotFound")
                {
                }

                if (existing == body)
                {
                    return ResourceStatus.Unchanged;
                }

                await cloudWatch.PutDashboardAsync(new PutDashboardRequest { DashboardName = context.PhysicalId, DashboardBody = body }, cancellationToken).ConfigureAwait(false);
                return existing is null ? ResourceStatus.Created : ResourceStatus.Updated;
            case "AWS::CloudWatch::CompositeAlarm":
                var existed = await ExistsAsync(context.PhysicalId, cancellationToken).ConfigureAwait(false);
                await cloudWatch.PutCompositeAlarmAsync(
                    new PutCompositeAlarmRequest
                    {
                        AlarmName = context.PhysicalId,
                        AlarmRule = context.RequireString("AlarmRule"),
                        AlarmDescription = context.String("AlarmDescription"),
                        ActionsEnabled = context.Bool("ActionsEnabled", true),
                        AlarmActions = Strings(context, "AlarmActions"),
                        OKActions = Strings(context, "OKActions"),
                        InsufficientDataActions = Strings(context, "InsufficientDataActions"),
                    },
                    cancellationToken).ConfigureAwait(false);
                return existed ? ResourceStatus.Unchanged : ResourceStatus.Created;
            default:
                var alarmExisted = await ExistsAsync(context.PhysicalId, cancellationToken).ConfigureAwait(false);
                await cloudWatch.PutMetricAlarmAsync(MetricAlarm(context), cancellationToken).ConfigureAwait(false);
                return alarmExisted ? ResourceStatus.Unchanged : ResourceStatus.Created;
        }
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        var found = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [name], AlarmTypes = ["MetricAlarm", "CompositeAlarm"] }, cancellationToken).ConfigureAwait(false);
        return found.MetricAlarms.Count + found.CompositeAlarms.Count > 0;
    }

    private static PutMetricAlarmRequest MetricAlarm(ProvisioningContext context)
    {
        var p = context.Properties;
        return new PutMetricAlarmRequest
        {
            AlarmName = context.PhysicalId,
            AlarmDescription = context.String("AlarmDescription"),
            ActionsEnabled = context.Bool("ActionsEnabled", true),
            AlarmActions = Strings(context, "AlarmActions"),
            OKActions = Strings(context, "OKActions"),
            InsufficientDataActions = Strings(context, "InsufficientDataActions"),
            MetricName = context.String("MetricName"),
            Namespace = context.String("Namespace"),
            Statistic = context.String("Statistic"),
            Dimensions = Dimensions(p["Dimensions"], context.Path("Dimensions")),
            Period = Int(context.String("Period")),
            Unit = context.String("Unit"),
            EvaluationPeriods = Int(context.RequireString("EvaluationPeriods")) ?? 1,
            DatapointsToAlarm = Int(context.String("DatapointsToAlarm")),
            Threshold = context.String("Threshold") is { } threshold ? double.Parse(threshold, CultureInfo.InvariantCulture) : null,
            ComparisonOperator = context.RequireString("ComparisonOperator"),
            TreatMissingData = context.String("TreatMissingData"),
            Metrics = p["Metrics"] is JsonArray queries
                ? [.. queries.Select((q, i) => Query(q as JsonObject ?? throw new TemplateException(context.Path($"Metrics[{i}]"), "A metric query must be an object."), context.Path($"Metrics[{i}]")))]
                : [],
        };
    }

    private static MetricDataQuery Query(JsonObject q, string path)
    {
        var stat = q["MetricStat"] as JsonObject;
        var metric = stat?["Metric"] as JsonObject;
        return new MetricDataQuery
        {
            Id = Text(q["Id"], path + ".Id") ?? throw new TemplateException(path, "A metric query needs an Id."),
            Expression = Text(q["Expression"], path + ".Expression"),
            Label = Text(q["Label"], path + ".Label"),
            ReturnData = Text(q["ReturnData"], path + ".ReturnData") is { } r ? string.Equals(r, "true", StringComparison.OrdinalIgnoreCase) : null,
            MetricStat = stat is null ? null : new MetricStat
            {
                Metric = new Metric
                {
                    Namespace = Text(metric?["Namespace"], path + ".MetricStat.Metric.Namespace") ?? string.Empty,
                    MetricName = Text(metric?["MetricName"], path + ".MetricStat.Metric.MetricName") ?? string.Empty,
                    Dimensions = Dimensions(metric?["Dimensions"], path + ".MetricStat.Metric.Dimensions"),
                },
                Period = Int(Text(stat["Period"], path + ".MetricStat.Period")) ?? 300,
                Stat = Text(stat["Stat"], path + ".MetricStat.Stat") ?? "Average",
                Unit = Text(stat["Unit"], path + ".MetricStat.Unit"),
            },
        };
    }

    private static List<Dimension> Dimensions(JsonNode? node, string path) =>
        node is JsonArray list
            ? [.. list.OfType<JsonObject>().Select(d => new Dimension { Name = Text(d["Name"], path) ?? string.Empty, Value = Text(d["Value"], path) ?? string.Empty })]
            : [];

    private static List<string> Strings(ProvisioningContext context, string property) =>
        context.Properties[property] is JsonArray list ? [.. list.Select(v => Text(v, context.Path(property))).OfType<string>()] : [];

    private static string? Text(JsonNode? node, string path) => node is null ? null : TemplateValues.ScalarText(node, path);

    private static int? Int(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary><c>AWS::Logs::LogGroup</c>: created when missing, its <c>RetentionInDays</c> applied when it differs.</summary>
internal sealed class LogsProvisioner(IAmazonCloudWatchLogs logs) : IResourceProvisioner
{
    public IReadOnlyCollection<string> Types { get; } = ["AWS::Logs::LogGroup"];

    /// <summary>A no-op: SesMail's CloudWatch Logs client has no delete operation, so the log group and its events stay in the backend.</summary>
    public Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.PhysicalId;
        var retention = context.String("RetentionInDays") is { } days ? int.Parse(days, CultureInfo.InvariantCulture) : (int?)null;
        var found = (await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, cancellationToken).ConfigureAwait(false))
            .LogGroups.FirstOrDefault(g => g.LogGroupName == name);
        var status = ResourceStatus.Unchanged;
        if (found is null)
        {
            await logs.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = name }, cancellationToken).ConfigureAwait(false);
            status = ResourceStatus.Created;
        }

        if (retention is { } r && found?.RetentionInDays != r)
        {
            await logs.PutRetentionPolicyAsync(new PutRetentionPolicyRequest { LogGroupName = name, RetentionInDays = r }, cancellationToken).ConfigureAwait(false);
            status = status == ResourceStatus.Created ? status : ResourceStatus.Updated;
        }

        return status;
    }
}
