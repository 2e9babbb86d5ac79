using System.Collections.Concurrent;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs;

namespace SesMail.Tests.Emulator.EventBridge;

/// <summary>Records deliveries per queue ARN; queues named in <see cref="Missing"/> answer QueueDoesNotExist.</summary>
internal sealed class FakeSqsDelivery : ISqsDelivery
{
    public ConcurrentDictionary<string, ConcurrentQueue<(string Body, IReadOnlyDictionary<string, SqsMessageAttribute>? Attributes)>> Queues { get; } = new();

    public HashSet<string> Missing { get; } = [];

    public IReadOnlyList<string> Bodies(string arn) =>
        Queues.TryGetValue(arn, out var q) ? [.. q.Select(m => m.Body)] : [];

    public ValueTask<string> DeliverAsync(string queueArn, string body, IReadOnlyDictionary<string, SqsMessageAttribute>? messageAttributes, CancellationToken cancellationToken)
    {
        if (Missing.Contains(queueArn))
        {
            throw new AwsServiceException("QueueDoesNotExist", "The specified queue does not exist.");
        }

        Queues.GetOrAdd(queueArn, _ => new()).Enqueue((body, messageAttributes));
        return ValueTask.FromResult(Guid.NewGuid().ToString());
    }
}
