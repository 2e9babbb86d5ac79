using Amazon.SQS.Model;

namespace SesMail.LocalRuntime.EventSources;

/// <summary>Turns received SQS messages into Lambda's record shape.</summary>
internal static class SqsRecordFactory
{
    /// <summary>The record for one received message.</summary>
    /// <param name="message">As returned by ReceiveMessage with all attribute names.</param>
    /// <param name="queueArn">The queue ARN.</param>
    /// <param name="region">The queue's region.</param>
    /// <returns>The record.</returns>
    public static SqsEvent.SqsRecord Create(Message message, string queueArn, string region)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in message.Attributes ?? [])
        {
            attributes[key] = value;
        }

        var messageAttributes = new Dictionary<string, SqsEvent.SqsMessageAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in message.MessageAttributes ?? [])
        {
            messageAttributes[name] = new SqsEvent.SqsMessageAttribute(
                value.StringValue,
                value.BinaryValue is { } binary ? Convert.ToBase64String(binary.ToArray()) : null,
                [],
                [],
                value.DataType);
        }

        return new SqsEvent.SqsRecord(
            message.MessageId,
            message.ReceiptHandle,
            message.Body ?? string.Empty,
            attributes,
            messageAttributes,
            message.MD5OfBody ?? string.Empty,
            "aws:sqs",
            queueArn,
            region);
    }
}
