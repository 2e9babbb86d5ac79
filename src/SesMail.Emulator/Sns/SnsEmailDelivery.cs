using MimeKit;
using SesMail.Emulator.Gmail;

namespace SesMail.Emulator.Sns;

/// <summary>
/// Where SNS <c>email</c> and <c>email-json</c> subscriptions deliver. Nothing leaves the machine: the emulator's one
/// mailbox is the Gmail stand-in, so a notification becomes a message in the stand-in's mailbox named by the
/// subscription's endpoint address, as an email subscription would put it in that person's inbox.
/// </summary>
internal interface ISnsEmailDelivery
{
    /// <summary>Delivers one notification as a mail.</summary>
    /// <param name="address">The subscription's endpoint, an email address.</param>
    /// <param name="subject">The subject (the <c>Publish</c> subject, or SNS's default).</param>
    /// <param name="body">The text body: the message (<c>email</c>) or the notification JSON (<c>email-json</c>).</param>
    /// <param name="cancellationToken">Stops the delivery.</param>
    /// <returns>A task that completes when the mail is stored.</returns>
    Task DeliverAsync(string address, string subject, string body, CancellationToken cancellationToken);
}

/// <summary>Stores SNS email notifications in the Gmail stand-in's mailbox of the endpoint address (labels INBOX, UNREAD).</summary>
internal sealed class GmailStandInEmailDelivery(GmailMaildir maildir, TimeProvider time) : ISnsEmailDelivery
{
    /// <summary>The sender of SNS email notifications.</summary>
    public const string From = "no-reply@sns.amazonaws.com";

    /// <inheritdoc />
    public async Task DeliverAsync(string address, string subject, string body, CancellationToken cancellationToken)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            Date = time.GetUtcNow(),
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sns.amazonaws.com"),
            Body = new TextPart("plain") { Text = body },
        };
        message.From.Add(new MailboxAddress("AWS Notifications", From));
        message.To.Add(MailboxAddress.Parse(address));
        using var stream = new MemoryStream();
        await message.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        await maildir.StoreAsync(GmailMaildir.Normalise(address), stream, new GmailImportParameters("insert", "receivedTime", false, false, false, ["INBOX", "UNREAD"], "media"), cancellationToken).ConfigureAwait(false);
    }
}
