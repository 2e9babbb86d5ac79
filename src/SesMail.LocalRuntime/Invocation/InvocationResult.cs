namespace SesMail.LocalRuntime.Invocation;

/// <summary>The outcome of one function invocation.</summary>
/// <param name="RequestId">The request id (a GUID, as Lambda uses).</param>
/// <param name="Payload">The response bytes (empty when the handler returned nothing), or <c>null</c> on error.</param>
/// <param name="ErrorType">The error type (exception type name, or <c>Sandbox.Timedout</c>), or <c>null</c> on success.</param>
/// <param name="ErrorMessage">The error message, or <c>null</c> on success.</param>
/// <param name="Duration">How long the handler ran.</param>
internal sealed record InvocationResult(string RequestId, byte[]? Payload, string? ErrorType, string? ErrorMessage, TimeSpan Duration)
{
    /// <summary>Whether the handler returned normally within its timeout.</summary>
    public bool Succeeded => ErrorType is null;
}
