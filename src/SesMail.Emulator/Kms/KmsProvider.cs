using System.Security.Cryptography;
using System.Text;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Kms;

/// <summary>
/// AWS Key Management Service for symmetric keys, one method per operation
/// (https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html), spoken in JSON 1.1 by
/// <see cref="KmsService"/>. Encryption is real AES-256-GCM under each key's own secret, bound to the encryption
/// context; the ciphertext names its key, so <c>Decrypt</c> needs no <c>KeyId</c>.
/// </summary>
/// <remarks>
/// Ciphertext layout (not AWS's): version byte <c>1</c>, the key id as 16 bytes, a 12-byte nonce, the 16-byte tag,
/// then the encrypted bytes. Not emulated: asymmetric and HMAC keys, imported material, custom key stores,
/// multi-Region keys, key policies and grants (any caller may use any key), key rotation, and the actual deletion
/// at the end of the pending window (a key scheduled for deletion stays <c>PendingDeletion</c>).
/// AWS-managed aliases (<c>alias/aws/…</c>) are not listed.
/// </remarks>
internal sealed class KmsProvider(KmsStore store, TimeProvider time)
{
    private const string SymmetricDefault = "SYMMETRIC_DEFAULT";
    private const byte CiphertextVersion = 1;
    private const int HeaderLength = 1 + 16 + 12 + 16;

    public KeyMetadataResult CreateKey(CreateKeyRequest request, AwsRequestContext context)
    {
        if ((request.KeyUsage ?? "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT")
        {
            throw KmsErrors.Unsupported($"KeyUsage {request.KeyUsage}");
        }

        var spec = request.KeySpec ?? request.CustomerMasterKeySpec ?? SymmetricDefault;
        if (spec != SymmetricDefault)
        {
            throw KmsErrors.Unsupported($"KeySpec {spec}");
        }

        if ((request.Origin ?? "AWS_KMS") != "AWS_KMS" || request.MultiRegion == true)
        {
            throw KmsErrors.Unsupported("Origin other than AWS_KMS, and multi-Region keys,");
        }

        var id = Guid.NewGuid().ToString();
        var metadata = new KeyMetadata(
            context.AccountId, id, $"arn:aws:kms:{context.Region}:{context.AccountId}:key/{id}", Now(), true, request.Description ?? string.Empty,
            "ENCRYPT_DECRYPT", "Enabled", null, "AWS_KMS", "CUSTOMER", SymmetricDefault, SymmetricDefault, [SymmetricDefault], false);
        store.Save(new KmsKeyFile(context.Region, metadata, RandomNumberGenerator.GetBytes(32)));
        return new KeyMetadataResult(metadata);
    }

    public KeyMetadataResult DescribeKey(KeyRequest request, AwsRequestContext context) => new(RequireKey(request.KeyId, context).Metadata);

    public EmptyResult EnableKey(KeyRequest request, AwsRequestContext context)
    {
        var key = RequireKey(request.KeyId, context);
        RequireNotPendingDeletion(key);
        store.Save(key with { Metadata = key.Metadata with { Enabled = true, KeyState = "Enabled" } });
        return EmptyResult.Instance;
    }

    public EmptyResult DisableKey(KeyRequest request, AwsRequestContext context)
    {
        var key = RequireKey(request.KeyId, context);
        RequireNotPendingDeletion(key);
        store.Save(key with { Metadata = key.Metadata with { Enabled = false, KeyState = "Disabled" } });
        return EmptyResult.Instance;
    }

    public ScheduleKeyDeletionResult ScheduleKeyDeletion(ScheduleKeyDeletionRequest request, AwsRequestContext context)
    {
        var key = RequireKey(request.KeyId, context);
        var days = request.PendingWindowInDays ?? 30;
        if (days is < 7 or > 30)
        {
            throw KmsErrors.Validation("PendingWindowInDays must be between 7 and 30.");
        }

        RequireNotPendingDeletion(key);
        var deletion = Now() + (days * 86_400.0);
        store.Save(key with { Metadata = key.Metadata with { Enabled = false, KeyState = "PendingDeletion", DeletionDate = deletion } });
        return new ScheduleKeyDeletionResult(key.Metadata.Arn, deletion, "PendingDeletion", days);
    }

    public KeyIdResult CancelKeyDeletion(KeyRequest request, AwsRequestContext context)
    {
        var key = RequireKey(request.KeyId, context);
        if (key.Metadata.KeyState != "PendingDeletion")
        {
            throw KmsErrors.InvalidState(key.Metadata.Arn, key.Metadata.KeyState);
        }

        store.Save(key with { Metadata = key.Metadata with { KeyState = "Disabled", DeletionDate = null } });
        return new KeyIdResult(key.Metadata.Arn);
    }

    public EmptyResult CreateAlias(CreateAliasRequest request, AwsRequestContext context)
    {
        var name = request.AliasName ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'aliasName' failed to satisfy constraint: Member must not be null");
        if (!name.StartsWith("alias/", StringComparison.Ordinal) || name.StartsWith("alias/aws/", StringComparison.Ordinal) || name.Length is <= 6 or > 256
            || !name[6..].All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-'))
        {
            throw KmsErrors.InvalidAliasName(name);
        }

        var target = request.TargetKeyId ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'targetKeyId' failed to satisfy constraint: Member must not be null");
        if (target.StartsWith("alias/", StringComparison.Ordinal) || target.Contains(":alias/", StringComparison.Ordinal))
        {
            throw KmsErrors.Validation("An alias cannot point at another alias: TargetKeyId must be a key id or key ARN.");
        }

        var key = RequireKey(target, context);
        RequireNotPendingDeletion(key);
        var now = Now();
        var entry = new AliasListEntry(name, $"arn:aws:kms:{context.Region}:{context.AccountId}:{name}", key.Metadata.KeyId, now, now);
        if (!store.TryAddAlias(context.Region, entry))
        {
            throw KmsErrors.AlreadyExists($"arn:aws:kms:{context.Region}:{context.AccountId}:{name}");
        }

        return EmptyResult.Instance;
    }

    public EmptyResult DeleteAlias(DeleteAliasRequest request, AwsRequestContext context)
    {
        var name = request.AliasName ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'aliasName' failed to satisfy constraint: Member must not be null");
        if (!store.RemoveAlias(context.Region, name))
        {
            throw KmsErrors.NotFound($"Alias arn:aws:kms:{context.Region}:{context.AccountId}:{name}");
        }

        return EmptyResult.Instance;
    }

    public ListAliasesResult ListAliases(ListAliasesRequest request, AwsRequestContext context)
    {
        var keyId = request.KeyId is null ? null : RequireKey(request.KeyId, context).Metadata.KeyId;
        var limit = request.Limit ?? 100;
        if (limit is < 1 or > 100)
        {
            throw KmsErrors.Validation("Limit must be between 1 and 100.");
        }

        var all = store.Aliases(context.Region)
            .Where(a => keyId is null || a.TargetKeyId == keyId)
            .Where(a => request.Marker is null || string.CompareOrdinal(a.AliasName, request.Marker) > 0)
            .ToList();
        var page = all.Take(limit).ToList();
        var truncated = all.Count > limit;
        return new ListAliasesResult(page, truncated ? page[^1].AliasName : null, truncated);
    }

    /// <summary>Lists the region's keys by key id, <c>Limit</c> 1–1000 (default 100), paged by <c>Marker</c> (the last key id returned).</summary>
    public ListKeysResult ListKeys(ListKeysRequest request, AwsRequestContext context)
    {
        var limit = request.Limit ?? 100;
        if (limit is < 1 or > 1000)
        {
            throw KmsErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000");
        }

        var all = store.Keys(context.Region)
            .Where(k => request.Marker is null || string.CompareOrdinal(k.Metadata.KeyId, request.Marker) > 0)
            .Select(k => new KeyListEntry(k.Metadata.KeyId, k.Metadata.Arn))
            .ToList();
        var page = all.Take(limit).ToList();
        var truncated = all.Count > limit;
        return new ListKeysResult(page, truncated ? page[^1].KeyId : null, truncated);
    }

    /// <summary>Random bytes from the OS generator, <c>NumberOfBytes</c> 1–1024.</summary>
    public static GenerateRandomResult GenerateRandom(GenerateRandomRequest request)
    {
        var count = request.NumberOfBytes ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null");
        return count is >= 1 and <= 1024
            ? new GenerateRandomResult(RandomNumberGenerator.GetBytes(count))
            : throw KmsErrors.Validation($"1 validation error detected: Value '{count}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024");
    }

    public EncryptResult Encrypt(EncryptRequest request, AwsRequestContext context)
    {
        var plaintext = request.Plaintext ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
        if (plaintext.Length is 0 or > 4096)
        {
            throw KmsErrors.Validation("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and 4096");
        }

        CheckAlgorithm(request.EncryptionAlgorithm);
        var key = RequireUsableKey(request.KeyId, context);
        return new EncryptResult(Seal(key, plaintext, request.EncryptionContext), key.Metadata.Arn, SymmetricDefault);
    }

    public DecryptResult Decrypt(DecryptRequest request, AwsRequestContext context)
    {
        var blob = request.CiphertextBlob ?? throw KmsErrors.Validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        CheckAlgorithm(request.EncryptionAlgorithm);
        if (blob.Length < HeaderLength || blob[0] != CiphertextVersion)
        {
            throw KmsErrors.InvalidCiphertext();
        }

        var keyId = new Guid(blob.AsSpan(1, 16)).ToString();
        var key = store.Key(context.Region, keyId) ?? throw KmsErrors.NotFound($"Key 'arn:aws:kms:{context.Region}:{context.AccountId}:key/{keyId}'");
        if (request.KeyId is not null && RequireKey(request.KeyId, context).Metadata.KeyId != keyId)
        {
            throw KmsErrors.IncorrectKey();
        }

        RequireUsable(key);
        var plaintext = new byte[blob.Length - HeaderLength];
        try
        {
            using var aes = new AesGcm(key.Material, 16);
            aes.Decrypt(blob.AsSpan(17, 12), blob.AsSpan(HeaderLength), blob.AsSpan(29, 16), plaintext, AssociatedData(keyId, request.EncryptionContext));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw KmsErrors.InvalidCiphertext();
        }

        return new DecryptResult(key.Metadata.Arn, plaintext, SymmetricDefault);
    }

    public GenerateDataKeyResult GenerateDataKey(GenerateDataKeyRequest request, AwsRequestContext context) => DataKey(request, context, includePlaintext: true);

    public GenerateDataKeyResult GenerateDataKeyWithoutPlaintext(GenerateDataKeyRequest request, AwsRequestContext context) => DataKey(request, context, includePlaintext: false);

    private GenerateDataKeyResult DataKey(GenerateDataKeyRequest request, AwsRequestContext context, bool includePlaintext)
    {
        var length = (request.KeySpec, request.NumberOfBytes) switch
        {
            (null, null) => throw KmsErrors.Validation("Please specify either number of bytes or key spec."),
            (not null, not null) => throw KmsErrors.Validation("Please specify either number of bytes or key spec, not both."),
            ("AES_256", _) => 32,
            ("AES_128", _) => 16,
            (not null, _) => throw KmsErrors.Validation($"1 validation error detected: Value '{request.KeySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
            (_, { } n) when n is >= 1 and <= 1024 => n,
            _ => throw KmsErrors.Validation("1 validation error detected: Value at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024"),
        };
        var key = RequireUsableKey(request.KeyId, context);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        return new GenerateDataKeyResult(Seal(key, plaintext, request.EncryptionContext), includePlaintext ? plaintext : null, key.Metadata.Arn);
    }

    private static byte[] Seal(KmsKeyFile key, byte[] plaintext, IReadOnlyDictionary<string, string>? encryptionContext)
    {
        var blob = new byte[HeaderLength + plaintext.Length];
        blob[0] = CiphertextVersion;
        Guid.Parse(key.Metadata.KeyId).TryWriteBytes(blob.AsSpan(1, 16));
        RandomNumberGenerator.Fill(blob.AsSpan(17, 12));
        using var aes = new AesGcm(key.Material, 16);
        aes.Encrypt(blob.AsSpan(17, 12), plaintext, blob.AsSpan(HeaderLength), blob.AsSpan(29, 16), AssociatedData(key.Metadata.KeyId, encryptionContext));
        return blob;
    }

    /// <summary>The key id and the encryption context sorted by key, so that a different context fails authentication.</summary>
    private static byte[] AssociatedData(string keyId, IReadOnlyDictionary<string, string>? encryptionContext)
    {
        var text = new StringBuilder(keyId);
        foreach (var (name, value) in (encryptionContext ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(name.Length).Append(':').Append(name).Append('=').Append(value.Length).Append(':').Append(value);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void CheckAlgorithm(string? algorithm)
    {
        if (algorithm is not null && algorithm != SymmetricDefault)
        {
            throw KmsErrors.Unsupported($"EncryptionAlgorithm {algorithm}");
        }
    }

    private KmsKeyFile RequireUsableKey(string? keyId, AwsRequestContext context)
    {
        var key = RequireKey(keyId, context);
        RequireUsable(key);
        return key;
    }

    private static void RequireUsable(KmsKeyFile key)
    {
        RequireNotPendingDeletion(key);
        if (key.Metadata.KeyState == "Disabled")
        {
            throw KmsErrors.Disabled(key.Metadata.Arn);
        }
    }

    private static void RequireNotPendingDeletion(KmsKeyFile key)
    {
        if (key.Metadata.KeyState == "PendingDeletion")
        {
            throw KmsErrors.InvalidState(key.Metadata.Arn, "pending deletion");
        }
    }

    /// <summary>Resolves a key id, key ARN, alias name or alias ARN.</summary>
    private KmsKeyFile RequireKey(string? keyId, AwsRequestContext context)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            throw KmsErrors.Validation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        }

        var region = context.Region;
        var id = keyId;
        if (keyId.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = keyId.Split(':', 6);
            if (parts.Length != 6 || parts[2] != "kms")
            {
                throw KmsErrors.NotFound($"Invalid keyId '{keyId}'");
            }

            region = parts[3];
            id = parts[5].StartsWith("key/", StringComparison.Ordinal) ? parts[5][4..] : parts[5];
        }

        if (id.StartsWith("alias/", StringComparison.Ordinal))
        {
            var alias = store.Alias(region, id) ?? throw KmsErrors.NotFound($"Alias arn:aws:kms:{region}:{context.AccountId}:{id}");
            id = alias.TargetKeyId;
        }

        return store.Key(region, id) ?? throw KmsErrors.NotFound($"Key 'arn:aws:kms:{region}:{context.AccountId}:key/{id}'");
    }

    private double Now() => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
