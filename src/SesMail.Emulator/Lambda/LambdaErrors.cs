using System.Net;
using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda;

/// <summary>Lambda errors as the Lambda API reference names them (https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html).</summary>
internal static class LambdaErrors
{
    public static AwsServiceException FunctionNotFound(string arn) =>
        new("ResourceNotFoundException", $"Function not found: {arn}", HttpStatusCode.NotFound);

    public static AwsServiceException MappingNotFound() =>
        new("ResourceNotFoundException", "The resource you requested does not exist.", HttpStatusCode.NotFound);

    public static AwsServiceException StatementNotFound(string statementId) =>
        new("ResourceNotFoundException", $"Statement {statementId} is not found in resource policy.", HttpStatusCode.NotFound);

    public static AwsServiceException NoPolicy() =>
        new("ResourceNotFoundException", "The resource you requested does not exist.", HttpStatusCode.NotFound);

    public static AwsServiceException FunctionExists(string name) =>
        new("ResourceConflictException", $"Function already exist: {name}", HttpStatusCode.Conflict);

    public static AwsServiceException StatementExists(string statementId) =>
        new("ResourceConflictException", $"The statement id ({statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.", HttpStatusCode.Conflict);

    public static AwsServiceException MappingExists(string uuid) =>
        new("ResourceConflictException", $"An event source mapping with SQS arn and function already exists. Please update or delete the existing mapping with UUID {uuid}", HttpStatusCode.Conflict);

    public static AwsServiceException MappingInUse(string uuid, string state) =>
        new("ResourceInUseException", $"Cannot update the event source mapping {uuid} because it is in use (state {state}).", HttpStatusCode.BadRequest);

    public static AwsServiceException RevisionMismatch() =>
        new("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id", HttpStatusCode.PreconditionFailed);

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterValueException", message);

    public static AwsServiceException Validation(string member, string value, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException Missing(string member) =>
        new("ValidationException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    public static AwsServiceException NotEmulated(string what) =>
        new("InvalidParameterValueException", $"{what} is not emulated by SesMail.Emulator.");

    public static AwsServiceException TooLarge(long size, long limit) =>
        new("RequestTooLargeException", $"Request must be smaller than {limit} bytes for the InvokeFunction operation", HttpStatusCode.RequestEntityTooLarge) { JsonMembers = new JsonObject { ["Type"] = "User", ["size"] = size } };

    public static AwsServiceException Throttled(string reason) =>
        new("TooManyRequestsException", "Rate Exceeded.", (HttpStatusCode)429) { JsonMembers = new JsonObject { ["Reason"] = reason } };

    public static AwsServiceException Service(string message) =>
        new("ServiceException", message, HttpStatusCode.InternalServerError, senderFault: false);

    public static AwsServiceException CodeStorage(string message) =>
        new("InvalidParameterValueException", message);
}
