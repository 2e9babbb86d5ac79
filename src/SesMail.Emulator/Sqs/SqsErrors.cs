using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// SQS errors with their JSON code (<c>__type</c>) and legacy Query code (<c>x-amzn-query-error</c>, and the
/// <c>Code</c> of Query responses), as listed in each operation's "Errors" section of the SQS API reference.
/// </summary>
internal static class SqsErrors
{
    public static AwsServiceException QueueDoesNotExist() =>
        new("QueueDoesNotExist", "The specified queue does not exist.") { QueryErrorCode = "AWS.SimpleQueueService.NonExistentQueue" };

    public static AwsServiceException QueueNameExists(string name, string attribute) =>
        new("QueueNameExists", $"A queue already exists with the same name '{name}' and a different value for attribute {attribute}.") { QueryErrorCode = "QueueAlreadyExists" };

    public static AwsServiceException ReceiptHandleIsInvalid(string handle) =>
        new("ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.") { QueryErrorCode = "ReceiptHandleIsInvalid" };

    public static AwsServiceException MessageNotInflight() =>
        new("MessageNotInflight", "The message referred to isn't in flight: it was deleted, or its visibility timeout already expired.") { QueryErrorCode = "AWS.SimpleQueueService.MessageNotInflight" };

    public static AwsServiceException InvalidAttributeName(string name) =>
        new("InvalidAttributeName", $"Unknown Attribute {name}.") { QueryErrorCode = "InvalidAttributeName" };

    public static AwsServiceException InvalidAttributeValue(string name, string reason) =>
        new("InvalidAttributeValue", $"Invalid value for the parameter {name}. Reason: {reason}") { QueryErrorCode = "InvalidAttributeValue" };

    public static AwsServiceException InvalidParameterValue(string message) =>
        new("InvalidParameterValue", message) { QueryErrorCode = "InvalidParameterValue" };

    public static AwsServiceException MissingParameter(string name) =>
        new("MissingParameter", $"The request must contain the parameter {name}.") { QueryErrorCode = "MissingParameter" };

    public static AwsServiceException InvalidMessageContents() =>
        new("InvalidMessageContents", "The message contains characters outside the allowed set (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF).") { QueryErrorCode = "InvalidMessageContents" };

    public static AwsServiceException FifoNotSupported() =>
        new("UnsupportedOperation", "FIFO queues are not emulated by SesMail.Emulator: create a standard queue (a name without the .fifo suffix and no FifoQueue attribute).") { QueryErrorCode = "AWS.SimpleQueueService.UnsupportedOperation" };

    public static AwsServiceException EmptyBatchRequest() =>
        new("EmptyBatchRequest", "There should be at least one batch entry in the request.") { QueryErrorCode = "AWS.SimpleQueueService.EmptyBatchRequest" };

    public static AwsServiceException TooManyEntriesInBatchRequest(int count) =>
        new("TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.") { QueryErrorCode = "AWS.SimpleQueueService.TooManyEntriesInBatchRequest" };

    public static AwsServiceException BatchEntryIdsNotDistinct(string id) =>
        new("BatchEntryIdsNotDistinct", $"Id {id} repeated.") { QueryErrorCode = "AWS.SimpleQueueService.BatchEntryIdsNotDistinct" };

    public static AwsServiceException InvalidBatchEntryId(string id) =>
        new("InvalidBatchEntryId", $"A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long: '{id}'.") { QueryErrorCode = "AWS.SimpleQueueService.InvalidBatchEntryId" };

    // AddPermission and RemovePermission: codes and statuses from the API reference pages
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html, OverLimit 403);
    // the limits from "Amazon SQS policy quotas" in the SQS Developer Guide (7 actions a statement, 20 statements).

    public static AwsServiceException OverLimit(string message) =>
        new("OverLimit", message, HttpStatusCode.Forbidden) { QueryErrorCode = "OverLimit" };

    public static AwsServiceException TooManyActions(int count) =>
        OverLimit($"{count} Actions were found, maximum allowed is 7.");

    public static AwsServiceException TooManyStatements(int count) =>
        OverLimit($"{count} statements were found, maximum allowed is 20.");

    public static AwsServiceException InvalidLabel(string label) =>
        InvalidParameterValue($"Value {label} for parameter Label is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.");

    public static AwsServiceException LabelExists(string label) =>
        InvalidParameterValue($"Value {label} for parameter Label is invalid. Reason: Already exists.");

    public static AwsServiceException LabelNotFound(string label) =>
        InvalidParameterValue($"Value {label} for parameter Label is invalid. Reason: can't find label on existing policy.");

    public static AwsServiceException InvalidPrincipal(string accountIds) =>
        InvalidParameterValue($"Value [{accountIds}] for parameter PrincipalId is invalid. Reason: Unable to verify.");

    public static AwsServiceException OwnerOnlyAction(string action) =>
        InvalidParameterValue($"Value SQS:{action} for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.");

    public static AwsServiceException UnknownAction(string action) =>
        InvalidParameterValue($"Value SQS:{action} for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.");

    public static AwsServiceException UnknownOperation(string operation) =>
        new("InvalidAction", $"The action {operation} is not valid for this endpoint.") { QueryErrorCode = "InvalidAction" };

    /// <summary>Turns a thrown error into a batch entry failure.</summary>
    public static Shapes.BatchResultErrorEntry ToBatchEntry(string id, AwsServiceException error) =>
        new(id, error.SenderFault, error.QueryErrorCode ?? error.Code, error.Message);

}
