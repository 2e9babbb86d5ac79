using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// Taking and restoring the persisted form of the store: queues with their attributes and tags, and every message
/// with its receive state. Times are absolute (epoch), so a message in flight before a restart stays hidden until
/// its visibility deadline, and a delayed message until its delay ends.
/// </summary>
internal sealed partial class SqsStore : ISnapshotStore<SqsSnapshot>
{
    public SqsSnapshot Empty => new([]);

    public SqsSnapshot Capture() =>
        new([.. _queues.Values
            .OrderBy(q => q.Region, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal)
            .Select(queue =>
            {
                var settings = queue.Settings;
                var (messages, tags) = queue.Capture();
                return new SqsQueueRecord(
                    queue.Region,
                    queue.AccountId,
                    queue.Name,
                    queue.CreatedTimestamp,
                    queue.LastModifiedTimestamp,
                    SqsQueueSettings.Settable.Select(name => (name, value: settings.Get(name)))
                        .Where(a => a.value is not null)
                        .ToDictionary(a => a.name, a => a.value!, StringComparer.Ordinal),
                    tags,
                    messages);
            })]);

    public void Restore(SqsSnapshot snapshot)
    {
        _queues.Clear();
        foreach (var record in snapshot.Queues)
        {
            // The same validation as SetQueueAttributes; dead-letter targets may come later in the file.
            var settings = new SqsQueueSettings().With(record.Attributes, _ => true);
            var queue = new SqsQueue(record.Region, record.AccountId, record.QueueName, settings, record.CreatedTimestamp);
            queue.RestoreLastModified(record.LastModifiedTimestamp);
            queue.Tag(record.Tags);
            foreach (var saved in record.Messages)
            {
                queue.Enqueue(saved.ToMessage(), saved.VisibleAt);
            }

            if (!ReferenceEquals(GetOrAdd(queue), queue))
            {
                throw new InvalidDataException($"The queue {record.QueueName} appears twice in region {record.Region}.");
            }
        }
    }
}

/// <summary>The persisted form of <see cref="SqsStore"/>.</summary>
/// <param name="Queues">Every queue of every region.</param>
internal sealed record SqsSnapshot(IReadOnlyList<SqsQueueRecord> Queues);

/// <summary>One queue in a snapshot; <c>Attributes</c> are the settable attributes as <c>GetQueueAttributes</c> spells them.</summary>
internal sealed record SqsQueueRecord(
    string Region,
    string AccountId,
    string QueueName,
    long CreatedTimestamp,
    long LastModifiedTimestamp,
    Dictionary<string, string> Attributes,
    Dictionary<string, string> Tags,
    IReadOnlyList<SqsMessageRecord> Messages);

/// <summary>
/// One message in a snapshot; times are epoch milliseconds. <c>VisibleAt</c> is when it may be received next (the end
/// of its delay or visibility timeout); <c>ReceiptToken</c> is the token of the latest receipt handle, so a handle
/// given out before a restart still deletes the message after it.
/// </summary>
internal sealed record SqsMessageRecord(
    string MessageId,
    string Body,
    Dictionary<string, MessageAttributeValue>? MessageAttributes,
    Dictionary<string, MessageAttributeValue>? MessageSystemAttributes,
    string SenderId,
    long SentTimestamp,
    long VisibleAt,
    int ApproximateReceiveCount,
    long ApproximateFirstReceiveTimestamp,
    string? ReceiptToken)
{
    /// <summary>Copies a message; the caller holds its queue's lock.</summary>
    public static SqsMessageRecord From(SqsMessage message) =>
        new(
            message.MessageId,
            message.Body,
            message.MessageAttributes?.ToDictionary(StringComparer.Ordinal),
            message.SystemAttributes?.ToDictionary(StringComparer.Ordinal),
            message.SenderId,
            message.SentTimestamp,
            message.VisibleAt,
            message.ReceiveCount,
            message.FirstReceiveTimestamp,
            message.ReceiptToken);

    public SqsMessage ToMessage() =>
        new(MessageId, Body, MessageAttributes, MessageSystemAttributes, SenderId, SentTimestamp)
        {
            ReceiveCount = ApproximateReceiveCount,
            FirstReceiveTimestamp = ApproximateFirstReceiveTimestamp,
            ReceiptToken = ReceiptToken,
        };
}

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SqsSnapshot))]
internal sealed partial class SqsSnapshotJsonContext : JsonSerializerContext;
