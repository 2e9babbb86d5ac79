namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// Metric and composite alarms by region and name, with their state and history, in memory and (through
/// <see cref="CloudWatchState"/>) in <c>{DataDirectory}/cloudwatch/state.json</c>. One lock guards everything: alarms
/// are few and each evaluation reads several of them.
/// </summary>
internal sealed class AlarmStore
{
    /// <summary>The most history items kept (oldest dropped first; AWS keeps 30 days).</summary>
    public const int MaxHistoryItems = 5_000;

    private readonly Dictionary<(string Region, string Name), AlarmRecord> _alarms = [];
    private readonly List<AlarmHistoryRecord> _history = [];

    public Lock Gate { get; } = new();

    /// <summary>The alarm, or <c>null</c>. Call under <see cref="Gate"/>.</summary>
    public AlarmRecord? Find(string region, string name) => _alarms.GetValueOrDefault((region, name));

    /// <summary>Adds or replaces an alarm. Call under <see cref="Gate"/>.</summary>
    public void Put(AlarmRecord alarm) => _alarms[(alarm.Region, alarm.AlarmName)] = alarm;

    /// <summary>Removes an alarm and its history. Call under <see cref="Gate"/>.</summary>
    public bool Remove(string region, string name)
    {
        _history.RemoveAll(h => h.Region == region && h.Item.AlarmName == name);
        return _alarms.Remove((region, name));
    }

    /// <summary>Every alarm of a region, by name. Call under <see cref="Gate"/>.</summary>
    public List<AlarmRecord> InRegion(string region) =>
        [.. _alarms.Values.Where(a => a.Region == region).OrderBy(a => a.AlarmName, StringComparer.Ordinal)];

    /// <summary>Every alarm of every region. Call under <see cref="Gate"/>.</summary>
    public List<AlarmRecord> All() => [.. _alarms.Values.OrderBy(a => a.Region, StringComparer.Ordinal).ThenBy(a => a.AlarmName, StringComparer.Ordinal)];

    /// <summary>Appends a history item. Call under <see cref="Gate"/>.</summary>
    public void AddHistory(string region, AlarmHistoryItem item)
    {
        _history.Add(new AlarmHistoryRecord(region, item));
        if (_history.Count > MaxHistoryItems)
        {
            _history.RemoveRange(0, _history.Count - MaxHistoryItems);
        }
    }

    /// <summary>The history of a region, oldest first. Call under <see cref="Gate"/>.</summary>
    public List<AlarmHistoryItem> History(string region) => [.. _history.Where(h => h.Region == region).Select(h => h.Item)];

    public (List<AlarmRecord> Alarms, List<AlarmHistoryRecord> History) Capture()
    {
        lock (Gate)
        {
            return (All(), [.. _history]);
        }
    }

    public void Restore(IEnumerable<AlarmRecord> alarms, IEnumerable<AlarmHistoryRecord> history)
    {
        lock (Gate)
        {
            _alarms.Clear();
            _history.Clear();
            foreach (var alarm in alarms)
            {
                if (!_alarms.TryAdd((alarm.Region, alarm.AlarmName), alarm))
                {
                    throw new InvalidDataException($"The alarm {alarm.AlarmName} appears twice in region {alarm.Region}.");
                }
            }

            _history.AddRange(history);
        }
    }
}

/// <summary>
/// One alarm: its configuration as last put (<see cref="Metric"/> for a metric alarm, <see cref="Composite"/> for a
/// composite alarm) and its state.
/// </summary>
internal sealed record AlarmRecord(
    string Region,
    string AlarmName,
    string AlarmArn,
    PutMetricAlarmRequest? Metric,
    PutCompositeAlarmRequest? Composite,
    bool ActionsEnabled,
    string StateValue,
    string StateReason,
    string? StateReasonData,
    DateTimeOffset StateUpdatedTimestamp,
    DateTimeOffset StateTransitionedTimestamp,
    DateTimeOffset AlarmConfigurationUpdatedTimestamp,
    IReadOnlyList<CloudWatchTag> Tags)
{
    /// <summary><c>MetricAlarm</c> or <c>CompositeAlarm</c>, as <c>AlarmTypes</c> and history items name them.</summary>
    public string AlarmType => Composite is null ? "MetricAlarm" : "CompositeAlarm";

    public string? AlarmDescription => Metric?.AlarmDescription ?? Composite?.AlarmDescription;

    public IReadOnlyList<string> AlarmActions => Metric?.AlarmActions ?? Composite?.AlarmActions ?? [];

    public IReadOnlyList<string> OKActions => Metric?.OKActions ?? Composite?.OKActions ?? [];

    public IReadOnlyList<string> InsufficientDataActions => Metric?.InsufficientDataActions ?? Composite?.InsufficientDataActions ?? [];
}

/// <summary>A history item with its region.</summary>
internal sealed record AlarmHistoryRecord(string Region, AlarmHistoryItem Item);

/// <summary>Dashboards by region and name.</summary>
internal sealed class DashboardStore
{
    private readonly Dictionary<(string Region, string Name), DashboardRecord> _dashboards = [];
    private readonly Lock _gate = new();

    public void Put(DashboardRecord dashboard)
    {
        lock (_gate)
        {
            _dashboards[(dashboard.Region, dashboard.Name)] = dashboard;
        }
    }

    public DashboardRecord? Find(string region, string name)
    {
        lock (_gate)
        {
            return _dashboards.GetValueOrDefault((region, name));
        }
    }

    /// <summary>Removes all the named dashboards, or none when one does not exist; returns the missing names.</summary>
    public List<string> RemoveAll(string region, IReadOnlyList<string> names)
    {
        lock (_gate)
        {
            var missing = names.Where(n => !_dashboards.ContainsKey((region, n))).ToList();
            if (missing.Count == 0)
            {
                foreach (var name in names)
                {
                    _dashboards.Remove((region, name));
                }
            }

            return missing;
        }
    }

    public List<DashboardRecord> InRegion(string region)
    {
        lock (_gate)
        {
            return [.. _dashboards.Values.Where(d => d.Region == region).OrderBy(d => d.Name, StringComparer.Ordinal)];
        }
    }

    public List<DashboardRecord> All()
    {
        lock (_gate)
        {
            return [.. _dashboards.Values.OrderBy(d => d.Region, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)];
        }
    }

    public void Restore(IEnumerable<DashboardRecord> dashboards)
    {
        lock (_gate)
        {
            _dashboards.Clear();
            foreach (var dashboard in dashboards)
            {
                _dashboards[(dashboard.Region, dashboard.Name)] = dashboard;
            }
        }
    }
}

/// <summary>One dashboard: its body (JSON text) as put.</summary>
internal sealed record DashboardRecord(string Region, string Name, string Arn, string Body, DateTimeOffset LastModified);
