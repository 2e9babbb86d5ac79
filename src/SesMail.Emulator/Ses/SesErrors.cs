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

    public static AwsServiceException ConfigurationSetDoesNotExist(string name) =>
        new("ConfigurationSetDoesNotExist", $"Configuration set <{name}> does not exist.");

    public static AwsServiceException ConfigurationSetAlreadyExists(string name) =>
        new("ConfigurationSetAlreadyExists", $"Configuration set <{name}> already exists.");

    public static AwsServiceException EventDestinationDoesNotExist(string set, string name) =>
        new("EventDestinationDoesNotExist", $"No EventDestination found for ConfigurationSet: <{set}>, EventDestination: <{name}>");

    public static AwsServiceException EventDestinationAlreadyExists(string set, string name) =>
        new("EventDestinationAlreadyExists", $"Event destination <{name}> already exists in configuration set <{set}>.");

    public static AwsServiceException InvalidSnsDestination(string message) =>
        new("InvalidSNSDestination", message);

    public static AwsServiceException SendingPaused(string set) =>
        new("ConfigurationSetSendingPausedException", $"Sending is paused for this configuration set: {set}.");

    /// <summary>SES's <c>Throttling</c> (HTTP 400): the maximum send rate or the daily quota is used up
    /// (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html).</summary>
    public static AwsServiceException Throttling(string message) =>
        new("Throttling", message);

    public static AwsServiceException InvalidParameterValue(string message) =>
        new("InvalidParameterValue", message);

    public static AwsServiceException Missing(string name) =>
        AwsServiceException.Common.MissingParameter("MissingParameter", name);
}
