using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// The persisted state of CloudWatch, one snapshot for its three stores (they share the signing name
/// <c>monitoring</c>): metrics (the newest <see cref="MetricStore.PersistedHistory"/>), alarms with their state and
/// history, and dashboards. Written to <c>{DataDirectory}/cloudwatch/state.json</c>.
/// </summary>
internal sealed class CloudWatchState(MetricStore metrics, AlarmStore alarms, DashboardStore dashboards) : ISnapshotStore<CloudWatchSnapshot>
{
    public CloudWatchSnapshot Empty => new(new MetricsSnapshot([]), [], [], []);

    public CloudWatchSnapshot Capture()
    {
        var (alarmList, history) = alarms.Capture();
        return new CloudWatchSnapshot(metrics.Capture(), alarmList, history, dashboards.All());
    }

    public void Restore(CloudWatchSnapshot snapshot)
    {
        metrics.Restore(snapshot.Metrics);
        alarms.Restore(snapshot.Alarms, snapshot.AlarmHistory);
        dashboards.Restore(snapshot.Dashboards);
    }
}

/// <summary>The persisted form of CloudWatch.</summary>
internal sealed record CloudWatchSnapshot(
    MetricsSnapshot Metrics,
    IReadOnlyList<AlarmRecord> Alarms,
    IReadOnlyList<AlarmHistoryRecord> AlarmHistory,
    IReadOnlyList<DashboardRecord> Dashboards);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CloudWatchSnapshot))]
internal sealed partial class CloudWatchSnapshotJsonContext : JsonSerializerContext;
