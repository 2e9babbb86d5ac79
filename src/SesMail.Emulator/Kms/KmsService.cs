using System.Text.Json.Nodes;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Kms;

/// <summary>Binds <see cref="KmsProvider"/> to JSON 1.1 (<c>X-Amz-Target: TrentService.{Operation}</c>).</summary>
internal sealed class KmsService(KmsProvider provider) : JsonServiceBinding("TrentService", "kms", "1.1", "com.amazonaws.kms")
{
    /// <inheritdoc />
    public override ValueTask<JsonNode?> InvokeAsync(string operation, JsonObject input, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var json = KmsJsonContext.Default;
        const string invalid = "ValidationException";
        return operation switch
        {
            "CreateKey" => AwsOperation.Invoke(input, json.CreateKeyRequest, json.KeyMetadataResult, r => provider.CreateKey(r, context), invalid),
            "DescribeKey" => AwsOperation.Invoke(input, json.KeyRequest, json.KeyMetadataResult, r => provider.DescribeKey(r, context), invalid),
            "EnableKey" => AwsOperation.Invoke(input, json.KeyRequest, json.EmptyResult, r => provider.EnableKey(r, context), invalid),
            "DisableKey" => AwsOperation.Invoke(input, json.KeyRequest, json.EmptyResult, r => provider.DisableKey(r, context), invalid),
            "ScheduleKeyDeletion" => AwsOperation.Invoke(input, json.ScheduleKeyDeletionRequest, json.ScheduleKeyDeletionResult, r => provider.ScheduleKeyDeletion(r, context), invalid),
            "CancelKeyDeletion" => AwsOperation.Invoke(input, json.KeyRequest, json.KeyIdResult, r => provider.CancelKeyDeletion(r, context), invalid),
            "CreateAlias" => AwsOperation.Invoke(input, json.CreateAliasRequest, json.EmptyResult, r => provider.CreateAlias(r, context), invalid),
            "DeleteAlias" => AwsOperation.Invoke(input, json.DeleteAliasRequest, json.EmptyResult, r => provider.DeleteAlias(r, context), invalid),
            "ListAliases" => AwsOperation.Invoke(input, json.ListAliasesRequest, json.ListAliasesResult, r => provider.ListAliases(r, context), invalid),
            "GenerateRandom" => AwsOperation.Invoke(input, json.GenerateRandomRequest, json.GenerateRandomResult, KmsProvider.GenerateRandom, invalid),
            "ListKeys" => AwsOperation.Invoke(input, json.ListKeysRequest, json.ListKeysResult, r => provider.ListKeys(r, context), invalid),
            "Encrypt" => AwsOperation.Invoke(input, json.EncryptRequest, json.EncryptResult, r => provider.Encrypt(r, context), invalid),
            "Decrypt" => AwsOperation.Invoke(input, json.DecryptRequest, json.DecryptResult, r => provider.Decrypt(r, context), invalid),
            "GenerateDataKey" => AwsOperation.Invoke(input, json.GenerateDataKeyRequest, json.GenerateDataKeyResult, r => provider.GenerateDataKey(r, context), invalid),
            "GenerateDataKeyWithoutPlaintext" => AwsOperation.Invoke(input, json.GenerateDataKeyRequest, json.GenerateDataKeyResult, r => provider.GenerateDataKeyWithoutPlaintext(r, context), invalid),
            _ => throw AwsServiceException.Common.UnknownOperation("UnknownOperationException", operation),
        };
    }
}
