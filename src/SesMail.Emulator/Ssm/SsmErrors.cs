using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ssm;

/// <summary>Parameter Store errors as the SSM API reference names them (all HTTP 400).</summary>
internal static class SsmErrors
{
    public static AwsServiceException ParameterNotFound(string name) => new("ParameterNotFound", $"Parameter {name} not found.");

    public static AwsServiceException ParameterVersionNotFound(string name) =>
        new("ParameterVersionNotFound", $"Systems Manager could not find version of {name}.");

    public static AwsServiceException ParameterAlreadyExists() =>
        new("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException UnsupportedParameterType(string type) =>
        new("UnsupportedParameterType", $"Parameter type {type} is not supported: use String, StringList or SecureString.");

    public static AwsServiceException ParameterPatternMismatch(string pattern) =>
        new("ParameterPatternMismatchException", $"Parameter value, cannot be validated against allowedPattern: {pattern}");

    public static AwsServiceException InvalidNextToken() => new("InvalidNextToken", "The specified token is not valid.");
}
