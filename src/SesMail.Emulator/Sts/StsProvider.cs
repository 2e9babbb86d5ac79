using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sts;

/// <summary>
/// AWS Security Token Service, Query protocol, version 2011-06-15. Only <c>GetCallerIdentity</c>
/// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
/// </summary>
/// <remarks>Any access key id is accepted; the caller is always the account's root-like user <c>arn:aws:iam::{account}:user/sesmail</c>.</remarks>
internal sealed class StsProvider : IQueryService
{
    public string SigningName => "sts";

    public string XmlNamespace => "https://sts.amazonaws.com/doc/2011-06-15/";

    public bool Handles(string action) => action == "GetCallerIdentity";

    public ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken) =>
        action switch
        {
            "GetCallerIdentity" => ValueTask.FromResult<IEnumerable<XElement>>(
            [
                new XElement("Arn", $"arn:aws:iam::{context.AccountId}:user/sesmail"),
                new XElement("UserId", context.AccessKeyId ?? "AIDASESMAILEMULATOR"),
                new XElement("Account", context.AccountId),
            ]),
            _ => throw AwsServiceException.Common.UnknownOperation("InvalidAction", action),
        };
}
