using System.Buffers;
using System.Diagnostics;
using MimeKit;
using SesMail.Emulator.Hosting;
using SesMail.Emulator.Iam.Policies;
using SesMail.Emulator.Protocols;
using SesMail.Emulator.Protocols.Authorization;
using SesMail.Emulator.XRay;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SesMail.Emulator.Ses.Smtp;

/// <summary>
/// Sends each message an authenticated SMTP session hands over, as SES's SMTP interface does: the IAM user's policies
/// must allow <c>ses:SendRawEmail</c> on the sending identity for the <c>ses:FromAddress</c> of the message — the From
/// header's address, and the envelope sender (<c>MAIL FROM</c>) too when it differs — evaluated by the emulator's one
/// policy evaluator (<see cref="RequestAuthorizer.Decide"/>); a refusal answers <c>554 Access denied</c>. The message then
/// takes the path every send takes (<see cref="SesSending"/>): verified sender, configuration set, quota and rate,
/// outbox, events. Replies are SES's (https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-smtp.html):
/// <c>250 Ok {messageId}</c>, <c>554 Message rejected: …</c>, <c>454 Throttling failure: …</c>; a message that could not
/// be stored durably (the outbox's write or flush failed, or an internal 5xx) answers <c>451 4.3.0</c>, so the client
/// keeps it and retries.
/// </summary>
internal sealed partial class SesSmtpMessageStore(
    RequestAuthorizer authorizer,
    SesSending sending,
    EmulatorOptions options,
    ILogger<SesSmtpMessageStore> logger) : MessageStore
{
    /// <inheritdoc />
    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (!context.Properties.TryGetValue(SesSmtpAuthenticator.LoginKey, out var value) || value is not SesSmtpLogin login)
        {
            return SmtpResponse.AuthenticationRequired;
        }

        var raw = Content(buffer);
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException error)
        {
            return Reply(554, $"Transaction failed: could not parse the message: {error.Message}");
        }

        var mailFrom = Address(transaction.From);
        var from = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (from is null)
        {
            return Reply(554, "Transaction failed: Missing required header 'From'.");
        }

        var recipients = transaction.To.Select(Address).Where(a => a.Length > 0).ToList();
        using var span = EmulatorTracing.Start("email-smtp send", ActivityKind.Server, null); // the root of the sent mail's trace (docs/TRACING.md)
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("network.protocol.name", "smtp");
            span.SetTag("user.id", login.UserName);
            span.SetTag("sesmail.recipients.count", recipients.Count);
        }

        var request = new AwsRequestContext(login.Region, options.AccountId, Guid.NewGuid().ToString(), $"http://{options.BindAddress}:{options.Port}", login.AccessKeyId)
        {
            Caller = authorizer.PrincipalOfAccessKey(login.AccessKeyId) ?? AwsPrincipal.Root(options.AccountId, login.AccessKeyId),
            TraceHeader = EmulatorTracing.HeaderOf(span, null),
        };
        if (authorizer.Enforcing && request.Caller.Type != AwsPrincipalType.Root)
        {
            foreach (var address in new[] { from, mailFrom }.Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var identity = $"arn:aws:ses:{login.Region}:{options.AccountId}:identity/{address[(address.LastIndexOf('@') + 1)..]}";
                var decision = authorizer.Decide(request, new ResourceCheck("ses:SendRawEmail", identity, keys => keys.Set("ses:FromAddress", address).Set("ses:Recipients", recipients)));
                if (decision != PolicyDecision.Allow)
                {
                    LogDenied(logger, login.UserName, address);
                    span.Fail("AccessDenied");
                    return Reply(554, $"Access denied: User `{request.Caller.Arn}' is not authorized to perform `ses:SendRawEmail' on resource `{identity}'");
                }
            }
        }

        try
        {
            var sent = await sending.SendAsync(new OutboundMessage("SMTP", mailFrom.Length > 0 ? mailFrom : from, recipients, raw, message, null), request, cancellationToken).ConfigureAwait(false);
            span?.SetTag("aws.ses.message_id", sent.MessageId);
            return new SmtpResponse(SmtpReplyCode.Ok, $"Ok {sent.MessageId}");
        }
        catch (AwsServiceException error)
        {
            span.Fail(error.Code);
            return error.Code switch
            {
                "Throttling" => Reply(454, $"Throttling failure: {error.Message}"),
                "MessageRejected" => Reply(554, $"Message rejected: {error.Message}"),
                _ when (int)error.StatusCode >= 500 => Reply(451, $"4.3.0 Temporary failure: {error.Message}; please try again later"),
                _ => Reply(554, $"Transaction failed: {error.Message}"),
            };
        }
        catch (IOException error)
        {
            // The outbox could not be made durable (a write or flush failed): nothing was kept, so a transient 451 makes
            // the client keep the message and try again rather than bounce it (RFC 5321 §4.2.5).
            span.Fail("InternalFailure");
            LogStoreFailed(logger, error, login.UserName, error.Message);
            return Reply(451, "4.3.0 Temporary failure storing the message; please try again later");
        }
    }

    /// <summary>The message as sent: SmtpServer leaves out the CRLF that ends the last line (RFC 5321 §4.1.1.4); it is put back.</summary>
    private static byte[] Content(ReadOnlySequence<byte> buffer)
    {
        var content = new byte[buffer.Length + 2];
        buffer.CopyTo(content);
        content[^2] = (byte)'\r';
        content[^1] = (byte)'\n';
        return content;
    }

    private static string Address(IMailbox? mailbox) =>
        mailbox is null || string.IsNullOrEmpty(mailbox.User) ? string.Empty : string.IsNullOrEmpty(mailbox.Host) ? mailbox.User : $"{mailbox.User}@{mailbox.Host}";

    private static SmtpResponse Reply(int code, string text) => new((SmtpReplyCode)code, text);

    [LoggerMessage(Level = LogLevel.Error, Message = "SES SMTP: storing the message {User} sent failed ({Reason}); answered 451 so the client retries")]
    private static partial void LogStoreFailed(ILogger logger, Exception error, string user, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SES SMTP: {User} may not send from {Address}; answered 554 Access denied")]
    private static partial void LogDenied(ILogger logger, string user, string address);
}
