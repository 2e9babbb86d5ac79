using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using SesMail.Aws.Events;
using SesMail.Functions.Gmail;
using SesMail.Functions.Observability;
using SesMail.Functions.Routing;

namespace SesMail.Functions.GmailForwarder;

/// <summary>
/// The forwarder's core (docs/OPERATIONS.md, "Gmail accounts and tokens"): for a batch of handler-queue records, import
/// each message once into every Gmail account its <c>forward-to-gmail</c> targets name, each with that account's own
/// token; log one <c>Action result</c> per target; park the record for one account in the retry queue when that account
/// has no usable token; and report the records that failed by SQS <c>messageId</c>.
/// </summary>
/// <remarks>
/// Accounts are delivered independently: the idempotency key is (SES message id, account), so when one account fails
/// and the record is redelivered, the accounts that already have the message are skipped, and a parked record names the
/// one account it is for (<see cref="RetryParking.GmailAccount"/>) so its replay delivers there only.
/// </remarks>
internal sealed class GmailForwarder
{
    /// <summary>Records acknowledged (imported, already imported, or parked) per invocation.</summary>
    public const string SuccessMetric = "GmailForwardSuccess";

    /// <summary>Records reported failed per invocation.</summary>
    public const string FailureMetric = "GmailForwardFailure";

    /// <summary>
    /// (Record, account) pairs parked because no token is stored for the account a rule forwards to: a rule names an
    /// account nobody ran <c>sesmail token refresh --account …</c> for. The alarm <c>ses-mail-gmail-token-missing-{env}</c>
    /// watches it.
    /// </summary>
    public const string TokenMissingMetric = "GmailTokenMissing";

    /// <summary>
    /// Imports found already in the mailbox when an earlier attempt's outcome was unknown (a lost answer, a crash before
    /// the ledger recorded it): each is a duplicate the forwarder did not make.
    /// </summary>
    public const string RecoveredMetric = "GmailImportRecovered";

    /// <summary>The Gmail <c>userId</c> imported into: always the account that granted the token in use.</summary>
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
    /// <exception cref="InvalidOperationException">The OAuth client parameter is missing or malformed (the whole invocation fails).</exception>
    /// <exception cref="AmazonServiceException">SSM could not be read.</exception>
    public async Task<SqsBatchResponse> ForwardAsync(IReadOnlyList<SqsEvent.SqsMessage> records, string? requestId, MetricCounters counters, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _budget;
        var failures = new List<SqsBatchResponse.BatchItemFailure>();
        if (records.Count == 0)
        {
            return new SqsBatchResponse(failures);
        }

        var work = records.Select(Read).ToList();
        var accounts = work.SelectMany(w => w.Groups.Select(g => g.Account)).Distinct(StringComparer.Ordinal).ToList();
        var credentials = accounts.Count == 0 ? null : await _credentials.ReadAsync(accounts, cancellationToken).ConfigureAwait(false);
        var sessions = new Dictionary<string, AccountSession>(StringComparer.Ordinal);
        try
        {
            foreach (var item in work)
            {
                Count(await ForwardRecordAsync(item, credentials, sessions, requestId, counters, deadline, cancellationToken).ConfigureAwait(false), item.Record, failures, counters);
            }

            return new SqsBatchResponse(failures);
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                (session.Tokens as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>Parses a record and groups its forward targets by account (in order of first appearance).</summary>
    private RecordWork Read(SqsEvent.SqsMessage record)
    {
        RoutingDetail detail;
        try
        {
            detail = RoutingDetail.FromSqsBody(record.Body ?? string.Empty);
        }
        catch (JsonException error)
        {
            _logger.Error("The SQS body is not a routing event; the record fails", error, new LogField("sqsMessageId", record.MessageId));
            return new RecordWork(record, null, [], null);
        }

        var only = record.MessageAttributes is { } attributes && attributes.TryGetValue(RetryParking.GmailAccountAttribute, out var attribute) && attribute.StringValue is { Length: > 0 } value
            ? GmailAccounts.Key(value)
            : null;
        var groups = detail.Actions.ForwardToGmail.Targets
            .GroupBy(target => GmailAccounts.Key(target.Destination), StringComparer.Ordinal)
            .Select(group => new AccountTargets(group.Key, [.. group]))
            .Where(group => only is null || group.Account == only)
            .ToList();
        return new RecordWork(record, detail, groups, only);
    }

    private async Task<bool> ForwardRecordAsync(
        RecordWork work, GmailCredentials? credentials, Dictionary<string, AccountSession> sessions, string? requestId, MetricCounters counters, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var (record, detail, groups, only) = work;
        if (detail is null)
        {
            return false;
        }

        var messageId = detail.OriginalMessageId;
        using var correlation = FunctionTelemetry.Correlate(messageId);
        if (string.IsNullOrEmpty(messageId) || detail.Actions.ForwardToGmail.Targets.Count == 0)
        {
            _logger.Error(
                "The routing event has no originalMessageId or no forward-to-gmail targets; the record fails",
                null,
                new LogField("sqsMessageId", record.MessageId),
                new LogField("messageId", messageId),
                new LogField("targets", detail.Actions.ForwardToGmail.Targets.Count));
            return false;
        }

        if (groups.Count == 0)
        {
            _logger.Warning(
                "The replayed record is for a Gmail account none of its targets names; nothing to deliver",
                new LogField("sqsMessageId", record.MessageId),
                new LogField("messageId", messageId),
                new LogField("account", only));
            return true;
        }

        // Every account on its own: one failing never undoes or repeats another (the ledger skips those done).
        var delivered = true;
        foreach (var group in groups)
        {
            delivered &= await DeliverAsync(record, detail, group, credentials!, sessions, requestId, counters, deadline, cancellationToken).ConfigureAwait(false);
        }

        return delivered;
    }

    /// <summary>Delivers one message into one account: <c>true</c> when it is there (or parked for later), <c>false</c> to retry the record.</summary>
    private async Task<bool> DeliverAsync(
        SqsEvent.SqsMessage record, RoutingDetail detail, AccountTargets group, GmailCredentials credentials, Dictionary<string, AccountSession> sessions,
        string? requestId, MetricCounters counters, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var messageId = detail.OriginalMessageId;
        var sender = detail.Ses?.Mail?.Source;
        var subject = detail.Ses?.Mail?.CommonHeaders?.Subject;
        using var activity = FunctionTelemetry.Start("gmail import", ActivityKind.Client, messageId);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.service", "gmail");
            activity.SetTag("rpc.method", "users.messages.import");
            activity.SetTag("sesmail.gmail.account", group.Account);
            activity.SetTag("sesmail.recipients", group.Targets.Select(t => t.Target).ToArray());
        }

        void LogResults(bool success, string? resultId, string? error)
        {
            activity?.SetTag("sesmail.result", success ? "imported" : "failed");
            if (!success)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error);
            }

            foreach (var target in group.Targets)
            {
                _logger.ActionResult(messageId, sender, subject, target.Target, RoutingActionNames.ForwardToGmail, success, target.Destination, resultId, error);
            }
        }

        var credential = credentials.Accounts[group.Account];
        if (!credential.IsUsable)
        {
            counters.Add(TokenMissingMetric);
            _logger.Error(
                "No Gmail token for the account a rule forwards to; the message is parked for that account only",
                null,
                new LogField("messageId", messageId),
                new LogField("account", group.Account),
                new LogField("parameter", credential.Parameter),
                new LogField("error_type", RetryParking.TokenMissing),
                new LogField("hint", credential.Problem));
            LogResults(false, null, credential.Problem);
            return await ParkAsync(record, group.Account, RetryParking.TokenMissing, credential.Problem ?? "no token", requestId, cancellationToken).ConfigureAwait(false);
        }

        if (credential.LedgerMailbox == GmailAccounts.UnrecordedMailbox && group.Account != GmailAccounts.DefaultKey)
        {
            _logger.Warning(
                "The default Gmail token records no account, so it serves every target without a token of its own; run `sesmail token refresh` once to record whose it is",
                new LogField("messageId", messageId),
                new LogField("account", group.Account),
                new LogField("parameter", credential.Parameter));
        }

        var session = await SessionAsync(credential, credentials.Client, sessions, deadline, cancellationToken).ConfigureAwait(false);
        if (session.Error is { } sessionError)
        {
            LogResults(false, null, sessionError.Message);
            if (!session.Expired)
            {
                return false;
            }

            _credentials.Refused(credential);
            return await ParkAsync(record, group.Account, RetryParking.TokenExpired, sessionError.Message, requestId, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var gmailId = await ImportOnceAsync(messageId, detail.Actions.ForwardToGmail.Targets[0].Target, credential.LedgerMailbox, session.Gmail!, counters, deadline, activity, cancellationToken).ConfigureAwait(false);
            LogResults(true, gmailId, null);
            return true;
        }
        catch (Exception error) when (IsTokenExpired(error))
        {
            sessions[credential.Account] = session with { Error = error, Expired = true };
            _credentials.Refused(credential);
            LogResults(false, null, error.Message);
            return await ParkAsync(record, group.Account, RetryParking.TokenExpired, error.Message, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.Error(
                "Gmail import failed; the record will be retried (accounts that already have it are skipped)",
                error,
                new LogField("messageId", messageId),
                new LogField("account", group.Account),
                new LogField("sqsMessageId", record.MessageId),
                new LogField("error_type", (error as GmailException)?.ErrorType ?? (error is EmailObjectMissingException ? "object_missing" : "failure")));
            LogResults(false, null, error.Message);
            return false;
        }
    }

    /// <summary>The account's token source and Gmail client, made (and the access token fetched) once per invocation.</summary>
    private async Task<AccountSession> SessionAsync(
        GmailAccountCredential credential, GmailClientSecrets client, Dictionary<string, AccountSession> sessions, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (sessions.TryGetValue(credential.Account, out var existing))
        {
            return existing;
        }

        var tokens = _tokenSources(client, credential.RefreshToken!);
        AccountSession session;
        try
        {
            await _retry.ExecuteAsync(async token => await tokens.GetAccessTokenAsync(false, token).ConfigureAwait(false), deadline, null, cancellationToken).ConfigureAwait(false);
            session = new AccountSession(tokens, _clients(tokens), null, false);
        }
        catch (Exception error) when (IsTokenExpired(error))
        {
            _logger.Error(
                "Gmail token refresh failed with an expiry or authorisation error; mail for this account is parked in the retry queue",
                error,
                new LogField("account", credential.Account),
                new LogField("parameter", credential.Parameter));
            session = new AccountSession(tokens, null, error, true);
        }
        catch (GmailException error)
        {
            _logger.Error(
                "Gmail token refresh failed; mail for this account will be retried",
                error,
                new LogField("account", credential.Account),
                new LogField("error_type", error.ErrorType));
            session = new AccountSession(tokens, null, error, false);
        }

        sessions[credential.Account] = session;
        return session;
    }

    /// <summary>
    /// Imports <paramref name="messageId"/> unless the ledger says it is there already, or — when an earlier attempt's
    /// outcome is unknown — unless the mailbox already holds it (<c>rfc822msgid:</c>, docs/DELIVERY.md).
    /// </summary>
    /// <returns>The Gmail message id.</returns>
    private async Task<string> ImportOnceAsync(string messageId, string? firstRecipient, string ledgerMailbox, GmailClient gmail, MetricCounters counters, DateTimeOffset deadline, Activity? activity, CancellationToken cancellationToken)
    {
        // No Gmail call after the cut-off, counted from before the claim is written (so never later than claimed_at plus
        // the cut-off): a holder whose lease ran out is dead or silent, so a takeover is safe.
        using var cutoff = new CancellationTokenSource(DynamoDbGmailImportLedger.CutoffFor(_budget), _time);
        var claim = await _ledger.ClaimAsync(messageId, ledgerMailbox, cancellationToken).ConfigureAwait(false);
        switch (claim.Outcome)
        {
            case GmailImportClaimOutcome.AlreadyImported:
                activity?.SetTag("sesmail.gmail.message_id", claim.GmailMessageId);
                activity?.SetTag("sesmail.gmail.attempts", 0);
                _logger.Info("Message already imported into this account; not importing again", new LogField("messageId", messageId), new LogField("account", ledgerMailbox), new LogField("resultId", claim.GmailMessageId));
                return claim.GmailMessageId ?? string.Empty;
            case GmailImportClaimOutcome.InProgress:
                throw new InvalidOperationException($"Another invocation is importing message {messageId} right now; this delivery will be retried after the visibility timeout.");
        }

        using var calls = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cutoff.Token);
        var uncertain = claim.EarlierAttempt;
        var recovered = false;
        GmailMessage imported;
        var attempts = 0;
        try
        {
            using var email = await _objects.OpenAsync(messageId, calls.Token).ConfigureAwait(false);
            using var message = await SearchableMessage.ReadAsync(email.Source, messageId, firstRecipient, calls.Token).ConfigureAwait(false);
            activity?.SetTag("sesmail.gmail.bytes", message.Source.Length);
            activity?.SetTag("sesmail.gmail.upload_type", message.Source.Length <= gmail.ResumableThreshold ? "multipart" : "resumable");
            if (message.Added)
            {
                _logger.Info("The message has no Message-ID; the import carries one so that it can be found again", new LogField("messageId", messageId), new LogField("rfc822MessageId", message.MessageId));
            }

            imported = await _retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    if (uncertain && message.MessageId is { } rfc822Id)
                    {
                        // An earlier attempt may have stored it: look before importing a second copy.
                        if (await gmail.FindByRfc822MessageIdAsync(Mailbox, rfc822Id, token).ConfigureAwait(false) is { } found)
                        {
                            recovered = true;
                            return found;
                        }
                    }
                    else if (uncertain)
                    {
                        _logger.Warning(
                            "An earlier import of this message may have reached Gmail, but it has no Message-ID that can be searched; importing again may make a second copy",
                            new LogField("messageId", messageId));
                    }

                    try
                    {
                        return await gmail.ImportAsync(message.Source, ImportOptions, token).ConfigureAwait(false);
                    }
                    catch (Exception error) when (MayHaveImported(error))
                    {
                        uncertain = true;
                        throw;
                    }
                },
                deadline,
                (error, delay) => _logger.Warning(
                    "Gmail import failed; retrying",
                    new LogField("messageId", messageId),
                    new LogField("error_type", error.ErrorType),
                    new LogField("status", (int?)error.StatusCode),
                    new LogField("delay_ms", (long)delay.TotalMilliseconds)),
                calls.Token).ConfigureAwait(false);
        }
        catch
        {
            activity?.SetTag("sesmail.gmail.attempts", attempts);
            await _ledger.ReleaseAsync(claim, uncertain, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        activity?.SetTag("sesmail.gmail.attempts", attempts);
        activity?.SetTag("sesmail.gmail.message_id", imported.Id);
        if (recovered)
        {
            counters.Add(RecoveredMetric);
            _logger.Warning(
                "An earlier import whose outcome was unknown had reached Gmail; recording it instead of importing a second copy",
                new LogField("messageId", messageId),
                new LogField("account", ledgerMailbox),
                new LogField("resultId", imported.Id));
        }

        if (!await _ledger.CompleteAsync(claim, imported.Id!, cancellationToken).ConfigureAwait(false))
        {
            _logger.Warning("The import claim was taken over before the Gmail id could be recorded; the new holder looks in the mailbox first", new LogField("messageId", messageId), new LogField("resultId", imported.Id));
        }

        return imported.Id!;
    }

    /// <summary>
    /// Whether a failed import attempt may nevertheless have stored the message: anything but an error answer in the
    /// 4xx range (which says Gmail stored nothing) — a broken connection, a timeout, a cancelled call, a 5xx, or an
    /// answer that could not be read.
    /// </summary>
    /// <param name="error">What the attempt threw.</param>
    /// <returns><c>true</c> when the next attempt must look in the mailbox first.</returns>
    internal static bool MayHaveImported(Exception error) => error switch
    {
        GmailException { StatusCode: { } status } => (int)status is < 400 or >= 500,
        EmailObjectMissingException => false,
        _ => true,
    };

    private async Task<bool> ParkAsync(SqsEvent.SqsMessage record, string account, string errorType, string cause, string? requestId, CancellationToken cancellationToken)
    {
        var attempt = record.MessageAttributes is { } attributes && attributes.TryGetValue("attempt_count", out var count) &&
            int.TryParse(count.StringValue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var previous)
            ? previous + 1
            : 1;
        var parking = new RetryParking(_time.GetUtcNow(), errorType, string.IsNullOrEmpty(requestId) ? "unknown" : requestId, attempt, account);
        try
        {
            var deadLettered = await _retryQueue.ParkAsync(record.Body ?? string.Empty, parking, cancellationToken).ConfigureAwait(false);
            if (deadLettered)
            {
                _logger.Error(
                    "Gmail token still missing, expired or revoked at the parking limit; record sent to the retry DLQ for that account",
                    null,
                    new LogField("sqsMessageId", record.MessageId),
                    new LogField("account", account),
                    new LogField("attempt_count", attempt),
                    new LogField("error_type", errorType),
                    new LogField("error", cause));
                return true;
            }

            _logger.Warning(
                errorType == RetryParking.TokenMissing
                    ? "No Gmail token for the account; record parked in the retry queue for that account"
                    : "Gmail token expired or revoked; record parked in the retry queue for that account",
                new LogField("sqsMessageId", record.MessageId),
                new LogField("account", account),
                new LogField("attempt_count", attempt),
                new LogField("error_type", errorType),
                new LogField("error", cause));
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.Error("Parking the record in the retry queue failed; it will be redelivered", error, new LogField("sqsMessageId", record.MessageId), new LogField("account", account));
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

    /// <summary>A record and its forward targets grouped by account; <c>Detail</c> is null when the body could not be read.</summary>
    private sealed record RecordWork(SqsEvent.SqsMessage Record, RoutingDetail? Detail, IReadOnlyList<AccountTargets> Groups, string? OnlyAccount);

    /// <summary>The targets of one record that go into one account.</summary>
    private sealed record AccountTargets(string Account, IReadOnlyList<RoutingTarget> Targets);

    /// <summary>One account's token source and client for this invocation, or the error that stopped them.</summary>
    private sealed record AccountSession(IGmailAccessTokenSource Tokens, GmailClient? Gmail, Exception? Error, bool Expired);
}
