namespace SesMail.Functions.Observability;

/// <summary>
/// Counters gathered during one invocation and published together as one EMF document at its end.
/// Names registered with <see cref="Declare"/> are published even when zero (so success/failure pairs always report).
/// </summary>
/// <remarks>Not thread-safe: one instance per invocation.</remarks>
internal sealed class MetricCounters
{
    private readonly List<KeyValuePair<string, double>> _values = [];

    /// <summary>Makes sure <paramref name="names"/> are published, with 0 unless incremented.</summary>
    /// <param name="names">Metric names.</param>
    /// <returns>This instance.</returns>
    public MetricCounters Declare(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            Add(name, 0);
        }

        return this;
    }

    /// <summary>Adds <paramref name="amount"/> to a counter.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="amount">The increment.</param>
    public void Add(string name, double amount = 1)
    {
        var index = _values.FindIndex(pair => pair.Key == name);
        if (index >= 0)
        {
            _values[index] = new(name, _values[index].Value + amount);
        }
        else
        {
            _values.Add(new(name, amount));
        }
    }

    /// <summary>The current value of a counter (0 when never touched).</summary>
    /// <param name="name">The metric name.</param>
    /// <returns>The value.</returns>
    public double this[string name]
    {
        get
        {
            var index = _values.FindIndex(pair => pair.Key == name);
            return index >= 0 ? _values[index].Value : 0;
        }
    }

    /// <summary>Publishes every counter (unit <c>Count</c>).</summary>
    /// <param name="metrics">The EMF writer.</param>
    public void PublishTo(EmbeddedMetrics metrics)
    {
        if (_values.Count > 0)
        {
            metrics.Publish(_values);
        }
    }
}
