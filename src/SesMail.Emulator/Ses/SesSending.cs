using System.Globalization;
using MimeKit;
using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Ses;

/// <summary>One message on its way out of the emulated SES, whichever door it came through.</summary>
/// <param name="Operation"><c>SendRawEmail</c>, <c>SendEmail</c> (v1 or v2) or <c>SMTP</c>.</param>
/// <param name="Source">The envelope sender (an address).</param>
/// <param name="Destinations">The envelope recipients (addresses).</param>
/// <param name="Raw">The message as it goes out.</param>
/// <param name="Message">The same message, parsed.</param>
/// <param name="ConfigurationSetName">The configuration set the caller named (parameter), or <c>null</c>.</param>
/// <param name="MessageId">The SES message id, when the caller built the message with it already; else one is made.</param>
internal sealed record OutboundMessage(
    string Operation,
    string Source,
    IReadOnlyList<string> Destinations,
    ReadOnlyMemory<byte> Raw,
    MimeMessage Message,
    string? ConfigurationSetName,
    string? MessageId = null);

/// <summary>
/// The one path every sent message takes (SES v1 <c>SendEmail</c>/<c>SendRawEmail</c>, SESv2 <c>SendEmail</c> and the
/// SMTP endpoint), so each gets the same checks in the same order: the sender's identity is verified, the configuration
/// set (the one named, else the <c>X-SES-CONFIGURATION-SET</c> header, else the identity's default) exists and is
/// sending, the quota and the rate allow the recipients (<see cref="SesSendingQuota"/>); then the message is kept in
/// <see cref="SesOutbox"/> and its events are published (<see cref="SesEventPublisher"/>). The caller's IAM permission
/// (<c>ses:SendRawEmail</c>/<c>ses:SendEmail</c> with <c>ses:FromAddress</c>) is decided before, where the request
/// lands: the request authorizer for the APIs, the SMTP endpoint for SMTP.
/// </summary>
internal sealed class SesSending(SesStore store, SesOutbox outbox, SesSendingQuota quota, SesEventPublisher events, TimeProvider time)
{
    /// <summary>The header that names a configuration set in a raw message (https://docs.aws.amazon.com/ses/latest/dg/using-configuration-sets-in-email.html).</summary>
    public const string ConfigurationSetHeader = "X-SES-CONFIGURATION-SET";

    /// <summary>Sends one message.</summary>
    /// <param name="message">The message and its envelope.</param>
    /// <param name="context">Region, account and caller.</param>
    /// <param name="cancellationToken">Stops writing the outbox and publishing events.</param>
    /// <returns>The captured envelope (its <see cref="SesSentMessage.MessageId"/> is SES's message id).</returns>
    /// <exception cref="AwsServiceException"><c>MessageRejected</c> (unverified sender), <c>ConfigurationSetDoesNotExist</c>,
    /// <c>ConfigurationSetSendingPausedException</c> or <c>Throttling</c>.</exception>
    public async Task<SesSentMessage> SendAsync(OutboundMessage message, AwsRequestContext context, CancellationToken cancellationToken)
    {
        var region = store.Region(context.Region);
        SesEventDestinationSnapshot? set;
        lock (region.Gate)
        {
            var identity = region.SendingIdentity(message.Source) ?? throw SesErrors.NotVerified(context.Region, [message.Source]);
            var setName = message.ConfigurationSetName
                ?? (message.Message.Headers[ConfigurationSetHeader] is { Length: > 0 } header ? header.Trim() : null)
                ?? identity.ConfigurationSetName;
            set = null;
            if (setName is not null)
            {
                var configured = region.RequireConfigurationSet(setName);
                if (!configured.SendingEnabled)
                {
                    throw SesErrors.SendingPaused(setName);
                }

                set = new SesEventDestinationSnapshot(configured.Name, [.. configured.EventDestinations]);
            }
        }

        quota.Take(context.Region, Math.Max(1, message.Destinations.Count));
        var sent = new SesSentMessage(
            message.MessageId ?? NewMessageId(),
            time.GetUtcNow(),
            context.Region,
            message.Operation,
            message.Source,
            message.Destinations,
            message.Message.Subject,
            message.Raw.Length,
            ConfigurationSetName: set?.Name);
        await outbox.AddAsync(sent, message.Raw, cancellationToken).ConfigureAwait(false);
        if (set is not null)
        {
            var caller = context.Caller.UserName ?? (context.Caller.RoleArn is { } role ? role[(role.LastIndexOf('/') + 1)..] : null);
            await events.PublishAsync(set, sent, message.Message, MailboxSimulator.IsVirus(message.Raw.Span), caller, context, cancellationToken).ConfigureAwait(false);
        }

        return sent;
    }

    /// <summary>An SES sending message id: 16 hex digits, a UUID and <c>-000000</c>, like <c>010001…-…-000000</c>.</summary>
    /// <returns>The id.</returns>
    public string NewMessageId()
    {
        var millis = time.GetUtcNow().ToUnixTimeMilliseconds();
        return string.Create(CultureInfo.InvariantCulture, $"0100{millis:x12}-{Guid.NewGuid()}-000000");
    }
}
