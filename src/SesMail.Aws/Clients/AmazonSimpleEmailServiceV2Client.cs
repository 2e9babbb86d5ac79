// The smallest Amazon SES API v2 client this project needs, on AWSSDK.Core's credentials, named as AWSSDK.SimpleEmailV2
// names it (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: REST-JSON, signing name ses, paths under /v2/email — https://docs.aws.amazon.com/ses/latest/APIReference-V2/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.SimpleEmailV2.Model;
using SesMail.Aws.Clients;

namespace Amazon.SimpleEmailV2
{
    /// <summary>Settings of <see cref="AmazonSimpleEmailServiceV2Client"/> (endpoint prefix <c>email</c>, signing name <c>ses</c>).</summary>
    public sealed class AmazonSimpleEmailServiceV2Config : AwsClientConfig;

    /// <summary>An SESv2 error; <see cref="AmazonServiceException.ErrorCode"/> carries the code (e.g. <c>NotFoundException</c>, <c>AlreadyExistsException</c>, <c>MessageRejected</c>).</summary>
    public class AmazonSimpleEmailServiceV2Exception : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonSimpleEmailServiceV2Exception(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The SESv2 operations SesMail uses.</summary>
    public interface IAmazonSimpleEmailServiceV2 : IDisposable
    {
        /// <summary>CreateConfigurationSet: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateConfigurationSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The (empty) response.</returns>
        Task<CreateConfigurationSetResponse> CreateConfigurationSetAsync(CreateConfigurationSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetConfigurationSet: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetConfigurationSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The set.</returns>
        Task<GetConfigurationSetResponse> GetConfigurationSetAsync(GetConfigurationSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteConfigurationSet: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteConfigurationSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The (empty) response.</returns>
        Task<DeleteConfigurationSetResponse> DeleteConfigurationSetAsync(DeleteConfigurationSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateConfigurationSetEventDestination: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateConfigurationSetEventDestination.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The (empty) response.</returns>
        Task<CreateConfigurationSetEventDestinationResponse> CreateConfigurationSetEventDestinationAsync(CreateConfigurationSetEventDestinationRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetConfigurationSetEventDestinations: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetConfigurationSetEventDestinations.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The destinations.</returns>
        Task<GetConfigurationSetEventDestinationsResponse> GetConfigurationSetEventDestinationsAsync(GetConfigurationSetEventDestinationsRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateConfigurationSetEventDestination: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_UpdateConfigurationSetEventDestination.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The (empty) response.</returns>
        Task<UpdateConfigurationSetEventDestinationResponse> UpdateConfigurationSetEventDestinationAsync(UpdateConfigurationSetEventDestinationRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteConfigurationSetEventDestination: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteConfigurationSetEventDestination.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The (empty) response.</returns>
        Task<DeleteConfigurationSetEventDestinationResponse> DeleteConfigurationSetEventDestinationAsync(DeleteConfigurationSetEventDestinationRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateEmailIdentity: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateEmailIdentity.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The identity's type and DKIM attributes.</returns>
        Task<CreateEmailIdentityResponse> CreateEmailIdentityAsync(CreateEmailIdentityRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetEmailIdentity: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The identity.</returns>
        Task<GetEmailIdentityResponse> GetEmailIdentityAsync(GetEmailIdentityRequest request, CancellationToken cancellationToken = default);

        /// <summary>PutEmailIdentityConfigurationSetAttributes: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutEmailIdentityConfigurationSetAttributes.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The (empty) response.</returns>
        Task<PutEmailIdentityConfigurationSetAttributesResponse> PutEmailIdentityConfigurationSetAttributesAsync(PutEmailIdentityConfigurationSetAttributesRequest request, CancellationToken cancellationToken = default);

        /// <summary>SendEmail: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The message id.</returns>
        Task<SendEmailResponse> SendEmailAsync(SendEmailRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetAccount: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The account's sending quota and status.</returns>
        Task<GetAccountResponse> GetAccountAsync(GetAccountRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>SESv2 over REST-JSON. Errors throw <see cref="AmazonSimpleEmailServiceV2Exception"/>.</summary>
    public sealed class AmazonSimpleEmailServiceV2Client : IAmazonSimpleEmailServiceV2
    {
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonSimpleEmailServiceV2Client(AWSCredentials? credentials, AmazonSimpleEmailServiceV2Config config) =>
            _client = new AwsProtocolClient("ses", "email", credentials, config, null, (m, c, r, s) => new AmazonSimpleEmailServiceV2Exception(m, c, r, s));

        private static SesV2ClientJsonContext Json => SesV2ClientJsonContext.Default;

        /// <inheritdoc />
        public Task<CreateConfigurationSetResponse> CreateConfigurationSetAsync(CreateConfigurationSetRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, "configuration-sets", request, Json.CreateConfigurationSetRequest, Json.CreateConfigurationSetResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetConfigurationSetResponse> GetConfigurationSetAsync(GetConfigurationSetRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"configuration-sets/{Escape(request.ConfigurationSetName)}", null, Json.GetConfigurationSetRequest, Json.GetConfigurationSetResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteConfigurationSetResponse> DeleteConfigurationSetAsync(DeleteConfigurationSetRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Delete, $"configuration-sets/{Escape(request.ConfigurationSetName)}", null, Json.DeleteConfigurationSetRequest, Json.DeleteConfigurationSetResponse, cancellationToken);

        /// <inheritdoc />
        public Task<CreateConfigurationSetEventDestinationResponse> CreateConfigurationSetEventDestinationAsync(CreateConfigurationSetEventDestinationRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, $"configuration-sets/{Escape(request.ConfigurationSetName)}/event-destinations", request, Json.CreateConfigurationSetEventDestinationRequest, Json.CreateConfigurationSetEventDestinationResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetConfigurationSetEventDestinationsResponse> GetConfigurationSetEventDestinationsAsync(GetConfigurationSetEventDestinationsRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"configuration-sets/{Escape(request.ConfigurationSetName)}/event-destinations", null, Json.GetConfigurationSetEventDestinationsRequest, Json.GetConfigurationSetEventDestinationsResponse, cancellationToken);

        /// <inheritdoc />
        public Task<UpdateConfigurationSetEventDestinationResponse> UpdateConfigurationSetEventDestinationAsync(UpdateConfigurationSetEventDestinationRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Put, $"configuration-sets/{Escape(request.ConfigurationSetName)}/event-destinations/{Escape(request.EventDestinationName)}", request, Json.UpdateConfigurationSetEventDestinationRequest, Json.UpdateConfigurationSetEventDestinationResponse, cancellationToken);

        /// <inheritdoc />
        public Task<DeleteConfigurationSetEventDestinationResponse> DeleteConfigurationSetEventDestinationAsync(DeleteConfigurationSetEventDestinationRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Delete, $"configuration-sets/{Escape(request.ConfigurationSetName)}/event-destinations/{Escape(request.EventDestinationName)}", null, Json.DeleteConfigurationSetEventDestinationRequest, Json.DeleteConfigurationSetEventDestinationResponse, cancellationToken);

        /// <inheritdoc />
        public Task<CreateEmailIdentityResponse> CreateEmailIdentityAsync(CreateEmailIdentityRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, "identities", request, Json.CreateEmailIdentityRequest, Json.CreateEmailIdentityResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetEmailIdentityResponse> GetEmailIdentityAsync(GetEmailIdentityRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, $"identities/{Escape(request.EmailIdentity)}", null, Json.GetEmailIdentityRequest, Json.GetEmailIdentityResponse, cancellationToken);

        /// <inheritdoc />
        public Task<PutEmailIdentityConfigurationSetAttributesResponse> PutEmailIdentityConfigurationSetAttributesAsync(PutEmailIdentityConfigurationSetAttributesRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Put, $"identities/{Escape(request.EmailIdentity)}/configuration-set", request, Json.PutEmailIdentityConfigurationSetAttributesRequest, Json.PutEmailIdentityConfigurationSetAttributesResponse, cancellationToken);

        /// <inheritdoc />
        public Task<SendEmailResponse> SendEmailAsync(SendEmailRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Post, "outbound-emails", request, Json.SendEmailRequest, Json.SendEmailResponse, cancellationToken);

        /// <inheritdoc />
        public Task<GetAccountResponse> GetAccountAsync(GetAccountRequest request, CancellationToken cancellationToken = default) =>
            CallAsync(HttpMethod.Get, "account", null, Json.GetAccountRequest, Json.GetAccountResponse, cancellationToken);

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private static string Escape(string value) => Uri.EscapeDataString(value);

        private async Task<TResponse> CallAsync<TRequest, TResponse>(
            HttpMethod method, string path, TRequest? request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
            where TRequest : class
            where TResponse : SesV2Response, new()
        {
            var body = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
            var (status, bytes, _) = await _client.RestJsonAsync(method, $"/v2/email/{path}", null, null, body, cancellationToken).ConfigureAwait(false);
            var response = bytes.Length == 0 ? new TResponse() : JsonSerializer.Deserialize(bytes, responseType) ?? new TResponse();
            response.HttpStatusCode = status;
            return response;
        }
    }

    /// <summary>Source-generated serialization of the SESv2 shapes (wire names equal the property names; path members are not written).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(CreateConfigurationSetRequest))]
    [JsonSerializable(typeof(CreateConfigurationSetResponse))]
    [JsonSerializable(typeof(GetConfigurationSetRequest))]
    [JsonSerializable(typeof(GetConfigurationSetResponse))]
    [JsonSerializable(typeof(DeleteConfigurationSetRequest))]
    [JsonSerializable(typeof(DeleteConfigurationSetResponse))]
    [JsonSerializable(typeof(CreateConfigurationSetEventDestinationRequest))]
    [JsonSerializable(typeof(CreateConfigurationSetEventDestinationResponse))]
    [JsonSerializable(typeof(GetConfigurationSetEventDestinationsRequest))]
    [JsonSerializable(typeof(GetConfigurationSetEventDestinationsResponse))]
    [JsonSerializable(typeof(UpdateConfigurationSetEventDestinationRequest))]
    [JsonSerializable(typeof(UpdateConfigurationSetEventDestinationResponse))]
    [JsonSerializable(typeof(DeleteConfigurationSetEventDestinationRequest))]
    [JsonSerializable(typeof(DeleteConfigurationSetEventDestinationResponse))]
    [JsonSerializable(typeof(CreateEmailIdentityRequest))]
    [JsonSerializable(typeof(CreateEmailIdentityResponse))]
    [JsonSerializable(typeof(GetEmailIdentityRequest))]
    [JsonSerializable(typeof(GetEmailIdentityResponse))]
    [JsonSerializable(typeof(PutEmailIdentityConfigurationSetAttributesRequest))]
    [JsonSerializable(typeof(PutEmailIdentityConfigurationSetAttributesResponse))]
    [JsonSerializable(typeof(SendEmailRequest))]
    [JsonSerializable(typeof(SendEmailResponse))]
    [JsonSerializable(typeof(GetAccountRequest))]
    [JsonSerializable(typeof(GetAccountResponse))]
    internal sealed partial class SesV2ClientJsonContext : JsonSerializerContext;
}

namespace Amazon.SimpleEmailV2.Model
{
    /// <summary>What every response carries.</summary>
    public abstract class SesV2Response
    {
        /// <summary>The HTTP status of the call.</summary>
        [JsonIgnore]
        public HttpStatusCode HttpStatusCode { get; set; }
    }

    /// <summary>Reputation options of a configuration set.</summary>
    public sealed class ReputationOptions
    {
        /// <summary>Whether reputation metrics are published.</summary>
        public bool? ReputationMetricsEnabled { get; set; }
    }

    /// <summary>Sending options of a configuration set.</summary>
    public sealed class SendingOptions
    {
        /// <summary>Whether mail may be sent with the set.</summary>
        public bool? SendingEnabled { get; set; }
    }

    /// <summary>CreateConfigurationSet input.</summary>
    public sealed class CreateConfigurationSetRequest
    {
        /// <summary>The set's name.</summary>
        public string ConfigurationSetName { get; set; } = string.Empty;

        /// <summary>Reputation options.</summary>
        public ReputationOptions? ReputationOptions { get; set; }

        /// <summary>Sending options.</summary>
        public SendingOptions? SendingOptions { get; set; }
    }

    /// <summary>CreateConfigurationSet output (empty).</summary>
    public sealed class CreateConfigurationSetResponse : SesV2Response;

    /// <summary>GetConfigurationSet input.</summary>
    public sealed class GetConfigurationSetRequest
    {
        /// <summary>The set's name (in the path).</summary>
        [JsonIgnore]
        public string ConfigurationSetName { get; set; } = string.Empty;
    }

    /// <summary>GetConfigurationSet output.</summary>
    public sealed class GetConfigurationSetResponse : SesV2Response
    {
        /// <summary>The set's name.</summary>
        public string? ConfigurationSetName { get; set; }

        /// <summary>Reputation options.</summary>
        public ReputationOptions? ReputationOptions { get; set; }

        /// <summary>Sending options.</summary>
        public SendingOptions? SendingOptions { get; set; }
    }

    /// <summary>DeleteConfigurationSet input.</summary>
    public sealed class DeleteConfigurationSetRequest
    {
        /// <summary>The set's name (in the path).</summary>
        [JsonIgnore]
        public string ConfigurationSetName { get; set; } = string.Empty;
    }

    /// <summary>DeleteConfigurationSet output (empty).</summary>
    public sealed class DeleteConfigurationSetResponse : SesV2Response;

    /// <summary>An SNS event destination.</summary>
    public sealed class SnsDestination
    {
        /// <summary>The topic the events are published to.</summary>
        public string TopicArn { get; set; } = string.Empty;
    }

    /// <summary>An event destination's definition (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestinationDefinition.html).</summary>
    public sealed class EventDestinationDefinition
    {
        /// <summary>Whether events are published.</summary>
        public bool? Enabled { get; set; }

        /// <summary>Event types: <c>SEND</c>, <c>DELIVERY</c>, <c>BOUNCE</c>, <c>COMPLAINT</c>, <c>REJECT</c>, ….</summary>
        public List<string> MatchingEventTypes { get; set; } = [];

        /// <summary>The SNS destination.</summary>
        public SnsDestination? SnsDestination { get; set; }
    }

    /// <summary>An event destination as listed.</summary>
    public sealed class EventDestination
    {
        /// <summary>Its name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Whether events are published.</summary>
        public bool? Enabled { get; set; }

        /// <summary>Event types.</summary>
        public List<string> MatchingEventTypes { get; set; } = [];

        /// <summary>The SNS destination.</summary>
        public SnsDestination? SnsDestination { get; set; }
    }

    /// <summary>CreateConfigurationSetEventDestination input.</summary>
    public sealed class CreateConfigurationSetEventDestinationRequest
    {
        /// <summary>The set's name (in the path).</summary>
        [JsonIgnore]
        public string ConfigurationSetName { get; set; } = string.Empty;

        /// <summary>The destination's name.</summary>
        public string EventDestinationName { get; set; } = string.Empty;

        /// <summary>The destination.</summary>
        public EventDestinationDefinition EventDestination { get; set; } = new();
    }

    /// <summary>CreateConfigurationSetEventDestination output (empty).</summary>
    public sealed class CreateConfigurationSetEventDestinationResponse : SesV2Response;

    /// <summary>GetConfigurationSetEventDestinations input.</summary>
    public sealed class GetConfigurationSetEventDestinationsRequest
    {
        /// <summary>The set's name (in the path).</summary>
        [JsonIgnore]
        public string ConfigurationSetName { get; set; } = string.Empty;
    }

    /// <summary>GetConfigurationSetEventDestinations output.</summary>
    public sealed class GetConfigurationSetEventDestinationsResponse : SesV2Response
    {
        /// <summary>The destinations.</summary>
        public List<EventDestination> EventDestinations { get; set; } = [];
    }

    /// <summary>UpdateConfigurationSetEventDestination input.</summary>
    public sealed class UpdateConfigurationSetEventDestinationRequest
    {
        /// <summary>The set's name (in the path).</summary>
        [JsonIgnore]
        public string ConfigurationSetName { get; set; } = string.Empty;

        /// <summary>The destination's name (in the path).</summary>
        [JsonIgnore]
        public string EventDestinationName { get; set; } = string.Empty;

        /// <summary>The destination.</summary>
        public EventDestinationDefinition EventDestination { get; set; } = new();
    }

    /// <summary>UpdateConfigurationSetEventDestination output (empty).</summary>
    public sealed class UpdateConfigurationSetEventDestinationResponse : SesV2Response;

    /// <summary>DeleteConfigurationSetEventDestination input.</summary>
    public sealed class DeleteConfigurationSetEventDestinationRequest
    {
        /// <summary>The set's name (in the path).</summary>
        [JsonIgnore]
        public string ConfigurationSetName { get; set; } = string.Empty;

        /// <summary>The destination's name (in the path).</summary>
        [JsonIgnore]
        public string EventDestinationName { get; set; } = string.Empty;
    }

    /// <summary>DeleteConfigurationSetEventDestination output (empty).</summary>
    public sealed class DeleteConfigurationSetEventDestinationResponse : SesV2Response;

    /// <summary>CreateEmailIdentity input.</summary>
    public sealed class CreateEmailIdentityRequest
    {
        /// <summary>An address or a domain.</summary>
        public string EmailIdentity { get; set; } = string.Empty;

        /// <summary>The identity's default configuration set.</summary>
        public string? ConfigurationSetName { get; set; }
    }

    /// <summary>CreateEmailIdentity output.</summary>
    public sealed class CreateEmailIdentityResponse : SesV2Response
    {
        /// <summary><c>EMAIL_ADDRESS</c> or <c>DOMAIN</c>.</summary>
        public string? IdentityType { get; set; }

        /// <summary>Whether mail may be sent from it.</summary>
        public bool? VerifiedForSendingStatus { get; set; }
    }

    /// <summary>GetEmailIdentity input.</summary>
    public sealed class GetEmailIdentityRequest
    {
        /// <summary>An address or a domain (in the path).</summary>
        [JsonIgnore]
        public string EmailIdentity { get; set; } = string.Empty;
    }

    /// <summary>GetEmailIdentity output.</summary>
    public sealed class GetEmailIdentityResponse : SesV2Response
    {
        /// <summary><c>EMAIL_ADDRESS</c> or <c>DOMAIN</c>.</summary>
        public string? IdentityType { get; set; }

        /// <summary>Whether mail may be sent from it.</summary>
        public bool? VerifiedForSendingStatus { get; set; }

        /// <summary><c>SUCCESS</c>, <c>PENDING</c>, ….</summary>
        public string? VerificationStatus { get; set; }

        /// <summary>The identity's default configuration set.</summary>
        public string? ConfigurationSetName { get; set; }
    }

    /// <summary>PutEmailIdentityConfigurationSetAttributes input.</summary>
    public sealed class PutEmailIdentityConfigurationSetAttributesRequest
    {
        /// <summary>An address or a domain (in the path).</summary>
        [JsonIgnore]
        public string EmailIdentity { get; set; } = string.Empty;

        /// <summary>The default configuration set; <c>null</c> removes it.</summary>
        public string? ConfigurationSetName { get; set; }
    }

    /// <summary>PutEmailIdentityConfigurationSetAttributes output (empty).</summary>
    public sealed class PutEmailIdentityConfigurationSetAttributesResponse : SesV2Response;

    /// <summary>Text with a charset.</summary>
    public sealed class Content
    {
        /// <summary>The text.</summary>
        public string Data { get; set; } = string.Empty;

        /// <summary>Charset, e.g. <c>UTF-8</c>.</summary>
        public string? Charset { get; set; }
    }

    /// <summary>Text and/or HTML body.</summary>
    public sealed class Body
    {
        /// <summary>Plain text.</summary>
        public Content? Text { get; set; }

        /// <summary>HTML.</summary>
        public Content? Html { get; set; }
    }

    /// <summary>Simple content.</summary>
    public sealed class Message
    {
        /// <summary>Subject.</summary>
        public Content Subject { get; set; } = new();

        /// <summary>Body.</summary>
        public Body Body { get; set; } = new();
    }

    /// <summary>Raw content.</summary>
    public sealed class RawMessage
    {
        /// <summary>The MIME message (serialized as base64).</summary>
        public byte[] Data { get; set; } = [];
    }

    /// <summary>The content of SendEmail: simple or raw.</summary>
    public sealed class EmailContent
    {
        /// <summary>Simple content.</summary>
        public Message? Simple { get; set; }

        /// <summary>Raw content.</summary>
        public RawMessage? Raw { get; set; }
    }

    /// <summary>Recipients.</summary>
    public sealed class Destination
    {
        /// <summary>To.</summary>
        public List<string> ToAddresses { get; set; } = [];

        /// <summary>Cc.</summary>
        public List<string> CcAddresses { get; set; } = [];

        /// <summary>Bcc.</summary>
        public List<string> BccAddresses { get; set; } = [];
    }

    /// <summary>SendEmail input.</summary>
    public sealed class SendEmailRequest
    {
        /// <summary>Sender; optional with raw content (the From header then).</summary>
        public string? FromEmailAddress { get; set; }

        /// <summary>Recipients; optional with raw content.</summary>
        public Destination? Destination { get; set; }

        /// <summary>The content.</summary>
        public EmailContent Content { get; set; } = new();

        /// <summary>Configuration set.</summary>
        public string? ConfigurationSetName { get; set; }
    }

    /// <summary>SendEmail output.</summary>
    public sealed class SendEmailResponse : SesV2Response
    {
        /// <summary>The SES message id.</summary>
        public string? MessageId { get; set; }
    }

    /// <summary>GetAccount input (no members).</summary>
    public sealed class GetAccountRequest;

    /// <summary>The sending quota.</summary>
    public sealed class SendQuota
    {
        /// <summary>Recipients allowed in 24 hours.</summary>
        public double? Max24HourSend { get; set; }

        /// <summary>Recipients allowed per second.</summary>
        public double? MaxSendRate { get; set; }

        /// <summary>Recipients sent to in the last 24 hours.</summary>
        public double? SentLast24Hours { get; set; }
    }

    /// <summary>GetAccount output.</summary>
    public sealed class GetAccountResponse : SesV2Response
    {
        /// <summary>The quota.</summary>
        public SendQuota? SendQuota { get; set; }

        /// <summary>Whether the account may send.</summary>
        public bool? SendingEnabled { get; set; }

        /// <summary>Whether the account left the sandbox.</summary>
        public bool? ProductionAccessEnabled { get; set; }
    }
}
