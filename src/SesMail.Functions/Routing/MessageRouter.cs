using System.Diagnostics;
using SesMail.Aws.Events;
using SesMail.Functions.Observability;

namespace SesMail.Functions.Routing;

/// <summary>
/// Routes one SES message end to end: decision (<see cref="RoutingEngine"/>), one <c>Routing decision</c> log record
/// per recipient, S3 tags (best effort), and the message's metric counts.
/// </summary>
internal sealed class MessageRouter
{
    /// <summary>Metric: SES messages that produced a regular decision.</summary>
    public const string SuccessMetric = "RouterEnrichmentSuccess";

    /// <summary>Metric: SES messages that fell back to <c>store</c> (data problem) or produced no event.</summary>
    public const string FailureMetric = "RouterEnrichmentFailure";

    /// <summary>Metric: +1 per SES message routed (docs/ARCHITECTURE.md#logs-metrics-and-traces).</summary>
    public const string AcceptedMetric = "EmailsAccepted";

    /// <summary>Metric: +1 per SES message with a spam or virus verdict (docs/ARCHITECTURE.md#logs-metrics-and-traces).</summary>
    public const string SpamMetric = "EmailsSpam";

    /// <summary>Metric: failed S3 tagging calls.</summary>
    public const string TaggingFailureMetric = "S3TaggingFailures";

    private const string NoSubject = "(no subject)";
    private readonly RoutingEngine _engine;
    private readonly IObjectTagger _tagger;
    private readonly StructuredLogger _logger;
    private readonly string _environment;
    private readonly string? _emailBucket;

    /// <summary>Creates the router.</summary>
    /// <param name="engine">The decision engine.</param>
    /// <param name="tagger">Tags the stored message.</param>
    /// <param name="logger">The router's logger.</param>
    /// <param name="environment">The environment name (tags).</param>
    /// <param name="emailBucket">The email bucket, used when the notification does not name the object.</param>
    public MessageRouter(RoutingEngine engine, IObjectTagger tagger, StructuredLogger logger, string environment, string? emailBucket)
    {
        _engine = engine;
        _tagger = tagger;
        _logger = logger;
        _environment = environment;
        _emailBucket = emailBucket;
    }

    /// <summary>Routes one notification and returns its detail object.</summary>
    /// <param name="notification">The SES notification.</param>
    /// <param name="counters">The invocation's metric counters.</param>
    /// <param name="cancellationToken">Cancels AWS calls.</param>
    /// <returns>The detail object (a fallback <c>store</c> detail for data problems).</returns>
    /// <exception cref="Amazon.Runtime.AmazonServiceException">A rule read failed; the message must be retried.</exception>
    public async Task<RoutingDetail> RouteAsync(SesNotification notification, MetricCounters counters, CancellationToken cancellationToken)
    {
        using var correlation = FunctionTelemetry.Correlate(notification.Mail?.MessageId);
        using var activity = FunctionTelemetry.Start("route", ActivityKind.Internal, notification.Mail?.MessageId);
        RoutingDecision decision;
        try
        {
            decision = await _engine.DecideAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (RoutingDataException exception)
        {
            _logger.Error(
                "SES notification cannot be routed; storing it",
                exception,
                new LogField("messageId", notification.Mail?.MessageId),
                new LogField("notificationType", notification.NotificationType));
            decision = Fallback(notification);
        }

        var messageId = decision.Detail.OriginalMessageId;
        var sender = notification.Mail?.Source;
        var subject = DashboardLogRecords.Truncate(SubjectOf(notification.Mail));
        counters.Add(AcceptedMetric);
        counters.Add(decision.HasDataProblem ? FailureMetric : SuccessMetric);
        if (decision.Verdict is { } verdict)
        {
            counters.Add(verdict.MetricName, decision.Recipients.Count);
            if (verdict.IsSpam)
            {
                counters.Add(SpamMetric);
            }
        }

        Describe(activity, decision);
        foreach (var recipient in decision.Recipients)
        {
            _logger.RoutingDecision(
                messageId, sender, subject, recipient.Recipient, recipient.Action, recipient.LookupKey, recipient.Destination,
                recipient.Reason, recipient.Metadata);
        }

        await TagAsync(notification, messageId, sender, subject, decision.Recipients, counters, cancellationToken).ConfigureAwait(false);
        return decision.Detail;
    }

    /// <summary>
    /// The decision on the <c>route</c> span: <c>sesmail.recipients</c>, <c>sesmail.actions</c> and <c>sesmail.rules</c>
    /// (one element per recipient, in order; the rule is the lookup key that matched, <c>-</c> when a verdict or the
    /// default decided), <c>sesmail.verdict</c> when a security verdict decided, and one <c>routing.decision</c> event per recipient.
    /// </summary>
    private static void Describe(Activity? activity, RoutingDecision decision)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("sesmail.recipients", decision.Recipients.Select(r => r.Recipient).ToArray());
        activity.SetTag("sesmail.actions", decision.Recipients.Select(r => r.Action).ToArray());
        activity.SetTag("sesmail.rules", decision.Recipients.Select(r => r.LookupKey ?? "-").ToArray());
        if (decision.Verdict is { } verdict)
        {
            activity.SetTag("sesmail.verdict", verdict.Reason);
        }

        if (decision.HasDataProblem)
        {
            activity.SetStatus(ActivityStatusCode.Error, "the notification could not be routed; stored");
        }

        foreach (var recipient in decision.Recipients)
        {
            activity.AddEvent(new ActivityEvent("routing.decision", tags: new ActivityTagsCollection
            {
                ["sesmail.recipient"] = recipient.Recipient,
                ["sesmail.action"] = recipient.Action,
                ["sesmail.rule"] = recipient.LookupKey,
                ["sesmail.destination"] = recipient.Destination,
                ["sesmail.reason"] = recipient.Reason,
            }));
        }
    }

        /// <summary>The subject for logs and tags: the first <c>Subject</c> header, else <c>commonHeaders.subject</c>, else <c>(no subject)</c>.</summary>
    /// <param name="mail">The notification's <c>mail</c>.</param>
    /// <returns>The subject, not yet cut.</returns>
    public static string SubjectOf(SesNotification.MailObject? mail)
    {
        foreach (var header in mail?.Headers ?? [])
        {
            if (string.Equals(header.Name, "Subject", StringComparison.OrdinalIgnoreCase))
            {
                return header.Value ?? string.Empty;
            }
        }

        return mail?.CommonHeaders?.Subject ?? NoSubject;
    }

    /// <summary>The decision for a notification that cannot be routed: every known recipient to <c>store</c>.</summary>
    /// <param name="notification">The notification (possibly incomplete).</param>
    /// <returns>A decision flagged as a data problem.</returns>
    public static RoutingDecision Fallback(SesNotification? notification)
    {
        var decisions = (notification?.Receipt?.Recipients ?? [])
            .Select(recipient => new RecipientDecision(recipient, RoutingActionNames.Store, null, null, null, RoutingTarget.EmptyMetadata))
            .ToList();
        var detail = new RoutingDetail(notification?.Mail?.MessageId ?? string.Empty, notification, RoutingEngine.BuildActions(decisions));
        return new RoutingDecision(detail, decisions, null, HasDataProblem: true);
    }

    private async Task TagAsync(
        SesNotification notification, string messageId, string? sender, string? subject, IReadOnlyList<RecipientDecision> decisions,
        MetricCounters counters, CancellationToken cancellationToken)
    {
        var action = notification.Receipt?.Action;
        var (bucket, key) = action is { BucketName: { Length: > 0 } actionBucket, ObjectKey: { Length: > 0 } actionKey }
            ? (actionBucket, actionKey)
            : (_emailBucket, $"emails/{messageId}");
        if (bucket is null || messageId.Length == 0)
        {
            _logger.Warning("Stored message not tagged: its bucket or key is unknown", new LogField("messageId", messageId));
            return;
        }

        try
        {
            var tags = RoutingTags.Build(messageId, sender, subject, decisions, _environment);
            await _tagger.TagAsync(bucket, key, tags, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Tagging is best effort (docs/ARCHITECTURE.md#tags-on-stored-mail): log, count, carry on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            counters.Add(TaggingFailureMetric);
            _logger.Error(
                "Tagging the stored message failed",
                exception,
                new LogField("messageId", messageId),
                new LogField("bucket", bucket),
                new LogField("key", key));
        }
    }
}
