using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sns.Shapes;
using SesMail.Emulator.Sqs;
using SesMail.Emulator.XRay;

namespace SesMail.Emulator.Sns;

/// <summary>
/// Amazon SNS standard topics, one method per operation of the 2010-03-31 API
/// (https://docs.aws.amazon.com/sns/latest/api/API_Operations.html), spoken in Query by <see cref="SnsService"/>.
/// <c>Publish</c> delivers synchronously to SQS subscribers through <see cref="ISqsDelivery"/>, raw or in the
/// standard notification envelope.
/// </summary>
/// <remarks>
/// <c>email</c> and <c>email-json</c> subscriptions deliver into the Gmail stand-in's mailbox of their address
/// (<see cref="ISnsEmailDelivery"/>): nothing leaves the machine.
/// Not emulated: FIFO topics (refused), delivery to <c>lambda</c>, <c>http</c>, <c>https</c> and other protocols
/// (those subscriptions are stored and listed but receive nothing), subscription confirmation
/// (every subscription is confirmed at once), delivery retries and
/// subscription dead-letter queues (a failed SQS delivery is logged and dropped), SMS, mobile push, data protection
/// and persistence across restarts. Signatures are real SHA1withRSA signatures by the emulator's own certificate,
/// not Amazon's.
/// </remarks>
internal sealed partial class SnsProvider(SnsStore store, ISqsDelivery sqs, SnsSigner signer, TimeProvider time, ILogger<SnsProvider> logger, ISnsEmailDelivery? email = null)
{
    private const int PageSize = 100;
    private const int MaxMessageBytes = 262_144;

    private static readonly HashSet<string> TopicAttributes = new(StringComparer.Ordinal)
    {
        "DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "TracingConfig", "SignatureVersion", "DataProtectionPolicy",
        "ArchivePolicy", "HTTPSuccessFeedbackRoleArn", "HTTPFailureFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate",
        "SQSSuccessFeedbackRoleArn", "SQSFailureFeedbackRoleArn", "SQSSuccessFeedbackSampleRate",
        "LambdaSuccessFeedbackRoleArn", "LambdaFailureFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate",
    };

    private static readonly HashSet<string> SubscriptionAttributes = new(StringComparer.Ordinal)
    {
        "RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy", "DeliveryPolicy", "SubscriptionRoleArn", "ReplayPolicy",
    };

    private static readonly HashSet<string> Protocols = new(StringComparer.Ordinal)
    {
        "sqs", "lambda", "http", "https", "email", "email-json", "sms", "application", "firehose",
    };

    private static readonly JsonSerializerOptions EnvelopeOptions = new(SnsJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly SnsJsonContext EnvelopeContext = new(EnvelopeOptions);

    public CreateTopicResult CreateTopic(CreateTopicRequest request, AwsRequestContext context)
    {
        var name = request.Name ?? throw SnsErrors.Missing("Name");
        var attributes = request.Attributes ?? [];
        if (name.EndsWith(".fifo", StringComparison.Ordinal) || attributes.ContainsKey("FifoTopic"))
        {
            throw SnsErrors.FifoNotSupported();
        }

        if (name.Length is 0 or > 256 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SnsErrors.InvalidParameter("Topic Name");
        }

        foreach (var attribute in attributes.Keys.Where(a => !TopicAttributes.Contains(a)))
        {
            throw SnsErrors.InvalidParameter($"Attributes Reason: Unknown attribute {attribute}");
        }

        var arn = $"arn:aws:sns:{context.Region}:{context.AccountId}:{name}";
        var topic = store.GetOrAdd(new SnsTopic(arn, name, context.AccountId, context.Region));
        foreach (var (key, value) in attributes)
        {
            topic.SetAttribute(key, value);
        }

        topic.Tag(Tags(request.Tags));
        return new CreateTopicResult(arn);
    }

    public EmptyResult DeleteTopic(TopicRequest request, AwsRequestContext context)
    {
        var arn = request.TopicArn ?? throw SnsErrors.Missing("TopicArn");
        if (store.Topic(arn) is { } topic)
        {
            store.Remove(topic); // deleting a missing topic succeeds, as SNS does
        }

        return EmptyResult.Instance;
    }

    public ListTopicsResult ListTopics(ListRequest request, AwsRequestContext context)
    {
        var (page, next) = Page(store.Topics(context.Region).Select(t => t.Arn), request.NextToken);
        return new ListTopicsResult([.. page.Select(arn => new TopicEntry(arn))], next);
    }

    public AttributesResult GetTopicAttributes(TopicRequest request, AwsRequestContext context)
    {
        var topic = RequireTopic(request.TopicArn);
        var subscriptions = store.SubscriptionsOf(topic.Arn).Count();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TopicArn"] = topic.Arn,
            ["Owner"] = topic.AccountId,
            ["DisplayName"] = string.Empty,
            ["Policy"] = DefaultPolicy(topic),
            ["SubscriptionsConfirmed"] = subscriptions.ToString(CultureInfo.InvariantCulture),
            ["SubscriptionsPending"] = "0",
            ["SubscriptionsDeleted"] = "0",
            ["EffectiveDeliveryPolicy"] = EffectiveDeliveryPolicy,
        };
        foreach (var (key, value) in topic.Attributes)
        {
            attributes[key] = value;
        }

        return new AttributesResult(attributes);
    }

    public EmptyResult SetTopicAttributes(SetTopicAttributesRequest request, AwsRequestContext context)
    {
        var topic = RequireTopic(request.TopicArn);
        var name = request.AttributeName ?? throw SnsErrors.Missing("AttributeName");
        if (!TopicAttributes.Contains(name))
        {
            throw SnsErrors.InvalidParameter($"AttributeName Reason: Unknown attribute {name}");
        }

        topic.SetAttribute(name, request.AttributeValue ?? string.Empty);
        return EmptyResult.Instance;
    }

    public SubscribeResult Subscribe(SubscribeRequest request, AwsRequestContext context)
    {
        var topic = RequireTopic(request.TopicArn);
        var protocol = request.Protocol ?? throw SnsErrors.Missing("Protocol");
        if (!Protocols.Contains(protocol))
        {
            throw SnsErrors.InvalidParameter($"Invalid protocol type: {protocol}");
        }

        var endpoint = request.Endpoint ?? throw SnsErrors.Missing("Endpoint");
        if (protocol == "sqs" && !endpoint.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
        {
            throw SnsErrors.InvalidParameter("SQS endpoint ARN");
        }

        if (protocol is "email" or "email-json" && !MimeKit.MailboxAddress.TryParse(endpoint, out _))
        {
            throw SnsErrors.InvalidParameter("Invalid parameter: Email address");
        }

        var attributes = request.Attributes ?? [];
        foreach (var name in attributes.Keys.Where(a => !SubscriptionAttributes.Contains(a)))
        {
            throw SnsErrors.InvalidParameter($"Attributes Reason: Unknown attribute {name}");
        }

        CheckSubscriptionAttributes(attributes);
        var existing = store.SubscriptionsOf(topic.Arn).FirstOrDefault(s => s.Protocol == protocol && s.Endpoint == endpoint);
        if (existing is not null)
        {
            if (attributes.Any(a => existing.Attribute(a.Key) != a.Value))
            {
                throw SnsErrors.InvalidParameter("Attributes Reason: Subscription already exists with different attributes");
            }

            return new SubscribeResult(existing.Arn);
        }

        var subscription = store.AddSubscription(new SnsSubscription($"{topic.Arn}:{Guid.NewGuid()}", topic.Arn, protocol, endpoint, context.AccountId));
        foreach (var (key, value) in attributes)
        {
            subscription.SetAttribute(key, value);
        }

        return new SubscribeResult(subscription.Arn);
    }

    public EmptyResult Unsubscribe(SubscriptionRequest request, AwsRequestContext context)
    {
        var arn = request.SubscriptionArn ?? throw SnsErrors.Missing("SubscriptionArn");
        if (!store.RemoveSubscription(arn))
        {
            throw SnsErrors.SubscriptionNotFound();
        }

        return EmptyResult.Instance;
    }

    public ListSubscriptionsResult ListSubscriptions(ListRequest request, AwsRequestContext context) =>
        ListSubscriptions(store.Subscriptions(context.Region), request.NextToken);

    public ListSubscriptionsResult ListSubscriptionsByTopic(ListRequest request, AwsRequestContext context) =>
        ListSubscriptions(store.SubscriptionsOf(RequireTopic(request.TopicArn).Arn), request.NextToken);

    public AttributesResult GetSubscriptionAttributes(SubscriptionRequest request, AwsRequestContext context)
    {
        var subscription = RequireSubscription(request.SubscriptionArn);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SubscriptionArn"] = subscription.Arn,
            ["TopicArn"] = subscription.TopicArn,
            ["Owner"] = subscription.Owner,
            ["Protocol"] = subscription.Protocol,
            ["Endpoint"] = subscription.Endpoint,
            ["ConfirmationWasAuthenticated"] = "true",
            ["PendingConfirmation"] = "false",
            ["RawMessageDelivery"] = "false",
            ["SubscriptionPrincipal"] = $"arn:aws:iam::{subscription.Owner}:user/sesmail",
            ["EffectiveDeliveryPolicy"] = EffectiveDeliveryPolicy,
        };
        foreach (var (key, value) in subscription.Attributes)
        {
            attributes[key] = value;
        }

        return new AttributesResult(attributes);
    }

    public EmptyResult SetSubscriptionAttributes(SetSubscriptionAttributesRequest request, AwsRequestContext context)
    {
        var subscription = RequireSubscription(request.SubscriptionArn);
        var name = request.AttributeName ?? throw SnsErrors.Missing("AttributeName");
        if (!SubscriptionAttributes.Contains(name))
        {
            throw SnsErrors.InvalidParameter($"AttributeName Reason: Unknown attribute {name}");
        }

        var value = request.AttributeValue ?? string.Empty;
        CheckSubscriptionAttributes(new Dictionary<string, string> { [name] = value });
        subscription.SetAttribute(name, value);
        return EmptyResult.Instance;
    }

    public async ValueTask<PublishResult> PublishAsync(PublishRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        if (request.PhoneNumber is not null)
        {
            throw SnsErrors.InvalidParameter("PhoneNumber Reason: SMS is not emulated by SesMail.Emulator.");
        }

        var topic = RequireTopic(request.TopicArn ?? request.TargetArn ?? throw SnsErrors.Missing("TopicArn or TargetArn"));
        var messageId = await PublishAsync(topic, request.Message, request.Subject, request.MessageStructure, request.MessageAttributes, context, cancellationToken).ConfigureAwait(false);
        return new PublishResult(messageId);
    }

    public async ValueTask<PublishBatchResult> PublishBatchAsync(PublishBatchRequest request, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var topic = RequireTopic(request.TopicArn);
        var entries = request.PublishBatchRequestEntries ?? [];
        if (entries.Count == 0)
        {
            throw new AwsServiceException("EmptyBatchRequest", "The batch request doesn't contain any entries.");
        }

        if (entries.Count > 10)
        {
            throw new AwsServiceException("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible (10).");
        }

        if (entries.Select(e => e.Id).Distinct().Count() != entries.Count)
        {
            throw new AwsServiceException("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
        }

        var successful = new List<PublishBatchResultEntry>();
        var failed = new List<PublishBatchErrorEntry>();
        foreach (var entry in entries)
        {
            var id = entry.Id ?? throw SnsErrors.Missing("Id");
            try
            {
                var messageId = await PublishAsync(topic, entry.Message, entry.Subject, entry.MessageStructure, entry.MessageAttributes, context, cancellationToken).ConfigureAwait(false);
                successful.Add(new PublishBatchResultEntry(id, messageId));
            }
            catch (AwsServiceException error)
            {
                failed.Add(new PublishBatchErrorEntry(id, error.Code, error.Message, error.SenderFault));
            }
        }

        return new PublishBatchResult(successful, failed);
    }

    public EmptyResult TagResource(TagResourceRequest request, AwsRequestContext context)
    {
        RequireResource(request.ResourceArn).Tag(Tags(request.Tags));
        return EmptyResult.Instance;
    }

    public EmptyResult UntagResource(UntagResourceRequest request, AwsRequestContext context)
    {
        RequireResource(request.ResourceArn).Untag(request.TagKeys ?? []);
        return EmptyResult.Instance;
    }

    public ListTagsForResourceResult ListTagsForResource(ListTagsForResourceRequest request, AwsRequestContext context) =>
        new([.. RequireResource(request.ResourceArn).Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new SnsTag(t.Key, t.Value))]);

    private async ValueTask<string> PublishAsync(
        SnsTopic topic,
        string? message,
        string? subject,
        string? structure,
        Dictionary<string, SnsMessageAttributeValue>? attributes,
        AwsRequestContext context,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message))
        {
            throw SnsErrors.InvalidParameter("Empty message");
        }

        if (Encoding.UTF8.GetByteCount(message) > MaxMessageBytes)
        {
            throw SnsErrors.InvalidParameter("Message too long");
        }

        if (subject is not null && (subject.Length is 0 or > 100 || subject.Any(c => c < 0x20 || c > 0x7E)))
        {
            throw SnsErrors.InvalidParameter("Subject");
        }

        CheckMessageAttributes(attributes);
        Dictionary<string, string>? perProtocol = null;
        if (structure is not null)
        {
            if (structure != "json")
            {
                throw SnsErrors.InvalidParameter("MessageStructure Reason: must be json");
            }

            try
            {
                perProtocol = JsonSerializer.Deserialize(message, SnsJsonContext.Default.DictionaryStringString);
            }
            catch (JsonException)
            {
                throw SnsErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
            }

            if (perProtocol is null || !perProtocol.ContainsKey("default"))
            {
                throw SnsErrors.InvalidParameter("Message Structure - No default entry in JSON message body");
            }
        }

        var messageId = Guid.NewGuid().ToString();
        var timestamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        using var publish = EmulatorTracing.Start($"{topic.Name} publish", ActivityKind.Producer, context.TraceHeader).Messaging("aws_sns", "publish", topic.Name, topic.Arn);
        publish?.SetTag("messaging.message.id", messageId);
        var trace = EmulatorTracing.HeaderOf(publish, context.TraceHeader);
        foreach (var subscription in store.SubscriptionsOf(topic.Arn).Where(s => s.Protocol == "sqs"))
        {
            var text = perProtocol is null ? message : perProtocol.GetValueOrDefault("sqs") ?? perProtocol["default"];
            if (!PassesFilterPolicy(subscription, text, attributes))
            {
                continue;
            }

            var queue = EmulatorTracing.NameOf(subscription.Endpoint);
            using var send = EmulatorTracing.Start($"{queue} send", ActivityKind.Producer, trace).Messaging("aws_sqs", "send", queue, subscription.Endpoint);
            try
            {
                if (subscription.RawMessageDelivery)
                {
                    await sqs.DeliverAsync(subscription.Endpoint, text, ToSqsAttributes(attributes), EmulatorTracing.HeaderOf(send, trace), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var envelope = Envelope(topic, subscription, messageId, subject, text, timestamp, attributes, context);
                    await sqs.DeliverAsync(subscription.Endpoint, envelope, null, EmulatorTracing.HeaderOf(send, trace), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (AwsServiceException error)
            {
                send.Fail(error.Code);
                LogDeliveryFailed(logger, subscription.Arn, subscription.Endpoint, error.Code, error.Message);
            }
        }

        if (email is not null)
        {
            foreach (var subscription in store.SubscriptionsOf(topic.Arn).Where(s => s.Protocol is "email" or "email-json"))
            {
                var text = perProtocol is null ? message : perProtocol.GetValueOrDefault(subscription.Protocol) ?? perProtocol["default"];
                if (!PassesFilterPolicy(subscription, text, attributes))
                {
                    continue;
                }

                var unsubscribe = $"{context.BaseUrl}/?Action=Unsubscribe&SubscriptionArn={Uri.EscapeDataString(subscription.Arn)}";
                var body = subscription.Protocol == "email-json"
                    ? Envelope(topic, subscription, messageId, subject, text, timestamp, attributes, context)
                    : $"{text}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n{unsubscribe}\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n";
                try
                {
                    var mailSubject = subject ?? (topic.Attributes.GetValueOrDefault("DisplayName") is { Length: > 0 } display ? display : "AWS Notification Message");
                    await email.DeliverAsync(subscription.Endpoint, mailSubject, body, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is IOException or Gmail.GmailApiException or FormatException)
                {
                    LogDeliveryFailed(logger, subscription.Arn, subscription.Endpoint, "EmailDeliveryFailed", error.Message);
                }
            }
        }

        return messageId;
    }

    /// <summary>The JSON body of a non-raw SQS delivery.</summary>
    internal string Envelope(
        SnsTopic topic,
        SnsSubscription subscription,
        string messageId,
        string? subject,
        string message,
        string timestamp,
        IReadOnlyDictionary<string, SnsMessageAttributeValue>? attributes,
        AwsRequestContext context)
    {
        var notification = new SnsNotification(
            "Notification",
            messageId,
            topic.Arn,
            subject,
            message,
            timestamp,
            "1",
            signer.SignNotification(message, messageId, subject, timestamp, topic.Arn, "Notification"),
            context.BaseUrl + SnsSigner.CertificatePath,
            $"{context.BaseUrl}/?Action=Unsubscribe&SubscriptionArn={Uri.EscapeDataString(subscription.Arn)}",
            attributes is { Count: > 0 }
                ? attributes.ToDictionary(
                    a => a.Key,
                    a => new SnsNotificationAttribute(a.Value.DataType!, a.Value.DataType == "Binary" ? Convert.ToBase64String(a.Value.BinaryValue!) : a.Value.StringValue!),
                    StringComparer.Ordinal)
                : null);
        return JsonSerializer.Serialize(notification, EnvelopeContext.SnsNotification);
    }

    private static Dictionary<string, SqsMessageAttribute>? ToSqsAttributes(Dictionary<string, SnsMessageAttributeValue>? attributes) =>
        attributes is { Count: > 0 }
            ? attributes.ToDictionary(a => a.Key, a => new SqsMessageAttribute(a.Value.DataType!, a.Value.StringValue, a.Value.BinaryValue), StringComparer.Ordinal)
            : null;

    private static void CheckMessageAttributes(Dictionary<string, SnsMessageAttributeValue>? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        if (attributes.Count > 10)
        {
            throw SnsErrors.InvalidParameter("MessageAttributes Reason: Number of message attributes exceeds the allowed maximum of 10.");
        }

        foreach (var (name, value) in attributes)
        {
            var type = value.DataType;
            if (string.IsNullOrEmpty(type))
            {
                throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            }

            var baseType = type.Split('.')[0];
            if (baseType is not ("String" or "Number" or "Binary"))
            {
                throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }

            if (baseType == "Binary" ? value.BinaryValue is null : string.IsNullOrEmpty(value.StringValue))
            {
                throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{type}'.");
            }

            if (type == "String.Array")
            {
                try
                {
                    using var document = JsonDocument.Parse(value.StringValue!);
                    if (document.RootElement.ValueKind != JsonValueKind.Array)
                    {
                        throw new JsonException();
                    }
                }
                catch (JsonException)
                {
                    throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' with type 'String.Array' must use field 'String' and contain a JSON array.");
                }
            }

            if (baseType == "Number" && !decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw SnsErrors.InvalidParameterValue($"Could not cast message attribute '{name}' value to number.");
            }
        }
    }

    private static void CheckSubscriptionAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.TryGetValue("RawMessageDelivery", out var raw) && !bool.TryParse(raw, out _))
        {
            throw SnsErrors.InvalidParameter("Attributes Reason: RawMessageDelivery: Invalid value [" + raw + "]. Must be true or false.");
        }

        foreach (var json in new[] { "FilterPolicy", "RedrivePolicy", "DeliveryPolicy" })
        {
            if (attributes.TryGetValue(json, out var text) && text.Length > 0)
            {
                try
                {
                    using var _ = JsonDocument.Parse(text);
                }
                catch (JsonException)
                {
                    throw SnsErrors.InvalidParameter($"Attributes Reason: {json}: failed to parse JSON.");
                }
            }
        }

        CheckFilterPolicy(attributes);
    }

    private ListSubscriptionsResult ListSubscriptions(IEnumerable<SnsSubscription> subscriptions, string? nextToken)
    {
        var all = subscriptions.ToDictionary(s => s.Arn, StringComparer.Ordinal);
        var (page, next) = Page(all.Keys, nextToken);
        return new ListSubscriptionsResult([.. page.Select(arn => all[arn]).Select(s => new SubscriptionEntry(s.Arn, s.Owner, s.Protocol, s.Endpoint, s.TopicArn))], next);
    }

    private static (List<string> Page, string? Next) Page(IEnumerable<string> sortedArns, string? nextToken)
    {
        var after = nextToken is null ? null : Decode(nextToken);
        var remaining = sortedArns.Order(StringComparer.Ordinal).Where(a => after is null || string.CompareOrdinal(a, after) > 0).ToList();
        var page = remaining.Take(PageSize).ToList();
        return (page, remaining.Count > PageSize ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1])) : null);
    }

    private static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw SnsErrors.InvalidParameter("NextToken");
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Tags(IReadOnlyList<SnsTag>? tags) =>
        (tags ?? []).Select(t => KeyValuePair.Create(t.Key ?? throw SnsErrors.InvalidParameter("Tags Reason: a tag has no Key"), t.Value ?? string.Empty));

    private SnsTopic RequireTopic(string? arn) =>
        store.Topic(arn ?? throw SnsErrors.Missing("TopicArn")) ?? throw SnsErrors.TopicNotFound();

    private SnsSubscription RequireSubscription(string? arn) =>
        store.Subscription(arn ?? throw SnsErrors.Missing("SubscriptionArn")) ?? throw SnsErrors.SubscriptionNotFound();

    private SnsTopic RequireResource(string? arn) =>
        store.Topic(arn ?? throw SnsErrors.Missing("ResourceArn")) ?? throw SnsErrors.ResourceNotFound();

    private static string DefaultPolicy(SnsTopic topic) =>
        """{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"TOPIC","Condition":{"StringEquals":{"AWS:SourceOwner":"ACCOUNT"}}}]}"""
            .Replace("TOPIC", topic.Arn, StringComparison.Ordinal)
            .Replace("ACCOUNT", topic.AccountId, StringComparison.Ordinal);

    private const string EffectiveDeliveryPolicy =
        """{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}""";

    [LoggerMessage(Level = LogLevel.Warning, Message = "SNS delivery for {SubscriptionArn} to {Endpoint} failed with {Code}: {Reason}; the message is dropped")]
    private static partial void LogDeliveryFailed(ILogger logger, string subscriptionArn, string endpoint, string code, string reason);
}
