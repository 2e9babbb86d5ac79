using System.Text.Json;
using SesMail.Aws.Events;
using SesMail.Functions.Gmail;
using SesMail.Functions.Observability;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// The Gmail forwarder (docs/ARCHITECTURE.md#the-gmail-forwarder): imports each message routed <c>forward-to-gmail</c> into every Gmail account its
/// targets name, each with that account's own OAuth token (docs/OPERATIONS.md, "Gmail accounts and tokens"). Handler: <c>SesMail.Functions::SesMail.Functions.GmailForwarder.GmailForwarderFunction::HandleAsync</c>.
/// </summary>
/// <remarks>
/// <para>Input: an SQS event (<c>{"Records":[…]}</c>, batch size 1, <c>ReportBatchItemFailures</c>) from
/// <c>ses-mail-gmail-forwarder-{env}</c>; each body is the bus envelope whose <c>detail</c> is the router's decision
/// (or the bare detail, for retry-queue replays). Output: <c>{"batchItemFailures":[{"itemIdentifier":"&lt;messageId&gt;"}]}</c>.</para>
/// <para>Per invocation it reads the OAuth client and the token of every account its records forward to (kept for
/// <c>GMAIL_CREDENTIAL_CACHE_SECONDS</c> while every token works, <see cref="CachingGmailCredentialStore"/>; one
/// <c>GetParameters</c> call per ten names: the account's own parameter <c>{GMAIL_ACCOUNT_TOKEN_PARAMETER_PATH}/{domain}/{local}</c>,
/// else the default token when it records that account or none) and exchanges each refresh token at the client file's
/// <c>token_uri</c>; per record and account it imports <c>s3://{EMAIL_BUCKET}/emails/{originalMessageId}</c> once
/// (whatever the number of targets naming that account) with <c>users.messages.import</c> (<c>internalDateSource=receivedTime</c>, labels <c>INBOX</c> +
/// <c>UNREAD</c>), streamed from S3 into the upload, and logs one <c>Action result</c> per target. The S3 object is
/// never deleted. An idempotency record in the routing table (<see cref="DynamoDbGmailImportLedger"/>) stops a
/// redelivered record from importing twice; its remaining crash window is described on <see cref="IGmailImportLedger"/>.</para>
/// <para>Errors, per account: no token stored for it, or its token expired or revoked (token endpoint
/// <c>invalid_grant</c>/<c>400</c>/<c>401</c>, Gmail <c>401</c>, Gmail <c>403</c> other than a rate limit, or the public
/// code's text test) → the body is copied to <c>RETRY_QUEUE_URL</c> with <c>original_timestamp</c>,
/// <c>error_type=token_missing|token_expired</c>, <c>original_lambda_request_id</c>, <c>attempt_count</c> (incoming + 1)
/// and <c>gmail_account</c>, and that account counts as handled (at <c>attempt_count</c> 3 it goes to
/// <c>RETRY_DLQ_URL</c> instead, logged as an error, so a mail is not replayed for ever while the token stays bad); a
/// record carrying <c>gmail_account</c> (a replay) is delivered into that account only; <c>429</c>/<c>5xx</c>/network errors are retried
/// in-process (Polly, honouring <c>Retry-After</c>) while <c>GMAIL_RETRY_BUDGET_SECONDS</c> allows, then the record
/// fails; any other failure (no targets, no <c>originalMessageId</c>, S3 object missing, Gmail <c>4xx</c>) fails the
/// record, which SQS redelivers (accounts that already have the message are skipped) and dead-letters on the 3rd
/// receive. A missing or malformed OAuth client parameter throws.</para>
/// <para>Metrics (EMF, <c>SESMail/{env}</c>): <c>GmailForwardSuccess</c> and <c>GmailForwardFailure</c> = records per
/// invocation; a parked record counts as success; <c>GmailTokenMissing</c> = (record, account) pairs parked because no
/// token is stored for the account (alarm <c>ses-mail-gmail-token-missing-{env}</c>).</para>
/// <para>Environment variables: see <see cref="GmailForwarderOptions"/>; read once at cold start, a missing or
/// malformed one stops the start with a message naming it.</para>
/// <para>IAM: <c>ssm:GetParameters</c> (+ <c>kms:Decrypt</c>) on the client, the default token and <c>…/oauth/accounts/*</c>, <c>s3:GetObject</c> on <c>emails/*</c>,
/// <c>sqs:SendMessage</c> on the retry queue, <c>dynamodb:GetItem</c>/<c>PutItem</c>/<c>UpdateItem</c>/<c>DeleteItem</c>
/// on the routing table (keys <c>GMAIL_IMPORT#*</c>).</para>
/// </remarks>
public sealed class GmailForwarderFunction : IDisposable
{
    /// <summary>The structured-log <c>service</c> name.</summary>
    public const string ServiceName = "ses-mail-gmail-forwarder";

    private readonly FunctionServices _services;
    private readonly HttpClient _http;
    private readonly StructuredLogger _logger;
    private readonly EmbeddedMetrics _metrics;
    private readonly GmailForwarder _forwarder;

    /// <summary>Creates the function from the process environment (what the Lambda runtime calls).</summary>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed (see <see cref="GmailForwarderOptions"/>).</exception>
    public GmailForwarderFunction()
        : this(FunctionSettings.FromProcessEnvironment())
    {
    }

    /// <summary>Creates the function from explicit settings (local runtime, tests).</summary>
    /// <param name="settings">The function's environment variables.</param>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed (see <see cref="GmailForwarderOptions"/>).</exception>
    public GmailForwarderFunction(FunctionSettings settings)
        : this(GmailForwarderOptions.From(settings))
    {
    }

    private GmailForwarderFunction(GmailForwarderOptions options)
        : this(options, new FunctionServices(options.Aws))
    {
    }

    /// <summary>Creates the function over composed services, optionally replacing collaborators (tests, benchmarks).</summary>
    /// <param name="options">The function's settings.</param>
    /// <param name="services">Clients, output and clock.</param>
    /// <param name="credentials">The OAuth client and refresh token; default the two SSM parameters.</param>
    /// <param name="objects">The stored mail; default S3.</param>
    /// <param name="ledger">The import idempotency ledger; default DynamoDB.</param>
    /// <param name="retryQueue">Where mail waits while the token is bad; default SQS.</param>
    /// <param name="retry">The in-process retry policy for 429/5xx/network errors.</param>
    internal GmailForwarderFunction(
        GmailForwarderOptions options,
        FunctionServices services,
        IGmailCredentialStore? credentials = null,
        IEmailObjectReader? objects = null,
        IGmailImportLedger? ledger = null,
        IRetryQueue? retryQueue = null,
        GmailRetryPolicy? retry = null)
    {
        _services = services;
        _logger = services.CreateLogger(ServiceName);
        _metrics = services.CreateMetrics(ServiceName, options.Environment);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) };

        credentials ??= new CachingGmailCredentialStore(
            new SsmGmailCredentialStore(
                services.Ssm,
                options.ClientCredentialsParameter,
                options.RefreshTokenParameter,
                options.AccountTokenParameterPath,
                options.Environment),
            options.CredentialCacheTime,
            services.Time);
        objects ??= new S3EmailObjectReader(services.S3, options.EmailBucket);
        ledger ??= new DynamoDbGmailImportLedger(services.DynamoDb, options.RoutingTableName, services.Time, DynamoDbGmailImportLedger.LeaseFor(options.RetryBudget));
        retryQueue ??= new SqsRetryQueue(services.Sqs, options.RetryQueueUrl, options.RetryDeadLetterQueueUrl);
        _forwarder = new GmailForwarder(
            credentials,
            SharedAccessTokens.For,
            tokens => new GmailClient(_http, tokens, options.GmailApiBaseUrl, options.ResumableThreshold, services.Time),
            objects,
            ledger,
            retryQueue,
            retry ?? new GmailRetryPolicy(services.Time),
            _logger,
            services.Time,
            options.RetryBudget);
    }

    /// <summary>Forwards an SQS batch.</summary>
    /// <param name="input">JSON: an SQS event.</param>
    /// <returns>JSON: the partial-batch response.</returns>
    /// <exception cref="JsonException">The input is not an SQS event.</exception>
    /// <exception cref="InvalidOperationException">An SSM parameter is missing or malformed.</exception>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, null, CancellationToken.None);

    /// <summary>Forwards an SQS batch.</summary>
    /// <param name="input">JSON: an SQS event.</param>
    /// <param name="requestId">The Lambda request id (for <c>original_lambda_request_id</c>), or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>JSON: the partial-batch response.</returns>
    internal async Task<Stream> HandleAsync(Stream input, string? requestId, CancellationToken cancellationToken)
    {
        var sqsEvent = await JsonSerializer.DeserializeAsync(input, LambdaEventsJsonContext.Default.SqsEvent, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The forwarder expects an SQS event {\"Records\":[…]}, not JSON null.");
        var counters = new MetricCounters().Declare(GmailForwarder.SuccessMetric, GmailForwarder.FailureMetric, GmailForwarder.TokenMissingMetric);
        SqsBatchResponse response;
        try
        {
            response = await _forwarder.ForwardAsync(sqsEvent.Records ?? [], requestId, counters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            counters.Add(GmailForwarder.FailureMetric, sqsEvent.Records?.Count ?? 0);
            _logger.Error("The forwarder cannot run; the whole batch will be retried", error, new LogField("records", sqsEvent.Records?.Count ?? 0));
            throw;
        }
        finally
        {
            counters.PublishTo(_metrics);
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, LambdaEventsJsonContext.Default.SqsBatchResponse, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _services.Dispose();
    }
}
