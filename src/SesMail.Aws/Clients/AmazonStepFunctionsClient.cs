// The smallest AWS Step Functions client this project needs, on AWSSDK.Core's signer, named as AWSSDK.StepFunctions names
// it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: JSON 1.0, X-Amz-Target AWSStepFunctions.{Operation}, camelCase members —
// https://docs.aws.amazon.com/step-functions/latest/apireference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.StepFunctions.Model;
using SesMail.Aws.Clients;

namespace Amazon.StepFunctions
{
    /// <summary>Settings of <see cref="AmazonStepFunctionsClient"/> (endpoint prefix <c>states</c>).</summary>
    public sealed class AmazonStepFunctionsConfig : AwsClientConfig;

    /// <summary>A Step Functions error; <see cref="AmazonServiceException.ErrorCode"/> carries the code (e.g. <c>ExecutionAlreadyExists</c>).</summary>
    public class AmazonStepFunctionsException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonStepFunctionsException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The Step Functions operations SesMail uses.</summary>
    public interface IAmazonStepFunctions : IDisposable
    {
        /// <summary>CreateStateMachine: https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The state machine's ARN.</returns>
        Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateStateMachine: https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The update date.</returns>
        Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeStateMachine: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The state machine.</returns>
        Task<DescribeStateMachineResponse> DescribeStateMachineAsync(DescribeStateMachineRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteStateMachine: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachine.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response; the state machine is marked for deletion.</returns>
        Task<DeleteStateMachineResponse> DeleteStateMachineAsync(DeleteStateMachineRequest request, CancellationToken cancellationToken = default);

        /// <summary>StartExecution: https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The execution's ARN.</returns>
        Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeExecution: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The execution.</returns>
        Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListExecutions: https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A page of executions, newest first.</returns>
        Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetExecutionHistory: https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A page of history events.</returns>
        Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>The Step Functions client.</summary>
    public sealed class AmazonStepFunctionsClient : IAmazonStepFunctions
    {
        private readonly AwsProtocolClient _client;

        /// <summary>A client with the default credential chain and settings from the environment.</summary>
        public AmazonStepFunctionsClient()
            : this(null, new AmazonStepFunctionsConfig())
        {
        }

        /// <summary>A client with the default credential chain.</summary>
        /// <param name="config">Where to call.</param>
        public AmazonStepFunctionsClient(AmazonStepFunctionsConfig config)
            : this(null, config)
        {
        }

        /// <summary>A client with the given credentials.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Where to call.</param>
        public AmazonStepFunctionsClient(AWSCredentials? credentials, AmazonStepFunctionsConfig config) =>
            _client = new AwsProtocolClient("states", "states", credentials, config, null, (m, c, r, s) => new AmazonStepFunctionsException(m, c, r, s));

        /// <inheritdoc />
        public Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("CreateStateMachine", request, StepFunctionsJsonContext.Default.CreateStateMachineRequest, StepFunctionsJsonContext.Default.CreateStateMachineResponse, cancellationToken);

        /// <inheritdoc />
        public Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("UpdateStateMachine", request, StepFunctionsJsonContext.Default.UpdateStateMachineRequest, StepFunctionsJsonContext.Default.UpdateStateMachineResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DescribeStateMachineResponse> DescribeStateMachineAsync(DescribeStateMachineRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DescribeStateMachine", request, StepFunctionsJsonContext.Default.DescribeStateMachineRequest, StepFunctionsJsonContext.Default.DescribeStateMachineResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteStateMachineResponse> DeleteStateMachineAsync(DeleteStateMachineRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DeleteStateMachine", request, StepFunctionsJsonContext.Default.DeleteStateMachineRequest, StepFunctionsJsonContext.Default.DeleteStateMachineResponse, cancellationToken);

        /// <inheritdoc />
        public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("StartExecution", request, StepFunctionsJsonContext.Default.StartExecutionRequest, StepFunctionsJsonContext.Default.StartExecutionResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("DescribeExecution", request, StepFunctionsJsonContext.Default.DescribeExecutionRequest, StepFunctionsJsonContext.Default.DescribeExecutionResponse, cancellationToken);

        /// <inheritdoc />
        public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("ListExecutions", request, StepFunctionsJsonContext.Default.ListExecutionsRequest, StepFunctionsJsonContext.Default.ListExecutionsResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("GetExecutionHistory", request, StepFunctionsJsonContext.Default.GetExecutionHistoryRequest, StepFunctionsJsonContext.Default.GetExecutionHistoryResponse, cancellationToken);

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private async Task<TResponse> CallAsync<TRequest, TResponse>(
            string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
            where TResponse : new()
        {
            var body = JsonSerializer.Serialize(request, requestType);
            var text = await _client.JsonAsync($"AWSStepFunctions.{operation}", "1.0", body, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(text) ? new TResponse() : JsonSerializer.Deserialize(text, responseType) ?? new TResponse();
        }
    }

    /// <summary>Reads and writes JSON 1.0 timestamps (epoch seconds with a fraction).</summary>
    internal sealed class EpochSecondsConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)).UtcDateTime;

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0);
    }

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
    [JsonSerializable(typeof(CreateStateMachineRequest))]
    [JsonSerializable(typeof(CreateStateMachineResponse))]
    [JsonSerializable(typeof(UpdateStateMachineRequest))]
    [JsonSerializable(typeof(UpdateStateMachineResponse))]
    [JsonSerializable(typeof(DescribeStateMachineRequest))]
    [JsonSerializable(typeof(DescribeStateMachineResponse))]
    [JsonSerializable(typeof(DeleteStateMachineRequest))]
    [JsonSerializable(typeof(DeleteStateMachineResponse))]
    [JsonSerializable(typeof(StartExecutionRequest))]
    [JsonSerializable(typeof(StartExecutionResponse))]
    [JsonSerializable(typeof(DescribeExecutionRequest))]
    [JsonSerializable(typeof(DescribeExecutionResponse))]
    [JsonSerializable(typeof(ListExecutionsRequest))]
    [JsonSerializable(typeof(ListExecutionsResponse))]
    [JsonSerializable(typeof(GetExecutionHistoryRequest))]
    [JsonSerializable(typeof(GetExecutionHistoryResponse))]
    internal sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
}

namespace Amazon.StepFunctions.Model
{
    /// <summary>A resource tag.</summary>
    public sealed class Tag
    {
        /// <summary>The key.</summary>
        [JsonPropertyName("key")]
        public string? Key { get; set; }

        /// <summary>The value.</summary>
        [JsonPropertyName("value")]
        public string? Value { get; set; }
    }

    /// <summary>A log group destination.</summary>
    public sealed class CloudWatchLogsLogGroup
    {
        /// <summary><c>arn:aws:logs:{region}:{account}:log-group:{name}:*</c>.</summary>
        [JsonPropertyName("logGroupArn")]
        public string? LogGroupArn { get; set; }
    }

    /// <summary>One logging destination.</summary>
    public sealed class LogDestination
    {
        /// <summary>The log group.</summary>
        [JsonPropertyName("cloudWatchLogsLogGroup")]
        public CloudWatchLogsLogGroup? CloudWatchLogsLogGroup { get; set; }
    }

    /// <summary>Execution logging.</summary>
    public sealed class LoggingConfiguration
    {
        /// <summary><c>ALL</c>, <c>ERROR</c>, <c>FATAL</c> or <c>OFF</c>.</summary>
        [JsonPropertyName("level")]
        public string? Level { get; set; }

        /// <summary>Whether inputs and outputs are logged.</summary>
        [JsonPropertyName("includeExecutionData")]
        public bool? IncludeExecutionData { get; set; }

        /// <summary>At most one destination.</summary>
        [JsonPropertyName("destinations")]
        public List<LogDestination>? Destinations { get; set; }
    }

    /// <summary>X-Ray tracing.</summary>
    public sealed class TracingConfiguration
    {
        /// <summary>Whether tracing is on.</summary>
        [JsonPropertyName("enabled")]
        public bool? Enabled { get; set; }
    }

    /// <summary>Input of <c>CreateStateMachine</c>.</summary>
    public sealed class CreateStateMachineRequest
    {
        /// <summary>The name (1-80 characters).</summary>
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        /// <summary>The Amazon States Language definition.</summary>
        [JsonPropertyName("definition")]
        public string? Definition { get; set; }

        /// <summary>The execution role.</summary>
        [JsonPropertyName("roleArn")]
        public string? RoleArn { get; set; }

        /// <summary><c>STANDARD</c> or <c>EXPRESS</c>.</summary>
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        /// <summary>Execution logging.</summary>
        [JsonPropertyName("loggingConfiguration")]
        public LoggingConfiguration? LoggingConfiguration { get; set; }

        /// <summary>Tracing.</summary>
        [JsonPropertyName("tracingConfiguration")]
        public TracingConfiguration? TracingConfiguration { get; set; }

        /// <summary>Tags.</summary>
        [JsonPropertyName("tags")]
        public List<Tag>? Tags { get; set; }
    }

    /// <summary>Output of <c>CreateStateMachine</c>.</summary>
    public sealed class CreateStateMachineResponse
    {
        /// <summary>The ARN.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }

        /// <summary>When it was created.</summary>
        [JsonPropertyName("creationDate")]
        public DateTime CreationDate { get; set; }
    }

    /// <summary>Input of <c>UpdateStateMachine</c>.</summary>
    public sealed class UpdateStateMachineRequest
    {
        /// <summary>The state machine.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }

        /// <summary>A new definition, or <c>null</c>.</summary>
        [JsonPropertyName("definition")]
        public string? Definition { get; set; }

        /// <summary>A new role, or <c>null</c>.</summary>
        [JsonPropertyName("roleArn")]
        public string? RoleArn { get; set; }

        /// <summary>New logging, or <c>null</c>.</summary>
        [JsonPropertyName("loggingConfiguration")]
        public LoggingConfiguration? LoggingConfiguration { get; set; }

        /// <summary>New tracing, or <c>null</c>.</summary>
        [JsonPropertyName("tracingConfiguration")]
        public TracingConfiguration? TracingConfiguration { get; set; }
    }

    /// <summary>Output of <c>UpdateStateMachine</c>.</summary>
    public sealed class UpdateStateMachineResponse
    {
        /// <summary>When it was updated.</summary>
        [JsonPropertyName("updateDate")]
        public DateTime UpdateDate { get; set; }
    }

    /// <summary>Input of <c>DeleteStateMachine</c>.</summary>
    public sealed class DeleteStateMachineRequest
    {
        /// <summary>The state machine.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }
    }

    /// <summary>Output of <c>DeleteStateMachine</c> (empty).</summary>
    public sealed class DeleteStateMachineResponse;

    /// <summary>Input of <c>DescribeStateMachine</c>.</summary>
    public sealed class DescribeStateMachineRequest
    {
        /// <summary>The state machine.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }
    }

    /// <summary>Output of <c>DescribeStateMachine</c>.</summary>
    public sealed class DescribeStateMachineResponse
    {
        /// <summary>The ARN.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }

        /// <summary>The name.</summary>
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        /// <summary>The definition.</summary>
        [JsonPropertyName("definition")]
        public string? Definition { get; set; }

        /// <summary>The role.</summary>
        [JsonPropertyName("roleArn")]
        public string? RoleArn { get; set; }

        /// <summary><c>STANDARD</c> or <c>EXPRESS</c>.</summary>
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        /// <summary>Logging.</summary>
        [JsonPropertyName("loggingConfiguration")]
        public LoggingConfiguration? LoggingConfiguration { get; set; }
    }

    /// <summary>Input of <c>StartExecution</c>.</summary>
    public sealed class StartExecutionRequest
    {
        /// <summary>The state machine.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }

        /// <summary>The execution name (unique per state machine for 90 days), or <c>null</c> for a UUID.</summary>
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        /// <summary>The input JSON text.</summary>
        [JsonPropertyName("input")]
        public string? Input { get; set; }
    }

    /// <summary>Output of <c>StartExecution</c>.</summary>
    public sealed class StartExecutionResponse
    {
        /// <summary>The execution's ARN.</summary>
        [JsonPropertyName("executionArn")]
        public string? ExecutionArn { get; set; }

        /// <summary>When it started.</summary>
        [JsonPropertyName("startDate")]
        public DateTime StartDate { get; set; }
    }

    /// <summary>Input of <c>DescribeExecution</c>.</summary>
    public sealed class DescribeExecutionRequest
    {
        /// <summary>The execution.</summary>
        [JsonPropertyName("executionArn")]
        public string? ExecutionArn { get; set; }
    }

    /// <summary>Output of <c>DescribeExecution</c>.</summary>
    public sealed class DescribeExecutionResponse
    {
        /// <summary>The execution's ARN.</summary>
        [JsonPropertyName("executionArn")]
        public string? ExecutionArn { get; set; }

        /// <summary>The state machine's ARN.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }

        /// <summary>The name.</summary>
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        /// <summary><c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c>, <c>TIMED_OUT</c> or <c>ABORTED</c>.</summary>
        [JsonPropertyName("status")]
        public string? Status { get; set; }

        /// <summary>When it started.</summary>
        [JsonPropertyName("startDate")]
        public DateTime StartDate { get; set; }

        /// <summary>When it stopped.</summary>
        [JsonPropertyName("stopDate")]
        public DateTime? StopDate { get; set; }

        /// <summary>The input JSON text.</summary>
        [JsonPropertyName("input")]
        public string? Input { get; set; }

        /// <summary>The output JSON text when it succeeded.</summary>
        [JsonPropertyName("output")]
        public string? Output { get; set; }

        /// <summary>The error when it failed.</summary>
        [JsonPropertyName("error")]
        public string? Error { get; set; }

        /// <summary>The cause when it failed.</summary>
        [JsonPropertyName("cause")]
        public string? Cause { get; set; }
    }

    /// <summary>Input of <c>ListExecutions</c>.</summary>
    public sealed class ListExecutionsRequest
    {
        /// <summary>The state machine.</summary>
        [JsonPropertyName("stateMachineArn")]
        public string? StateMachineArn { get; set; }

        /// <summary>Only executions with this status.</summary>
        [JsonPropertyName("statusFilter")]
        public string? StatusFilter { get; set; }

        /// <summary>Page size (1-1000).</summary>
        [JsonPropertyName("maxResults")]
        public int? MaxResults { get; set; }

        /// <summary>The previous page's token.</summary>
        [JsonPropertyName("nextToken")]
        public string? NextToken { get; set; }
    }

    /// <summary>One execution in a list.</summary>
    public sealed class ExecutionListItem
    {
        /// <summary>The execution's ARN.</summary>
        [JsonPropertyName("executionArn")]
        public string? ExecutionArn { get; set; }

        /// <summary>The name.</summary>
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        /// <summary>The status.</summary>
        [JsonPropertyName("status")]
        public string? Status { get; set; }

        /// <summary>When it started.</summary>
        [JsonPropertyName("startDate")]
        public DateTime StartDate { get; set; }

        /// <summary>When it stopped.</summary>
        [JsonPropertyName("stopDate")]
        public DateTime? StopDate { get; set; }
    }

    /// <summary>Output of <c>ListExecutions</c>.</summary>
    public sealed class ListExecutionsResponse
    {
        /// <summary>The executions, newest first.</summary>
        [JsonPropertyName("executions")]
        public List<ExecutionListItem> Executions { get; set; } = [];

        /// <summary>The next page's token.</summary>
        [JsonPropertyName("nextToken")]
        public string? NextToken { get; set; }
    }

    /// <summary>Input of <c>GetExecutionHistory</c>.</summary>
    public sealed class GetExecutionHistoryRequest
    {
        /// <summary>The execution.</summary>
        [JsonPropertyName("executionArn")]
        public string? ExecutionArn { get; set; }

        /// <summary>Page size (1-1000).</summary>
        [JsonPropertyName("maxResults")]
        public int? MaxResults { get; set; }

        /// <summary>The previous page's token.</summary>
        [JsonPropertyName("nextToken")]
        public string? NextToken { get; set; }
    }

    /// <summary>
    /// One history event (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html): its
    /// type, id and the id of the event it follows; the details member for its type is kept as JSON in
    /// <see cref="Details"/> (e.g. <c>stateEnteredEventDetails</c> with <c>name</c> and <c>input</c>).
    /// </summary>
    public sealed class HistoryEvent
    {
        /// <summary>When it happened.</summary>
        [JsonPropertyName("timestamp")]
        public DateTime Timestamp { get; set; }

        /// <summary>The type, e.g. <c>TaskStateEntered</c>.</summary>
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        /// <summary>The id (1-based).</summary>
        [JsonPropertyName("id")]
        public long Id { get; set; }

        /// <summary>The id of the event this one follows.</summary>
        [JsonPropertyName("previousEventId")]
        public long PreviousEventId { get; set; }

        /// <summary>The <c>…EventDetails</c> members by name.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Details { get; set; }
    }

    /// <summary>Output of <c>GetExecutionHistory</c>.</summary>
    public sealed class GetExecutionHistoryResponse
    {
        /// <summary>The events, oldest first.</summary>
        [JsonPropertyName("events")]
        public List<HistoryEvent> Events { get; set; } = [];

        /// <summary>The next page's token.</summary>
        [JsonPropertyName("nextToken")]
        public string? NextToken { get; set; }
    }
}
