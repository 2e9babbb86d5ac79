using System.Globalization;
using System.Text.Json.Serialization;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Cli.Hosting;

namespace SesMail.Cli.Queues;

/// <summary>Depth and oldest age of one queue (docs/OPERATIONS.md#queues-and-dead-letters).</summary>
internal sealed record QueueStatus(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("deadLetter")] bool DeadLetter,
    [property: JsonPropertyName("exists")] bool Exists,
    [property: JsonPropertyName("visible")] long? Visible,
    [property: JsonPropertyName("inFlight")] long? InFlight,
    [property: JsonPropertyName("delayed")] long? Delayed,
    [property: JsonPropertyName("oldestAgeSeconds")] long? OldestAgeSeconds,
    [property: JsonPropertyName("url")] string? Url)
{
    /// <summary>Any message in a DLQ, or a work queue whose oldest message waited more than 300 s.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy => Exists && (DeadLetter ? Visible is null or 0 : OldestAgeSeconds is null or <= 300);

    /// <summary>Reads every queue and DLQ of the stack.</summary>
    public static async Task<IReadOnlyList<QueueStatus>> ReadAllAsync(IAmazonSQS sqs, StackNames names, CancellationToken cancellationToken)
    {
        var rows = new List<QueueStatus>();
        foreach (var pair in names.Queues)
        {
            rows.Add(await ReadAsync(sqs, pair.Role, pair.Queue, deadLetter: false, cancellationToken).ConfigureAwait(false));
            rows.Add(await ReadAsync(sqs, pair.Role, pair.DeadLetterQueue, deadLetter: true, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    private static async Task<QueueStatus> ReadAsync(IAmazonSQS sqs, string role, string name, bool deadLetter, CancellationToken cancellationToken)
    {
        string url;
        try
        {
            url = (await sqs.GetQueueUrlAsync(name, cancellationToken).ConfigureAwait(false)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            return new QueueStatus(role, name, deadLetter, false, null, null, null, null, null);
        }

        // "All": ApproximateAgeOfOldestMessage is not a GetQueueAttributes attribute in AWS (it is a CloudWatch metric);
        // asking for it by name would fail there, so it is read when the backend offers it.
        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["All"] }, cancellationToken).ConfigureAwait(false)).Attributes ?? [];
        return new QueueStatus(
            role,
            name,
            deadLetter,
            true,
            Number(attributes, "ApproximateNumberOfMessages"),
            Number(attributes, "ApproximateNumberOfMessagesNotVisible"),
            Number(attributes, "ApproximateNumberOfMessagesDelayed"),
            Number(attributes, "ApproximateAgeOfOldestMessage"),
            url);
    }

    private static long? Number(Dictionary<string, string> attributes, string name) =>
        attributes.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
