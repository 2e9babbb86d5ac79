namespace SesMail.LocalRuntime.Invocation;

/// <summary>Invokes a function synchronously (RequestResponse), as the Lambda service does for event sources and pipes.</summary>
internal interface ILambdaInvoker
{
    /// <summary>Invokes the function named by <paramref name="functionNameOrArn"/>.</summary>
    /// <param name="functionNameOrArn">A function name or ARN from the template.</param>
    /// <param name="payload">The event JSON bytes.</param>
    /// <param name="cancellationToken">Cancels waiting (the handler is told through its token when it takes one).</param>
    /// <returns>The result; handler errors and timeouts are results, not exceptions.</returns>
    /// <exception cref="KeyNotFoundException">No such function in the stack.</exception>
    Task<InvocationResult> InvokeAsync(string functionNameOrArn, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
