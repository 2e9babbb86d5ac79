using System.Diagnostics;
using System.Text.Json;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;

namespace SesMail.Functions.Bouncer;

/// <summary>
/// The bouncer: answers bounced recipients with one RFC 3464 delivery-status notification per message, sent to the
/// envelope sender through SES (docs/ARCHITECTURE.md#the-bouncer).
/// Handler: <c>SesMail.Functions::SesMail.Functions.Bouncer.BouncerFunction::HandleAsync</c>.
/// </summary>
/// <remarks>
/// <para>Input: an SQS event (queue <c>ses-mail-bouncer-{env}</c>, batch 1, <c>ReportBatchItemFailures</c>) whose bodies are
/// <c>Email Routing Decision</c> bus events (or bare details). Output: <c>{"batchItemFailures":[{"itemIdentifier":
/// "&lt;messageId&gt;"}]}</c> listing records to retry.</para>
/// <para>Per record: no bounce targets → warning, done. Loop protection (<see cref="BounceLoopGuard"/>): no notification
/// to an empty/<c>&lt;&gt;</c> sender, <c>mailer-daemon</c>/<c>postmaster</c>, our own domains' system addresses, or for
/// mail with <c>Auto-Submitted</c> ≠ <c>no</c>, <c>Precedence: bulk|junk|list</c> or <c>List-Id</c>; each skip is
/// logged with its <c>reason</c> and counted in <c>BounceSkipped</c>. Idempotency: a conditional write keyed by the
/// SES message id (<see cref="DynamoDbBounceLedger"/>); a redelivered record finds it and sends nothing (reason
/// <c>already-sent</c>). A failed send releases the claim and reports the record failed. Metrics
/// <c>BounceSendSuccess</c>/<c>BounceSendFailure</c> per record; one <c>Action result</c> log per bounce target.</para>
/// <para>Environment variables: see <see cref="BouncerOptions"/>; read once at cold start, a missing or malformed one
/// stops the start with a message naming it. The bounced recipients' domains count as ours too (loop protection).</para>
/// <para>IAM: <c>ses:SendRawEmail</c> on the bounce identity; <c>s3:GetObject</c> on <c>emails/*</c> of the email
/// bucket; <c>dynamodb:PutItem</c>, <c>UpdateItem</c>,
/// <c>DeleteItem</c> on the table.</para>
/// </remarks>
public sealed class BouncerFunction : IDisposable
{
    /// <summary>The structured-log <c>service</c> name.</summary>
    public const string ServiceName = "ses-mail-bouncer";

    /// <summary>Metric: records whose notification was sent (or that needed none).</summary>
    public const string SuccessMetric = "BounceSendSuccess";

    /// <summary>Metric: records that failed and will be retried.</summary>
    public const string FailureMetric = "BounceSendFailure";

    /// <summary>Metric: messages not answered because of loop protection or a duplicate delivery.</summary>
    public const string SkippedMetric = "BounceSkipped";

    /// <summary>Skip reason: the notification for this message was already sent (redelivered record).</summary>
    public const string AlreadySent = "already-sent";

    private readonly FunctionServices _services;
    private readonly StructuredLogger _logger;
    private readonly EmbeddedMetrics _metrics;
    private readonly IBounceLedger _ledger;
    private readonly IRawEmailSender _sender;
    private readonly IOriginalHeaderSource _originalHeaders;
    private readonly string _bounceSender;
    private readonly BounceLoopGuard _guard;

    /// <summary>Creates the function from the process environment (what the Lambda runtime calls).</summary>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed (see <see cref="BouncerOptions"/>).</exception>
    public BouncerFunction()
        : this(FunctionSettings.FromProcessEnvironment())
    {
    }

    /// <summary>Creates the function from explicit settings (local runtime, tests).</summary>
    /// <param name="settings">The function's environment variables.</param>
    /// <exception cref="FunctionConfigurationException">A variable is unset or malformed (see <see cref="BouncerOptions"/>).</exception>
    public BouncerFunction(FunctionSettings settings)
        : this(BouncerOptions.From(settings))
    {
    }

    private BouncerFunction(BouncerOptions options)
        : this(options, new FunctionServices(options.Aws))
    {
    }

    /// <summary>Creates the function over composed services, optionally replacing its collaborators (tests).</summary>
    /// <param name="options">The function's settings.</param>
    /// <param name="services">Clients, output and clock.</param>
    /// <param name="ledger">The idempotency ledger; default DynamoDB.</param>
    /// <param name="sender">The mail sender; default SES <c>SendRawEmail</c>.</param>
    /// <param name="originalHeaders">Where the stored message's header block comes from; default S3.</param>
    internal BouncerFunction(BouncerOptions options, FunctionServices services, IBounceLedger? ledger = null, IRawEmailSender? sender = null, IOriginalHeaderSource? originalHeaders = null)
    {
        _services = services;
        _logger = services.CreateLogger(ServiceName);
        _metrics = services.CreateMetrics(ServiceName, options.Environment);
        _bounceSender = options.BounceSender;
        _guard = new BounceLoopGuard([.. options.Domains, _bounceSender[(_bounceSender.LastIndexOf('@') + 1)..]]);
        _ledger = ledger ?? new DynamoDbBounceLedger(services.DynamoDb, options.RoutingTableName, services.Time);
        _sender = sender ?? new SesRawEmailSender(services.Ses);
        _originalHeaders = originalHeaders ?? new S3OriginalHeaderSource(
            services.S3,
            options.EmailBucket,
            (location, error) => _logger.Warning(
                "Stored message unreadable; the notification quotes the SES notification's headers instead",
                new LogField("object", location),
                new LogField("error", error.Message)));
    }

    /// <summary>Handles a batch from the bouncer queue.</summary>
    /// <param name="input">JSON: an SQS event.</param>
    /// <returns>JSON: the partial-batch response.</returns>
    /// <exception cref="JsonException">The input is not an SQS event.</exception>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>Handles a batch from the bouncer queue.</summary>
    /// <param name="input">JSON: an SQS event.</param>
    /// <param name="cancellationToken">Cancels AWS calls.</param>
    /// <returns>JSON: the partial-batch response.</returns>
    internal async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var bounceSender = _bounceSender;
        var sqsEvent = await JsonSerializer.DeserializeAsync(input, LambdaEventsJsonContext.Default.SqsEvent, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The bouncer expects an SQS event, not JSON null.");
        var counters = new MetricCounters().Declare(SuccessMetric, FailureMetric);
        var failures = new List<SqsBatchResponse.BatchItemFailure>();
        try
        {
            foreach (var record in sqsEvent.Records ?? [])
            {
                var ok = await HandleRecordAsync(record, bounceSender, counters, cancellationToken).ConfigureAwait(false);
                counters.Add(ok ? SuccessMetric : FailureMetric);
                if (!ok)
                {
                    failures.Add(new(record.MessageId));
                }
            }
        }
        finally
        {
            counters.PublishTo(_metrics);
        }

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, new SqsBatchResponse(failures), LambdaEventsJsonContext.Default.SqsBatchResponse, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();

    private async Task<bool> HandleRecordAsync(SqsEvent.SqsMessage record, string bounceSender, MetricCounters counters, CancellationToken cancellationToken)
    {
        RoutingDetail detail;
        try
        {
            detail = RoutingDetail.FromSqsBody(record.Body ?? string.Empty);
        }
        catch (JsonException exception)
        {
            _logger.Error("Bouncer record is not a routing event", exception, new LogField("sqsMessageId", record.MessageId));
            return false;
        }

        var messageId = detail.OriginalMessageId;
        using var correlation = FunctionTelemetry.Correlate(messageId);
        var mail = detail.Ses?.Mail;
        var targets = detail.Actions.Bounce.Targets;
        if (targets.Count == 0)
        {
            _logger.Warning("Routing event has no bounce targets; nothing to send", new LogField("messageId", messageId));
            return true;
        }

        if (messageId.Length == 0)
        {
            _logger.Error("Routing event has bounce targets but no originalMessageId", null, new LogField("sqsMessageId", record.MessageId));
            return false;
        }

        var recipientDomains = targets.Select(t => t.Target[(t.Target.LastIndexOf('@') + 1)..]);
        if (_guard.SkipReason(mail, recipientDomains) is { } reason)
        {
            Skip(messageId, mail, reason, counters);
            return true;
        }

        var bounceAddress = mail!.Source!.Trim().Trim('<', '>');
        var subject = mail.CommonHeaders?.Subject;
        try
        {
            if (!await _ledger.TryClaimAsync(messageId, cancellationToken).ConfigureAwait(false))
            {
                Skip(messageId, mail, AlreadySent, counters);
                return true;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.Error("Could not record the bounce before sending; the record will be retried", exception, new LogField("messageId", messageId));
            return false;
        }

        string notificationId;
        using var activity = FunctionTelemetry.Start("ses SendRawEmail", ActivityKind.Client, messageId);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "aws-api");
            activity.SetTag("rpc.service", "SES");
            activity.SetTag("rpc.method", "SendRawEmail");
            activity.SetTag("sesmail.recipients", targets.Select(t => t.Target).ToArray());
            activity.SetTag("sesmail.bounce.reasons", targets.Select(t => t.Reason ?? "policy").ToArray());
        }

        try
        {
            var headerBlock = await _originalHeaders.ReadAsync(detail.Ses, messageId, cancellationToken).ConfigureAwait(false);
            var notice = DeliveryStatusNotification.Build(detail, bounceSender, bounceAddress, _services.Time.GetUtcNow(), headerBlock);
            notificationId = await _sender.SendAsync(notice, [bounceAddress], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            FunctionTelemetry.Fail(activity, exception);
            foreach (var target in targets)
            {
                _logger.ActionResult(messageId, mail.Source, subject, target.Target, RoutingActionNames.Bounce, success: false, bounceAddress, null, exception.Message);
            }

            await ReleaseAsync(messageId, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException exception)
        {
            FunctionTelemetry.Fail(activity, exception);
            throw;
        }

        activity?.SetTag("aws.ses.message_id", notificationId);
        activity?.Dispose();
        foreach (var target in targets)
        {
            _logger.ActionResult(messageId, mail.Source, subject, target.Target, RoutingActionNames.Bounce, success: true, bounceAddress, notificationId, null);
        }

        try
        {
            await _ledger.MarkSentAsync(messageId, notificationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The claim stays in place, so a redelivery still sends nothing; only the bookkeeping is incomplete.
            _logger.Warning("Notification sent but not marked as sent", new LogField("messageId", messageId), new LogField("error", exception.Message));
        }

        return true;
    }

    private void Skip(string messageId, SesNotification.MailObject? mail, string reason, MetricCounters counters)
    {
        counters.Add(SkippedMetric);
        _logger.Info(
            "Bounce skipped",
            new LogField("messageId", messageId),
            new LogField("sender", mail?.Source),
            new LogField("reason", reason));
    }

    private async Task ReleaseAsync(string messageId, CancellationToken cancellationToken)
    {
        try
        {
            await _ledger.ReleaseAsync(messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.Error("Could not release the bounce claim; the retry will treat the message as answered", exception, new LogField("messageId", messageId));
        }
    }
}
