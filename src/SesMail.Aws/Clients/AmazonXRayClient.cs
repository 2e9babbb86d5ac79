// The smallest AWS X-Ray client this project needs, on AWSSDK.Core's signer, named as AWSSDK.XRay names it (that
// package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: REST-JSON, POST /Traces, /TraceSummaries, /TraceSegments — https://docs.aws.amazon.com/xray/latest/api/API_Operations.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.XRay.Model;
using SesMail.Aws.Clients;

namespace Amazon.XRay
{
    /// <summary>Settings of <see cref="AmazonXRayClient"/> (endpoint prefix <c>xray</c>).</summary>
    public sealed class AmazonXRayConfig : AwsClientConfig;

    /// <summary>An X-Ray error; <see cref="AmazonServiceException.ErrorCode"/> carries the code (e.g. <c>InvalidRequestException</c>).</summary>
    public class AmazonXRayException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonXRayException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The X-Ray operations SesMail uses.</summary>
    public interface IAmazonXRay : IDisposable
    {
        /// <summary>BatchGetTraces: https://docs.aws.amazon.com/xray/latest/api/API_BatchGetTraces.html</summary>
        /// <param name="request">The trace ids.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The traces with their segment documents.</returns>
        Task<BatchGetTracesResponse> BatchGetTracesAsync(BatchGetTracesRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetTraceSummaries: https://docs.aws.amazon.com/xray/latest/api/API_GetTraceSummaries.html</summary>
        /// <param name="request">The time range and filter expression.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The matching traces' summaries.</returns>
        Task<GetTraceSummariesResponse> GetTraceSummariesAsync(GetTraceSummariesRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutTraceSegments: https://docs.aws.amazon.com/xray/latest/api/API_PutTraceSegments.html</summary>
        /// <param name="request">Segment documents.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The segments that were refused.</returns>
        Task<PutTraceSegmentsResponse> PutTraceSegmentsAsync(PutTraceSegmentsRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>X-Ray over REST-JSON. Errors throw <see cref="AmazonXRayException"/>.</summary>
    public sealed class AmazonXRayClient : IAmazonXRay
    {
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonXRayClient(AWSCredentials? credentials, AmazonXRayConfig config) =>
            _client = new AwsProtocolClient("xray", "xray", credentials, config, null, (m, c, r, s) => new AmazonXRayException(m, c, r, s));

        /// <inheritdoc />
        public Task<BatchGetTracesResponse> BatchGetTracesAsync(BatchGetTracesRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("/Traces", request, XRayJsonContext.Default.BatchGetTracesRequest, XRayJsonContext.Default.BatchGetTracesResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetTraceSummariesResponse> GetTraceSummariesAsync(GetTraceSummariesRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("/TraceSummaries", request, XRayJsonContext.Default.GetTraceSummariesRequest, XRayJsonContext.Default.GetTraceSummariesResponse, cancellationToken);

        /// <inheritdoc />
        public Task<PutTraceSegmentsResponse> PutTraceSegmentsAsync(PutTraceSegmentsRequest request, CancellationToken cancellationToken = default) =>
            CallAsync("/TraceSegments", request, XRayJsonContext.Default.PutTraceSegmentsRequest, XRayJsonContext.Default.PutTraceSegmentsResponse, cancellationToken);

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private async Task<TResponse> CallAsync<TRequest, TResponse>(
            string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
            where TResponse : AmazonWebServiceResponse, new()
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
            var (status, bytes, _) = await _client.RestJsonAsync(HttpMethod.Post, path, null, null, body, cancellationToken).ConfigureAwait(false);
            var response = bytes.Length == 0 ? new TResponse() : JsonSerializer.Deserialize(bytes, responseType) ?? new TResponse();
            response.HttpStatusCode = status;
            return response;
        }
    }

    /// <summary>Source-generated serialization of the X-Ray shapes (wire names equal the property names).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(BatchGetTracesRequest))]
    [JsonSerializable(typeof(BatchGetTracesResponse))]
    [JsonSerializable(typeof(GetTraceSummariesRequest))]
    [JsonSerializable(typeof(GetTraceSummariesResponse))]
    [JsonSerializable(typeof(PutTraceSegmentsRequest))]
    [JsonSerializable(typeof(PutTraceSegmentsResponse))]
    internal sealed partial class XRayJsonContext : JsonSerializerContext;
}

namespace Amazon.XRay.Model
{
    /// <summary>Input of BatchGetTraces.</summary>
    public sealed class BatchGetTracesRequest
    {
        /// <summary>The trace ids (<c>1-{8 hex}-{24 hex}</c>).</summary>
        public List<string> TraceIds { get; set; } = [];

        /// <summary>A pagination token, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>One segment: its id and its JSON document (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).</summary>
    public sealed class Segment
    {
        /// <summary>The segment id (16 hex digits).</summary>
        public string? Id { get; set; }

        /// <summary>The segment document (JSON text).</summary>
        public string? Document { get; set; }
    }

    /// <summary>A trace and its segments.</summary>
    public sealed class Trace
    {
        /// <summary>The trace id.</summary>
        public string? Id { get; set; }

        /// <summary>Seconds from the first segment's start to the last one's end.</summary>
        public double? Duration { get; set; }

        /// <summary>Whether the trace exceeded a size limit.</summary>
        public bool? LimitExceeded { get; set; }

        /// <summary>The segments.</summary>
        public List<Segment> Segments { get; set; } = [];
    }

    /// <summary>Output of BatchGetTraces.</summary>
    public sealed class BatchGetTracesResponse : AmazonWebServiceResponse
    {
        /// <summary>The traces found.</summary>
        public List<Trace> Traces { get; set; } = [];

        /// <summary>Requested ids the service did not find.</summary>
        public List<string> UnprocessedTraceIds { get; set; } = [];

        /// <summary>A pagination token, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>Input of GetTraceSummaries.</summary>
    public sealed class GetTraceSummariesRequest
    {
        /// <summary>Range start (UTC), epoch seconds on the wire.</summary>
        [JsonConverter(typeof(Amazon.EventBridge.EpochSecondsConverter))]
        public DateTime? StartTime { get; set; }

        /// <summary>Range end (UTC), epoch seconds on the wire.</summary>
        [JsonConverter(typeof(Amazon.EventBridge.EpochSecondsConverter))]
        public DateTime? EndTime { get; set; }

        /// <summary><c>TraceId</c>, <c>Event</c> or <c>Service</c>.</summary>
        public string? TimeRangeType { get; set; }

        /// <summary>Whether to sample the results.</summary>
        public bool? Sampling { get; set; }

        /// <summary>A filter expression, e.g. <c>annotation.sesmail_message_id = "…"</c>.</summary>
        public string? FilterExpression { get; set; }

        /// <summary>A pagination token, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>An annotation's value.</summary>
    public sealed class AnnotationValue
    {
        /// <summary>A number value.</summary>
        public double? NumberValue { get; set; }

        /// <summary>A Boolean value.</summary>
        public bool? BooleanValue { get; set; }

        /// <summary>A string value.</summary>
        public string? StringValue { get; set; }
    }

    /// <summary>An annotation value and the services that recorded it.</summary>
    public sealed class ValueWithServiceIds
    {
        /// <summary>The value.</summary>
        public AnnotationValue? AnnotationValue { get; set; }
    }

    /// <summary>A trace's summary.</summary>
    public sealed class TraceSummary
    {
        /// <summary>The trace id.</summary>
        public string? Id { get; set; }

        /// <summary>When the trace started (UTC), epoch seconds on the wire.</summary>
        [JsonConverter(typeof(Amazon.EventBridge.EpochSecondsConverter))]
        public DateTime? StartTime { get; set; }

        /// <summary>Seconds from the first segment's start to the last one's end.</summary>
        public double? Duration { get; set; }

        /// <summary>The root segment's duration in seconds.</summary>
        public double? ResponseTime { get; set; }

        /// <summary>Whether a segment recorded an error.</summary>
        public bool? HasError { get; set; }

        /// <summary>Whether a segment recorded a fault.</summary>
        public bool? HasFault { get; set; }

        /// <summary>Whether some segments' parents are missing.</summary>
        public bool? IsPartial { get; set; }

        /// <summary>Annotations by key.</summary>
        public Dictionary<string, List<ValueWithServiceIds>> Annotations { get; set; } = [];
    }

    /// <summary>Output of GetTraceSummaries.</summary>
    public sealed class GetTraceSummariesResponse : AmazonWebServiceResponse
    {
        /// <summary>The matching traces.</summary>
        public List<TraceSummary> TraceSummaries { get; set; } = [];

        /// <summary>How many traces were looked at.</summary>
        public long? TracesProcessedCount { get; set; }

        /// <summary>A pagination token, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>Input of PutTraceSegments.</summary>
    public sealed class PutTraceSegmentsRequest
    {
        /// <summary>Segment documents (JSON text each).</summary>
        public List<string> TraceSegmentDocuments { get; set; } = [];
    }

    /// <summary>A refused segment.</summary>
    public sealed class UnprocessedTraceSegment
    {
        /// <summary>The segment id.</summary>
        public string? Id { get; set; }

        /// <summary>The error code.</summary>
        public string? ErrorCode { get; set; }

        /// <summary>What was wrong.</summary>
        public string? Message { get; set; }
    }

    /// <summary>Output of PutTraceSegments.</summary>
    public sealed class PutTraceSegmentsResponse : AmazonWebServiceResponse
    {
        /// <summary>The refused segments.</summary>
        public List<UnprocessedTraceSegment> UnprocessedTraceSegments { get; set; } = [];
    }
}
