// The smallest AWS Lambda client this project needs, on AWSSDK.Core's signer, named as AWSSDK.Lambda names it (that
// package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: REST-JSON, API version 2015-03-31 — https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
#pragma warning disable CA1002, CA2227, CA1056, CA1819 // shapes mirror the official SDK (List<T> members, string URLs)
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Lambda.Model;
using Amazon.Runtime;
using SesMail.Aws.Clients;

namespace Amazon.Lambda
{
    /// <summary>Settings of <see cref="AmazonLambdaClient"/> (endpoint prefix <c>lambda</c>).</summary>
    public sealed class AmazonLambdaConfig : AwsClientConfig;

    /// <summary>A Lambda error; <see cref="AmazonServiceException.ErrorCode"/> carries the code (e.g. <c>ResourceNotFoundException</c>).</summary>
    public class AmazonLambdaException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonLambdaException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The Lambda operations SesMail uses.</summary>
    public interface IAmazonLambda : IDisposable
    {
        /// <summary>CreateFunction: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The function's configuration.</returns>
        Task<CreateFunctionResponse> CreateFunctionAsync(CreateFunctionRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetFunction: https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Configuration, code location and tags.</returns>
        Task<GetFunctionResponse> GetFunctionAsync(GetFunctionRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetFunctionConfiguration: https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The configuration.</returns>
        Task<GetFunctionConfigurationResponse> GetFunctionConfigurationAsync(GetFunctionConfigurationRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListFunctions: https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One page of functions.</returns>
        Task<ListFunctionsResponse> ListFunctionsAsync(ListFunctionsRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateFunctionCode: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The new configuration.</returns>
        Task<UpdateFunctionCodeResponse> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateFunctionConfiguration: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The new configuration.</returns>
        Task<UpdateFunctionConfigurationResponse> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteFunction: https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response (204).</returns>
        Task<DeleteFunctionResponse> DeleteFunctionAsync(DeleteFunctionRequest request, CancellationToken cancellationToken = default);

        /// <summary>Invoke: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Status, payload, function error and log tail.</returns>
        Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken = default);

        /// <summary>AddPermission: https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The statement added.</returns>
        Task<AddPermissionResponse> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default);

        /// <summary>RemovePermission: https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response (204).</returns>
        Task<RemovePermissionResponse> RemovePermissionAsync(RemovePermissionRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetPolicy: https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The resource policy.</returns>
        Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateEventSourceMapping: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The mapping (state <c>Creating</c>).</returns>
        Task<CreateEventSourceMappingResponse> CreateEventSourceMappingAsync(CreateEventSourceMappingRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetEventSourceMapping: https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The mapping.</returns>
        Task<GetEventSourceMappingResponse> GetEventSourceMappingAsync(GetEventSourceMappingRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListEventSourceMappings: https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>One page of mappings.</returns>
        Task<ListEventSourceMappingsResponse> ListEventSourceMappingsAsync(ListEventSourceMappingsRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateEventSourceMapping: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The mapping (state <c>Updating</c>).</returns>
        Task<UpdateEventSourceMappingResponse> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteEventSourceMapping: https://docs.aws.amazon.com/lambda/latest/api/API_DeleteEventSourceMapping.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The mapping (state <c>Deleting</c>).</returns>
        Task<DeleteEventSourceMappingResponse> DeleteEventSourceMappingAsync(DeleteEventSourceMappingRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>AWS Lambda over REST-JSON. Errors throw <see cref="AmazonLambdaException"/>.</summary>
    public sealed class AmazonLambdaClient : IAmazonLambda
    {
        private const string Functions = "/2015-03-31/functions";
        private const string Mappings = "/2015-03-31/event-source-mappings";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client with the default credential chain and the environment's endpoint and region.</summary>
        public AmazonLambdaClient()
            : this(null, new AmazonLambdaConfig())
        {
        }

        /// <summary>Creates a client with the default credential chain.</summary>
        /// <param name="config">Endpoint and region.</param>
        public AmazonLambdaClient(AmazonLambdaConfig config)
            : this(null, config)
        {
        }

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonLambdaClient(AWSCredentials? credentials, AmazonLambdaConfig config) =>
            _client = new AwsProtocolClient("lambda", "lambda", credentials, config, null, (m, c, r, s) => new AmazonLambdaException(m, c, r, s));

        private static LambdaJsonContext Json => LambdaJsonContext.Default;

        /// <inheritdoc />
        public Task<CreateFunctionResponse> CreateFunctionAsync(CreateFunctionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, Functions, request, Json.CreateFunctionRequest, Json.CreateFunctionResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetFunctionResponse> GetFunctionAsync(GetFunctionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"{Functions}/{Escape(request.FunctionName)}", null, Json.GetFunctionRequest, Json.GetFunctionResponse, cancellationToken, Qualifier(request.Qualifier));

        /// <inheritdoc />
        public Task<GetFunctionConfigurationResponse> GetFunctionConfigurationAsync(GetFunctionConfigurationRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"{Functions}/{Escape(request.FunctionName)}/configuration", null, Json.GetFunctionConfigurationRequest, Json.GetFunctionConfigurationResponse, cancellationToken, Qualifier(request.Qualifier));

        /// <inheritdoc />
        public Task<ListFunctionsResponse> ListFunctionsAsync(ListFunctionsRequest request, CancellationToken cancellationToken = default)
        {
            var query = new List<KeyValuePair<string, string>>();
            query.AddIfSet("Marker", request.Marker);
            query.AddIfSet("MaxItems", request.MaxItems?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return CallAsync(HttpMethod.Get, Functions, null, Json.ListFunctionsRequest, Json.ListFunctionsResponse, cancellationToken, query);
        }

        /// <inheritdoc />
        public Task<UpdateFunctionCodeResponse> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Put, $"{Functions}/{Escape(request.FunctionName)}/code", request, Json.UpdateFunctionCodeRequest, Json.UpdateFunctionCodeResponse, cancellationToken);

        /// <inheritdoc />
        public Task<UpdateFunctionConfigurationResponse> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Put, $"{Functions}/{Escape(request.FunctionName)}/configuration", request, Json.UpdateFunctionConfigurationRequest, Json.UpdateFunctionConfigurationResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteFunctionResponse> DeleteFunctionAsync(DeleteFunctionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Delete, $"{Functions}/{Escape(request.FunctionName)}", null, Json.DeleteFunctionRequest, Json.DeleteFunctionResponse, cancellationToken, Qualifier(request.Qualifier));

        /// <inheritdoc />
        public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken = default)
        {
            var headers = new List<KeyValuePair<string, string>>();
            headers.AddIfSet("X-Amz-Invocation-Type", request.InvocationType);
            headers.AddIfSet("X-Amz-Log-Type", request.LogType);
            headers.AddIfSet("X-Amz-Client-Context", request.ClientContext);
            var payload = request.PayloadStream is { } stream ? stream.ToArray() : System.Text.Encoding.UTF8.GetBytes(request.Payload ?? string.Empty);
            var (status, body, responseHeaders) = await _client.RestJsonAsync(
                HttpMethod.Post, $"{Functions}/{Escape(request.FunctionName)}/invocations", Qualifier(request.Qualifier), headers, payload, cancellationToken).ConfigureAwait(false);
            return new InvokeResponse
            {
                HttpStatusCode = status,
                StatusCode = (int)status,
                Payload = new MemoryStream(body, writable: false),
                FunctionError = responseHeaders.GetValueOrDefault("X-Amz-Function-Error"),
                LogResult = responseHeaders.GetValueOrDefault("X-Amz-Log-Result"),
                ExecutedVersion = responseHeaders.GetValueOrDefault("X-Amz-Executed-Version"),
            };
        }

        /// <inheritdoc />
        public Task<AddPermissionResponse> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, $"{Functions}/{Escape(request.FunctionName)}/policy", request, Json.AddPermissionRequest, Json.AddPermissionResponse, cancellationToken, Qualifier(request.Qualifier));

        /// <inheritdoc />
        public Task<RemovePermissionResponse> RemovePermissionAsync(RemovePermissionRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Delete, $"{Functions}/{Escape(request.FunctionName)}/policy/{Escape(request.StatementId)}", null, Json.RemovePermissionRequest, Json.RemovePermissionResponse, cancellationToken, Qualifier(request.Qualifier));

        /// <inheritdoc />
        public Task<GetPolicyResponse> GetPolicyAsync(GetPolicyRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"{Functions}/{Escape(request.FunctionName)}/policy", null, Json.GetPolicyRequest, Json.GetPolicyResponse, cancellationToken, Qualifier(request.Qualifier));

        /// <inheritdoc />
        public Task<CreateEventSourceMappingResponse> CreateEventSourceMappingAsync(CreateEventSourceMappingRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, Mappings + "/", request, Json.CreateEventSourceMappingRequest, Json.CreateEventSourceMappingResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetEventSourceMappingResponse> GetEventSourceMappingAsync(GetEventSourceMappingRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"{Mappings}/{Escape(request.UUID)}", null, Json.GetEventSourceMappingRequest, Json.GetEventSourceMappingResponse, cancellationToken);

        /// <inheritdoc />
        public Task<ListEventSourceMappingsResponse> ListEventSourceMappingsAsync(ListEventSourceMappingsRequest request, CancellationToken cancellationToken = default)
        {
            var query = new List<KeyValuePair<string, string>>();
            query.AddIfSet("EventSourceArn", request.EventSourceArn);
            query.AddIfSet("FunctionName", request.FunctionName);
            query.AddIfSet("Marker", request.Marker);
            query.AddIfSet("MaxItems", request.MaxItems?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return CallAsync(HttpMethod.Get, Mappings + "/", null, Json.ListEventSourceMappingsRequest, Json.ListEventSourceMappingsResponse, cancellationToken, query);
        }

        /// <inheritdoc />
        public Task<UpdateEventSourceMappingResponse> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Put, $"{Mappings}/{Escape(request.UUID)}", request, Json.UpdateEventSourceMappingRequest, Json.UpdateEventSourceMappingResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteEventSourceMappingResponse> DeleteEventSourceMappingAsync(DeleteEventSourceMappingRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Delete, $"{Mappings}/{Escape(request.UUID)}", null, Json.DeleteEventSourceMappingRequest, Json.DeleteEventSourceMappingResponse, cancellationToken);

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private static string Escape(string? value) => Uri.EscapeDataString(value ?? string.Empty);

        private static List<KeyValuePair<string, string>> Qualifier(string? qualifier)
        {
            var query = new List<KeyValuePair<string, string>>();
            query.AddIfSet("Qualifier", qualifier);
            return query;
        }

        private async Task<TResponse> CallAsync<TRequest, TResponse>(
            HttpMethod method, string path, TRequest? request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken,
            IEnumerable<KeyValuePair<string, string>>? query = null)
            where TRequest : class
            where TResponse : LambdaResponse, new()
        {
            var body = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
            var (status, bytes, _) = await _client.RestJsonAsync(method, path, query, null, body, cancellationToken).ConfigureAwait(false);
            var response = bytes.Length == 0 ? new TResponse() : JsonSerializer.Deserialize(bytes, responseType) ?? new TResponse();
            response.HttpStatusCode = status;
            return response;
        }
    }

    /// <summary>Source-generated serialization of the Lambda shapes (wire names equal the property names).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(CreateFunctionRequest))]
    [JsonSerializable(typeof(CreateFunctionResponse))]
    [JsonSerializable(typeof(GetFunctionRequest))]
    [JsonSerializable(typeof(GetFunctionResponse))]
    [JsonSerializable(typeof(GetFunctionConfigurationRequest))]
    [JsonSerializable(typeof(GetFunctionConfigurationResponse))]
    [JsonSerializable(typeof(ListFunctionsRequest))]
    [JsonSerializable(typeof(ListFunctionsResponse))]
    [JsonSerializable(typeof(UpdateFunctionCodeRequest))]
    [JsonSerializable(typeof(UpdateFunctionCodeResponse))]
    [JsonSerializable(typeof(UpdateFunctionConfigurationRequest))]
    [JsonSerializable(typeof(UpdateFunctionConfigurationResponse))]
    [JsonSerializable(typeof(DeleteFunctionRequest))]
    [JsonSerializable(typeof(DeleteFunctionResponse))]
    [JsonSerializable(typeof(AddPermissionRequest))]
    [JsonSerializable(typeof(AddPermissionResponse))]
    [JsonSerializable(typeof(RemovePermissionRequest))]
    [JsonSerializable(typeof(RemovePermissionResponse))]
    [JsonSerializable(typeof(GetPolicyRequest))]
    [JsonSerializable(typeof(GetPolicyResponse))]
    [JsonSerializable(typeof(CreateEventSourceMappingRequest))]
    [JsonSerializable(typeof(CreateEventSourceMappingResponse))]
    [JsonSerializable(typeof(GetEventSourceMappingRequest))]
    [JsonSerializable(typeof(GetEventSourceMappingResponse))]
    [JsonSerializable(typeof(ListEventSourceMappingsRequest))]
    [JsonSerializable(typeof(ListEventSourceMappingsResponse))]
    [JsonSerializable(typeof(UpdateEventSourceMappingRequest))]
    [JsonSerializable(typeof(UpdateEventSourceMappingResponse))]
    [JsonSerializable(typeof(DeleteEventSourceMappingRequest))]
    [JsonSerializable(typeof(DeleteEventSourceMappingResponse))]
    internal sealed partial class LambdaJsonContext : JsonSerializerContext;

    /// <summary>Writes a <see cref="MemoryStream"/> as base64 (a blob member such as <c>ZipFile</c>).</summary>
    internal sealed class Base64StreamConverter : JsonConverter<MemoryStream?>
    {
        public override MemoryStream? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? new MemoryStream(reader.GetBytesFromBase64()) : null;

        public override void Write(Utf8JsonWriter writer, MemoryStream? value, JsonSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteBase64StringValue(value.ToArray());
            }
        }
    }
}

namespace Amazon.Lambda.Model
{
    /// <summary>What every response carries.</summary>
    public abstract class LambdaResponse
    {
        /// <summary>The HTTP status of the call.</summary>
        [JsonIgnore]
        public HttpStatusCode HttpStatusCode { get; set; }
    }

    /// <summary>Where the code comes from: an inline zip or an S3 object.</summary>
    public sealed class FunctionCode
    {
        /// <summary>The zip itself (sent base64).</summary>
        [JsonConverter(typeof(Base64StreamConverter))]
        public MemoryStream? ZipFile { get; set; }

        /// <summary>The bucket holding the zip.</summary>
        public string? S3Bucket { get; set; }

        /// <summary>The zip's key.</summary>
        public string? S3Key { get; set; }

        /// <summary>The zip's version.</summary>
        public string? S3ObjectVersion { get; set; }
    }

    /// <summary>Environment variables to set.</summary>
    public sealed class Environment
    {
        /// <summary>Name → value.</summary>
        public Dictionary<string, string>? Variables { get; set; }
    }

    /// <summary>Environment variables a function has.</summary>
    public sealed class EnvironmentResponse
    {
        /// <summary>Name → value.</summary>
        public Dictionary<string, string>? Variables { get; set; }
    }

    /// <summary>Tracing mode to set: <c>Active</c> or <c>PassThrough</c>.</summary>
    public sealed class TracingConfig
    {
        /// <summary>The mode.</summary>
        public string? Mode { get; set; }
    }

    /// <summary>A function's tracing mode.</summary>
    public sealed class TracingConfigResponse
    {
        /// <summary>The mode.</summary>
        public string? Mode { get; set; }
    }

    /// <summary>A function's configuration (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html).</summary>
    public class FunctionConfiguration : LambdaResponse
    {
        /// <summary>The name.</summary>
        public string? FunctionName { get; set; }

        /// <summary>The ARN.</summary>
        public string? FunctionArn { get; set; }

        /// <summary><c>dotnet10</c>, <c>provided.al2023</c>, ….</summary>
        public string? Runtime { get; set; }

        /// <summary>The execution role ARN.</summary>
        public string? Role { get; set; }

        /// <summary>The handler string.</summary>
        public string? Handler { get; set; }

        /// <summary>Package size in bytes.</summary>
        public long CodeSize { get; set; }

        /// <summary>Free text.</summary>
        public string? Description { get; set; }

        /// <summary>Seconds.</summary>
        public int? Timeout { get; set; }

        /// <summary>MB.</summary>
        public int? MemorySize { get; set; }

        /// <summary>ISO-8601 text.</summary>
        public string? LastModified { get; set; }

        /// <summary>Base64 SHA-256 of the package.</summary>
        public string? CodeSha256 { get; set; }

        /// <summary><c>$LATEST</c>.</summary>
        public string? Version { get; set; }

        /// <summary>Environment variables.</summary>
        public EnvironmentResponse? Environment { get; set; }

        /// <summary>Tracing mode.</summary>
        public TracingConfigResponse? TracingConfig { get; set; }

        /// <summary>Changes with every update.</summary>
        public string? RevisionId { get; set; }

        /// <summary><c>Pending</c>, <c>Active</c>, <c>Inactive</c>, <c>Failed</c>.</summary>
        public string? State { get; set; }

        /// <summary><c>Successful</c>, <c>Failed</c>, <c>InProgress</c>.</summary>
        public string? LastUpdateStatus { get; set; }

        /// <summary><c>Zip</c> or <c>Image</c>.</summary>
        public string? PackageType { get; set; }

        /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
        public List<string>? Architectures { get; set; }
    }

    /// <summary>CreateFunction input.</summary>
    public sealed class CreateFunctionRequest
    {
        /// <summary>The name (1–64 of letters, digits, '-', '_').</summary>
        public string? FunctionName { get; set; }

        /// <summary><c>dotnet10</c> or <c>provided.al2023</c>.</summary>
        public string? Runtime { get; set; }

        /// <summary>The execution role ARN.</summary>
        public string? Role { get; set; }

        /// <summary>The handler string.</summary>
        public string? Handler { get; set; }

        /// <summary>The package.</summary>
        public FunctionCode? Code { get; set; }

        /// <summary>Free text.</summary>
        public string? Description { get; set; }

        /// <summary>Seconds, 1–900 (default 3).</summary>
        public int? Timeout { get; set; }

        /// <summary>MB, 128–10240 (default 128).</summary>
        public int? MemorySize { get; set; }

        /// <summary>Environment variables.</summary>
        public Environment? Environment { get; set; }

        /// <summary>Tracing mode.</summary>
        public TracingConfig? TracingConfig { get; set; }

        /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
        public List<string>? Architectures { get; set; }

        /// <summary>Tags.</summary>
        public Dictionary<string, string>? Tags { get; set; }
    }

    /// <summary>CreateFunction output.</summary>
    public sealed class CreateFunctionResponse : FunctionConfiguration;

    /// <summary>GetFunction input.</summary>
    public sealed class GetFunctionRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>Version or alias.</summary>
        [JsonIgnore]
        public string? Qualifier { get; set; }
    }

    /// <summary>Where the package can be downloaded.</summary>
    public sealed class FunctionCodeLocation
    {
        /// <summary><c>S3</c>.</summary>
        public string? RepositoryType { get; set; }

        /// <summary>A URL valid for a while.</summary>
        public string? Location { get; set; }
    }

    /// <summary>GetFunction output.</summary>
    public sealed class GetFunctionResponse : LambdaResponse
    {
        /// <summary>The configuration.</summary>
        public FunctionConfiguration? Configuration { get; set; }

        /// <summary>The package's download location.</summary>
        public FunctionCodeLocation? Code { get; set; }

        /// <summary>Tags.</summary>
        public Dictionary<string, string>? Tags { get; set; }
    }

    /// <summary>GetFunctionConfiguration input.</summary>
    public sealed class GetFunctionConfigurationRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>Version or alias.</summary>
        [JsonIgnore]
        public string? Qualifier { get; set; }
    }

    /// <summary>GetFunctionConfiguration output.</summary>
    public sealed class GetFunctionConfigurationResponse : FunctionConfiguration;

    /// <summary>ListFunctions input.</summary>
    public sealed class ListFunctionsRequest
    {
        /// <summary>The previous page's <c>NextMarker</c>.</summary>
        [JsonIgnore]
        public string? Marker { get; set; }

        /// <summary>Page size, 1–10000 (default 50).</summary>
        [JsonIgnore]
        public int? MaxItems { get; set; }
    }

    /// <summary>ListFunctions output.</summary>
    public sealed class ListFunctionsResponse : LambdaResponse
    {
        /// <summary>The page.</summary>
        public List<FunctionConfiguration>? Functions { get; set; }

        /// <summary>The next page's marker, or <c>null</c>.</summary>
        public string? NextMarker { get; set; }
    }

    /// <summary>UpdateFunctionCode input.</summary>
    public sealed class UpdateFunctionCodeRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>The zip itself (sent base64).</summary>
        [JsonConverter(typeof(Base64StreamConverter))]
        public MemoryStream? ZipFile { get; set; }

        /// <summary>The bucket holding the zip.</summary>
        public string? S3Bucket { get; set; }

        /// <summary>The zip's key.</summary>
        public string? S3Key { get; set; }

        /// <summary><c>x86_64</c> or <c>arm64</c>.</summary>
        public List<string>? Architectures { get; set; }
    }

    /// <summary>UpdateFunctionCode output.</summary>
    public sealed class UpdateFunctionCodeResponse : FunctionConfiguration;

    /// <summary>UpdateFunctionConfiguration input.</summary>
    public sealed class UpdateFunctionConfigurationRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>The execution role ARN.</summary>
        public string? Role { get; set; }

        /// <summary>The handler string.</summary>
        public string? Handler { get; set; }

        /// <summary>Free text.</summary>
        public string? Description { get; set; }

        /// <summary>Seconds.</summary>
        public int? Timeout { get; set; }

        /// <summary>MB.</summary>
        public int? MemorySize { get; set; }

        /// <summary>Environment variables (replaces all of them).</summary>
        public Environment? Environment { get; set; }

        /// <summary>The runtime.</summary>
        public string? Runtime { get; set; }

        /// <summary>Tracing mode.</summary>
        public TracingConfig? TracingConfig { get; set; }
    }

    /// <summary>UpdateFunctionConfiguration output.</summary>
    public sealed class UpdateFunctionConfigurationResponse : FunctionConfiguration;

    /// <summary>DeleteFunction input.</summary>
    public sealed class DeleteFunctionRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>Version or alias.</summary>
        [JsonIgnore]
        public string? Qualifier { get; set; }
    }

    /// <summary>DeleteFunction output.</summary>
    public sealed class DeleteFunctionResponse : LambdaResponse;

    /// <summary>Invoke input.</summary>
    public sealed class InvokeRequest
    {
        /// <summary>Name or ARN.</summary>
        public string? FunctionName { get; set; }

        /// <summary><c>RequestResponse</c> (default), <c>Event</c> or <c>DryRun</c>.</summary>
        public string? InvocationType { get; set; }

        /// <summary><c>Tail</c> to get the last 4 KB of log in <see cref="InvokeResponse.LogResult"/>.</summary>
        public string? LogType { get; set; }

        /// <summary>The event as JSON text.</summary>
        public string? Payload { get; set; }

        /// <summary>The event as bytes (wins over <see cref="Payload"/>).</summary>
        public MemoryStream? PayloadStream { get; set; }

        /// <summary>Base64 client context.</summary>
        public string? ClientContext { get; set; }

        /// <summary>Version or alias.</summary>
        public string? Qualifier { get; set; }
    }

    /// <summary>Invoke output.</summary>
    public sealed class InvokeResponse : LambdaResponse
    {
        /// <summary>200, 202 or 204.</summary>
        public int StatusCode { get; set; }

        /// <summary>The response or error document.</summary>
        public MemoryStream? Payload { get; set; }

        /// <summary><c>Unhandled</c> when the function failed.</summary>
        public string? FunctionError { get; set; }

        /// <summary>Base64 of the last 4 KB of log (with <c>LogType</c> <c>Tail</c>).</summary>
        public string? LogResult { get; set; }

        /// <summary>The version that ran.</summary>
        public string? ExecutedVersion { get; set; }
    }

    /// <summary>AddPermission input.</summary>
    public sealed class AddPermissionRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>The statement id.</summary>
        public string? StatementId { get; set; }

        /// <summary>E.g. <c>lambda:InvokeFunction</c>.</summary>
        public string? Action { get; set; }

        /// <summary>A service (<c>events.amazonaws.com</c>), account id or ARN.</summary>
        public string? Principal { get; set; }

        /// <summary>Limits the grant to one source ARN.</summary>
        public string? SourceArn { get; set; }

        /// <summary>Limits the grant to one source account.</summary>
        public string? SourceAccount { get; set; }

        /// <summary>Version or alias.</summary>
        [JsonIgnore]
        public string? Qualifier { get; set; }
    }

    /// <summary>AddPermission output.</summary>
    public sealed class AddPermissionResponse : LambdaResponse
    {
        /// <summary>The statement as JSON text.</summary>
        public string? Statement { get; set; }
    }

    /// <summary>RemovePermission input.</summary>
    public sealed class RemovePermissionRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>The statement id.</summary>
        [JsonIgnore]
        public string? StatementId { get; set; }

        /// <summary>Version or alias.</summary>
        [JsonIgnore]
        public string? Qualifier { get; set; }
    }

    /// <summary>RemovePermission output.</summary>
    public sealed class RemovePermissionResponse : LambdaResponse;

    /// <summary>GetPolicy input.</summary>
    public sealed class GetPolicyRequest
    {
        /// <summary>Name or ARN.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>Version or alias.</summary>
        [JsonIgnore]
        public string? Qualifier { get; set; }
    }

    /// <summary>GetPolicy output.</summary>
    public sealed class GetPolicyResponse : LambdaResponse
    {
        /// <summary>The policy document as JSON text.</summary>
        public string? Policy { get; set; }

        /// <summary>The function's revision.</summary>
        public string? RevisionId { get; set; }
    }

    /// <summary>One filter: an EventBridge pattern as JSON text.</summary>
    public sealed class Filter
    {
        /// <summary>The pattern.</summary>
        public string? Pattern { get; set; }
    }

    /// <summary>Which records reach the function.</summary>
    public sealed class FilterCriteria
    {
        /// <summary>Up to 5 filters; a record passes when any matches.</summary>
        public List<Filter>? Filters { get; set; }
    }

    /// <summary>SQS poller concurrency.</summary>
    public sealed class ScalingConfig
    {
        /// <summary>2–1000.</summary>
        public int? MaximumConcurrency { get; set; }
    }

    /// <summary>The settings shared by CreateEventSourceMapping and UpdateEventSourceMapping.</summary>
    public abstract class EventSourceMappingSettings
    {
        /// <summary>Name or ARN of the function.</summary>
        public string? FunctionName { get; set; }

        /// <summary>Whether the mapping polls.</summary>
        public bool? Enabled { get; set; }

        /// <summary>Records per invocation.</summary>
        public int? BatchSize { get; set; }

        /// <summary>Gathering time, 0–300 s.</summary>
        public int? MaximumBatchingWindowInSeconds { get; set; }

        /// <summary>Filters.</summary>
        public FilterCriteria? FilterCriteria { get; set; }

        /// <summary>Streams: -1 or 60–604800.</summary>
        public int? MaximumRecordAgeInSeconds { get; set; }

        /// <summary>Streams: split a failing batch.</summary>
        public bool? BisectBatchOnFunctionError { get; set; }

        /// <summary>Streams: -1 or 0–10000.</summary>
        public int? MaximumRetryAttempts { get; set; }

        /// <summary><c>ReportBatchItemFailures</c>.</summary>
        public List<string>? FunctionResponseTypes { get; set; }

        /// <summary>SQS concurrency.</summary>
        public ScalingConfig? ScalingConfig { get; set; }
    }

    /// <summary>CreateEventSourceMapping input.</summary>
    public sealed class CreateEventSourceMappingRequest : EventSourceMappingSettings
    {
        /// <summary>The queue or stream ARN.</summary>
        public string? EventSourceArn { get; set; }

        /// <summary>Streams: <c>TRIM_HORIZON</c> or <c>LATEST</c>.</summary>
        public string? StartingPosition { get; set; }
    }

    /// <summary>UpdateEventSourceMapping input.</summary>
    public sealed class UpdateEventSourceMappingRequest : EventSourceMappingSettings
    {
        /// <summary>The mapping.</summary>
        [JsonIgnore]
        public string? UUID { get; set; }
    }

    /// <summary>A mapping (https://docs.aws.amazon.com/lambda/latest/api/API_EventSourceMappingConfiguration.html).</summary>
    public class EventSourceMappingConfiguration : LambdaResponse
    {
        /// <summary>The mapping id.</summary>
        public string? UUID { get; set; }

        /// <summary>The mapping ARN.</summary>
        public string? EventSourceMappingArn { get; set; }

        /// <summary>The source.</summary>
        public string? EventSourceArn { get; set; }

        /// <summary>The function.</summary>
        public string? FunctionArn { get; set; }

        /// <summary><c>Creating</c>, <c>Enabled</c>, <c>Disabled</c>, <c>Updating</c>, <c>Deleting</c>, ….</summary>
        public string? State { get; set; }

        /// <summary>Why the state last changed.</summary>
        public string? StateTransitionReason { get; set; }

        /// <summary>Records per invocation.</summary>
        public int? BatchSize { get; set; }

        /// <summary>Gathering time.</summary>
        public int? MaximumBatchingWindowInSeconds { get; set; }

        /// <summary>Filters.</summary>
        public FilterCriteria? FilterCriteria { get; set; }

        /// <summary>Streams: where reading started.</summary>
        public string? StartingPosition { get; set; }

        /// <summary>Streams.</summary>
        public int? MaximumRecordAgeInSeconds { get; set; }

        /// <summary>Streams.</summary>
        public bool? BisectBatchOnFunctionError { get; set; }

        /// <summary>Streams.</summary>
        public int? MaximumRetryAttempts { get; set; }

        /// <summary>Response types.</summary>
        public List<string>? FunctionResponseTypes { get; set; }

        /// <summary>SQS concurrency.</summary>
        public ScalingConfig? ScalingConfig { get; set; }

        /// <summary>When it last changed (epoch seconds on the wire).</summary>
        [JsonConverter(typeof(Amazon.EventBridge.EpochSecondsConverter))]
        public DateTime? LastModified { get; set; }

        /// <summary><c>No records processed</c>, <c>OK</c>, <c>PROBLEM: …</c>.</summary>
        public string? LastProcessingResult { get; set; }
    }

    /// <summary>CreateEventSourceMapping output.</summary>
    public sealed class CreateEventSourceMappingResponse : EventSourceMappingConfiguration;

    /// <summary>GetEventSourceMapping input.</summary>
    public sealed class GetEventSourceMappingRequest
    {
        /// <summary>The mapping.</summary>
        [JsonIgnore]
        public string? UUID { get; set; }
    }

    /// <summary>GetEventSourceMapping output.</summary>
    public sealed class GetEventSourceMappingResponse : EventSourceMappingConfiguration;

    /// <summary>ListEventSourceMappings input.</summary>
    public sealed class ListEventSourceMappingsRequest
    {
        /// <summary>Only mappings of this source.</summary>
        [JsonIgnore]
        public string? EventSourceArn { get; set; }

        /// <summary>Only mappings of this function.</summary>
        [JsonIgnore]
        public string? FunctionName { get; set; }

        /// <summary>The previous page's <c>NextMarker</c>.</summary>
        [JsonIgnore]
        public string? Marker { get; set; }

        /// <summary>Page size.</summary>
        [JsonIgnore]
        public int? MaxItems { get; set; }
    }

    /// <summary>ListEventSourceMappings output.</summary>
    public sealed class ListEventSourceMappingsResponse : LambdaResponse
    {
        /// <summary>The page.</summary>
        public List<EventSourceMappingConfiguration>? EventSourceMappings { get; set; }

        /// <summary>The next page's marker, or <c>null</c>.</summary>
        public string? NextMarker { get; set; }
    }

    /// <summary>UpdateEventSourceMapping output.</summary>
    public sealed class UpdateEventSourceMappingResponse : EventSourceMappingConfiguration;

    /// <summary>DeleteEventSourceMapping input.</summary>
    public sealed class DeleteEventSourceMappingRequest
    {
        /// <summary>The mapping.</summary>
        [JsonIgnore]
        public string? UUID { get; set; }
    }

    /// <summary>DeleteEventSourceMapping output.</summary>
    public sealed class DeleteEventSourceMappingResponse : EventSourceMappingConfiguration;
}
