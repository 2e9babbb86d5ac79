using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Iam;

/// <summary>IAM errors with the codes, statuses and messages of the IAM API reference (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each operation's Errors).</summary>
internal static class IamErrors
{
    public static AwsServiceException NoSuchEntity(string message) => new("NoSuchEntity", message, HttpStatusCode.NotFound);

    public static AwsServiceException NoSuchRole(string name) => NoSuchEntity($"The role with name {name} cannot be found.");

    public static AwsServiceException NoSuchUser(string name) => NoSuchEntity($"The user with name {name} cannot be found.");

    public static AwsServiceException NoSuchPolicy(string arn) => NoSuchEntity($"Policy {arn} does not exist or is not attachable.");

    public static AwsServiceException EntityAlreadyExists(string message) => new("EntityAlreadyExists", message, HttpStatusCode.Conflict);

    public static AwsServiceException MalformedPolicyDocument(string message) => new("MalformedPolicyDocument", message);

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceeded", message, HttpStatusCode.Conflict);

    public static AwsServiceException DeleteConflict(string message) => new("DeleteConflict", message, HttpStatusCode.Conflict);

    public static AwsServiceException InvalidInput(string message) => new("InvalidInput", message);

    public static AwsServiceException Validation(string message) => new("ValidationError", message);

    public static AwsServiceException Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    public static AwsServiceException Pattern(string value, string member, string pattern) =>
        Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");

    public static AwsServiceException UnknownOperation(string action) => AwsServiceException.Common.UnknownOperation("InvalidAction", action);
}
