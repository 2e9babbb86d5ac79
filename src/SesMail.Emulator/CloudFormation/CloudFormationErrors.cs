using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.CloudFormation;

/// <summary>
/// CloudFormation errors with AWS's codes, statuses and wording
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html and each operation's Errors section).
/// </summary>
internal static class CloudFormationErrors
{
    public static AwsServiceException Validation(string message) => new("ValidationError", message);

    public static AwsServiceException StackNotFound(string stackName) => Validation($"Stack with id {stackName} does not exist");

    public static AwsServiceException AlreadyExists(string stackName) => new("AlreadyExistsException", $"Stack [{stackName}] already exists");

    public static AwsServiceException ChangeSetAlreadyExists(string name) => new("AlreadyExistsException", $"ChangeSet [{name}] already exists");

    public static AwsServiceException ChangeSetNotFound(string name) => new("ChangeSetNotFound", $"ChangeSet [{name}] does not exist", HttpStatusCode.NotFound);

    public static AwsServiceException InvalidChangeSetStatus(string id, string status) =>
        new("InvalidChangeSetStatus", $"ChangeSet [{id}] cannot be executed in its current status of [{status}]");

    public static AwsServiceException InsufficientCapabilities(IEnumerable<string> capabilities) =>
        new("InsufficientCapabilitiesException", $"Requires capabilities : [{string.Join(", ", capabilities)}]");

    public static AwsServiceException NotUpdatable(string stackId, string status) =>
        Validation($"Stack:{stackId} is in {status} state and can not be updated.");

    public static AwsServiceException NoUpdates() => Validation("No updates are to be performed.");

    public static AwsServiceException TemplateFormat(string detail) => Validation($"Template format error: {detail}");

    public static AwsServiceException Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    public static AwsServiceException NotEmulated(string what) =>
        Validation($"{what} is not emulated by SesMail.Emulator's CloudFormation; leave it out.");

    public static AwsServiceException UnknownOperation(string action) => AwsServiceException.Common.UnknownOperation("InvalidAction", action);
}
