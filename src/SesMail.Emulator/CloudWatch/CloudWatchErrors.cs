using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudWatch;

/// <summary>
/// CloudWatch errors with their JSON shape name (<c>__type</c>) and Query code (<c>x-amzn-query-error</c>, and the
/// <c>Code</c> of Query responses), as the CloudWatch API reference lists them.
/// </summary>
internal static class CloudWatchErrors
{
    public static AwsServiceException InvalidParameterValue(string message) =>
        new("InvalidParameterValueException", message) { QueryErrorCode = "InvalidParameterValue" };

    public static AwsServiceException InvalidParameterCombination(string message) =>
        new("InvalidParameterCombinationException", message) { QueryErrorCode = "InvalidParameterCombination" };

    public static AwsServiceException MissingParameter(string name) =>
        new("MissingRequiredParameterException", $"The parameter {name} is required.") { QueryErrorCode = "MissingParameter" };

    public static AwsServiceException Validation(string message) =>
        new("ValidationError", message) { QueryErrorCode = "ValidationError" };

    public static AwsServiceException AlarmNotFound(string name) =>
        new("ResourceNotFound", $"Alarm {name} not found", HttpStatusCode.NotFound) { QueryErrorCode = "ResourceNotFound" };

    public static AwsServiceException DashboardNotFound(string name) =>
        new("DashboardNotFoundError", $"Dashboard {name} does not exist", HttpStatusCode.NotFound) { QueryErrorCode = "ResourceNotFound" };

    public static AwsServiceException DashboardsNotFound(IEnumerable<string> names) =>
        new("DashboardNotFoundError", $"The specified dashboard does not exist. [{string.Join(", ", names)}]", HttpStatusCode.NotFound) { QueryErrorCode = "ResourceNotFound" };

    public static AwsServiceException DashboardInvalidInput(string message) =>
        new("DashboardInvalidInputError", message) { QueryErrorCode = "InvalidParameterInput" };

    public static AwsServiceException InvalidFormat(string message) =>
        new("InvalidFormatFault", message) { QueryErrorCode = "InvalidFormat" };

    public static AwsServiceException InvalidNextToken() =>
        new("InvalidNextToken", "The next token specified is invalid.") { QueryErrorCode = "InvalidNextToken" };

    public static AwsServiceException ResourceNotFound(string type, string id) =>
        new("ResourceNotFoundException", $"The specified resource {id} does not exist.", HttpStatusCode.NotFound) { QueryErrorCode = "ResourceNotFoundException" };

    public static AwsServiceException UnknownOperation(string operation) =>
        new("InvalidAction", $"The action {operation} is not valid for this endpoint (SesMail.Emulator does not emulate it).") { QueryErrorCode = "InvalidAction" };
}
