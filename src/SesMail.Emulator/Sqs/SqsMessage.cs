using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>One stored message. Mutable parts change only under its queue's lock.</summary>
internal sealed class SqsMessage(
    string messageId,
    string body,
    IReadOnlyDictionary<string, MessageAttributeValue>? messageAttributes,
    IReadOnlyDictionary<string, MessageAttributeValue>? systemAttributes,
    string senderId,
    long sentTimestamp)
{
    public string MessageId { get; } = messageId;

    public string Body { get; } = body;

    public string MD5OfBody { get; } = SqsMd5.OfBody(body);

    public IReadOnlyDictionary<string, MessageAttributeValue>? MessageAttributes { get; } = messageAttributes;

    public IReadOnlyDictionary<string, MessageAttributeValue>? SystemAttributes { get; } = systemAttributes;

    public string SenderId { get; } = senderId;

    /// <summary>Epoch milliseconds when the message was first sent (kept across a move to the dead-letter queue).</summary>
    public long SentTimestamp { get; } = sentTimestamp;

    /// <summary>Epoch milliseconds from which the message may be received (delay, then visibility timeout).</summary>
    public long VisibleAt { get; set; }

    public int ReceiveCount { get; set; }

    /// <summary>Epoch milliseconds of the first receive, or 0.</summary>
    public long FirstReceiveTimestamp { get; set; }

    /// <summary>The order in which its queue took it (1, 2, …; set by <see cref="SqsQueue.Enqueue"/>, under the queue's lock).</summary>
    public long Sequence { get; set; }

    /// <summary>The token inside the most recent receipt handle; <c>null</c> before the first receive.</summary>
    public string? ReceiptToken { get; set; }

    /// <summary>A copy for the dead-letter queue: same id, body, attributes and sent time; receive state reset.</summary>
    public SqsMessage ForDeadLetterQueue() =>
        new(MessageId, Body, MessageAttributes, SystemAttributes, SenderId, SentTimestamp);
}
