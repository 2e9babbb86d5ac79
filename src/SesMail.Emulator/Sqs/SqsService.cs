using System.Text.Json.Nodes;
using System.Xml.Linq;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs.Shapes;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// Binds <see cref="SqsProvider"/> to both SQS wire protocols: JSON 1.0 (<c>X-Amz-Target: AmazonSQS.{Operation}</c>,
/// what the AWS SDK for .NET v4 speaks) and Query (<c>Action={Operation}</c>, what AWS CLI 2.9 speaks), both
/// reading and writing the same typed shapes.
/// </summary>
internal sealed class SqsService(SqsProvider provider) : JsonServiceBinding("AmazonSQS", "sqs", "1.0", "com.amazonaws.sqs"), IQueryService
{
    private static readonly QueryConventions Conventions = new()
    {
        Flattened = true,
        RequestMembers = new Dictionary<string, QueryMember>(StringComparer.Ordinal)
        {
            ["Attribute"] = new("Attributes", QueryMemberKind.Map),
            ["Tag"] = new("Tags", QueryMemberKind.Map),
            ["AttributeName"] = new("AttributeNames", QueryMemberKind.List),
            ["MessageSystemAttributeName"] = new("MessageSystemAttributeNames", QueryMemberKind.List),
            ["MessageAttributeName"] = new("MessageAttributeNames", QueryMemberKind.List),
            ["MessageAttribute"] = new("MessageAttributes", QueryMemberKind.Map),
            ["MessageSystemAttribute"] = new("MessageSystemAttributes", QueryMemberKind.Map),
            ["SendMessageBatchRequestEntry"] = new("Entries", QueryMemberKind.List),
            ["DeleteMessageBatchRequestEntry"] = new("Entries", QueryMemberKind.List),
            ["ChangeMessageVisibilityBatchRequestEntry"] = new("Entries", QueryMemberKind.List),
            ["TagKey"] = new("TagKeys", QueryMemberKind.List),
            ["StringListValue"] = new("StringListValues", QueryMemberKind.List),
            ["BinaryListValue"] = new("BinaryListValues", QueryMemberKind.List),
            ["AWSAccountId"] = new("AWSAccountIds", QueryMemberKind.List),
            ["ActionName"] = new("Actions", QueryMemberKind.List),
        },
        ResponseMember = static (operation, member) => member switch
        {
            "QueueUrls" or "queueUrls" => new("QueueUrl", QueryMemberKind.List),
            "Messages" => new("Message", QueryMemberKind.List),
            "Attributes" => new("Attribute", QueryMemberKind.Map, "Name", "Value"),
            "MessageAttributes" => new("MessageAttribute", QueryMemberKind.Map, "Name", "Value"),
            "Tags" => new("Tag", QueryMemberKind.Map, "Key", "Value"),
            "Failed" => new("BatchResultErrorEntry", QueryMemberKind.List),
            "Successful" => new($"{operation}ResultEntry", QueryMemberKind.List),
            _ => null,
        },
    };

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "CreateQueue", "GetQueueUrl", "ListQueues", "DeleteQueue", "GetQueueAttributes", "SetQueueAttributes",
        "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
        "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "PurgeQueue", "TagQueue", "UntagQueue",
        "ListQueueTags", "ListDeadLetterSourceQueues", "AddPermission", "RemovePermission",
    };

    /// <inheritdoc />
    public string XmlNamespace => "http://queue.amazonaws.com/doc/2012-11-05/";

    /// <inheritdoc />
    public bool Handles(string action) => Operations.Contains(action);

    /// <inheritdoc />
    public override ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = SqsJsonContext.Default;
        const string invalid = "InvalidParameterValue";
        return operation switch
        {
            "CreateQueue" => AwsOperation.Invoke(input, json.CreateQueueRequest, json.QueueUrlResult, r => provider.CreateQueue(r, context), invalid),
            "GetQueueUrl" => AwsOperation.Invoke(input, json.GetQueueUrlRequest, json.QueueUrlResult, r => provider.GetQueueUrl(r, context), invalid),
            "ListQueues" => AwsOperation.Invoke(input, json.ListQueuesRequest, json.ListQueuesResult, r => provider.ListQueues(r, context), invalid),
            "DeleteQueue" => AwsOperation.Invoke(input, json.QueueRequest, json.EmptyResult, r => provider.DeleteQueue(r, context), invalid),
            "GetQueueAttributes" => AwsOperation.Invoke(input, json.GetQueueAttributesRequest, json.GetQueueAttributesResult, r => provider.GetQueueAttributes(r, context), invalid),
            "SetQueueAttributes" => AwsOperation.Invoke(input, json.SetQueueAttributesRequest, json.EmptyResult, r => provider.SetQueueAttributes(r, context), invalid),
            "SendMessage" => AwsOperation.Invoke(input, json.SendMessageRequest, json.SendMessageResult, r => provider.SendMessage(r, context), invalid),
            "SendMessageBatch" => AwsOperation.Invoke(input, json.SendMessageBatchRequest, json.SendMessageBatchResult, r => provider.SendMessageBatch(r, context), invalid),
            "ReceiveMessage" => AwsOperation.InvokeAsync(input, json.ReceiveMessageRequest, json.ReceiveMessageResult, r => provider.ReceiveMessageAsync(r, context, cancellationToken), invalid),
            "DeleteMessage" => AwsOperation.Invoke(input, json.DeleteMessageRequest, json.EmptyResult, r => provider.DeleteMessage(r, context), invalid),
            "DeleteMessageBatch" => AwsOperation.Invoke(input, json.ReceiptHandleBatchRequest, json.ReceiptHandleBatchResult, r => provider.DeleteMessageBatch(r, context), invalid),
            "ChangeMessageVisibility" => AwsOperation.Invoke(input, json.ChangeMessageVisibilityRequest, json.EmptyResult, r => provider.ChangeMessageVisibility(r, context), invalid),
            "ChangeMessageVisibilityBatch" => AwsOperation.Invoke(input, json.ReceiptHandleBatchRequest, json.ReceiptHandleBatchResult, r => provider.ChangeMessageVisibilityBatch(r, context), invalid),
            "PurgeQueue" => AwsOperation.Invoke(input, json.QueueRequest, json.EmptyResult, r => provider.PurgeQueue(r, context), invalid),
            "TagQueue" => AwsOperation.Invoke(input, json.TagQueueRequest, json.EmptyResult, r => provider.TagQueue(r, context), invalid),
            "UntagQueue" => AwsOperation.Invoke(input, json.UntagQueueRequest, json.EmptyResult, r => provider.UntagQueue(r, context), invalid),
            "ListQueueTags" => AwsOperation.Invoke(input, json.QueueRequest, json.ListQueueTagsResult, r => provider.ListQueueTags(r, context), invalid),
            "ListDeadLetterSourceQueues" => AwsOperation.Invoke(input, json.QueueRequest, json.ListDeadLetterSourceQueuesResult, r => provider.ListDeadLetterSourceQueues(r, context), invalid),
            "AddPermission" => AwsOperation.Invoke(input, json.AddPermissionRequest, json.EmptyResult, r => provider.AddPermission(r, context), invalid),
            "RemovePermission" => AwsOperation.Invoke(input, json.RemovePermissionRequest, json.EmptyResult, r => provider.RemovePermission(r, context), invalid),
            _ => throw SqsErrors.UnknownOperation(operation),
        };
    }

    /// <inheritdoc />
    public ValueTask<IEnumerable<XElement>> InvokeAsync(string action, IReadOnlyDictionary<string, string> parameters, AwsRequestContext context, CancellationToken cancellationToken) =>
        QueryDocument.InvokeAsync(action, parameters, Conventions, input =>
        {
            if (action == "CreateQueue" && input["Tags"] is JsonNode tags)
            {
                input.Remove("Tags");
                input["tags"] = tags; // CreateQueue spells its tag map in lower case in JSON
            }

            return InvokeAsync(action, input, context, cancellationToken);
        });
}
