namespace SesMail.Functions.Routing;

/// <summary>
/// The SES notification lacks what routing needs (a data problem, docs/ARCHITECTURE.md#when-routing-fails): the router emits a fallback
/// <c>store</c> decision and counts a failure instead of retrying a message that can never succeed.
/// </summary>
internal sealed class RoutingDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing or malformed.</param>
    public RoutingDataException(string message)
        : base(message)
    {
    }
}
