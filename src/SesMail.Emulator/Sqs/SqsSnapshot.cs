using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// Taking and restoring the persisted form of the store: queues with their attributes and tags, and every message
/// with its receive state. Times are absolute (epoch), so a message in flight before a restart stays hidden until
/// its visibility deadline, and a delayed message until its delay ends. Between snapshots, message changes go to the
/// persistence journal (<see cref="ISnapshotJournal"/>): a sent message whole, a receive or visibility change as its
/// receive state only, a deleted message as its id.
/// </summary>
internal sealed partial class SqsStore : ISnapshotStore<SqsSnapshot>, ISnapshotJournal
{
    /// <summary>The queues' definitions (no messages) at the last <see cref="TakeChanges"/>; a difference needs a full snapshot.</summary>
    private byte[]? _structure;

    public SqsSnapshot Empty => new([]);

    public SqsSnapshot Capture() =>
        new([.. _queues.Values
            .OrderBy(q => q.Region, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal)
            .Select(queue =>
            {
                var (messages, tags) = queue.Capture();
                return Record(queue, tags, messages);
            })]);

    private static SqsQueueRecord Record(SqsQueue queue, Dictionary<string, string> tags, IReadOnlyList<SqsMessageRecord> messages)
    {
        var settings = queue.Settings;
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
    }

    /// <inheritdoc/>
    public byte[]? TakeChanges()
    {
        var lines = new ArrayBufferWriter<byte>();
        var definitions = new List<SqsQueueRecord>();
        var newQueue = false;
        using (var writer = new Utf8JsonWriter(lines, JsonBody.Options))
        {
            void Line(SqsQueue queue, Action<Utf8JsonWriter> body)
            {
                writer.WriteStartObject();
                writer.WriteString("region", queue.Region);
                writer.WriteString("queue", queue.Name);
                body(writer);
                writer.WriteEndObject();
                writer.Flush();
                lines.Write("\n"u8);
                writer.Reset();
            }

            foreach (var queue in All())
            {
                var (added, updated, gone, isNew) = queue.TakeChanges((q, tags) => Record(q, tags, []), out var definition);
                newQueue |= isNew;
                definitions.Add(definition);
                foreach (var message in added)
                {
                    Line(queue, w =>
                    {
                        w.WritePropertyName("message");
                        JsonSerializer.Serialize(w, message, SqsSnapshotJsonContext.Default.SqsMessageRecord);
                    });
                }

                foreach (var message in updated)
                {
                    Line(queue, w =>
                    {
                        w.WriteStartObject("receiveState");
                        w.WriteString("MessageId", message.MessageId);
                        w.WriteNumber("VisibleAt", message.VisibleAt);
                        w.WriteNumber("ApproximateReceiveCount", message.ApproximateReceiveCount);
                        w.WriteNumber("ApproximateFirstReceiveTimestamp", message.ApproximateFirstReceiveTimestamp);
                        w.WriteString("ReceiptToken", message.ReceiptToken);
                        w.WriteEndObject();
                    });
                }

                foreach (var id in gone)
                {
                    Line(queue, w => w.WriteString("removed", id));
                }
            }
        }

        var structure = JsonSerializer.SerializeToUtf8Bytes(new SqsSnapshot(definitions), SqsSnapshotJsonContext.Default.SqsSnapshot);
        var unchanged = !newQueue && _structure is { } last && last.AsSpan().SequenceEqual(structure);
        _structure = structure;
        return unchanged ? lines.WrittenSpan.ToArray() : null;
    }

    /// <inheritdoc/>
    public void Replay(ReadOnlySpan<byte> line)
    {
        if (JsonNode.Parse(line) is not JsonObject change)
        {
            throw new InvalidDataException("An SQS journal line is not a JSON object.");
        }

        var region = change["region"]?.GetValue<string>() ?? throw new InvalidDataException("An SQS journal line has no region.");
        var name = change["queue"]?.GetValue<string>() ?? throw new InvalidDataException("An SQS journal line has no queue.");
        var queue = Find(region, name) ?? throw new InvalidDataException($"The SQS journal names the queue {name} in {region}, which the snapshot does not have.");
        if (change["message"] is JsonObject message)
        {
            queue.Replay(message.Deserialize(SqsSnapshotJsonContext.Default.SqsMessageRecord) ?? throw new InvalidDataException("An SQS journal message is null."), whole: true);
        }
        else if (change["receiveState"] is JsonObject state)
        {
            queue.Replay(
                new SqsMessageRecord(
                    state["MessageId"]?.GetValue<string>() ?? throw new InvalidDataException("An SQS journal receive state has no MessageId."),
                    string.Empty,
                    null,
                    null,
                    string.Empty,
                    0,
                    state["VisibleAt"]?.GetValue<long>() ?? 0,
                    state["ApproximateReceiveCount"]?.GetValue<int>() ?? 0,
                    state["ApproximateFirstReceiveTimestamp"]?.GetValue<long>() ?? 0,
                    state["ReceiptToken"]?.GetValue<string>()),
                whole: false);
        }
        else if (change["removed"]?.GetValue<string>() is { } removed)
        {
            queue.ReplayRemoval(removed);
        }
        else
        {
            throw new InvalidDataException("An SQS journal line has neither message, receiveState nor removed.");
        }
    }

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
[JsonSerializable(typeof(SqsMessageRecord))]
internal sealed partial class SqsSnapshotJsonContext : JsonSerializerContext;
