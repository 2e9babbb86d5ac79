using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using SesMail.Infrastructure.Template;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// <c>AWS::SQS::Queue</c> (CreateQueue, or SetQueueAttributes for attributes that differ; DeleteQueue) and
/// <c>AWS::SQS::QueuePolicy</c> (the <c>Policy</c> attribute of each queue, emptied on deletion).
/// </summary>
internal sealed class SqsProvisioner(IAmazonSQS sqs) : IResourceProvisioner
{
    private static readonly string[] QueueAttributeProperties =
    [
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout",
        "RedrivePolicy", "RedriveAllowPolicy", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
        "FifoThroughputLimit", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
    ];

    public IReadOnlyCollection<string> Types { get; } = ["AWS::SQS::Queue", "AWS::SQS::QueuePolicy"];

    public Task<ResourceStatus> ApplyAsync(ProvisioningContext context, CancellationToken cancellationToken) =>
        context.Resource.Type == "AWS::SQS::Queue" ? ApplyQueueAsync(context, cancellationToken) : ApplyPolicyAsync(context, cancellationToken);

    /// <summary>DeleteQueue, or (for a queue policy) an empty <c>Policy</c> attribute on each of its queues.</summary>
    public async Task DeleteAsync(DeletionContext context, CancellationToken cancellationToken)
    {
        var urls = context.Resource.Type == "AWS::SQS::Queue" ? [context.PhysicalId] : context.Strings("Queues").ToList();
        foreach (var url in urls)
        {
            try
            {
                if (context.Resource.Type == "AWS::SQS::Queue")
                {
                    await sqs.DeleteQueueAsync(new DeleteQueueRequest { QueueUrl = url }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = new() { ["Policy"] = string.Empty } }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (QueueDoesNotExistException)
            {
                // already gone
            }
        }
    }

    private async Task<ResourceStatus> ApplyQueueAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var name = context.Attributes["QueueName"].GetValue<string>();
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in QueueAttributeProperties)
        {
            if (context.Properties[property] is { } value)
            {
                wanted[property] = value is JsonObject obj ? obj.ToJsonString() : TemplateValues.ScalarText(value, context.Path(property));
            }
        }

        string url;
        var status = ResourceStatus.Unchanged;
        try
        {
            url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken).ConfigureAwait(false)).QueueUrl;
            var current = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["All"] }, cancellationToken).ConfigureAwait(false)).Attributes ?? [];
            var changed = wanted.Where(w => !current.TryGetValue(w.Key, out var c) || !SameAttribute(c, w.Value))
                .ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
            changed.Remove("FifoQueue"); // cannot change after creation
            if (changed.Count > 0)
            {
                await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = changed }, cancellationToken).ConfigureAwait(false);
                status = ResourceStatus.Updated;
            }
        }
        catch (QueueDoesNotExistException)
        {
            url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = wanted }, cancellationToken).ConfigureAwait(false)).QueueUrl;
            status = ResourceStatus.Created;
        }

        var arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, cancellationToken).ConfigureAwait(false))
            .Attributes?.GetValueOrDefault("QueueArn");
        context.PhysicalId = url;
        context.Attributes["QueueUrl"] = JsonValue.Create(url);
        if (!string.IsNullOrEmpty(arn))
        {
            context.Attributes["Arn"] = JsonValue.Create(arn);
        }

        return status;
    }

    private async Task<ResourceStatus> ApplyPolicyAsync(ProvisioningContext context, CancellationToken cancellationToken)
    {
        var policy = context.Properties["PolicyDocument"] as JsonObject
            ?? throw new TemplateException(context.Path("PolicyDocument"), "AWS::SQS::QueuePolicy requires a PolicyDocument mapping.");
        var queues = context.Properties["Queues"] as JsonArray
            ?? throw new TemplateException(context.Path("Queues"), "AWS::SQS::QueuePolicy requires Queues (a list of queue URLs).");
        var text = policy.ToJsonString();
        var status = ResourceStatus.Unchanged;
        foreach (var queue in queues)
        {
            var url = TemplateValues.ScalarText(queue, context.Path("Queues"));
            var current = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["Policy"] }, cancellationToken).ConfigureAwait(false))
                .Attributes?.GetValueOrDefault("Policy");
            if (current is null || !SameAttribute(current, text))
            {
                await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = new() { ["Policy"] = text } }, cancellationToken).ConfigureAwait(false);
                status = ResourceStatus.Updated;
            }
        }

        return status;
    }

    /// <summary>Compares attribute values; JSON values (policies, redrive policies) compare by content, numbers as text.</summary>
    internal static bool SameAttribute(string current, string wanted)
    {
        if (string.Equals(current, wanted, StringComparison.Ordinal))
        {
            return true;
        }

        if (current.StartsWith('{') && wanted.StartsWith('{'))
        {
            try
            {
                return JsonNode.DeepEquals(Normalize(JsonNode.Parse(current)), Normalize(JsonNode.Parse(wanted)));
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        return string.Equals(current, wanted, StringComparison.OrdinalIgnoreCase);
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalize).ToArray()),
        JsonValue v => JsonValue.Create(v.ToJsonString().Trim('"')),
        _ => null,
    };
}
