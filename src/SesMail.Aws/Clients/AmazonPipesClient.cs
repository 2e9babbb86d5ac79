// The smallest Amazon EventBridge Pipes client this project needs, on AWSSDK.Core's signer, named as AWSSDK.Pipes
// names it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: REST-JSON, paths under /v1/pipes — https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_Operations.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Pipes.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.Pipes
{
    /// <summary>Settings of <see cref="AmazonPipesClient"/> (endpoint prefix <c>pipes</c>).</summary>
    public sealed class AmazonPipesConfig : AwsClientConfig;

    /// <summary>A Pipes error; <see cref="AmazonServiceException.ErrorCode"/> carries the code (e.g. <c>NotFoundException</c>).</summary>
    public class AmazonPipesException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonPipesException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The Pipes operations SesMail uses.</summary>
    public interface IAmazonPipes : IDisposable
    {
        /// <summary>CreatePipe: https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_CreatePipe.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The pipe's state.</returns>
        Task<CreatePipeResponse> CreatePipeAsync(CreatePipeRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribePipe: https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_DescribePipe.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The pipe.</returns>
        Task<DescribePipeResponse> DescribePipeAsync(DescribePipeRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdatePipe: https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_UpdatePipe.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The pipe's state.</returns>
        Task<UpdatePipeResponse> UpdatePipeAsync(UpdatePipeRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeletePipe: https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_DeletePipe.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The pipe's state.</returns>
        Task<DeletePipeResponse> DeletePipeAsync(DeletePipeRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>EventBridge Pipes over REST-JSON. Errors throw <see cref="AmazonPipesException"/>.</summary>
    public sealed class AmazonPipesClient : IAmazonPipes
    {
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonPipesClient(AWSCredentials? credentials, AmazonPipesConfig config) =>
            _client = new AwsProtocolClient("pipes", "pipes", credentials, config, null, (m, c, r, s) => new AmazonPipesException(m, c, r, s));

        /// <inheritdoc />
        public Task<CreatePipeResponse> CreatePipeAsync(CreatePipeRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, request.Name, request, PipesJsonContext.Default.CreatePipeRequest, PipesJsonContext.Default.CreatePipeResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DescribePipeResponse> DescribePipeAsync(DescribePipeRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, request.Name, null, PipesJsonContext.Default.DescribePipeRequest, PipesJsonContext.Default.DescribePipeResponse, cancellationToken);

        /// <inheritdoc />
        public Task<UpdatePipeResponse> UpdatePipeAsync(UpdatePipeRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Put, request.Name, request, PipesJsonContext.Default.UpdatePipeRequest, PipesJsonContext.Default.UpdatePipeResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeletePipeResponse> DeletePipeAsync(DeletePipeRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Delete, request.Name, null, PipesJsonContext.Default.DeletePipeRequest, PipesJsonContext.Default.DeletePipeResponse, cancellationToken);

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private async Task<TResponse> CallAsync<TRequest, TResponse>(
            HttpMethod method, string? name, TRequest? request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
            where TRequest : class
            where TResponse : PipeResponse, new()
        {
            var body = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
            var (status, bytes, _) = await _client.RestJsonAsync(method, $"/v1/pipes/{Uri.EscapeDataString(name ?? string.Empty)}", null, null, body, cancellationToken).ConfigureAwait(false);
            var response = bytes.Length == 0 ? new TResponse() : JsonSerializer.Deserialize(bytes, responseType) ?? new TResponse();
            response.HttpStatusCode = status;
            return response;
        }
    }

    /// <summary>Source-generated serialization of the Pipes shapes (wire names equal the property names).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(CreatePipeRequest))]
    [JsonSerializable(typeof(CreatePipeResponse))]
    [JsonSerializable(typeof(DescribePipeRequest))]
    [JsonSerializable(typeof(DescribePipeResponse))]
    [JsonSerializable(typeof(UpdatePipeRequest))]
    [JsonSerializable(typeof(UpdatePipeResponse))]
    [JsonSerializable(typeof(DeletePipeRequest))]
    [JsonSerializable(typeof(DeletePipeResponse))]
    internal sealed partial class PipesJsonContext : JsonSerializerContext;
}

namespace Amazon.Pipes.Model
{
    /// <summary>What every response carries: the state of the pipe.</summary>
    public abstract class PipeResponse
    {
        /// <summary>The HTTP status of the call.</summary>
        [JsonIgnore]
        public HttpStatusCode HttpStatusCode { get; set; }

        /// <summary>The pipe ARN.</summary>
        public string? Arn { get; set; }

        /// <summary>The pipe name.</summary>
        public string? Name { get; set; }

        /// <summary><c>RUNNING</c>, <c>STOPPED</c> or <c>DELETED</c>.</summary>
        public string? DesiredState { get; set; }

        /// <summary><c>RUNNING</c>, <c>STOPPED</c>, <c>CREATING</c>, ….</summary>
        public string? CurrentState { get; set; }
    }

    /// <summary>An SQS source's batching.</summary>
    public sealed class PipeSourceSqsQueueParameters
    {
        /// <summary>1–10000.</summary>
        public int? BatchSize { get; set; }

        /// <summary>0–300 s.</summary>
        public int? MaximumBatchingWindowInSeconds { get; set; }
    }

    /// <summary>One filter.</summary>
    public sealed class Filter
    {
        /// <summary>An EventBridge pattern as JSON text.</summary>
        public string? Pattern { get; set; }
    }

    /// <summary>Which records pass.</summary>
    public sealed class FilterCriteria
    {
        /// <summary>The filters.</summary>
        public List<Filter>? Filters { get; set; }
    }

    /// <summary>A pipe's source settings.</summary>
    public sealed class PipeSourceParameters
    {
        /// <summary>SQS batching.</summary>
        public PipeSourceSqsQueueParameters? SqsQueueParameters { get; set; }

        /// <summary>Filters.</summary>
        public FilterCriteria? FilterCriteria { get; set; }
    }

    /// <summary>An event-bus target's settings.</summary>
    public sealed class PipeTargetEventBridgeEventBusParameters
    {
        /// <summary>The events' <c>source</c>.</summary>
        public string? Source { get; set; }

        /// <summary>The events' <c>detail-type</c>.</summary>
        public string? DetailType { get; set; }

        /// <summary>The events' <c>resources</c>.</summary>
        public List<string>? Resources { get; set; }
    }

    /// <summary>A pipe's target settings.</summary>
    public sealed class PipeTargetParameters
    {
        /// <summary>Event-bus settings.</summary>
        public PipeTargetEventBridgeEventBusParameters? EventBridgeEventBusParameters { get; set; }
    }

    /// <summary>CreatePipe input.</summary>
    public sealed class CreatePipeRequest
    {
        /// <summary>The name (sent in the path).</summary>
        [JsonIgnore]
        public string? Name { get; set; }

        /// <summary>Free text.</summary>
        public string? Description { get; set; }

        /// <summary><c>RUNNING</c> or <c>STOPPED</c>.</summary>
        public string? DesiredState { get; set; }

        /// <summary>The source ARN.</summary>
        public string? Source { get; set; }

        /// <summary>Source settings.</summary>
        public PipeSourceParameters? SourceParameters { get; set; }

        /// <summary>The enrichment ARN.</summary>
        public string? Enrichment { get; set; }

        /// <summary>The target ARN.</summary>
        public string? Target { get; set; }

        /// <summary>Target settings.</summary>
        public PipeTargetParameters? TargetParameters { get; set; }

        /// <summary>The execution role.</summary>
        public string? RoleArn { get; set; }

        /// <summary>Tags.</summary>
        public Dictionary<string, string>? Tags { get; set; }
    }

    /// <summary>CreatePipe output.</summary>
    public sealed class CreatePipeResponse : PipeResponse;

    /// <summary>DescribePipe input.</summary>
    public sealed class DescribePipeRequest
    {
        /// <summary>The name.</summary>
        [JsonIgnore]
        public string? Name { get; set; }
    }

    /// <summary>DescribePipe output.</summary>
    public sealed class DescribePipeResponse : PipeResponse
    {
        /// <summary>Why the pipe is in its current state (e.g. why it is <c>CREATE_FAILED</c>), or <c>null</c>.</summary>
        public string? StateReason { get; set; }

        /// <summary>Free text.</summary>
        public string? Description { get; set; }

        /// <summary>The source ARN.</summary>
        public string? Source { get; set; }

        /// <summary>Source settings.</summary>
        public PipeSourceParameters? SourceParameters { get; set; }

        /// <summary>The enrichment ARN.</summary>
        public string? Enrichment { get; set; }

        /// <summary>The target ARN.</summary>
        public string? Target { get; set; }

        /// <summary>Target settings.</summary>
        public PipeTargetParameters? TargetParameters { get; set; }

        /// <summary>The execution role.</summary>
        public string? RoleArn { get; set; }
    }

    /// <summary>UpdatePipe input.</summary>
    public sealed class UpdatePipeRequest
    {
        /// <summary>The name (sent in the path).</summary>
        [JsonIgnore]
        public string? Name { get; set; }

        /// <summary>Free text.</summary>
        public string? Description { get; set; }

        /// <summary><c>RUNNING</c> or <c>STOPPED</c>.</summary>
        public string? DesiredState { get; set; }

        /// <summary>Source settings.</summary>
        public PipeSourceParameters? SourceParameters { get; set; }

        /// <summary>The enrichment ARN.</summary>
        public string? Enrichment { get; set; }

        /// <summary>The target ARN.</summary>
        public string? Target { get; set; }

        /// <summary>Target settings.</summary>
        public PipeTargetParameters? TargetParameters { get; set; }

        /// <summary>The execution role.</summary>
        public string? RoleArn { get; set; }
    }

    /// <summary>UpdatePipe output.</summary>
    public sealed class UpdatePipeResponse : PipeResponse;

    /// <summary>DeletePipe input.</summary>
    public sealed class DeletePipeRequest
    {
        /// <summary>The name.</summary>
        [JsonIgnore]
        public string? Name { get; set; }
    }

    /// <summary>DeletePipe output.</summary>
    public sealed class DeletePipeResponse : PipeResponse;
}
