using SesMail.Functions.Routing;

namespace SesMail.Testing.Functions.Routing;

/// <summary>An <see cref="IRoutingRuleStore"/> whose every read fails (a DynamoDB outage).</summary>
/// <param name="exception">What every read throws.</param>
internal sealed class ThrowingRuleStore(Exception exception) : IRoutingRuleStore
{
    /// <inheritdoc />
    public ValueTask<RoutingRule?> GetAsync(string partitionKey, CancellationToken cancellationToken) => ValueTask.FromException<RoutingRule?>(exception);
}
