using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;

namespace SesMail.Emulator.Sns;

/// <summary>Taking and restoring the persisted form of the store: topics with attributes and tags, and subscriptions.</summary>
internal sealed partial class SnsStore : ISnapshotStore<SnsSnapshot>
{
    public SnsSnapshot Empty => new([], []);

    public SnsSnapshot Capture() =>
        new(
            [.. _topics.Values.OrderBy(t => t.Arn, StringComparer.Ordinal)
                .Select(t => new SnsTopicRecord(t.Arn, t.Name, t.AccountId, t.Region, new(t.Attributes, StringComparer.Ordinal), new(t.Tags, StringComparer.Ordinal)))],
            [.. _subscriptions.Values.OrderBy(s => s.Arn, StringComparer.Ordinal)
                .Select(s => new SnsSubscriptionRecord(s.Arn, s.TopicArn, s.Protocol, s.Endpoint, s.Owner, new(s.Attributes, StringComparer.Ordinal)))]);

    public void Restore(SnsSnapshot snapshot)
    {
        _topics.Clear();
        _subscriptions.Clear();
        foreach (var record in snapshot.Topics)
        {
            var topic = new SnsTopic(record.TopicArn, record.Name, record.AccountId, record.Region);
            foreach (var (name, value) in record.Attributes)
            {
                topic.SetAttribute(name, value);
            }

            topic.Tag(record.Tags);
            _topics[topic.Arn] = topic;
        }

        foreach (var record in snapshot.Subscriptions)
        {
            var subscription = new SnsSubscription(record.SubscriptionArn, record.TopicArn, record.Protocol, record.Endpoint, record.Owner);
            foreach (var (name, value) in record.Attributes)
            {
                subscription.SetAttribute(name, value);
            }

            _subscriptions[subscription.Arn] = subscription;
        }
    }
}

/// <summary>The persisted form of <see cref="SnsStore"/>.</summary>
internal sealed record SnsSnapshot(IReadOnlyList<SnsTopicRecord> Topics, IReadOnlyList<SnsSubscriptionRecord> Subscriptions);

/// <summary>One topic in a snapshot.</summary>
internal sealed record SnsTopicRecord(string TopicArn, string Name, string AccountId, string Region, Dictionary<string, string> Attributes, Dictionary<string, string> Tags);

/// <summary>One subscription in a snapshot.</summary>
internal sealed record SnsSubscriptionRecord(string SubscriptionArn, string TopicArn, string Protocol, string Endpoint, string Owner, Dictionary<string, string> Attributes);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SnsSnapshot))]
internal sealed partial class SnsSnapshotJsonContext : JsonSerializerContext;
