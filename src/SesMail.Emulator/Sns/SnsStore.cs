using System.Collections.Concurrent;

namespace SesMail.Emulator.Sns;

/// <summary>Topics and subscriptions by ARN, in memory and persisted in <c>{DataDirectory}/sns/state.json</c> (see <c>SnsSnapshot.cs</c>).</summary>
internal sealed partial class SnsStore
{
    private readonly ConcurrentDictionary<string, SnsTopic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SnsSubscription> _subscriptions = new(StringComparer.Ordinal);

    public SnsTopic GetOrAdd(SnsTopic topic) => _topics.GetOrAdd(topic.Arn, topic);

    public SnsTopic? Topic(string arn) => _topics.GetValueOrDefault(arn);

    public IEnumerable<SnsTopic> Topics(string region) =>
        _topics.Values.Where(t => t.Region == region).OrderBy(t => t.Arn, StringComparer.Ordinal);

    public void Remove(SnsTopic topic)
    {
        _topics.TryRemove(topic.Arn, out _);
        foreach (var subscription in SubscriptionsOf(topic.Arn))
        {
            _subscriptions.TryRemove(subscription.Arn, out _);
        }
    }

    public SnsSubscription AddSubscription(SnsSubscription subscription) => _subscriptions.GetOrAdd(subscription.Arn, subscription);

    public SnsSubscription? Subscription(string arn) => _subscriptions.GetValueOrDefault(arn);

    public bool RemoveSubscription(string arn) => _subscriptions.TryRemove(arn, out _);

    public IEnumerable<SnsSubscription> Subscriptions(string region) =>
        _subscriptions.Values.Where(s => s.TopicArn.Split(':') is [_, _, _, var r, ..] && r == region).OrderBy(s => s.Arn, StringComparer.Ordinal);

    public IEnumerable<SnsSubscription> SubscriptionsOf(string topicArn) =>
        _subscriptions.Values.Where(s => s.TopicArn == topicArn).OrderBy(s => s.Arn, StringComparer.Ordinal);
}
