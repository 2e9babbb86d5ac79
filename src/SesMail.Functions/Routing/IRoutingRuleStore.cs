namespace SesMail.Functions.Routing;

/// <summary>Reads routing rules by partition key (<c>ROUTE#…</c>); the sort key is always <c>RULE#v1</c>.</summary>
internal interface IRoutingRuleStore
{
    /// <summary>The rule stored under <paramref name="partitionKey"/>, or <c>null</c> when there is none.</summary>
    /// <param name="partitionKey">E.g. <c>ROUTE#*@example.com</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rule (enabled or not) or <c>null</c>.</returns>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">The store failed (throttled, missing table, …); the
    /// caller must fail the message so it is retried.</exception>
    ValueTask<RoutingRule?> GetAsync(string partitionKey, CancellationToken cancellationToken);
}
