using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.DynamoDb;

/// <summary>Binds <see cref="DynamoDbProvider"/> to JSON 1.0 (<c>X-Amz-Target: DynamoDB_20120810.{Operation}</c>, signing name <c>dynamodb</c>).</summary>
internal sealed class DynamoDbService(DynamoDbProvider provider) : JsonServiceBinding("DynamoDB_20120810", "dynamodb", "1.0", "com.amazonaws.dynamodb.v20120810")
{
    /// <summary>What a member of the wrong JSON type is answered with, as DynamoDB answers it.</summary>
    internal const string Invalid = "SerializationException";

    /// <inheritdoc />
    public override ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = DynamoDbJsonContext.Default;
        return operation switch
        {
            "CreateTable" => AwsOperation.Invoke(input, json.CreateTableRequest, json.TableDescriptionResult, r => provider.CreateTable(r, context), Invalid),
            "DescribeTable" => AwsOperation.Invoke(input, json.TableRequest, json.DescribeTableResult, r => provider.DescribeTable(r, context), Invalid),
            "ListTables" => AwsOperation.Invoke(input, json.ListTablesRequest, json.ListTablesResult, r => provider.ListTables(r, context), Invalid),
            "UpdateTable" => AwsOperation.Invoke(input, json.UpdateTableRequest, json.TableDescriptionResult, r => provider.UpdateTable(r, context), Invalid),
            "DeleteTable" => AwsOperation.Invoke(input, json.TableRequest, json.TableDescriptionResult, r => provider.DeleteTable(r, context), Invalid),
            "PutItem" => AwsOperation.Invoke(input, json.PutItemRequest, json.WriteItemResult, r => provider.PutItem(r, context), Invalid),
            "GetItem" => AwsOperation.Invoke(input, json.GetItemRequest, json.GetItemResult, r => provider.GetItem(r, context), Invalid),
            "DeleteItem" => AwsOperation.Invoke(input, json.DeleteItemRequest, json.WriteItemResult, r => provider.DeleteItem(r, context), Invalid),
            "UpdateItem" => AwsOperation.Invoke(input, json.UpdateItemRequest, json.WriteItemResult, r => provider.UpdateItem(r, context), Invalid),
            "Query" => AwsOperation.Invoke(input, json.QueryRequest, json.QueryResult, r => provider.Query(r, context), Invalid),
            "Scan" => AwsOperation.Invoke(input, json.ScanRequest, json.QueryResult, r => provider.Scan(r, context), Invalid),
            "BatchGetItem" => AwsOperation.Invoke(input, json.BatchGetItemRequest, json.BatchGetItemResult, r => provider.BatchGetItem(r, context), Invalid),
            "BatchWriteItem" => AwsOperation.Invoke(input, json.BatchWriteItemRequest, json.BatchWriteItemResult, r => provider.BatchWriteItem(r, context), Invalid),
            "TransactWriteItems" => AwsOperation.Invoke(input, json.TransactWriteItemsRequest, json.EmptyResult, r => provider.TransactWriteItems(r, context), Invalid),
            "TransactGetItems" => AwsOperation.Invoke(input, json.TransactGetItemsRequest, json.TransactGetItemsResult, r => provider.TransactGetItems(r, context), Invalid),
            "TagResource" => AwsOperation.Invoke(input, json.TagResourceRequest, json.EmptyResult, r => provider.TagResource(r, context), Invalid),
            "UntagResource" => AwsOperation.Invoke(input, json.UntagResourceRequest, json.EmptyResult, r => provider.UntagResource(r, context), Invalid),
            "ListTagsOfResource" => AwsOperation.Invoke(input, json.ListTagsOfResourceRequest, json.ListTagsOfResourceResult, r => provider.ListTagsOfResource(r, context), Invalid),
            "UpdateTimeToLive" => AwsOperation.Invoke(input, json.UpdateTimeToLiveRequest, json.UpdateTimeToLiveResult, r => provider.UpdateTimeToLive(r, context), Invalid),
            "DescribeTimeToLive" => AwsOperation.Invoke(input, json.TableRequest, json.DescribeTimeToLiveResult, r => provider.DescribeTimeToLive(r, context), Invalid),
            "UpdateContinuousBackups" => AwsOperation.Invoke(input, json.UpdateContinuousBackupsRequest, json.ContinuousBackupsResult, r => provider.UpdateContinuousBackups(r, context), Invalid),
            "DescribeContinuousBackups" => AwsOperation.Invoke(input, json.TableRequest, json.ContinuousBackupsResult, r => provider.DescribeContinuousBackups(r, context), Invalid),
            "DescribeEndpoints" => AwsOperation.Invoke(input, json.EmptyRequest, json.DescribeEndpointsResult, _ => DynamoDbProvider.DescribeEndpoints(context), Invalid),
            _ => throw DynamoDbErrors.UnknownOperation(operation),
        };
    }
}
