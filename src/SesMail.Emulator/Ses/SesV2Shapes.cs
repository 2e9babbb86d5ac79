using System.Text.Json;
using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

// SESv2 shapes (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Operations.html), read from the REST-JSON
// body and path and written back as JSON. Member names are AWS's.

/// <summary>Reputation options of a configuration set.</summary>
internal sealed record V2ReputationOptions(
    [property: JsonPropertyName("ReputationMetricsEnabled")] bool? ReputationMetricsEnabled,
    [property: JsonPropertyName("LastFreshStart")] double? LastFreshStart = null);

/// <summary>Sending options of a configuration set.</summary>
internal sealed record V2SendingOptions([property: JsonPropertyName("SendingEnabled")] bool? SendingEnabled);

/// <summary>A tag.</summary>
internal sealed record V2Tag([property: JsonPropertyName("Key")] string? Key, [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>CreateConfigurationSet</c>; tracking, delivery, suppression and VDM options are refused.</summary>
internal sealed record V2CreateConfigurationSetRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("ReputationOptions")] V2ReputationOptions? ReputationOptions,
    [property: JsonPropertyName("SendingOptions")] V2SendingOptions? SendingOptions,
    [property: JsonPropertyName("Tags")] IReadOnlyList<V2Tag>? Tags,
    [property: JsonPropertyName("TrackingOptions")] JsonElement? TrackingOptions,
    [property: JsonPropertyName("DeliveryOptions")] JsonElement? DeliveryOptions,
    [property: JsonPropertyName("SuppressionOptions")] JsonElement? SuppressionOptions,
    [property: JsonPropertyName("VdmOptions")] JsonElement? VdmOptions);

/// <summary>Input of the operations on one configuration set (path <c>{ConfigurationSetName}</c>).</summary>
internal sealed record V2ConfigurationSetRequest([property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName);

/// <summary>Output of <c>GetConfigurationSet</c>.</summary>
internal sealed record V2GetConfigurationSetResult(
    [property: JsonPropertyName("ConfigurationSetName")] string ConfigurationSetName,
    [property: JsonPropertyName("ReputationOptions")] V2ReputationOptions ReputationOptions,
    [property: JsonPropertyName("SendingOptions")] V2SendingOptions SendingOptions,
    [property: JsonPropertyName("Tags")] IReadOnlyList<V2Tag> Tags);

/// <summary>Input of <c>ListConfigurationSets</c> and <c>ListEmailIdentities</c> (query <c>NextToken</c>, <c>PageSize</c>).</summary>
internal sealed record V2ListRequest(
    [property: JsonPropertyName("NextToken")] string? NextToken,
    [property: JsonPropertyName("PageSize")] int? PageSize);

/// <summary>Output of <c>ListConfigurationSets</c>.</summary>
internal sealed record V2ListConfigurationSetsResult(
    [property: JsonPropertyName("ConfigurationSets")] IReadOnlyList<string> ConfigurationSets,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>An SNS event destination.</summary>
internal sealed record V2SnsDestination([property: JsonPropertyName("TopicArn")] string? TopicArn);

/// <summary>
/// An event destination's definition (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestinationDefinition.html);
/// the CloudWatch, Firehose, Pinpoint and EventBridge members are read only to refuse them.
/// </summary>
internal sealed record V2EventDestinationDefinition(
    [property: JsonPropertyName("Enabled")] bool? Enabled,
    [property: JsonPropertyName("MatchingEventTypes")] IReadOnlyList<string>? MatchingEventTypes,
    [property: JsonPropertyName("SnsDestination")] V2SnsDestination? SnsDestination,
    [property: JsonPropertyName("CloudWatchDestination")] JsonElement? CloudWatchDestination = null,
    [property: JsonPropertyName("KinesisFirehoseDestination")] JsonElement? KinesisFirehoseDestination = null,
    [property: JsonPropertyName("PinpointDestination")] JsonElement? PinpointDestination = null,
    [property: JsonPropertyName("EventBridgeDestination")] JsonElement? EventBridgeDestination = null);

/// <summary>Input of <c>CreateConfigurationSetEventDestination</c> and <c>UpdateConfigurationSetEventDestination</c>.</summary>
internal sealed record V2EventDestinationRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("EventDestinationName")] string? EventDestinationName,
    [property: JsonPropertyName("EventDestination")] V2EventDestinationDefinition? EventDestination);

/// <summary>Input of <c>DeleteConfigurationSetEventDestination</c>.</summary>
internal sealed record V2EventDestinationNameRequest(
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("EventDestinationName")] string? EventDestinationName);

/// <summary>One event destination as <c>GetConfigurationSetEventDestinations</c> lists it.</summary>
internal sealed record V2EventDestination(
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Enabled")] bool Enabled,
    [property: JsonPropertyName("MatchingEventTypes")] IReadOnlyList<string> MatchingEventTypes,
    [property: JsonPropertyName("SnsDestination")] V2SnsDestination SnsDestination);

/// <summary>Output of <c>GetConfigurationSetEventDestinations</c>.</summary>
internal sealed record V2GetEventDestinationsResult([property: JsonPropertyName("EventDestinations")] IReadOnlyList<V2EventDestination> EventDestinations);

/// <summary>Input of <c>CreateEmailIdentity</c> (DKIM signing attributes are refused).</summary>
internal sealed record V2CreateEmailIdentityRequest(
    [property: JsonPropertyName("EmailIdentity")] string? EmailIdentity,
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("Tags")] IReadOnlyList<V2Tag>? Tags,
    [property: JsonPropertyName("DkimSigningAttributes")] JsonElement? DkimSigningAttributes);

/// <summary>DKIM attributes of an identity (always Easy DKIM, verified at once).</summary>
internal sealed record V2DkimAttributes(
    [property: JsonPropertyName("SigningEnabled")] bool SigningEnabled,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("Tokens")] IReadOnlyList<string> Tokens,
    [property: JsonPropertyName("SigningAttributesOrigin")] string SigningAttributesOrigin);

/// <summary>Output of <c>CreateEmailIdentity</c>.</summary>
internal sealed record V2CreateEmailIdentityResult(
    [property: JsonPropertyName("IdentityType")] string IdentityType,
    [property: JsonPropertyName("VerifiedForSendingStatus")] bool VerifiedForSendingStatus,
    [property: JsonPropertyName("DkimAttributes")] V2DkimAttributes DkimAttributes);

/// <summary>Input of the operations on one identity (path <c>{EmailIdentity}</c>).</summary>
internal sealed record V2EmailIdentityRequest([property: JsonPropertyName("EmailIdentity")] string? EmailIdentity);

/// <summary>Output of <c>GetEmailIdentity</c>.</summary>
internal sealed record V2GetEmailIdentityResult(
    [property: JsonPropertyName("IdentityType")] string IdentityType,
    [property: JsonPropertyName("FeedbackForwardingStatus")] bool FeedbackForwardingStatus,
    [property: JsonPropertyName("VerifiedForSendingStatus")] bool VerifiedForSendingStatus,
    [property: JsonPropertyName("VerificationStatus")] string VerificationStatus,
    [property: JsonPropertyName("DkimAttributes")] V2DkimAttributes DkimAttributes,
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("Tags")] IReadOnlyList<V2Tag> Tags);

/// <summary>One identity as <c>ListEmailIdentities</c> lists it.</summary>
internal sealed record V2IdentityInfo(
    [property: JsonPropertyName("IdentityType")] string IdentityType,
    [property: JsonPropertyName("IdentityName")] string IdentityName,
    [property: JsonPropertyName("SendingEnabled")] bool SendingEnabled,
    [property: JsonPropertyName("VerificationStatus")] string VerificationStatus);

/// <summary>Output of <c>ListEmailIdentities</c>.</summary>
internal sealed record V2ListEmailIdentitiesResult(
    [property: JsonPropertyName("EmailIdentities")] IReadOnlyList<V2IdentityInfo> EmailIdentities,
    [property: JsonPropertyName("NextToken")] string? NextToken);

/// <summary>Input of <c>PutEmailIdentityConfigurationSetAttributes</c>: the identity's default set, or none.</summary>
internal sealed record V2PutIdentityConfigurationSetRequest(
    [property: JsonPropertyName("EmailIdentity")] string? EmailIdentity,
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName);

/// <summary>Text with its charset.</summary>
internal sealed record V2Content(
    [property: JsonPropertyName("Data")] string? Data,
    [property: JsonPropertyName("Charset")] string? Charset);

/// <summary>Text and/or HTML body.</summary>
internal sealed record V2Body(
    [property: JsonPropertyName("Text")] V2Content? Text,
    [property: JsonPropertyName("Html")] V2Content? Html);

/// <summary>Simple content: subject and body, SES builds the MIME message.</summary>
internal sealed record V2Message(
    [property: JsonPropertyName("Subject")] V2Content? Subject,
    [property: JsonPropertyName("Body")] V2Body? Body);

/// <summary>Raw content: the MIME message, base64 in <c>Data</c>.</summary>
internal sealed record V2RawMessage([property: JsonPropertyName("Data")] string? Data);

/// <summary>The content of <c>SendEmail</c>: exactly one of simple, raw or template (templates are refused).</summary>
internal sealed record V2EmailContent(
    [property: JsonPropertyName("Simple")] V2Message? Simple,
    [property: JsonPropertyName("Raw")] V2RawMessage? Raw,
    [property: JsonPropertyName("Template")] JsonElement? Template);

/// <summary>Recipients of <c>SendEmail</c>.</summary>
internal sealed record V2Destination(
    [property: JsonPropertyName("ToAddresses")] IReadOnlyList<string>? ToAddresses,
    [property: JsonPropertyName("CcAddresses")] IReadOnlyList<string>? CcAddresses,
    [property: JsonPropertyName("BccAddresses")] IReadOnlyList<string>? BccAddresses);

/// <summary>Input of <c>SendEmail</c> (v2); sending authorization ARNs, list management and tags are not read.</summary>
internal sealed record V2SendEmailRequest(
    [property: JsonPropertyName("FromEmailAddress")] string? FromEmailAddress,
    [property: JsonPropertyName("Destination")] V2Destination? Destination,
    [property: JsonPropertyName("ReplyToAddresses")] IReadOnlyList<string>? ReplyToAddresses,
    [property: JsonPropertyName("Content")] V2EmailContent? Content,
    [property: JsonPropertyName("ConfigurationSetName")] string? ConfigurationSetName,
    [property: JsonPropertyName("FromEmailAddressIdentityArn")] string? FromEmailAddressIdentityArn);

/// <summary>Output of <c>SendEmail</c> (v2).</summary>
internal sealed record V2SendEmailResult([property: JsonPropertyName("MessageId")] string MessageId);

/// <summary>Input of <c>GetAccount</c> (no members).</summary>
internal sealed record V2GetAccountRequest;

/// <summary>The account's sending quota.</summary>
internal sealed record V2SendQuota(
    [property: JsonPropertyName("Max24HourSend")] double Max24HourSend,
    [property: JsonPropertyName("MaxSendRate")] double MaxSendRate,
    [property: JsonPropertyName("SentLast24Hours")] double SentLast24Hours);

/// <summary>Output of <c>GetAccount</c>.</summary>
internal sealed record V2GetAccountResult(
    [property: JsonPropertyName("SendQuota")] V2SendQuota SendQuota,
    [property: JsonPropertyName("SendingEnabled")] bool SendingEnabled,
    [property: JsonPropertyName("ProductionAccessEnabled")] bool ProductionAccessEnabled,
    [property: JsonPropertyName("EnforcementStatus")] string EnforcementStatus,
    [property: JsonPropertyName("DedicatedIpAutoWarmupEnabled")] bool DedicatedIpAutoWarmupEnabled);

/// <summary>Source-generated serialization of every SESv2 shape.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(V2CreateConfigurationSetRequest))]
[JsonSerializable(typeof(V2ConfigurationSetRequest))]
[JsonSerializable(typeof(V2GetConfigurationSetResult))]
[JsonSerializable(typeof(V2ListRequest))]
[JsonSerializable(typeof(V2ListConfigurationSetsResult))]
[JsonSerializable(typeof(V2EventDestinationRequest))]
[JsonSerializable(typeof(V2EventDestinationNameRequest))]
[JsonSerializable(typeof(V2GetEventDestinationsResult))]
[JsonSerializable(typeof(V2CreateEmailIdentityRequest))]
[JsonSerializable(typeof(V2CreateEmailIdentityResult))]
[JsonSerializable(typeof(V2EmailIdentityRequest))]
[JsonSerializable(typeof(V2GetEmailIdentityResult))]
[JsonSerializable(typeof(V2ListEmailIdentitiesResult))]
[JsonSerializable(typeof(V2PutIdentityConfigurationSetRequest))]
[JsonSerializable(typeof(V2SendEmailRequest))]
[JsonSerializable(typeof(V2SendEmailResult))]
[JsonSerializable(typeof(V2GetAccountRequest))]
[JsonSerializable(typeof(V2GetAccountResult))]
internal sealed partial class SesV2JsonContext : JsonSerializerContext;
