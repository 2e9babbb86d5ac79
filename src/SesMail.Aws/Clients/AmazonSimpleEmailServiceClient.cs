// The smallest Amazon SES (v1) client this project needs, on AWSSDK.Core's signer, named as AWSSDK.SimpleEmail names it
// (that package is not on this project's feed). Swapping in the official package means deleting this file.
// Wire format: AWS Query, version 2010-12-01, signing name "email" — https://docs.aws.amazon.com/ses/latest/APIReference/Welcome.html
#pragma warning disable CA1002, CA2227 // shapes mirror the official SDK (List<T> members)
using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.SimpleEmail.Model;
using SesMail.Aws.Clients;

namespace Amazon.SimpleEmail
{
    /// <summary>Settings of <see cref="AmazonSimpleEmailServiceClient"/> (endpoint prefix <c>email</c>).</summary>
    public sealed class AmazonSimpleEmailServiceConfig : AwsClientConfig;

    /// <summary>An SES error; <see cref="AmazonServiceException.ErrorCode"/> carries SES's code (e.g. <c>MessageRejected</c>, <c>RuleSetDoesNotExist</c>).</summary>
    public class AmazonSimpleEmailServiceException : AmazonServiceException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The service's message.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="requestId">The request id.</param>
        /// <param name="statusCode">The HTTP status.</param>
        public AmazonSimpleEmailServiceException(string message, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>The SES v1 operations SesMail uses: sending, identities and receipt rules.</summary>
    public interface IAmazonSimpleEmailService : IDisposable
    {
        /// <summary>SendRawEmail (≤ 10 MB): https://docs.aws.amazon.com/ses/latest/APIReference/API_SendRawEmail.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The SES message id.</returns>
        Task<SendRawEmailResponse> SendRawEmailAsync(SendRawEmailRequest request, CancellationToken cancellationToken = default);

        /// <summary>SendEmail: https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The SES message id.</returns>
        Task<SendEmailResponse> SendEmailAsync(SendEmailRequest request, CancellationToken cancellationToken = default);

        /// <summary>VerifyDomainIdentity: https://docs.aws.amazon.com/ses/latest/APIReference/API_VerifyDomainIdentity.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The TXT verification token.</returns>
        Task<VerifyDomainIdentityResponse> VerifyDomainIdentityAsync(VerifyDomainIdentityRequest request, CancellationToken cancellationToken = default);

        /// <summary>VerifyEmailIdentity: https://docs.aws.amazon.com/ses/latest/APIReference/API_VerifyEmailIdentity.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<VerifyEmailIdentityResponse> VerifyEmailIdentityAsync(VerifyEmailIdentityRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListIdentities: https://docs.aws.amazon.com/ses/latest/APIReference/API_ListIdentities.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The identities.</returns>
        Task<ListIdentitiesResponse> ListIdentitiesAsync(ListIdentitiesRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateReceiptRuleSet: https://docs.aws.amazon.com/ses/latest/APIReference/API_CreateReceiptRuleSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<CreateReceiptRuleSetResponse> CreateReceiptRuleSetAsync(CreateReceiptRuleSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteReceiptRuleSet: https://docs.aws.amazon.com/ses/latest/APIReference/API_DeleteReceiptRuleSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteReceiptRuleSetResponse> DeleteReceiptRuleSetAsync(DeleteReceiptRuleSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeReceiptRuleSet: https://docs.aws.amazon.com/ses/latest/APIReference/API_DescribeReceiptRuleSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The rule set and its rules in order.</returns>
        Task<DescribeReceiptRuleSetResponse> DescribeReceiptRuleSetAsync(DescribeReceiptRuleSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeActiveReceiptRuleSet: https://docs.aws.amazon.com/ses/latest/APIReference/API_DescribeActiveReceiptRuleSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The active rule set and its rules, or empty <c>Metadata</c> when none is active.</returns>
        Task<DescribeActiveReceiptRuleSetResponse> DescribeActiveReceiptRuleSetAsync(DescribeActiveReceiptRuleSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>SetActiveReceiptRuleSet: https://docs.aws.amazon.com/ses/latest/APIReference/API_SetActiveReceiptRuleSet.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<SetActiveReceiptRuleSetResponse> SetActiveReceiptRuleSetAsync(SetActiveReceiptRuleSetRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListReceiptRuleSets: https://docs.aws.amazon.com/ses/latest/APIReference/API_ListReceiptRuleSets.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The rule sets.</returns>
        Task<ListReceiptRuleSetsResponse> ListReceiptRuleSetsAsync(ListReceiptRuleSetsRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateReceiptRule: https://docs.aws.amazon.com/ses/latest/APIReference/API_CreateReceiptRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<CreateReceiptRuleResponse> CreateReceiptRuleAsync(CreateReceiptRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>UpdateReceiptRule: https://docs.aws.amazon.com/ses/latest/APIReference/API_UpdateReceiptRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<UpdateReceiptRuleResponse> UpdateReceiptRuleAsync(UpdateReceiptRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>DescribeReceiptRule: https://docs.aws.amazon.com/ses/latest/APIReference/API_DescribeReceiptRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The rule.</returns>
        Task<DescribeReceiptRuleResponse> DescribeReceiptRuleAsync(DescribeReceiptRuleRequest request, CancellationToken cancellationToken = default);

        /// <summary>DeleteReceiptRule: https://docs.aws.amazon.com/ses/latest/APIReference/API_DeleteReceiptRule.html</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>An empty response.</returns>
        Task<DeleteReceiptRuleResponse> DeleteReceiptRuleAsync(DeleteReceiptRuleRequest request, CancellationToken cancellationToken = default);
    }

    /// <summary>Amazon SES v1 over the Query protocol. Errors throw <see cref="AmazonSimpleEmailServiceException"/>.</summary>
    public sealed class AmazonSimpleEmailServiceClient : IAmazonSimpleEmailService
    {
        private const string Version = "2010-12-01";
        private readonly AwsProtocolClient _client;

        /// <summary>Creates a client with the default credential chain and the environment's endpoint and region.</summary>
        public AmazonSimpleEmailServiceClient()
            : this(null, new AmazonSimpleEmailServiceConfig())
        {
        }

        /// <summary>Creates a client with the default credential chain.</summary>
        /// <param name="config">Endpoint and region.</param>
        public AmazonSimpleEmailServiceClient(AmazonSimpleEmailServiceConfig config)
            : this(null, config)
        {
        }

        /// <summary>Creates a client.</summary>
        /// <param name="credentials">Credentials, or <c>null</c> for the default chain.</param>
        /// <param name="config">Endpoint and region.</param>
        public AmazonSimpleEmailServiceClient(AWSCredentials? credentials, AmazonSimpleEmailServiceConfig config)
            : this(credentials, config, null)
        {
        }

        internal AmazonSimpleEmailServiceClient(AWSCredentials? credentials, AmazonSimpleEmailServiceConfig config, HttpMessageHandler? handler) =>
            _client = new AwsProtocolClient("ses", "email", credentials, config, handler, (m, c, r, s) => new AmazonSimpleEmailServiceException(m, c, r, s));

        /// <inheritdoc />
        public async Task<SendRawEmailResponse> SendRawEmailAsync(SendRawEmailRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("Source", request.Source);
            p.AddMembers("Destinations", request.Destinations);
            p.Add(new("RawMessage.Data", Convert.ToBase64String(request.RawMessage.Data.ToArray())));
            p.AddIfSet("ConfigurationSetName", request.ConfigurationSetName);
            var result = await _client.QueryAsync("SendRawEmail", Version, p, cancellationToken).ConfigureAwait(false);
            return new SendRawEmailResponse { MessageId = result.Text("MessageId") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<SendEmailResponse> SendEmailAsync(SendEmailRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("Source", request.Source) };
            p.AddMembers("Destination.ToAddresses", request.Destination.ToAddresses);
            p.AddMembers("Destination.CcAddresses", request.Destination.CcAddresses);
            p.AddMembers("Destination.BccAddresses", request.Destination.BccAddresses);
            AddContent(p, "Message.Subject", request.Message.Subject);
            AddContent(p, "Message.Body.Text", request.Message.Body.Text);
            AddContent(p, "Message.Body.Html", request.Message.Body.Html);
            p.AddMembers("ReplyToAddresses", request.ReplyToAddresses);
            p.AddIfSet("ReturnPath", request.ReturnPath);
            p.AddIfSet("ConfigurationSetName", request.ConfigurationSetName);
            var result = await _client.QueryAsync("SendEmail", Version, p, cancellationToken).ConfigureAwait(false);
            return new SendEmailResponse { MessageId = result.Text("MessageId") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<VerifyDomainIdentityResponse> VerifyDomainIdentityAsync(VerifyDomainIdentityRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("VerifyDomainIdentity", Version, [new("Domain", request.Domain)], cancellationToken).ConfigureAwait(false);
            return new VerifyDomainIdentityResponse { VerificationToken = result.Text("VerificationToken") ?? string.Empty };
        }

        /// <inheritdoc />
        public async Task<VerifyEmailIdentityResponse> VerifyEmailIdentityAsync(VerifyEmailIdentityRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("VerifyEmailIdentity", Version, [new("EmailAddress", request.EmailAddress)], cancellationToken).ConfigureAwait(false);
            return new VerifyEmailIdentityResponse();
        }

        /// <inheritdoc />
        public async Task<ListIdentitiesResponse> ListIdentitiesAsync(ListIdentitiesRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("IdentityType", request.IdentityType);
            p.AddIfSet("NextToken", request.NextToken);
            if (request.MaxItems is { } max)
            {
                p.Add(new("MaxItems", max.ToString(CultureInfo.InvariantCulture)));
            }

            var result = await _client.QueryAsync("ListIdentities", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListIdentitiesResponse { Identities = result.Members("Identities"), NextToken = result.Text("NextToken") };
        }

        /// <inheritdoc />
        public async Task<CreateReceiptRuleSetResponse> CreateReceiptRuleSetAsync(CreateReceiptRuleSetRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("CreateReceiptRuleSet", Version, [new("RuleSetName", request.RuleSetName)], cancellationToken).ConfigureAwait(false);
            return new CreateReceiptRuleSetResponse();
        }

        /// <inheritdoc />
        public async Task<DeleteReceiptRuleSetResponse> DeleteReceiptRuleSetAsync(DeleteReceiptRuleSetRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("DeleteReceiptRuleSet", Version, [new("RuleSetName", request.RuleSetName)], cancellationToken).ConfigureAwait(false);
            return new DeleteReceiptRuleSetResponse();
        }

        /// <inheritdoc />
        public async Task<DescribeReceiptRuleSetResponse> DescribeReceiptRuleSetAsync(DescribeReceiptRuleSetRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("DescribeReceiptRuleSet", Version, [new("RuleSetName", request.RuleSetName)], cancellationToken).ConfigureAwait(false);
            return new DescribeReceiptRuleSetResponse { Metadata = ReadMetadata(result.Element("Metadata")), Rules = ReadRules(result) };
        }

        /// <inheritdoc />
        public async Task<DescribeActiveReceiptRuleSetResponse> DescribeActiveReceiptRuleSetAsync(DescribeActiveReceiptRuleSetRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("DescribeActiveReceiptRuleSet", Version, [], cancellationToken).ConfigureAwait(false);
            return new DescribeActiveReceiptRuleSetResponse
            {
                Metadata = result.Element("Metadata") is { } m ? ReadMetadata(m) : null,
                Rules = ReadRules(result),
            };
        }

        /// <inheritdoc />
        public async Task<SetActiveReceiptRuleSetResponse> SetActiveReceiptRuleSetAsync(SetActiveReceiptRuleSetRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("RuleSetName", request.RuleSetName);
            await _client.QueryAsync("SetActiveReceiptRuleSet", Version, p, cancellationToken).ConfigureAwait(false);
            return new SetActiveReceiptRuleSetResponse();
        }

        /// <inheritdoc />
        public async Task<ListReceiptRuleSetsResponse> ListReceiptRuleSetsAsync(ListReceiptRuleSetsRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>>();
            p.AddIfSet("NextToken", request.NextToken);
            var result = await _client.QueryAsync("ListReceiptRuleSets", Version, p, cancellationToken).ConfigureAwait(false);
            return new ListReceiptRuleSetsResponse
            {
                RuleSets = result.Element("RuleSets")?.Elements("member").Select(ReadMetadata).ToList() ?? [],
                NextToken = result.Text("NextToken"),
            };
        }

        /// <inheritdoc />
        public async Task<CreateReceiptRuleResponse> CreateReceiptRuleAsync(CreateReceiptRuleRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("RuleSetName", request.RuleSetName) };
            p.AddIfSet("After", request.After);
            AddRule(p, "Rule", request.Rule);
            await _client.QueryAsync("CreateReceiptRule", Version, p, cancellationToken).ConfigureAwait(false);
            return new CreateReceiptRuleResponse();
        }

        /// <inheritdoc />
        public async Task<UpdateReceiptRuleResponse> UpdateReceiptRuleAsync(UpdateReceiptRuleRequest request, CancellationToken cancellationToken = default)
        {
            var p = new List<KeyValuePair<string, string>> { new("RuleSetName", request.RuleSetName) };
            AddRule(p, "Rule", request.Rule);
            await _client.QueryAsync("UpdateReceiptRule", Version, p, cancellationToken).ConfigureAwait(false);
            return new UpdateReceiptRuleResponse();
        }

        /// <inheritdoc />
        public async Task<DescribeReceiptRuleResponse> DescribeReceiptRuleAsync(DescribeReceiptRuleRequest request, CancellationToken cancellationToken = default)
        {
            var result = await _client.QueryAsync("DescribeReceiptRule", Version,
                [new("RuleSetName", request.RuleSetName), new("RuleName", request.RuleName)], cancellationToken).ConfigureAwait(false);
            return new DescribeReceiptRuleResponse { Rule = result.Element("Rule") is { } r ? ReadRule(r) : null };
        }

        /// <inheritdoc />
        public async Task<DeleteReceiptRuleResponse> DeleteReceiptRuleAsync(DeleteReceiptRuleRequest request, CancellationToken cancellationToken = default)
        {
            await _client.QueryAsync("DeleteReceiptRule", Version,
                [new("RuleSetName", request.RuleSetName), new("RuleName", request.RuleName)], cancellationToken).ConfigureAwait(false);
            return new DeleteReceiptRuleResponse();
        }

        /// <inheritdoc />
        public void Dispose() => _client.Dispose();

        private static void AddContent(List<KeyValuePair<string, string>> p, string prefix, Content? content)
        {
            if (content is null)
            {
                return;
            }

            p.Add(new($"{prefix}.Data", content.Data));
            p.AddIfSet($"{prefix}.Charset", content.Charset);
        }

        private static void AddRule(List<KeyValuePair<string, string>> p, string prefix, ReceiptRule rule)
        {
            p.Add(new($"{prefix}.Name", rule.Name));
            p.AddIfSet($"{prefix}.Enabled", rule.Enabled);
            p.AddIfSet($"{prefix}.TlsPolicy", rule.TlsPolicy);
            p.AddIfSet($"{prefix}.ScanEnabled", rule.ScanEnabled);
            p.AddMembers($"{prefix}.Recipients", rule.Recipients);
            var i = 0;
            foreach (var action in rule.Actions)
            {
                var a = $"{prefix}.Actions.member.{++i}";
                if (action.S3Action is { } s3)
                {
                    p.Add(new($"{a}.S3Action.BucketName", s3.BucketName));
                    p.AddIfSet($"{a}.S3Action.ObjectKeyPrefix", s3.ObjectKeyPrefix);
                    p.AddIfSet($"{a}.S3Action.TopicArn", s3.TopicArn);
                    p.AddIfSet($"{a}.S3Action.KmsKeyArn", s3.KmsKeyArn);
                    p.AddIfSet($"{a}.S3Action.IamRoleArn", s3.IamRoleArn);
                }

                if (action.SNSAction is { } sns)
                {
                    p.Add(new($"{a}.SNSAction.TopicArn", sns.TopicArn));
                    p.AddIfSet($"{a}.SNSAction.Encoding", sns.Encoding);
                }

                if (action.StopAction is { } stop)
                {
                    p.Add(new($"{a}.StopAction.Scope", stop.Scope));
                    p.AddIfSet($"{a}.StopAction.TopicArn", stop.TopicArn);
                }

                if (action.AddHeaderAction is { } header)
                {
                    p.Add(new($"{a}.AddHeaderAction.HeaderName", header.HeaderName));
                    p.Add(new($"{a}.AddHeaderAction.HeaderValue", header.HeaderValue));
                }
            }
        }

        private static ReceiptRuleSetMetadata ReadMetadata(XElement? element) => new()
        {
            Name = element.Text("Name") ?? string.Empty,
            CreatedTimestamp = DateTime.TryParse(element.Text("CreatedTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created) ? created : null,
        };

        private static List<ReceiptRule> ReadRules(XElement result) =>
            result.Element("Rules")?.Elements("member").Select(ReadRule).ToList() ?? [];

        private static ReceiptRule ReadRule(XElement rule) => new()
        {
            Name = rule.Text("Name") ?? string.Empty,
            Enabled = rule.Flag("Enabled"),
            TlsPolicy = rule.Text("TlsPolicy"),
            ScanEnabled = rule.Flag("ScanEnabled"),
            Recipients = rule.Members("Recipients"),
            Actions = rule.Element("Actions")?.Elements("member").Select(a => new ReceiptAction
            {
                S3Action = a.Element("S3Action") is { } s3
                    ? new S3Action { BucketName = s3.Text("BucketName") ?? string.Empty, ObjectKeyPrefix = s3.Text("ObjectKeyPrefix"), TopicArn = s3.Text("TopicArn"), KmsKeyArn = s3.Text("KmsKeyArn"), IamRoleArn = s3.Text("IamRoleArn") }
                    : null,
                SNSAction = a.Element("SNSAction") is { } sns ? new SNSAction { TopicArn = sns.Text("TopicArn") ?? string.Empty, Encoding = sns.Text("Encoding") } : null,
                StopAction = a.Element("StopAction") is { } stop ? new StopAction { Scope = stop.Text("Scope") ?? "RuleSet", TopicArn = stop.Text("TopicArn") } : null,
                AddHeaderAction = a.Element("AddHeaderAction") is { } h ? new AddHeaderAction { HeaderName = h.Text("HeaderName") ?? string.Empty, HeaderValue = h.Text("HeaderValue") ?? string.Empty } : null,
            }).ToList() ?? [],
        };
    }
}

namespace Amazon.SimpleEmail.Model
{
    /// <summary>The raw MIME message of SendRawEmail.</summary>
    public sealed class RawMessage
    {
        /// <summary>The message bytes (headers and body, CRLF line endings, ≤ 10 MB).</summary>
        public MemoryStream Data { get; set; } = new();
    }

    /// <summary>SendRawEmail input.</summary>
    public sealed class SendRawEmailRequest
    {
        /// <summary>Envelope sender (MAIL FROM identity); <c>null</c> to take it from the message's From.</summary>
        public string? Source { get; set; }

        /// <summary>Envelope recipients; empty to take them from To/Cc/Bcc.</summary>
        public List<string> Destinations { get; set; } = [];

        /// <summary>The message.</summary>
        public RawMessage RawMessage { get; set; } = new();

        /// <summary>Configuration set.</summary>
        public string? ConfigurationSetName { get; set; }
    }

    /// <summary>SendRawEmail output.</summary>
    public sealed class SendRawEmailResponse
    {
        /// <summary>The SES message id.</summary>
        public string MessageId { get; set; } = string.Empty;
    }

    /// <summary>Recipients of SendEmail.</summary>
    public sealed class Destination
    {
        /// <summary>To addresses.</summary>
        public List<string> ToAddresses { get; set; } = [];

        /// <summary>Cc addresses.</summary>
        public List<string> CcAddresses { get; set; } = [];

        /// <summary>Bcc addresses.</summary>
        public List<string> BccAddresses { get; set; } = [];
    }

    /// <summary>Text with a charset.</summary>
    public sealed class Content
    {
        /// <summary>The text.</summary>
        public string Data { get; set; } = string.Empty;

        /// <summary>Charset, e.g. <c>UTF-8</c>.</summary>
        public string? Charset { get; set; }
    }

    /// <summary>Body of SendEmail.</summary>
    public sealed class Body
    {
        /// <summary>Plain-text part.</summary>
        public Content? Text { get; set; }

        /// <summary>HTML part.</summary>
        public Content? Html { get; set; }
    }

    /// <summary>Message of SendEmail.</summary>
    public sealed class Message
    {
        /// <summary>Subject.</summary>
        public Content Subject { get; set; } = new();

        /// <summary>Body.</summary>
        public Body Body { get; set; } = new();
    }

    /// <summary>SendEmail input.</summary>
    public sealed class SendEmailRequest
    {
        /// <summary>Sender (a verified identity).</summary>
        public string Source { get; set; } = string.Empty;

        /// <summary>Recipients.</summary>
        public Destination Destination { get; set; } = new();

        /// <summary>The message.</summary>
        public Message Message { get; set; } = new();

        /// <summary>Reply-To addresses.</summary>
        public List<string> ReplyToAddresses { get; set; } = [];

        /// <summary>Address bounces go to.</summary>
        public string? ReturnPath { get; set; }

        /// <summary>Configuration set.</summary>
        public string? ConfigurationSetName { get; set; }
    }

    /// <summary>SendEmail output.</summary>
    public sealed class SendEmailResponse
    {
        /// <summary>The SES message id.</summary>
        public string MessageId { get; set; } = string.Empty;
    }

    /// <summary>VerifyDomainIdentity input.</summary>
    public sealed class VerifyDomainIdentityRequest
    {
        /// <summary>The domain.</summary>
        public string Domain { get; set; } = string.Empty;
    }

    /// <summary>VerifyDomainIdentity output.</summary>
    public sealed class VerifyDomainIdentityResponse
    {
        /// <summary>Value for the <c>_amazonses</c> TXT record.</summary>
        public string VerificationToken { get; set; } = string.Empty;
    }

    /// <summary>VerifyEmailIdentity input.</summary>
    public sealed class VerifyEmailIdentityRequest
    {
        /// <summary>The address.</summary>
        public string EmailAddress { get; set; } = string.Empty;
    }

    /// <summary>VerifyEmailIdentity output (empty).</summary>
    public sealed class VerifyEmailIdentityResponse;

    /// <summary>ListIdentities input.</summary>
    public sealed class ListIdentitiesRequest
    {
        /// <summary><c>EmailAddress</c> or <c>Domain</c>; <c>null</c> for both.</summary>
        public string? IdentityType { get; set; }

        /// <summary>Page size (≤ 1000).</summary>
        public int? MaxItems { get; set; }

        /// <summary>Token from the previous page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListIdentities output.</summary>
    public sealed class ListIdentitiesResponse
    {
        /// <summary>Identities.</summary>
        public List<string> Identities { get; set; } = [];

        /// <summary>Token for the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>CreateReceiptRuleSet input.</summary>
    public sealed class CreateReceiptRuleSetRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;
    }

    /// <summary>CreateReceiptRuleSet output (empty).</summary>
    public sealed class CreateReceiptRuleSetResponse;

    /// <summary>DeleteReceiptRuleSet input.</summary>
    public sealed class DeleteReceiptRuleSetRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;
    }

    /// <summary>DeleteReceiptRuleSet output (empty).</summary>
    public sealed class DeleteReceiptRuleSetResponse;

    /// <summary>Name and creation time of a rule set.</summary>
    public sealed class ReceiptRuleSetMetadata
    {
        /// <summary>Rule set name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Creation time (UTC).</summary>
        public DateTime? CreatedTimestamp { get; set; }
    }

    /// <summary>S3 action: store the message (https://docs.aws.amazon.com/ses/latest/APIReference/API_S3Action.html).</summary>
    public sealed class S3Action
    {
        /// <summary>Bucket name.</summary>
        public string BucketName { get; set; } = string.Empty;

        /// <summary>Key prefix, e.g. <c>emails/</c>.</summary>
        public string? ObjectKeyPrefix { get; set; }

        /// <summary>Topic notified after the object is stored.</summary>
        public string? TopicArn { get; set; }

        /// <summary>KMS key for client-side encryption.</summary>
        public string? KmsKeyArn { get; set; }

        /// <summary>Role SES assumes to write.</summary>
        public string? IamRoleArn { get; set; }
    }

    /// <summary>SNS action: publish the message in the notification.</summary>
    public sealed class SNSAction
    {
        /// <summary>Topic ARN.</summary>
        public string TopicArn { get; set; } = string.Empty;

        /// <summary><c>UTF-8</c> or <c>Base64</c>.</summary>
        public string? Encoding { get; set; }
    }

    /// <summary>Stop action: stop evaluating rules.</summary>
    public sealed class StopAction
    {
        /// <summary>Always <c>RuleSet</c>.</summary>
        public string Scope { get; set; } = "RuleSet";

        /// <summary>Topic notified when the action runs.</summary>
        public string? TopicArn { get; set; }
    }

    /// <summary>Add-header action.</summary>
    public sealed class AddHeaderAction
    {
        /// <summary>Header name.</summary>
        public string HeaderName { get; set; } = string.Empty;

        /// <summary>Header value.</summary>
        public string HeaderValue { get; set; } = string.Empty;
    }

    /// <summary>One action of a receipt rule (exactly one member set).</summary>
    public sealed class ReceiptAction
    {
        /// <summary>S3 action.</summary>
        public S3Action? S3Action { get; set; }

        /// <summary>SNS action.</summary>
        public SNSAction? SNSAction { get; set; }

        /// <summary>Stop action.</summary>
        public StopAction? StopAction { get; set; }

        /// <summary>Add-header action.</summary>
        public AddHeaderAction? AddHeaderAction { get; set; }
    }

    /// <summary>A receipt rule (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptRule.html).</summary>
    public sealed class ReceiptRule
    {
        /// <summary>Rule name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>Whether the rule is active.</summary>
        public bool? Enabled { get; set; }

        /// <summary><c>Require</c> or <c>Optional</c>.</summary>
        public string? TlsPolicy { get; set; }

        /// <summary>Addresses or domains covered; empty covers all verified domains.</summary>
        public List<string> Recipients { get; set; } = [];

        /// <summary>Actions, in order.</summary>
        public List<ReceiptAction> Actions { get; set; } = [];

        /// <summary>Whether spam and virus scanning runs.</summary>
        public bool? ScanEnabled { get; set; }
    }

    /// <summary>DescribeReceiptRuleSet input.</summary>
    public sealed class DescribeReceiptRuleSetRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;
    }

    /// <summary>DescribeReceiptRuleSet output.</summary>
    public sealed class DescribeReceiptRuleSetResponse
    {
        /// <summary>The rule set.</summary>
        public ReceiptRuleSetMetadata? Metadata { get; set; }

        /// <summary>Its rules, in evaluation order.</summary>
        public List<ReceiptRule> Rules { get; set; } = [];
    }

    /// <summary>DescribeActiveReceiptRuleSet input (no members).</summary>
    public sealed class DescribeActiveReceiptRuleSetRequest;

    /// <summary>DescribeActiveReceiptRuleSet output.</summary>
    public sealed class DescribeActiveReceiptRuleSetResponse
    {
        /// <summary>The active rule set, or <c>null</c> when none is active.</summary>
        public ReceiptRuleSetMetadata? Metadata { get; set; }

        /// <summary>Its rules, in evaluation order.</summary>
        public List<ReceiptRule> Rules { get; set; } = [];
    }

    /// <summary>SetActiveReceiptRuleSet input.</summary>
    public sealed class SetActiveReceiptRuleSetRequest
    {
        /// <summary>Rule set name; <c>null</c> deactivates all.</summary>
        public string? RuleSetName { get; set; }
    }

    /// <summary>SetActiveReceiptRuleSet output (empty).</summary>
    public sealed class SetActiveReceiptRuleSetResponse;

    /// <summary>ListReceiptRuleSets input.</summary>
    public sealed class ListReceiptRuleSetsRequest
    {
        /// <summary>Token from the previous page.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>ListReceiptRuleSets output.</summary>
    public sealed class ListReceiptRuleSetsResponse
    {
        /// <summary>Rule sets.</summary>
        public List<ReceiptRuleSetMetadata> RuleSets { get; set; } = [];

        /// <summary>Token for the next page, or <c>null</c>.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>CreateReceiptRule input.</summary>
    public sealed class CreateReceiptRuleRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;

        /// <summary>Insert after this rule; <c>null</c> for first.</summary>
        public string? After { get; set; }

        /// <summary>The rule.</summary>
        public ReceiptRule Rule { get; set; } = new();
    }

    /// <summary>CreateReceiptRule output (empty).</summary>
    public sealed class CreateReceiptRuleResponse;

    /// <summary>UpdateReceiptRule input.</summary>
    public sealed class UpdateReceiptRuleRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;

        /// <summary>The rule (replaces the rule of the same name).</summary>
        public ReceiptRule Rule { get; set; } = new();
    }

    /// <summary>UpdateReceiptRule output (empty).</summary>
    public sealed class UpdateReceiptRuleResponse;

    /// <summary>DescribeReceiptRule input.</summary>
    public sealed class DescribeReceiptRuleRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;

        /// <summary>Rule name.</summary>
        public string RuleName { get; set; } = string.Empty;
    }

    /// <summary>DescribeReceiptRule output.</summary>
    public sealed class DescribeReceiptRuleResponse
    {
        /// <summary>The rule.</summary>
        public ReceiptRule? Rule { get; set; }
    }

    /// <summary>DeleteReceiptRule input.</summary>
    public sealed class DeleteReceiptRuleRequest
    {
        /// <summary>Rule set name.</summary>
        public string RuleSetName { get; set; } = string.Empty;

        /// <summary>Rule name.</summary>
        public string RuleName { get; set; } = string.Empty;
    }

    /// <summary>DeleteReceiptRule output (empty).</summary>
    public sealed class DeleteReceiptRuleResponse;
}
