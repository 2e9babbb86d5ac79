namespace SesMail.LocalRuntime.Pipes;

/// <summary>Puts events on an EventBridge bus (PutEvents, https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html).</summary>
internal interface IEventBusPublisher
{
    /// <summary>Puts up to 10 events in one call.</summary>
    /// <param name="eventBusNameOrArn">The bus (name or ARN).</param>
    /// <param name="events">The events: <c>Source</c>, <c>DetailType</c>, <c>Detail</c> (JSON text).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of entries the bus rejected (<c>FailedEntryCount</c>).</returns>
    Task<int> PutEventsAsync(string eventBusNameOrArn, IReadOnlyList<BusEvent> events, CancellationToken cancellationToken);
}

/// <summary>One event for PutEvents.</summary>
/// <param name="Source">e.g. <c>ses.email.router</c>.</param>
/// <param name="DetailType">e.g. <c>Email Routing Decision</c>.</param>
/// <param name="Detail">The detail as JSON text (an object).</param>
internal sealed record BusEvent(string Source, string DetailType, string Detail);
