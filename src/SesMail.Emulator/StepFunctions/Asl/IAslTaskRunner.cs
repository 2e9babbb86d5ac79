using System.Text.Json.Nodes;

namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>Runs the work of a Task state: a Lambda invocation or an AWS SDK call. The interpreter owns retries, timeouts and history.</summary>
public interface IAslTaskRunner
{
    /// <summary>Runs the task once.</summary>
    /// <param name="request">The resource, its parameters and the execution it belongs to.</param>
    /// <param name="cancellationToken">Cancelled when the task times out or the execution stops.</param>
    /// <returns>The task's result.</returns>
    /// <exception cref="AslRuntimeException">The task failed; <see cref="AslRuntimeException.Error"/> is the name retriers and catchers match.</exception>
    Task<JsonNode?> RunAsync(AslTaskRequest request, CancellationToken cancellationToken);
}

/// <summary>One task to run.</summary>
/// <param name="Resource">The classified <c>Resource</c>.</param>
/// <param name="Parameters">The effective parameters (<c>Parameters</c> or <c>Arguments</c> evaluated).</param>
/// <param name="Region">The execution's region.</param>
/// <param name="ExecutionArn">The execution's ARN.</param>
/// <param name="TraceHeader">The execution's X-Ray trace header, passed on to the function.</param>
public sealed record AslTaskRequest(TaskResource Resource, JsonNode? Parameters, string Region, string ExecutionArn, string? TraceHeader);

/// <summary>Receives what an execution does: history events as they happen, and checkpoints to resume from after a restart.</summary>
public interface IAslExecutionListener
{
    /// <summary>Appends one history event.</summary>
    /// <param name="type">The event type as AWS names it (<c>TaskStateEntered</c>, <c>LambdaFunctionScheduled</c> …).</param>
    /// <param name="detailsMember">The member holding the details (<c>stateEnteredEventDetails</c> …), or <c>null</c>.</param>
    /// <param name="details">The details, or <c>null</c>.</param>
    /// <param name="previousEventId">The id of the event this one follows in its branch.</param>
    /// <returns>The new event's id.</returns>
    long Record(string type, string? detailsMember, JsonObject? details, long previousEventId);

    /// <summary>Records where the top-level machine is, so an execution interrupted by a restart resumes there.</summary>
    /// <param name="checkpoint">The state about to run, its input, the variables, and a Wait's deadline.</param>
    void Checkpoint(AslCheckpoint checkpoint);
}

/// <summary>Where a top-level execution can resume.</summary>
/// <param name="StateName">The state to (re-)enter.</param>
/// <param name="Input">Its raw input.</param>
/// <param name="Variables">The top-level workflow variables.</param>
/// <param name="WaitUntil">For a Wait state already entered: its deadline, kept across the restart.</param>
/// <param name="LastEventId">The id of the last history event before the state.</param>
public sealed record AslCheckpoint(string StateName, JsonNode? Input, JsonObject Variables, DateTimeOffset? WaitUntil, long LastEventId);

/// <summary>What an execution is, for the context object <c>$$</c> / <c>$states.context</c>.</summary>
/// <param name="ExecutionArn">The execution's ARN (<c>$$.Execution.Id</c>).</param>
/// <param name="ExecutionName">Its name.</param>
/// <param name="StateMachineArn">The state machine's ARN.</param>
/// <param name="StateMachineName">The state machine's name.</param>
/// <param name="RoleArn">The state machine's role.</param>
/// <param name="StartTime">When the execution started.</param>
/// <param name="Input">The execution's input.</param>
/// <param name="Region">The region.</param>
/// <param name="TraceHeader">The X-Ray trace header, or <c>null</c>.</param>
public sealed record AslExecutionContext(
    string ExecutionArn,
    string ExecutionName,
    string StateMachineArn,
    string StateMachineName,
    string? RoleArn,
    DateTimeOffset StartTime,
    JsonNode? Input,
    string Region,
    string? TraceHeader);

/// <summary>How an execution ended.</summary>
/// <param name="Status"><c>SUCCEEDED</c>, <c>FAILED</c>, <c>TIMED_OUT</c> or <c>ABORTED</c>.</param>
/// <param name="Output">The output when it succeeded.</param>
/// <param name="Error">The error name otherwise.</param>
/// <param name="Cause">The cause otherwise.</param>
public sealed record AslOutcome(string Status, JsonNode? Output, string? Error, string? Cause);
