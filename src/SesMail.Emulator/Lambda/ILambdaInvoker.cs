namespace SesMail.Emulator.Lambda;

/// <summary>
/// The one door to a function inside the emulator. Lambda's <c>Invoke</c> API, Step Functions'
/// <c>arn:aws:states:::lambda:invoke</c> tasks, EventBridge rule and schedule targets, event source mappings and
/// pipes all reach a function through this interface, as they all reach it through <c>Invoke</c> in AWS
/// (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). Where the function runs (in the local
/// runtime's process or in a process of its own through the Lambda Runtime API) is the implementation's business.
/// </summary>
public interface ILambdaInvoker
{
    /// <summary>Invokes a function once.</summary>
    /// <param name="request">The function, payload, invocation type and trace header.</param>
    /// <param name="cancellationToken">Stops waiting for the result (the invocation itself may still complete).</param>
    /// <returns>
    /// The result as <c>Invoke</c> returns it: status 200 with the function's response (or its error document and
    /// <see cref="LambdaInvocationResult.FunctionError"/> set) for <c>RequestResponse</c>, 202 with an empty payload
    /// for <c>Event</c>, 204 for <c>DryRun</c>.
    /// </returns>
    /// <exception cref="Protocols.AwsServiceException">
    /// <c>ResourceNotFoundException</c> (404) when no such function exists; <c>ServiceException</c> (500) when no
    /// runtime can run it; <c>TooManyRequestsException</c> (429) when its concurrency is exhausted.
    /// </exception>
    Task<LambdaInvocationResult> InvokeAsync(LambdaInvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>How <c>Invoke</c> runs a function (<c>X-Amz-Invocation-Type</c>).</summary>
public enum LambdaInvocationType
{
    /// <summary>Synchronous: wait for the function's response.</summary>
    RequestResponse,

    /// <summary>Asynchronous: queue the event, answer 202 at once; retries and maximum event age as configured.</summary>
    Event,

    /// <summary>Validate the request and the caller's permission only.</summary>
    DryRun,
}

/// <summary>One invocation request.</summary>
/// <param name="FunctionName">Function name, partial ARN or full ARN, optionally with <c>:qualifier</c>.</param>
/// <param name="Payload">The event as UTF-8 JSON bytes.</param>
/// <param name="InvocationType">Synchronous, asynchronous or dry run.</param>
/// <param name="TraceHeader">
/// X-Ray trace header (<c>Root=1-…;Parent=…;Sampled=1</c>) to continue; given to the function as
/// <c>Lambda-Runtime-Trace-Id</c> / <c>_X_AMZN_TRACE_ID</c>. <c>null</c> starts a new trace.
/// </param>
public sealed record LambdaInvocationRequest(
    string FunctionName,
    ReadOnlyMemory<byte> Payload,
    LambdaInvocationType InvocationType = LambdaInvocationType.RequestResponse,
    string? TraceHeader = null);

/// <summary>One invocation's outcome, as the <c>Invoke</c> API reports it.</summary>
/// <param name="StatusCode">200 (<c>RequestResponse</c>), 202 (<c>Event</c>) or 204 (<c>DryRun</c>).</param>
/// <param name="Payload">The function's response, or its error document <c>{"errorMessage","errorType","stackTrace"}</c>.</param>
/// <param name="FunctionError"><c>Unhandled</c> when the function failed (threw, timed out, ran out of memory); otherwise <c>null</c>.</param>
/// <param name="RequestId">The invocation's request id (the <c>START RequestId:</c> of its log lines).</param>
/// <param name="TraceHeader">
/// The X-Ray trace header whose <c>Parent</c> is the invocation's span (what the function got as
/// <c>Lambda-Runtime-Trace-Id</c>), for a caller that carries the trace on from the function's result (a pipe's
/// target); <c>null</c> when the invocation made no span.
/// </param>
public sealed record LambdaInvocationResult(int StatusCode, ReadOnlyMemory<byte> Payload, string? FunctionError, string RequestId, string? TraceHeader = null);
