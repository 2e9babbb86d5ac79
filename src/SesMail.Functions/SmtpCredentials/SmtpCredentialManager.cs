using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using SesMail.Aws.Ses;
using SesMail.Functions.Observability;
using Tag = Amazon.IdentityManagement.Model.Tag;

namespace SesMail.Functions.SmtpCredentials;

/// <summary>The plaintext the manager encrypts with KMS and stores as <c>encrypted_credentials</c>.</summary>
/// <param name="AccessKeyId">The SMTP user name (the access key id).</param>
/// <param name="SmtpPassword">The SES SMTP password of the key for the function's region.</param>
public sealed record SmtpCredentialsPayload(
    [property: JsonPropertyName("access_key_id")] string AccessKeyId,
    [property: JsonPropertyName("smtp_password")] string SmtpPassword);

/// <summary>What the manager did with one stream record.</summary>
internal enum SmtpCredentialOutcome
{
    /// <summary>Nothing to do (another entity, its own <c>active</c> write, a status without action).</summary>
    Skipped,

    /// <summary>An IAM user and key were created and the item set <c>active</c>.</summary>
    Created,

    /// <summary>An <c>active</c> user set back to <c>pending</c> got a new key; the old keys were deleted.</summary>
    Rotated,

    /// <summary>The user's keys were deactivated (<c>disabled</c>).</summary>
    Disabled,

    /// <summary>The user's keys were activated again (<c>disabled</c> → <c>active</c>).</summary>
    Enabled,

    /// <summary>The allowed From patterns of an <c>active</c> user changed and its policy was rewritten.</summary>
    PolicyUpdated,

    /// <summary>The item was removed and its IAM user, keys and policies deleted.</summary>
    Deleted,
}

/// <summary>
/// Keeps one IAM user with one access key per SMTP user item (docs/SENDING.md): create on <c>pending</c>, rotate when an
/// <c>active</c> user is set <c>pending</c> again (same IAM user, new key, old keys deleted: nothing is orphaned),
/// deactivate the keys on <c>disabled</c> and reactivate them on <c>active</c>, rewrite the From policy when the
/// patterns of an <c>active</c> user change, and delete the user with its keys and policies when the item is removed.
/// A failed step undoes the ones before it and leaves the item as it was (still <c>pending</c>).
/// </summary>
internal sealed class SmtpCredentialManager(
    IAmazonIdentityManagementService iam,
    IAmazonKeyManagementService kms,
    IAmazonDynamoDB dynamoDb,
    SmtpCredentialManagerOptions options,
    StructuredLogger logger,
    TimeProvider time)
{
    /// <summary>The <c>ManagedBy</c> tag of every IAM user the manager creates.</summary>
    public const string ManagedBy = "ses-mail-smtp-credential-manager";

    /// <summary>IAM user names the manager creates start with this (its role may touch no other user).</summary>
    public const string UserNamePrefix = "ses-smtp-user-";

    /// <summary>Handles one stream record.</summary>
    /// <param name="eventName"><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</param>
    /// <param name="newImage">The item after the change (absent for REMOVE).</param>
    /// <param name="oldImage">The item before the change (absent for INSERT).</param>
    /// <param name="correlationId">The record's correlation id (logs, the IAM user's tag).</param>
    /// <param name="cancellationToken">Stops the AWS calls.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="FormatException">An SMTP user item whose sort key has no valid user name.</exception>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">An AWS call failed (after undoing what it could).</exception>
    public async Task<SmtpCredentialOutcome> HandleAsync(string eventName, System.Text.Json.Nodes.JsonObject? newImage, System.Text.Json.Nodes.JsonObject? oldImage, string correlationId, CancellationToken cancellationToken)
    {
        if (eventName == "REMOVE")
        {
            var removed = SmtpUser.FromImage(oldImage);
            if (removed?.IamUserArn is not { } arn)
            {
                return SmtpCredentialOutcome.Skipped;
            }

            await DeleteUserAsync(UserNameOf(arn), cancellationToken).ConfigureAwait(false);
            logger.Info("SMTP user removed: IAM user, access keys and policies deleted", new LogField("username", removed.Username), new LogField("iamUser", arn), new LogField("correlationId", correlationId));
            return SmtpCredentialOutcome.Deleted;
        }

        if (!SmtpUser.IsSmtpUserImage(newImage))
        {
            return SmtpCredentialOutcome.Skipped;
        }

        var user = SmtpUser.FromImage(newImage) ?? throw new FormatException($"SMTP user item has sort key '{newImage?["SK"]?["S"]}', not USER#{{username}}.");
        if (!SmtpUser.IsValidUsername(user.Username))
        {
            throw new FormatException($"SMTP user name '{user.Username}' is not 1–{SmtpUser.MaxUsernameLength} of the characters IAM allows in names (letters, digits, +=,.@_-).");
        }

        var before = SmtpUser.FromImage(oldImage);
        switch (user.Status)
        {
            case SmtpUser.Pending when user.IamUserArn is { } existing && await UserExistsAsync(UserNameOf(existing), cancellationToken).ConfigureAwait(false):
                await RotateAsync(user, UserNameOf(existing), correlationId, cancellationToken).ConfigureAwait(false);
                return SmtpCredentialOutcome.Rotated;
            case SmtpUser.Pending:
                await CreateAsync(user, correlationId, cancellationToken).ConfigureAwait(false);
                return SmtpCredentialOutcome.Created;
            case SmtpUser.Disabled when before?.Status != SmtpUser.Disabled && user.IamUserArn is { } arn:
                await SetKeysAsync(UserNameOf(arn), "Inactive", cancellationToken).ConfigureAwait(false);
                logger.Info("SMTP user disabled: access keys deactivated", new LogField("username", user.Username), new LogField("correlationId", correlationId));
                return SmtpCredentialOutcome.Disabled;
            case SmtpUser.Active when before?.Status == SmtpUser.Disabled && user.IamUserArn is { } arn:
                await SetKeysAsync(UserNameOf(arn), "Active", cancellationToken).ConfigureAwait(false);
                logger.Info("SMTP user enabled: access keys active again", new LogField("username", user.Username), new LogField("correlationId", correlationId));
                return SmtpCredentialOutcome.Enabled;
            case SmtpUser.Active when before?.Status == SmtpUser.Active && user.IamUserArn is { } arn && !before.AllowedFromAddresses.SequenceEqual(user.AllowedFromAddresses, StringComparer.Ordinal):
                await PutPolicyAsync(UserNameOf(arn), user, cancellationToken).ConfigureAwait(false);
                logger.Info("SMTP user's From patterns changed: policy rewritten", new LogField("username", user.Username), new LogField("correlationId", correlationId));
                return SmtpCredentialOutcome.PolicyUpdated;
            default:
                return SmtpCredentialOutcome.Skipped;
        }
    }

    private async Task CreateAsync(SmtpUser user, string correlationId, CancellationToken cancellationToken)
    {
        var iamName = $"{UserNamePrefix}{user.Username}-{time.GetUtcNow().ToUnixTimeSeconds()}";
        User created;
        try
        {
            created = (await iam.CreateUserAsync(
                new CreateUserRequest
                {
                    UserName = iamName,
                    Tags =
                    [
                        new Tag { Key = "Environment", Value = options.Environment },
                        new Tag { Key = "ManagedBy", Value = ManagedBy },
                        new Tag { Key = "Purpose", Value = "SMTP Authentication" },
                        new Tag { Key = "SMTPUsername", Value = user.Username },
                        new Tag { Key = "CorrelationId", Value = correlationId },
                    ],
                },
                cancellationToken).ConfigureAwait(false)).User;
        }
        catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "EntityAlreadyExists")
        {
            created = (await iam.GetUserAsync(new GetUserRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).User;
        }

        AccessKey key;
        try
        {
            key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).AccessKey;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await UndoAsync(() => DeleteUserAsync(iamName, cancellationToken)).ConfigureAwait(false);
            throw;
        }

        try
        {
            await PutPolicyAsync(iamName, user, cancellationToken).ConfigureAwait(false);
            await StoreAsync(user, key, created.Arn, SmtpUser.Pending, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await UndoAsync(() => DeleteUserAsync(iamName, cancellationToken)).ConfigureAwait(false);
            throw;
        }

        logger.Info("SMTP user created: IAM user, access key and From policy; item active", new LogField("username", user.Username), new LogField("iamUser", created.Arn), new LogField("smtpUsername", key.AccessKeyId), new LogField("correlationId", correlationId));
    }

    private async Task RotateAsync(SmtpUser user, string iamName, string correlationId, CancellationToken cancellationToken)
    {
        var old = (await iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).AccessKeyMetadata;
        foreach (var extra in old.OrderBy(k => k.CreateDate).Take(Math.Max(0, old.Count - 1)))
        {
            // IAM allows two keys; keep the newest old key working until the new one is stored.
            await DeleteKeyAsync(iamName, extra.AccessKeyId, cancellationToken).ConfigureAwait(false);
        }

        var key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).AccessKey;
        try
        {
            await PutPolicyAsync(iamName, user, cancellationToken).ConfigureAwait(false);
            await StoreAsync(user, key, user.IamUserArn!, SmtpUser.Pending, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await UndoAsync(() => DeleteKeyAsync(iamName, key.AccessKeyId, cancellationToken)).ConfigureAwait(false);
            throw;
        }

        foreach (var retired in old.Where(k => k.AccessKeyId != key.AccessKeyId))
        {
            await DeleteKeyAsync(iamName, retired.AccessKeyId, cancellationToken).ConfigureAwait(false);
        }

        logger.Info("SMTP user rotated: new access key, old keys deleted; item active", new LogField("username", user.Username), new LogField("smtpUsername", key.AccessKeyId), new LogField("correlationId", correlationId));
    }

    private Task PutPolicyAsync(string iamName, SmtpUser user, CancellationToken cancellationToken) =>
        iam.PutUserPolicyAsync(new PutUserPolicyRequest { UserName = iamName, PolicyName = $"ses-smtp-policy-{user.Username}", PolicyDocument = SmtpUser.PolicyDocument(user.AllowedFromAddresses) }, cancellationToken);

    /// <summary>Encrypts the credentials and writes <c>active</c>, only while the item is still in <paramref name="expectedStatus"/>.</summary>
    private async Task StoreAsync(SmtpUser user, AccessKey key, string userArn, string expectedStatus, CancellationToken cancellationToken)
    {
        var payload = new SmtpCredentialsPayload(key.AccessKeyId, SesSmtpPassword.Derive(key.SecretAccessKey, options.Aws.Region));
        using var plaintext = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(payload, FunctionsJsonContext.Default.SmtpCredentialsPayload));
        var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = options.CredentialsKey, Plaintext = plaintext }, cancellationToken).ConfigureAwait(false);
        await dynamoDb.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = options.RoutingTableName,
                Key = SmtpUser.Key(user.Username),
                UpdateExpression = "SET #status = :active, encrypted_credentials = :credentials, iam_user_arn = :arn, smtp_username = :username, updated_at = :now",
                ConditionExpression = "#status = :expected",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = new()
                {
                    [":active"] = new() { S = SmtpUser.Active },
                    [":expected"] = new() { S = expectedStatus },
                    [":credentials"] = new() { S = Convert.ToBase64String(encrypted.CiphertextBlob.ToArray()) },
                    [":arn"] = new() { S = userArn },
                    [":username"] = new() { S = key.AccessKeyId },
                    [":now"] = new() { S = SmtpUser.Timestamp(time.GetUtcNow()) },
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task SetKeysAsync(string iamName, string status, CancellationToken cancellationToken)
    {
        foreach (var key in (await iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).AccessKeyMetadata)
        {
            await iam.UpdateAccessKeyAsync(new UpdateAccessKeyRequest { UserName = iamName, AccessKeyId = key.AccessKeyId, Status = status }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> UserExistsAsync(string iamName, CancellationToken cancellationToken)
    {
        try
        {
            await iam.GetUserAsync(new GetUserRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "NoSuchEntity")
        {
            return false;
        }
    }

    /// <summary>Deletes every access key and inline policy of a user, then the user; what is already gone counts as done.</summary>
    private async Task DeleteUserAsync(string iamName, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var key in (await iam.ListAccessKeysAsync(new ListAccessKeysRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).AccessKeyMetadata)
            {
                await DeleteKeyAsync(iamName, key.AccessKeyId, cancellationToken).ConfigureAwait(false);
            }

            foreach (var policy in (await iam.ListUserPoliciesAsync(new ListUserPoliciesRequest { UserName = iamName }, cancellationToken).ConfigureAwait(false)).PolicyNames)
            {
                await IgnoreGoneAsync(() => iam.DeleteUserPolicyAsync(new DeleteUserPolicyRequest { UserName = iamName, PolicyName = policy }, cancellationToken)).ConfigureAwait(false);
            }

            await IgnoreGoneAsync(() => iam.DeleteUserAsync(new DeleteUserRequest { UserName = iamName }, cancellationToken)).ConfigureAwait(false);
        }
        catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "NoSuchEntity")
        {
            // already gone
        }
    }

    private Task DeleteKeyAsync(string iamName, string accessKeyId, CancellationToken cancellationToken) =>
        IgnoreGoneAsync(() => iam.DeleteAccessKeyAsync(new DeleteAccessKeyRequest { UserName = iamName, AccessKeyId = accessKeyId }, cancellationToken));

    private static async Task IgnoreGoneAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AmazonIdentityManagementServiceException error) when (error.ErrorCode == "NoSuchEntity")
        {
        }
    }

    private async Task UndoAsync(Func<Task> undo)
    {
        try
        {
            await undo().ConfigureAwait(false);
        }
        catch (Exception error) when (error is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            logger.Error("Could not undo a failed SMTP credential step; remove the IAM user by hand", error);
        }
    }

    /// <summary>The user name in a user ARN (its last <c>/</c> segment).</summary>
    /// <param name="arn">E.g. <c>arn:aws:iam::000000000000:user/ses-smtp-user-app-1700000000</c>.</param>
    /// <returns>E.g. <c>ses-smtp-user-app-1700000000</c>.</returns>
    public static string UserNameOf(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
}
