using Amazon.SQS.Model;
using SesMail.Aws.Events;

namespace SesMail.LocalRuntime.EventSources;

/// <summary>Turns messages received through the AWS SDK into Lambda's record shape (<see cref="SqsEvent.SqsMessage"/>).</summary>
internal static class SqsRecordFactory
{
    /// <summary>The record for one received message.</summary>
    /// <param name="message">As returned by ReceiveMessage with all attribute names.</param>
    /// <param name="queueArn">The queue ARN.</param>
    /// <param name="region">The queue's region.</param>
    /// <returns>The record, as Lambda writes it.</returns>
    public static SqsEvent.SqsMessage Create(Message message, string queueArn, string region) => SqsEvent.SqsMessage.Create(
        message.MessageId,
        message.ReceiptHandle,
        message.Body,
        message.Attributes,
        (message.MessageAttributes ?? []).Select(pair => KeyValuePair.Create(
            pair.Key,
            pair.Value.BinaryValue is { } binary
                ? SqsEvent.MessageAttribute.FromBinary(pair.Value.DataType, binary.ToArray())
                : SqsEvent.MessageAttribute.FromString(pair.Value.DataType, pair.Value.StringValue))),
        message.MD5OfBody,
        message.MD5OfMessageAttributes,
        queueArn,
        region);
}
