namespace SesMail.Functions.Routing;

/// <summary>Provides the integration-test token that lets test mail skip the security verdicts (docs/ARCHITECTURE.md#security-verdicts).</summary>
internal interface IIntegrationTestTokenSource
{
    /// <summary>The current token, or <c>null</c> when none can be read (then no message bypasses the verdicts).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The token or <c>null</c>.</returns>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}
