using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sts;

// Shapes of the STS API, version 2011-06-15 (https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html).

/// <summary>A session tag or policy ARN entry, refused when present (not emulated).</summary>
internal sealed record StsTag(
    [property: JsonPropertyName("Key")] string? Key,
    [property: JsonPropertyName("Value")] string? Value);

/// <summary>Input of <c>AssumeRole</c>.</summary>
internal sealed record AssumeRoleRequest(
    [property: JsonPropertyName("RoleArn")] string? RoleArn,
    [property: JsonPropertyName("RoleSessionName")] string? RoleSessionName,
    [property: JsonPropertyName("DurationSeconds")] int? DurationSeconds,
    [property: JsonPropertyName("Policy")] string? Policy,
    [property: JsonPropertyName("PolicyArns")] IReadOnlyList<StsTag>? PolicyArns,
    [property: JsonPropertyName("Tags")] IReadOnlyList<StsTag>? Tags,
    [property: JsonPropertyName("ExternalId")] string? ExternalId,
    [property: JsonPropertyName("SourceIdentity")] string? SourceIdentity,
    [property: JsonPropertyName("SerialNumber")] string? SerialNumber);

/// <summary>Temporary credentials (https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html).</summary>
internal sealed record CredentialsShape(
    [property: JsonPropertyName("AccessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("SecretAccessKey")] string SecretAccessKey,
    [property: JsonPropertyName("SessionToken")] string SessionToken,
    [property: JsonPropertyName("Expiration")] string Expiration);

/// <summary>The role session (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumedRoleUser.html).</summary>
internal sealed record AssumedRoleUserShape(
    [property: JsonPropertyName("AssumedRoleId")] string AssumedRoleId,
    [property: JsonPropertyName("Arn")] string Arn);

/// <summary>Output of <c>AssumeRole</c>.</summary>
internal sealed record AssumeRoleResult(
    [property: JsonPropertyName("Credentials")] CredentialsShape Credentials,
    [property: JsonPropertyName("AssumedRoleUser")] AssumedRoleUserShape AssumedRoleUser,
    [property: JsonPropertyName("PackedPolicySize")] int PackedPolicySize,
    [property: JsonPropertyName("SourceIdentity")] string? SourceIdentity);

/// <summary>Input of <c>GetSessionToken</c>.</summary>
internal sealed record GetSessionTokenRequest(
    [property: JsonPropertyName("DurationSeconds")] int? DurationSeconds,
    [property: JsonPropertyName("SerialNumber")] string? SerialNumber,
    [property: JsonPropertyName("TokenCode")] string? TokenCode);

/// <summary>Output of <c>GetSessionToken</c>.</summary>
internal sealed record GetSessionTokenResult([property: JsonPropertyName("Credentials")] CredentialsShape Credentials);

/// <summary>Output of <c>GetCallerIdentity</c>.</summary>
internal sealed record GetCallerIdentityResult(
    [property: JsonPropertyName("UserId")] string UserId,
    [property: JsonPropertyName("Account")] string Account,
    [property: JsonPropertyName("Arn")] string Arn);

/// <summary>Source-generated serialization of every STS shape (Query leaves arrive as strings).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(AssumeRoleRequest))]
[JsonSerializable(typeof(AssumeRoleResult))]
[JsonSerializable(typeof(GetSessionTokenRequest))]
[JsonSerializable(typeof(GetSessionTokenResult))]
[JsonSerializable(typeof(GetCallerIdentityResult))]
[JsonSerializable(typeof(CredentialsShape))]
[JsonSerializable(typeof(ServiceCredentialsRequest))]
[JsonSerializable(typeof(ServiceCredentialsError))]
internal sealed partial class StsJsonContext : JsonSerializerContext;
