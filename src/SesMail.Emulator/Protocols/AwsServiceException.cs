using System.Net;

namespace SesMail.Emulator.Protocols;

/// <summary>
/// An AWS service error with its wire identity. Providers throw it; the protocol layer writes it in the
/// caller's protocol (JSON <c>__type</c>, Query <c>ErrorResponse</c>, S3 <c>Error</c>).
/// </summary>
/// <param name="code">The AWS error code exactly as the service spells it, e.g. <c>QueueDoesNotExist</c>, <c>NoSuchKey</c>.</param>
/// <param name="message">The human-readable message, worded as the service words it where known.</param>
/// <param name="statusCode">The HTTP status the service answers with (400 unless stated).</param>
/// <param name="senderFault"><c>true</c> for client errors (<c>Sender</c>), <c>false</c> for server errors (<c>Receiver</c>).</param>
public sealed class AwsServiceException(string code, string message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, bool senderFault = true)
    : Exception(message)
{
    /// <summary>The AWS error code.</summary>
    public string Code { get; } = code;

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Whether the fault is the caller's.</summary>
    public bool SenderFault { get; } = senderFault;

    /// <summary>
    /// For query-compatible JSON services (SQS): the legacy Query error code sent in <c>x-amzn-query-error</c>,
    /// e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>. <c>null</c> when the JSON code is also the Query code.
    /// </summary>
    public string? QueryErrorCode { get; init; }

    /// <summary>
    /// Extra members of a JSON error body beside <c>__type</c> and <c>message</c>, e.g. DynamoDB's <c>Item</c> on
    /// <c>ConditionalCheckFailedException</c> when <c>ReturnValuesOnConditionCheckFailure</c> is <c>ALL_OLD</c>.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? JsonMembers { get; init; }

    /// <summary>Extra members of an S3 error body (e.g. <c>Key</c>, <c>BucketName</c>), written as child elements.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }

    /// <summary>Common errors shared by all protocols.</summary>
    public static class Common
    {
        /// <summary><c>InvalidAction</c>/<c>UnknownOperationException</c>: the operation is not emulated.</summary>
        /// <param name="code">The protocol's code for an unknown operation.</param>
        /// <param name="operation">The operation name the caller sent.</param>
        /// <returns>The exception to throw.</returns>
        public static AwsServiceException UnknownOperation(string code, string operation) =>
            new(code, $"The action or operation '{operation}' is not valid for this endpoint.");

        /// <summary><c>MissingParameter</c>/<c>ValidationException</c>: a required member is absent.</summary>
        /// <param name="code">The protocol's code for a missing parameter.</param>
        /// <param name="name">The member name.</param>
        /// <returns>The exception to throw.</returns>
        public static AwsServiceException MissingParameter(string code, string name) =>
            new(code, $"The request must contain the parameter {name}.");
    }
}
