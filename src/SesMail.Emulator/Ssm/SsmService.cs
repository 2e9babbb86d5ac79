using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ssm;

/// <summary>Binds <see cref="SsmProvider"/> to JSON 1.1 (<c>X-Amz-Target: AmazonSSM.{Operation}</c>).</summary>
internal sealed class SsmService(SsmProvider provider) : JsonServiceBinding("AmazonSSM", "ssm", "1.1", "com.amazonaws.ssm")
{
    /// <inheritdoc />
    public override ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = SsmJsonContext.Default;
        const string invalid = "ValidationException";
        return operation switch
        {
            "PutParameter" => AwsOperation.Invoke(input, json.PutParameterRequest, json.PutParameterResult, r => provider.PutParameter(r, context), invalid),
            "GetParameter" => AwsOperation.Invoke(input, json.GetParameterRequest, json.GetParameterResult, r => provider.GetParameter(r, context), invalid),
            "GetParameters" => AwsOperation.Invoke(input, json.GetParametersRequest, json.GetParametersResult, r => provider.GetParameters(r, context), invalid),
            "GetParametersByPath" => AwsOperation.Invoke(input, json.GetParametersByPathRequest, json.GetParametersByPathResult, r => provider.GetParametersByPath(r, context), invalid),
            "DeleteParameter" => AwsOperation.Invoke(input, json.DeleteParameterRequest, json.EmptyResult, r => provider.DeleteParameter(r, context), invalid),
            "DeleteParameters" => AwsOperation.Invoke(input, json.DeleteParametersRequest, json.DeleteParametersResult, r => provider.DeleteParameters(r, context), invalid),
            "DescribeParameters" => AwsOperation.Invoke(input, json.DescribeParametersRequest, json.DescribeParametersResult, r => provider.DescribeParameters(r, context), invalid),
            "GetParameterHistory" => AwsOperation.Invoke(input, json.GetParameterHistoryRequest, json.GetParameterHistoryResult, r => provider.GetParameterHistory(r, context), invalid),
            _ => throw AwsServiceException.Common.UnknownOperation("InvalidAction", operation),
        };
    }
}
