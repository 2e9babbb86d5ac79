using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>Binds <see cref="DynamoDbStreamsProvider"/> to JSON 1.0 (<c>X-Amz-Target: DynamoDBStreams_20120810.{Operation}</c>, signing name <c>dynamodb</c>).</summary>
internal sealed class DynamoDbStreamsService(DynamoDbStreamsProvider provider) : JsonServiceBinding("DynamoDBStreams_20120810", "dynamodb", "1.0", "com.amazonaws.dynamodb.v20120810")
{
    /// <inheritdoc />
    public override ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = DynamoDbJsonContext.Default;
        const string invalid = DynamoDbService.Invalid;
        return operation switch
        {
            "ListStreams" => AwsOperation.Invoke(input, json.ListStreamsRequest, json.ListStreamsResult, r => provider.ListStreams(r, context), invalid),
            "DescribeStream" => AwsOperation.Invoke(input, json.DescribeStreamRequest, json.DescribeStreamResult, provider.DescribeStream, invalid),
            "GetShardIterator" => AwsOperation.Invoke(input, json.GetShardIteratorRequest, json.GetShardIteratorResult, provider.GetShardIterator, invalid),
            "GetRecords" => AwsOperation.Invoke(input, json.GetRecordsRequest, json.GetRecordsResult, provider.GetRecords, invalid),
            _ => throw DynamoDbErrors.UnknownOperation(operation),
        };
    }
}
