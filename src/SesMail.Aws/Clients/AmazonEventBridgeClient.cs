// The smallest Amazon EventBridge client this project needs, on AWSSDK.Core's signer, named as AWSSDK.EventBridge names
// it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: JSON 1.1, X-Amz-Target AWSEvents.{Operation} — https://docs.aws.amazon.com/eventbridge/latest/APIReference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.EventBridge.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.EventBridge
{
    /// <summary>Settings of <see cref="AmazonEventBridgeClient"/> (endpoint prefix <c>events</c>).</summary>
    public sealed class AmazonEventBridgeConfig : AwsClientConfig;

    /// <summary>An EventBridge error; <see cref="AmazonServiceException.ErrorCode"/> carries the code (e.g. <c>ResourceNotFoundException</c>).</summary>
    public class AmazonEventBridgeException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonEventBridgeException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The EventBridge operations SesMail uses.</summary>
    public interface IAmazonEventBridge : IDisposable
    {
        /// <summary>CreateEventBus: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The bus ARN.</returns>
        Task<CreateEventBusResponse> CreateEventBusAsync(CreateEventBusRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeEventBus: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeEventBus.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The bus.</returns>
        Task<DescribeEventBusResponse> DescribeEventBusAsync(DescribeEventBusRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteEventBus: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteEventBus.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteEventBusResponse> DeleteEventBusAsync(DeleteEventBusRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutRule (create or update): https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The rule ARN.</returns>
        Task<PutRuleResponse> PutRuleAsync(PutRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeRule: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The rule.</returns>
        Task<DescribeRuleResponse> DescribeRuleAsync(DescribeRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListRules: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRules.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The rules.</returns>
        Task<ListRulesResponse> ListRulesAsync(ListRulesRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteRule: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteRuleResponse> DeleteRuleAsync(DeleteRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutTargets: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Per-target failures.</returns>
        Task<PutTargetsResponse> PutTargetsAsync(PutTargetsRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListTargetsByRule: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListTargetsByRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The targets.</returns>
        Task<ListTargetsByRuleResponse> ListTargetsByRuleAsync(ListTargetsByRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>RemoveTargets: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemoveTargets.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Per-target failures.</returns>
        Task<RemoveTargetsResponse> RemoveTargetsAsync(RemoveTargetsRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutEvents (≤ 10 entries, ≤ 256 KB): https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One result entry per input entry, in order; <c>FailedEntryCount</c> counts the failures.</returns>
        Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>Amazon EventBridge over JSON 1.1. Errors throw <see cref="AmazonEventBridgeException"/>.</summary>
    public sealed class AmazonEventBridgeClient : IAmazonEventBridge
    {
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client with the default credential chain and the environment's endpoint and region.</summary>
        public AmazonEventBridgeClient()
            : this(null, new AmazonEventBridgeConfig())
        {
        }

        /// <summary>Creates a client with the default credential chain.</summary>
        /// <param name="config">Endpoint and region.</param>
        public AmazonEventBridgeClient(AmazonEventBridgeConfig config)
            : this(null, config)
        {
        }

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonEventBridgeClient(AWSCredentials? credentials, AmazonEventBridgeConfig config)
            : this(credentials, config, null)
        {
        }

        internal AmazonEventBridgeClient(AWSCredentials? credentials, AmazonEventBridgeConfig config, HttpMessageHandler? handler) =>
            _client = new AwsProtocolClient("events", "events", credentials, config, handler, (m, c, r, s) => new AmazonEventBridgeException(m, c, r, s));

        /// <inheritdoc />
        public Task<CreateEventBusResponse> CreateEventBusAsync(CreateEventBusRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("CreateEventBus", request, EventBridgeJsonContext.Default.CreateEventBusRequest, EventBridgeJsonContext.Default.CreateEventBusResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DescribeEventBusResponse> DescribeEventBusAsync(DescribeEventBusRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DescribeEventBus", request, EventBridgeJsonContext.Default.DescribeEventBusRequest, EventBridgeJsonContext.Default.DescribeEventBusResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteEventBusResponse> DeleteEventBusAsync(DeleteEventBusRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DeleteEventBus", request, EventBridgeJsonContext.Default.DeleteEventBusRequest, EventBridgeJsonContext.Default.DeleteEventBusResponse, cancellationToken);

        /// <inheritdoc />
        public Task<PutRuleResponse> PutRuleAsync(PutRuleRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("PutRule", request, EventBridgeJsonContext.Default.PutRuleRequest, EventBridgeJsonContext.Default.PutRuleResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DescribeRuleResponse> DescribeRuleAsync(DescribeRuleRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DescribeRule", request, EventBridgeJsonContext.Default.DescribeRuleRequest, EventBridgeJsonContext.Default.DescribeRuleResponse, cancellationToken);

        /// <inheritdoc />
        public Task<ListRulesResponse> ListRulesAsync(ListRulesRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("ListRules", request, EventBridgeJsonContext.Default.ListRulesRequest, EventBridgeJsonContext.Default.ListRulesResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteRuleResponse> DeleteRuleAsync(DeleteRuleRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DeleteRule", request, EventBridgeJsonContext.Default.DeleteRuleRequest, EventBridgeJsonContext.Default.DeleteRuleResponse, cancellationToken);

        /// <inheritdoc />
        public Task<PutTargetsResponse> PutTargetsAsync(PutTargetsRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("PutTargets", request, EventBridgeJsonContext.Default.PutTargetsRequest, EventBridgeJsonContext.Default.PutTargetsResponse, cancellationToken);

        /// <inheritdoc />
        public Task<ListTargetsByRuleResponse> ListTargetsByRuleAsync(ListTargetsByRuleRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("ListTargetsByRule", request, EventBridgeJsonContext.Default.ListTargetsByRuleRequest, EventBridgeJsonContext.Default.ListTargetsByRuleResponse, cancellationToken);

        /// <inheritdoc />
        public Task<RemoveTargetsResponse> RemoveTargetsAsync(RemoveTargetsRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("RemoveTargets", request, EventBridgeJsonContext.Default.RemoveTargetsRequest, EventBridgeJsonContext.Default.RemoveTargetsResponse, cancellationToken);

        /// <inheritdoc />
        public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("PutEvents", request, EventBridgeJsonContext.Default.PutEventsRequest, EventBridgeJsonContext.Default.PutEventsResponse, cancellationToken);

        private async Task<TResponse> CallAsync<TRequest, TResponse>(
            string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
            where TResponse : new()
        {
            var body = JsonSerializer.Serialize(request, requestType);
            var text = await _client.JsonAsync($"AWSEvents.{operation}", "1.1", body, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(text) ? new TResponse() : JsonSerializer.Deserialize(text, responseType) ?? new TResponse();
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();
    }

    /// <summary>Source-generated serialization of the EventBridge shapes (wire names equal the property names).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(CreateEventBusRequest))]
    [JsonSerializable(typeof(CreateEventBusResponse))]
    [JsonSerializable(typeof(DescribeEventBusRequest))]
    [JsonSerializable(typeof(DescribeEventBusResponse))]
    [JsonSerializable(typeof(DeleteEventBusRequest))]
    [JsonSerializable(typeof(DeleteEventBusResponse))]
    [JsonSerializable(typeof(PutRuleRequest))]
    [JsonSerializable(typeof(PutRuleResponse))]
    [JsonSerializable(typeof(DescribeRuleRequest))]
    [JsonSerializable(typeof(DescribeRuleResponse))]
    [JsonSerializable(typeof(ListRulesRequest))]
    [JsonSerializable(typeof(ListRulesResponse))]
    [JsonSerializable(typeof(DeleteRuleRequest))]
    [JsonSerializable(typeof(DeleteRuleResponse))]
    [JsonSerializable(typeof(PutTargetsRequest))]
    [JsonSerializable(typeof(PutTargetsResponse))]
    [JsonSerializable(typeof(ListTargetsByRuleRequest))]
    [JsonSerializable(typeof(ListTargetsByRuleResponse))]
    [JsonSerializable(typeof(RemoveTargetsRequest))]
    [JsonSerializable(typeof(RemoveTargetsResponse))]
    [JsonSerializable(typeof(PutEventsRequest))]
    [JsonSerializable(typeof(PutEventsResponse))]
    internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;

    /// <summary>Reads and writes a timestamp as epoch seconds, as the JSON protocols do.</summary>
    internal sealed class EpochSecondsConverter : JsonConverter<DateTime?>
    {
        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? DateTime.UnixEpoch.AddSeconds(reader.GetDouble()) : null;

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
        {
            if (value is { } v)
            {
                writer.WriteNumberValue((v.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}

namespace Amazon.EventBridge.Model
{
    /// <summary>CreateEventBus input.</summary>
    public sealed class CreateEventBusRequest
    {
        /// <summary>Bus name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Description.</summary>
        public string? Description { get; set; }
    }

    /// <summary>CreateEventBus output.</summary>
    public sealed class CreateEventBusResponse
    {
        /// <summary>The bus ARN.</summary>
        public string? EventBusArn { get; set; }
    }

    /// <summary>DescribeEventBus input.</summary>
    public sealed class DescribeEventBusRequest
    {
        /// <summary>Bus name or ARN; <c>null</c> for the default bus.</summary>
        public string? Name { get; set; }
    }

    /// <summary>DescribeEventBus output.</summary>
    public sealed class DescribeEventBusResponse
    {
        /// <summary>Bus name.</summary>
        public string? Name { get; set; }

        /// <summary>Bus ARN.</summary>
        public string? Arn { get; set; }

        /// <summary>Resource policy JSON.</summary>
        public string? Policy { get; set; }
    }

    /// <summary>DeleteEventBus input.</summary>
    public sealed class DeleteEventBusRequest
    {
        /// <summary>Bus name.</summary>
        public string Name { get; set; } = string.Empty;
    }

    /// <summary>DeleteEventBus output (empty).</summary>
    public sealed class DeleteEventBusResponse;

    /// <summary>PutRule input.</summary>
    public sealed class PutRuleRequest
    {
        /// <summary>Rule name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Bus name or ARN; <c>null</c> for the default bus.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Event pattern JSON.</summary>
        public string? EventPattern { get; set; }

        /// <summary>Schedule, e.g. <c>rate(5 minutes)</c>.</summary>
        public string? ScheduleExpression { get; set; }

        /// <summary><c>ENABLED</c> or <c>DISABLED</c>.</summary>
        public string? State { get; set; }

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Role for targets that need one.</summary>
        public string? RoleArn { get; set; }
    }

    /// <summary>PutRule output.</summary>
    public sealed class PutRuleResponse
    {
        /// <summary>The rule ARN.</summary>
        public string? RuleArn { get; set; }
    }

    /// <summary>DescribeRule input.</summary>
    public sealed class DescribeRuleRequest
    {
        /// <summary>Rule name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Bus name or ARN.</summary>
        public string? EventBusName { get; set; }
    }

    /// <summary>A rule, as DescribeRule and ListRules return it.</summary>
    public sealed class Rule
    {
        /// <summary>Rule name.</summary>
        public string? Name { get; set; }

        /// <summary>Rule ARN.</summary>
        public string? Arn { get; set; }

        /// <summary>Event pattern JSON.</summary>
        public string? EventPattern { get; set; }

        /// <summary>Schedule expression.</summary>
        public string? ScheduleExpression { get; set; }

        /// <summary><c>ENABLED</c> or <c>DISABLED</c>.</summary>
        public string? State { get; set; }

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Bus name.</summary>
        public string? EventBusName { get; set; }
    }

    /// <summary>DescribeRule output.</summary>
    public sealed class DescribeRuleResponse
    {
        /// <summary>Rule name.</summary>
        public string? Name { get; set; }

        /// <summary>Rule ARN.</summary>
        public string? Arn { get; set; }

        /// <summary>Event pattern JSON.</summary>
        public string? EventPattern { get; set; }

        /// <summary>Schedule expression.</summary>
        public string? ScheduleExpression { get; set; }

        /// <summary><c>ENABLED</c> or <c>DISABLED</c>.</summary>
        public string? State { get; set; }

        /// <summary>Description.</summary>
        public string? Description { get; set; }

        /// <summary>Bus name.</summary>
        public string? EventBusName { get; set; }
    }

    /// <summary>ListRules input.</summary>
    public sealed class ListRulesRequest
    {
        /// <summary>Bus name or ARN.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Name prefix filter.</summary>
        public string? NamePrefix { get; set; }

        /// <summary>Token from the previous page.</summary>
        public string? NextToken { get; set; }

        /// <summary>Page size (1–100).</summary>
        public int? Limit { get; set; }
    }

    /// <summary>ListRules output.</summary>
    public sealed class ListRulesResponse
    {
        /// <summary>The rules of this page.</summary>
        public List<Rule> Rules { get; set; } = [];

        /// <summary>Token for the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>DeleteRule input.</summary>
    public sealed class DeleteRuleRequest
    {
        /// <summary>Rule name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Bus name or ARN.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Delete even if managed by another service.</summary>
        public bool? Force { get; set; }
    }

    /// <summary>DeleteRule output (empty).</summary>
    public sealed class DeleteRuleResponse;

    /// <summary>Retry policy of a target (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html).</summary>
    public sealed class RetryPolicy
    {
        /// <summary>Retries, 0–185.</summary>
        public int? MaximumRetryAttempts { get; set; }

        /// <summary>Maximum event age in seconds, 60–86400.</summary>
        public int? MaximumEventAgeInSeconds { get; set; }
    }

    /// <summary>Dead-letter queue of a target.</summary>
    public sealed class DeadLetterConfig
    {
        /// <summary>The SQS queue ARN.</summary>
        public string? Arn { get; set; }
    }

    /// <summary>Input transformer of a target.</summary>
    public sealed class InputTransformer
    {
        /// <summary>Variable name → JSON path.</summary>
        public Dictionary<string, string>? InputPathsMap { get; set; }

        /// <summary>The template with <c>&lt;variable&gt;</c> placeholders.</summary>
        public string InputTemplate { get; set; } = string.Empty;
    }

    /// <summary>A rule target (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html).</summary>
    public sealed class Target
    {
        /// <summary>Target id, unique within the rule.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary>Target ARN (an SQS queue here).</summary>
        public string Arn { get; set; } = string.Empty;

        /// <summary>Constant JSON input replacing the event.</summary>
        public string? Input { get; set; }

        /// <summary>JSON path selecting part of the event.</summary>
        public string? InputPath { get; set; }

        /// <summary>Input transformer.</summary>
        public InputTransformer? InputTransformer { get; set; }

        /// <summary>Role used to reach the target.</summary>
        public string? RoleArn { get; set; }

        /// <summary>Retry policy.</summary>
        public RetryPolicy? RetryPolicy { get; set; }

        /// <summary>Dead-letter queue.</summary>
        public DeadLetterConfig? DeadLetterConfig { get; set; }
    }

    /// <summary>PutTargets input.</summary>
    public sealed class PutTargetsRequest
    {
        /// <summary>Rule name.</summary>
        public string Rule { get; set; } = string.Empty;

        /// <summary>Bus name or ARN.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Targets (1–10).</summary>
        public List<Target> Targets { get; set; } = [];
    }

    /// <summary>A target that PutTargets or RemoveTargets could not handle.</summary>
    public sealed class FailedTargetEntry
    {
        /// <summary>Target id.</summary>
        public string? TargetId { get; set; }

        /// <summary>Error code.</summary>
        public string? ErrorCode { get; set; }

        /// <summary>Error message.</summary>
        public string? ErrorMessage { get; set; }
    }

    /// <summary>PutTargets output.</summary>
    public sealed class PutTargetsResponse
    {
        /// <summary>Number of failed targets.</summary>
        public int FailedEntryCount { get; set; }

        /// <summary>The failed targets.</summary>
        public List<FailedTargetEntry> FailedEntries { get; set; } = [];
    }

    /// <summary>ListTargetsByRule input.</summary>
    public sealed class ListTargetsByRuleRequest
    {
        /// <summary>Rule name.</summary>
        public string Rule { get; set; } = string.Empty;

        /// <summary>Bus name or ARN.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Token from the previous page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListTargetsByRule output.</summary>
    public sealed class ListTargetsByRuleResponse
    {
        /// <summary>The targets.</summary>
        public List<Target> Targets { get; set; } = [];

        /// <summary>Token for the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>RemoveTargets input.</summary>
    public sealed class RemoveTargetsRequest
    {
        /// <summary>Rule name.</summary>
        public string Rule { get; set; } = string.Empty;

        /// <summary>Bus name or ARN.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Target ids.</summary>
        public List<string> Ids { get; set; } = [];
    }

    /// <summary>RemoveTargets output.</summary>
    public sealed class RemoveTargetsResponse
    {
        /// <summary>Number of failed removals.</summary>
        public int FailedEntryCount { get; set; }

        /// <summary>The failed removals.</summary>
        public List<FailedTargetEntry> FailedEntries { get; set; } = [];
    }

    /// <summary>One event of PutEvents (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).</summary>
    public sealed class PutEventsRequestEntry
    {
        /// <summary>Event source, e.g. <c>ses.email.router</c>.</summary>
        public string? Source { get; set; }

        /// <summary>Detail type, e.g. <c>Email Routing Decision</c>.</summary>
        public string? DetailType { get; set; }

        /// <summary>The detail: a JSON object as text.</summary>
        public string? Detail { get; set; }

        /// <summary>Bus name or ARN; <c>null</c> for the default bus.</summary>
        public string? EventBusName { get; set; }

        /// <summary>Resource ARNs.</summary>
        public List<string>? Resources { get; set; }

        /// <summary>Event time (sent as epoch seconds); <c>null</c> for the time of the call.</summary>
        [JsonConverter(typeof(EpochSecondsConverter))]
        public DateTime? Time { get; set; }

        /// <summary>X-Ray trace header.</summary>
        public string? TraceHeader { get; set; }
    }

    /// <summary>PutEvents input.</summary>
    public sealed class PutEventsRequest
    {
        /// <summary>Entries (1–10).</summary>
        public List<PutEventsRequestEntry> Entries { get; set; } = [];
    }

    /// <summary>The result of one PutEvents entry: an event id, or an error.</summary>
    public sealed class PutEventsResultEntry
    {
        /// <summary>The event id on success.</summary>
        public string? EventId { get; set; }

        /// <summary>The error code on failure.</summary>
        public string? ErrorCode { get; set; }

        /// <summary>The error message on failure.</summary>
        public string? ErrorMessage { get; set; }
    }

    /// <summary>PutEvents output.</summary>
    public sealed class PutEventsResponse
    {
        /// <summary>Number of entries that failed.</summary>
        public int FailedEntryCount { get; set; }

        /// <summary>One result per request entry, in order.</summary>
        public List<PutEventsResultEntry> Entries { get; set; } = [];
    }
}
