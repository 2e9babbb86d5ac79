using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace SesMail.Cli.Queues;

/// <summary>
/// One queue's URL and counts, read by name with <c>GetQueueUrl</c> then <c>GetQueueAttributes</c>
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html). Reading only:
/// unlike <see cref="QueueHealthReader"/>'s sample, it receives nothing, so no message's receive count changes.
/// Used by <c>sesmail status</c>, <c>sesmail token</c> and <c>sesmail queues</c>.
/// </summary>
/// <param name="Url">The queue URL.</param>
/// <param name="Attributes">The attributes asked for, as SQS returns them (strings).</param>
internal sealed record QueueAttributes(string Url, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The three message counts: <c>ApproximateNumberOfMessages</c>, <c>…NotVisible</c> and <c>…Delayed</c>.</summary>
    public static readonly IReadOnlyList<string> Counts =
        ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"];

    /// <summary>SQS <c>ApproximateNumberOfMessages</c>: visible messages, 0 when not asked for.</summary>
    public long Visible => Number("ApproximateNumberOfMessages") ?? 0;

    /// <summary>SQS <c>ApproximateNumberOfMessagesNotVisible</c>: received, not yet deleted; 0 when not asked for.</summary>
    public long InFlight => Number("ApproximateNumberOfMessagesNotVisible") ?? 0;

    /// <summary>SQS <c>ApproximateNumberOfMessagesDelayed</c>: sent with a delay not yet over; 0 when not asked for.</summary>
    public long Delayed => Number("ApproximateNumberOfMessagesDelayed") ?? 0;

    /// <summary>Reads a queue by name.</summary>
    /// <param name="sqs">The SQS client.</param>
    /// <param name="name">The queue name.</param>
    /// <param name="attributeNames">What to read, e.g. <see cref="Counts"/> or <c>All</c>.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The queue's URL and attributes, or <c>null</c> when SQS answers <c>QueueDoesNotExist</c>.</returns>
    public static async Task<QueueAttributes?> ReadAsync(IAmazonSQS sqs, string name, IReadOnlyList<string> attributeNames, CancellationToken cancellationToken)
    {
        string url;
        try
        {
            url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken).ConfigureAwait(false)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            return null;
        }

        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = [.. attributeNames] }, cancellationToken).ConfigureAwait(false);
        return new QueueAttributes(url, response.Attributes ?? []);
    }

    /// <summary>An attribute read as a whole number, or <c>null</c> when absent or not a number.</summary>
    /// <param name="attribute">The attribute name.</param>
    public long? Number(string attribute) => Number(Attributes, attribute);

    /// <summary>
    /// A queue or message attribute read as a whole number (SQS sends every attribute as a string), or <c>null</c> when
    /// absent or not a number.
    /// </summary>
    /// <param name="attributes">Queue attributes, or a message's system attributes (<c>SentTimestamp</c>, ms since the epoch).</param>
    /// <param name="attribute">The attribute name.</param>
    public static long? Number(IReadOnlyDictionary<string, string> attributes, string attribute) =>
        attributes.TryGetValue(attribute, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
