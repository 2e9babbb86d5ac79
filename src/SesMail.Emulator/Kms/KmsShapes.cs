using System.Text.Json.Serialization;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Kms;

// KMS shapes (https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html). Blobs travel as base64;
// timestamps as epoch seconds with a fraction (JSON 1.1).

/// <summary>A resource tag.</summary>
internal sealed record KmsTag([property: JsonPropertyName("TagKey")] string? TagKey, [property: JsonPropertyName("TagValue")] string? TagValue);

/// <summary>Input of <c>CreateKey</c>.</summary>
internal sealed record CreateKeyRequest(
    [property: JsonPropertyName("Description")] string? Description,
    [property: JsonPropertyName("KeyUsage")] string? KeyUsage,
    [property: JsonPropertyName("KeySpec")] string? KeySpec,
    [property: JsonPropertyName("CustomerMasterKeySpec")] string? CustomerMasterKeySpec,
    [property: JsonPropertyName("Origin")] string? Origin,
    [property: JsonPropertyName("MultiRegion")] bool? MultiRegion,
    [property: JsonPropertyName("Tags")] IReadOnlyList<KmsTag>? Tags);

/// <summary>Key metadata (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html).</summary>
internal sealed record KeyMetadata(
    [property: JsonPropertyName("AWSAccountId")] string AWSAccountId,
    [property: JsonPropertyName("KeyId")] string KeyId,
    [property: JsonPropertyName("Arn")] string Arn,
    [property: JsonPropertyName("CreationDate")] double CreationDate,
    [property: JsonPropertyName("Enabled")] bool Enabled,
    [property: JsonPropertyName("Description")] string Description,
    [property: JsonPropertyName("KeyUsage")] string KeyUsage,
    [property: JsonPropertyName("KeyState")] string KeyState,
    [property: JsonPropertyName("DeletionDate")] double? DeletionDate,
    [property: JsonPropertyName("Origin")] string Origin,
    [property: JsonPropertyName("KeyManager")] string KeyManager,
    [property: JsonPropertyName("CustomerMasterKeySpec")] string CustomerMasterKeySpec,
    [property: JsonPropertyName("KeySpec")] string KeySpec,
    [property: JsonPropertyName("EncryptionAlgorithms")] IReadOnlyList<string> EncryptionAlgorithms,
    [property: JsonPropertyName("MultiRegion")] bool MultiRegion);

/// <summary>Output of <c>CreateKey</c> and <c>DescribeKey</c>.</summary>
internal sealed record KeyMetadataResult([property: JsonPropertyName("KeyMetadata")] KeyMetadata KeyMetadata);

/// <summary>Input of operations that name a key (<c>DescribeKey</c>, <c>EnableKey</c>, <c>DisableKey</c>, <c>CancelKeyDeletion</c>).</summary>
internal sealed record KeyRequest([property: JsonPropertyName("KeyId")] string? KeyId);

/// <summary>Output of <c>CancelKeyDeletion</c>.</summary>
internal sealed record KeyIdResult([property: JsonPropertyName("KeyId")] string KeyId);

/// <summary>Input of <c>ScheduleKeyDeletion</c>.</summary>
internal sealed record ScheduleKeyDeletionRequest(
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("PendingWindowInDays")] int? PendingWindowInDays);

/// <summary>Output of <c>ScheduleKeyDeletion</c>.</summary>
internal sealed record ScheduleKeyDeletionResult(
    [property: JsonPropertyName("KeyId")] string KeyId,
    [property: JsonPropertyName("DeletionDate")] double DeletionDate,
    [property: JsonPropertyName("KeyState")] string KeyState,
    [property: JsonPropertyName("PendingWindowInDays")] int PendingWindowInDays);

/// <summary>Input of <c>CreateAlias</c>.</summary>
internal sealed record CreateAliasRequest(
    [property: JsonPropertyName("AliasName")] string? AliasName,
    [property: JsonPropertyName("TargetKeyId")] string? TargetKeyId);

/// <summary>Input of <c>DeleteAlias</c>.</summary>
internal sealed record DeleteAliasRequest([property: JsonPropertyName("AliasName")] string? AliasName);

/// <summary>Input of <c>ListAliases</c>.</summary>
internal sealed record ListAliasesRequest(
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("Limit")] int? Limit,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>One alias (https://docs.aws.amazon.com/kms/latest/APIReference/API_AliasListEntry.html).</summary>
internal sealed record AliasListEntry(
    [property: JsonPropertyName("AliasName")] string AliasName,
    [property: JsonPropertyName("AliasArn")] string AliasArn,
    [property: JsonPropertyName("TargetKeyId")] string TargetKeyId,
    [property: JsonPropertyName("CreationDate")] double CreationDate,
    [property: JsonPropertyName("LastUpdatedDate")] double LastUpdatedDate);

/// <summary>Output of <c>ListAliases</c>.</summary>
internal sealed record ListAliasesResult(
    [property: JsonPropertyName("Aliases")] IReadOnlyList<AliasListEntry> Aliases,
    [property: JsonPropertyName("NextMarker")] string? NextMarker,
    [property: JsonPropertyName("Truncated")] bool Truncated);

/// <summary>Input of <c>ListKeys</c> (https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html).</summary>
internal sealed record ListKeysRequest(
    [property: JsonPropertyName("Limit")] int? Limit,
    [property: JsonPropertyName("Marker")] string? Marker);

/// <summary>One key of <c>ListKeys</c> (https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyListEntry.html).</summary>
internal sealed record KeyListEntry(
    [property: JsonPropertyName("KeyId")] string KeyId,
    [property: JsonPropertyName("KeyArn")] string KeyArn);

/// <summary>Output of <c>ListKeys</c>.</summary>
internal sealed record ListKeysResult(
    [property: JsonPropertyName("Keys")] IReadOnlyList<KeyListEntry> Keys,
    [property: JsonPropertyName("NextMarker")] string? NextMarker,
    [property: JsonPropertyName("Truncated")] bool Truncated);

/// <summary>Input of <c>GenerateRandom</c> (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html).</summary>
internal sealed record GenerateRandomRequest([property: JsonPropertyName("NumberOfBytes")] int? NumberOfBytes);

/// <summary>Output of <c>GenerateRandom</c>: the bytes, base64 on the wire.</summary>
internal sealed record GenerateRandomResult([property: JsonPropertyName("Plaintext")] byte[] Plaintext);

/// <summary>Input of <c>Encrypt</c>.</summary>
internal sealed record EncryptRequest(
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("Plaintext")] byte[]? Plaintext,
    [property: JsonPropertyName("EncryptionContext")] Dictionary<string, string>? EncryptionContext,
    [property: JsonPropertyName("EncryptionAlgorithm")] string? EncryptionAlgorithm);

/// <summary>Output of <c>Encrypt</c>.</summary>
internal sealed record EncryptResult(
    [property: JsonPropertyName("CiphertextBlob")] byte[] CiphertextBlob,
    [property: JsonPropertyName("KeyId")] string KeyId,
    [property: JsonPropertyName("EncryptionAlgorithm")] string EncryptionAlgorithm);

/// <summary>Input of <c>Decrypt</c>.</summary>
internal sealed record DecryptRequest(
    [property: JsonPropertyName("CiphertextBlob")] byte[]? CiphertextBlob,
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("EncryptionContext")] Dictionary<string, string>? EncryptionContext,
    [property: JsonPropertyName("EncryptionAlgorithm")] string? EncryptionAlgorithm);

/// <summary>Output of <c>Decrypt</c>.</summary>
internal sealed record DecryptResult(
    [property: JsonPropertyName("KeyId")] string KeyId,
    [property: JsonPropertyName("Plaintext")] byte[] Plaintext,
    [property: JsonPropertyName("EncryptionAlgorithm")] string EncryptionAlgorithm);

/// <summary>Input of <c>GenerateDataKey</c> and <c>GenerateDataKeyWithoutPlaintext</c>.</summary>
internal sealed record GenerateDataKeyRequest(
    [property: JsonPropertyName("KeyId")] string? KeyId,
    [property: JsonPropertyName("KeySpec")] string? KeySpec,
    [property: JsonPropertyName("NumberOfBytes")] int? NumberOfBytes,
    [property: JsonPropertyName("EncryptionContext")] Dictionary<string, string>? EncryptionContext);

/// <summary>Output of <c>GenerateDataKey</c> (no <c>Plaintext</c> for the WithoutPlaintext variant).</summary>
internal sealed record GenerateDataKeyResult(
    [property: JsonPropertyName("CiphertextBlob")] byte[] CiphertextBlob,
    [property: JsonPropertyName("Plaintext")] byte[]? Plaintext,
    [property: JsonPropertyName("KeyId")] string KeyId);

/// <summary>What the data directory keeps for one key: its metadata and its secret material (base64).</summary>
internal sealed record KmsKeyFile(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("metadata")] KeyMetadata Metadata,
    [property: JsonPropertyName("material")] byte[] Material);

/// <summary>What the data directory keeps for one alias.</summary>
internal sealed record KmsAliasFile(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("alias")] AliasListEntry Alias);

/// <summary>Source-generated serialization of every KMS shape and stored file.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString, Converters = [typeof(LenientBooleanConverter)])]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(KeyMetadataResult))]
[JsonSerializable(typeof(KeyRequest))]
[JsonSerializable(typeof(KeyIdResult))]
[JsonSerializable(typeof(ScheduleKeyDeletionRequest))]
[JsonSerializable(typeof(ScheduleKeyDeletionResult))]
[JsonSerializable(typeof(CreateAliasRequest))]
[JsonSerializable(typeof(DeleteAliasRequest))]
[JsonSerializable(typeof(ListAliasesRequest))]
[JsonSerializable(typeof(ListAliasesResult))]
[JsonSerializable(typeof(GenerateRandomRequest))]
[JsonSerializable(typeof(GenerateRandomResult))]
[JsonSerializable(typeof(ListKeysRequest))]
[JsonSerializable(typeof(ListKeysResult))]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(EncryptResult))]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(DecryptResult))]
[JsonSerializable(typeof(GenerateDataKeyRequest))]
[JsonSerializable(typeof(GenerateDataKeyResult))]
[JsonSerializable(typeof(KmsKeyFile))]
[JsonSerializable(typeof(KmsAliasFile))]
internal sealed partial class KmsJsonContext : JsonSerializerContext;
