using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.StepFunctions;

/// <summary>Step Functions errors as the API reference names them (all HTTP 400).</summary>
internal static class StepFunctionsErrors
{
    public static AwsServiceException StateMachineDoesNotExist(string arn) => new("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'");

    public static AwsServiceException StateMachineAlreadyExists(string arn) => new("StateMachineAlreadyExists", $"State Machine Already Exists: '{arn}'");

    public static AwsServiceException ExecutionDoesNotExist(string arn) => new("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");

    public static AwsServiceException ExecutionAlreadyExists(string arn) => new("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'");

    public static AwsServiceException InvalidDefinition(string message) => new("InvalidDefinition", message);

    public static AwsServiceException InvalidName(string name) => new("InvalidName", $"Invalid Name: '{name}'");

    public static AwsServiceException InvalidArn(string arn) => new("InvalidArn", $"Invalid Arn: '{arn}'");

    public static AwsServiceException InvalidExecutionInput(string reason) => new("InvalidExecutionInput", $"Invalid State Machine Execution Input: '{reason}'");

    public static AwsServiceException InvalidLoggingConfiguration(string reason) => new("InvalidLoggingConfiguration", reason);

    public static AwsServiceException StateMachineTypeNotSupported(string reason) => new("StateMachineTypeNotSupported", reason);

    public static AwsServiceException ResourceNotFound(string arn) => new("ResourceNotFound", $"Resource not found: '{arn}'");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException InvalidToken() => new("InvalidToken", "Invalid Token: the nextToken is not one this API returned.");

    public static AwsServiceException UnknownOperation(string operation) => AwsServiceException.Common.UnknownOperation("UnknownOperationException", operation);
}
