using System.Text.Json.Nodes;
using SesMail.Aws.Events;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Lambda.EventSources;

/// <summary>
/// How Lambda's pollers and the pipe runner reach their sources and targets inside the emulator: through each
/// service's own API binding, in-process (SQS <c>ReceiveMessage</c>/<c>DeleteMessageBatch</c>/<c>ChangeMessageVisibility</c>,
/// DynamoDB Streams <c>DescribeStream</c>/<c>GetShardIterator</c>/<c>GetRecords</c>, EventBridge <c>PutEvents</c>), exactly
/// as their AWS pollers call those APIs. Nothing here knows the services' internals. Each call that names a
/// <c>caller</c> is authorized as that caller's request would be (<see cref="RoleSessions"/>): a refusal throws
/// <see cref="RoleAccessDeniedException"/>; a <c>null</c> caller (IAM not enforced) is not checked.
/// </summary>
internal sealed class EventSourceCatalog(IEnumerable<IJsonService> jsonServices, RoleSessions roles, Persistence.IStateChanges? changes = null)
{
    private readonly Dictionary<string, IJsonService> _services = jsonServices.ToDictionary(s => s.TargetPrefix, StringComparer.Ordinal);

    /// <summary>Checks that an event source exists, as <c>CreateEventSourceMapping</c> does.</summary>
    /// <param name="sourceArn">A queue or stream ARN.</param>
    /// <param name="context">The caller's context.</param>
    /// <exception cref="AwsServiceException"><c>InvalidParameterValueException</c> naming the source's own error.</exception>
    public void RequireSource(string sourceArn, AwsRequestContext context)
    {
        try
        {
            if (sourceArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
            {
                var (region, account, name) = SplitQueueArn(sourceArn);
                Call("AmazonSQS", "GetQueueUrl", new JsonObject { ["QueueName"] = name, ["QueueOwnerAWSAccountId"] = account }, region, account, null, CancellationToken.None)
                    .AsTask().GetAwaiter().GetResult();
            }
            else
            {
                Call("DynamoDBStreams_20120810", "DescribeStream", new JsonObject { ["StreamArn"] = sourceArn }, context.Region, context.AccountId, null, CancellationToken.None)
                    .AsTask().GetAwaiter().GetResult();
            }
        }
        catch (AwsServiceException error)
        {
            throw sourceArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal)
                ? LambdaErrors.InvalidParameter($"Error occurred while ReceiveMessage. SQS Error Code: {error.Code}. SQS Error Message: {error.Message}")
                : LambdaErrors.InvalidParameter($"Stream not found: {sourceArn}");
        }
    }

    /// <summary>Receives up to 10 messages with every attribute (a long poll of up to <paramref name="waitSeconds"/>).</summary>
    /// <param name="queueArn">The queue.</param>
    /// <param name="max">1–10.</param>
    /// <param name="waitSeconds">0–20.</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Ends the poll early.</param>
    /// <returns>The messages as <c>ReceiveMessage</c> returns them.</returns>
    public async Task<List<JsonObject>> ReceiveAsync(string queueArn, int max, int waitSeconds, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var (region, account, _) = SplitQueueArn(queueArn);
        var result = await Call(
            "AmazonSQS",
            "ReceiveMessage",
            new JsonObject
            {
                ["QueueUrl"] = QueueUrl(queueArn),
                ["MaxNumberOfMessages"] = Math.Clamp(max, 1, 10),
                ["WaitTimeSeconds"] = waitSeconds,
                ["MessageSystemAttributeNames"] = new JsonArray("All"),
                ["MessageAttributeNames"] = new JsonArray("All"),
            },
            region,
            account,
            caller,
            cancellationToken).ConfigureAwait(false);
        return result?["Messages"] is JsonArray messages ? [.. messages.OfType<JsonObject>()] : [];
    }

    /// <summary>Deletes messages by receipt handle (<c>DeleteMessageBatch</c>, 10 at a time).</summary>
    /// <param name="queueArn">The queue.</param>
    /// <param name="receiptHandles">The handles.</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the batch calls returned.</returns>
    public async Task DeleteAsync(string queueArn, IEnumerable<string> receiptHandles, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var (region, account, _) = SplitQueueArn(queueArn);
        foreach (var chunk in receiptHandles.Chunk(10))
        {
            var entries = new JsonArray([.. chunk.Select((handle, i) => (JsonNode)new JsonObject { ["Id"] = $"m{i}", ["ReceiptHandle"] = handle })]);
            await Call("AmazonSQS", "DeleteMessageBatch", new JsonObject { ["QueueUrl"] = QueueUrl(queueArn), ["Entries"] = entries }, region, account, caller, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes a received message visible again now (<c>ChangeMessageVisibility</c> 0), as a pipe does after a failed enrichment.</summary>
    /// <param name="queueArn">The queue.</param>
    /// <param name="receiptHandles">The handles.</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the calls returned.</returns>
    public async Task ReleaseAsync(string queueArn, IEnumerable<string> receiptHandles, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var (region, account, _) = SplitQueueArn(queueArn);
        foreach (var handle in receiptHandles)
        {
            try
            {
                await Call("AmazonSQS", "ChangeMessageVisibility", new JsonObject { ["QueueUrl"] = QueueUrl(queueArn), ["ReceiptHandle"] = handle, ["VisibilityTimeout"] = 0 }, region, account, caller, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException)
            {
                // the message moved on (deleted, or to its dead-letter queue): nothing to release
            }
            catch (RoleAccessDeniedException)
            {
                // the role may not change visibility (Pipes needs only receive, delete and attributes): the message
                // reappears after its visibility timeout
            }
        }
    }

    /// <summary>The Lambda record of a received message.</summary>
    /// <param name="message">As <see cref="ReceiveAsync"/> returned it.</param>
    /// <param name="queueArn">The queue.</param>
    /// <returns>The record.</returns>
    public static SqsEvent.SqsMessage ToRecord(JsonObject message, string queueArn)
    {
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in message["Attributes"] as JsonObject ?? [])
        {
            attributes[name] = value?.GetValue<string>() ?? string.Empty;
        }

        Dictionary<string, SqsEvent.MessageAttribute>? messageAttributes = null;
        foreach (var (name, value) in message["MessageAttributes"] as JsonObject ?? [])
        {
            messageAttributes ??= new Dictionary<string, SqsEvent.MessageAttribute>(StringComparer.Ordinal);
            messageAttributes[name] = new SqsEvent.MessageAttribute(
                value?["StringValue"]?.GetValue<string>(),
                value?["BinaryValue"]?.GetValue<string>(),
                [],
                [],
                value?["DataType"]?.GetValue<string>() ?? "String");
        }

        return new SqsEvent.SqsMessage(
            message["MessageId"]!.GetValue<string>(),
            message["ReceiptHandle"]!.GetValue<string>(),
            message["Body"]?.GetValue<string>() ?? string.Empty,
            attributes,
            messageAttributes ?? new Dictionary<string, SqsEvent.MessageAttribute>(),
            message["MD5OfBody"]?.GetValue<string>(),
            message["MD5OfMessageAttributes"]?.GetValue<string>(),
            "aws:sqs",
            queueArn,
            SplitQueueArn(queueArn).Region);
    }

    /// <summary>The stream's single shard id (<c>DescribeStream</c>).</summary>
    /// <param name="streamArn">The stream.</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shard id.</returns>
    public async Task<string> ShardAsync(string streamArn, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var (region, account) = SplitStreamArn(streamArn);
        var description = await Call("DynamoDBStreams_20120810", "DescribeStream", new JsonObject { ["StreamArn"] = streamArn }, region, account, caller, cancellationToken).ConfigureAwait(false);
        return description?["StreamDescription"]?["Shards"]?[0]?["ShardId"]?.GetValue<string>()
            ?? throw LambdaErrors.Service($"The stream {streamArn} has no shard.");
    }

    /// <summary>A shard iterator (<c>GetShardIterator</c>).</summary>
    /// <param name="streamArn">The stream.</param>
    /// <param name="shardId">The shard.</param>
    /// <param name="type"><c>TRIM_HORIZON</c>, <c>LATEST</c>, <c>AFTER_SEQUENCE_NUMBER</c>.</param>
    /// <param name="sequenceNumber">For <c>AFTER_SEQUENCE_NUMBER</c>.</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The iterator.</returns>
    public async Task<string> IteratorAsync(string streamArn, string shardId, string type, string? sequenceNumber, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var (region, account) = SplitStreamArn(streamArn);
        var input = new JsonObject { ["StreamArn"] = streamArn, ["ShardId"] = shardId, ["ShardIteratorType"] = type };
        if (sequenceNumber is not null)
        {
            input["SequenceNumber"] = sequenceNumber;
        }

        var result = await Call("DynamoDBStreams_20120810", "GetShardIterator", input, region, account, caller, cancellationToken).ConfigureAwait(false);
        return result!["ShardIterator"]!.GetValue<string>();
    }

    /// <summary>Reads records (<c>GetRecords</c>).</summary>
    /// <param name="streamArn">The stream (for the context).</param>
    /// <param name="iterator">The iterator.</param>
    /// <param name="limit">1–1000.</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records and the next iterator (<c>null</c> when the shard is closed and read).</returns>
    public async Task<(List<JsonObject> Records, string? Next)> RecordsAsync(string streamArn, string iterator, int limit, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var (region, account) = SplitStreamArn(streamArn);
        var result = await Call("DynamoDBStreams_20120810", "GetRecords", new JsonObject { ["ShardIterator"] = iterator, ["Limit"] = Math.Clamp(limit, 1, 1000) }, region, account, caller, cancellationToken).ConfigureAwait(false);
        return (result?["Records"] is JsonArray records ? [.. records.OfType<JsonObject>()] : [], result?["NextShardIterator"]?.GetValue<string>());
    }

    /// <summary>Puts events on a bus (<c>PutEvents</c>), in-process.</summary>
    /// <param name="region">The bus's region.</param>
    /// <param name="account">The bus's account.</param>
    /// <param name="entries">The entries (<c>Source</c>, <c>DetailType</c>, <c>Detail</c>, <c>EventBusName</c>, <c>TraceHeader</c>).</param>
    /// <param name="caller">Who calls (the mapping's or pipe's role session), or <c>null</c> unchecked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of failed entries.</returns>
    public async Task<int> PutEventsAsync(string region, string account, JsonArray entries, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        var result = await Call("AWSEvents", "PutEvents", new JsonObject { ["Entries"] = entries }, region, account, caller, cancellationToken).ConfigureAwait(false);
        return result?["FailedEntryCount"]?.GetValue<int>() ?? 0;
    }

    /// <summary>Splits <c>arn:aws:sqs:{region}:{account}:{name}</c>.</summary>
    /// <param name="arn">The queue ARN.</param>
    /// <returns>Its parts.</returns>
    public static (string Region, string Account, string Name) SplitQueueArn(string arn) =>
        arn.Split(':') is [_, _, "sqs", var region, var account, var name]
            ? (region, account, name)
            : throw LambdaErrors.InvalidParameter($"{arn} is not an SQS queue ARN.");

    private static (string Region, string Account) SplitStreamArn(string arn) =>
        arn.Split(':') is [_, _, "dynamodb", var region, var account, ..]
            ? (region, account)
            : throw LambdaErrors.InvalidParameter($"{arn} is not a DynamoDB stream ARN.");

    private static string QueueUrl(string queueArn)
    {
        var (_, account, name) = SplitQueueArn(queueArn);
        return $"http://sqs.internal/{account}/{name}";
    }

    private async ValueTask<JsonNode?> Call(string prefix, string operation, JsonObject input, string region, string account, AwsPrincipal? caller, CancellationToken cancellationToken)
    {
        if (!_services.TryGetValue(prefix, out var service))
        {
            throw LambdaErrors.Service($"The emulator serves no {prefix} API.");
        }

        var context = new AwsRequestContext(region, account, Guid.NewGuid().ToString(), "http://sqs.internal", caller?.AccessKeyId);
        if (roles.Refusal(caller, context, service.SigningName, operation, input) is { } refusal)
        {
            throw new RoleAccessDeniedException(refusal);
        }

        var result = await service.InvokeAsync(operation, input, caller is null ? context : context with { Caller = caller }, cancellationToken).ConfigureAwait(false);
        if (!Persistence.EmulatorPersistence.IsRead(operation) || operation == "ReceiveMessage")
        {
            changes?.Changed(service.SigningName); // not an API call: report it so that the change is saved
        }

        return result;
    }
}
