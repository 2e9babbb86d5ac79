using SesMail.Functions.Gmail;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// The Gmail forwarder's settings, read once from its environment at cold start
/// (<c>ForwarderFunction.Properties.Environment.Variables</c> in <c>template.yaml</c>).
/// </summary>
/// <param name="Environment"><c>ENVIRONMENT</c>: <c>test</c> or <c>prod</c>.</param>
/// <param name="EmailBucket"><c>EMAIL_BUCKET</c>: the bucket SES writes <c>emails/{messageId}</c> to.</param>
/// <param name="RetryQueueUrl"><c>RETRY_QUEUE_URL</c>: URL of the retry queue where mail waits while the token is bad.</param>
/// <param name="RetryDeadLetterQueueUrl"><c>RETRY_DLQ_URL</c>: URL of the retry DLQ, where a record goes instead of
/// being parked a third time (docs/RECOVERY.md).</param>
/// <param name="RefreshTokenParameter"><c>GMAIL_REFRESH_TOKEN_PARAMETER</c>: SSM parameter with the refresh token JSON.</param>
/// <param name="AccountTokenParameterPath"><c>GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH</c>: the path of the per-account token
/// parameters, <c>{path}/{domain}/{local-part}</c> (docs/OPERATIONS.md, "Gmail accounts and tokens").</param>
/// <param name="ClientCredentialsParameter"><c>GMAIL_CLIENT_CREDENTIALS_PARAMETER</c>: SSM parameter with Google's <c>client_secret.json</c>.</param>
/// <param name="GmailApiBaseUrl"><c>GMAIL_API_BASE_URL</c>: the Gmail API root (<c>https://gmail.googleapis.com</c>; locally the emulator).</param>
/// <param name="RoutingTableName"><c>ROUTING_TABLE_NAME</c>: the table holding the import idempotency records.</param>
/// <param name="RetryBudget"><c>GMAIL_RETRY_BUDGET_SECONDS</c>: optional; how long in-process retries of one record may
/// run, 1–900 whole seconds, default 20 (the function timeout is 30 s).</param>
/// <param name="ResumableThreshold"><c>GMAIL_RESUMABLE_THRESHOLD_BYTES</c>: optional; messages larger than this use a
/// resumable upload; default 5 MiB.</param>
/// <param name="CredentialCacheTime"><c>GMAIL_CREDENTIAL_CACHE_SECONDS</c>: optional; how long a warm forwarder keeps the
/// OAuth client and tokens it read from SSM, 0–3600 whole seconds (0 reads them on every invocation), default 60
/// (<see cref="CachingGmailCredentialStore"/>).</param>
/// <param name="Aws">Region, endpoint and credentials.</param>
internal sealed record GmailForwarderOptions(
    string Environment,
    string EmailBucket,
    string RetryQueueUrl,
    string RetryDeadLetterQueueUrl,
    string RefreshTokenParameter,
    string AccountTokenParameterPath,
    string ClientCredentialsParameter,
    Uri GmailApiBaseUrl,
    string RoutingTableName,
    TimeSpan RetryBudget,
    long ResumableThreshold,
    TimeSpan CredentialCacheTime,
    AwsOptions Aws)
{
    /// <summary>The function's logical id in <c>template.yaml</c>.</summary>
    public const string TemplateResource = "ForwarderFunction";

    /// <summary>The retry budget when <c>GMAIL_RETRY_BUDGET_SECONDS</c> is unset.</summary>
    public static readonly TimeSpan DefaultRetryBudget = TimeSpan.FromSeconds(20);

    /// <summary>How long credentials read from SSM are kept when <c>GMAIL_CREDENTIAL_CACHE_SECONDS</c> is unset.</summary>
    public static readonly TimeSpan DefaultCredentialCacheTime = TimeSpan.FromSeconds(60);

    /// <summary>Reads the forwarder's variables.</summary>
    /// <param name="settings">The function's environment.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed; the message names it and the template resource.</exception>
    public static GmailForwarderOptions From(FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var read = settings.For(TemplateResource);
        return new GmailForwarderOptions(
            read.Environment(),
            read.Required("EMAIL_BUCKET"),
            read.RequiredUrl("RETRY_QUEUE_URL").OriginalString,
            read.RequiredUrl("RETRY_DLQ_URL").OriginalString,
            read.Required("GMAIL_REFRESH_TOKEN_PARAMETER"),
            read.Required("GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH"),
            read.Required("GMAIL_CLIENT_CREDENTIALS_PARAMETER"),
            read.RequiredUrl("GMAIL_API_BASE_URL"),
            read.Required("ROUTING_TABLE_NAME"),
            read.OptionalSeconds("GMAIL_RETRY_BUDGET_SECONDS", DefaultRetryBudget, 1, 900),
            read.OptionalBytes("GMAIL_RESUMABLE_THRESHOLD_BYTES", GmailClient.DefaultResumableThreshold, 1),
            read.OptionalSeconds("GMAIL_CREDENTIAL_CACHE_SECONDS", DefaultCredentialCacheTime, 0, 3600),
            AwsOptions.From(settings));
    }
}
