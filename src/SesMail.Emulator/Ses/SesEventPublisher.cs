using System.Globalization;
using System.Text.Json.Nodes;
using MimeKit;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Sns;
using SesMail.Emulator.Sns.Shapes;

namespace SesMail.Emulator.Ses;

/// <summary>
/// What happens to each recipient of a sent message. Nothing leaves the machine, so the outcome is that of SES's mailbox
/// simulator for its addresses (https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html#send-email-simulator)
/// and "delivered" for every other address.
/// </summary>
internal enum RecipientOutcome
{
    /// <summary>Delivered (<c>success@</c>, <c>ooto@</c> and every address outside the simulator).</summary>
    Delivered,

    /// <summary>Hard bounce, <c>Permanent</c>/<c>General</c> (<c>bounce@</c>).</summary>
    Bounced,

    /// <summary>Delivered, then marked as spam by the recipient: a complaint (<c>complaint@</c>).</summary>
    Complained,

    /// <summary>On the suppression list: not sent, a <c>Permanent</c>/<c>OnAccountSuppressionList</c> bounce (<c>suppressionlist@</c>).</summary>
    Suppressed,
}

/// <summary>The SES mailbox simulator's addresses at <c>simulator.amazonses.com</c>, labels (<c>bounce+x@</c>) included.</summary>
internal static class MailboxSimulator
{
    /// <summary>The simulator's domain.</summary>
    public const string Domain = "simulator.amazonses.com";

    /// <summary>What happens to mail for <paramref name="recipient"/>.</summary>
    /// <param name="recipient">An address.</param>
    /// <returns>The outcome.</returns>
    public static RecipientOutcome For(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        if (at < 0 || !string.Equals(recipient[(at + 1)..], Domain, StringComparison.OrdinalIgnoreCase))
        {
            return RecipientOutcome.Delivered;
        }

        var local = recipient[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        return (plus < 0 ? local : local[..plus]).ToLowerInvariant() switch
        {
            "bounce" => RecipientOutcome.Bounced,
            "complaint" => RecipientOutcome.Complained,
            "suppressionlist" => RecipientOutcome.Suppressed,
            _ => RecipientOutcome.Delivered,
        };
    }

    /// <summary>
    /// Whether SES would reject the message as carrying a virus: the EICAR anti-virus test string anywhere in it
    /// (https://www.eicar.org/download-anti-malware-testfile/), which is how a virus is simulated here.
    /// </summary>
    /// <param name="raw">The raw message.</param>
    /// <returns><c>true</c> for a rejected message.</returns>
    public static bool IsVirus(ReadOnlySpan<byte> raw) => raw.IndexOf("EICAR-STANDARD-ANTIVIRUS-TEST-FILE"u8) >= 0;
}

/// <summary>
/// SES event publishing (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html): for a
/// message sent with a configuration set, the events that happen to it — <c>Send</c>, then <c>Delivery</c>,
/// <c>Bounce</c>, <c>Complaint</c> or <c>Reject</c> as <see cref="MailboxSimulator"/> decides — are published, as SES's
/// event JSON, to the SNS topic of every enabled event destination of the set that matches the event's type.
/// </summary>
/// <remarks>
/// Events are published at once, in order, while the send completes (SES publishes them seconds to hours later).
/// Not emulated: <c>Open</c>, <c>Click</c>, <c>RenderingFailure</c>, <c>DeliveryDelay</c> and <c>Subscription</c> events;
/// destinations other than SNS are refused when they are created. A destination whose topic is gone drops its events.
/// </remarks>
internal sealed partial class SesEventPublisher(SnsProvider sns, TimeProvider time, ILogger<SesEventPublisher> logger)
{
    /// <summary>Publishes the events of one sent message.</summary>
    /// <param name="set">The configuration set the message was sent with.</param>
    /// <param name="sent">The message's envelope.</param>
    /// <param name="message">The parsed message (headers for the <c>mail</c> object).</param>
    /// <param name="virus">Whether SES rejects it (<see cref="MailboxSimulator.IsVirus"/>).</param>
    /// <param name="callerIdentity">The IAM user or role name that sent it (tag <c>ses:caller-identity</c>), if known.</param>
    /// <param name="context">The send's context (region, account, base URL).</param>
    /// <param name="cancellationToken">Stops publishing.</param>
    /// <returns>The published events, in order (for tests and logs).</returns>
    public async Task<IReadOnlyList<JsonObject>> PublishAsync(
        SesEventDestinationSnapshot set, SesSentMessage sent, MimeMessage message, bool virus, string? callerIdentity, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var events = Events(set.Name, sent, message, virus, callerIdentity, context);
        foreach (var (type, body) in events)
        {
            foreach (var destination in set.Destinations.Where(d => d.Enabled && d.MatchingEventTypes.Contains(type, StringComparer.Ordinal)))
            {
                try
                {
                    await sns.PublishAsync(new PublishRequest(destination.TopicArn, null, null, JsonBody.Text(body), null, null, null, null, null), context, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException error)
                {
                    LogDropped(logger, type, sent.MessageId, destination.Name, destination.TopicArn, error.Message);
                }
            }
        }

        return [.. events.Select(e => e.Body)];
    }

    private List<(string Type, JsonObject Body)> Events(string setName, SesSentMessage sent, MimeMessage message, bool virus, string? callerIdentity, AwsRequestContext context)
    {
        var now = time.GetUtcNow();
        var events = new List<(string, JsonObject)> { ("SEND", Event("Send", "send", new JsonObject(), setName, sent, message, callerIdentity, context)) };
        if (virus)
        {
            events.Add(("REJECT", Event("Reject", "reject", new JsonObject { ["reason"] = "Bad content" }, setName, sent, message, callerIdentity, context)));
            return events;
        }

        var outcomes = sent.Destinations.Select(d => (Address: d, Outcome: MailboxSimulator.For(d))).ToList();
        var delivered = outcomes.Where(o => o.Outcome is RecipientOutcome.Delivered or RecipientOutcome.Complained).Select(o => o.Address).ToList();
        if (delivered.Count > 0)
        {
            events.Add(("DELIVERY", Event("Delivery", "delivery", new JsonObject
            {
                ["timestamp"] = Timestamp(now),
                ["processingTimeMillis"] = (long)(now - sent.Timestamp).TotalMilliseconds,
                ["recipients"] = Array(delivered),
                ["smtpResponse"] = "250 2.6.0 Message received",
                ["reportingMTA"] = $"a8-70.smtp-out.{context.Region}.amazonses.com",
                ["remoteMtaIp"] = "127.0.0.1",
            }, setName, sent, message, callerIdentity, context)));
        }

        foreach (var (subType, outcome) in new[] { ("General", RecipientOutcome.Bounced), ("OnAccountSuppressionList", RecipientOutcome.Suppressed) })
        {
            var bounced = outcomes.Where(o => o.Outcome == outcome).Select(o => o.Address).ToList();
            if (bounced.Count == 0)
            {
                continue;
            }

            var recipients = new JsonArray([.. bounced.Select(address => (JsonNode)(outcome == RecipientOutcome.Bounced
                ? new JsonObject { ["emailAddress"] = address, ["action"] = "failed", ["status"] = "5.1.1", ["diagnosticCode"] = "smtp; 550 5.1.1 user unknown" }
                : new JsonObject { ["emailAddress"] = address, ["action"] = "failed", ["status"] = "5.1.1", ["diagnosticCode"] = "Amazon SES did not send the message to this address because it is on the suppression list for your account." }))]);
            events.Add(("BOUNCE", Event("Bounce", "bounce", new JsonObject
            {
                ["feedbackId"] = FeedbackId(now),
                ["bounceType"] = "Permanent",
                ["bounceSubType"] = subType,
                ["bouncedRecipients"] = recipients,
                ["timestamp"] = Timestamp(now),
                ["reportingMTA"] = $"dns; amazonses.com",
            }, setName, sent, message, callerIdentity, context)));
        }

        var complained = outcomes.Where(o => o.Outcome == RecipientOutcome.Complained).Select(o => o.Address).ToList();
        if (complained.Count > 0)
        {
            events.Add(("COMPLAINT", Event("Complaint", "complaint", new JsonObject
            {
                ["feedbackId"] = FeedbackId(now),
                ["complaintSubType"] = null,
                ["complainedRecipients"] = new JsonArray([.. complained.Select(a => (JsonNode)new JsonObject { ["emailAddress"] = a })]),
                ["timestamp"] = Timestamp(now),
                ["userAgent"] = "Amazon SES Mailbox Simulator",
                ["complaintFeedbackType"] = "abuse",
                ["arrivalDate"] = Timestamp(sent.Timestamp),
            }, setName, sent, message, callerIdentity, context)));
        }

        return events;
    }

    private static JsonObject Event(string eventType, string member, JsonObject detail, string setName, SesSentMessage sent, MimeMessage message, string? callerIdentity, AwsRequestContext context) => new()
    {
        ["eventType"] = eventType,
        ["mail"] = Mail(setName, sent, message, callerIdentity, context),
        [member] = detail,
    };

    /// <summary>The <c>mail</c> object every event carries (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html#event-publishing-retrieving-sns-contents-mail-object).</summary>
    private static JsonObject Mail(string setName, SesSentMessage sent, MimeMessage message, string? callerIdentity, AwsRequestContext context)
    {
        var fromDomain = sent.Source[(sent.Source.LastIndexOf('@') + 1)..];
        var tags = new JsonObject
        {
            ["ses:operation"] = Array([sent.Operation]),
            ["ses:configuration-set"] = Array([setName]),
            ["ses:source-ip"] = Array(["127.0.0.1"]),
            ["ses:from-domain"] = Array([fromDomain]),
        };
        if (callerIdentity is not null)
        {
            tags["ses:caller-identity"] = Array([callerIdentity]);
        }

        var common = new JsonObject
        {
            ["from"] = Array([.. message.From.Select(a => a.ToString())]),
            ["to"] = Array([.. message.To.Select(a => a.ToString())]),
            ["messageId"] = sent.MessageId,
            ["subject"] = message.Subject,
        };
        if (message.Headers.Contains(HeaderId.Date))
        {
            common["date"] = message.Headers[HeaderId.Date];
        }

        return new JsonObject
        {
            ["timestamp"] = Timestamp(sent.Timestamp),
            ["source"] = sent.Source,
            ["sourceArn"] = $"arn:aws:ses:{context.Region}:{context.AccountId}:identity/{fromDomain}",
            ["sendingAccountId"] = context.AccountId,
            ["messageId"] = sent.MessageId,
            ["destination"] = Array(sent.Destinations),
            ["headersTruncated"] = false,
            ["headers"] = new JsonArray([.. message.Headers.Select(h => (JsonNode)new JsonObject { ["name"] = h.Field, ["value"] = h.Value.Trim() })]),
            ["commonHeaders"] = common,
            ["tags"] = tags,
        };
    }

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string FeedbackId(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"0100{at.ToUnixTimeMilliseconds():x12}-{Guid.NewGuid()}-000000");

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES event {EventType} of {MessageId} for destination {Destination} was dropped: topic {TopicArn} refused it ({Reason})")]
    private static partial void LogDropped(ILogger logger, string eventType, string messageId, string destination, string topicArn, string reason);
}

/// <summary>A configuration set's name and event destinations, copied out of the store for publishing without its lock.</summary>
/// <param name="Name">The set's name.</param>
/// <param name="Destinations">Its event destinations.</param>
internal sealed record SesEventDestinationSnapshot(string Name, IReadOnlyList<SesEventDestination> Destinations);
