using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.EventBridge;

/// <summary>
/// EventBridge errors with their wire codes and EventBridge's wording (all HTTP 400)
/// (https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html and each operation's Errors section).
/// <c>InvalidEventPatternException</c> is raised by <see cref="EventPattern.Parse"/>.
/// </summary>
internal static class EventBridgeErrors
{
    /// <summary><c>ValidationException</c>.</summary>
    /// <param name="message">EventBridge's message.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    /// <summary><c>ValidationException</c> for a required member that is absent.</summary>
    /// <param name="member">The member as EventBridge spells it in validation messages (camel case, e.g. <c>name</c>, <c>targets.1.member.id</c>).</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    /// <summary><c>ResourceNotFoundException</c> for a bus.</summary>
    /// <param name="name">The bus name.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException BusNotFound(string name) => new("ResourceNotFoundException", $"Event bus {name} does not exist.");

    /// <summary><c>ResourceNotFoundException</c> for a rule.</summary>
    /// <param name="rule">The rule name.</param>
    /// <param name="bus">The bus name.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException RuleNotFound(string rule, string bus) => new("ResourceNotFoundException", $"Rule {rule} does not exist on EventBus {bus}.");

    /// <summary><c>ResourceNotFoundException</c> for an ARN that names no bus or rule (the tagging operations).</summary>
    /// <param name="arn">The ARN.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException ResourceNotFound(string arn) => new("ResourceNotFoundException", $"Resource {arn} does not exist.");

    /// <summary><c>ResourceAlreadyExistsException</c> for <c>CreateEventBus</c>.</summary>
    /// <param name="name">The bus name.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException BusAlreadyExists(string name) => new("ResourceAlreadyExistsException", $"Event bus {name} already exists.");

    /// <summary><c>LimitExceededException</c> (more than five targets on a rule).</summary>
    /// <returns>The exception.</returns>
    public static AwsServiceException LimitExceeded() => new("LimitExceededException", "The requested resource exceeds the maximum number allowed.");

    /// <summary><c>UnknownOperationException</c>.</summary>
    /// <param name="operation">The operation the caller named.</param>
    /// <returns>The exception.</returns>
    public static AwsServiceException UnknownOperation(string operation) =>
        new("UnknownOperationException", $"The operation '{operation}' is not supported by this emulator.");
}
