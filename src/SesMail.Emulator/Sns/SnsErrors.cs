using System.Net;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sns;

/// <summary>SNS errors as the SNS API reference lists them (Query protocol codes and statuses).</summary>
internal static class SnsErrors
{
    public static AwsServiceException TopicNotFound() => new("NotFound", "Topic does not exist", HttpStatusCode.NotFound);

    public static AwsServiceException SubscriptionNotFound() => new("NotFound", "Subscription does not exist", HttpStatusCode.NotFound);

    public static AwsServiceException ResourceNotFound() => new("ResourceNotFound", "Resource does not exist", HttpStatusCode.NotFound);

    public static AwsServiceException InvalidParameter(string detail) => new("InvalidParameter", $"Invalid parameter: {detail}");

    public static AwsServiceException InvalidParameterValue(string detail) => new("ParameterValueInvalid", detail);

    public static AwsServiceException Missing(string name) => InvalidParameter($"{name} Reason: The parameter {name} is required.");

    public static AwsServiceException FifoNotSupported() =>
        InvalidParameter("FIFO topics are not emulated by SesMail.Emulator: create a standard topic (no .fifo suffix, no FifoTopic attribute).");

    public static AwsServiceException UnknownOperation(string action) => AwsServiceException.Common.UnknownOperation("InvalidAction", action);
}
