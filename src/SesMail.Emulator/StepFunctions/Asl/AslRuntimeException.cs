namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// An error raised while a state runs, as Amazon States Language names errors: <c>States.Runtime</c>,
/// <c>States.TaskFailed</c>, <c>States.Timeout</c>, a Lambda function's own <c>errorType</c>,
/// <c>Sqs.QueueDoesNotExistException</c> … (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
/// Retriers and catchers match <see cref="Error"/>.
/// </summary>
/// <param name="error">The error name.</param>
/// <param name="cause">A human-readable cause (often a JSON error document).</param>
public sealed class AslRuntimeException(string error, string cause) : Exception($"{error}: {cause}")
{
    /// <summary>The error name (<c>States.Runtime</c>, <c>Lambda.ServiceException</c>, a custom name …).</summary>
    public string Error { get; } = error;

    /// <summary>The cause text.</summary>
    public string Cause { get; } = cause;

    /// <summary><c>States.Runtime</c>: a path, intrinsic or expression failed while the state ran.</summary>
    /// <param name="cause">What failed.</param>
    /// <returns>The exception.</returns>
    public static AslRuntimeException Runtime(string cause) => new(AslErrorNames.Runtime, cause);
}

/// <summary>The predefined error names of Amazon States Language.</summary>
public static class AslErrorNames
{
    /// <summary>Matches any error name except <c>States.Runtime</c> when listed alone, and must be last.</summary>
    public const string All = "States.ALL";

    /// <summary>Any error other than <c>States.Timeout</c> (and <c>States.Runtime</c>).</summary>
    public const string TaskFailed = "States.TaskFailed";

    /// <summary>A task ran longer than <c>TimeoutSeconds</c>, or the execution did.</summary>
    public const string Timeout = "States.Timeout";

    /// <summary>A task sent no heartbeat within <c>HeartbeatSeconds</c>.</summary>
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";

    /// <summary>A runtime error (bad path, bad intrinsic argument); never retried by <c>States.ALL</c>.</summary>
    public const string Runtime = "States.Runtime";

    /// <summary>A Parallel branch failed.</summary>
    public const string BranchFailed = "States.BranchFailed";

    /// <summary>No Choice rule matched and there is no <c>Default</c>.</summary>
    public const string NoChoiceMatched = "States.NoChoiceMatched";

    /// <summary>A Parameters path could not be resolved.</summary>
    public const string ParameterPathFailure = "States.ParameterPathFailure";

    /// <summary>A ResultPath could not be applied to the input.</summary>
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";

    /// <summary>An intrinsic function failed.</summary>
    public const string IntrinsicFailure = "States.IntrinsicFailure";

    /// <summary>A Map state's failed items exceeded its tolerated failure threshold.</summary>
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";

    /// <summary>A JSONata expression failed or returned nothing where a value was needed.</summary>
    public const string QueryEvaluationError = "States.QueryEvaluationError";

    /// <summary>The state's or the execution's data exceeded 256 KiB.</summary>
    public const string DataLimitExceeded = "States.DataLimitExceeded";
}

/// <summary>A definition is not valid Amazon States Language (or uses what this emulator does not run).</summary>
/// <param name="message">What is wrong, naming the state and field.</param>
/// <param name="location">Where: <c>/States/Name/Field</c>, or <c>null</c>.</param>
public sealed class AslDefinitionException(string message, string? location = null) : Exception(message)
{
    /// <summary>JSON-pointer-like location of the problem.</summary>
    public string? Location { get; } = location;
}
