using System.Text.Json;
using Amazon.Runtime;
using SesMail.Aws.Events;
using SesMail.Functions.Gmail;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// The forwarder's core (docs/ARCHITECTURE.md#the-gmail-forwarder): for a batch of handler-queue records, import each message once into the
/// OAuth mailbox, log one <c>Action result</c> per target, park records in the retry queue when the token has expired,
/// and report the others that failed by SQS <c>messageId</c>.
/// </summary>
internal sealed class GmailForwarder
{
    /// <summary>Records acknowledged (imported, already imported, or parked) per invocation.</summary>
    public const string SuccessMetric = "GmailForwardSuccess";

    /// <summary>Records reported failed per invocation.</summary>
    public const string FailureMetric = "GmailForwardFailure";

    /// <summary>The mailbox imported into: always the account that granted the token (docs/ARCHITECTURE.md#the-gmail-forwarder).</summary>
    public const string Mailbox = "me";

    /// <summary>Texts that mark an error without a Gmail or token-endpoint status as a token problem (a last-resort text test, case-insensitive).</summary>
    internal static readonly string[] TokenErrorTexts =
        ["invalid_grant", "token has been expired", "token expired", "invalid credentials", "credentials have expired", "unauthorized", "authentication failed"];

    private readonly IGmailCredentialStore _credentials;
    private readonly Func<GmailClientSecrets, string, IGmailAccessTokenSource> _tokenSources;
    private readonly Func<IGmailAccessTokenSource, GmailClient> _clients;
    private readonly IEmailObjectReader _objects;
    private readonly IGmailImportLedger _ledger;
    private readonly IRetryQueue _retryQueue;
    private readonly GmailRetryPolicy _retry;
    private readonly StructuredLogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;

    /// <summary>Creates the core over its collaborators.</summary>
    public GmailForwarder(
        IGmailCredentialStore credentials,
        Func<GmailClientSecrets, string, IGmailAccessTokenSource> tokenSources,
        Func<IGmailAccessTokenSource, GmailClient> clients,
        IEmailObjectReader objects,
        IGmailImportLedger ledger,
        IRetryQueue retryQueue,
        GmailRetryPolicy retry,
        StructuredLogger logger,
        TimeProvider time,
        TimeSpan budget)
    {
        _credentials = credentials;
        _tokenSources = tokenSources;
        _clients = clients;
        _objects = objects;
        _ledger = ledger;
        _retryQueue = retryQueue;
        _retry = retry;
        _logger = logger;
        _time = time;
        _budget = budget;
    }

    /// <summary>The options of every import: <c>me</c>, <c>receivedTime</c>, <c>INBOX</c> + <c>UNREAD</c>.</summary>
    public static GmailImportOptions ImportOptions { get; } = new();

    /// <summary>Forwards a batch.</summary>
    /// <param name="records">The SQS records.</param>
    /// <param name="requestId">The Lambda request id, or <c>null</c>.</param>
    /// <param name="counters">Success/failure counters.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The failed records.</returns>
    /// <exception cref="InvalidOperationException">An SSM parameter is missing or malformed (the whole invocation fails).</exception>
    /// <exception cref="AmazonServiceException">SSM could not be read.</exception>
    public async Task<SqsBatchResponse> ForwardAsync(IReadOnlyList<SqsEvent.SqsMessage> records, string? requestId, MetricCounters counters, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _budget;
        var failures = new List<SqsBatchResponse.BatchItemFailure>();
        if (records.Count == 0)
        {
            return new SqsBatchResponse(failures);
        }

        // Steps 1–3, once per invocation: read SSM, get an access token (reused across invocations while it is fresh).
        var (client, refreshToken) = await _credentials.ReadAsync(cancellationToken).ConfigureAwait(false);
        var tokens = _tokenSources(client, refreshToken);
        try
        {
            try
            {
                await _retry.ExecuteAsync(async token => await tokens.GetAccessTokenAsync(false, token).ConfigureAwait(false), deadline, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (IsTokenExpired(error))
            {
                _logger.Error("Gmail token refresh failed with an expiry or authorisation error; parking every record in the retry queue", error, new LogField("records", records.Count));
                foreach (var record in records)
                {
                    Count(await ParkAsync(record, requestId, error, cancellationToken).ConfigureAwait(false), record, failures, counters);
                }

                return new SqsBatchResponse(failures);
            }
            catch (GmailException error)
            {
                _logger.Error("Gmail token refresh failed; every record will be retried", error, new LogField("records", records.Count), new LogField("error_type", error.ErrorType));
                foreach (var record in records)
                {
                    Count(false, record, failures, counters);
                }

                return new SqsBatchResponse(failures);
            }

            // Steps 4–8, per record.
            var gmail = _clients(tokens);
            foreach (var record in records)
            {
                Count(await ForwardRecordAsync(record, gmail, requestId, deadline, cancellationToken).ConfigureAwait(false), record, failures, counters);
            }

            return new SqsBatchResponse(failures);
        }
        finally
        {
            (tokens as IDisposable)?.Dispose();
        }
    }

    private async Task<bool> ForwardRecordAsync(SqsEvent.SqsMessage record, GmailClient gmail, string? requestId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        RoutingDetail detail;
        try
        {
            detail = RoutingDetail.FromSqsBody(record.Body ?? string.Empty);
        }
        catch (JsonException error)
        {
            _logger.Error("The SQS body is not a routing event; the record fails", error, new LogField("sqsMessageId", record.MessageId));
            return false;
        }

        var messageId = detail.OriginalMessageId;
        var targets = detail.Actions.ForwardToGmail.Targets;
        var sender = detail.Ses?.Mail?.Source;
        var subject = detail.Ses?.Mail?.CommonHeaders?.Subject;
        if (string.IsNullOrEmpty(messageId) || targets.Count == 0)
        {
            _logger.Error(
                "The routing event has no originalMessageId or no forward-to-gmail targets; the record fails",
                null,
                new LogField("sqsMessageId", record.MessageId),
                new LogField("messageId", messageId),
                new LogField("targets", targets.Count));
            return false;
        }

        void LogResults(bool success, string? resultId, string? error)
        {
            foreach (var target in targets)
            {
                _logger.ActionResult(messageId, sender, subject, target.Target, RoutingActionNames.ForwardToGmail, success, target.Destination, resultId, error);
            }
        }

        try
        {
            var gmailId = await ImportOnceAsync(messageId, gmail, deadline, cancellationToken).ConfigureAwait(false);
            LogResults(true, gmailId, null);
            return true;
        }
        catch (Exception error) when (IsTokenExpired(error))
        {
            LogResults(false, null, error.Message);
            return await ParkAsync(record, requestId, error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.Error(
                "Gmail import failed; the record will be retried",
                error,
                new LogField("messageId", messageId),
                new LogField("sqsMessageId", record.MessageId),
                new LogField("error_type", (error as GmailException)?.ErrorType ?? (error is EmailObjectMissingException ? "object_missing" : "failure")));
            LogResults(false, null, error.Message);
            return false;
        }
    }

    /// <summary>Imports <paramref name="messageId"/> unless the ledger says it is there already.</summary>
    /// <returns>The Gmail message id.</returns>
    private async Task<string> ImportOnceAsync(string messageId, GmailClient gmail, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var claim = await _ledger.ClaimAsync(messageId, Mailbox, cancellationToken).ConfigureAwait(false);
        switch (claim.Outcome)
        {
            case GmailImportClaimOutcome.AlreadyImported:
                _logger.Info("Message already imported; not importing again", new LogField("messageId", messageId), new LogField("resultId", claim.GmailMessageId));
                return claim.GmailMessageId ?? string.Empty;
            case GmailImportClaimOutcome.InProgress:
                throw new InvalidOperationException($"Another invocation is importing message {messageId} right now; this delivery will be retried after the visibility timeout.");
        }

        if (claim.TookOverStaleClaim)
        {
            _logger.Warning("Taking over an import claim whose holder stopped without finishing; if it had imported, Gmail now gets a second copy", new LogField("messageId", messageId));
        }

        GmailMessage imported;
        try
        {
            using var email = await _objects.OpenAsync(messageId, cancellationToken).ConfigureAwait(false);
            imported = await _retry.ExecuteAsync(
                token => gmail.ImportAsync(email.Source, ImportOptions, token),
                deadline,
                (error, delay) => _logger.Warning(
                    "Gmail import failed; retrying",
                    new LogField("messageId", messageId),
                    new LogField("error_type", error.ErrorType),
                    new LogField("status", (int?)error.StatusCode),
                    new LogField("delay_ms", (long)delay.TotalMilliseconds)),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _ledger.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // Crash window: Gmail holds the message from here until the write below succeeds (IGmailImportLedger remarks).
        if (!await _ledger.CompleteAsync(claim, imported.Id!, cancellationToken).ConfigureAwait(false))
        {
            _logger.Warning("The import claim was taken over before the Gmail id could be recorded; a second copy is possible", new LogField("messageId", messageId), new LogField("resultId", imported.Id));
        }

        return imported.Id!;
    }

    private async Task<bool> ParkAsync(SqsEvent.SqsMessage record, string? requestId, Exception cause, CancellationToken cancellationToken)
    {
        var attempt = record.MessageAttributes is { } attributes && attributes.TryGetValue("attempt_count", out var count) &&
            int.TryParse(count.StringValue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var previous)
            ? previous + 1
            : 1;
        var parking = new RetryParking(_time.GetUtcNow(), "token_expired", string.IsNullOrEmpty(requestId) ? "unknown" : requestId, attempt);
        try
        {
            var deadLettered = await _retryQueue.ParkAsync(record.Body ?? string.Empty, parking, cancellationToken).ConfigureAwait(false);
            if (deadLettered)
            {
                _logger.Error(
                    "Gmail token still expired or revoked at the parking limit; record sent to the retry DLQ",
                    null,
                    new LogField("sqsMessageId", record.MessageId),
                    new LogField("attempt_count", attempt),
                    new LogField("error_type", "token_expired"),
                    new LogField("error", cause.Message));
                return true;
            }

            _logger.Warning(
                "Gmail token expired or revoked; record parked in the retry queue",
                new LogField("sqsMessageId", record.MessageId),
                new LogField("attempt_count", attempt),
                new LogField("error_type", "token_expired"),
                new LogField("error", cause.Message));
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.Error("Parking the record in the retry queue failed; it will be redelivered", error, new LogField("sqsMessageId", record.MessageId));
            return false;
        }
    }

    private static void Count(bool success, SqsEvent.SqsMessage record, List<SqsBatchResponse.BatchItemFailure> failures, MetricCounters counters)
    {
        if (success)
        {
            counters.Add(SuccessMetric);
        }
        else
        {
            failures.Add(new SqsBatchResponse.BatchItemFailure(record.MessageId));
            counters.Add(FailureMetric);
        }
    }

    /// <summary>
    /// Whether an error means the token is expired or revoked: a typed <see cref="GmailErrorKind.TokenExpired"/>, or
    /// — for untyped errors from outside the Gmail client and AWS — the public code's text test.
    /// </summary>
    /// <param name="error">The error.</param>
    /// <returns><c>true</c> to park the record.</returns>
    internal static bool IsTokenExpired(Exception error) => error switch
    {
        GmailException gmail => gmail.Kind == GmailErrorKind.TokenExpired,
        AmazonServiceException or EmailObjectMissingException or OperationCanceledException => false,
        _ => TokenErrorTexts.Any(text => error.Message.Contains(text, StringComparison.OrdinalIgnoreCase)),
    };
}
