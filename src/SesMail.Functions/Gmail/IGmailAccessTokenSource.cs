namespace SesMail.Functions.Gmail;

/// <summary>Supplies OAuth bearer tokens for Gmail API calls.</summary>
internal interface IGmailAccessTokenSource
{
    /// <summary>A valid access token, refreshed at the token endpoint when none is cached, it is stale, or <paramref name="forceRefresh"/>.</summary>
    /// <param name="forceRefresh">Refresh even if the cached token looks valid (Gmail just answered <c>401</c>).</param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>The access token.</returns>
    /// <exception cref="GmailTokenExpiredException">The refresh token is expired or revoked (<c>invalid_grant</c>, <c>400</c>, <c>401</c>).</exception>
    /// <exception cref="GmailTransientException">The token endpoint could not be reached or answered <c>5xx</c>/<c>429</c>.</exception>
    Task<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
