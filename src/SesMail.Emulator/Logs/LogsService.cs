using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Logs;

/// <summary>Binds <see cref="LogsProvider"/> to JSON 1.1 (<c>X-Amz-Target: Logs_20140328.{Operation}</c>, signing name <c>logs</c>).</summary>
internal sealed class LogsService(LogsProvider provider) : IJsonService
{
    /// <inheritdoc />
    public string TargetPrefix => "Logs_20140328";

    /// <inheritdoc />
    public string SigningName => "logs";

    /// <inheritdoc />
    public string JsonVersion => "1.1";

    /// <inheritdoc />
    public string ErrorNamespace => "com.amazonaws.logs";

    /// <inheritdoc />
    public ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = LogsJsonContext.Default;
        const string invalid = "InvalidParameterException";
        return operation switch
        {
            "CreateLogGroup" => AwsOperation.Invoke(input, json.CreateLogGroupRequest, json.EmptyResult, r => provider.CreateLogGroup(r, context), invalid),
            "DeleteLogGroup" => AwsOperation.Invoke(input, json.LogGroupRequest, json.EmptyResult, r => provider.DeleteLogGroup(r, context), invalid),
            "DescribeLogGroups" => AwsOperation.Invoke(input, json.DescribeLogGroupsRequest, json.DescribeLogGroupsResult, r => provider.DescribeLogGroups(r, context), invalid),
            "PutRetentionPolicy" => AwsOperation.Invoke(input, json.PutRetentionPolicyRequest, json.EmptyResult, r => provider.PutRetentionPolicy(r, context), invalid),
            "DeleteRetentionPolicy" => AwsOperation.Invoke(input, json.LogGroupRequest, json.EmptyResult, r => provider.DeleteRetentionPolicy(r, context), invalid),
            "CreateLogStream" => AwsOperation.Invoke(input, json.LogStreamRequest, json.EmptyResult, r => provider.CreateLogStream(r, context), invalid),
            "DeleteLogStream" => AwsOperation.Invoke(input, json.LogStreamRequest, json.EmptyResult, r => provider.DeleteLogStream(r, context), invalid),
            "DescribeLogStreams" => AwsOperation.Invoke(input, json.DescribeLogStreamsRequest, json.DescribeLogStreamsResult, r => provider.DescribeLogStreams(r, context), invalid),
            "PutLogEvents" => AwsOperation.Invoke(input, json.PutLogEventsRequest, json.PutLogEventsResult, r => provider.PutLogEvents(r, context), invalid),
            "GetLogEvents" => AwsOperation.Invoke(input, json.GetLogEventsRequest, json.GetLogEventsResult, r => provider.GetLogEvents(r, context), invalid),
            "FilterLogEvents" => AwsOperation.Invoke(input, json.FilterLogEventsRequest, json.FilterLogEventsResult, r => provider.FilterLogEvents(r, context), invalid),
            "TagResource" => AwsOperation.Invoke(input, json.TagLogsResourceRequest, json.EmptyResult, r => provider.TagResource(r, context), invalid),
            "UntagResource" => AwsOperation.Invoke(input, json.UntagLogsResourceRequest, json.EmptyResult, r => provider.UntagResource(r, context), invalid),
            "ListTagsForResource" => AwsOperation.Invoke(input, json.ListLogsTagsRequest, json.ListTagsForResourceResult, r => provider.ListTagsForResource(r, context), invalid),
            "TagLogGroup" => AwsOperation.Invoke(input, json.TagLogsResourceRequest, json.EmptyResult, r => provider.TagLogGroup(r, context), invalid),
            "UntagLogGroup" => AwsOperation.Invoke(input, json.UntagLogsResourceRequest, json.EmptyResult, r => provider.UntagLogGroup(r, context), invalid),
            "ListTagsLogGroup" => AwsOperation.Invoke(input, json.ListLogsTagsRequest, json.ListTagsLogGroupResult, r => provider.ListTagsLogGroup(r, context), invalid),
            "PutMetricFilter" => AwsOperation.Invoke(input, json.PutMetricFilterRequest, json.EmptyResult, r => provider.PutMetricFilter(r, context), invalid),
            "DeleteMetricFilter" => AwsOperation.Invoke(input, json.DeleteMetricFilterRequest, json.EmptyResult, r => provider.DeleteMetricFilter(r, context), invalid),
            "DescribeMetricFilters" => AwsOperation.Invoke(input, json.DescribeMetricFiltersRequest, json.DescribeMetricFiltersResult, r => provider.DescribeMetricFilters(r, context), invalid),
            "TestMetricFilter" => AwsOperation.Invoke(input, json.TestMetricFilterRequest, json.TestMetricFilterResult, r => provider.TestMetricFilter(r, context), invalid),
            _ => throw LogsErrors.UnknownOperation(operation),
        };
    }
}
