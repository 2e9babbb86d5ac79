using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>
/// SES v1 errors as the service names them (https://docs.aws.amazon.com/ses/latest/APIReference/CommonErrors.html and
/// each operation's Errors section). All are sender faults answered with HTTP 400.
/// </summary>
internal static class SesErrors
{
    public static AwsServiceException RuleSetDoesNotExist(string name) =>
        new("RuleSetDoesNotExist", $"Rule set does not exist: {name}");

    public static AwsServiceException RuleDoesNotExist(string name) =>
        new("RuleDoesNotExist", $"Rule does not exist: {name}");

    public static AwsServiceException RuleSetAlreadyExists(string name) =>
        new("AlreadyExists", $"Rule set already exists: {name}");

    public static AwsServiceException RuleAlreadyExists(string name) =>
        new("AlreadyExists", $"Rule already exists: {name}");

    public static AwsServiceException CannotDeleteActive(string name) =>
        new("CannotDelete", $"Cannot delete active rule set: {name}");

    public static AwsServiceException LimitExceeded(string what) =>
        new("LimitExceeded", what);

    public static AwsServiceException MessageRejected(string message) =>
        new("MessageRejected", message);

    public static AwsServiceException NotVerified(string region, IEnumerable<string> identities) =>
        new("MessageRejected",
            $"Email address is not verified. The following identities failed the check in region {region.ToUpperInvariant()}: {string.Join(", ", identities)}");

    public static AwsServiceException InvalidParameterValue(string message) =>
        new("InvalidParameterValue", message);

    public static AwsServiceException Missing(string name) =>
        AwsServiceException.Common.MissingParameter("MissingParameter", name);
}
