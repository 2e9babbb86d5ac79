using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// Parks a record in the retry queue for one Gmail account whose token has expired, was revoked, or was never stored
/// (docs/OPERATIONS.md, "Gmail accounts and tokens"): the body unchanged, the account in <c>gmail_account</c>, so a
/// replay delivers only into the accounts still missing the message.
/// </summary>
internal interface IRetryQueue
{
    /// <summary>Sends the original SQS body unchanged with the parking attributes.</summary>
    /// <param name="body">The original SQS body.</param>
    /// <param name="attributes">Parking attributes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>
    /// <c>true</c> when the record went to the retry DLQ because its <c>attempt_count</c> reached the limit, <c>false</c>
    /// when it was parked in the retry queue; the task completes when SQS accepted the message.
    /// </returns>
    Task<bool> ParkAsync(string body, RetryParking attributes, CancellationToken cancellationToken);
}

/// <summary>The message attributes of a parked record.</summary>
/// <param name="OriginalTimestamp">UTC time of parking (<c>original_timestamp</c>, ISO-8601).</param>
/// <param name="ErrorType"><c>error_type</c>: <c>token_expired</c> (the token endpoint or Gmail refused the account's
/// token) or <c>token_missing</c> (no token is stored for the account).</param>
/// <param name="OriginalLambdaRequestId"><c>original_lambda_request_id</c>, or <c>unknown</c>.</param>
/// <param name="AttemptCount"><c>attempt_count</c> (Number): 1 on first parking, incremented on each re-park.</param>
/// <param name="GmailAccount"><c>gmail_account</c>: the account key (<see cref="Gmail.GmailAccounts.Key"/>) the message
/// is still missing from; a record carrying it is delivered into that account only. <c>null</c> writes no attribute.</param>
internal sealed record RetryParking(DateTimeOffset OriginalTimestamp, string ErrorType, string OriginalLambdaRequestId, int AttemptCount, string? GmailAccount = null)
{
    /// <summary>The message attribute naming the account a parked record is for.</summary>
    public const string GmailAccountAttribute = "gmail_account";

    /// <summary><c>error_type</c> when the account's token was refused.</summary>
    public const string TokenExpired = "token_expired";

    /// <summary><c>error_type</c> when no token is stored for the account.</summary>
    public const string TokenMissing = "token_missing";

    /// <summary>The SQS message attributes.</summary>
    public Dictionary<string, MessageAttributeValue> ToMessageAttributes()
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            ["original_timestamp"] = new() { DataType = "String", StringValue = OriginalTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) },
            ["error_type"] = new() { DataType = "String", StringValue = ErrorType },
            ["original_lambda_request_id"] = new() { DataType = "String", StringValue = OriginalLambdaRequestId },
            ["attempt_count"] = new() { DataType = "Number", StringValue = AttemptCount.ToString(CultureInfo.InvariantCulture) },
        };
        if (GmailAccount is not null)
        {
            attributes[GmailAccountAttribute] = new() { DataType = "String", StringValue = GmailAccount };
        }

        return attributes;
    }
}

/// <summary>
/// Parks records with SQS <c>SendMessage</c> on <c>RETRY_QUEUE_URL</c>; a record whose <c>attempt_count</c> reaches
/// <see cref="MaxAttempts"/> goes to <c>RETRY_DLQ_URL</c> instead, so a mail cannot circulate for ever while the token
/// stays bad (docs/RECOVERY.md). Without a DLQ URL every record is parked.
/// </summary>
/// <param name="sqs">The SQS client.</param>
/// <param name="queueUrl">The retry queue.</param>
/// <param name="deadLetterQueueUrl">The retry DLQ, or <c>null</c>.</param>
internal sealed class SqsRetryQueue(IAmazonSQS sqs, string queueUrl, string? deadLetterQueueUrl = null) : IRetryQueue
{
    /// <summary>The parking at which a record goes to the retry DLQ instead of the retry queue.</summary>
    public const int MaxAttempts = 3;

    /// <inheritdoc />
    public async Task<bool> ParkAsync(string body, RetryParking attributes, CancellationToken cancellationToken)
    {
        var deadLetter = attributes.AttemptCount >= MaxAttempts && deadLetterQueueUrl is not null;
        await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = deadLetter ? deadLetterQueueUrl : queueUrl,
            MessageBody = body,
            MessageAttributes = attributes.ToMessageAttributes(),
        }, cancellationToken).ConfigureAwait(false);
        return deadLetter;
    }
}
