using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Kms;

/// <summary>KMS errors as the KMS API reference names them (all HTTP 400).</summary>
internal static class KmsErrors
{
    public static AwsServiceException NotFound(string what) => new("NotFoundException", $"{what} is not found.");

    public static AwsServiceException AlreadyExists(string alias) => new("AlreadyExistsException", $"An alias with the name {alias} already exists");

    public static AwsServiceException InvalidCiphertext() =>
        new("InvalidCiphertextException", "The ciphertext is invalid: it was not produced by this emulator's KMS, was altered, or its encryption context differs.");

    public static AwsServiceException InvalidState(string keyArn, string state) =>
        new("KMSInvalidStateException", $"{keyArn} is {state} and cannot be used for this operation.");

    public static AwsServiceException Disabled(string keyArn) => new("DisabledException", $"{keyArn} is disabled.");

    public static AwsServiceException IncorrectKey() =>
        new("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation: the ciphertext was encrypted under another key.");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException InvalidAliasName(string alias) =>
        new("InvalidAliasNameException", $"Alias {alias} is invalid: it must begin with alias/ and must not begin with alias/aws/.");

    public static AwsServiceException Unsupported(string what) =>
        new("UnsupportedOperationException", $"{what} is not emulated by SesMail.Emulator: only symmetric ENCRYPT_DECRYPT keys (SYMMETRIC_DEFAULT) are.");
}
