using System.Globalization;
using System.Text;
using SesMail.Emulator.Persistence;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sqs.Shapes;
using SesMail.LambdaRuntime;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// Amazon SQS standard queues, one method per operation of the 2012-11-05 API
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_Operations.html), spoken in JSON 1.0
/// and Query by <see cref="SqsService"/>; also the in-process <see cref="ISqsDelivery"/> for SNS and EventBridge.
/// </summary>
/// <remarks>
/// Queue URLs are <c>{caller's base URL}/{account}/{name}</c>, ARNs <c>arn:aws:sqs:{region}:{account}:{name}</c>;
/// the region is the request's SigV4 region. Queues and messages persist through <c>SqsSnapshot</c>; queue policies are
/// evaluated by the request authorizer (docs/SECURITY.md). Not emulated: FIFO queues (refused with
/// <c>UnsupportedOperation</c>), the 60-second limits on re-creating a deleted queue (<c>QueueDeletedRecently</c>) and
/// on purging (<c>PurgeQueueInProgress</c>), SSE (stored and returned, not enforced), message move tasks, <c>ReceiveRequestAttemptId</c>, and the
/// <c>DeadLetterQueueSourceArn</c> system attribute. Receive order is oldest-first, stricter than SQS's best effort.
/// A stale receipt handle deletes nothing and succeeds, as SQS documents.
/// </remarks>
internal sealed partial class SqsProvider(SqsStore store, TimeProvider time, IStateChanges? changes = null) : ISqsDelivery
{
    private const int MaxBatchEntries = 10;

    private static readonly string[] AllSystemAttributes =
        ["SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "AWSTraceHeader"];

    private static readonly HashSet<string> KnownSystemAttributes = new(StringComparer.Ordinal)
    {
        "All", "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "AWSTraceHeader",
        "SequenceNumber", "MessageDeduplicationId", "MessageGroupId", "DeadLetterQueueSourceArn",
    };

    private static readonly HashSet<string> ComputedQueueAttributes = new(StringComparer.Ordinal)
    {
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
    };

    public QueueUrlResult CreateQueue(CreateQueueRequest request, AwsRequestContext context)
    {
        var name = Require(request.QueueName, "QueueName");
        if (name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw SqsErrors.FifoNotSupported();
        }

        if (name.Length > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SqsErrors.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }

        var attributes = request.Attributes ?? [];
        var settings = new SqsQueueSettings().With(attributes, arn => store.FindByArn(arn) is not null);
        var now = time.GetUtcNow();
        var candidate = new SqsQueue(context.Region, context.AccountId, name, settings, now.ToUnixTimeSeconds());
        var queue = store.GetOrAdd(candidate);
        if (ReferenceEquals(queue, candidate))
        {
            queue.Tag(request.Tags ?? []);
        }
        else
        {
            foreach (var (attribute, _) in attributes)
            {
                if (settings.Get(attribute) != queue.Settings.Get(attribute))
                {
                    throw SqsErrors.QueueNameExists(name, attribute);
                }
            }
        }

        return new QueueUrlResult(UrlOf(queue, context));
    }

    public QueueUrlResult GetQueueUrl(GetQueueUrlRequest request, AwsRequestContext context)
    {
        var name = Require(request.QueueName, "QueueName");
        if (request.QueueOwnerAWSAccountId is { Length: > 0 } owner && owner != context.AccountId)
        {
            throw SqsErrors.QueueDoesNotExist();
        }

        var queue = store.Find(context.Region, name) ?? throw SqsErrors.QueueDoesNotExist();
        return new QueueUrlResult(UrlOf(queue, context));
    }

    public ListQueuesResult ListQueues(ListQueuesRequest request, AwsRequestContext context)
    {
        if (request.MaxResults is < 1 or > 1000)
        {
            throw SqsErrors.InvalidParameterValue($"Value {request.MaxResults} for parameter MaxResults is invalid. Reason: must be between 1 and 1000.");
        }

        var names = store.InRegion(context.Region)
            .Where(q => request.QueueNamePrefix is null || q.Name.StartsWith(request.QueueNamePrefix, StringComparison.Ordinal))
            .Select(q => q.Name)
            .Where(n => request.NextToken is null || string.CompareOrdinal(n, Decode(request.NextToken)) > 0)
            .ToList();
        var limit = request.MaxResults ?? 1000;
        var page = names.Take(limit).ToList();
        var next = request.MaxResults is not null && names.Count > limit ? Encode(page[^1]) : null;
        return new ListQueuesResult(page.Count == 0 ? null : [.. page.Select(n => UrlOf(context, n))], next);
    }

    public EmptyResult DeleteQueue(QueueRequest request, AwsRequestContext context)
    {
        store.Remove(RequireQueue(request.QueueUrl, context));
        return EmptyResult.Instance;
    }

    public GetQueueAttributesResult GetQueueAttributes(GetQueueAttributesRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var names = request.AttributeNames ?? [];
        var all = names.Contains("All");
        foreach (var name in names)
        {
            if (name != "All" && !SqsQueueSettings.Settable.Contains(name) && !ComputedQueueAttributes.Contains(name) && !SqsQueueSettings.FifoOnly.Contains(name))
            {
                throw SqsErrors.InvalidAttributeName(name);
            }
        }

        var (visible, notVisible, delayed) = queue.Count(Now());
        var settings = queue.Settings;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (value is not null && (all || names.Contains(name)))
            {
                attributes[name] = value;
            }
        }

        Add("QueueArn", queue.Arn);
        Add("ApproximateNumberOfMessages", Invariant(visible));
        Add("ApproximateNumberOfMessagesNotVisible", Invariant(notVisible));
        Add("ApproximateNumberOfMessagesDelayed", Invariant(delayed));
        Add("CreatedTimestamp", Invariant(queue.CreatedTimestamp));
        Add("LastModifiedTimestamp", Invariant(queue.LastModifiedTimestamp));
        foreach (var name in SqsQueueSettings.Settable)
        {
            Add(name, settings.Get(name));
        }

        return new GetQueueAttributesResult(attributes.Count == 0 ? null : attributes);
    }

    public EmptyResult SetQueueAttributes(SetQueueAttributesRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var attributes = request.Attributes ?? [];
        queue.UpdateSettings(current => current.With(attributes, arn => store.FindByArn(arn) is not null), time.GetUtcNow().ToUnixTimeSeconds());
        return EmptyResult.Instance;
    }

    public SendMessageResult SendMessage(SendMessageRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        return Send(queue, request.MessageBody, request.DelaySeconds, request.MessageAttributes, request.MessageSystemAttributes, context.AccessKeyId ?? context.AccountId, context.TraceHeader);
    }

    public SendMessageBatchResult SendMessageBatch(SendMessageBatchRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var entries = CheckBatch(request.Entries, e => e.Id);
        var total = entries.Sum(e => Encoding.UTF8.GetByteCount(e.MessageBody ?? string.Empty));
        if (total > queue.Settings.MaximumMessageSize)
        {
            throw new AwsServiceException("BatchRequestTooLong", $"Batch requests cannot be longer than {queue.Settings.MaximumMessageSize} bytes. You have sent {total} bytes.")
            {
                QueryErrorCode = "AWS.SimpleQueueService.BatchRequestTooLong",
            };
        }

        var successful = new List<SendMessageBatchResultEntry>();
        var failed = new List<BatchResultErrorEntry>();
        foreach (var entry in entries)
        {
            try
            {
                var sent = Send(queue, entry.MessageBody, entry.DelaySeconds, entry.MessageAttributes, entry.MessageSystemAttributes, context.AccessKeyId ?? context.AccountId, context.TraceHeader);
                successful.Add(new SendMessageBatchResultEntry(entry.Id!, sent.MessageId, sent.MD5OfMessageBody, sent.MD5OfMessageAttributes, sent.MD5OfMessageSystemAttributes));
            }
            catch (AwsServiceException error)
            {
                failed.Add(SqsErrors.ToBatchEntry(entry.Id!, error));
            }
        }

        return new SendMessageBatchResult(successful, failed);
    }

    public async ValueTask<ReceiveMessageResult> ReceiveMessageAsync(ReceiveMessageRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var max = request.MaxNumberOfMessages ?? 1;
        if (max is < 1 or > 10)
        {
            throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }

        var visibility = request.VisibilityTimeout ?? queue.Settings.VisibilityTimeout;
        if (visibility is < 0 or > 43_200)
        {
            throw SqsErrors.InvalidParameterValue($"Value {visibility} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.");
        }

        var wait = request.WaitTimeSeconds ?? queue.Settings.ReceiveMessageWaitTimeSeconds;
        if (wait is < 0 or > 20)
        {
            throw SqsErrors.InvalidParameterValue($"Value {wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }

        var systemNames = (request.MessageSystemAttributeNames ?? []).Concat(request.AttributeNames ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var name in systemNames.Where(n => !KnownSystemAttributes.Contains(n)))
        {
            throw SqsErrors.InvalidAttributeName(name);
        }

        var deadline = Now() + (wait * 1000L);
        var deadLetters = new List<SqsMessage>();
        while (true)
        {
            var arrival = queue.Arrival;
            var now = Now();
            deadLetters.Clear();
            var received = queue.Receive(max, visibility * 1000L, now, NewReceiptToken, deadLetters, out var nextVisibleAt);
            store.DeadLetter(queue, deadLetters, now);
            queue.CountReceived(received.Count);
            if (received.Count > 0 || now >= deadline || queue.IsDeleted)
            {
                return new ReceiveMessageResult(received.Count == 0 ? null : [.. received.Select(r => ToReceived(queue, r, systemNames, request.MessageAttributeNames))]);
            }

            var pause = TimeSpan.FromMilliseconds(Math.Min(deadline, nextVisibleAt) - now);
            try
            {
                await arrival.WaitAsync(pause, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new ReceiveMessageResult(null); // the caller hung up; nothing was received
            }
        }
    }

    public EmptyResult DeleteMessage(DeleteMessageRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        var (messageId, token) = ParseReceipt(queue, Require(request.ReceiptHandle, "ReceiptHandle"));
        if (queue.Delete(messageId, token))
        {
            queue.CountDeleted();
        }

        return EmptyResult.Instance;
    }

    public ReceiptHandleBatchResult DeleteMessageBatch(ReceiptHandleBatchRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        return ForEachEntry(request.Entries, entry =>
        {
            var (messageId, token) = ParseReceipt(queue, Require(entry.ReceiptHandle, "ReceiptHandle"));
            if (queue.Delete(messageId, token))
            {
                queue.CountDeleted();
            }
        });
    }

    public EmptyResult ChangeMessageVisibility(ChangeMessageVisibilityRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        ChangeVisibility(queue, request.ReceiptHandle, request.VisibilityTimeout);
        return EmptyResult.Instance;
    }

    public ReceiptHandleBatchResult ChangeMessageVisibilityBatch(ReceiptHandleBatchRequest request, AwsRequestContext context)
    {
        var queue = RequireQueue(request.QueueUrl, context);
        return ForEachEntry(request.Entries, entry => ChangeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout));
    }

    public EmptyResult PurgeQueue(QueueRequest request, AwsRequestContext context)
    {
        RequireQueue(request.QueueUrl, context).Purge();
        return EmptyResult.Instance;
    }

    public EmptyResult TagQueue(TagQueueRequest request, AwsRequestContext context)
    {
        RequireQueue(request.QueueUrl, context).Tag(request.Tags ?? []);
        return EmptyResult.Instance;
    }

    public EmptyResult UntagQueue(UntagQueueRequest request, AwsRequestContext context)
    {
        RequireQueue(request.QueueUrl, context).Untag(request.TagKeys ?? []);
        return EmptyResult.Instance;
    }

    public ListQueueTagsResult ListQueueTags(QueueRequest request, AwsRequestContext context)
    {
        var tags = RequireQueue(request.QueueUrl, context).Tags;
        return new ListQueueTagsResult(tags.Count == 0 ? null : tags);
    }

    public ListDeadLetterSourceQueuesResult ListDeadLetterSourceQueues(QueueRequest request, AwsRequestContext context)
    {
        var target = RequireQueue(request.QueueUrl, context);
        var sources = store.InRegion(context.Region)
            .Where(q => q.Settings.RedrivePolicy?.DeadLetterTargetArn == target.Arn)
            .Select(q => UrlOf(q, context))
            .ToList();
        return new ListDeadLetterSourceQueuesResult(sources, null);
    }

    /// <inheritdoc />
    public ValueTask<string> DeliverAsync(string queueArn, string body, IReadOnlyDictionary<string, SqsMessageAttribute>? messageAttributes, CancellationToken cancellationToken) =>
        DeliverAsync(queueArn, body, messageAttributes, null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<string> DeliverAsync(string queueArn, string body, IReadOnlyDictionary<string, SqsMessageAttribute>? messageAttributes, string? traceHeader, CancellationToken cancellationToken)
    {
        var queue = store.FindByArn(queueArn) ?? throw SqsErrors.QueueDoesNotExist();
        var attributes = messageAttributes?.ToDictionary(
            a => a.Key,
            a => new MessageAttributeValue(a.Value.DataType, a.Value.StringValue, a.Value.BinaryValue),
            StringComparer.Ordinal);
        var sender = queueArn.Split(':') is [_, _, _, _, var account, _] ? account : "000000000000";
        var messageId = Send(queue, body, null, attributes, null, sender, traceHeader).MessageId;
        changes?.Changed("sqs"); // not an API call: report it so that the message is saved
        return ValueTask.FromResult(messageId);
    }

    /// <summary>
    /// The message's system attributes with <c>AWSTraceHeader</c> set from the caller's trace when the sender gave
    /// none, as SQS does for a <c>SendMessage</c> that carries <c>X-Amzn-Trace-Id</c>
    /// (https://docs.aws.amazon.com/xray/latest/devguide/xray-services-sqs.html).
    /// </summary>
    private static Dictionary<string, MessageAttributeValue>? WithTrace(Dictionary<string, MessageAttributeValue>? systemAttributes, string? traceHeader)
    {
        if (traceHeader is null || systemAttributes?.ContainsKey(XRayTraceHeader.SqsSystemAttributeName) == true)
        {
            return systemAttributes;
        }

        return new Dictionary<string, MessageAttributeValue>(systemAttributes ?? [], StringComparer.Ordinal)
        {
            [XRayTraceHeader.SqsSystemAttributeName] = new MessageAttributeValue("String", traceHeader, null),
        };
    }

    private SendMessageResult Send(
        SqsQueue queue,
        string? body,
        int? delaySeconds,
        Dictionary<string, MessageAttributeValue>? attributes,
        Dictionary<string, MessageAttributeValue>? systemAttributes,
        string senderId,
        string? traceHeader = null)
    {
        if (string.IsNullOrEmpty(body))
        {
            throw SqsErrors.MissingParameter("MessageBody");
        }

        if (!IsAllowedText(body))
        {
            throw SqsErrors.InvalidMessageContents();
        }

        var delay = delaySeconds ?? queue.Settings.DelaySeconds;
        if (delay is < 0 or > 900)
        {
            throw SqsErrors.InvalidParameterValue($"Value {delay} for parameter DelaySeconds is invalid. Reason: must be between 0 and 900, if provided.");
        }

        var size = Encoding.UTF8.GetByteCount(body) + CheckAttributes(attributes);
        if (systemAttributes is { Count: > 0 })
        {
            foreach (var name in systemAttributes.Keys.Where(n => n != "AWSTraceHeader"))
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
            }

            CheckAttributes(systemAttributes);
        }

        if (size > queue.Settings.MaximumMessageSize)
        {
            throw SqsErrors.InvalidParameterValue($"One or more parameters are invalid. Reason: Message must be shorter than {queue.Settings.MaximumMessageSize} bytes.");
        }

        var now = Now();
        var stored = WithTrace(systemAttributes, traceHeader);
        var message = new SqsMessage(Guid.NewGuid().ToString(), body, attributes is { Count: > 0 } ? attributes : null, stored is { Count: > 0 } ? stored : null, senderId, now);
        queue.Enqueue(message, now + (delay * 1000L));
        queue.CountSent();
        return new SendMessageResult(message.MessageId, message.MD5OfBody, SqsMd5.OfAttributes(message.MessageAttributes), SqsMd5.OfAttributes(systemAttributes is { Count: > 0 } ? systemAttributes : null));
    }

    /// <summary>Validates message attributes as SQS does; returns their size in bytes (name, type and value).</summary>
    private static int CheckAttributes(Dictionary<string, MessageAttributeValue>? attributes)
    {
        if (attributes is null)
        {
            return 0;
        }

        if (attributes.Count > 10)
        {
            throw SqsErrors.InvalidParameterValue($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [10].");
        }

        var size = 0;
        foreach (var (name, value) in attributes)
        {
            if (name.Length is 0 or > 256 || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase)
                || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal))
            {
                throw SqsErrors.InvalidParameterValue($"Message attribute name '{name}' is invalid: use up to 256 letters, digits, '_', '-' and '.', not starting with AWS. or Amazon.");
            }

            if (string.IsNullOrEmpty(value.DataType))
            {
                throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            }

            var isBinary = value.DataType.StartsWith("Binary", StringComparison.Ordinal);
            if (!isBinary && !value.DataType.StartsWith("String", StringComparison.Ordinal) && !value.DataType.StartsWith("Number", StringComparison.Ordinal))
            {
                throw SqsErrors.InvalidParameterValue($"The type of message attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            }

            if (isBinary ? value.BinaryValue is null : string.IsNullOrEmpty(value.StringValue))
            {
                throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{value.DataType}'.");
            }

            if (value.DataType.StartsWith("Number", StringComparison.Ordinal) && !decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw SqsErrors.InvalidParameterValue($"Can't cast the value of message (user) attribute '{name}' to a number.");
            }

            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType)
                + (isBinary ? value.BinaryValue!.Length : Encoding.UTF8.GetByteCount(value.StringValue!));
        }

        return size;
    }

    private ReceivedMessage ToReceived(SqsQueue queue, SqsReceipt receipt, HashSet<string> systemNames, IReadOnlyList<string>? attributeNames)
    {
        var message = receipt.Message;
        var all = systemNames.Contains("All");
        Dictionary<string, string>? system = null;
        foreach (var name in AllSystemAttributes)
        {
            if (!all && !systemNames.Contains(name))
            {
                continue;
            }

            var value = name switch
            {
                "SenderId" => message.SenderId,
                "SentTimestamp" => Invariant(message.SentTimestamp),
                "ApproximateReceiveCount" => Invariant(receipt.ReceiveCount),
                "ApproximateFirstReceiveTimestamp" => Invariant(receipt.FirstReceiveTimestamp),
                "AWSTraceHeader" => message.SystemAttributes?.GetValueOrDefault("AWSTraceHeader")?.StringValue,
                _ => null,
            };
            if (value is not null)
            {
                (system ??= new(StringComparer.Ordinal))[name] = value;
            }
        }

        Dictionary<string, MessageAttributeValue>? attributes = null;
        if (message.MessageAttributes is { } stored && attributeNames is { Count: > 0 })
        {
            foreach (var (name, value) in stored)
            {
                if (attributeNames.Any(n => n is "All" or ".*" || n == name || (n.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(n[..^1], StringComparison.Ordinal))))
                {
                    (attributes ??= new(StringComparer.Ordinal))[name] = value;
                }
            }
        }

        var handle = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{queue.Name}:{message.MessageId}:{receipt.ReceiptToken}"));
        return new ReceivedMessage(message.MessageId, handle, message.MD5OfBody, message.Body, system, SqsMd5.OfAttributes(attributes), attributes);
    }

    private static (string MessageId, string Token) ParseReceipt(SqsQueue queue, string handle)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(handle)).Split(':');
            if (parts is [var name, var messageId, var token] && name == queue.Name)
            {
                return (messageId, token);
            }
        }
        catch (FormatException)
        {
        }

        throw SqsErrors.ReceiptHandleIsInvalid(handle);
    }

    private void ChangeVisibility(SqsQueue queue, string? receiptHandle, int? visibilityTimeout)
    {
        var (messageId, token) = ParseReceipt(queue, Require(receiptHandle, "ReceiptHandle"));
        var seconds = visibilityTimeout ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
        if (seconds is < 0 or > 43_200)
        {
            throw SqsErrors.InvalidParameterValue($"Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        }

        if (!queue.ChangeVisibility(messageId, token, seconds * 1000L, Now()))
        {
            throw SqsErrors.MessageNotInflight();
        }
    }

    private static ReceiptHandleBatchResult ForEachEntry(IReadOnlyList<ReceiptHandleBatchRequestEntry>? entries, Action<ReceiptHandleBatchRequestEntry> action)
    {
        var successful = new List<BatchResultEntry>();
        var failed = new List<BatchResultErrorEntry>();
        foreach (var entry in CheckBatch(entries, e => e.Id))
        {
            try
            {
                action(entry);
                successful.Add(new BatchResultEntry(entry.Id!));
            }
            catch (AwsServiceException error)
            {
                failed.Add(SqsErrors.ToBatchEntry(entry.Id!, error));
            }
        }

        return new ReceiptHandleBatchResult(successful, failed);
    }

    private static IReadOnlyList<T> CheckBatch<T>(IReadOnlyList<T>? entries, Func<T, string?> id)
    {
        if (entries is null || entries.Count == 0)
        {
            throw SqsErrors.EmptyBatchRequest();
        }

        if (entries.Count > MaxBatchEntries)
        {
            throw SqsErrors.TooManyEntriesInBatchRequest(entries.Count);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var entryId = id(entry) ?? throw SqsErrors.MissingParameter("Id");
            if (entryId.Length is 0 or > 80 || !entryId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw SqsErrors.InvalidBatchEntryId(entryId);
            }

            if (!seen.Add(entryId))
            {
                throw SqsErrors.BatchEntryIdsNotDistinct(entryId);
            }
        }

        return entries;
    }

    /// <summary>Finds the queue a URL names (<c>…/{account}/{name}</c>, any host) in the caller's region.</summary>
    private SqsQueue RequireQueue(string? queueUrl, AwsRequestContext context)
    {
        var url = Require(queueUrl, "QueueUrl").TrimEnd('/');
        var segments = url.Split('/');
        var name = segments[^1];
        if (segments.Length >= 2 && segments[^2].Length == 12 && segments[^2].All(char.IsAsciiDigit) && segments[^2] != context.AccountId)
        {
            throw SqsErrors.QueueDoesNotExist();
        }

        return store.Find(context.Region, name) ?? throw SqsErrors.QueueDoesNotExist();
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw SqsErrors.MissingParameter(name) : value;

    private static string UrlOf(SqsQueue queue, AwsRequestContext context) => $"{context.BaseUrl}/{queue.AccountId}/{queue.Name}";

    private static string UrlOf(AwsRequestContext context, string name) => $"{context.BaseUrl}/{context.AccountId}/{name}";

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string NewReceiptToken() => Guid.NewGuid().ToString("N");

    private static string Encode(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

    private static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameterValue("Invalid NextToken value.");
        }
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>SQS accepts #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.</summary>
    private static bool IsAllowedText(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (!(v is 0x9 or 0xA or 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000))
            {
                return false;
            }
        }

        // Lone surrogates enumerate as U+FFFD replacement runes; reject them explicitly.
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[++i]) : char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
