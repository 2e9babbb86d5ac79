using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda;

/// <summary>The registration until the Lambda service replaces it: every invocation fails with <c>ServiceException</c>.</summary>
internal sealed class UnavailableLambdaInvoker : ILambdaInvoker
{
    /// <inheritdoc />
    public Task<LambdaInvocationResult> InvokeAsync(LambdaInvocationRequest request, CancellationToken cancellationToken) =>
        throw new AwsServiceException("ServiceException", $"No Lambda runtime is attached to this emulator, so {request.FunctionName} cannot run.", HttpStatusCode.InternalServerError, senderFault: false);
}
