using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SesMail.LocalRuntime.SesReceiving;

/// <summary>
/// <c>MAIL FROM</c> and <c>RCPT TO</c> decisions: a recipient is accepted only when an enabled rule of the active
/// receipt rule set covers it (else <c>550 5.1.1</c>, as SES answers), at most
/// <see cref="SmtpEdgeOptions.MaxRecipients"/> per message (then <c>452 4.5.3</c>, RFC 5321 §4.5.3.1.10), and
/// <c>451 4.3.0</c> while the rule set cannot be read. <c>MAIL FROM</c> first passes the <see cref="InFlowGate"/>.
/// </summary>
internal sealed class ReceiptRuleMailboxFilter(ReceiptRuleCatalog catalog, SmtpEdgeOptions options, InFlowGate gate) : IMailboxFilter
{
    internal const string RecipientCountKey = "SesMail.RecipientCount";

    public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        if (size > options.MaxMessageSize)
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SizeLimitExceeded,
                $"5.3.4 Message size exceeds fixed maximum message size ({options.MaxMessageSize} bytes)"));
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        context.Properties[RecipientCountKey] = 0;
        return true;
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var count = context.Properties.TryGetValue(RecipientCountKey, out var value) && value is int n ? n : 0;
        if (count >= options.MaxRecipients)
        {
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)452, $"4.5.3 Too many recipients (at most {options.MaxRecipients} per message)"));
        }

        var address = SmtpAddresses.Of(to);
        var rules = await catalog.RulesForAsync(address, cancellationToken).ConfigureAwait(false);
        if (rules is null)
        {
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451,
                "4.3.0 Receipt rules are not available yet; try again later"));
        }

        if (rules.Count == 0)
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 <{address}>: Recipient address rejected: no active receipt rule covers it"));
        }

        context.Properties[RecipientCountKey] = count + 1;
        return true;
    }
}

/// <summary>Address text of SmtpServer mailboxes.</summary>
internal static class SmtpAddresses
{
    /// <summary><c>user@host</c>, or empty for the null reverse-path <c>&lt;&gt;</c>.</summary>
    public static string Of(IMailbox? mailbox) =>
        mailbox is null || (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host))
            ? string.Empty
            : string.IsNullOrEmpty(mailbox.Host) ? mailbox.User : $"{mailbox.User}@{mailbox.Host}";
}
