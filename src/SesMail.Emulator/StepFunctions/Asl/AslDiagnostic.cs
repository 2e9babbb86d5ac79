namespace SesMail.Emulator.StepFunctions.Asl;

/// <summary>
/// One finding of definition validation, as <c>ValidateStateMachineDefinition</c> reports it
/// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html).
/// </summary>
/// <param name="Severity"><c>ERROR</c> or <c>WARNING</c>.</param>
/// <param name="Code">For example <c>SCHEMA_VALIDATION_FAILED</c>, <c>INVALID_JSON_DESCRIPTION</c>, <c>MISSING_TRANSITION_TARGET</c>, <c>UNSUPPORTED_FEATURE</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Location">Where, as a path such as <c>/States/Send/Resource</c>; <c>null</c> for the whole definition.</param>
public sealed record AslDiagnostic(string Severity, string Code, string Message, string? Location)
{
    /// <summary>The text of an <c>InvalidDefinition</c> error for this finding.</summary>
    /// <returns>For example <c>Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: … at /States/A'</c>.</returns>
    public string ToInvalidDefinitionMessage() =>
        $"Invalid State Machine Definition: '{Code}: {Message}{(Location is null ? string.Empty : $" at {Location}")}'";
}
