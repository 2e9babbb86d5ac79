using System.Text.Json.Serialization;

namespace SesMail.Aws.Events;

/// <summary>
/// The partial-batch response of an SQS-triggered function whose event source mapping has
/// <c>ReportBatchItemFailures</c> (<see href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting">Handling errors for an SQS event source</see>).
/// Listed messages become visible again; all others are deleted. A <c>null</c> or empty list means the whole batch
/// succeeded; an entry whose identifier is empty or not in the batch fails the whole batch (Lambda's rule).
/// </summary>
/// <param name="BatchItemFailures">The failed records; <c>null</c> when a function wrote none.</param>
public sealed record SqsBatchResponse(
    [property: JsonPropertyName("batchItemFailures")] IReadOnlyList<SqsBatchResponse.BatchItemFailure>? BatchItemFailures)
{
    /// <summary>One failed record.</summary>
    /// <param name="ItemIdentifier">The SQS <c>messageId</c> of the record (not its receipt handle); <c>null</c> when
    /// a function wrote none.</param>
    public sealed record BatchItemFailure(
        [property: JsonPropertyName("itemIdentifier")] string? ItemIdentifier);
}
