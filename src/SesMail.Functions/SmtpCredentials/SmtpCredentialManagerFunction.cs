using System.Globalization;
using System.Text.Json;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;

namespace SesMail.Functions.SmtpCredentials;

/// <summary>
/// The SMTP credential manager: turns SMTP user items of the routing table into IAM users with SES SMTP credentials and
/// keeps them in step (docs/SENDING.md, "SMTP users"). Handler:
/// <c>SesMail.Functions::SesMail.Functions.SmtpCredentials.SmtpCredentialManagerFunction::HandleAsync</c>.
/// </summary>
/// <remarks>
/// <para>Input: a DynamoDB stream event of the routing table (batch ≤ 10, starting at LATEST, filtered to the
/// <c>SMTP_USER</c> partition). Output: <c>{"batchItemFailures":[]}</c>: every record is handled or logged, never retried
/// (a failure leaves the item as it was; setting it <c>pending</c> again retries).</para>
/// <para>Per record, <see cref="SmtpCredentialManager"/>: <c>pending</c> creates (or rotates) the credentials, stores
/// them KMS-encrypted and writes <c>active</c>; <c>disabled</c> deactivates the access keys and <c>active</c> again
/// reactivates them; a REMOVE deletes the IAM user with its keys and policies. Metrics in <c>SESMail/{env}</c>:
/// <c>SMTPCredentialCreationSuccess</c>/<c>SMTPCredentialCreationFailure</c> per record (skipped records count as
/// success) and <c>SMTPCredentialDeletionSuccess</c>/<c>SMTPCredentialDeletionFailure</c> per removed user. One
/// correlation id per invocation, <c>{id}-{8 hex}</c> per record, on every log line and the IAM user's tag.</para>
/// <para>Environment variables: see <see cref="SmtpCredentialManagerOptions"/>. The SMTP password is derived for the
/// function's own region (<c>AWS_REGION</c>): deploy it in the region whose SMTP endpoint the users send through.</para>
/// <para>IAM: <c>iam:*User*</c>, <c>*AccessKey*</c> and <c>*UserPolicy</c> actions on <c>user/ses-smtp-user-*</c> only;
/// <c>kms:Encrypt</c> on the credentials key; <c>dynamodb:UpdateItem</c> on the table; the stream's read actions.</para>
/// </remarks>
public sealed class SmtpCredentialManagerFunction : IDisposable
{
    /// <summary>The structured-log <c>service</c> name.</summary>
    public const string ServiceName = "ses-mail-smtp-credential-manager";

    /// <summary>Metric: records handled (or skipped).</summary>
    public const string SuccessMetric = "SMTPCredentialCreationSuccess";

    /// <summary>Metric: records that failed.</summary>
    public const string FailureMetric = "SMTPCredentialCreationFailure";

    /// <summary>Metric: removed users cleaned up.</summary>
    public const string DeletionSuccessMetric = "SMTPCredentialDeletionSuccess";

    /// <summary>Metric: removed users whose clean-up failed.</summary>
    public const string DeletionFailureMetric = "SMTPCredentialDeletionFailure";

    private readonly FunctionServices _services;
    private readonly StructuredLogger _logger;
    private readonly EmbeddedMetrics _metrics;
    private readonly SmtpCredentialManager _manager;

    /// <summary>Creates the function from the process environment (what the Lambda runtime calls).</summary>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed.</exception>
    public SmtpCredentialManagerFunction()
        : this(FunctionSettings.FromProcessEnvironment())
    {
    }

    /// <summary>Creates the function from explicit settings (local runtime, tests).</summary>
    /// <param name="settings">The function's environment variables.</param>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed.</exception>
    public SmtpCredentialManagerFunction(FunctionSettings settings)
        : this(SmtpCredentialManagerOptions.From(settings))
    {
    }

    private SmtpCredentialManagerFunction(SmtpCredentialManagerOptions options)
        : this(options, new FunctionServices(options.Aws))
    {
    }

    /// <summary>Creates the function over composed services (tests).</summary>
    /// <param name="options">The function's settings.</param>
    /// <param name="services">Clients, output and clock.</param>
    internal SmtpCredentialManagerFunction(SmtpCredentialManagerOptions options, FunctionServices services)
    {
        _services = services;
        _logger = services.CreateLogger(ServiceName);
        _metrics = services.CreateMetrics(ServiceName, options.Environment);
        _manager = new SmtpCredentialManager(services.Iam, services.Kms, services.DynamoDb, options, _logger, services.Time);
    }

    /// <summary>Handles a batch of stream records.</summary>
    /// <param name="input">JSON: a DynamoDB stream event.</param>
    /// <returns>JSON: the partial-batch response (always empty).</returns>
    /// <exception cref="JsonException">The input is not a DynamoDB stream event.</exception>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>Handles a batch of stream records.</summary>
    /// <param name="input">JSON: a DynamoDB stream event.</param>
    /// <param name="cancellationToken">Cancels AWS calls.</param>
    /// <returns>JSON: the partial-batch response (always empty).</returns>
    internal async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var streamEvent = await JsonSerializer.DeserializeAsync(input, LambdaEventsJsonContext.Default.DynamoDbStreamEvent, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The SMTP credential manager expects a DynamoDB stream event, not JSON null.");
        var invocation = Guid.NewGuid().ToString();
        var counters = new MetricCounters().Declare(SuccessMetric, FailureMetric);
        try
        {
            foreach (var record in streamEvent.Records ?? [])
            {
                var correlationId = string.Create(CultureInfo.InvariantCulture, $"{invocation}-{Random.Shared.Next():x8}");
                var newImage = record.Dynamodb["NewImage"] as System.Text.Json.Nodes.JsonObject;
                var oldImage = record.Dynamodb["OldImage"] as System.Text.Json.Nodes.JsonObject;
                try
                {
                    var outcome = await _manager.HandleAsync(record.EventName, newImage, oldImage, correlationId, cancellationToken).ConfigureAwait(false);
                    counters.Add(outcome == SmtpCredentialOutcome.Deleted ? DeletionSuccessMetric : SuccessMetric);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    counters.Add(record.EventName == "REMOVE" ? DeletionFailureMetric : FailureMetric);
                    _logger.Error("SMTP credential change failed; the item is left as it was", error,
                        new LogField("eventName", record.EventName),
                        new LogField("key", record.Dynamodb["Keys"]?["SK"]?["S"]?.ToString() ?? string.Empty),
                        new LogField("correlationId", correlationId));
                }
            }
        }
        finally
        {
            counters.PublishTo(_metrics);
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, StreamBatchResponse.None, LambdaEventsJsonContext.Default.SqsBatchResponse, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();
}
