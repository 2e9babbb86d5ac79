using System.Text.Json.Nodes;
using System.Xml.Linq;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sts;

/// <summary>Binds <see cref="StsProvider"/> to the STS Query protocol (version 2011-06-15).</summary>
internal sealed class StsService(StsProvider provider) : IQueryService
{
    private static readonly QueryConventions Conventions = new() { Flattened = false };

    /// <inheritdoc />
    public string SigningName => "sts";

    /// <inheritdoc />
    public string XmlNamespace => "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <inheritdoc />
    public bool Handles(string action) => action is "GetCallerIdentity" or "AssumeRole" or "GetSessionToken";

    /// <inheritdoc />
    public async ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var input = QueryDocument.ToJson(parameters, Conventions);
        var result = await InvokeAsync(action, input, context).ConfigureAwait(false);
        return QueryDocument.ToXml(action, result, Conventions);
    }

    private ValueTask<JsonNode?> InvokeAsync(string action, JsonObject input, AwsRequestContext context)
    {
        var json = StsJsonContext.Default;
        const string invalid = "ValidationError";
        return action switch
        {
            "AssumeRole" => AwsOperation.Invoke(input, json.AssumeRoleRequest, json.AssumeRoleResult, r => provider.AssumeRole(r, context), invalid),
            "GetSessionToken" => AwsOperation.Invoke(input, json.GetSessionTokenRequest, json.GetSessionTokenResult, r => provider.GetSessionToken(r, context), invalid),
            "GetCallerIdentity" => AwsOperation.Invoke(input, json.EmptyResult, json.GetCallerIdentityResult, r => provider.GetCallerIdentity(r, context), invalid),
            _ => throw AwsServiceException.Common.UnknownOperation("InvalidAction", action),
        };
    }
}
