using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Logs;

/// <summary>CloudWatch Logs errors as the API reference names them (all HTTP 400), with AWS's messages.</summary>
internal static class LogsErrors
{
    public static AwsServiceException GroupNotFound() => new("ResourceNotFoundException", "The specified log group does not exist.");

    public static AwsServiceException StreamNotFound() => new("ResourceNotFoundException", "The specified log stream does not exist.");

    public static AwsServiceException FilterNotFound() => new("ResourceNotFoundException", "The specified metric filter does not exist.");

    public static AwsServiceException GroupExists() => new("ResourceAlreadyExistsException", "The specified log group already exists");

    public static AwsServiceException StreamExists() => new("ResourceAlreadyExistsException", "The specified log stream already exists");

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException Missing(string member) =>
        new("InvalidParameterException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    public static AwsServiceException InvalidFilterPattern(string reason) =>
        new("InvalidParameterException", $"Invalid filter pattern: {reason}");

    public static AwsServiceException InvalidNextToken() => new("InvalidParameterException", "The specified nextToken is not valid.");

    public static AwsServiceException UnknownOperation(string operation) =>
        new("UnknownOperationException", $"The operation {operation} is not emulated by SesMail.Emulator's CloudWatch Logs.");
}
