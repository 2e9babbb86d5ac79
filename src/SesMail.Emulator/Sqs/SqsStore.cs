using System.Collections.Concurrent;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// All queues, by region and name, kept in memory and (with their messages) persisted in
/// <c>{DataDirectory}/sqs/state.json</c> (see <c>SqsSnapshot.cs</c>). A timer sweeps every queue once a second: expired messages go,
/// and messages past their redrive policy's maxReceiveCount move to the dead-letter queue even when nobody polls.
/// </summary>
internal sealed partial class SqsStore : IDisposable
{
    private readonly ConcurrentDictionary<(string Region, string Name), SqsQueue> _queues = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    public SqsStore(TimeProvider time)
    {
        _time = time;
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public SqsQueue? Find(string region, string name) => _queues.GetValueOrDefault((region, name));

    /// <summary>Finds a queue by <c>arn:aws:sqs:{region}:{account}:{name}</c>.</summary>
    public SqsQueue? FindByArn(string arn)
    {
        var parts = arn.Split(':');
        return parts is ["arn", _, "sqs", var region, _, var name] ? Find(region, name) : null;
    }

    /// <summary>Adds <paramref name="queue"/> unless one with its name exists; returns the queue that is stored.</summary>
    public SqsQueue GetOrAdd(SqsQueue queue) => _queues.GetOrAdd((queue.Region, queue.Name), queue);

    public bool Remove(SqsQueue queue)
    {
        if (_queues.TryRemove(KeyValuePair.Create((queue.Region, queue.Name), queue)))
        {
            queue.MarkDeleted();
            return true;
        }

        return false;
    }

    /// <summary>Every queue of every region.</summary>
    public IEnumerable<SqsQueue> All() => _queues.Values.OrderBy(q => q.Region, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal);

    public IEnumerable<SqsQueue> InRegion(string region) =>
        _queues.Where(q => q.Key.Region == region).Select(q => q.Value).OrderBy(q => q.Name, StringComparer.Ordinal);

    /// <summary>Moves messages to their dead-letter queue, keeping them where they are if that queue is gone.</summary>
    public void DeadLetter(SqsQueue source, List<SqsMessage> messages, long now)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var target = source.Settings.RedrivePolicy?.DeadLetterTargetArn is { } arn ? FindByArn(arn) : null;
        foreach (var message in messages)
        {
            (target ?? source).Enqueue(message, now);
        }
    }

    public void Sweep()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var deadLetters = new List<SqsMessage>();
        foreach (var queue in _queues.Values)
        {
            deadLetters.Clear();
            queue.Sweep(now, deadLetters);
            DeadLetter(queue, deadLetters, now);
        }
    }

    public void Dispose() => _sweeper.Dispose();
}
