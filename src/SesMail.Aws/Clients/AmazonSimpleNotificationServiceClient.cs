// The smallest Amazon SNS client this project needs, on AWSSDK.Core's signer, named as AWSSDK.SimpleNotificationService
// names it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS Query, version 2010-03-31 — https://docs.aws.amazon.com/sns/latest/api/Welcome.html
#pragma warning disable CA1002, CA2227, CA1056, CA1054 // shapes mirror the official SDK (List<T> members, string URLs)
using System.Net;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.SimpleNotificationService.Model;
using SesMail.Aws.Clients;

namespace Amazon.SimpleNotificationService
{
    /// <summary>Settings of <see cref="AmazonSimpleNotificationServiceClient"/> (endpoint prefix <c>sns</c>).</summary>
    public sealed class AmazonSimpleNotificationServiceConfig : AwsClientConfig;

    /// <summary>An SNS error; <see cref="AmazonServiceException.ErrorCode"/> carries SNS's code (e.g. <c>NotFound</c>, <c>InvalidParameter</c>).</summary>
    public class AmazonSimpleNotificationServiceException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonSimpleNotificationServiceException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The SNS operations SesMail uses.</summary>
    public interface IAmazonSimpleNotificationService : IDisposable
    {
        /// <summary>CreateTopic (idempotent for the same name and attributes): https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The topic ARN.</returns>
        Task<CreateTopicResponse> CreateTopicAsync(CreateTopicRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteTopic: https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteTopicResponse> DeleteTopicAsync(DeleteTopicRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListTopics (100 a page): https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Topic ARNs and the next token.</returns>
        Task<ListTopicsResponse> ListTopicsAsync(ListTopicsRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetTopicAttributes: https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The attributes.</returns>
        Task<GetTopicAttributesResponse> GetTopicAttributesAsync(GetTopicAttributesRequest request, CancellationToken cancellationToken = default);

        /// <summary>SetTopicAttributes: https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<SetTopicAttributesResponse> SetTopicAttributesAsync(SetTopicAttributesRequest request, CancellationToken cancellationToken = default);

        /// <summary>Subscribe: https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The subscription ARN.</returns>
        Task<SubscribeResponse> SubscribeAsync(SubscribeRequest request, CancellationToken cancellationToken = default);

        /// <summary>Unsubscribe: https://docs.aws.amazon.com/sns/latest/api/API_Unsubscribe.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<UnsubscribeResponse> UnsubscribeAsync(UnsubscribeRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListSubscriptionsByTopic: https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The subscriptions and the next token.</returns>
        Task<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicAsync(ListSubscriptionsByTopicRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetSubscriptionAttributes: https://docs.aws.amazon.com/sns/latest/api/API_GetSubscriptionAttributes.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The attributes.</returns>
        Task<GetSubscriptionAttributesResponse> GetSubscriptionAttributesAsync(GetSubscriptionAttributesRequest request, CancellationToken cancellationToken = default);

        /// <summary>SetSubscriptionAttributes (e.g. <c>RawMessageDelivery</c>): https://docs.aws.amazon.com/sns/latest/api/API_SetSubscriptionAttributes.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<SetSubscriptionAttributesResponse> SetSubscriptionAttributesAsync(SetSubscriptionAttributesRequest request, CancellationToken cancellationToken = default);

        /// <summary>Publish (message ≤ 256 KB): https://docs.aws.amazon.com/sns/latest/api/API_Publish.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The message id.</returns>
        Task<PublishResponse> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>Amazon SNS over the Query protocol. Errors throw <see cref="AmazonSimpleNotificationServiceException"/>.</summary>
    public sealed class AmazonSimpleNotificationServiceClient : IAmazonSimpleNotificationService
    {
        private const string Version = "2010-03-31";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client with the default credential chain and the environment's endpoint and region.</summary>
        public AmazonSimpleNotificationServiceClient()
            : this(null, new AmazonSimpleNotificationServiceConfig())
        {
        }

        /// <summary>Creates a client with the default credential chain.</summary>
        /// <param name="config">Endpoint and region.</param>
        public AmazonSimpleNotificationServiceClient(AmazonSimpleNotificationServiceConfig config)
            : this(null, config)
        {
        }

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonSimpleNotificationServiceClient(AWSCredentials? credentials, AmazonSimpleNotificationServiceConfig config)
            : this(credentials, config, null)
        {
        }

        internal AmazonSimpleNotificationServiceClient(AWSCredentials? credentials, AmazonSimpleNotificationServiceConfig config, HttpMessageHandler? handler) =>
            _client = new AwsProtocolClient("sns", "sns", credentials, config, handler, (m, c, r, s) => new AmazonSimpleNotificationServiceException(m, c, r, s));

        /// <inheritdoc />
        public async Task<CreateTopicResponse> CreateTopicAsync(CreateTopicRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("Name", request.Name) };
            p.AddEntries("Attributes", request.Attributes);
            var i = 0;
            foreach (var tag in request.Tags)
            {
                i++;
                p.Add(new($"Tags.member.{i}.Key", tag.Key));
                p.Add(new($"Tags.member.{i}.Value", tag.Value));
            }

            var result = await _client.QueryAsync("CreateTopic", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateTopicResponse { TopicArn = result.Text("TopicArn") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<DeleteTopicResponse> DeleteTopicAsync(DeleteTopicRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("DeleteTopic", Version, [new("TopicArn", request.TopicArn)], cancellationToken).ConfigureAwait(false);
            return new DeleteTopicResponse();
        }

        /// <inheritdoc />
        public async Task<ListTopicsResponse> ListTopicsAsync(ListTopicsRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("ListTopics", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListTopicsResponse
            {
                Topics = result.Element("Topics")?.Elements("member").Select(m => new Topic { TopicArn = m.Text("TopicArn") ?? string.Empty }).ToList() ?? [],
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<GetTopicAttributesResponse> GetTopicAttributesAsync(GetTopicAttributesRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("GetTopicAttributes", Version, [new("TopicArn", request.TopicArn)], cancellationToken).ConfigureAwait(false);
            return new GetTopicAttributesResponse { Attributes = result.Entries("Attributes") };
        }

        /// <inheritdoc />
        public async Task<SetTopicAttributesResponse> SetTopicAttributesAsync(SetTopicAttributesRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("SetTopicAttributes", Version,
                [new("TopicArn", request.TopicArn), new("AttributeName", request.AttributeName), new("AttributeValue", request.AttributeValue)],
                cancellationToken).ConfigureAwait(false);
            return new SetTopicAttributesResponse();
        }

        /// <inheritdoc />
        public async Task<SubscribeResponse> SubscribeAsync(SubscribeRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("TopicArn", request.TopicArn), new("Protocol", request.Protocol) };
            p.AddIfSet("Endpoint", request.Endpoint);
            p.AddEntries("Attributes", request.Attributes);
            p.AddIfSet("ReturnSubscriptionArn", request.ReturnSubscriptionArn);
            var result = await _client.QueryAsync("Subscribe", Version, p, cancellationToken).ConfigureAwait(false);
            return new SubscribeResponse { SubscriptionArn = result.Text("SubscriptionArn") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<UnsubscribeResponse> UnsubscribeAsync(UnsubscribeRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("Unsubscribe", Version, [new("SubscriptionArn", request.SubscriptionArn)], cancellationToken).ConfigureAwait(false);
            return new UnsubscribeResponse();
        }

        /// <inheritdoc />
        public async Task<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicAsync(ListSubscriptionsByTopicRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("TopicArn", request.TopicArn) };
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("ListSubscriptionsByTopic", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListSubscriptionsByTopicResponse
            {
                Subscriptions = result.Element("Subscriptions")?.Elements("member").Select(m => new Subscription
                {
                    SubscriptionArn = m.Text("SubscriptionArn") ?? string.Empty,
                    Owner = m.Text("Owner") ?? string.Empty,
                    Protocol = m.Text("Protocol") ?? string.Empty,
                    Endpoint = m.Text("Endpoint") ?? string.Empty,
                    TopicArn = m.Text("TopicArn") ?? string.Empty,
                }).ToList() ?? [],
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<GetSubscriptionAttributesResponse> GetSubscriptionAttributesAsync(GetSubscriptionAttributesRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("GetSubscriptionAttributes", Version, [new("SubscriptionArn", request.SubscriptionArn)], cancellationToken).ConfigureAwait(false);
            return new GetSubscriptionAttributesResponse { Attributes = result.Entries("Attributes") };
        }

        /// <inheritdoc />
        public async Task<SetSubscriptionAttributesResponse> SetSubscriptionAttributesAsync(SetSubscriptionAttributesRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("SetSubscriptionAttributes", Version,
                [new("SubscriptionArn", request.SubscriptionArn), new("AttributeName", request.AttributeName), new("AttributeValue", request.AttributeValue)],
                cancellationToken).ConfigureAwait(false);
            return new SetSubscriptionAttributesResponse();
        }

        /// <inheritdoc />
        public async Task<PublishResponse> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("Message", request.Message) };
            p.AddIfSet("TopicArn", request.TopicArn);
            p.AddIfSet("TargetArn", request.TargetArn);
            p.AddIfSet("Subject", request.Subject);
            p.AddIfSet("MessageStructure", request.MessageStructure);
            var i = 0;
            foreach (var (name, value) in request.MessageAttributes)
            {
                i++;
                p.Add(new($"MessageAttributes.entry.{i}.Name", name));
                p.Add(new($"MessageAttributes.entry.{i}.Value.DataType", value.DataType));
                p.AddIfSet($"MessageAttributes.entry.{i}.Value.StringValue", value.StringValue);
                if (value.BinaryValue is not null)
                {
                    p.Add(new($"MessageAttributes.entry.{i}.Value.BinaryValue", Convert.ToBase64String(value.BinaryValue.ToArray())));
                }
            }

            var result = await _client.QueryAsync("Publish", Version, p, cancellationToken).ConfigureAwait(false);
            return new PublishResponse { MessageId = result.Text("MessageId") ?? string.Empty, SequenceNumber = result.Text("SequenceNumber") };
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();
    }
}

namespace Amazon.SimpleNotificationService.Model
{
    /// <summary>CreateTopic input.</summary>
    public sealed class CreateTopicRequest
    {
        /// <summary>Topic name (1–256 of A–Z a–z 0–9 - _).</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Attributes such as <c>DisplayName</c>, <c>Policy</c>, <c>TracingConfig</c>.</summary>
        public Dictionary<string, string> Attributes { get; set; } = [];

        /// <summary>Tags.</summary>
        public List<Tag> Tags { get; set; } = [];
    }

    /// <summary>A tag.</summary>
    public sealed class Tag
    {
        /// <summary>Tag key.</summary>
        public string Key { get; set; } = string.Empty;

        /// <summary>Tag value.</summary>
        public string Value { get; set; } = string.Empty;
    }

    /// <summary>CreateTopic output.</summary>
    public sealed class CreateTopicResponse
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;
    }

    /// <summary>DeleteTopic input.</summary>
    public sealed class DeleteTopicRequest
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;
    }

    /// <summary>DeleteTopic output (empty).</summary>
    public sealed class DeleteTopicResponse;

    /// <summary>ListTopics input.</summary>
    public sealed class ListTopicsRequest
    {
        /// <summary>Token from the previous page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A topic in ListTopics.</summary>
    public sealed class Topic
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;
    }

    /// <summary>ListTopics output.</summary>
    public sealed class ListTopicsResponse
    {
        /// <summary>The topics of this page.</summary>
        public List<Topic> Topics { get; set; } = [];

        /// <summary>Token for the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>GetTopicAttributes input.</summary>
    public sealed class GetTopicAttributesRequest
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;
    }

    /// <summary>GetTopicAttributes output.</summary>
    public sealed class GetTopicAttributesResponse
    {
        /// <summary>Attribute name → value (<c>TopicArn</c>, <c>Policy</c>, <c>SubscriptionsConfirmed</c>, …).</summary>
        public Dictionary<string, string> Attributes { get; set; } = [];
    }

    /// <summary>SetTopicAttributes input.</summary>
    public sealed class SetTopicAttributesRequest
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;

        /// <summary>Attribute name.</summary>
        public string AttributeName { get; set; } = string.Empty;

        /// <summary>Attribute value.</summary>
        public string AttributeValue { get; set; } = string.Empty;
    }

    /// <summary>SetTopicAttributes output (empty).</summary>
    public sealed class SetTopicAttributesResponse;

    /// <summary>Subscribe input.</summary>
    public sealed class SubscribeRequest
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;

        /// <summary>Protocol, e.g. <c>sqs</c>.</summary>
        public string Protocol { get; set; } = string.Empty;

        /// <summary>Endpoint; for <c>sqs</c> the queue ARN.</summary>
        public string? Endpoint { get; set; }

        /// <summary>Subscription attributes, e.g. <c>RawMessageDelivery=true</c>.</summary>
        public Dictionary<string, string> Attributes { get; set; } = [];

        /// <summary>Return the ARN even when confirmation is pending.</summary>
        public bool? ReturnSubscriptionArn { get; set; }
    }

    /// <summary>Subscribe output.</summary>
    public sealed class SubscribeResponse
    {
        /// <summary>The subscription ARN.</summary>
        public string SubscriptionArn { get; set; } = string.Empty;
    }

    /// <summary>Unsubscribe input.</summary>
    public sealed class UnsubscribeRequest
    {
        /// <summary>The subscription ARN.</summary>
        public string SubscriptionArn { get; set; } = string.Empty;
    }

    /// <summary>Unsubscribe output (empty).</summary>
    public sealed class UnsubscribeResponse;

    /// <summary>ListSubscriptionsByTopic input.</summary>
    public sealed class ListSubscriptionsByTopicRequest
    {
        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;

        /// <summary>Token from the previous page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A subscription.</summary>
    public sealed class Subscription
    {
        /// <summary>The subscription ARN.</summary>
        public string SubscriptionArn { get; set; } = string.Empty;

        /// <summary>Owner account id.</summary>
        public string Owner { get; set; } = string.Empty;

        /// <summary>Protocol.</summary>
        public string Protocol { get; set; } = string.Empty;

        /// <summary>Endpoint.</summary>
        public string Endpoint { get; set; } = string.Empty;

        /// <summary>The topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;
    }

    /// <summary>ListSubscriptionsByTopic output.</summary>
    public sealed class ListSubscriptionsByTopicResponse
    {
        /// <summary>The subscriptions of this page.</summary>
        public List<Subscription> Subscriptions { get; set; } = [];

        /// <summary>Token for the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>GetSubscriptionAttributes input.</summary>
    public sealed class GetSubscriptionAttributesRequest
    {
        /// <summary>The subscription ARN.</summary>
        public string SubscriptionArn { get; set; } = string.Empty;
    }

    /// <summary>GetSubscriptionAttributes output.</summary>
    public sealed class GetSubscriptionAttributesResponse
    {
        /// <summary>Attribute name → value.</summary>
        public Dictionary<string, string> Attributes { get; set; } = [];
    }

    /// <summary>SetSubscriptionAttributes input.</summary>
    public sealed class SetSubscriptionAttributesRequest
    {
        /// <summary>The subscription ARN.</summary>
        public string SubscriptionArn { get; set; } = string.Empty;

        /// <summary>Attribute name, e.g. <c>RawMessageDelivery</c>.</summary>
        public string AttributeName { get; set; } = string.Empty;

        /// <summary>Attribute value.</summary>
        public string AttributeValue { get; set; } = string.Empty;
    }

    /// <summary>SetSubscriptionAttributes output (empty).</summary>
    public sealed class SetSubscriptionAttributesResponse;

    /// <summary>A message attribute (https://docs.aws.amazon.com/sns/latest/api/API_MessageAttributeValue.html).</summary>
    public sealed class MessageAttributeValue
    {
        /// <summary><c>String</c>, <c>String.Array</c>, <c>Number</c> or <c>Binary</c>.</summary>
        public string DataType { get; set; } = "String";

        /// <summary>Value for String and Number types.</summary>
        public string? StringValue { get; set; }

        /// <summary>Value for Binary.</summary>
        public MemoryStream? BinaryValue { get; set; }
    }

    /// <summary>Publish input.</summary>
    public sealed class PublishRequest
    {
        /// <summary>The topic ARN.</summary>
        public string? TopicArn { get; set; }

        /// <summary>Alternative target ARN.</summary>
        public string? TargetArn { get; set; }

        /// <summary>The message (≤ 256 KB UTF-8).</summary>
        public string Message { get; set; } = string.Empty;

        /// <summary>Subject for email-type endpoints (≤ 100 characters).</summary>
        public string? Subject { get; set; }

        /// <summary><c>json</c> for per-protocol messages.</summary>
        public string? MessageStructure { get; set; }

        /// <summary>Message attributes.</summary>
        public Dictionary<string, MessageAttributeValue> MessageAttributes { get; set; } = [];
    }

    /// <summary>Publish output.</summary>
    public sealed class PublishResponse
    {
        /// <summary>The message id.</summary>
        public string MessageId { get; set; } = string.Empty;

        /// <summary>Sequence number (FIFO topics only).</summary>
        public string? SequenceNumber { get; set; }
    }
}
