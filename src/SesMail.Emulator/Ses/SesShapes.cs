using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

// SES v1 shapes (https://docs.aws.amazon.com/ses/latest/APIReference/API_Operations.html), read from Query parameters
// and written back as Query XML through QueryDocument (lists as Name.member.N, maps as Name.entry.N.key/value).
// Member names are AWS's. Query leaves arrive as strings; numbers and booleans are read from them.

/// <summary>Input of <c>VerifyEmailIdentity</c> and <c>VerifyEmailAddress</c>.</summary>
internal sealed record VerifyEmailIdentityRequest([property: JsonPropertyName("EmailAddress")] string? EmailAddress);

/// <summary>Input of <c>VerifyDomainIdentity</c>.</summary>
internal sealed record VerifyDomainIdentityRequest([property: JsonPropertyName("Domain")] string? Domain);

/// <summary>Output of <c>VerifyDomainIdentity</c>: the TXT record value for <c>_amazonses.{domain}</c>.</summary>
internal sealed record VerifyDomainIdentityResult([property: JsonPropertyName("VerificationToken")] string VerificationToken);

/// <summary>Input of <c>DeleteIdentity</c>.</summary>
internal sealed record DeleteIdentityRequest([property: JsonPropertyName("Identity")] string? Identity);

/// <summary>Input of <c>ListIdentities</c>.</summary>
internal sealed record ListIdentitiesRequest(
    [property: JsonPropertyName("IdentityType")] string? IdentityType,
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("MaxItems")] int? MaxItems);

/// <summary>Output of <c>ListIdentities</c>.</summary>
internal sealed record ListIdentitiesResult(
    [property: JsonPropertyName("Identities")] IReadOnlyList<string> Identities,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>GetIdentityVerificationAttributes</c>.</summary>
internal sealed record GetIdentityVerificationAttributesRequest([property: JsonPropertyName("Identities")] IReadOnlyList<string>? Identities);

/// <summary>One identity's verification (always <c>Success</c> here).</summary>
internal sealed record IdentityVerificationAttributes(
    [property: JsonPropertyName("VerificationStatus")] string VerificationStatus,
    [property: JsonPropertyName("VerificationToken")] string? VerificationToken);

/// <summary>Output of <c>GetIdentityVerificationAttributes</c>: identity → attributes, for the identities that exist.</summary>
internal sealed record GetIdentityVerificationAttributesResult(
    [property: JsonPropertyName("VerificationAttributes")] IReadOnlyDictionary<string, IdentityVerificationAttributes> VerificationAttributes);

/// <summary>Input of <c>GetSendQuota</c> (no members).</summary>
internal sealed record GetSendQuotaRequest;

/// <summary>Output of <c>GetSendQuota</c>; the figures are written with one decimal, as SES writes them (<c>200.0</c>).</summary>
internal sealed record GetSendQuotaResult(
    [property: JsonPropertyName("Max24HourSend"), JsonConverter(typeof(OneDecimalConverter))] double Max24HourSend,
    [property: JsonPropertyName("MaxSendRate"), JsonConverter(typeof(OneDecimalConverter))] double MaxSendRate,
    [property: JsonPropertyName("SentLast24Hours"), JsonConverter(typeof(OneDecimalConverter))] double SentLast24Hours);

/// <summary>Input of the operations that name one rule set (<c>CreateReceiptRuleSet</c>, <c>DeleteReceiptRuleSet</c>, <c>DescribeReceiptRuleSet</c>, <c>SetActiveReceiptRuleSet</c>).</summary>
internal sealed record RuleSetRequest([property: JsonPropertyName("RuleSetName")] string? RuleSetName);

/// <summary>A rule set's name and creation time (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptRuleSetMetadata.html).</summary>
internal sealed record ReceiptRuleSetMetadata(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("CreatedTimestamp"), JsonConverter(typeof(SesTimestampConverter))] DateTimeOffset CreatedTimestamp);

/// <summary>Output of <c>DescribeReceiptRuleSet</c> and <c>DescribeActiveReceiptRuleSet</c> (empty when no set is active).</summary>
internal sealed record DescribeReceiptRuleSetResult(
    [property: JsonPropertyName("Metadata")] ReceiptRuleSetMetadata? Metadata,
    [property: JsonPropertyName("Rules")] IReadOnlyList<ReceiptRule>? Rules);

/// <summary>Input of <c>ListReceiptRuleSets</c>.</summary>
internal sealed record ListReceiptRuleSetsRequest([property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Output of <c>ListReceiptRuleSets</c>.</summary>
internal sealed record ListReceiptRuleSetsResult(
    [property: JsonPropertyName("RuleSets")] IReadOnlyList<ReceiptRuleSetMetadata> RuleSets,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>DescribeActiveReceiptRuleSet</c> (no members).</summary>
internal sealed record DescribeActiveReceiptRuleSetRequest;

/// <summary>
/// A receipt rule (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptRule.html). In a request every member
/// but <c>Name</c> may be absent (SES's defaults: disabled, <c>Optional</c> TLS, no recipients, no actions, no scan);
/// a stored rule has them all.
/// </summary>
internal sealed record ReceiptRule(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Enabled")] bool? Enabled,
    [property: JsonPropertyName("TlsPolicy")] string? TlsPolicy,
    [property: JsonPropertyName("Recipients")] IReadOnlyList<string>? Recipients,
    [property: JsonPropertyName("Actions")] IReadOnlyList<ReceiptAction>? Actions,
    [property: JsonPropertyName("ScanEnabled")] bool? ScanEnabled);

/// <summary>
/// One action of a receipt rule, a union: exactly one member is set
/// (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReceiptAction.html). Members SES does not define are kept
/// in <see cref="Unknown"/> so that the rule can be refused naming them.
/// </summary>
internal sealed record ReceiptAction
{
    /// <summary>Store the message in S3.</summary>
    [JsonPropertyName("S3Action")]
    public S3Action? S3Action { get; init; }

    /// <summary>Reject the message with a bounce.</summary>
    [JsonPropertyName("BounceAction")]
    public BounceAction? BounceAction { get; init; }

    /// <summary>Hand the message to WorkMail.</summary>
    [JsonPropertyName("WorkmailAction")]
    public WorkmailAction? WorkmailAction { get; init; }

    /// <summary>Call a Lambda function.</summary>
    [JsonPropertyName("LambdaAction")]
    public LambdaAction? LambdaAction { get; init; }

    /// <summary>Stop evaluating the rule set.</summary>
    [JsonPropertyName("StopAction")]
    public StopAction? StopAction { get; init; }

    /// <summary>Add a header to the message.</summary>
    [JsonPropertyName("AddHeaderAction")]
    public AddHeaderAction? AddHeaderAction { get; init; }

    /// <summary>Publish the message to SNS.</summary>
    [JsonPropertyName("SNSAction")]
    public SNSAction? SNSAction { get; init; }

    /// <summary>Hand the message to Amazon Connect.</summary>
    [JsonPropertyName("ConnectAction")]
    public ConnectAction? ConnectAction { get; init; }

    /// <summary>Members of the request that are not SES actions; never written back.</summary>
    /// <remarks>Settable rather than init-only: the JSON source generator cannot bind init-only extension data (dotnet/runtime#107898).</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>Store the message in a bucket (https://docs.aws.amazon.com/ses/latest/APIReference/API_S3Action.html).</summary>
internal sealed record S3Action(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("BucketName")] string? BucketName,
    [property: JsonPropertyName("ObjectKeyPrefix")] string? ObjectKeyPrefix,
    [property: JsonPropertyName("KmsKeyArn")] string? KmsKeyArn,
    [property: JsonPropertyName("IamRoleArn")] string? IamRoleArn);

/// <summary>Publish the message to a topic (https://docs.aws.amazon.com/ses/latest/APIReference/API_SNSAction.html).</summary>
internal sealed record SNSAction(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("Encoding")] string? Encoding);

/// <summary>Reject with a bounce (https://docs.aws.amazon.com/ses/latest/APIReference/API_BounceAction.html).</summary>
internal sealed record BounceAction(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("SmtpReplyCode")] string? SmtpReplyCode,
    [property: JsonPropertyName("StatusCode")] string? StatusCode,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("Sender")] string? Sender);

/// <summary>Call a function (https://docs.aws.amazon.com/ses/latest/APIReference/API_LambdaAction.html).</summary>
internal sealed record LambdaAction(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("FunctionArn")] string? FunctionArn,
    [property: JsonPropertyName("InvocationType")] string? InvocationType);

/// <summary>Stop evaluating rules (https://docs.aws.amazon.com/ses/latest/APIReference/API_StopAction.html).</summary>
internal sealed record StopAction(
    [property: JsonPropertyName("Scope")] string? Scope,
    [property: JsonPropertyName("TopicArn")] string? TopicArn);

/// <summary>Add a header (https://docs.aws.amazon.com/ses/latest/APIReference/API_AddHeaderAction.html).</summary>
internal sealed record AddHeaderAction(
    [property: JsonPropertyName("HeaderName")] string? HeaderName,
    [property: JsonPropertyName("HeaderValue")] string? HeaderValue);

/// <summary>Hand the message to WorkMail (https://docs.aws.amazon.com/ses/latest/APIReference/API_WorkmailAction.html).</summary>
internal sealed record WorkmailAction(
    [property: JsonPropertyName("TopicArn")] string? TopicArn,
    [property: JsonPropertyName("OrganizationArn")] string? OrganizationArn);

/// <summary>Hand the message to Amazon Connect (https://docs.aws.amazon.com/ses/latest/APIReference/API_ConnectAction.html).</summary>
internal sealed record ConnectAction(
    [property: JsonPropertyName("InstanceARN")] string? InstanceARN,
    [property: JsonPropertyName("IAMRoleARN")] string? IAMRoleARN);

/// <summary>Input of <c>CreateReceiptRule</c>.</summary>
internal sealed record CreateReceiptRuleRequest(
    [property: JsonPropertyName("RuleSetName")] string? RuleSetName,
    [property: JsonPropertyName("After")] string? After,
    [property: JsonPropertyName("Rule")] ReceiptRule? Rule);

/// <summary>Input of <c>UpdateReceiptRule</c>.</summary>
internal sealed record UpdateReceiptRuleRequest(
    [property: JsonPropertyName("RuleSetName")] string? RuleSetName,
    [property: JsonPropertyName("Rule")] ReceiptRule? Rule);

/// <summary>Input of <c>DeleteReceiptRule</c> and <c>DescribeReceiptRule</c>.</summary>
internal sealed record RuleRequest(
    [property: JsonPropertyName("RuleSetName")] string? RuleSetName,
    [property: JsonPropertyName("RuleName")] string? RuleName);

/// <summary>Output of <c>DescribeReceiptRule</c>.</summary>
internal sealed record DescribeReceiptRuleResult([property: JsonPropertyName("Rule")] ReceiptRule Rule);

/// <summary>Input of <c>SetReceiptRulePosition</c>.</summary>
internal sealed record SetReceiptRulePositionRequest(
    [property: JsonPropertyName("RuleSetName")] string? RuleSetName,
    [property: JsonPropertyName("RuleName")] string? RuleName,
    [property: JsonPropertyName("After")] string? After);

/// <summary>A raw MIME message, base64 in <c>Data</c>.</summary>
internal sealed record RawMessage([property: JsonPropertyName("Data")] string? Data);

/// <summary>Input of <c>SendRawEmail</c> (tags are not read; the sending-authorization ARNs are refused).</summary>
internal sealed record SendRawEmailRequest(
    [property: JsonPropertyName("Source")] string? Source,
    [property: JsonPropertyName("Destinations")] IReadOnlyList<string>? Destinations,
    [property: JsonPropertyName("RawMessage")] RawMessage? RawMessage,
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName = null,
    [property: JsonPropertyName("SourceArn")] string? SourceArn = null,
    [property: JsonPropertyName("FromArn")] string? FromArn = null,
    [property: JsonPropertyName("ReturnPathArn")] string? ReturnPathArn = null);

/// <summary>Recipients of <c>SendEmail</c>.</summary>
internal sealed record Destination(
    [property: JsonPropertyName("ToAddresses")] IReadOnlyList<string>? ToAddresses,
    [property: JsonPropertyName("CcAddresses")] IReadOnlyList<string>? CcAddresses,
    [property: JsonPropertyName("BccAddresses")] IReadOnlyList<string>? BccAddresses);

/// <summary>Text with its charset.</summary>
internal sealed record Content(
    [property: JsonPropertyName("Data")] string? Data,
    [property: JsonPropertyName("Charset")] string? Charset);

/// <summary>A text and/or an HTML body.</summary>
internal sealed record Body(
    [property: JsonPropertyName("Text")] Content? Text,
    [property: JsonPropertyName("Html")] Content? Html);

/// <summary>The subject and body of <c>SendEmail</c>.</summary>
internal sealed record Message(
    [property: JsonPropertyName("Subject")] Content? Subject,
    [property: JsonPropertyName("Body")] Body? Body);

/// <summary>Input of <c>SendEmail</c> (tags and <c>ReturnPath</c> are not read; the sending-authorization ARNs are refused).</summary>
internal sealed record SendEmailRequest(
    [property: JsonPropertyName("Source")] string? Source,
    [property: JsonPropertyName("Destination")] Destination? Destination,
    [property: JsonPropertyName("Message")] Message? Message,
    [property: JsonPropertyName("ReplyToAddresses")] IReadOnlyList<string>? ReplyToAddresses,
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName = null,
    [property: JsonPropertyName("SourceArn")] string? SourceArn = null,
    [property: JsonPropertyName("ReturnPathArn")] string? ReturnPathArn = null);

/// <summary>The per-message fields of a bounce's DSN (RFC 3464 section 2.2).</summary>
internal sealed record MessageDsn(
    [property: JsonPropertyName("ReportingMta")] string? ReportingMta,
    [property: JsonPropertyName("ArrivalDate")] string? ArrivalDate);

/// <summary>The per-recipient fields of a bounce's DSN (RFC 3464 section 2.3).</summary>
internal sealed record RecipientDsnFields(
    [property: JsonPropertyName("Action")] string? Action,
    [property: JsonPropertyName("Status")] string? Status,
    [property: JsonPropertyName("DiagnosticCode")] string? DiagnosticCode);

/// <summary>One bounced recipient of <c>SendBounce</c>.</summary>
internal sealed record BouncedRecipientInfo(
    [property: JsonPropertyName("Recipient")] string? Recipient,
    [property: JsonPropertyName("BounceType")] string? BounceType,
    [property: JsonPropertyName("RecipientDsnFields")] RecipientDsnFields? RecipientDsnFields);

/// <summary>Input of <c>SendBounce</c>.</summary>
internal sealed record SendBounceRequest(
    [property: JsonPropertyName("OriginalMessageId")] string? OriginalMessageId,
    [property: JsonPropertyName("BounceSender")] string? BounceSender,
    [property: JsonPropertyName("Explanation")] string? Explanation,
    [property: JsonPropertyName("MessageDsn")] MessageDsn? MessageDsn,
    [property: JsonPropertyName("BouncedRecipientInfoList")] IReadOnlyList<BouncedRecipientInfo>? BouncedRecipientInfoList);

/// <summary>Output of <c>SendRawEmail</c>, <c>SendEmail</c> and <c>SendBounce</c>.</summary>
internal sealed record MessageIdResult([property: JsonPropertyName("MessageId")] string MessageId);

/// <summary>A configuration set as SES v1 names it (https://docs.aws.amazon.com/ses/latest/APIReference/API_ConfigurationSet.html).</summary>
internal sealed record ConfigurationSetShape([property: JsonPropertyName("Name")] string? Name);

/// <summary>Input of <c>CreateConfigurationSet</c>.</summary>
internal sealed record CreateConfigurationSetRequest([property: JsonPropertyName("ConfigurationSet")] ConfigurationSetShape? ConfigurationSet);

/// <summary>Input of <c>DeleteConfigurationSet</c>.</summary>
internal sealed record ConfigurationSetNameRequest([property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName);

/// <summary>Input of <c>DescribeConfigurationSet</c>.</summary>
internal sealed record DescribeConfigurationSetRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("ConfigurationSetAttributeNames")] IReadOnlyList<string>? ConfigurationSetAttributeNames);

/// <summary>A set's reputation options (https://docs.aws.amazon.com/ses/latest/APIReference/API_ReputationOptions.html).</summary>
internal sealed record ReputationOptionsShape(
    [property: JsonPropertyName("SendingEnabled")] bool SendingEnabled,
    [property: JsonPropertyName("ReputationMetricsEnabled")] bool ReputationMetricsEnabled);

/// <summary>Output of <c>DescribeConfigurationSet</c>: the attributes asked for.</summary>
internal sealed record DescribeConfigurationSetResult(
    [property: JsonPropertyName("ConfigurationSet")] ConfigurationSetShape ConfigurationSet,
    [property: JsonPropertyName("EventDestinations")] IReadOnlyList<EventDestinationShape>? EventDestinations,
    [property: JsonPropertyName("ReputationOptions")] ReputationOptionsShape? ReputationOptions);

/// <summary>Input of <c>ListConfigurationSets</c>.</summary>
internal sealed record ListConfigurationSetsRequest(
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("MaxItems")] int? MaxItems);

/// <summary>Output of <c>ListConfigurationSets</c>.</summary>
internal sealed record ListConfigurationSetsResult(
    [property: JsonPropertyName("ConfigurationSets")] IReadOnlyList<ConfigurationSetShape> ConfigurationSets,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>UpdateConfigurationSetSendingEnabled</c> and <c>UpdateConfigurationSetReputationMetricsEnabled</c>.</summary>
internal sealed record UpdateConfigurationSetFlagRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("Enabled")] bool? Enabled);

/// <summary>An SNS event destination (https://docs.aws.amazon.com/ses/latest/APIReference/API_SNSDestination.html).</summary>
internal sealed record SnsDestinationShape([property: JsonPropertyName("TopicARN")] string? TopicARN);

/// <summary>
/// An event destination (https://docs.aws.amazon.com/ses/latest/APIReference/API_EventDestination.html); the CloudWatch
/// and Firehose members are read only to refuse them.
/// </summary>
internal sealed record EventDestinationShape(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Enabled")] bool? Enabled,
    [property: JsonPropertyName("MatchingEventTypes")] IReadOnlyList<string>? MatchingEventTypes,
    [property: JsonPropertyName("SNSDestination")] SnsDestinationShape? SNSDestination,
    [property: JsonPropertyName("CloudWatchDestination")] JsonElement? CloudWatchDestination,
    [property: JsonPropertyName("KinesisFirehoseDestination")] JsonElement? KinesisFirehoseDestination);

/// <summary>Input of <c>CreateConfigurationSetEventDestination</c> and <c>UpdateConfigurationSetEventDestination</c>.</summary>
internal sealed record ConfigurationSetEventDestinationRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("EventDestination")] EventDestinationShape? EventDestination);

/// <summary>Input of <c>DeleteConfigurationSetEventDestination</c>.</summary>
internal sealed record DeleteConfigurationSetEventDestinationRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("EventDestinationName")] string? EventDestinationName);

/// <summary>Writes a timestamp as SES does: ISO 8601 UTC with milliseconds (<c>2026-01-02T03:04:05.000Z</c>).</summary>
internal sealed class SesTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("Expected a timestamp."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}

/// <summary>Writes a number with at least one decimal (<c>200.0</c>), as SES writes its quota figures.</summary>
internal sealed class OneDecimalConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.ToString("0.0###############", CultureInfo.InvariantCulture));
}

/// <summary>Source-generated serialization of every SES shape (Query leaves arrive as strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(VerifyEmailIdentityRequest))]
[JsonSerializable(typeof(VerifyDomainIdentityRequest))]
[JsonSerializable(typeof(VerifyDomainIdentityResult))]
[JsonSerializable(typeof(DeleteIdentityRequest))]
[JsonSerializable(typeof(ListIdentitiesRequest))]
[JsonSerializable(typeof(ListIdentitiesResult))]
[JsonSerializable(typeof(GetIdentityVerificationAttributesRequest))]
[JsonSerializable(typeof(GetIdentityVerificationAttributesResult))]
[JsonSerializable(typeof(GetSendQuotaRequest))]
[JsonSerializable(typeof(GetSendQuotaResult))]
[JsonSerializable(typeof(RuleSetRequest))]
[JsonSerializable(typeof(DescribeReceiptRuleSetResult))]
[JsonSerializable(typeof(ListReceiptRuleSetsRequest))]
[JsonSerializable(typeof(ListReceiptRuleSetsResult))]
[JsonSerializable(typeof(DescribeActiveReceiptRuleSetRequest))]
[JsonSerializable(typeof(ReceiptAction))]
[JsonSerializable(typeof(CreateReceiptRuleRequest))]
[JsonSerializable(typeof(UpdateReceiptRuleRequest))]
[JsonSerializable(typeof(RuleRequest))]
[JsonSerializable(typeof(DescribeReceiptRuleResult))]
[JsonSerializable(typeof(SetReceiptRulePositionRequest))]
[JsonSerializable(typeof(SendRawEmailRequest))]
[JsonSerializable(typeof(SendEmailRequest))]
[JsonSerializable(typeof(SendBounceRequest))]
[JsonSerializable(typeof(MessageIdResult))]
[JsonSerializable(typeof(CreateConfigurationSetRequest))]
[JsonSerializable(typeof(ConfigurationSetNameRequest))]
[JsonSerializable(typeof(DescribeConfigurationSetRequest))]
[JsonSerializable(typeof(DescribeConfigurationSetResult))]
[JsonSerializable(typeof(ListConfigurationSetsRequest))]
[JsonSerializable(typeof(ListConfigurationSetsResult))]
[JsonSerializable(typeof(UpdateConfigurationSetFlagRequest))]
[JsonSerializable(typeof(ConfigurationSetEventDestinationRequest))]
[JsonSerializable(typeof(DeleteConfigurationSetEventDestinationRequest))]
internal sealed partial class SesApiJsonContext : JsonSerializerContext;
