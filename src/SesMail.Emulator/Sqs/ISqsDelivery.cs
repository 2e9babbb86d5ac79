namespace SesMail.Emulator.Sqs;

/// <summary>
/// In-process delivery into an SQS queue, for the deliveries AWS makes between services (SNS → SQS,
/// EventBridge rule target → SQS). Behaves as <c>SendMessage</c> does for the queue (delay, size limit, MD5s).
/// </summary>
internal interface ISqsDelivery
{
    /// <summary>Sends one message to the queue named by its ARN.</summary>
    /// <param name="queueArn">e.g. <c>arn:aws:sqs:ap-southeast-2:000000000000:ses-email-input-test</c>.</param>
    /// <param name="body">The message body.</param>
    /// <param name="messageAttributes">Message attributes, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new message id.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>QueueDoesNotExist</c> when no queue has that ARN.</exception>
    ValueTask<string> DeliverAsync(string queueArn, string body, IReadOnlyDictionary<string, SqsMessageAttribute>? messageAttributes, CancellationToken cancellationToken);

    /// <summary>Sends one message that continues a trace: the header is kept as its <c>AWSTraceHeader</c> system attribute.</summary>
    /// <param name="queueArn">The queue's ARN.</param>
    /// <param name="body">The message body.</param>
    /// <param name="messageAttributes">Message attributes, or <c>null</c>.</param>
    /// <param name="traceHeader">The X-Ray trace header (<c>Root=…;Parent=…;Sampled=…</c>), or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new message id.</returns>
    /// <exception cref="Protocols.AwsServiceException"><c>QueueDoesNotExist</c> when no queue has that ARN.</exception>
    ValueTask<string> DeliverAsync(string queueArn, string body, IReadOnlyDictionary<string, SqsMessageAttribute>? messageAttributes, string? traceHeader, CancellationToken cancellationToken) =>
        DeliverAsync(queueArn, body, messageAttributes, cancellationToken);
}

/// <summary>One SQS message attribute (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html).</summary>
/// <param name="DataType"><c>String</c>, <c>Number</c>, <c>Binary</c>, optionally with a <c>.custom</c> suffix.</param>
/// <param name="StringValue">The value for String and Number types.</param>
/// <param name="BinaryValue">The value for Binary types.</param>
internal sealed record SqsMessageAttribute(string DataType, string? StringValue, byte[]? BinaryValue);
