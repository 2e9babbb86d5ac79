using Amazon.EventBridge;
using Amazon.EventBridge.Model;

namespace SesMail.LocalRuntime.Pipes;

/// <summary>PutEvents through the EventBridge client.</summary>
internal sealed class EventBridgeBusPublisher(IAmazonEventBridge events) : IEventBusPublisher
{
    public async Task<int> PutEventsAsync(string eventBusNameOrArn, IReadOnlyList<BusEvent> batch, CancellationToken cancellationToken)
    {
        var response = await events.PutEventsAsync(
            new PutEventsRequest
            {
                Entries = batch.Select(e => new PutEventsRequestEntry { Source = e.Source, DetailType = e.DetailType, Detail = e.Detail, EventBusName = eventBusNameOrArn }).ToList(),
            },
            cancellationToken).ConfigureAwait(false);
        return response.FailedEntryCount;
    }
}
